"""The node lifecycle scenarios (reader/lab/scenarios/nodes/) on the real v1.9.9 kube-controller-manager,
compared with the node_lifecycle replica: one etcd + kube-apiserver, a fresh controller manager per
scenario, about a minute in all (the defaults' 40 s grace period is most of it).

Skips without Go, etcd or the v1.9.9 tree (the real_lab fixture says which).
bench/node_lifecycle.py runs the same comparison and prints every node's timing."""

from __future__ import annotations

import pytest

from reader.lab.node_lifecycle import LATE_TOLERANCE, load_scenarios, run_scenarios

SCENARIOS = load_scenarios()


@pytest.fixture(scope="module")
def results(real_controller_manager_lab) -> dict:
    build, lab_dir = real_controller_manager_lab
    return {r.name: r for r in run_scenarios(build, lab_dir, SCENARIOS)}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_the_real_controller_does_what_the_replica_says(scenario, results) -> None:
    result = results[scenario.name]
    assert result.differences == ()
    assert [n.node for n in result.nodes] == [spec.name for spec in scenario.nodes]


def test_an_hour_old_heartbeat_waits_the_whole_grace_period(results) -> None:
    nodes = {n.node: n for n in results["defaults"].nodes}
    for name in ("stale-heartbeat", "fresh-heartbeat"):
        real = nodes[name].real
        assert 40.0 <= real.written_at <= 40.0 + LATE_TOLERANCE  # from the first pass, not from the heartbeat an hour ago
        assert real.conditions[0][:4] == ("Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.") and real.event == "NodeNotReady"
    assert nodes["stale-heartbeat"].real.conditions[0][4] < -3600 < nodes["fresh-heartbeat"].real.conditions[0][4]  # each keeps its own
    assert nodes["heartbeating"].real.written_at is None and nodes["heartbeating"].real.conditions[0][1] == "True"


def test_the_flags_are_honoured_and_the_never_reported_node_uses_the_startup_grace(results) -> None:
    result = results["short-periods"]
    assert result.real_timing == (2.0, 5.0, 8.0) == result.timing
    never = next(n for n in result.nodes if n.node == "never-ready")
    assert never.clock_from == "created" and never.deadline == never.created + 8.0 and never.created < 0
    assert never.real.conditions[0][:4] == ("Ready", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.")


def test_the_service_controller_is_skipped_and_the_load_balancer_gets_nothing(results) -> None:
    result = results["defaults"]
    assert [(line.severity, line.message, line.found) for line in result.start_log][:2] == [
        ("E", "Failed to start service controller: WARNING: no cloud provider provided, services of type LoadBalancer will fail", True),
        ("W", 'Skipping "service"', True),
    ]
    assert [(s.name, s.type, s.ingress) for s in result.services] == [("web", "LoadBalancer", ())] and result.until > 40.0
