"""The scheduling scenarios on the real kube-scheduler v1.9.9, compared with the replica.

Each scenario (scenarios/scheduling/*.yaml beside this file) is a CLUSTER file with a `teaches`
text.  On one etcd + kube-apiserver (start_lab), scenario after scenario:
  1. its namespaces, Services, ReplicaSets, ReplicationControllers and StatefulSets, as written;
  2. each Node, created and then given its status through the /status subresource (a create
     stores no status), then the pods the file places on a node (spec.nodeName set: they run there);
  3. a fresh kube-scheduler (--leader-elect=false --v=10): it lists all of that before it
     schedules anything, and its lastNodeIndex starts at 0, like the replica's;
  4. every other pod, one at a time, in file order: created, then read back until it is bound
     (spec.nodeName) or its PodScheduled condition says why not; a pod that does not fit is
     deleted before the next is created (the real scheduler would retry it, the replica does not);
  5. the scheduler stopped and its log read (below);
  6. everything deleted again (pods with gracePeriodSeconds 0: no kubelet will confirm).

What the real side is: the bound node from the API, or the message of the PodScheduled condition
(FitError.Error); and from the log, in the section that follows "Attempting to schedule pod:
ns/name", each priority's score per node and each node's total ("Host n => Score t").  At --v=10
v1.9.9 logs the scores of SelectorSpreadPriority, NodeAffinityPriority, TaintTolerationPriority,
InterPodAffinityPriority and BalancedResourceAllocation as they are; two are derived, and the
chapters say so: LeastRequestedPriority logs its CPU and memory halves, whose integer
mean it is; NodePreferAvoidPodsPriority logs nothing, so its score is what the total leaves after the
six others, divided by its weight.  It logs no predicate result per node, so the predicate columns
of a scenario are the replica's alone; the feasible set is checked through the nodes that got scores.

    results = run_scenarios(build, lab_dir, load_scenarios())
    [r.name for r in results if not r.equal]
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reader.lab.client import Api, collection
from reader.lab.models import LabBuild
from reader.lab.processes import ChildSpec, Supervisor
from reader.lab.toolchain import LabError
from reader.lab.up import HOST, READY_TIMEOUT, free_port, start_lab
from reader.replicas.kube_scheduler.cluster import Cluster, load_cluster
from reader.replicas.kube_scheduler.schedule import default_priorities, schedule_all

SCENARIOS = Path(__file__).parent / "scenarios" / "scheduling"
SCHEDULER_FLAGS = ("--leader-elect=false", "--v=10")
POD_TIMEOUT = 30.0  # seconds for one pod to be bound or refused (a few milliseconds in practice)
POLL = 0.02


@dataclass(frozen=True)
class Scenario:
    name: str  # the file's stem
    path: Path
    cluster: Cluster

    @property
    def teaches(self) -> dict[str, str]:
        return self.cluster.teaches


def load_scenarios(directory: Path = SCENARIOS) -> list[Scenario]:
    return [Scenario(p.stem, p, load_cluster(p)) for p in sorted(directory.glob("*.yaml"))]


@dataclass(frozen=True)
class Outcome:
    """One pod's placement as one side saw it."""

    node: str | None
    error: str | None
    scores: dict[str, dict[str, int]] = field(default_factory=dict)  # node → priority → score
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def feasible(self) -> list[str]:
        return sorted(self.totals) if self.totals else [self.node] if self.node else []


@dataclass(frozen=True)
class PodResult:
    pod: str  # namespace/name
    real: Outcome
    replica: Outcome
    differences: tuple[str, ...]

    @property
    def equal(self) -> bool:
        return not self.differences


@dataclass(frozen=True)
class ScenarioResult:
    name: str
    pods: tuple[PodResult, ...]
    problem: str = ""  # the scenario could not be run to the end (a timeout, an apiserver refusal)

    @property
    def equal(self) -> bool:
        return not self.problem and all(p.equal for p in self.pods)


def replica_outcomes(cluster: Cluster) -> list[tuple[str, Outcome]]:
    return [(d.pod, Outcome(d.node, d.error, d.scores, d.totals)) for d in schedule_all(cluster)]


def compare(real: Outcome, replica: Outcome) -> tuple[str, ...]:
    """Every way the two differ, each as one line."""
    out = []
    if real.node != replica.node:
        out.append(f"node: real {real.node}, replica {replica.node}")
    if real.error != replica.error:
        out.append(f"error: real {real.error!r}, replica {replica.error!r}")
    if real.feasible != replica.feasible:
        out.append(f"feasible nodes: real {real.feasible}, replica {replica.feasible}")
    real_scores = {(n, p, s) for n, row in real.scores.items() for p, s in row.items()}
    replica_scores = {(n, p, s) for n, row in replica.scores.items() for p, s in row.items()}
    for node, priority, score in sorted(real_scores - replica_scores):
        theirs = replica.scores.get(node, {}).get(priority)
        out.append(f"{priority} on {node}: real {score}, replica {theirs}")
    for node, priority, score in sorted(replica_scores - real_scores):
        if real.scores.get(node, {}).get(priority) is None:
            out.append(f"{priority} on {node}: not in the real log, replica {score}")
    if real.totals != replica.totals:
        out.append(f"totals: real {real.totals}, replica {replica.totals}")
    return tuple(out)


# ---------------------------------------------------------------- running the scenarios


def run_scenarios(build: LabBuild, lab_dir: Path, scenarios: list[Scenario]) -> list[ScenarioResult]:
    """Every scenario on one etcd + kube-apiserver, each with its own kube-scheduler."""
    if not build.has("kube-scheduler"):
        raise LabError("kube-scheduler is not built: run k8s-reader lab build --components kube-apiserver,kube-scheduler")
    results = []
    with start_lab(build, lab_dir, free_port()) as lab:
        api = Api(lab.url)
        for scenario in scenarios:
            log = lab.run_dir / "logs" / f"kube-scheduler-{scenario.name}.log"
            results.append(_run_one(build, api, scenario, log))
    return results


def _run_one(build: LabBuild, api: Api, scenario: Scenario, log: Path) -> ScenarioResult:
    cluster = scenario.cluster
    created: list[str] = []  # paths to delete afterwards, in creation order
    real: dict[str, Outcome] = {}
    problem = ""
    try:
        for namespace in cluster.namespaces:
            api.create("/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}}, exist_ok=True)
        for obj in cluster.objects:
            if obj["kind"] in ("Service", "ReplicaSet", "ReplicationController", "StatefulSet"):
                created.append(api.create(collection(obj), obj))
        for obj in cluster.objects:
            if obj["kind"] == "Node":
                body = {k: v for k, v in obj.items() if k != "status"}
                created.append(api.create(collection(obj), body))
                api.patch_status(f"/api/v1/nodes/{obj['metadata']['name']}/status", {"status": obj.get("status") or {}})
        pods = [o for o in cluster.objects if o["kind"] == "Pod"]
        for pod in (p for p in pods if p.get("spec", {}).get("nodeName")):
            created.append(api.create(collection(pod), pod))
        port = free_port()
        with Supervisor() as supervisor:
            supervisor.start(ChildSpec("kube-scheduler", (
                str(build.binary("kube-scheduler")), f"--master={api.url}", f"--address={HOST}", f"--port={port}", *SCHEDULER_FLAGS,
            ), log, f"http://{HOST}:{port}/healthz", lambda body: body == "ok"), READY_TIMEOUT)  # fmt: skip
            for pod in (p for p in pods if not p.get("spec", {}).get("nodeName")):
                path = api.create(collection(pod), pod)
                node, error = _wait_for_placement(api, path, supervisor)
                if node is not None:
                    created.append(path)
                else:
                    api.delete(path)
                real[_key(pod)] = Outcome(node, error)
    except (LabError, TimeoutError) as exc:
        problem = str(exc)
    finally:
        for path in reversed(created):
            api.delete(path)
    logged = parse_log(log.read_text(errors="replace")) if log.is_file() else {}
    results = []
    for key, replica in replica_outcomes(cluster):
        if key not in real:
            results.append(PodResult(key, Outcome(None, None), replica, ("not run on the real scheduler",)))
            continue
        scores, totals = logged.get(key, ({}, {}))
        seen = Outcome(real[key].node, real[key].error, scores, totals)
        results.append(PodResult(key, seen, replica, compare(seen, replica)))
    return ScenarioResult(scenario.name, tuple(results), problem)


def _wait_for_placement(api: Api, path: str, supervisor: Supervisor) -> tuple[str | None, str | None]:
    deadline = time.monotonic() + POD_TIMEOUT
    while time.monotonic() < deadline:
        pod = api.get(path)
        if pod["spec"].get("nodeName"):
            return pod["spec"]["nodeName"], None
        for condition in (pod.get("status") or {}).get("conditions") or []:
            if condition.get("type") == "PodScheduled" and condition.get("status") == "False" and condition.get("reason") == "Unschedulable":
                return None, condition.get("message", "")
        supervisor.check()
        time.sleep(POLL)
    raise TimeoutError(f"{path}: neither bound nor refused within {POD_TIMEOUT:.0f} s")


def _key(obj: dict) -> str:
    return f"{obj['metadata'].get('namespace') or 'default'}/{obj['metadata']['name']}"


# ---------------------------------------------------------------- reading the scheduler's log


_GLOG = re.compile(r"^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ [^\]\s]+:\d+\] (.*)$")
_ATTEMPT = re.compile(r"^Attempting to schedule pod: (\S+)/(\S+)$")
_SCORE = re.compile(r"^(\S+) -> (\S+): (\w+), Score: \((-?\d+)\)$")
_LEAST = re.compile(r"^(\S+) -> (\S+): Least Requested Priority, capacity .* score (\d+) CPU (\d+) memory$")
_BALANCED = re.compile(r"^(\S+) -> (\S+): Balanced Resource Allocation, capacity .* score (\d+)$")
_HOST = re.compile(r"^Host (\S+) => Score (-?\d+)$")


def parse_log(text: str) -> dict[str, tuple[dict[str, dict[str, int]], dict[str, int]]]:
    """ns/name → (node → priority → score, node → total), from the last attempt of each pod
    that reached the priorities (a pod that fits one node or none has none)."""
    weights = {c.name: c.weight for c in default_priorities()}
    sections: dict[str, tuple[dict[str, dict[str, int]], dict[str, int]]] = {}
    current: str | None = None
    name = ""
    scores: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}

    def close() -> None:
        if current is not None and totals:
            sections[current] = (_derive_prefer_avoid(scores, totals, weights), totals)

    for line in text.splitlines():
        glog = _GLOG.match(line)
        if glog is None:
            continue
        message = glog[1]
        if attempt := _ATTEMPT.match(message):
            close()
            current, name, scores, totals = f"{attempt[1]}/{attempt[2]}", attempt[2], {}, {}
        elif current is None:
            continue
        elif (m := _SCORE.match(message)) and m[1] == name:
            scores.setdefault(m[2], {})[m[3]] = int(m[4])
        elif (m := _LEAST.match(message)) and m[1] == name:
            scores.setdefault(m[2], {})["LeastRequestedPriority"] = (int(m[3]) + int(m[4])) // 2
        elif (m := _BALANCED.match(message)) and m[1] == name:
            scores.setdefault(m[2], {})["BalancedResourceAllocation"] = int(m[3])
        elif m := _HOST.match(message):
            totals[m[1]] = int(m[2])
    close()
    return sections


def _derive_prefer_avoid(scores: dict[str, dict[str, int]], totals: dict[str, int], weights: dict[str, int]) -> dict[str, dict[str, int]]:
    out = {node: dict(row) for node, row in scores.items()}
    weight = weights["NodePreferAvoidPodsPriority"]
    for node, total in totals.items():
        rest = total - sum(weights[p] * s for p, s in out.get(node, {}).items() if p in weights)
        if rest % weight == 0:
            out.setdefault(node, {})["NodePreferAvoidPodsPriority"] = rest // weight
    return out


# ---------------------------------------------------------------- results as data (cached with the oracle report)


def results_to_json(results: list[ScenarioResult]) -> list[dict]:
    return [asdict(r) for r in results]


def results_from_json(raw: list[dict]) -> tuple[ScenarioResult, ...]:
    def outcome(o: dict) -> Outcome:
        return Outcome(o["node"], o["error"], o["scores"], o["totals"])

    return tuple(
        ScenarioResult(r["name"], tuple(PodResult(p["pod"], outcome(p["real"]), outcome(p["replica"]), tuple(p["differences"])) for p in r["pods"]), r["problem"])
        for r in raw
    )  # fmt: skip


def code_paths() -> list[Path]:
    """What the results depend on besides the binaries: this module and the scenarios."""
    return [Path(__file__), *sorted(SCENARIOS.glob("*.yaml"))]


__all__ = ["Outcome", "PodResult", "Scenario", "ScenarioResult", "load_scenarios", "run_scenarios"]
