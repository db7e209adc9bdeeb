"""The node lifecycle replica without a lab: where each node's clock starts, which pass writes
Unknown, what it writes; the Service controller's start without a cloud; the scenario files and
the command.  The comparison with the real binary is tests/test_lab_node_lifecycle.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.replicas.kube_controller_manager import node_lifecycle as nl
from reader.replicas.kube_controller_manager.node_lifecycle import CloudProvider, Condition, Heartbeat, Node, Timing, predict
from reader.replicas.steps import mirrored_functions, mirrored_steps

SCENARIOS = Path(__file__).resolve().parents[1] / "reader" / "lab" / "scenarios" / "nodes"
DEFAULTS = Timing(5.0, 40.0, 60.0)


def ready(status: str, heartbeat: float, transition: float | None = None) -> Condition:
    return Condition("Ready", status, "KubeletReady", "kubelet is posting ready status", heartbeat, heartbeat if transition is None else transition)


def one(node: Node, timing: Timing = DEFAULTS, first_pass: float = 1.0, until: float = 200.0, heartbeats=()) -> nl.Prediction:
    (prediction,) = predict([node], timing, first_pass, until, tuple(heartbeats))
    return prediction


def test_the_durations_are_new_cm_servers_and_the_flags_change_them() -> None:
    assert Timing.from_flags() == DEFAULTS
    assert Timing.from_flags(["--node-monitor-grace-period=1m30s", "--node-monitor-period=500ms"]) == Timing(0.5, 90.0, 60.0)


def test_a_reported_node_counts_from_the_first_sight_however_old_its_heartbeat() -> None:
    stale = one(Node("stale", 100.0, (ready("True", 100.0 - 3600),)), first_pass=102.5)
    fresh = one(Node("fresh", 100.0, (ready("True", 100.0),)), first_pass=102.5)
    for p in (stale, fresh):
        assert (p.clock_from, p.first_seen, p.clock_start, p.grace) == (nl.FIRST_SIGHT, 102.5, 102.5, 40.0)
        assert p.deadline == p.written_at == 142.5  # the 8th pass after the first: 40 is a multiple of 5
    assert stale.conditions[0].last_heartbeat == -3500.0 and fresh.conditions[0].last_heartbeat == 100.0  # kept as reported


def test_the_write_falls_on_the_first_pass_at_or_past_the_deadline() -> None:
    p = one(Node("n", 0.0, (ready("True", 0.0),)), Timing(2.0, 5.0, 8.0), first_pass=0.3)
    assert (p.deadline, p.written_at) == (5.3, pytest.approx(6.3))


def test_what_a_reported_node_gets_written() -> None:
    node = Node("n", 10.0, (ready("True", 5.0), Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "ok", 5.0, 5.0)))
    p = one(node, first_pass=11.0)
    assert p.written_at == 51.0 and p.event == "NodeNotReady"
    assert [(c.type, c.status, c.reason, c.message, c.last_heartbeat, c.last_transition) for c in p.conditions] == [
        ("Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", 5.0, 51.0),
        ("MemoryPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", 5.0, 51.0),
        ("DiskPressure", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", 10.0, 51.0),  # added, from creation
    ]


def test_a_node_that_never_reported_counts_from_its_creation_with_the_startup_grace() -> None:
    p = one(Node("never", 100.0), first_pass=103.7)
    assert (p.clock_from, p.clock_start, p.grace, p.deadline) == (nl.CREATED, 100.0, 60.0, 160.0)
    assert p.written_at == pytest.approx(163.7) and p.event == ""  # Go's currentReadyCondition stays nil: no NodeNotReady event
    assert [(c.type, c.status, c.reason, c.message, c.last_heartbeat) for c in p.conditions] == [
        (t, "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", 100.0) for t in ("Ready", "MemoryPressure", "DiskPressure")
    ]


def test_a_controller_started_after_the_startup_grace_writes_at_its_first_pass() -> None:
    p = one(Node("never", 0.0), first_pass=75.0)
    assert p.deadline == 60.0 and p.written_at == 75.0


def test_new_heartbeats_restart_the_clock_and_keep_a_node_ready() -> None:
    node = Node("beating", 0.0, (ready("True", 0.0),))
    p = one(node, first_pass=1.0, until=100.0, heartbeats=[Heartbeat("beating", at, at) for at in (10.0, 20.0, 30.0)])
    assert (p.clock_from, p.clock_start, p.written_at) == (nl.NEW_HEARTBEAT, 31.0, 71.0)  # seen at the pass after the last one
    assert one(node, until=100.0, heartbeats=[Heartbeat("beating", at, at) for at in range(10, 100, 10)]).written_at is None


def test_a_ready_condition_already_unknown_is_not_written_again() -> None:
    p = one(Node("n", 0.0, (ready("Unknown", 0.0),)), first_pass=1.0)
    assert p.written_at is None and p.conditions[0].reason == "KubeletReady"


def test_the_service_controller_is_skipped_without_a_cloud_provider() -> None:
    assert nl.lab_start_log() == [
        ("E", "Failed to start service controller: WARNING: no cloud provider provided, services of type LoadBalancer will fail"),
        ("W", 'Skipping "service"'),
        ("I", 'Started "node"'),
    ]
    assert nl.lab_start_log(CloudProvider(load_balancer=True))[0] == ("I", 'Started "service"')
    assert nl.lab_start_log(CloudProvider(load_balancer=False))[0] == ("E", "Failed to start service controller: the cloud provider does not support external load balancers")


def test_every_scenario_loads_and_writes_every_node_that_stopped_reporting() -> None:
    scenarios = [nl.load_scenario(p) for p in sorted(SCENARIOS.glob("*.yaml"))]
    assert {s.name for s in scenarios} >= {"defaults", "short-periods"}
    defaults = next(s for s in scenarios if s.name == "defaults")
    assert defaults.timing() == DEFAULTS and defaults.services[0]["spec"]["type"] == "LoadBalancer"
    for scenario in scenarios:
        assert set(scenario.teaches) == {"zh", "en"}, scenario.name
        predictions, _ = nl.predict_scenario(scenario)
        assert [p.node for p in predictions] == [n.name for n in scenario.nodes]
        for spec, p in zip(scenario.nodes, predictions, strict=True):
            assert (p.written_at is None) == bool(spec.heartbeat_every), (scenario.name, spec.name)


@pytest.mark.parametrize(("text", "message"), [
    ("nodes: []", "a scenario needs `nodes:`"),
    ("nodes: [{name: a, ready: true}]", 'ready is "True", "False" or "Unknown" (quoted)'),
    ("nodes: [{name: a, heartbeat: 3}]", "each node is {name, ready, heartbeatAge, heartbeatEvery}"),
    ("flags: [--node-monitor-period=soon]\nnodes: [{name: a}]", "flags: invalid argument"),
])  # fmt: skip
def test_a_bad_scenario_is_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ValueError) as err:
        nl.load_scenario(path)
    assert str(err.value).startswith(f"{path}: ") and message in str(err.value) and "\n" not in str(err.value)


def test_the_command_prints_each_nodes_window(capsys) -> None:
    from reader.cli import main

    assert main(["replica", "kube-controller-manager/node_lifecycle", str(SCENARIOS / "short-periods.yaml"), "--first-pass", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "stale-heartbeat: clock from the first pass (0.3 s) + 5 s: Unknown written in [5.3, 6.3] s — NodeStatusUnknown" in out
    assert "never-ready: clock from creationTimestamp (0 s) + 8 s: Unknown written in [8, 8.3] s — NodeStatusNeverUpdated" in out
    assert 'W Skipping "service"' in out
    assert nl.main([str(SCENARIOS / "missing.yaml")]) == 2 and "missing.yaml" in capsys.readouterr().err


def test_mirrored_go_is_named_in_order() -> None:
    functions = mirrored_functions(nl)
    assert {f.python_function for f in functions} == set(nl.MIRRORS) and all(f.go_function.startswith("k8s.io/") for f in functions)
    assert len(mirrored_steps(nl)) >= 25


@pytest.mark.realtree
def test_each_marker_is_a_line_of_its_go_function_in_order(real_index) -> None:
    root, index = real_index
    for function, steps in _by_function(mirrored_steps(nl)).items():
        symbol = index.symbols[function]
        lines = (root / symbol.file).read_text().splitlines()[symbol.span.line - 1 : symbol.span.end_line]
        at = 0
        for text in steps:
            found = next((i for i in range(at, len(lines)) if lines[i].strip() == text), None)
            assert found is not None, f"{function}: no line {text!r} after line {symbol.span.line + at}"
            at = found + 1


@pytest.mark.realtree
def test_the_texts_written_are_the_sources(real_index) -> None:
    root, index = real_index

    def source(symbol_id: str) -> str:
        symbol = index.symbols[symbol_id]
        return "\n".join((root / symbol.file).read_text().splitlines()[symbol.span.line - 1 : symbol.span.end_line])

    update = source(nl.MIRRORS["NodeController.try_update_node_status"])
    for reason, message in (nl.NEVER_UPDATED, nl.STOPPED_POSTING):
        assert f'"{reason}"' in update and f'"{message}"' in update
    assert all(f"v1.Node{t}," in update for t in nl.REMAINING_NODE_CONDITION_TYPES)
    assert '"WARNING: no cloud provider provided, services of type LoadBalancer will fail"' in source(nl.MIRRORS["service_controller_init"])
    assert '"Failed to start service controller: %v"' in source(nl.MIRRORS["start_service_controller"])
    assert '"Skipping %q"' in source(nl.MIRRORS["start_controllers"])


def _by_function(steps) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for step in steps:
        out.setdefault(step.go_function, []).append(step.text)
    return out
