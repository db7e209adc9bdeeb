"""What the kube-scheduler chapters show of scheduling, in Chinese or English: the default
provider's table (from the facts), and a scenario run live on the replica at build time, beside
what the real kube-scheduler v1.9.9 did with it in the lab (OracleReport.scheduling), or why that
comparison did not run.

    {{ algorithm_provider() }}              every predicate and priority of the DefaultProvider
    {{ scenario("09-tie-round-robin") }}    reader/lab/scenarios/scheduling/09-tie-round-robin.yaml, pod by pod
    {{ scenario() }}                        every scenario in one table: each pod's outcome, and the verdict
"""

from __future__ import annotations

import html
from pathlib import Path

from reader.facts.models import AlgorithmFact
from reader.lab.oracle import OracleReport
from reader.lab.scheduling import SCENARIOS, ScenarioResult
from reader.replicas.kube_scheduler.cluster import load_cluster
from reader.replicas.kube_scheduler.schedule import Decision, default_priorities, schedule_all
from reader.render.lab import why_not_run
from reader.render.strings import UI
from reader.render.urls import source_permalink

_PROJECT = Path(__file__).resolve().parents[2]
# The words these directives write: templates/strings.yml `scheduling.<key>`.
WORD_KEYS = ('provider_head', 'predicate', 'priority', 'mandatory', 'file', 'scenario', 'run', 'bound', 'refused', 'fails', 'all_pass', 'others_pass', 'only_one', 'priority_head', 'total', 'ties', 'top', 'real', 'same', 'differs', 'real_bound', 'real_refused', 'real_scores', 'not_run', 'not_in_report', 'problem', 'ok', 'bad', 'summary_head', 'summary_total', 'not_compared')


def algorithm_table(facts: tuple[AlgorithmFact, ...], link, ui: UI) -> str:
    """The provider's rows as the facts read them: `link(symbol_id, text)` links a Go function."""
    text = ui.templates("scheduling.", WORD_KEYS)
    rows = [text["provider_head"], "| --- | --- | ---: | --- | --- |"]
    for fact in facts:
        kind = text[fact.kind] + (text["mandatory"] if fact.mandatory else "")
        function = link(fact.function, fact.function.rsplit(".", 1)[-1]) if fact.function else "—"
        where = f"[`{fact.source.rsplit('/', 1)[-1]}`]({source_permalink(fact.source)})" if fact.source else "—"
        rows.append(f"| `{fact.name}` | {kind} | {'' if fact.weight is None else fact.weight} | {function} | {where} |")
    return "\n".join(rows)


def scenario_section(name: str, oracle: OracleReport | None, ui: UI) -> str:
    """The scenario's file (folded), then pod by pod the replica's predicates, priorities, totals,
    tie rule and result, and the real scheduler's outcome with the verdict."""
    path = SCENARIOS / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(SCENARIOS.glob("*.yaml")))
        raise LookupError(f"no scenario {name!r} in {SCENARIOS.relative_to(_PROJECT)} (known: {known})")
    text = ui.templates("scheduling.", WORD_KEYS)
    relative = path.relative_to(_PROJECT).as_posix()
    source = path.read_text(encoding="utf-8")
    cluster = load_cluster(path)
    yaml_block = "\n".join("    " + line if line else "" for line in source.splitlines())
    teaches = cluster.teaches.get(ui.lang) or cluster.teaches.get("zh", "")
    parts = [f'**{text["scenario"]} `{name}`**{"：" if ui.lang == "zh" else ": "}{teaches}\n',
             f'??? example "{text["file"]}：{relative}"' if ui.lang == "zh" else f'??? example "{text["file"]}: {relative}"',
             f"    ```yaml\n{yaml_block}\n    ```\n",
             f"{text['run']}: `k8s-reader replica kube-scheduler/schedule {relative}`" if ui.lang == "en" else f"{text['run']}：`k8s-reader replica kube-scheduler/schedule {relative}`\n"]  # fmt: skip
    real = _real_result(name, oracle, ui)
    for decision in schedule_all(cluster):
        parts.append(_pod(decision, real, ui))
    if isinstance(real, str):
        parts.append(f"!!! note \"{text['real']}\"\n    {real}\n")
    return "\n".join(parts)


def scenario_summary(oracle: OracleReport | None, ui: UI) -> str:
    """One row per scenario: each pod's node or error on the replica, and the real scheduler's verdict."""
    text = ui.templates("scheduling.", WORD_KEYS)
    rows = [text["summary_head"], "| --- | --- | --- |"]
    names = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
    pods = equal = ran = 0
    for name in names:
        decisions = schedule_all(load_cluster(SCENARIOS / f"{name}.yaml"))
        pods += len(decisions)
        outcomes = "<br>".join(f"`{d.pod.split('/', 1)[1]}` → " + (f"`{d.node}`" if d.node else f"*{html.escape(d.error or '')}*") for d in decisions)
        real = _real_result(name, oracle, ui)
        if isinstance(real, ScenarioResult):
            ran += 1
            equal += real.equal
            verdict = f'<span class="k8s-ok">{text["ok"]}</span>' if real.equal else f'<span class="k8s-bad">{text["bad"]}</span>'
        else:
            verdict = text["not_compared"]
        rows.append(f"| `{name}` | {outcomes} | {verdict} |")
    rows.append("\n" + text["summary_total"].format(n=len(names), pods=pods, equal=equal, ran=ran))
    if ran == 0:
        rows.append("\n" + _real_result(names[0], oracle, ui) if names else "")
    return "\n".join(rows)


def _real_result(name: str, oracle: OracleReport | None, ui: UI) -> ScenarioResult | str:
    text = ui.templates("scheduling.", WORD_KEYS)
    if oracle is None or not oracle.ran:
        return text["not_run"].format(why=why_not_run(oracle, ui))
    found = next((r for r in oracle.scheduling if r.name == name), None)
    if found is None:
        return text["not_in_report"]
    if found.problem:
        return text["problem"].format(problem=found.problem)
    return found


def _pod(decision: Decision, real: ScenarioResult | str, ui: UI) -> str:
    text = ui.templates("scheduling.", WORD_KEYS)
    result = f"{text['bound']} `{decision.node}`" if decision.node else f"{text['refused']}: `{decision.error}`"
    out = [f"**{decision.pod}** — {result}\n"]
    nodes = list(decision.predicates)
    if nodes:
        names = list(decision.predicates[nodes[0]])
        failing = [p for p in names if any(decision.predicates[n][p] for n in nodes)]
        if failing:
            out.append(f"| {text['fails']} | " + " | ".join(f"`{n}`" for n in nodes) + " |")
            out.append("| --- |" + " --- |" * len(nodes))
            for predicate in failing:
                cells = (", ".join(decision.predicates[n][predicate]) or "✓" for n in nodes)
                out.append(f"| `{predicate}` | " + " | ".join(cells) + " |")
            out.append("\n" + text["others_pass"].format(n=len(names) - len(failing)) + "\n")
        else:
            out.append(text["all_pass"].format(n=len(names)) + "\n")
    if decision.scores:
        scored = list(decision.scores)
        out.append(f"| {text['priority_head']} | " + " | ".join(f"`{n}`" for n in scored) + " |")
        out.append("| --- |" + " ---: |" * len(scored))
        for config in default_priorities():
            out.append(f"| `{config.name}` ({config.weight}) | " + " | ".join(str(decision.scores[n][config.name]) for n in scored) + " |")
        out.append(f"| **{text['total']}** | " + " | ".join(f"**{decision.totals[n]}**" for n in scored) + " |\n")
        if decision.ties:
            pick = decision.counter % len(decision.ties)
            out.append(text["ties"].format(ties=", ".join(f"`{t}`" for t in decision.ties), counter=decision.counter, n=len(decision.ties), pick=pick, node=decision.ties[pick]) + "\n")
        else:
            out.append(text["top"].format(node=decision.node, counter=decision.counter, next=decision.counter + 1) + "\n")
    elif len(decision.feasible) == 1:
        out.append(text["only_one"].format(node=decision.feasible[0]) + "\n")
    if isinstance(real, ScenarioResult):
        out.append(_verdict(decision, real, ui))
    return "\n".join(out)


def _verdict(decision: Decision, real: ScenarioResult, ui: UI) -> str:
    text = ui.templates("scheduling.", WORD_KEYS)
    pod = next((p for p in real.pods if p.pod == decision.pod), None)
    if pod is None:
        return ""
    seen = pod.real
    what = text["real_bound"].format(node=seen.node) if seen.node else text["real_refused"].format(error=seen.error)
    if seen.scores:
        what += text["real_scores"].format(n=sum(len(row) for row in seen.scores.values()), nodes=len(seen.scores))
    if pod.equal:
        return f'!!! success "{text["real"]}：{text["same"]}"\n    {what}。\n' if ui.lang == "zh" else f'!!! success "{text["real"]}: {text["same"]}"\n    It {what}.\n'
    lines = "\n".join(f"    - {html.escape(d)}" for d in pod.differences)
    return f'!!! failure "{text["real"]}：{text["differs"]}"\n    {what}。\n\n{lines}\n' if ui.lang == "zh" else f'!!! failure "{text["real"]}: {text["differs"]}"\n    It {what}.\n\n{lines}\n'


__all__ = ["WORD_KEYS", "algorithm_table", "scenario_section", "scenario_summary"]
