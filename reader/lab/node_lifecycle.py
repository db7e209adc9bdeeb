"""The node lifecycle and Service controllers of the real kube-controller-manager v1.9.9, beside the replica.

Each scenario (scenarios/nodes/*.yaml beside this file, read by the node_lifecycle replica's
load_scenario) lists nodes, what their pretend kubelet reported, and kube-controller-manager
flags.  On one etcd + kube-apiserver (start_lab, in lab_dir/nodes: start_lab prunes the run
directories of its lab directory, and another lab's would be pruned with them), scenario after
scenario:
  1. each Node is created, then given its Ready condition through the /status subresource
     (lastHeartbeatTime = now less the scenario's heartbeatAge), or none (never reported);
     then the scenario's Services;
  2. a fresh kube-controller-manager starts (--controllers=node,service --leader-elect=false
     --v=2 and the scenario's flags): the nodes exist before it, as after a restart;
  3. its log gives the first pass of monitorNodeStatus ("Controller observed a new Node", logged
     by that pass); from there the nodes are polled every POLL seconds and the first poll that finds
     Ready Unknown is when the controller wrote it; a node with heartbeatEvery gets a new
     lastHeartbeatTime that often, as a kubelet would post it;
  4. the poll stops a pass and LATE_TOLERANCE after the replica's last write (or after the grace
     period when it predicts none), the controller is stopped, and the log read again: the
     NodeNotReady events, the FLAG lines (the durations the binary parsed), and the lines of
     starting the service and node controllers;
  5. everything is deleted again.
The replica is then given what the lab did: the nodes as the API held them, the first pass, the
heartbeats posted, the end.  Equal means: the same conditions (type, status, reason, message,
lastHeartbeatTime), the same NodeNotReady events, the same durations, the real write inside the
replica's window [deadline - EARLY_TOLERANCE, pass + LATE_TOLERANCE], every expected start line in
the log, and no LoadBalancer Service with an ingress.

What the timing check can and cannot see: the poll finds a write up to POLL s late, plus the
request's own time; real passes drift later than first_pass + n·period by the time each pass takes
(milliseconds here); and a busy machine delays both.  LATE_TOLERANCE (1 s) covers all that; it is
less than any period the scenarios use, so a write one pass late would still be a difference.

    results = run_scenarios(build, lab_dir, load_scenarios())
    [r.name for r in results if not r.equal]
"""

from __future__ import annotations

import calendar
import math
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from reader.lab.models import LabBuild
from reader.lab.processes import ChildSpec, Supervisor
from reader.lab.client import Api, collection
from reader.lab.toolchain import LabError
from reader.lab.up import HOST, READY_TIMEOUT, free_port, start_lab
from reader.replicas.kube_controller_manager.node_lifecycle import (
    Condition, Heartbeat, Node, Prediction, Scenario, Timing, lab_start_log, load_scenario, planned_heartbeats, predict,
)  # fmt: skip
from reader.replicas.pflag import parse_duration

SCENARIOS = Path(__file__).parent / "scenarios" / "nodes"
CONTROLLER_FLAGS = ("--controllers=node,service", "--leader-elect=false", "--v=2")  # --v=2: the first pass's "observed a new Node" line
POLL = 0.1  # seconds between two reads of the nodes
EARLY_TOLERANCE = 0.1  # a write may be seen this much before the replica's deadline (clock reading, log timestamps)
LATE_TOLERANCE = 1.0  # … and this much after the replica's pass (polling, the pass's drift, the request)
FIRST_PASS_TIMEOUT = 30.0  # seconds from the controller's start to its first pass (well under 1 s here)
KUBELET_READY = ("KubeletReady", "kubelet is posting ready status")  # what a v1.9.9 kubelet writes with Ready True

_GLOG = re.compile(r"^([IWEF])(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6})\s+\d+ [^\]\s]+:\d+\] (.*)$")
_OBSERVED = re.compile(r'^Controller observed a new Node: "(.+)"$')
_NOT_READY = re.compile(r"""^Event\(v1\.ObjectReference\{Kind:"Node", Namespace:"", Name:"([^"]+)".*reason: 'NodeNotReady' """)
_FLAG = re.compile(r'^FLAG: --(node-monitor-period|node-monitor-grace-period|node-startup-grace-period)="(.+)"$')


def load_scenarios(directory: Path = SCENARIOS) -> list[Scenario]:
    try:
        return [load_scenario(p) for p in sorted(directory.glob("*.yaml"))]
    except ValueError as exc:
        raise LabError(str(exc)) from None


# ---------------------------------------------------------------- results (cached with the oracle report)


@dataclass(frozen=True)
class Side:
    """What one side says happened to a node; times in seconds after the controller's first pass."""

    written_at: float | None  # when Ready became Unknown (real: the first poll that saw it)
    conditions: tuple[tuple[str, str, str, str, float], ...]  # type, status, reason, message, lastHeartbeatTime
    event: str = ""  # NodeNotReady when that event was recorded for the node


@dataclass(frozen=True)
class NodeResult:
    node: str
    created: float  # creationTimestamp, seconds after the first pass (negative: before it)
    clock_from: str  # the replica's: first_sight, created or heartbeat
    grace: float
    deadline: float  # the replica's window is [deadline, replica.written_at]
    real: Side
    replica: Side
    differences: tuple[str, ...]

    @property
    def equal(self) -> bool:
        return not self.differences


@dataclass(frozen=True)
class StartLine:
    severity: str  # glog's I, W, E
    message: str  # the replica's line
    found: bool  # in the real controller manager's log


@dataclass(frozen=True)
class ServiceResult:
    name: str
    type: str
    ingress: tuple[str, ...]  # status.loadBalancer.ingress: each entry's ip or hostname


@dataclass(frozen=True)
class ScenarioResult:
    name: str
    flags: tuple[str, ...]
    timing: tuple[float, float, float]  # period, grace, startup grace as the replica parsed the flags
    real_timing: tuple[float, ...]  # … and as the real binary logged them (FLAG lines)
    started_to_first_pass: float  # seconds from starting kube-controller-manager to its first pass
    until: float  # the end of the observation, seconds after the first pass (the Services are read then)
    nodes: tuple[NodeResult, ...]
    start_log: tuple[StartLine, ...]
    services: tuple[ServiceResult, ...]  # the scenario's Services at the end
    problem: str = ""

    @property
    def differences(self) -> tuple[str, ...]:
        out = [f"{n.node}: {d}" for n in self.nodes for d in n.differences]
        if tuple(self.real_timing) != tuple(self.timing):
            out.append(f"durations (period, grace, startup grace): replica {self.timing}, real {self.real_timing}")
        out += [f"not in the log: {line.severity} {line.message}" for line in self.start_log if not line.found]
        out += [f"Service {s.name} ({s.type}) got an ingress: {', '.join(s.ingress)}" for s in self.services if s.ingress]
        return ((self.problem,) if self.problem else ()) + tuple(out)

    @property
    def equal(self) -> bool:
        return not self.differences


def results_to_json(results: list[ScenarioResult]) -> list[dict]:
    return [asdict(r) for r in results]


def results_from_json(raw: list[dict]) -> tuple[ScenarioResult, ...]:
    def side(s: dict) -> Side:
        return Side(s["written_at"], tuple(tuple(c) for c in s["conditions"]), s["event"])

    return tuple(
        ScenarioResult(r["name"], tuple(r["flags"]), tuple(r["timing"]), tuple(r["real_timing"]), r["started_to_first_pass"], r["until"],
                       tuple(NodeResult(n["node"], n["created"], n["clock_from"], n["grace"], n["deadline"], side(n["real"]), side(n["replica"]), tuple(n["differences"])) for n in r["nodes"]),
                       tuple(StartLine(**line) for line in r["start_log"]),
                       tuple(ServiceResult(s["name"], s["type"], tuple(s["ingress"])) for s in r["services"]), r["problem"])
        for r in raw
    )  # fmt: skip


def code_paths() -> list[Path]:
    """What the results depend on besides the binaries and the replicas: this module and the scenarios."""
    return [Path(__file__), *sorted(SCENARIOS.glob("*.yaml"))]


# ---------------------------------------------------------------- running the scenarios


def run_scenarios(build: LabBuild, lab_dir: Path, scenarios: list[Scenario]) -> list[ScenarioResult]:
    """Every scenario on one etcd + kube-apiserver, each with a fresh kube-controller-manager."""
    if not build.has("kube-controller-manager"):
        raise LabError("kube-controller-manager is not built: run k8s-reader lab build --components kube-apiserver,kube-controller-manager")
    with start_lab(build, lab_dir / "nodes", free_port()) as lab:
        api = Api(lab.url)
        return [run_scenario(build, api, scenario, lab.run_dir / "logs" / f"kube-controller-manager-{scenario.name}.log") for scenario in scenarios]


def run_scenario(build: LabBuild, api: Api, scenario: Scenario, log: Path) -> ScenarioResult:
    timing = scenario.timing()
    created_paths: list[str] = []
    try:
        nodes, born = _create(api, scenario, created_paths)
        port = free_port()
        with Supervisor() as supervisor:
            started = time.time()
            supervisor.start(ChildSpec("kube-controller-manager", (
                str(build.binary("kube-controller-manager")), f"--master={api.url}", f"--address={HOST}", f"--port={port}", *CONTROLLER_FLAGS, *scenario.flags,
            ), log, f"http://{HOST}:{port}/healthz", lambda body: body == "ok"), READY_TIMEOUT)  # fmt: skip
            first_pass, seen, heartbeats, end = _observe(api, scenario, timing, nodes, born, log, supervisor)
        final = {n.name: node_from_api(api.get(f"/api/v1/nodes/{n.name}")) for n in nodes}
        services = tuple(_service_result(api.get(f"{collection(obj)}/{obj['metadata']['name']}")) for obj in scenario.services)
    except LabError as exc:
        return ScenarioResult(scenario.name, scenario.flags, _durations(timing), (), 0.0, 0.0, (), (), (), str(exc))
    finally:
        for path in reversed(created_paths):
            api.delete(path)
    lines = _glog(log.read_text(errors="replace")) if log.is_file() else []
    expected = predict(nodes, timing, first_pass, end, tuple(heartbeats))
    events = {m[1] for _, _, message in lines if (m := _NOT_READY.match(message))}
    results = tuple(compare_node(p, final[p.node], seen.get(p.node), p.node in events, first_pass) for p in expected)
    real_timing = tuple(parse_duration(m[2]) / 1e9 for name in ("node-monitor-period", "node-monitor-grace-period", "node-startup-grace-period")
                        for _, _, message in lines if (m := _FLAG.match(message)) and m[1] == name)  # fmt: skip
    logged = {(severity, message) for severity, _, message in lines}
    start_log = tuple(StartLine(severity, message, (severity, message) in logged) for severity, message in lab_start_log())
    return ScenarioResult(scenario.name, scenario.flags, _durations(timing), real_timing, round(first_pass - started, 3), round(end - first_pass, 3), results, start_log, services)


def _create(api: Api, scenario: Scenario, created_paths: list[str]) -> tuple[list[Node], dict[str, float]]:
    """The scenario's nodes, as the API holds them once created, and when each was created (this clock)."""
    born: dict[str, float] = {}
    for spec in scenario.nodes:
        path = api.create("/api/v1/nodes", {"apiVersion": "v1", "kind": "Node", "metadata": {"name": spec.name}})
        born[spec.name] = time.time()
        created_paths.append(path)
        if spec.ready is not None:
            stamp = _rfc3339(math.floor(time.time() - spec.heartbeat_age))
            api.patch_status(f"{path}/status", {"status": {"conditions": [_kubelet_ready(spec.ready, stamp, stamp)]}})
    for obj in scenario.services:
        created_paths.append(api.create(collection(obj), obj))
    return [node_from_api(api.get(f"/api/v1/nodes/{spec.name}")) for spec in scenario.nodes], born


def _observe(api: Api, scenario: Scenario, timing: Timing, nodes: list[Node], born: dict[str, float], log: Path, supervisor: Supervisor):
    """Poll until the controller has written what the replica says it will, plus a pass; post the
    heartbeats meanwhile.  Returns the first pass, when each node was first seen Unknown, the
    heartbeats posted and the end of the observation (all on this machine's clock)."""
    give_up = time.time() + FIRST_PASS_TIMEOUT
    first_pass: float | None = None
    end = math.inf
    seen: dict[str, float] = {}
    heartbeats: list[Heartbeat] = []
    due = {s.name: born[s.name] + s.heartbeat_every for s in scenario.nodes if s.heartbeat_every}
    every = {s.name: s.heartbeat_every for s in scenario.nodes if s.heartbeat_every}
    while time.time() < end:
        supervisor.check()
        for name in [n for n, at in due.items() if at <= time.time()]:
            heartbeats.append(_post_heartbeat(api, name))
            due[name] += every[name]
        if first_pass is None:
            first_pass = _first_pass(log)
            if first_pass is not None:
                end = first_pass + _watch_for(scenario, timing, nodes, born, first_pass)
            elif time.time() > give_up:
                raise LabError(f"kube-controller-manager's node controller made no pass within {FIRST_PASS_TIMEOUT:.0f} s; see {log}")
        for obj in api.get("/api/v1/nodes")["items"]:
            ready = node_from_api(obj).condition("Ready")
            if ready is not None and ready.status == "Unknown" and obj["metadata"]["name"] not in seen:
                seen[obj["metadata"]["name"]] = time.time()
        time.sleep(POLL)
    return first_pass, seen, heartbeats, end


def _watch_for(scenario: Scenario, timing: Timing, nodes: list[Node], born: dict[str, float], first_pass: float) -> float:
    """How long after the first pass to keep looking: a pass and LATE_TOLERANCE after the replica's
    last write with the planned heartbeats, or, when it predicts none, after the grace period."""
    horizon = first_pass + max(timing.monitor_grace, timing.startup_grace) + 2 * timing.monitor_period
    planned = predict(nodes, timing, first_pass, horizon, planned_heartbeats(scenario, born, horizon))
    last = max((p.written_at for p in planned if p.written_at is not None), default=first_pass + timing.monitor_grace)
    return last - first_pass + timing.monitor_period + LATE_TOLERANCE


def _first_pass(log: Path) -> float | None:
    if not log.is_file():
        return None
    return next((at for _, at, message in _glog(log.read_text(errors="replace")) if _OBSERVED.match(message)), None)


def _post_heartbeat(api: Api, name: str) -> Heartbeat:
    """A kubelet's status update: Ready True with a new lastHeartbeatTime (the transition kept)."""
    at = time.time()
    node = api.get(f"/api/v1/nodes/{name}")
    ready = next(c for c in node["status"]["conditions"] if c["type"] == "Ready")
    value = math.floor(at)
    api.patch_status(f"/api/v1/nodes/{name}/status", {"status": {"conditions": [_kubelet_ready("True", _rfc3339(value), ready["lastTransitionTime"])]}})
    return Heartbeat(name, at, value)


def _service_result(obj: dict) -> ServiceResult:
    ingress = ((obj.get("status") or {}).get("loadBalancer") or {}).get("ingress") or ()
    return ServiceResult(obj["metadata"]["name"], obj["spec"].get("type", "ClusterIP"), tuple(i.get("ip") or i.get("hostname") or "" for i in ingress))


def _kubelet_ready(status: str, heartbeat: str, transition: str) -> dict:
    return {"type": "Ready", "status": status, "reason": KUBELET_READY[0], "message": KUBELET_READY[1], "lastHeartbeatTime": heartbeat, "lastTransitionTime": transition}


def compare_node(p: Prediction, final: Node, seen: float | None, event: bool, first_pass: float) -> NodeResult:
    """The replica's prediction beside the node as the real run left it (`seen`: when a poll first
    found Ready Unknown; `event`: whether the log has a NodeNotReady event for it)."""
    rel = lambda t: None if t is None else round(t - first_pass, 3)  # noqa: E731
    rows = lambda node_conditions: tuple((c.type, c.status, c.reason, c.message, rel(c.last_heartbeat)) for c in node_conditions)  # noqa: E731
    real = Side(rel(seen), rows(final.conditions), "NodeNotReady" if event else "")
    replica = Side(rel(p.written_at), rows(p.conditions), p.event)
    deadline = rel(p.deadline)
    differences = []
    if (real.written_at is None) != (replica.written_at is None):
        differences.append(f"Unknown written: real {_when(real.written_at)}, replica {_when(replica.written_at)}")
    elif real.written_at is not None and not deadline - EARLY_TOLERANCE <= real.written_at <= replica.written_at + LATE_TOLERANCE:
        differences.append(f"written at {real.written_at:.3f} s, outside the replica's window [{deadline:g}, {replica.written_at:g}] s "
                           f"(tolerance -{EARLY_TOLERANCE:g} s, +{LATE_TOLERANCE:g} s)")  # fmt: skip
    if real.conditions != replica.conditions:
        differences.append(f"conditions: real {list(real.conditions)}, replica {list(replica.conditions)}")
    if real.event != replica.event:
        differences.append(f"event: real {real.event or 'none'}, replica {replica.event or 'none'}")
    return NodeResult(p.node, rel(final.created), p.clock_from, p.grace, deadline, real, replica, tuple(differences))


def _when(at: float | None) -> str:
    return "never" if at is None else f"at {at:.3f} s"


def _durations(timing: Timing) -> tuple[float, float, float]:
    return (timing.monitor_period, timing.monitor_grace, timing.startup_grace)


# ---------------------------------------------------------------- reading the API and the log


def node_from_api(obj: dict) -> Node:
    """A Node's JSON as the replica's Node: times as seconds since the epoch."""
    conditions = tuple(
        Condition(c["type"], c["status"], c.get("reason", ""), c.get("message", ""), _epoch(c.get("lastHeartbeatTime")), _epoch(c.get("lastTransitionTime")))
        for c in (obj.get("status") or {}).get("conditions") or ()
    )  # fmt: skip
    return Node(obj["metadata"]["name"], _epoch(obj["metadata"]["creationTimestamp"]), conditions)


def _epoch(stamp: str | None) -> float:
    return float(calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ"))) if stamp else 0.0


def _rfc3339(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _glog(text: str) -> list[tuple[str, float, str]]:
    """(severity, time since the epoch, message) of each glog line.  glog writes local time without
    a year: this year's, or last year's for a line that would lie in the future (a log across New Year)."""
    now = time.time()
    year = time.localtime(now).tm_year
    out = []
    for line in text.splitlines():
        m = _GLOG.match(line)
        if m is None:
            continue
        month, day, hour, minute, second, micro = (int(g) for g in m.groups()[1:7])
        at = time.mktime((year, month, day, hour, minute, second, 0, 0, -1)) + micro / 1e6
        if at > now + 86400:
            at = time.mktime((year - 1, month, day, hour, minute, second, 0, 0, -1)) + micro / 1e6
        out.append((m[1], at, m[8]))
    return out


__all__ = ["NodeResult", "compare_node", "ScenarioResult", "ServiceResult", "Side", "StartLine", "load_scenarios", "run_scenarios"]
