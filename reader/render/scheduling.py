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
from reader.render.urls import source_permalink

_PROJECT = Path(__file__).resolve().parents[2]
_TEXT = {
    "zh": {
        "provider_head": "| 名称 | 类别 | 权重 | 注册的 Go 函数 | 注册于 |", "predicate": "预选", "priority": "优选",
        "mandatory": "（强制）", "file": "场景文件", "scenario": "场景", "run": "运行", "bound": "绑定到", "refused": "未调度",
        "fails": "未通过的谓词", "all_pass": "全部 {n} 个谓词在每个节点上都通过。", "others_pass": "其余 {n} 个谓词在每个节点上都通过。",
        "only_one": "只有 `{node}` 通过预选：Schedule 直接返回它，不跑优选，lastNodeIndex 不变。",
        "priority_head": "优选（权重）", "total": "加权总分",
        "ties": "并列最高：{ties}（按分数、再按节点名降序）；lastNodeIndex {counter} % {n} = {pick} → `{node}`。",
        "top": "最高分只有 `{node}`；selectHost 仍把 lastNodeIndex 从 {counter} 加到 {next}。",
        "real": "真实的 kube-scheduler v1.9.9", "same": "与复刻相同", "differs": "与复刻不同",
        "real_bound": "绑定到 `{node}`", "real_refused": "PodScheduled 条件：`{error}`",
        "real_scores": "；日志里 {nodes} 个节点的 {n} 个优选分与加权总分逐项相同（LeastRequestedPriority 与 NodePreferAvoidPodsPriority 两项由日志推算）",
        "not_run": "本次构建没有与真实调度器对照：{why}", "not_in_report": "本次构建的实验室结果里没有这个场景（用 `k8s-reader lab compare --only scheduling` 运行）。",
        "problem": "这个场景没能在真实调度器上跑完：{problem}",
        "ok": "一致", "bad": "不一致", "summary_head": "| 场景 | 复刻的结果（逐个 Pod） | 真实 kube-scheduler |",
        "summary_total": "共 {n} 个场景、{pods} 个 Pod；与真实调度器一致的场景：{equal}/{ran}。", "not_compared": "未对照",
    },
    "en": {
        "provider_head": "| Name | Kind | Weight | Go function registered | Registered at |", "predicate": "predicate", "priority": "priority",
        "mandatory": " (mandatory)", "file": "Scenario file", "scenario": "Scenario", "run": "Run", "bound": "bound to", "refused": "not scheduled",
        "fails": "Failing predicates", "all_pass": "All {n} predicates pass on every node.", "others_pass": "The other {n} predicates pass on every node.",
        "only_one": "Only `{node}` passes the predicates; Schedule returns it at once, runs no priority and leaves lastNodeIndex alone.",
        "priority_head": "priority (weight)", "total": "weighted total",
        "ties": "Tied at the top: {ties} (by score, then node name, descending); lastNodeIndex {counter} % {n} = {pick} → `{node}`.",
        "top": "`{node}` alone has the top score; selectHost still moves lastNodeIndex from {counter} to {next}.",
        "real": "The real kube-scheduler v1.9.9", "same": "same as the replica", "differs": "differs from the replica",
        "real_bound": "bound it to `{node}`", "real_refused": "wrote the PodScheduled condition `{error}`",
        "real_scores": "; the {n} priority scores of {nodes} nodes in its log and the weighted totals are the same, one by one (LeastRequestedPriority and NodePreferAvoidPodsPriority derived from the log)",
        "not_run": "This build did not compare with the real scheduler: {why}", "not_in_report": "This build's lab results do not include this scenario (run `k8s-reader lab compare --only scheduling`).",
        "problem": "This scenario could not be run to the end on the real scheduler: {problem}",
        "ok": "equal", "bad": "different", "summary_head": "| Scenario | The replica's outcome, pod by pod | The real kube-scheduler |",
        "summary_total": "{n} scenarios, {pods} pods; scenarios equal on the real scheduler: {equal}/{ran}.", "not_compared": "not compared",
    },
}  # fmt: skip


def algorithm_table(facts: tuple[AlgorithmFact, ...], link, lang: str) -> str:
    """The provider's rows as the facts read them: `link(symbol_id, text)` links a Go function."""
    text = _TEXT[lang]
    rows = [text["provider_head"], "| --- | --- | ---: | --- | --- |"]
    for fact in facts:
        kind = text[fact.kind] + (text["mandatory"] if fact.mandatory else "")
        function = link(fact.function, fact.function.rsplit(".", 1)[-1]) if fact.function else "—"
        where = f"[`{fact.source.rsplit('/', 1)[-1]}`]({source_permalink(fact.source)})" if fact.source else "—"
        rows.append(f"| `{fact.name}` | {kind} | {'' if fact.weight is None else fact.weight} | {function} | {where} |")
    return "\n".join(rows)


def scenario_section(name: str, oracle: OracleReport | None, lang: str) -> str:
    """The scenario's file (folded), then pod by pod the replica's predicates, priorities, totals,
    tie rule and result, and the real scheduler's outcome with the verdict."""
    path = SCENARIOS / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(SCENARIOS.glob("*.yaml")))
        raise LookupError(f"no scenario {name!r} in {SCENARIOS.relative_to(_PROJECT)} (known: {known})")
    text = _TEXT[lang]
    relative = path.relative_to(_PROJECT).as_posix()
    source = path.read_text(encoding="utf-8")
    cluster = load_cluster(path)
    yaml_block = "\n".join("    " + line if line else "" for line in source.splitlines())
    teaches = cluster.teaches.get(lang) or cluster.teaches.get("zh", "")
    parts = [f'**{text["scenario"]} `{name}`**{"：" if lang == "zh" else ": "}{teaches}\n',
             f'??? example "{text["file"]}：{relative}"' if lang == "zh" else f'??? example "{text["file"]}: {relative}"',
             f"    ```yaml\n{yaml_block}\n    ```\n",
             f"{text['run']}: `k8s-reader replica kube-scheduler/schedule {relative}`" if lang == "en" else f"{text['run']}：`k8s-reader replica kube-scheduler/schedule {relative}`\n"]  # fmt: skip
    real = _real_result(name, oracle, lang)
    for decision in schedule_all(cluster):
        parts.append(_pod(decision, real, lang))
    if isinstance(real, str):
        parts.append(f"!!! note \"{text['real']}\"\n    {real}\n")
    return "\n".join(parts)


def scenario_summary(oracle: OracleReport | None, lang: str) -> str:
    """One row per scenario: each pod's node or error on the replica, and the real scheduler's verdict."""
    text = _TEXT[lang]
    rows = [text["summary_head"], "| --- | --- | --- |"]
    names = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
    pods = equal = ran = 0
    for name in names:
        decisions = schedule_all(load_cluster(SCENARIOS / f"{name}.yaml"))
        pods += len(decisions)
        outcomes = "<br>".join(f"`{d.pod.split('/', 1)[1]}` → " + (f"`{d.node}`" if d.node else f"*{html.escape(d.error or '')}*") for d in decisions)
        real = _real_result(name, oracle, lang)
        if isinstance(real, ScenarioResult):
            ran += 1
            equal += real.equal
            verdict = f'<span class="k8s-ok">{text["ok"]}</span>' if real.equal else f'<span class="k8s-bad">{text["bad"]}</span>'
        else:
            verdict = text["not_compared"]
        rows.append(f"| `{name}` | {outcomes} | {verdict} |")
    rows.append("\n" + text["summary_total"].format(n=len(names), pods=pods, equal=equal, ran=ran))
    if ran == 0:
        rows.append("\n" + _real_result(names[0], oracle, lang) if names else "")
    return "\n".join(rows)


def _real_result(name: str, oracle: OracleReport | None, lang: str) -> ScenarioResult | str:
    text = _TEXT[lang]
    if oracle is None or not oracle.ran:
        return text["not_run"].format(why=oracle.why_not if oracle else "—")
    found = next((r for r in oracle.scheduling if r.name == name), None)
    if found is None:
        return text["not_in_report"]
    if found.problem:
        return text["problem"].format(problem=found.problem)
    return found


def _pod(decision: Decision, real: ScenarioResult | str, lang: str) -> str:
    text = _TEXT[lang]
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
        out.append(_verdict(decision, real, lang))
    return "\n".join(out)


def _verdict(decision: Decision, real: ScenarioResult, lang: str) -> str:
    text = _TEXT[lang]
    pod = next((p for p in real.pods if p.pod == decision.pod), None)
    if pod is None:
        return ""
    seen = pod.real
    what = text["real_bound"].format(node=seen.node) if seen.node else text["real_refused"].format(error=seen.error)
    if seen.scores:
        what += text["real_scores"].format(n=sum(len(row) for row in seen.scores.values()), nodes=len(seen.scores))
    if pod.equal:
        return f'!!! success "{text["real"]}：{text["same"]}"\n    {what}。\n' if lang == "zh" else f'!!! success "{text["real"]}: {text["same"]}"\n    It {what}.\n'
    lines = "\n".join(f"    - {html.escape(d)}" for d in pod.differences)
    return f'!!! failure "{text["real"]}：{text["differs"]}"\n    {what}。\n\n{lines}\n' if lang == "zh" else f'!!! failure "{text["real"]}: {text["differs"]}"\n    It {what}.\n\n{lines}\n'


def language(chapters) -> str:
    """The language of the chapter being rendered: the i18n engine's, else the file's suffix (.en.md)."""
    lang = getattr(chapters, "lang", None) or getattr(chapters, "language", None)
    if lang in _TEXT:
        return lang
    return "en" if chapters.page.endswith(".en.md") or chapters.page.startswith("en/") else "zh"


__all__ = ["algorithm_table", "language", "scenario_section", "scenario_summary"]
