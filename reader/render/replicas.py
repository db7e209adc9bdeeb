"""Replica pages: each Python replica beside the Go it mirrors, and the result of checking it
against the facts, computed when the site is built.

    replicas/index.md          every replica, what it mirrors, how it was checked
    replicas/<name>.md         the run command, the check, the Go ↔ Python steps, the whole source

each in every language (replicas/index.en.md …): the same code, the chrome from the UI strings.
"""

from __future__ import annotations

import html
import inspect
import json
from pathlib import Path
from dataclasses import dataclass
from functools import partial

from pygments.lexers import PythonLexer

from reader.facts.models import Step
from reader.parse import line_starts
from reader.render.highlight import highlight
from reader.render.lab import PAGE as LAB_PAGE
from reader.lab.differential import COMMAND_SUITES
from reader.render.lab import oracle_summary
from reader.errors import ReaderError, UsageError
from reader.render.pages import ChapterMention, Renderer, copy_text_attribute, table_cell, table_head
from reader.render.strings import UI
from reader.render.urls import localized, relative
from reader.replicas import load, module_name, module_path, runnable
from reader.replicas.differences import CheckResult
from reader.replicas.steps import MirroredFunction, MirroredStep, go_function_lines, mirrored_functions, mirrored_steps

_PYTHON = PythonLexer(stripnl=False, ensurenl=False)
# The replicas the lab compares with a real binary (reader/lab/differential.py), and which binary.
ORACLE_REPLICAS = {
    **{suite.replica: suite.component for suite in COMMAND_SUITES},
    "kube-apiserver/add_flags": "kube-apiserver", "kube-apiserver/server_chain": "kube-apiserver", "kube-apiserver/request": "kube-apiserver",
}


@dataclass(frozen=True)
class ScenarioOracle:
    """A replica the lab compares with a real binary through scenarios: which results of the report,
    their words in templates/strings.yml (replicas.scenarios.<kind>), and the section that shows them."""

    kind: str  # also the OracleReport field holding the results, each with an `equal`
    chapter: str
    section: str


SCENARIO_REPLICAS = {
    "kube-scheduler/schedule": ScenarioOracle("scheduling", "chapters/kube-scheduler/07-prioritize.md", "lab-comparison"),
    "kube-controller-manager/rollout": ScenarioOracle("rollouts", "chapters/kube-controller-manager/07-replicaset-deployment.md", "repeatability"),
    "kube-controller-manager/replicaset": ScenarioOracle("slow_start", "chapters/kube-controller-manager/07-replicaset-deployment.md", "slow-start-batches"),
    "kube-controller-manager/node_lifecycle": ScenarioOracle("node_lifecycle", "chapters/kube-controller-manager/08-node-service.md", "observed-nodes"),
}


SUMMARIES_FILE = "chapters/replicas.json"  # what each replica does, in the reader's words, per language


def load_summaries(project: Path) -> dict[str, dict[str, str]]:
    """Replica name → {language → summary}; names no replica has are a one-line error."""
    path = project / SUMMARIES_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the replica summaries ({exc.strerror or exc})") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    stale = sorted(set(data) - set(runnable()))
    if stale:
        raise UsageError(f"{path}: {', '.join(stale)} names no replica (reader/replicas/); remove it")
    return data


class ReplicaPages:
    def __init__(self, renderer: Renderer, mentions: dict[str, list[ChapterMention]] | None = None) -> None:
        self.r = renderer
        self.index = renderer.index
        self.checks = [check for result in renderer.src.books.values() for check in result.checks]
        self.mentions = mentions or {}  # "replica:<name>" -> the chapter sections that show the replica
        self.summaries = load_summaries(renderer.src.project)
        self.go_lines = go_function_lines(self.index.symbols, renderer.src.source)

    def render(self) -> dict[str, str]:
        pages = {}
        for lang, ui in self.r.ui.items():
            for name in runnable():
                page = localized(f"replicas/{name}.md", lang)
                pages[page] = self.page(name, page, ui)
            pages[localized("replicas/index.md", lang)] = self.index_page(localized("replicas/index.md", lang), ui)
        return pages

    # ------------------------------------------------------------ pages

    def index_page(self, page: str, ui: UI) -> str:
        rows = table_head(ui("replicas.index_header"))
        for name in runnable():
            first_sentence = self._summary_text(name, ui.lang).split("。")[0].split(". ")[0].rstrip(".。") + ("。" if ui.lang == "zh" else ".")
            shown = "<br>".join(f"[{m.label}]({relative(page, m.page, m.anchor)})" for m in self._shown_in(name, ui.lang)) or "—"
            rows.append(f"| [{_breakable_name(name)}]({relative(page, f'replicas/{name}.md')}) | {table_cell(first_sentence)} | {shown} | {self._summary(name, ui)} | {self._oracle_cell(name, page, ui)} |")
        intro = f"# {ui('replicas.index_title')} {{ #replicas }}\n\n{ui('replicas.index_intro', lab=relative(page, LAB_PAGE))}\n\n"
        return intro + "\n".join(rows) + "\n"

    def page(self, name: str, page: str, ui: UI) -> str:
        module = load(name)
        doc = inspect.getdoc(module) or ""
        # wide pages: the Go and Python halves of each pair need the room the sidebars take
        parts = ["---\nhide:\n  - navigation\n  - toc\n---\n", f"# {ui('replicas.title', name=name)} {{ #replica }}\n", self._summary_text(name, ui.lang) + "\n"]
        shown = self._shown_in(name, ui.lang)
        if shown:
            parts.append(ui("replicas.shown_in") + " " + " · ".join(f"[{m.label}]({relative(page, m.page, m.anchor)})" for m in shown) + "\n")
        parts += [ui("replicas.run", name=name, module=module_name(name)) + "\n",
                  f'<details class="k8s-doc-details"><summary>{ui("replicas.docstring")}</summary><pre class="k8s-doc">{html.escape(doc)}</pre></details>\n']  # fmt: skip
        parts.append(self._check_section(name, ui))
        if name in ORACLE_REPLICAS:
            parts.append(oracle_summary(self.r.src.oracle, ORACLE_REPLICAS[name], ui=ui) + "\n" + ui("replicas.see_lab", lab=relative(page, LAB_PAGE)) + "\n")
        if name in SCENARIO_REPLICAS:
            scenarios = SCENARIO_REPLICAS[name]
            verdict = self._scenario_verdict(scenarios, ui) or ui("replicas.scenarios_not_run", lab=relative(page, LAB_PAGE))
            chapter = localized(scenarios.chapter, ui.lang)
            shown = (self.r.src.project / chapter).is_file()  # a project without the chapter (a fixture) gets no link
            where = ui("replicas.scenarios_where", href=relative(page, chapter, scenarios.section)) if shown else ""
            parts.append(ui(f"replicas.scenarios.{scenarios.kind}", verdict=verdict, where=where) + "\n")
        source = inspect.getsource(module).encode()
        starts = line_starts(source)
        path = module_path(name)
        # rendered first, though shown last: the listing owns the replica's line anchors (the
        # pairs' Python repeats its lines without ids) and the file gets its plain base name
        listing = highlight(source, 0, len(source), 1, [], line_id=partial(self.r.line_anchors[page].claim, path), lexer=_PYTHON)
        steps = mirrored_steps(module)
        if steps:
            parts.append(f"## {ui('replicas.steps')} {{ #steps }}\n\n{ui('replicas.steps_intro')}\n")
            facts = self._facts_for(steps)
            parts.extend(self._pair(page, step, facts.get(step), path, source, starts, ui) for step in steps)
        stepped = {step.python_function for step in steps}
        functions = [f for f in mirrored_functions(module) if f.python_function not in stepped]
        if functions:
            parts.append(f"## {ui('replicas.functions')} {{ #functions }}\n\n{ui('replicas.functions_intro')}\n")
            parts.extend(self._function_pair(page, function, path, source, starts, ui) for function in functions)
        parts.append(f'## {ui("replicas.source")} {{ #source }}\n\n<div class="k8s-excerpt"{copy_text_attribute(source, 0, len(source))}><div class="k8s-code-title">{path} · Python</div>{listing}</div>\n')
        return "\n".join(parts)

    # ------------------------------------------------------------ pieces

    def _summary_text(self, name: str, lang: str) -> str:
        text = self.summaries.get(name, {}).get(lang)
        if not text:
            raise ReaderError(f"{SUMMARIES_FILE}: no {lang} summary of the replica {name!r}; add one")
        return text

    def _shown_in(self, name: str, lang: str) -> list[ChapterMention]:
        """The chapter sections whose replica() directive shows this replica, in this language."""
        return [m for m in self.mentions.get(f"replica:{name}", []) if m.lang == lang]

    def _summary(self, name: str, ui: UI) -> str:
        mine = [c for c in self.checks if c.replica == name]
        if not mine:
            return ui("replicas.tested_only")
        bad = sum(len(c.differences) for c in mine)
        total = sum(c.compared for c in mine)
        return ui("replicas.check_equal", total=total) if bad == 0 else ui("replicas.check_different", count=bad, total=total)

    def _oracle_cell(self, name: str, page: str, ui: UI) -> str:
        oracle = self.r.src.oracle
        if name in SCENARIO_REPLICAS:
            return self._scenario_verdict(SCENARIO_REPLICAS[name], ui) or f'<a href="{relative(page, LAB_PAGE)}">{ui("replicas.oracle_not_run")}</a>'
        if name not in ORACLE_REPLICAS:
            return "—"
        results = [r for r in oracle.results if r.component == ORACLE_REPLICAS[name]] if oracle is not None and oracle.ran else []
        if not results:
            return f'<a href="{relative(page, LAB_PAGE)}">{ui("replicas.oracle_not_run")}</a>'
        equal = sum(r.equal for r in results)
        return ui("replicas.oracle_equal" if equal == len(results) else "replicas.oracle_different", equal=equal, total=len(results))

    def _scenario_verdict(self, scenarios: ScenarioOracle, ui: UI) -> str:
        """How many of the replica's scenarios the real binary played as the replica did ("" when none ran)."""
        oracle = self.r.src.oracle
        results = getattr(oracle, scenarios.kind) if oracle is not None and oracle.ran else ()
        if not results:
            return ""
        equal = sum(r.equal for r in results)
        noun = ui(f"replicas.scenarios_noun.{scenarios.kind}")
        return ui("replicas.scenarios_equal" if equal == len(results) else "replicas.scenarios_different", equal=equal, total=len(results), noun=noun)

    def _check_section(self, name: str, ui: UI) -> str:
        mine: list[CheckResult] = [c for c in self.checks if c.replica == name]
        if not mine:
            return f'!!! note "{ui("replicas.check_none_title")}"\n    {ui("replicas.check_none")}\n'
        out = []
        for check in mine:
            what = html.escape(check.what)
            if check.differences:
                lines = "\n".join(f"    - {html.escape(d)}" for d in check.differences)
                out.append(f'!!! failure "{ui("replicas.check_failure_title", what=what)}"\n    {ui("replicas.check_failure", count=len(check.differences), total=check.compared)}\n\n{lines}\n')
            else:
                out.append(f'!!! success "{ui("replicas.check_success_title", what=what)}"\n    {ui("replicas.check_success", total=check.compared)}\n')
        return "\n".join(out)

    def _facts_for(self, steps: list[MirroredStep]) -> dict[MirroredStep, Step]:
        """Each mirrored step's Go step: the n-th `if err != nil {` of a function is its n-th one."""
        pending: dict[tuple[str, str], list[Step]] = {}
        for fact in (s for result in self.r.src.books.values() for s in result.facts.steps):
            pending.setdefault((fact.function, fact.text), []).append(fact)
        out = {}
        after: dict[str, int] = {}  # the Go line the previous marker of a function was found on
        for step in sorted(steps, key=lambda s: (s.go_function, s.first_line)):
            queue = pending.get((step.go_function, step.text))
            if queue:
                out[step] = queue.pop(0)
            else:  # a function the facts do not list statements of: the marker's line in its source
                found = self._line_of(step, after.get(step.go_function, 0))
                if found is not None:
                    out[step] = found
            if step in out:
                after[step.go_function] = out[step].line
        return out

    def _line_of(self, step: MirroredStep, after: int) -> Step | None:
        """The first line after `after` of the Go function whose text is the marker's (stripped)."""
        line = next((n for n, text in self.go_lines(step.go_function) or () if n > after and text == step.text), None)
        return Step(step.go_function, -1, "line", line, line, step.text, (), (), ()) if line is not None else None

    def _listing_link(self, page: str, path: str, line: int) -> str:
        """A link to a line of the replica's listing at the foot of its page."""
        return f'<a href="#{self.r.line_anchors[page].target(path, line)}">{html.escape(path)}:{line}</a>'

    def _function_pair(self, page: str, function: MirroredFunction, path: str, source: bytes, starts: list[int], ui: UI) -> str:
        symbol = self.index.symbols.get(function.go_function)
        if symbol is None:
            go = f'<div class="k8s-missing">{ui("replicas.no_function", code=f"<code>{html.escape(function.go_function)}</code>")}</div>'
        else:
            go = self.r.code(page, symbol)
        head = (f'{self.r.symbol_link(page, function.go_function)} → {self._listing_link(page, path, function.first_line)}'
                f' <code>{html.escape(function.python_function)}</code>')  # fmt: skip
        return _pair_html(head, go, source, starts, function.first_line, function.last_line)

    def _pair(self, page: str, step: MirroredStep, fact: Step | None, path: str, source: bytes, starts: list[int], ui: UI) -> str:
        symbol = self.index.symbols.get(step.go_function)
        if fact is None or symbol is None:
            go = f'<div class="k8s-missing">{ui("replicas.no_step", code=f"<code>{html.escape(step.text)}</code>")}</div>'
            where = html.escape(step.go_function)
        else:
            go = self.r.code(page, symbol, fact.line, fact.end_line)
            target = self.r.pages_for.get(symbol.id)
            anchor = self.r.line_href(page, target, symbol.file, fact.line) if target else None
            label = f"{symbol.file}:{fact.line}"
            where = f'<a href="{html.escape(anchor)}">{html.escape(label)}</a>' if anchor else html.escape(label)
        go_function = step.go_function.rsplit("/", 1)[-1]
        head = f'{html.escape(go_function)} · {where} → {self._listing_link(page, path, step.first_line)}'
        return _pair_html(head, go, source, starts, step.first_line, step.last_line)


def _pair_html(head: str, go: str, source: bytes, starts: list[int], first: int, last: int) -> str:
    """Go on the left, lines first..last of the replica's Python on the right (without anchors:
    the listing has them), under one heading."""
    end = starts[last] if last < len(starts) else len(source)
    python = highlight(source, starts[first - 1], end, first, [], lexer=_PYTHON)
    return (f'<div class="k8s-pair" markdown="0"><div class="k8s-pair-head">{head}</div><div class="k8s-pair-go">{go}</div>'
            f'<div class="k8s-pair-py"><div class="k8s-excerpt"{copy_text_attribute(source, starts[first - 1], end)}>{python}</div></div></div>\n')  # fmt: skip


def _breakable_name(name: str) -> str:
    """A replica's name as code that may break after its book's slash, never inside a word."""
    parts = [f'<span class="k8s-nowrap">{html.escape(part)}</span>' for part in name.replace("/", "/\0").split("\0")]
    return f"<code>{'<wbr>'.join(parts)}</code>"


__all__ = ["ReplicaPages"]
