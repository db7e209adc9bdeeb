"""The rollout scenarios' comparison with the real kube-controller-manager as pages show it
(reader/render/rollouts.py): the verdict under a scenario's table — same (exact, or names, bounds
and end state), different with the first difference, or why not compared — and the table of every
scenario, from small hand-made reports, in both languages."""

from __future__ import annotations

import pytest

from reader.lab.oracle import NotRun, OracleReport
from reader.lab.rollouts import RolloutResult
from reader.render.pages import PROJECT
from reader.render.rollouts import rollout_summary, rollout_verdict
from reader.render.strings import load_ui

UI = load_ui(PROJECT)
ZH, EN = UI["zh"], UI["en"]

CHANGES = [{"step": 1, "replica_set": "web-aaaa", "replicas": 3}, {"step": 2, "replica_set": "web-bbbb", "replicas": 1},
           {"step": 2, "replica_set": "web-aaaa", "replicas": 2}]  # fmt: skip
FINAL = {"web-aaaa": {"replicas": 2, "annotations": {}}, "web-bbbb": {"replicas": 1, "annotations": {}}}
REPORT = {"changes": CHANGES, "deleted": [], "final": FINAL}


def ran(*results: RolloutResult) -> OracleReport:
    return OracleReport(True, "", "go1.19.8", rollouts=results)


def result(name: str = "seed", exact: bool = True, difference: str | None = None, real: dict = REPORT) -> RolloutResult:
    return RolloutResult(name, exact, REPORT, real, difference)


def test_an_exact_match_says_what_was_compared() -> None:
    text = rollout_verdict("seed", ran(result()), ZH)
    assert text.startswith('!!! success "真实的 kube-controller-manager v1.9.9：与复刻相同"\n    逐项精确比较：3 次 `spec.replicas` 的变化')
    assert "终态的 2 个 ReplicaSet" in text
    english = rollout_verdict("seed", ran(result()), EN)
    assert english.startswith('!!! success "The real kube-controller-manager v1.9.9: same as the replica"\n    Compared exactly: 3 changes')


def test_a_bounds_match_says_it_compared_names_bounds_and_the_end() -> None:
    text = rollout_verdict("replicas-10", ran(result("replicas-10", exact=False)), EN)
    assert "Compared on names, bounds and the end state" in text and "within `replicas + maxSurge`" in text
    assert "Compared exactly" not in text


def test_a_difference_is_shown_escaped() -> None:
    real = {**REPORT, "changes": CHANGES[:1]}
    text = rollout_verdict("seed", ran(result(difference='scale changes: replica [1]; real [<2>] "x"', real=real)), ZH)
    assert text.startswith('!!! failure "真实的 kube-controller-manager v1.9.9：与复刻不同"\n    逐项精确比较：1 次')
    assert "    第一处差异：scale changes: replica [1]; real [&lt;2&gt;] &quot;x&quot;" in text


def test_not_compared_says_why_in_the_pages_language() -> None:
    unrun = OracleReport(False, "the real binaries are not built yet", not_run=NotRun.NOT_BUILT)
    assert rollout_verdict("seed", unrun, ZH).startswith('!!! note "真实的 kube-controller-manager v1.9.9"\n    本次构建没有与真实控制器对照：真实二进制尚未构建')
    assert "This build did not compare with the real controllers: The real binaries are not built yet" in rollout_verdict("seed", unrun, EN)
    assert "did not look at the lab" in rollout_verdict("seed", None, EN)
    without = rollout_verdict("seed", ran(), EN)  # the lab ran, but had no kube-controller-manager
    assert "include no rollout scenarios" in without and "--components kube-controller-manager" in without


def test_a_scenario_the_report_lacks_is_an_error() -> None:
    with pytest.raises(LookupError, match=r"no rollout scenario 'recreate' \(it has: seed\)"):
        rollout_verdict("recreate", ran(result()), ZH)


def test_the_summary_has_one_row_per_reported_scenario() -> None:
    report = ran(result(), result("replicas-10", exact=False), result("recreate", difference="final ReplicaSets: a | b"))
    rows = rollout_summary(report, ZH).splitlines()
    assert rows[0] == "| 场景 | 比较方式 | `spec.replicas` 的变化（复刻 / 真实） | 终态的 ReplicaSet | 真实 kube-controller-manager v1.9.9 |"
    assert rows[2] == '| `seed` | 精确 | 3 / 3 | `web-aaaa`: 2<br>`web-bbbb`: 1 | <span class="k8s-ok">一致</span> |'
    assert rows[3].startswith("| `replicas-10` | 名字、上界、终态 |")
    assert rows[4].endswith('<span class="k8s-bad">不一致</span><br><small>final ReplicaSets: a \\| b</small> |')
    assert rows[-1] == "共 3 个场景（2 个精确比较）；与真实控制器一致：2/3。"
    assert rollout_summary(report, EN).splitlines()[-1] == "3 scenarios (2 compared exactly); equal on the real controllers: 2/3."
    assert rollout_summary(None, EN).startswith('!!! note "The real kube-controller-manager v1.9.9"\n    This build did not compare')


# ---------------------------------------------------------------- slow start


def slow_start_scenarios(tmp_path) -> list:
    from reader.lab.slow_start import load_scenarios

    (tmp_path / "01-grow.yaml").write_text("# grow\nsteps:\n- replicas: 3\n- ready: 1\n- replicas: 1\n")
    (tmp_path / "02-quota.yaml").write_text("# quota\nquota: 2\nsteps:\n- replicas: 4\n")
    return load_scenarios(tmp_path)


def test_slow_start_rows_show_each_steps_batches_and_the_real_ones(tmp_path) -> None:
    from reader.lab.slow_start import ScenarioResult, StepResult
    from reader.render.rollouts import slow_start_summary

    grow, quota = slow_start_scenarios(tmp_path)
    real = (StepResult((1, 2)), StepResult(()), StepResult((), ("p-1", "p-2")))
    report = OracleReport(True, "", "go1.19.8", slow_start=(ScenarioResult("01-grow", "grow", real, real),))
    text = slow_start_summary([grow, quota], report, ZH)
    assert "| `01-grow` | replicas → 3; 1 个 Pod 就绪; replicas → 1 | 1, 2 · — · 删除 2 个 | 1, 2 · — · 删除 2 个 | <span class=\"k8s-ok\">一致</span> |" in text
    assert "| `02-quota` | 配额 2 个 Pod; replicas → 4 | 1, 1 | 未对照 | — |" in text
    assert "共 2 个场景；与真实控制器一致：1/1。" in text


def test_slow_start_without_the_lab_runs_the_replica_and_says_why(tmp_path) -> None:
    from reader.render.rollouts import slow_start_summary

    unrun = OracleReport(False, "the real binaries are not built yet", not_run=NotRun.NOT_BUILT)
    text = slow_start_summary(slow_start_scenarios(tmp_path), unrun, EN)
    assert "| `01-grow` | replicas → 3; mark 1 Ready; replicas → 1 | 1, 2 · — · delete 2 | not compared | — |" in text
    assert "This build did not compare with the real controllers: The real binaries are not built yet" in text
    assert "include no slow-start scenarios" in slow_start_summary(slow_start_scenarios(tmp_path), OracleReport(True, "", "go1.19.8"), EN)
