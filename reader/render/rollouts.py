"""What the pages show of the rollout scenarios on the real kube-controller-manager v1.9.9
(OracleReport.rollouts, from reader/lab/rollouts.py's run_scenarios), in Chinese or English:
whether the real controllers did what the replica does, what was compared, the first difference,
or why the comparison did not run.

    {{ rollout("seed") }}   the replica's table (reader/render/chapters.py), then rollout_verdict under it
    {{ rollouts() }}        rollout_summary: every scenario the report holds, one row each (the lab page shows it too)
    {{ slow_start() }}      slow_start_summary: the ReplicaSet controller's batches per scenario, replica and real
"""

from __future__ import annotations

import html

from reader.lab.oracle import OracleReport
from reader.lab.rollouts import RolloutResult
from reader.lab.slow_start import Scenario as SlowStartScenario
from reader.lab.slow_start import StepResult, run_on_replica
from reader.render.lab import why_not_run
from reader.render.pages import table_cell, table_head
from reader.render.strings import UI


def rollout_verdict(name: str, oracle: OracleReport | None, ui: UI) -> str:
    """A box saying whether the real controllers did the same with scenario `name`, and what "the same" covered."""
    result = _result(name, oracle, ui)
    if isinstance(result, str):
        return f'!!! note "{ui("rollout.real")}"\n    {result}\n'
    if result.equal:
        return f'!!! success "{ui("rollout.real_same")}"\n    {_compared(result, ui)}\n'
    difference = ui("rollout.difference", difference=html.escape(result.difference or ""))
    return f'!!! failure "{ui("rollout.real_differs")}"\n    {_compared(result, ui)}\n\n    {difference}\n'


def rollout_summary(oracle: OracleReport | None, ui: UI) -> str:
    """One row per scenario of the report: how it was compared, the changes on each side, the
    real end state and the verdict; or why there are none."""
    results = _results(oracle, ui)
    if isinstance(results, str):
        return f'!!! note "{ui("rollout.real")}"\n    {results}\n'
    rows = table_head(ui("rollout.summary_head"))
    for r in results:
        compared = ui("rollout.exact" if r.exact else "rollout.bounds")
        changes = f"{len(r.replica['changes'])} / {len(r.real['changes'])}"
        final = "<br>".join(f"`{rs}`: {state['replicas']}" for rs, state in r.real["final"].items())
        verdict = f'<span class="k8s-ok">{ui("rollout.ok")}</span>' if r.equal else f'<span class="k8s-bad">{ui("rollout.bad")}</span><br><small>{table_cell(html.escape(r.difference or ""))}</small>'
        rows.append(f"| `{r.name}` | {compared} | {changes} | {final} | {verdict} |")
    total = ui("rollout.summary_total", total=len(results), exact=sum(r.exact for r in results), equal=sum(r.equal for r in results))
    return "\n".join(rows) + "\n\n" + total + "\n"


def slow_start_summary(scenarios: list[SlowStartScenario], oracle: OracleReport | None, ui: UI) -> str:
    """One row per slow-start scenario: its steps, the replica's batches (run now), the real
    controller's from the report, and the verdict; the real column says when it was not compared."""
    real = {r.name: r for r in oracle.slow_start} if oracle is not None and oracle.ran else {}
    rows = table_head(ui("slow_start.head"))
    for scenario in scenarios:
        steps = ([ui("slow_start.quota", pods=scenario.quota)] if scenario.quota is not None else []) + [
            ui("slow_start.replicas", n=s["replicas"]) if "replicas" in s else ui("slow_start.ready", n=s["ready"]) for s in scenario.steps]
        found = real.get(scenario.name)
        replica = found.replica if found else run_on_replica(scenario, {})
        if found is None:
            seen, verdict = ui("slow_start.not_run"), "—"
        else:
            seen = _batches(found.real, scenario, ui)
            verdict = f'<span class="k8s-ok">{ui("rollout.ok")}</span>' if found.equal else f'<span class="k8s-bad">{ui("rollout.bad")}</span><br><small>{table_cell(html.escape(found.difference() or ""))}</small>'
        rows.append(f"| `{scenario.name}` | {table_cell('; '.join(steps))} | {_batches(replica, scenario, ui)} | {seen} | {verdict} |")
    ran = [real[s.name] for s in scenarios if s.name in real]
    total = ui("slow_start.total", total=len(scenarios), ran=len(ran), equal=sum(r.equal for r in ran))
    if real:
        why = ""
    elif oracle is None or not oracle.ran:
        why = "\n\n" + ui("rollout.not_run", why=html.escape(why_not_run(oracle, ui)))
    else:
        why = "\n\n" + ui("slow_start.not_in_report")
    return "\n".join(rows) + "\n\n" + total + why + "\n"


def _batches(steps: tuple[StepResult, ...], scenario: SlowStartScenario, ui: UI) -> str:
    """Each creating step's batches (`1, 2, 4`), or how many pods it deleted; steps apart by `·`."""
    cells = []
    for step, result in zip(scenario.steps, steps, strict=True):
        if "ready" in step:
            cells.append("—")
        elif result.batches:
            cells.append(", ".join(map(str, result.batches)))
        else:
            cells.append(ui("slow_start.deleted", n=len(result.deleted)) if result.deleted else ui("slow_start.none"))
    return " · ".join(cells)


def _compared(result: RolloutResult, ui: UI) -> str:
    return ui("rollout.compared_exact" if result.exact else "rollout.compared_bounds", changes=len(result.real["changes"]), sets=len(result.real["final"]))


def _results(oracle: OracleReport | None, ui: UI) -> tuple[RolloutResult, ...] | str:
    """The report's rollout results, or a sentence saying why it has none."""
    if oracle is None or not oracle.ran:
        return ui("rollout.not_run", why=html.escape(why_not_run(oracle, ui)))
    return oracle.rollouts or ui("rollout.not_in_report")


def _result(name: str, oracle: OracleReport | None, ui: UI) -> RolloutResult | str:
    results = _results(oracle, ui)
    if isinstance(results, str):
        return results
    found = next((r for r in results if r.name == name), None)
    if found is None:  # the report is remembered per scenario files (oracle.py's digest): a stale one cannot lack it
        raise LookupError(f"the lab's report has no rollout scenario {name!r} (it has: {', '.join(r.name for r in results)})")
    return found


__all__ = ["rollout_summary", "rollout_verdict", "slow_start_summary"]
