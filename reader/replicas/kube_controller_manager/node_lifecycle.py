"""The node lifecycle controller's clock: when a node that stopped reporting turns Unknown, and what is written.

Mirrors pkg/controller/node/node_controller.go at Kubernetes v1.9.9.  `Run` starts
`monitorNodeStatus` through wait.Until, once every --node-monitor-period (5 s), and each pass
calls `tryUpdateNodeStatus` for every node in the informer's cache.  For each node the
controller keeps what it last saw (`nodeStatusMap`) and `probeTimestamp`: the moment, by the
controller's own clock, at which it last saw something new.  A pass that finds
now > probeTimestamp + grace period writes the node's Ready condition as Unknown.

Where the clock starts is the thing to notice:
  - a node with a Ready condition that the controller has not seen before (it has just started,
    or the node is new): at the controller's first sight, `probeTimestamp = nc.now()`, whatever
    lastHeartbeatTime says; an hour-old heartbeat and one from this second are treated alike.
    The grace period is --node-monitor-grace-period (40 s);
  - a node with no Ready condition at all (its kubelet never posted a status): at its
    creationTimestamp, which the API keeps in whole seconds; the grace period is the longer
    --node-startup-grace-period (60 s);
  - afterwards, whenever a pass sees a lastHeartbeatTime different from the one it saw last,
    the clock starts again at that pass.
What is written: Ready becomes Unknown with reason NodeStatusUnknown, "Kubelet stopped posting
node status." (lastHeartbeatTime kept), or, for a node that never had one, a new Ready condition
with NodeStatusNeverUpdated, "Kubelet never posted node status." (lastHeartbeatTime = the
creationTimestamp); MemoryPressure and DiskPressure follow the same rule; lastTransitionTime is
the pass's now.  A Ready that is already Unknown is not written again.

The passes: wait.Until is sliding (the next period starts when a pass ends), so real passes fall
a little after first_pass + n·period, and a pass nominally at a deadline is past it: Go's
`After` is strict, the replica compares with >= on the nominal times.  The time of the first pass
is an input (the real one runs once the informers' caches are synced; the lab reads it from the
controller's log); so are the times a kubelet posts new heartbeats.

Also here, for the chapter's second fact: the Service controller without a cloud provider
(cmd/kube-controller-manager/app/core.go startServiceController, pkg/controller/service
(*ServiceController).init, and the loop of StartControllers in
cmd/kube-controller-manager/app/controllermanager.go): init fails, startServiceController logs
the error and returns false, nil, StartControllers logs Skipping and goes on.

Not replicated: pod eviction (after --pod-eviction-timeout, 5 m, and the zone's rate limiter:
RateLimitedTimedQueue, --node-eviction-rate), taints (the taint manager, TaintBasedEvictions,
TaintNodesByCondition), zones and their disruption states (handleDisruption, the secondary
eviction rate), the cloud provider's check that a node still exists, CIDR allocation,
MarkAllPodsNotReady, the events' delivery, UpdateStatus retries on a conflict, and informer
latency (a change is in the cache as soon as it is made).

Run it:  k8s-reader replica kube-controller-manager/node_lifecycle reader/lab/scenarios/nodes/defaults.yaml [--first-pass SECONDS]
The nodes are created at 0 s; the controller's first pass runs at --first-pass (default 1 s; the
lab measures it).  It prints, node by node, where the clock starts, the grace period, and the
window in which the controller writes Unknown, with what it writes.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from reader.replicas.pflag import FlagError, go_quote

MIRRORS = {
    "NodeController.run": "k8s.io/kubernetes/pkg/controller/node.(*Controller).Run",
    "NodeController.monitor_node_status": "k8s.io/kubernetes/pkg/controller/node.(*Controller).monitorNodeStatus",
    "NodeController.try_update_node_status": "k8s.io/kubernetes/pkg/controller/node.(*Controller).tryUpdateNodeStatus",
    "start_controllers": "k8s.io/kubernetes/cmd/kube-controller-manager/app.StartControllers",
    "start_service_controller": "k8s.io/kubernetes/cmd/kube-controller-manager/app.startServiceController",
    "service_controller_init": "k8s.io/kubernetes/pkg/controller/service.(*ServiceController).init",
}

# The conditions a pass past the deadline sets to Unknown besides Ready (remainingNodeConditionTypes;
# NetworkUnavailable is left alone: the control plane manages it).
REMAINING_NODE_CONDITION_TYPES = ("MemoryPressure", "DiskPressure")
NEVER_UPDATED = ("NodeStatusNeverUpdated", "Kubelet never posted node status.")
STOPPED_POSTING = ("NodeStatusUnknown", "Kubelet stopped posting node status.")
ASSUMED_FIRST_PASS = 1.0  # seconds from the nodes' creation to the first pass, when no lab has measured it
# Where a node's clock started (bookkeeping of the replica's, for the reader: Go keeps only the time)
FIRST_SIGHT, CREATED, NEW_HEARTBEAT = "first_sight", "created", "heartbeat"


@dataclass(frozen=True)
class Condition:
    """v1.NodeCondition; times are seconds on one clock (the API keeps whole seconds)."""

    type: str
    status: str
    reason: str = ""
    message: str = ""
    last_heartbeat: float = 0.0
    last_transition: float = 0.0


@dataclass(frozen=True)
class Node:
    """A v1.Node as the controller reads it: its name, creationTimestamp and status.conditions."""

    name: str
    created: float
    conditions: tuple[Condition, ...] = ()

    def condition(self, type_: str) -> Condition | None:
        """v1node.GetNodeCondition."""
        return next((c for c in self.conditions if c.type == type_), None)


@dataclass(frozen=True)
class NodeStatusData:
    """nodeStatusData: what the controller saw last, and when by its own clock."""

    conditions: tuple[Condition, ...]
    probe_timestamp: float
    ready_transition_timestamp: float


@dataclass(frozen=True)
class Timing:
    """The three durations of NewCMServer (seconds), as the flags leave them."""

    monitor_period: float
    monitor_grace: float
    startup_grace: float

    @classmethod
    def from_flags(cls, flags: tuple[str, ...] | list[str] = ()) -> Timing:
        """Parse kube-controller-manager flags with the add_flags replica: its defaults are
        NewCMServer's, and --node-monitor-period & co. are parsed as pflag parses them."""
        from reader.replicas.kube_controller_manager.add_flags import command_line

        s, g = command_line()
        g.command_line.parse(list(flags))
        c = s.KubeControllerManagerConfiguration
        seconds = lambda d: d.Duration / 1e9  # noqa: E731
        return cls(seconds(c.NodeMonitorPeriod), seconds(c.NodeMonitorGracePeriod), seconds(c.NodeStartupGracePeriod))


@dataclass(frozen=True)
class Heartbeat:
    """A kubelet posting Ready again: at `at`, with lastHeartbeatTime `value` (whole seconds)."""

    node: str
    at: float
    value: float


@dataclass(frozen=True)
class Prediction:
    """What the replica says happens to one node before `until`."""

    node: str
    first_seen: float  # the pass that first saw it
    clock_from: str  # FIRST_SIGHT, CREATED or NEW_HEARTBEAT: what set probeTimestamp last
    clock_start: float  # probeTimestamp
    grace: float  # the grace period that applies
    written_at: float | None  # the pass that wrote Unknown; None: none before `until`
    conditions: tuple[Condition, ...]  # the node's conditions at the end
    event: str = ""  # "NodeNotReady" when monitorNodeStatus records that event for the node

    @property
    def deadline(self) -> float:
        """No pass before this writes Unknown: the window is [deadline, written_at]."""
        return self.clock_start + self.grace


@dataclass
class NodeController:
    """The parts of node.Controller this replica runs; `api` stands for the API server's nodes
    (what the lister lists and UpdateStatus writes)."""

    timing: Timing
    api: dict[str, Node]
    now: float = 0.0
    node_status_map: dict[str, NodeStatusData] = field(default_factory=dict)
    known_node_set: dict[str, Node] = field(default_factory=dict)
    clock_from: dict[str, str] = field(default_factory=dict)
    first_seen: dict[str, float] = field(default_factory=dict)
    written_at: dict[str, float] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)

    def run(self, first_pass: float, until: float, heartbeats: tuple[Heartbeat, ...] = ()) -> None:
        """Passes at first_pass, first_pass + period, … up to `until`; before each, the heartbeats
        posted since the last one reach the API (and the cache)."""
        pending = sorted(heartbeats, key=lambda h: h.at)
        # go: go wait.Until(func() {
        passes = int(math.floor((until - first_pass) / self.timing.monitor_period + 1e-9)) + 1
        for n in range(max(passes, 0)):
            self.now = first_pass + n * self.timing.monitor_period
            while pending and pending[0].at <= self.now:
                self._post_heartbeat(pending.pop(0))
            self.monitor_node_status()

    def monitor_node_status(self) -> None:
        """One pass: every node in the cache, then what follows from its Ready condition (here only
        the NodeNotReady event; evictions, taints and the zones' disruption check are not replicated)."""
        # go: nodes, err := nc.nodeLister.List(labels.Everything())
        nodes = [n for n in self.api.values() if n.created <= self.now]
        # go: added, deleted, newZoneRepresentatives := nc.classifyNodes(nodes)
        added = [n for n in nodes if n.name not in self.known_node_set]
        # go: for i := range added {
        for node in added:
            self.known_node_set[node.name] = node
            self.first_seen[node.name] = self.now
        # go: for i := range nodes {
        for node in nodes:
            # go: gracePeriod, observedReadyCondition, currentReadyCondition, err = nc.tryUpdateNodeStatus(node)
            _, observed, current = self.try_update_node_status(node)
            # go: if currentReadyCondition.Status != v1.ConditionTrue && observedReadyCondition.Status == v1.ConditionTrue {
            if current is not None and current.status != "True" and observed.status == "True":
                self.events[node.name] = "NodeNotReady"

    def try_update_node_status(self, node: Node) -> tuple[float, Condition, Condition | None]:
        """Returns the grace period, the Ready condition as observed, and as it is now (None: none)."""
        conditions = list(node.conditions)  # the pass works on a copy of the node (DeepCopy)
        # go: _, currentReadyCondition := v1node.GetNodeCondition(&node.Status, v1.NodeReady)
        current = node.condition("Ready")
        # go: if currentReadyCondition == nil {
        if current is None:
            # a stand-in: Unknown since the node's creation, so the clock runs from creationTimestamp
            observed = Condition("Ready", "Unknown", last_heartbeat=node.created, last_transition=node.created)
            grace = self.timing.startup_grace
            self.node_status_map[node.name] = NodeStatusData(node.conditions, node.created, node.created)
            self.clock_from[node.name] = CREATED
        # go: } else {
        else:
            observed = current
            grace = self.timing.monitor_grace

        # Where the clock stands: the first sight of a node, or of a new heartbeat, starts it at now;
        # a heartbeat time that has not changed leaves it alone, however old that time is.
        # go: savedNodeStatus, found := nc.nodeStatusMap[node.Name]
        saved = self.node_status_map.get(node.name)
        saved_condition = _condition(saved.conditions, "Ready") if saved is not None else None
        observed_condition = node.condition("Ready")
        # go: if !found {
        if saved is None:
            saved = NodeStatusData(node.conditions, self.now, self.now)  # "Assuming now as a timestamp."
            self.clock_from[node.name] = FIRST_SIGHT
        # go: } else if savedCondition == nil && observedCondition != nil {
        elif saved_condition is None and observed_condition is not None:
            saved = NodeStatusData(node.conditions, self.now, self.now)
            self.clock_from[node.name] = FIRST_SIGHT
        # go: } else if savedCondition != nil && observedCondition == nil {
        elif saved_condition is not None and observed_condition is None:
            saved = NodeStatusData(node.conditions, self.now, self.now)  # "ReadyCondition was removed"
            self.clock_from[node.name] = FIRST_SIGHT
        # go: } else if savedCondition != nil && observedCondition != nil && savedCondition.LastHeartbeatTime != observedCondition.LastHeartbeatTime {
        elif saved_condition is not None and observed_condition is not None and saved_condition.last_heartbeat != observed_condition.last_heartbeat:
            transition = self.now if saved_condition.last_transition != observed_condition.last_transition else saved.ready_transition_timestamp
            saved = NodeStatusData(node.conditions, self.now, transition)
            self.clock_from[node.name] = NEW_HEARTBEAT
        # go: nc.nodeStatusMap[node.Name] = savedNodeStatus
        self.node_status_map[node.name] = saved

        # The decision: has the clock run past the grace period?  Whatever Ready says, it becomes Unknown.
        # go: if nc.now().After(savedNodeStatus.probeTimestamp.Add(gracePeriod)) {
        if self.now >= saved.probe_timestamp + grace:  # >=: a real pass runs a little after its nominal time
            # go: if currentReadyCondition == nil {
            if current is None:
                reason, message = NEVER_UPDATED
                conditions.append(Condition("Ready", "Unknown", reason, message, node.created, self.now))
            # go: if observedReadyCondition.Status != v1.ConditionUnknown {
            elif observed.status != "Unknown":
                reason, message = STOPPED_POSTING
                _replace(conditions, replace(current, status="Unknown", reason=reason, message=message, last_heartbeat=observed.last_heartbeat, last_transition=self.now))
            # go: for _, nodeConditionType := range remainingNodeConditionTypes {
            for type_ in REMAINING_NODE_CONDITION_TYPES:
                other = _condition(tuple(conditions), type_)
                if other is None:
                    conditions.append(Condition(type_, "Unknown", *NEVER_UPDATED, node.created, self.now))
                elif other.status != "Unknown":
                    _replace(conditions, replace(other, status="Unknown", reason=STOPPED_POSTING[0], message=STOPPED_POSTING[1], last_transition=self.now))
            written = _condition(tuple(conditions), "Ready")
            # go: if !apiequality.Semantic.DeepEqual(currentCondition, &observedReadyCondition) {
            if written != observed:
                self.api[node.name] = replace(node, conditions=tuple(conditions))  # UpdateStatus
                self.written_at[node.name] = self.now
                self.node_status_map[node.name] = replace(self.node_status_map[node.name], conditions=tuple(conditions), ready_transition_timestamp=self.now)
                # Go returns its currentReadyCondition: a pointer into the conditions just written, or still nil
                return grace, observed, written if current is not None else None
        return grace, observed, current

    def _post_heartbeat(self, heartbeat: Heartbeat) -> None:
        node = self.api[heartbeat.node]
        ready = node.condition("Ready") or Condition("Ready", "True", last_transition=heartbeat.value)
        conditions = [c for c in node.conditions if c.type != "Ready"]
        self.api[node.name] = replace(node, conditions=(replace(ready, status="True", last_heartbeat=heartbeat.value), *conditions))

    def prediction(self, name: str) -> Prediction:
        saved = self.node_status_map[name]
        node = self.api[name]
        grace = self.timing.startup_grace if self.clock_from[name] == CREATED else self.timing.monitor_grace
        return Prediction(name, self.first_seen[name], self.clock_from[name], saved.probe_timestamp, grace,
                          self.written_at.get(name), node.conditions, self.events.get(name, ""))  # fmt: skip


def predict(nodes: list[Node], timing: Timing, first_pass: float, until: float, heartbeats: tuple[Heartbeat, ...] = ()) -> list[Prediction]:
    """Run the controller from its first pass to `until`; one prediction per node, in order.
    A node first seen after `until` is left out."""
    controller = NodeController(timing, {n.name: n for n in nodes})
    controller.run(first_pass, until, heartbeats)
    return [controller.prediction(n.name) for n in nodes if n.name in controller.first_seen]


def _condition(conditions: tuple[Condition, ...], type_: str) -> Condition | None:
    return next((c for c in conditions if c.type == type_), None)


def _replace(conditions: list[Condition], new: Condition) -> None:
    conditions[next(i for i, c in enumerate(conditions) if c.type == new.type)] = new


# ---------------------------------------------------------------- the Service controller without a cloud


@dataclass(frozen=True)
class CloudProvider:
    """A --cloud-provider, as far as the Service controller asks it: does it do load balancers?"""

    load_balancer: bool = True


def service_controller_init(cloud: CloudProvider | None) -> str | None:
    """(*ServiceController).init, called by servicecontroller.New: the error, or None."""
    # go: if s.cloud == nil {
    if cloud is None:
        return "WARNING: no cloud provider provided, services of type LoadBalancer will fail"
    # go: balancer, ok := s.cloud.LoadBalancer()
    if not cloud.load_balancer:
        return "the cloud provider does not support external load balancers"
    return None


def start_service_controller(cloud: CloudProvider | None, log: list[tuple[str, str]]) -> bool:
    """startServiceController: whether it started; an error from New is logged, never returned."""
    # go: serviceController, err := servicecontroller.New(
    err = service_controller_init(cloud)
    # go: if err != nil {
    if err is not None:
        log.append(("E", f"Failed to start service controller: {err}"))
        return False
    return True


def start_controllers(controllers: dict, log: list[tuple[str, str]]) -> None:
    """The loop of StartControllers: `controllers` maps a name to its start function (log → started)."""
    # go: for controllerName, initFn := range controllers {
    for name, start in controllers.items():
        # go: started, err := initFn(ctx)
        started = start(log)
        # go: if !started {
        if not started:
            log.append(("W", f"Skipping {go_quote(name)}"))
            continue
        # go: glog.Infof("Started %q", controllerName)
        log.append(("I", f"Started {go_quote(name)}"))


def lab_start_log(cloud: CloudProvider | None = None) -> list[tuple[str, str]]:
    """What starting the lab's two controllers (--controllers=node,service) logs: (severity, message)."""
    log: list[tuple[str, str]] = []
    start_controllers({"service": lambda log: start_service_controller(cloud, log), "node": lambda log: True}, log)
    return log


# ---------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class NodeSpec:
    """A node of a scenario file: what its (pretend) kubelet reported before the controller started."""

    name: str
    ready: str | None = None  # the Ready condition's status; None: the kubelet never posted a status
    heartbeat_age: float = 0.0  # how old lastHeartbeatTime is when the node is created, in seconds
    heartbeat_every: float | None = None  # a kubelet keeps posting Ready this often (seconds)


@dataclass(frozen=True)
class Scenario:
    name: str
    teaches: dict[str, str]
    flags: tuple[str, ...]  # kube-controller-manager flags besides the lab's own
    nodes: tuple[NodeSpec, ...]
    services: tuple[dict, ...] = ()  # objects the lab creates too (type: LoadBalancer Services)

    def timing(self) -> Timing:
        return Timing.from_flags(self.flags)


def load_scenario(path: Path) -> Scenario:
    """A scenario file (reader/lab/scenarios/nodes/*.yaml); a bad one is a one-line ValueError naming the file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("nodes"), list) or not raw["nodes"]:
        raise ValueError(f"{path}: a scenario needs `nodes:`, a list such as [{{name: stale, ready: \"True\", heartbeatAge: 3600}}]")
    nodes = []
    for entry in raw["nodes"]:
        if not isinstance(entry, dict) or "name" not in entry or set(entry) - {"name", "ready", "heartbeatAge", "heartbeatEvery"}:
            raise ValueError(f"{path}: each node is {{name, ready, heartbeatAge, heartbeatEvery}} (all but name optional); got {entry!r}")
        ready = entry.get("ready")
        if ready is not None and ready not in ("True", "False", "Unknown"):
            raise ValueError(f"{path}: node {entry['name']}: ready is \"True\", \"False\" or \"Unknown\" (quoted), not {ready!r}")
        every = entry.get("heartbeatEvery")
        nodes.append(NodeSpec(entry["name"], ready, float(entry.get("heartbeatAge", 0)), float(every) if every is not None else None))
    scenario = Scenario(path.stem, dict(raw.get("teaches") or {}), tuple(raw.get("flags") or ()), tuple(nodes), tuple(raw.get("services") or ()))
    try:
        scenario.timing()
    except FlagError as exc:
        raise ValueError(f"{path}: flags: {exc}") from None
    return scenario


def scenario_nodes(scenario: Scenario, created: dict[str, float]) -> list[Node]:
    """The scenario's nodes as the API holds them, given each one's creationTimestamp."""
    out = []
    for spec in scenario.nodes:
        at = created[spec.name]
        conditions = () if spec.ready is None else (Condition("Ready", spec.ready, "KubeletReady", "kubelet is posting ready status", at - spec.heartbeat_age, at - spec.heartbeat_age),)
        out.append(Node(spec.name, at, conditions))
    return out


def planned_heartbeats(scenario: Scenario, created: dict[str, float], until: float) -> tuple[Heartbeat, ...]:
    """Every heartbeatEvery seconds after creation, up to `until` (whole-second values)."""
    out = []
    for spec in scenario.nodes:
        if spec.heartbeat_every:
            at = created[spec.name] + spec.heartbeat_every
            while at <= until:
                out.append(Heartbeat(spec.name, at, math.floor(at)))
                at += spec.heartbeat_every
    return tuple(out)


def horizon(timing: Timing) -> float:
    """How long after the first pass every grace period has run out, with a pass to spare."""
    return max(timing.monitor_grace, timing.startup_grace) + 2 * timing.monitor_period


def predict_scenario(scenario: Scenario, first_pass: float = ASSUMED_FIRST_PASS) -> tuple[list[Prediction], float]:
    """The scenario with every node created at 0 s and the first pass at `first_pass`, up to the
    horizon: the predictions and the end."""
    timing = scenario.timing()
    created = {spec.name: 0.0 for spec in scenario.nodes}
    until = first_pass + horizon(timing)
    return predict(scenario_nodes(scenario, created), timing, first_pass, until, planned_heartbeats(scenario, created, until)), until


# ---------------------------------------------------------------- the command


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="k8s-reader replica kube-controller-manager/node_lifecycle",
                                     description="When the node lifecycle controller of v1.9.9 writes a node Unknown, and what it writes.")  # fmt: skip
    parser.add_argument("scenario", type=Path, help="a scenario file, e.g. reader/lab/scenarios/nodes/defaults.yaml")
    parser.add_argument("--first-pass", type=float, default=ASSUMED_FIRST_PASS, metavar="SECONDS", help="the controller's first pass, seconds after the nodes are created (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        scenario = load_scenario(args.scenario)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    timing = scenario.timing()
    predictions, until = predict_scenario(scenario, args.first_pass)
    print(f"passes every {timing.monitor_period:g} s from {args.first_pass:g} s; grace {timing.monitor_grace:g} s, startup grace {timing.startup_grace:g} s")
    for p in predictions:
        start = {FIRST_SIGHT: "the first pass", CREATED: "creationTimestamp", NEW_HEARTBEAT: "the last new heartbeat"}[p.clock_from]
        head = f"{p.node}: clock from {start} ({p.clock_start:g} s) + {p.grace:g} s"
        if p.written_at is None:
            print(f"{head}: not Unknown by {until:g} s")
            continue
        ready = next(c for c in p.conditions if c.type == "Ready")
        print(f"{head}: Unknown written in [{p.deadline:g}, {p.written_at:g}] s — {ready.reason}: {ready.message}" + (f" (event {p.event})" if p.event else ""))
        for c in p.conditions:
            print(f"    {c.type:15} {c.status:8} {c.reason:23} lastHeartbeatTime {c.last_heartbeat:g} s, lastTransitionTime {c.last_transition:g} s")
    print("starting the service and node controllers without a cloud provider logs:")
    for severity, message in lab_start_log():
        print(f"    {severity} {message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
