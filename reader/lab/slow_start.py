"""Slow start on the real v1.9.9 ReplicaSet controller: the size of every batch of creates, seen
by holding each created pod until the batch is complete — and the same steps on the replica.

A watch cannot see slowStartBatch's batches: the creates of one batch run in parallel goroutines
and the next batch follows as soon as they return, so on the wire it is one stream of pods.  This
lab makes the boundaries visible with the API server's own alpha mechanism, Initializers: an
InitializerConfiguration names an initializer for every pod, so each pod is created with
`metadata.initializers.pending` set, and the create call does not return to the controller until
somebody removes it (registry.Store.WaitForInitialized).  The controller's batch therefore stops
with all its pods created and none returned; this module waits until no new pod has appeared for
a while, counts the held pods — one batch — and releases them all, and the controller starts the
next batch.  It also plays the kubelet (marking pods Ready, finishing deletions) so that
scale-downs show which pods the controller picks.

A scenario is reader/lab/scenarios/slow-start/<name>.yaml:

    quota: 5            # optional: a ResourceQuota of that many pods in the namespace
    steps:
    - replicas: 3       # create the ReplicaSet (replicaset.yaml) with spec.replicas 3, or set it
    - ready: 2          # mark that many pods Running and Ready (the first by name)

The replica side runs replicaset.sync_replica_set on the same steps, with the pods the lab
observed for a scale-down (the replica picks which to delete from the same pods).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from reader.lab.models import LabBuild
from reader.lab.client import Api
from reader.lab.toolchain import LabError
from reader.lab.up import RunningLab, free_port, start_lab
from reader.replicas.kube_controller_manager.replicaset import Expectations, Pod, sync_replica_set

SCENARIO_DIR = Path(__file__).parent / "scenarios" / "slow-start"
INITIALIZER = "hold.slowstart.k8s-reader.io"  # the pending initializer every pod is created with
APISERVER_ARGS = ("--admission-control=Initializers,ResourceQuota", "--runtime-config=admissionregistration.k8s.io/v1alpha1=true")
CONTROLLER_ARGS = ("--controllers=replicaset", "--leader-elect=false")
QUIET_SECONDS = 1.5  # no new pod for this long: the batch is complete (its creates are all waiting)
POLL_SECONDS = 0.1
STEP_TIMEOUT = 120.0


@dataclass(frozen=True)
class Scenario:
    name: str
    why: str  # the file's first comment line
    steps: tuple[dict, ...]
    quota: int | None = None

    @classmethod
    def load(cls, path: Path) -> Scenario:
        try:
            text = path.read_text()
            raw = yaml.safe_load(text) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise LabError(f"{path}: {' '.join(str(exc).split())}") from None  # YAML's message spans lines
        steps = raw.get("steps")
        if not isinstance(steps, list) or not steps or not all(isinstance(s, dict) and len(s) == 1 and set(s) <= {"replicas", "ready"} for s in steps):
            raise LabError(f"{path}: `steps` must be a list of {{replicas: N}} or {{ready: N}}, the first a replicas")
        if "replicas" not in steps[0]:
            raise LabError(f"{path}: the first step must be {{replicas: N}} (it creates the ReplicaSet)")
        why = text.splitlines()[0].lstrip("# ").strip() if text.startswith("#") else ""
        return cls(path.stem, why, tuple(steps), raw.get("quota"))


@dataclass(frozen=True)
class StepResult:
    """What one step did: the creates' batches and the pods deleted (sorted names)."""

    batches: tuple[int, ...]
    deleted: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScenarioResult:
    name: str
    why: str
    real: tuple[StepResult, ...]
    replica: tuple[StepResult, ...]

    @property
    def equal(self) -> bool:
        return self.real == self.replica

    def difference(self) -> str | None:
        for number, (real, replica) in enumerate(zip(self.real, self.replica, strict=True), 1):
            if real != replica:
                return f"step {number}: real batches {list(real.batches)} deleted {list(real.deleted)}; replica batches {list(replica.batches)} deleted {list(replica.deleted)}"
        return None


def steps_text(steps: tuple[StepResult, ...]) -> str:
    """One side's steps in a line (the CLI's and the bench's): each step's batches (`1, 2, 4`), or how many pods it deleted."""
    return " | ".join(", ".join(map(str, s.batches)) or (f"deleted {len(s.deleted)}" if s.deleted else "-") for s in steps)


def results_from_json(raw: list[dict]) -> tuple[ScenarioResult, ...]:
    """The results as dataclasses.asdict wrote them (the oracle report's cache)."""
    steps = lambda rows: tuple(StepResult(tuple(r["batches"]), tuple(r["deleted"])) for r in rows)  # noqa: E731
    return tuple(ScenarioResult(r["name"], r["why"], steps(r["real"]), steps(r["replica"])) for r in raw)


def code_paths() -> list[Path]:
    """What the results depend on besides the binaries and the replicas: this module and the scenarios."""
    return [Path(__file__), *sorted(p for p in SCENARIO_DIR.rglob("*") if p.is_file())]


def load_scenarios(root: Path = SCENARIO_DIR) -> list[Scenario]:
    return [Scenario.load(p) for p in sorted(root.glob("[0-9]*.yaml"))]


def run_scenarios(build: LabBuild, lab_dir: Path, scenarios: list[Scenario]) -> list[ScenarioResult]:
    """Every scenario on one lab (a namespace each), each compared with the replica."""
    results = []
    with slow_start_lab(build, lab_dir) as lab:
        for number, scenario in enumerate(scenarios):
            observed, pods_seen = run_on_lab(lab, scenario, f"slow-start-{number}")
            results.append(ScenarioResult(scenario.name, scenario.why, observed, run_on_replica(scenario, pods_seen)))
    return results


# ---------------------------------------------------------------- the lab side


@contextmanager
def slow_start_lab(build: LabBuild, lab_dir: Path) -> Iterator[RunningLab]:
    """etcd, kube-apiserver with the Initializers and ResourceQuota admission plugins, and
    kube-controller-manager running the ReplicaSet controller alone; every pod is held.

    Its run directories live apart (lab_dir/slow-start): start_lab prunes old run directories."""
    with start_lab(build, lab_dir / "slow-start", free_port(), apiserver_args=APISERVER_ARGS,
                   with_=("controller-manager",), component_args={"controller-manager": CONTROLLER_ARGS}) as lab:  # fmt: skip
        api = Api(lab.url)
        api.call("POST", "/apis/admissionregistration.k8s.io/v1alpha1/initializerconfigurations", {
            "apiVersion": "admissionregistration.k8s.io/v1alpha1", "kind": "InitializerConfiguration",
            "metadata": {"name": "hold-pods"},
            "initializers": [{"name": INITIALIZER, "rules": [{"apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"]}]}],
        })  # fmt: skip
        _wait_until_pods_are_held(api, lab)
        yield lab


def _wait_until_pods_are_held(api: Api, lab: RunningLab) -> None:
    """The admission plugin reads the configuration every second: create probe pods without
    waiting for them (create takes includeUninitialized=1, not =true, in v1.9.9's handler)
    until one comes back with the initializer pending."""
    api.call("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "probe"}})
    deadline = time.monotonic() + 30
    for attempt in itertools.count():
        lab.supervisor.check()
        probe = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"probe-{attempt}"}, "spec": {"containers": [{"name": "c", "image": "x"}]}}
        try:
            created = api.call("POST", "/api/v1/namespaces/probe/pods?includeUninitialized=1", probe)
        except LabError as exc:
            if "LoadingConfiguration" not in str(exc):
                raise
            created = {}
        if created:
            api.call("DELETE", f"/api/v1/namespaces/probe/pods/{created['metadata']['name']}?gracePeriodSeconds=0", missing_ok=True)
        if _pending(created):
            return
        if time.monotonic() > deadline:
            raise LabError(f"kube-apiserver did not start holding pods for {INITIALIZER} within 30 s; see {lab.logs.get('kube-apiserver')}")
        time.sleep(0.5)


def run_on_lab(lab: RunningLab, scenario: Scenario, namespace: str) -> tuple[tuple[StepResult, ...], dict[int, list[Pod]]]:
    """Play the scenario; each step's result, and the pods as they stood before each scale-down
    (step index → pods), which the replica needs to choose the same ones."""
    api = Api(lab.url)
    api.call("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}})
    pods_path = f"/api/v1/namespaces/{namespace}/pods"
    if scenario.quota is not None:
        quota_path = f"/api/v1/namespaces/{namespace}/resourcequotas"
        api.call("POST", quota_path, {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "pods"}, "spec": {"hard": {"pods": str(scenario.quota)}}})
        # no quota controller runs here: write the status it would write (admission refuses a quota without usage)
        api.update(f"{quota_path}/pods", lambda q: q.update(status={"hard": {"pods": str(scenario.quota)}, "used": {"pods": "0"}}), "/status")
    replicaset = yaml.safe_load((SCENARIO_DIR / "replicaset.yaml").read_text())
    rs_path = f"/apis/apps/v1/namespaces/{namespace}/replicasets"
    results, before = [], {}
    for number, step in enumerate(scenario.steps):
        if "ready" in step:
            for name in sorted(p["metadata"]["name"] for p in _pods(api, pods_path))[: step["ready"]]:
                api.update_status(f"{pods_path}/{name}", _running_and_ready)
            _settle(api, lab, pods_path, rs_path, namespace)
            results.append(StepResult(()))
            continue
        before[number] = [_as_replica_pod(p) for p in _pods(api, pods_path)]
        if number == 0:
            replicaset["spec"]["replicas"] = step["replicas"]
            api.call("POST", rs_path, replicaset)
        else:
            api.update(f"{rs_path}/{replicaset['metadata']['name']}", lambda rs, n=step["replicas"]: rs["spec"].update(replicas=n))
        results.append(_hold_batches(api, lab, pods_path, rs_path, namespace, {p.name for p in before[number]}))
    return tuple(results), before


def _hold_batches(api: Api, lab: RunningLab, pods_path: str, rs_path: str, namespace: str, existing: set[str]) -> StepResult:
    """Release the controller's creates batch by batch, counting each; and which of the `existing`
    pods it deleted (an unscheduled pod is deleted at once: no kubelet needs to stop it)."""
    batches: list[int] = []
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        held = _quiet_held(api, lab, pods_path, rs_path, namespace, deadline)
        if not held:
            remaining = {p["metadata"]["name"] for p in _pods(api, pods_path)}
            return StepResult(tuple(batches), tuple(sorted(existing - remaining)))
        batches.append(len(held))
        for name in held:
            api.update(f"{pods_path}/{name}?includeUninitialized=true", _initialized)
    raise LabError(f"namespace {namespace}: the ReplicaSet controller did not finish within {STEP_TIMEOUT:.0f} s; see {lab.logs.get('kube-controller-manager')}")


def _quiet_held(api: Api, lab: RunningLab, pods_path: str, rs_path: str, namespace: str, deadline: float) -> list[str]:
    """Wait until nothing changes for QUIET_SECONDS and the ReplicaSet's status has caught up
    (or pods are held: the controller waits on them); return the held pods' names."""

    def observe() -> tuple[object, bool, list[str]]:
        pods = _pods(api, pods_path)
        for pod in pods:  # the kubelet's part of a deletion (of a scheduled pod): it is gone at once
            if pod["metadata"].get("deletionTimestamp"):
                api.delete(f"{pods_path}/{pod['metadata']['name']}")
        held = sorted(p["metadata"]["name"] for p in pods if _pending(p))
        rs = api.get(rs_path)["items"]
        state = ([(p["metadata"]["name"], p["metadata"]["resourceVersion"]) for p in pods], [r["metadata"]["resourceVersion"] for r in rs])
        return state, bool(held) or all(_caught_up(r) or _failing(r) for r in rs), held

    return lab.until_quiet(observe, QUIET_SECONDS, POLL_SECONDS, deadline, f"namespace {namespace}: the ReplicaSet controller did not go quiet; see {lab.logs.get('kube-controller-manager')}")


def _caught_up(rs: dict) -> bool:
    return rs["status"].get("observedGeneration", 0) >= rs["metadata"]["generation"] and rs["status"].get("replicas", 0) == rs["spec"]["replicas"]


def _failing(rs: dict) -> bool:
    """A create was refused (calculateStatus writes ReplicaFailure): the controller retries, with backoff, for ever."""
    return any(c["type"] == "ReplicaFailure" and c["status"] == "True" for c in rs["status"].get("conditions") or ())


def _settle(api: Api, lab: RunningLab, pods_path: str, rs_path: str, namespace: str) -> None:
    if _quiet_held(api, lab, pods_path, rs_path, namespace, time.monotonic() + STEP_TIMEOUT):
        raise LabError(f"namespace {namespace}: pods were created while marking pods ready")


def _pods(api: Api, pods_path: str) -> list[dict]:
    return api.call("GET", f"{pods_path}?includeUninitialized=true")["items"]


def _pending(obj: dict) -> bool:
    return bool(((obj.get("metadata") or {}).get("initializers") or {}).get("pending"))


def _initialized(pod: dict) -> None:
    pod["metadata"]["initializers"]["pending"] = [p for p in pod["metadata"]["initializers"]["pending"] if p["name"] != INITIALIZER]


def _running_and_ready(pod: dict) -> None:
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    pod["status"] = {"phase": "Running", "startTime": now, "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": now}]}


def _as_replica_pod(pod: dict) -> Pod:
    """The fields controller.ActivePods compares, as the replica's Pod holds them."""
    status = pod.get("status") or {}
    ready = next((c for c in status.get("conditions") or () if c["type"] == "Ready"), None)
    return Pod(
        pod["metadata"]["name"], status.get("phase", "Pending"), bool(ready and ready["status"] == "True"), pod["spec"].get("nodeName", ""),
        _seconds(ready["lastTransitionTime"]) if ready else None, 0, _seconds(pod["metadata"]["creationTimestamp"]),
    )  # fmt: skip


def _seconds(timestamp: str) -> float:
    return time.mktime(time.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ"))


# ---------------------------------------------------------------- the replica side


def run_on_replica(scenario: Scenario, pods_seen: dict[int, list[Pod]]) -> tuple[StepResult, ...]:
    """The replica's syncs on the same steps: a sync per step until it has nothing to do (the real
    controller syncs again when it sees its own pods; a failing create makes it retry)."""
    results = []
    pods: list[Pod] = []
    made = [0]

    def new_pod() -> Pod:
        made[0] += 1
        return Pod(f"new-{made[0]}")

    for number, step in enumerate(scenario.steps):
        if "ready" in step:
            results.append(StepResult(()))
            continue
        pods = list(pods_seen.get(number, pods))
        batches: list[int] = []
        deleted: list[str] = []
        for _ in range(10):  # the retries after a refused create find the quota full again
            room = None if scenario.quota is None else max(scenario.quota - len(pods), 0)
            result = sync_replica_set("nginx", step["replicas"], pods, Expectations(), new_pod, room)
            batches += [b for b in result.batches if b]
            deleted += result.deleted
            pods = [p for p in pods if p.name not in result.deleted] + [new_pod() for _ in range(sum(result.batches))]
            if not result.batches and not result.deleted or room == 0:
                break
        results.append(StepResult(tuple(batches), tuple(sorted(deleted))))
    return tuple(results)
