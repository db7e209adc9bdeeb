"""Chapter 8's node lifecycle directives (reader/render/node_lifecycle.py) and the comparison behind
them (reader/lab/node_lifecycle.py compare_node), on results made here from the replica: equal,
late by more than the tolerance, never written, not run; and the results' round trip through the
oracle's cache file."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from reader.lab import oracle
from reader.lab.node_lifecycle import LATE_TOLERANCE, ScenarioResult, ServiceResult, StartLine, compare_node, load_scenarios, results_from_json, results_to_json
from reader.lab.oracle import NotRun, OracleReport
from reader.render.node_lifecycle import scenario_section, service_section
from reader.render.strings import load_ui
from reader.replicas.kube_controller_manager.node_lifecycle import Node, lab_start_log, predict, scenario_nodes

UI = load_ui(Path(__file__).resolve().parents[1])
ZH, EN = UI["zh"], UI["en"]
SCENARIOS = {s.name: s for s in load_scenarios()}
FIRST_PASS = 1000.4  # the lab's clock: the controller's first pass


def lab_result(name: str, late: float = 0.05, lost: str = "") -> ScenarioResult:
    """What a lab run would report if the real controller did what the replica says, `late` s after
    each of the replica's passes (and never wrote `lost`)."""
    scenario = SCENARIOS[name]
    timing = scenario.timing()
    nodes = scenario_nodes(scenario, {spec.name: 1000.0 for spec in scenario.nodes})
    until = FIRST_PASS + timing.monitor_grace + 2 * timing.monitor_period
    results = []
    for p in predict(nodes, timing, FIRST_PASS, until):
        seen = None if p.written_at is None or p.node == lost else p.written_at + late
        final = Node(p.node, 1000.0, p.conditions)
        results.append(compare_node(p, final, seen, bool(p.event), FIRST_PASS))
    durations = (timing.monitor_period, timing.monitor_grace, timing.startup_grace)
    services = tuple(ServiceResult(s["metadata"]["name"], s["spec"]["type"], ()) for s in scenario.services)
    start_log = tuple(StartLine(severity, message, True) for severity, message in lab_start_log())
    return ScenarioResult(name, scenario.flags, durations, durations, 0.21, round(until - FIRST_PASS, 3), tuple(results), start_log, services)


def report(*results: ScenarioResult) -> OracleReport:
    return OracleReport(True, "", "go1.19.8", node_lifecycle=results)


def test_a_write_inside_the_window_is_equal_and_one_past_the_tolerance_is_not() -> None:
    assert lab_result("short-periods").equal
    late = lab_result("short-periods", late=LATE_TOLERANCE + 0.5)
    assert not late.equal and "stale-heartbeat: written at 7.500 s, outside the replica's window [5, 6] s (tolerance -0.1 s, +1 s)" in late.differences[0]
    lost = lab_result("short-periods", lost="never-ready")
    assert lost.differences == ("never-ready: Unknown written: real never, replica at 8.000 s",)


def test_the_section_shows_both_sides_and_the_verdict() -> None:
    text = scenario_section("defaults", report(lab_result("defaults")), EN)
    assert text.startswith("**Node scenario `defaults`**: Three nodes exist before kube-controller-manager starts")
    assert "| `stale-heartbeat` | Ready=True, lastHeartbeatTime 3600 s before creation | the controller's first sight (0) | 40 | [40, 40] | 40.05 <span class=\"k8s-ok\">equal</span> |" in text
    assert "| `heartbeating` | Ready=True, lastHeartbeatTime 0 s before creation; then a new heartbeat every 10 s |" in text
    assert '!!! success "The real kube-controller-manager v1.9.9: same as the replica"' in text
    assert "the three durations the binary logged (its FLAG lines): 5 · 40 · 60 s" in text and "+0.050 to +0.050 s after the replica's pass" in text


def test_a_difference_is_listed_and_no_run_says_why() -> None:
    different = scenario_section("short-periods", report(lab_result("short-periods", lost="never-ready")), ZH)
    assert '!!! failure "真实的 kube-controller-manager v1.9.9：与复刻不同"' in different and "    - never-ready: Unknown written: real never" in different
    unrun = scenario_section("short-periods", OracleReport(False, "not built", not_run=NotRun.NOT_BUILT), ZH)
    assert "本次构建没有与真实的 kube-controller-manager 对照：真实二进制尚未构建" in unrun and "节点创建后 1 秒第一次检查" in unrun
    assert "| `never-ready` | 从未报告（没有 Ready 条件） | creationTimestamp（-1） | 8 | [7, 8] | — |" in unrun  # the replica, run now
    assert "do not include this scenario" in scenario_section("defaults", report(lab_result("short-periods")), EN)
    with pytest.raises(LookupError, match=r"no node scenario 'nope' in reader/lab/scenarios/nodes \(known: defaults, short-periods"):
        scenario_section("nope", None, ZH)


def test_the_service_section_marks_each_start_line_and_reads_the_load_balancer() -> None:
    text = service_section(report(lab_result("defaults"), lab_result("short-periods")), EN)
    assert '| `W` | `Skipping "service"` | <span class="k8s-ok">found</span> |' in text
    assert "Service `web` of `type: LoadBalancer` (scenario `defaults`): read 50 s after the first pass, `status.loadBalancer` has no ingress." in text
    missing = replace(lab_result("defaults"), start_log=tuple(replace(line, found=line.severity != "E") for line in lab_result("defaults").start_log))
    assert '| `E` | `Failed to start service controller: WARNING: no cloud provider provided, services of type LoadBalancer will fail` | <span class="k8s-bad">missing</span> |' in service_section(report(missing), EN)
    assert "| `I` | `Started \"node\"` | — |" in service_section(None, ZH)


def test_results_survive_the_oracle_cache() -> None:
    results = (lab_result("defaults"), lab_result("short-periods", lost="never-ready"))
    assert results_from_json(json.loads(json.dumps(results_to_json(list(results))))) == results
    assert oracle.report_from_json(json.loads(json.dumps(asdict(report(*results))))).node_lifecycle == results
