"""The kube-scheduler chapters' scheduling directives (reader/render/scheduling.py): the provider
table from facts, a scenario run on the replica beside the real scheduler's outcome (equal,
different, or not run), the summary of every scenario, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.facts.models import AlgorithmFact
from reader.lab.oracle import NotRun, OracleReport
from reader.lab.scheduling import Outcome, PodResult, ScenarioResult, load_scenarios, replica_outcomes
from reader.render.scheduling import algorithm_table, scenario_section, scenario_summary
from reader.render.strings import load_ui

UI = load_ui(Path(__file__).resolve().parents[1])
ZH, EN = UI["zh"], UI["en"]

TIE = "09-tie-round-robin"


def oracle_for(name: str, differ: bool = False) -> OracleReport:
    """A report in which the real scheduler did what the replica does (or, with `differ`, bound the first pod elsewhere)."""
    scenario = next(s for s in load_scenarios() if s.name == name)
    pods = []
    for pod, outcome in replica_outcomes(scenario.cluster):
        real = Outcome("somewhere-else", None, outcome.scores, outcome.totals) if differ and not pods else outcome
        pods.append(PodResult(pod, real, outcome, ("node: real somewhere-else, replica node-c",) if real is not outcome else ()))
    return OracleReport(True, "", "go1.19.8", (), (), (ScenarioResult(name, tuple(pods)),))


def test_the_provider_table_links_functions_and_registration_lines() -> None:
    rows = (AlgorithmFact("predicate", "CheckNodeCondition", "k8s.io/x/predicates.CheckNodeConditionPredicate", None, True, "defaults.go:171"),
            AlgorithmFact("priority", "NodePreferAvoidPodsPriority", "k8s.io/x/priorities.Map", 10000, False, "plugin/defaults.go:249"))  # fmt: skip
    table = algorithm_table(rows, lambda sid, text: f"<{text}>", ZH).splitlines()
    assert table[2] == "| `CheckNodeCondition` | 预选（强制） |  | <CheckNodeConditionPredicate> | [`defaults.go:171`](https://github.com/kubernetes/kubernetes/blob/v1.9.9/defaults.go#L171) |"
    assert table[3].startswith("| `NodePreferAvoidPodsPriority` | 优选 | 10000 | <Map> |")
    assert algorithm_table(rows, lambda sid, text: text, EN).splitlines()[0] == "| Name | Kind | Weight | Go function registered | Registered at |"


def test_a_scenario_shows_its_teaching_file_pods_and_the_real_verdict() -> None:
    text = scenario_section(TIE, oracle_for(TIE), EN)
    assert text.startswith(f"**Scenario `{TIE}`**: Three identical large nodes")
    assert f'??? example "Scenario file: reader/lab/scenarios/scheduling/{TIE}.yaml"' in text and "    kind: List" in text
    assert "**default/echo-4** — bound to `node-c`" in text
    assert "lastNodeIndex 3 % 3 = 0 → `node-c`." in text
    assert text.count('!!! success "The real kube-scheduler v1.9.9: same as the replica"') == 4
    assert "| `NodePreferAvoidPodsPriority` (10000) |" in text


def test_a_difference_is_listed_and_no_run_says_why() -> None:
    different = scenario_section(TIE, oracle_for(TIE, differ=True), ZH)
    assert '!!! failure "真实的 kube-scheduler v1.9.9：与复刻不同"' in different and "    - node: real somewhere-else, replica node-c" in different
    unrun = scenario_section(TIE, OracleReport(False, "not built", not_run=NotRun.NOT_BUILT), ZH)
    assert '!!! note "真实的 kube-scheduler v1.9.9"\n    本次构建没有与真实调度器对照：真实二进制尚未构建' in unrun
    missing = scenario_section(TIE, oracle_for("01-least-requested"), EN)
    assert "do not include this scenario" in missing
    with pytest.raises(LookupError, match=r"no scenario 'nope' in reader/lab/scenarios/scheduling \(known: 01-least-requested, "):
        scenario_section("nope", None, ZH)


def test_the_summary_has_a_row_per_scenario_and_counts_the_verdicts() -> None:
    summary = scenario_summary(oracle_for(TIE), ZH)
    names = [s.name for s in load_scenarios()]
    assert all(f"| `{n}` |" in summary for n in names)
    assert f"| `{TIE}` | `echo-1` → `node-c`<br>`echo-2` → `node-b`<br>`echo-3` → `node-a`<br>`echo-4` → `node-c` | <span class=\"k8s-ok\">一致</span> |" in summary
    assert f"共 {len(names)} 个场景" in summary and "与真实调度器一致的场景：1/1。" in summary
