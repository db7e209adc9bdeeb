"""Rollout scenarios on the real v1.9.9 controllers, and the same scenarios on the rollout replica.

A scenario is a directory holding `deployment.yaml` (apps/v1, as a user writes it) and
`steps.yaml` (the rollout replica's steps), plus an optional `compare.yaml` saying what to
compare where the real controllers do not repeat themselves (see `Scenario.exact`).

The lab side starts etcd, the real kube-apiserver and the real kube-controller-manager with
`--controllers=deployment,replicaset --leader-elect=false` once, and runs every scenario in a
namespace of its own.  This module plays the kubelet: when the controllers have gone quiet it
marks every unready pod Running and Ready through the status subresource (a wave) and finishes
any deletion a grace period holds up.  One watch on all ReplicaSets records every change of
spec.replicas, in order; events are not enough, since v1.9.9's event correlator folds repeated
messages into "(combined from similar events)".

    with rollout_lab(build, lab_dir) as lab:
        observed = run_on_lab(lab, scenario)
    expected = run_on_replica(scenario, name_for)
    difference = compare(scenario, expected, observed)

or all of that for every scenario, as `k8s-reader lab compare`, the site's oracle, the lab test
and the bench do it:

    results = run_scenarios(build, lab_dir, load_scenarios(SCENARIO_DIR), replica_names(root, index))
"""

from __future__ import annotations

import copy
import http.client
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reader.lab.client import Api
from reader.lab.models import LabBuild
from reader.lab.toolchain import LabError
from reader.lab.up import RunningLab, free_port, start_lab
from reader.replicas.kube_controller_manager.rollout import max_surge, simulate
from reader.replicas.kube_controller_manager.pod_template_hash import set_object_defaults_deployment

CONTROLLER_ARGS = ("--controllers=deployment,replicaset", "--leader-elect=false")
QUIET_SECONDS = 1.2  # nothing changed for this long: the controllers are done (and a new object lands in a later second)
POLL_SECONDS = 0.15
STEP_TIMEOUT = 120.0
ANNOTATION_PREFIX = "deployment.kubernetes.io/"
SCENARIO_DIR = Path(__file__).parent / "scenarios" / "rollouts"  # one directory per scenario


@dataclass(frozen=True)
class Scenario:
    name: str
    deployment: dict
    steps: list
    exact: bool = True  # False: the real controllers' order is not repeatable here; compare names, bounds and the end
    why_not_exact: str = ""

    @classmethod
    def load(cls, directory: Path) -> Scenario:
        def read(name: str):
            path = directory / name
            try:
                return yaml.safe_load(path.read_text())
            except (OSError, yaml.YAMLError) as exc:
                raise LabError(f"{path}: {exc}") from None

        extra = read("compare.yaml") if (directory / "compare.yaml").exists() else {}
        return cls(directory.name, read("deployment.yaml"), read("steps.yaml"), bool(extra.get("exact", True)), extra.get("why", ""))


def load_scenarios(root: Path) -> list[Scenario]:
    return [Scenario.load(d) for d in sorted(root.iterdir()) if (d / "steps.yaml").is_file()]


# ---------------------------------------------------------------- the replica side


def run_on_replica(scenario: Scenario, name_for) -> dict:
    return simulate(scenario.deployment, scenario.steps, name_for)


# ---------------------------------------------------------------- the lab side


@contextmanager
def rollout_lab(build: LabBuild, lab_dir: Path) -> Iterator[RunningLab]:
    """etcd, kube-apiserver and kube-controller-manager (Deployment and ReplicaSet controllers only).

    Its run directories live apart (lab_dir/rollouts/runs): start_lab prunes old run directories,
    and a busy lab elsewhere (the scheduler's comparison starts dozens) would otherwise delete
    this one's etcd data while it runs."""
    with start_lab(build, lab_dir / "rollouts", free_port(), with_=("controller-manager",), component_args={"controller-manager": CONTROLLER_ARGS}) as lab:
        yield lab


@dataclass
class Observed:
    changes: list[dict] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    final: dict = field(default_factory=dict)


def run_on_lab(lab: RunningLab, scenario: Scenario, namespace: str) -> dict:
    """Play `scenario` in `namespace` on the running lab; the same report shape as the replica's."""
    api = Api(lab.url)
    api.call("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}})
    observed = Observed()
    step_box = [0]
    watcher = ReplicaSetWatch(lab.url, namespace, observed, step_box)
    watcher.start()
    try:
        name = scenario.deployment["metadata"]["name"]
        path = f"/apis/apps/v1/namespaces/{namespace}/deployments"
        for number, step in enumerate(scenario.steps, 1):
            step_box[0] = number
            if "create" in step:
                api.call("POST", path, scenario.deployment)
            else:
                api.update(f"{path}/{name}", lambda d, step=step: _apply(d, step))
            _wait(api, lab, namespace, step.get("waves"))
        time.sleep(POLL_SECONDS * 2)  # the watch's last events
    finally:
        watcher.stop()
    for rs in api.call("GET", f"/apis/extensions/v1beta1/namespaces/{namespace}/replicasets")["items"]:
        annotations = {k: v for k, v in (rs["metadata"].get("annotations") or {}).items() if k.startswith(ANNOTATION_PREFIX)}
        observed.final[rs["metadata"]["name"]] = {"replicas": rs["spec"]["replicas"], "annotations": annotations}
    observed.final = dict(sorted(observed.final.items()))
    return {"changes": observed.changes, "deleted": observed.deleted, "final": observed.final}


def _apply(deployment: dict, step: dict) -> None:
    spec = deployment["spec"]
    if "set_image" in step:
        for container in spec["template"]["spec"]["containers"]:
            if container["name"] == step["set_image"]["container"]:
                container["image"] = step["set_image"]["image"]
    elif "scale" in step:
        spec["replicas"] = int(step["scale"])
    elif "pause" in step:
        spec["paused"] = bool(step["pause"])


def _wait(api: Api, lab: RunningLab, namespace: str, waves: int | None) -> None:
    """Quiet, then waves of readiness (each followed by quiet) until no pod is unready, or `waves` of them."""
    done = 0
    unready = _quiet(api, lab, namespace)
    while unready and (waves is None or done < waves):
        wave = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())  # one Ready time for the whole wave
        for pod in unready:
            api.update_status(f"/api/v1/namespaces/{namespace}/pods/{pod}", lambda p: _running_and_ready(p, wave))
        done += 1
        unready = _quiet(api, lab, namespace)


def _quiet(api: Api, lab: RunningLab, namespace: str) -> list[str]:
    """Wait until the controllers have written everything they will write; return the unready pods."""
    stuck = f"namespace {namespace}: the controllers did not go quiet within {STEP_TIMEOUT:.0f} s; see {lab.logs.get('kube-controller-manager')}"
    return lab.until_quiet(lambda: _state(api, namespace), QUIET_SECONDS, POLL_SECONDS, time.monotonic() + STEP_TIMEOUT, stuck)


def _state(api: Api, namespace: str) -> tuple[object, bool, list[str]]:
    sets = api.call("GET", f"/apis/extensions/v1beta1/namespaces/{namespace}/replicasets")["items"]
    pods = api.call("GET", f"/api/v1/namespaces/{namespace}/pods")["items"]
    deployments = api.call("GET", f"/apis/extensions/v1beta1/namespaces/{namespace}/deployments")["items"]
    for pod in pods:  # the kubelet's part of a deletion: the pod is gone at once
        if pod["metadata"].get("deletionTimestamp"):
            api.call("DELETE", f"/api/v1/namespaces/{namespace}/pods/{pod['metadata']['name']}", {"gracePeriodSeconds": 0}, missing_ok=True)
    for rs in sets:  # the garbage collector's part (it is not running here): extensions/v1beta1 deletes orphan, behind a finalizer
        if rs["metadata"].get("deletionTimestamp") and rs["metadata"].get("finalizers"):
            api.update(f"/apis/extensions/v1beta1/namespaces/{namespace}/replicasets/{rs['metadata']['name']}", _without_finalizers, missing_ok=True)
    owners: dict[str, int] = {}
    for pod in pods:
        for ref in pod["metadata"].get("ownerReferences") or ():
            owners[ref["name"]] = owners.get(ref["name"], 0) + 1
    settled = all(rs["status"].get("observedGeneration", 0) >= rs["metadata"]["generation"] and rs["status"].get("replicas", 0) == owners.get(rs["metadata"]["name"], 0) == rs["spec"]["replicas"] for rs in sets)
    # a ready pod not yet available (minReadySeconds) is still to be counted
    settled = settled and all(rs["status"].get("availableReplicas", 0) == rs["status"].get("readyReplicas", 0) for rs in sets)
    settled = settled and all(d["status"].get("observedGeneration", 0) >= d["metadata"]["generation"] for d in deployments)
    settled = settled and not any(o["metadata"].get("deletionTimestamp") for o in [*pods, *sets])
    unready = sorted(p["metadata"]["name"] for p in pods if not _ready(p))
    state = (
        [(rs["metadata"]["name"], rs["metadata"]["resourceVersion"]) for rs in sets],
        [(p["metadata"]["name"], p["metadata"]["resourceVersion"]) for p in pods],
        [d["metadata"]["resourceVersion"] for d in deployments],
    )
    return state, settled, unready


def _ready(pod: dict) -> bool:
    return any(c["type"] == "Ready" and c["status"] == "True" for c in pod.get("status", {}).get("conditions") or ())


def _without_finalizers(obj: dict) -> None:
    obj["metadata"]["finalizers"] = []


def _running_and_ready(pod: dict, now: str) -> None:
    pod["status"] = {"phase": "Running", "startTime": now, "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": now}]}


class ReplicaSetWatch(threading.Thread):
    """A watch on the namespace's ReplicaSets: every change of spec.replicas, and every deletion."""

    def __init__(self, url: str, namespace: str, observed: Observed, step_box: list[int]) -> None:
        super().__init__(daemon=True)
        self.host, self.path = urllib.parse.urlsplit(url).netloc, f"/apis/extensions/v1beta1/namespaces/{namespace}/replicasets?watch=true"
        self.observed, self.step_box = observed, step_box
        self.replicas: dict[str, int] = {}
        self.connection = http.client.HTTPConnection(self.host, timeout=600)
        self.ready = threading.Event()
        self.stopping = False

    def run(self) -> None:
        self.connection.request("GET", self.path)
        response = self.connection.getresponse()
        self.ready.set()
        try:
            for line in response:  # one JSON watch event per line
                event = json.loads(line)
                rs = event["object"]
                name, replicas = rs["metadata"]["name"], rs["spec"]["replicas"]
                if event["type"] == "DELETED":
                    self.observed.deleted.append(name)
                elif self.replicas.get(name) != replicas:
                    self.observed.changes.append({"step": self.step_box[0], "replica_set": name, "replicas": replicas})
                self.replicas[name] = replicas
        except (OSError, ValueError, AttributeError):
            if not self.stopping:
                raise
        finally:
            response.close()

    def start(self) -> None:
        super().start()
        if not self.ready.wait(30):
            raise LabError(f"the ReplicaSet watch did not start: {self.host}{self.path}")

    def stop(self) -> None:
        self.stopping = True
        if self.connection.sock is not None:
            self.connection.sock.shutdown(socket.SHUT_RDWR)  # ends the reading thread's readline; close() would wait for it
        self.join(5)
        self.connection.close()


# ---------------------------------------------------------------- comparing


def compare(scenario: Scenario, expected: dict, observed: dict) -> str | None:
    """None when equal; else the first difference, in a sentence."""
    if scenario.exact and expected["changes"] != observed["changes"]:
        return _first_difference("scale changes", expected["changes"], observed["changes"])
    if not scenario.exact:
        names = lambda report: sorted({c["replica_set"] for c in report["changes"]})  # noqa: E731
        if names(expected) != names(observed):
            return f"ReplicaSet names: replica {names(expected)}, real {names(observed)}"
        bad = out_of_bounds(scenario, observed["changes"])
        if bad:
            return f"real controller left the bounds: {bad}"
    if sorted(expected["deleted"]) != sorted(observed["deleted"]):
        return f"deleted ReplicaSets: replica {expected['deleted']}, real {observed['deleted']}"
    if expected["final"] != observed["final"]:
        return _first_difference("final ReplicaSets", expected["final"], observed["final"])
    return None


def out_of_bounds(scenario: Scenario, changes: list[dict]) -> str:
    """Check every intermediate state against the rolling update's bounds: never more pods than
    replicas + maxSurge.  (The lower bound, replicas - maxUnavailable available pods, is about
    readiness, which spec.replicas alone cannot show.)"""
    deployment = set_object_defaults_deployment(copy.deepcopy(scenario.deployment))
    sizes: dict[str, int] = {}
    replicas = deployment["spec"]["replicas"]
    steps = scenario.steps
    for change in changes:
        for step in steps[: change["step"]]:
            if "scale" in step:
                replicas = int(step["scale"])
        deployment["spec"]["replicas"] = replicas
        sizes[change["replica_set"]] = change["replicas"]
        ceiling = replicas + max_surge(deployment)
        if sum(sizes.values()) > ceiling:
            return f"after {change}, {sum(sizes.values())} pods wanted, more than {ceiling}"
    return ""


def _first_difference(what: str, expected, observed) -> str:
    return f"{what}: replica {json.dumps(expected)}; real {json.dumps(observed)}"


# ---------------------------------------------------------------- every scenario, compared
# One loop for every caller: `k8s-reader lab compare`, the site's oracle report, the lab test and the bench.


@dataclass(frozen=True)
class RolloutResult:
    """One scenario on the replica and on the real controllers.  `replica` and `real` are the two
    reports as run_on_replica and run_on_lab return them (changes, deleted, final; the replica's
    without its event messages)."""

    name: str
    exact: bool  # compared change by change; False: names, bounds and the end state (Scenario.exact)
    replica: dict
    real: dict
    difference: str | None  # compare()'s first difference, or why the lab could not play the scenario to the end
    seconds: float = 0.0  # the lab's time for this scenario

    @property
    def equal(self) -> bool:
        return self.difference is None


def run_scenarios(build: LabBuild, lab_dir: Path, scenarios: list[Scenario], name_for) -> list[RolloutResult]:
    """Every scenario in a namespace of its own on one rollout_lab, then on the replica, compared.
    A scenario the lab cannot finish (the controllers never go quiet) is a difference saying so;
    the others still run."""
    if not build.has("kube-controller-manager"):
        raise LabError("kube-controller-manager is not built: run k8s-reader lab build --components kube-apiserver,kube-controller-manager")
    results = []
    with rollout_lab(build, lab_dir) as lab:
        for number, scenario in enumerate(scenarios):
            started = time.perf_counter()
            try:
                real, problem = run_on_lab(lab, scenario, f"scenario-{number}-{scenario.name}"), None
            except LabError as exc:
                real, problem = {"changes": [], "deleted": [], "final": {}}, f"not played to the end on the real controllers: {exc}"
            seconds = time.perf_counter() - started
            replica = run_on_replica(scenario, name_for)
            difference = problem or compare(scenario, replica, real)
            kept = {key: value for key, value in replica.items() if key != "events"}  # the replica's event messages have no real counterpart here
            results.append(RolloutResult(scenario.name, scenario.exact, kept, real, difference, round(seconds, 2)))
    return results


def replica_names(root: Path, index):
    """name_for for run_on_replica: a new ReplicaSet's name from the real pod-template-hash, with
    the Go types read from the indexed tree at `root`."""
    from reader.replicas.kube_controller_manager.pod_template_hash import replica_set_name
    from reader.replicas.kube_controller_manager.spew import GoTypes

    types = GoTypes.from_tree(root, index)
    return lambda deployment: replica_set_name(deployment, types)[1]


def results_from_json(raw: list[dict]) -> tuple[RolloutResult, ...]:
    """The results as dataclasses.asdict wrote them (the oracle report's cache)."""
    return tuple(RolloutResult(r["name"], r["exact"], r["replica"], r["real"], r["difference"], r.get("seconds", 0.0)) for r in raw)


def code_paths() -> list[Path]:
    """What the results depend on besides the binaries and the replicas: this module and the scenarios."""
    return [Path(__file__), *sorted(p for p in SCENARIO_DIR.rglob("*") if p.is_file())]
