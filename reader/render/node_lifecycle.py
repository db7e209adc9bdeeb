"""What the kube-controller-manager book shows of the node lifecycle and Service controllers, in
Chinese or English: a node scenario on the replica and on the real v1.9.9 (OracleReport.node_lifecycle,
reader/lab/node_lifecycle.py), and the lines of starting the Service controller without a cloud
provider.  With a lab result the replica's numbers are the ones it gave for the lab's own inputs
(creation times, first pass, heartbeats); without one, the replica runs now, assuming the first pass
ASSUMED_FIRST_PASS after the nodes' creation, and the page says so.

    {{ node_lifecycle("defaults") }}    reader/lab/scenarios/nodes/defaults.yaml, node by node
    {{ service_controller() }}          the start lines the replica expects, found or not in the real log; the LoadBalancer Services
"""

from __future__ import annotations

import html
from pathlib import Path

from reader.lab.node_lifecycle import EARLY_TOLERANCE, LATE_TOLERANCE, SCENARIOS, NodeResult, ScenarioResult, Side
from reader.lab.oracle import OracleReport
from reader.render.lab import why_not_run
from reader.render.pages import table_cell, table_head
from reader.render.strings import UI
from reader.replicas.kube_controller_manager.node_lifecycle import ASSUMED_FIRST_PASS, CREATED, FIRST_SIGHT, Prediction, Scenario, lab_start_log, load_scenario, predict_scenario

_PROJECT = Path(__file__).resolve().parents[2]


def scenario_section(name: str, oracle: OracleReport | None, ui: UI) -> str:
    path = SCENARIOS / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(SCENARIOS.glob("*.yaml")))
        raise LookupError(f"no node scenario {name!r} in {SCENARIOS.relative_to(_PROJECT)} (known: {known})")
    scenario = load_scenario(path)
    relative = path.relative_to(_PROJECT).as_posix()
    colon = "：" if ui.lang == "zh" else ": "
    yaml_block = "\n".join("    " + line if line else "" for line in path.read_text(encoding="utf-8").splitlines())
    period, grace, startup = (scenario.timing().monitor_period, scenario.timing().monitor_grace, scenario.timing().startup_grace)
    flags = " ".join(f"`{f}`" for f in scenario.flags) or ui("nodes.no_flags")
    parts = [f"**{ui('nodes.scenario')} `{name}`**{colon}{scenario.teaches.get(ui.lang) or scenario.teaches.get('zh', '')}\n",
             f'??? example "{ui("nodes.file")}{colon}{relative}"',
             f"    ```yaml\n{yaml_block}\n    ```\n",
             ui("nodes.run", command=f"k8s-reader replica kube-controller-manager/node_lifecycle {relative}") + "\n",
             ui("nodes.durations", period=_s(period), grace=_s(grace), startup=_s(startup), flags=flags) + "\n"]  # fmt: skip
    real = _real(name, oracle, ui)
    if isinstance(real, ScenarioResult):
        rows = [_row(scenario, n.node, n.created, n.clock_from, n.grace, n.deadline, n.replica, n, ui) for n in real.nodes]
        note = _verdict(real, ui)
    else:
        predictions, until = predict_scenario(scenario)
        rows = [_row(scenario, p.node, -ASSUMED_FIRST_PASS, p.clock_from, p.grace, p.deadline - ASSUMED_FIRST_PASS, _side(p, ASSUMED_FIRST_PASS), None, ui) for p in predictions]
        note = f'!!! note "{ui("nodes.real")}"\n    {real}\n\n    {ui("nodes.assumed", first_pass=_s(ASSUMED_FIRST_PASS), until=_s(until - ASSUMED_FIRST_PASS))}\n'
    parts += ["\n".join([*table_head(ui("nodes.header")), *rows]) + "\n", note]
    return "\n".join(parts)


def service_section(oracle: OracleReport | None, ui: UI) -> str:
    """The start lines, and each scenario's Services as the real run left them."""
    real = [r for r in oracle.node_lifecycle if not r.problem] if oracle is not None and oracle.ran else []
    found = {(line.severity, line.message): line.found for line in real[0].start_log} if real else {}
    rows = table_head(ui("nodes.log_header"))
    for severity, message in lab_start_log():
        seen = (f'<span class="k8s-ok">{ui("nodes.found")}</span>' if found.get((severity, message)) else f'<span class="k8s-bad">{ui("nodes.missing")}</span>') if real else "—"
        rows.append(f"| `{severity}` | `{table_cell(message)}` | {seen} |")
    out = ["\n".join(rows) + "\n"]
    if not real:
        why = ui("nodes.not_run", why=why_not_run(oracle, ui)) if oracle is None or not oracle.ran else ui("nodes.not_in_report")
        out.append(f'!!! note "{ui("nodes.real")}"\n    {why}\n')
        return "\n".join(out)
    for result, service in ((r, s) for r in real for s in r.services):
        key = "nodes.ingress_none" if not service.ingress else "nodes.ingress_some"
        out.append(ui(key, name=service.name, type=service.type, ingress=", ".join(service.ingress), until=_s(result.until), scenario=result.name) + "\n")
    return "\n".join(out)


def _row(scenario: Scenario, node: str, created: float, clock_from: str, grace: float, deadline: float, replica: Side, real: NodeResult | None, ui: UI) -> str:
    spec = next(s for s in scenario.nodes if s.name == node)
    if spec.ready is None:
        reported = ui("nodes.never_reported")
    else:
        reported = ui("nodes.reported", status=spec.ready, age=_s(spec.heartbeat_age))
        if spec.heartbeat_every:
            reported += ui("nodes.keeps_posting", every=_s(spec.heartbeat_every))
    start = {FIRST_SIGHT: ui("nodes.from_first_sight"), CREATED: ui("nodes.from_created", created=_s(created))}.get(clock_from, ui("nodes.from_heartbeat"))
    window = ui("nodes.never") if replica.written_at is None else f"[{_s(deadline)}, {_s(replica.written_at)}]"
    if real is None:
        seen = "—"
    else:
        when = ui("nodes.never") if real.real.written_at is None else _s(real.real.written_at)
        seen = f"{when} {_mark(real.equal, ui)}"
    return f"| `{node}` | {reported} | {start} | {_s(grace)} | {window} | {seen} | {_written(replica, ui)} |"


def _written(side: Side, ui: UI) -> str:
    """The replica's Ready condition at the end, and the other conditions a write added or changed."""
    ready = next((c for c in side.conditions if c[0] == "Ready"), None)
    if ready is None:
        return "—"
    if side.written_at is None:
        return ui("nodes.unchanged", status=ready[1])
    others = ", ".join(f"`{c[0]}` {c[1]} (`{c[2]}`)" for c in side.conditions if c[0] != "Ready")
    text = f"{ready[1]} · `{ready[2]}` · {html.escape(ready[3])}"
    if others:
        text += "<br>" + ui("nodes.also", conditions=others)
    if side.event:
        text += "<br>" + ui("nodes.event", event=side.event)
    return text


def _verdict(result: ScenarioResult, ui: UI) -> str:
    late = [n.real.written_at - n.replica.written_at for n in result.nodes if n.real.written_at is not None and n.replica.written_at is not None]
    facts = ui("nodes.real_facts", first_pass=_s(result.started_to_first_pass), flags=" · ".join(_s(t) for t in result.real_timing), until=_s(result.until))
    if late:
        facts += " " + ui("nodes.real_late", low=f"{min(late):+.3f}", high=f"{max(late):+.3f}", early=_s(EARLY_TOLERANCE), tolerance=_s(LATE_TOLERANCE))
    if result.equal:
        return f'!!! success "{ui("nodes.real")}{"：" if ui.lang == "zh" else ": "}{ui("nodes.same")}"\n    {facts}\n'
    lines = "\n".join(f"    - {html.escape(d)}" for d in result.differences)
    return f'!!! failure "{ui("nodes.real")}{"：" if ui.lang == "zh" else ": "}{ui("nodes.differs")}"\n    {facts}\n\n{lines}\n'


def _real(name: str, oracle: OracleReport | None, ui: UI) -> ScenarioResult | str:
    """The scenario's lab result, or a sentence saying why there is none."""
    if oracle is None or not oracle.ran:
        return ui("nodes.not_run", why=why_not_run(oracle, ui))
    found = next((r for r in oracle.node_lifecycle if r.name == name), None)
    if found is None:
        return ui("nodes.not_in_report")
    return ui("nodes.problem", problem=found.problem) if found.problem else found


def _side(p: Prediction, first_pass: float) -> Side:
    rel = lambda t: None if t is None else round(t - first_pass, 3)  # noqa: E731
    return Side(rel(p.written_at), tuple((c.type, c.status, c.reason, c.message, rel(c.last_heartbeat)) for c in p.conditions), p.event)


def _mark(ok: bool, ui: UI) -> str:
    return f'<span class="k8s-ok">{ui("nodes.ok")}</span>' if ok else f'<span class="k8s-bad">{ui("nodes.bad")}</span>'


def _s(seconds: float) -> str:
    """Seconds as the page writes them: 40, 7.412, -0.588 (three decimals at most)."""
    return f"{seconds:.3f}".rstrip("0").rstrip(".")
