"""What the pages show of the rollout scenarios on the real kube-controller-manager v1.9.9
(OracleReport.rollouts, from reader/lab/rollouts.py's run_scenarios), in Chinese or English:
whether the real controllers did what the replica does, what was compared, the first difference,
or why the comparison did not run.

    {{ rollout("seed") }}   the replica's table (reader/render/chapters.py), then rollout_verdict under it
    {{ rollouts() }}        rollout_summary: every scenario the report holds, one row each (the lab page shows it too)
"""

from __future__ import annotations

import html

from reader.lab.oracle import OracleReport
from reader.lab.rollouts import RolloutResult
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


__all__ = ["rollout_summary", "rollout_verdict"]
