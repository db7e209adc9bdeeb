"""Chapters: Markdown with Jinja2 directives that name symbols, never line numbers.

    {{ code("k8s.io/kubernetes/cmd/kube-apiserver.main") }}
    {{ code("…/app.CreateServerChain", start="nodeTunneler, proxyTransport", end="kubeAPIServerConfig, sharedInformers",
            notes={"CreateKubeAPIServerConfig(": "构造 kube-apiserver 的配置"}) }}
    {{ flags() }}   {{ fields("Etcd") }}   {{ all_fields() }}   {{ controllers() }}   (the chapter's book's facts)   {{ callgraph("…/app.CreateServerChain", depth=2) }}  (inline SVG)
    {{ sequence("k8s.io/kubernetes/cmd/kube-apiserver.main") }}   {{ link("…/app.Run") }}   {{ layout() }}
    {{ callees("…/options.NewServerRunOptions", prefixes=["New"]) }}   (the code of each matching callee)
    {{ graph_page("…/app.Run", depth=4) }}   (a page of its own for the chapter's call graph; returns a link)
    {{ replica("pflag", "FlagSet._long", go="…/pflag.(*FlagSet).parseLongArg") }}   (Go | Python tabs)
    {{ handler_chain("…/server.BuildInsecureHandlerChain") }}   {{ yaml_fields("deployment.yaml", "k8s.io/api/apps/v1.Deployment") }}
    {{ request_answer("deployment.yaml", "/apis/apps/v1/namespaces/default/deployments") }}   (reader/render/requests.py)
    {{ rollout("seed") }}   {{ rollouts() }}   {{ slow_start() }}   (rollout scenarios and slow-start batches, replica and real: reader/render/rollouts.py)
    {{ node_lifecycle("defaults") }}   {{ service_controller() }}   (reader/render/node_lifecycle.py)

A directive that cannot be satisfied — unknown symbol, anchor text that matches no line or
several — stops the build with `chapters/<file>:<line>: <what> (closest: …)`.

While a chapter renders, code(), link(), callees() and replica() note which symbols they name;
`Chapters.mentions` then says which chapter sections name each symbol, for the symbols' pages.

Every chapter has an edition per language: `01-main.md` (Chinese, the default) and `01-main.en.md`
beside it, with the same directives.  A directive writes its chrome (table headers, "line N") in
the language of the chapter it is in, from the UI strings table.  The two editions share their
anchors: `check_shared_anchors` holds them to the same heading ids in the same order.
"""

from __future__ import annotations

import difflib
import html
import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2
import markdown
import yaml

from reader.errors import ReaderError
from pygments.lexers import PythonLexer

from reader.replicas import load as load_replica, module_path
from reader.render.directories import directories_file, load_directories, problems as directory_problems, tally
from reader.render.graph import CHAPTER_BOXES, PAGE_BOXES, WORD_KEYS, Message, callgraph_svg, distinct_packages, graph_boxes, sequence_svg, split_graph, split_symbol
from reader.render.highlight import highlight
from reader.index.query import closest_symbols, symbol_matches
from reader.parse import line_starts
from reader.render.pages import ChapterMention, Renderer, copy_text_attribute, flags_page, table_cell, table_head
from reader.render.requests import RequestPages
from reader.render.strings import DEFAULT_LANGUAGE, LANGUAGES, UI
from reader.render.urls import localized, relative, unlocalized
from reader.trace.trace import trace as run_trace


_PYTHON = PythonLexer(stripnl=False, ensurenl=False)
# A directive's output starts with a marker (Private Use Area characters, never in a chapter)
# naming the symbol it shows; after rendering, the heading above each marker is its section.
_MARKER = re.compile("\ue000(\\d+)\ue001")
_HEADING = re.compile(r"#{1,6}(?!#)")  # a line Python-Markdown reads as an ATX heading
_FENCE = re.compile(r"(```|~~~)")


class DirectiveError(Exception):
    pass


class Chapters:
    def __init__(self, renderer: Renderer) -> None:
        self.r = renderer
        self.index = renderer.index
        self.page = ""
        self.book = ""  # the book of the chapter being rendered ("" for the home page)
        self.lang = DEFAULT_LANGUAGE  # the language of the chapter being rendered
        self.t: UI = renderer.ui[DEFAULT_LANGUAGE]  # its UI strings
        self.extra_pages: dict[str, str] = {}  # pages a chapter asks for (its call-graph page)
        self.tab_sets = 0  # content-tab sets on the page being rendered (their ids must be unique)
        self.mentions: dict[str, list[ChapterMention]] = {}  # symbol id -> chapter sections naming it
        self.heading_ids: dict[str, list[str]] = {}  # page -> the ids of its headings, in order
        self._named: list[str] = []  # symbol ids the markers on the page being rendered stand for

    def _mention(self, symbol_id: str) -> str:
        """A marker for the page being rendered saying it names `symbol_id` here."""
        self._named.append(symbol_id)
        return f"\ue000{len(self._named) - 1}\ue001"

    # ------------------------------------------------------------ directives

    def _result(self):
        """The results of the chapter's book (the first book's for the home page)."""
        books = self.r.src.books
        return books.get(self.book) or next(iter(books.values()))

    def _book(self):
        return self._result().book

    def _facts(self):
        return self._result().facts

    def _symbol(self, query: str):
        matches = symbol_matches(self.index, query)  # strict: a chapter names symbols exactly
        if len(matches) == 1:
            return self.index.symbols[matches[0]]
        if matches:
            raise DirectiveError(f"symbol {query!r} is ambiguous (closest: {', '.join(sorted(matches)[:5])})")
        raise DirectiveError(f"unknown symbol {query!r} (closest: {', '.join(closest_symbols(self.index, query, 3)) or 'none'})")

    def _line_matching(self, symbol, text: str, lines: list[str], what: str) -> int:
        hits = [symbol.span.line + i for i, line in enumerate(lines) if text in line]
        if not hits:
            near = difflib.get_close_matches(text, [line.strip() for line in lines], n=2, cutoff=0.4)
            raise DirectiveError(f"{what} text {text!r} matches no line of {symbol.id} (closest: {'; '.join(near) or 'none'})")
        if len(hits) > 1:
            raise DirectiveError(f"{what} text {text!r} matches lines {', '.join(map(str, hits))} of {symbol.id}; make it unique")
        return hits[0]

    def code(self, query: str, start: str | None = None, end: str | None = None, notes: dict[str, str] | None = None) -> str:
        symbol = self._symbol(query)
        data = self.r.src.source(symbol.file)
        starts = line_starts(data)
        lines = [
            data[starts[n - 1] : starts[n] if n < len(starts) else len(data)].decode("utf-8", "replace")
            for n in range(symbol.span.line, symbol.span.end_line + 1)
        ]  # fmt: skip
        first = self._line_matching(symbol, start, lines, "start") if start else symbol.span.line
        last = self._line_matching(symbol, end, lines, "end") if end else symbol.span.end_line
        if last < first:
            raise DirectiveError(f"end {end!r} (line {last}) comes before start {start!r} (line {first}) in {symbol.id}")
        noted: list[tuple[int, str]] = []  # (line, note), in the notes' order
        marks: dict[int, str] = {}  # line -> its note numbers
        for number, (text, note) in enumerate((notes or {}).items(), 1):
            line = self._line_matching(symbol, text, lines, "note")
            if not first <= line <= last:
                raise DirectiveError(f"note text {text!r} is on line {line}, outside the excerpt {first}-{last}")
            noted.append((line, note))
            marks[line] = marks.get(line, "") + f'<span class="k8s-note-mark">{number}</span>'
        block = self._mention(symbol.id) + self.r.code(self.page, symbol, first, last, marks)
        if not noted:
            return block
        # the line's anchor on this page: here, or where the page showed that line first
        anchors = self.r.line_anchors[self.page]
        items = [
            f'<li value="{number}">' + self.t("note.item", line=f'<a href="#{anchors.target(symbol.file, line)}">{self.t("note.line", line=line)}</a>', note=html.escape(note)) + "</li>"
            for number, (line, note) in enumerate(noted, 1)
        ]  # fmt: skip
        return block + '<ol class="k8s-notes">' + "".join(items) + "</ol>"

    def callees(self, query: str, prefixes: tuple[str, ...] | list[str] = ("New",)) -> str:
        """The source of every in-tree function or method a symbol calls whose name starts with
        one of `prefixes`, each under its own heading, in call order (the list comes from the index)."""
        symbol = self._symbol(query)
        shown: list[str] = []
        for edge in self.index.calls_from(symbol.id):
            callee = self.index.symbols.get(edge.callee or "")
            if callee is None or callee.id in shown or not callee.name.startswith(tuple(prefixes)):
                continue
            shown.append(callee.id)
        if not shown:
            raise DirectiveError(f"{symbol.id} calls nothing in the tree named {'/'.join(prefixes)}*")
        parts = []
        for sid in shown:
            callee = self.index.symbols[sid]
            parts.append(f"### {sid.rsplit('/', 1)[-1]}\n\n" + self._mention(sid) + self.r.code(self.page, callee))
        return self._mention(symbol.id) + "\n\n".join(parts)

    def oracle(self) -> str:
        """The comparison of the replicas with the real v1.9.9 binaries, as this build found it."""
        from reader.render.lab import PAGE, oracle_summary

        return oracle_summary(self.r.src.oracle, ui=self.t) + "\n" + self.t("oracle.see_lab", href=relative(self.page, PAGE)) + "\n"

    def replica(self, step: str, python: str, go: str | None = None, run: str = "") -> str:
        """The Go a replica mirrors and the replica's Python side by side (content tabs), with the
        command that runs it.  `python` names a function or class of reader/replicas/<step>.py."""
        try:
            module = load_replica(step)
        except ModuleNotFoundError:
            raise DirectiveError(f"no replica {step!r} in reader/replicas") from None
        target = module
        for part in python.split("."):
            target = getattr(target, part, None)
            if target is None:
                raise DirectiveError(f"{module_path(step)} has no {python!r}")
        lines, first = inspect.getsourcelines(target)
        source = "".join(lines).encode()
        path = module_path(step)
        py_html = highlight(source, 0, len(source), first, [], line_id=partial(self.r.line_anchors[self.page].claim, path), lexer=_PYTHON)
        py_html = f'<div class="k8s-excerpt"{copy_text_attribute(source, 0, len(source))}><div class="k8s-code-title">{path}#{first} · Python</div>{py_html}</div>'
        tabs = []
        if go is not None:
            go_symbol = self._symbol(go)
            tabs.append((self.t("replica.go_tab"), self._mention(go_symbol.id) + self.r.code(self.page, go_symbol)))
        tabs.append((self.t("replica.python_tab", path=path), py_html))
        out = [self._mention(f"replica:{step}") + self._tabs(tabs)]  # the replica's page lists the sections showing it
        command = run or f"k8s-reader replica {step}"
        out.append(self.t("replica.run", command=command, step=step, href=relative(self.page, f"replicas/{step}.md")))
        return "\n".join(out)

    def _tabs(self, tabs: list[tuple[str, str]]) -> str:
        """Content tabs as pymdownx.tabbed (alternate style) writes them, but as one raw HTML block:
        code inside Markdown tabs would be read as Markdown (`*p` turning into emphasis)."""
        self.tab_sets += 1
        name = f"k8s-tabs-{self.tab_sets}"
        inputs = "".join(f'<input {"checked " if i == 0 else ""}id="{name}-{i}" name="{name}" type="radio" />' for i in range(len(tabs)))
        labels = "".join(f'<label for="{name}-{i}">{html.escape(title)}</label>' for i, (title, _) in enumerate(tabs))
        blocks = "".join(f'<div class="tabbed-block">{body}</div>' for _, body in tabs)
        return (f'<div class="tabbed-set tabbed-alternate" data-tabs="{self.tab_sets}:{len(tabs)}">{inputs}'
                f'<div class="tabbed-labels">{labels}</div><div class="tabbed-content">{blocks}</div></div>\n')  # fmt: skip

    def rollout(self, scenario: str) -> str:
        """A worked rollout: the rollout replica run at build time on reader/lab/scenarios/rollouts/<scenario>,
        one row per change of a ReplicaSet's spec.replicas, with the event the controller records;
        under it, whether the real v1.9.9 controllers did the same in the lab (or why that was not compared)."""
        from reader.lab.rollouts import SCENARIO_DIR, Scenario, replica_names, run_on_replica
        from reader.render.rollouts import rollout_verdict

        if not (SCENARIO_DIR / scenario / "steps.yaml").is_file():
            raise DirectiveError(f"rollout({scenario!r}): no reader/lab/scenarios/rollouts/{scenario}/steps.yaml")
        loaded = Scenario.load(SCENARIO_DIR / scenario)
        report = run_on_replica(loaded, replica_names(self.r.src.root, self.index))
        rows = table_head(self.t("rollout.header"))
        for change, step in ((c, loaded.steps[c["step"] - 1]) for c in report["changes"]):
            event = next((e for e in report["events"] if e.endswith(f"{change['replica_set']} to {change['replicas']}")), "")
            rows.append(f"| {change['step']} `{_step_text(step)}` | `{change['replica_set']}` | {change['replicas']} | {event} |")
        rows += [f"| | `{name}` | {self.t('rollout.deleted')} | (revisionHistoryLimit) |" for name in report["deleted"]]
        try:
            verdict = rollout_verdict(scenario, self.r.src.oracle, self.t)
        except LookupError as exc:
            raise DirectiveError(str(exc)) from None
        return "\n".join(rows) + "\n\n" + verdict

    def rollouts(self) -> str:
        """Every rollout scenario the lab's report holds, each with how it was compared and the real controllers' verdict."""
        from reader.render.rollouts import rollout_summary

        return rollout_summary(self.r.src.oracle, self.t)

    def slow_start(self) -> str:
        """The ReplicaSet controller's slow-start batches, scenario by scenario (reader/lab/scenarios/slow-start/):
        the replica's, run now, and the real controller's from the lab's report."""
        from reader.lab.slow_start import load_scenarios
        from reader.render.rollouts import slow_start_summary

        return slow_start_summary(load_scenarios(), self.r.src.oracle, self.t)

    def link(self, query: str, text: str | None = None) -> str:
        symbol = self._symbol(query)
        return self._mention(symbol.id) + self.r.symbol_link(self.page, symbol.id, text or symbol.id.rsplit("/", 1)[-1])

    def flags(self, hidden: bool = True) -> str:
        rows = table_head(self.t("flags.header"))
        index_page = relative(self.page, flags_page(self._book().name))
        meanings = self.r.meanings(self._book().name)
        for f in self._facts().flags:
            if f.hidden and not hidden:
                continue
            tag = f" *({self.t('flags.deprecated')})*" if f.deprecated else f" *({self.t('flags.hidden')})*" if f.hidden else ""
            default = f.help_default.strip().removeprefix("(default ").removesuffix(")") if f.default is not None else None
            default_cell = f"*{self.t('flags.not_evaluated')}*" if default is None else f"`{default}`" if default else ""
            meaning = table_cell(meanings.flag(f.name, self.t.lang))
            name = f'<a href="{index_page}#flag-{f.name}"><code class="k8s-nowrap">--{f.name}</code></a>'
            where = f'<br><small>{self.r.location_link(self.page, f.source)}</small>'
            rows.append(f"| {name}{tag}{where} | <code class=\"k8s-nowrap\">{html.escape(f.type)}</code> | {table_cell(default_cell)} | {meaning} |")
        return "\n".join(rows)

    def fields(self, prefix: str = "", tables: frozenset[str] = frozenset()) -> str:
        """The rows of the options struct at `prefix` (the root for ""); a struct row whose own
        table is on the page (`tables`, from all_fields) links to it."""
        depth = prefix.count(".") + 1 if prefix else 0
        rows = [d for d in self._facts().defaults if d.depth == depth and (d.path.startswith(prefix + ".") if prefix else True)]
        if not rows:
            paths = [d.path for d in self._facts().defaults if d.depth <= 1]
            raise DirectiveError(f"no options fields under {prefix!r} (closest: {', '.join(difflib.get_close_matches(prefix, paths, n=3)) or 'none'})")
        table = table_head(self.t("fields.header"))
        meanings, facts = self.r.meanings(self._book().name), self._facts()
        for d in rows:
            value = f"`{table_cell(d.value)}`"
            if d.path in tables:
                value = f"[{value}](#{_fields_id(d.path)})"
            meaning = table_cell(meanings.field(facts, d.path, self.t.lang))
            set_at = self.r.location_link(self.page, d.set_at) if d.set_at else self.t("fields.zero")
            # the field's name under its struct's heading (the whole path on hover): names never break
            path = f'<code class="k8s-nowrap" title="{html.escape(d.path)}">{html.escape(d.path[len(prefix) + 1 :] if prefix else d.path)}</code>'
            table.append(f"| {path} | <code class=\"k8s-nowrap\">{html.escape(d.type)}</code> | {value} | {meaning} | {set_at} |")
        return "\n".join(table)

    def all_fields(self, heading: str = "###") -> str:
        """A field table for the top level and for every options struct in the defaults tree that
        has fields, each under its own heading (the list of structs comes from the facts); a
        struct's row links to its table."""
        defaults = self._facts().defaults
        parents = {d.path.rpartition(".")[0] for d in defaults}
        structs = [row for row in defaults if row.value == "{…}" and row.path in parents]
        tables = frozenset(row.path for row in structs)
        root = self._facts().options_type or "Options"
        parts = [f"{heading} {root} {{ #{_fields_id('')} }}\n\n" + self.fields("", tables)]
        for row in structs:
            sub = "#" if row.depth else ""
            parts.append(f"{heading}{sub} {row.path} {{ #{_fields_id(row.path)} }}\n\n`{row.type}`\n\n" + self.fields(row.path, tables))
        return "\n\n".join(parts)

    def books(self) -> str:
        """The home page's table of books: each component, what it does, its entry point, its
        chapters and its flag index (counts from the chapters directory and the facts)."""
        rows = table_head(self.t("books.header"))
        for name, result in self.r.src.books.items():
            book = result.book
            chapters = [c for c in chapter_files(self.r.src.project, [name]) if c.book and c.lang == self.t.lang]
            title = f"[{book.title}]({relative(self.page, chapters[0].page)})" if chapters else book.title
            flags = f"[{self.t('books.flag_count', count=len(result.facts.flags))}]({relative(self.page, flags_page(name))})"
            summary = book.summary.get(self.t.lang)
            if summary is None:
                raise DirectiveError(f"reader/books/{name}.json has no {self.t.lang} summary: add it to 'summary'")
            rows.append(f"| {title} | {summary} | {self.link(book.main)} | {self.t('books.chapter_count', count=len(chapters))} | {flags} |")
        return "\n".join(rows)

    def controllers(self) -> str:
        """The book's controller table (kube-controller-manager's NewControllerInitializers), from the facts."""
        rows = self._facts().controllers
        if not rows:
            raise DirectiveError(f"the {self._book().name} book has no controller table (its book file probes none)")
        table = table_head(self.t("controllers.header"))
        for c in rows:
            start = self.r.symbol_link(self.page, c.init_function, c.init_function.rsplit(".", 1)[-1]) if c.init_function else "—"
            where = self.r.location_link(self.page, c.source) if c.source else "—"
            table.append(f"| `{c.name}` | {start} | {self.t('controllers.enabled' if c.enabled_by_default else 'controllers.disabled')} | {where} |")
        return "\n".join(table)

    def algorithm_provider(self) -> str:
        """kube-scheduler's DefaultProvider from the facts: every predicate and priority, weights, where each is registered."""
        from reader.render.scheduling import algorithm_table

        if not self._facts().algorithm:
            raise DirectiveError(f"the {self._book().name} book has no algorithm provider (its book file probes none)")
        return algorithm_table(self._facts().algorithm, lambda sid, text: self._mention(sid) + self.r.symbol_link(self.page, sid, text), self.t)

    def scenario(self, name: str | None = None) -> str:
        """A scheduling scenario (reader/lab/scenarios/scheduling/<name>.yaml) on the replica, run now, beside the
        real kube-scheduler's outcome; without a name, every scenario in one table."""
        from reader.render.scheduling import scenario_section, scenario_summary

        try:
            return scenario_section(name, self.r.src.oracle, self.t) if name else scenario_summary(self.r.src.oracle, self.t)
        except LookupError as exc:
            raise DirectiveError(str(exc)) from None

    def node_lifecycle(self, name: str) -> str:
        """A node scenario (reader/lab/scenarios/nodes/<name>.yaml): the replica's window for each
        node's Unknown write beside the real kube-controller-manager's (reader/render/node_lifecycle.py)."""
        from reader.render.node_lifecycle import scenario_section

        try:
            return scenario_section(name, self.r.src.oracle, self.t)
        except LookupError as exc:
            raise DirectiveError(str(exc)) from None

    def service_controller(self) -> str:
        """The lines of starting the Service controller without a cloud provider, as the replica expects
        them and as the real log has them, and the LoadBalancer Services the node scenarios created."""
        from reader.render.node_lifecycle import service_section

        return service_section(self.r.src.oracle, self.t)

    def callgraph(self, query: str, depth: int = 2) -> str:
        """The trace below a symbol as a clickable SVG graph (at most about CHAPTER_BOXES boxes:
        a box whose callees do not fit links to its page's list of callees)."""
        symbol = self._symbol(query)
        root = run_trace(self.index, self._book().trace, symbol.id, depth)
        part = split_graph(graph_boxes(root), CHAPTER_BOXES)[0]
        callees = partial(self._callees_href, self.page)
        return callgraph_svg(part, partial(self.r.href, self.page), callees, callees, self._graph_words())

    def _callees_href(self, from_page: str, symbol_id: str) -> str | None:
        """The list of a symbol's callees on its page (its definition when it has no page)."""
        page = self.r.pages_for.get(symbol_id)
        return relative(from_page, page, "callees") if page else self.r.href(from_page, symbol_id)

    def _graph_words(self) -> dict[str, str]:
        """The diagrams' words in the chapter's language (templates/strings.yml `graph.*`)."""
        return self.t.templates("graph.", WORD_KEYS)

    def graph_page(self, query: str, depth: int = 3, title: str = "") -> str:
        """A page of its own with the call graph below a symbol (deeper than fits in a chapter);
        returns a link to it.  A graph of more than about PAGE_BOXES boxes goes on in further
        pages beside it (graphs/<book>/<chapter>/<symbol>.md), each linked from its "more" box."""
        words = self._graph_words()
        symbol = self._symbol(query)
        chapter = self.page
        stem = unlocalized(chapter).rsplit("/", 1)[-1].removesuffix(".md")
        base = f"graphs/{self.book}/{stem}" if self.book else f"graphs/{stem}"
        page = localized(f"{base}.md", self.lang)
        parts = split_graph(graph_boxes(run_trace(self.index, self._book().trace, symbol.id, depth)), PAGE_BOXES)
        pages = {parts[0].symbol: page}
        for part in parts[1:]:
            package, name = split_symbol(part.symbol)
            slug = re.sub(r"[^A-Za-z0-9_.-]", "", f"{package.rsplit('/', 1)[-1]}.{name}")
            while localized(f"{base}/{slug}.md", self.lang) in pages.values():
                slug += "-2"
            pages[part.symbol] = localized(f"{base}/{slug}.md", self.lang)
        parent_of = {sub: part.symbol for part in parts for sub in part.continued}
        names = distinct_packages(b.package for part in parts for b in part.root.walk())
        short = lambda sid: f"{names[split_symbol(sid)[0]]}.{split_symbol(sid)[1]}"  # noqa: E731  (as the boxes name it)
        heading = title or words["page_title"].format(symbol=short(symbol.id))
        for part in parts:
            here = pages[part.symbol]
            back = relative(here, chapter)
            if part is parts[0]:
                intro = words["page_intro"].format(root=self.r.symbol_link(here, symbol.id), depth=depth, chapter=back)
                if len(parts) > 1:
                    intro += "\n\n" + words["page_parts"] + " " + " · ".join(f"[`{short(p.symbol)}`]({relative(here, pages[p.symbol])})" for p in parts[1:])
                part_heading = heading
            else:
                parent = parent_of[part.symbol]
                intro = words["page_part"].format(parent=words["page_title"].format(symbol=short(parent)), href=relative(here, pages[parent]),
                                                  root=self.r.symbol_link(here, part.symbol), chapter=back)  # fmt: skip
                part_heading = words["page_title"].format(symbol=short(part.symbol))
            svg = callgraph_svg(part, partial(self.r.href, here), lambda sid, here=here: relative(here, pages[sid]), partial(self._callees_href, here), words)
            self.extra_pages[here] = f"---\nsearch:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---\n# {part_heading}\n\n{intro}\n\n{svg}\n"
        return f"[{heading}]({relative(chapter, page)})"

    def sequence(self, query: str) -> str:
        """A sequence diagram of a function's steps (from the facts): the calls each step makes,
        in the order they run, at their own lines; deferred calls and goroutines marked as such.
        Calls out of the index (builtins, the standard library) and the book's hidden callees
        (logging, formatting: its trace `hide`) are left out."""
        symbol = self._symbol(query)
        steps = [s for s in self._facts().steps if s.function == symbol.id]
        if not steps:
            raise DirectiveError(f"no steps were extracted for {symbol.id} (steps come from the book's `steps` in reader/books/)")
        hide = self._book().trace.hide
        # a call runs when its arguments and receiver have been evaluated: when its expression ends
        decl = next(f for f in self.r.src.parsed(symbol.file).funcs if f.name_span.line == symbol.name_span.line)
        ends: dict[tuple[int, int], list[int]] = {}
        for site in decl.calls:
            ends.setdefault((site.line, site.col), []).append(site.call.end)
        edges = [(e, ends[(e.line, e.col)].pop(0)) for e in self.index.calls_from(symbol.id)]  # both in source order
        messages = []
        for step in steps:
            inside = sorted(((e, end) for e, end in edges if step.line <= e.line <= step.end_line), key=lambda item: item[1])
            # what `defer`/`go` postpones: the statement's own call (the last to end), or a function literal's whole body
            later = inside if step.text.endswith("{") else inside[-1:]
            for edge, end in inside:
                if edge.callee not in self.index.symbols or edge.callee.startswith(hide):
                    continue
                kind = step.kind if step.kind in ("defer", "go") and (edge, end) in later else "call"
                package = self.index.symbols[edge.callee].package
                messages.append(Message(edge.callee, package, edge.line, self.r.href(self.page, edge.callee), kind))
        return sequence_svg(symbol.id, messages, self._graph_words())

    def layout(self) -> str:
        """Top-level directories of the tree: Go files (all, and not tests), lines, and what each
        is for (chapters/<book>/directories.json, which must cover exactly the directories listed)."""
        try:
            purposes = load_directories(self.r.src.project, self.book)
        except ReaderError as exc:
            raise DirectiveError(str(exc)) from None
        tallies = tally(self.r.src.root)
        bad = directory_problems(purposes, [t.name for t in tallies], directories_file(self.book))
        if bad:
            raise DirectiveError("; ".join(bad))
        rows = table_head(self.t("layout.header"), align="ll" + "r" * 3)
        for t in tallies:
            purpose = table_cell(purposes[t.name][self.lang])
            rows.append(f"| `{t.name}/` | {purpose} | {t.go_files} | {t.non_test_files} | {t.lines} |")
        return "\n".join(rows)

    def handler_chain(self, query: str) -> str:
        """A handler chain as a request meets it, from the With* calls of the function that builds it."""
        symbol = self._symbol(query)
        return self._mention(symbol.id) + RequestPages.of(self.r).handler_chain(self.page, symbol.id, self.t)

    def yaml_fields(self, seed: str, type_query: str) -> str:
        """A seed YAML file (reader/lab/requests/seed/) with every key linked to the Go field it fills."""
        return self._mention(self._symbol(type_query).id) + RequestPages.of(self.r).yaml_fields(self.page, seed, self._symbol(type_query).id, self.t)

    def request_answer(self, seed: str, path: str) -> str:
        """The request replica's answer to a POST of a seed file (and the real v1.9.9's, when the lab ran)."""
        return RequestPages.of(self.r).answer_html(self.page, seed, path, self.r.src.oracle, self.t)

    # ------------------------------------------------------------ rendering

    def render(self, chapter: ChapterFile) -> str:
        self.page, self.tab_sets, self._named = chapter.page, 0, []
        self.book, self.lang, self.t = chapter.book, chapter.lang, self.r.ui[chapter.lang]
        env = self.r.env
        template = env.get_template(chapter.template)
        directives = {
            "code": self.code, "link": self.link, "flags": self.flags, "fields": self.fields, "callees": self.callees,
            "all_fields": self.all_fields, "replica": self.replica, "oracle": self.oracle, "controllers": self.controllers, "books": self.books,
            "callgraph": self.callgraph, "sequence": self.sequence, "layout": self.layout, "graph_page": self.graph_page,
            "algorithm_provider": self.algorithm_provider, "scenario": self.scenario, "rollout": self.rollout, "rollouts": self.rollouts, "slow_start": self.slow_start,
            "handler_chain": self.handler_chain, "yaml_fields": self.yaml_fields, "request_answer": self.request_answer,
            "node_lifecycle": self.node_lifecycle, "service_controller": self.service_controller,
        }  # fmt: skip
        try:
            text = template.render(**directives)
        except (DirectiveError, jinja2.TemplateError) as exc:
            line = getattr(exc, "lineno", None) or _template_line(exc, chapter.template)
            raise ReaderError(f"chapters/{chapter.template}:{line or '?'}: {exc}") from None
        return self._record_mentions(text)

    def _record_mentions(self, text: str) -> str:
        """Turn the page's markers into `mentions` (chapters only: the home page is no chapter),
        note the page's heading ids; returns the text without the markers."""
        headings: list[str] = []  # the page's heading lines, in order
        marked: list[tuple[str, int]] = []  # (symbol id, index of the heading above it; -1: none)
        fenced = False
        for line in text.splitlines():
            plain = _MARKER.sub("", line)
            above = len(headings) - 1  # the heading above this line
            begins = len(line)  # where a heading starts on this line
            if _FENCE.match(plain):
                fenced = not fenced
            elif not fenced and _HEADING.match(plain):
                headings.append(plain)
                begins = line.index("#")  # markers before the #s (callees() opens with its ### headings) sit above it
            marked += [(self._named[int(m.group(1))], above if m.start() < begins else len(headings) - 1) for m in _MARKER.finditer(line)]
        anchors = self.heading_ids[self.page] = _heading_ids(headings)
        if self.page.startswith("chapters/") and marked:
            titles = [_heading_text(h) for h in headings]
            title = next((t for h, t in zip(headings, titles) if _heading_level(h) == 1), self.page)
            chapter = numbered_title(self.page.rsplit("/", 1)[-1], title, self.t)
            for sid, at in marked:
                # above the first section (under the title only) a mention links to the page itself
                in_section = at >= 0 and _heading_level(headings[at]) > 1
                mention = ChapterMention(self.page, chapter, titles[at] if in_section else "", anchors[at] if in_section else "")
                if mention not in self.mentions.setdefault(sid, []):
                    self.mentions[sid].append(mention)
        return _MARKER.sub("", text)


@dataclass(frozen=True)
class ChapterFile:
    """A chapter source in one language: chapters/index.md (the home page) or
    chapters/<book>/NN-name.md, and their editions NN-name.<lang>.md."""

    path: Path
    template: str  # relative to chapters/: kube-apiserver/01-source.md
    page: str  # docs-relative page of this edition: chapters/kube-apiserver/01-source.en.md, or index.md
    book: str  # "" for the home page
    lang: str

    @property
    def heading(self) -> str:
        """The first `# ` heading's text, without its { #id }."""
        text = self.path.read_text(encoding="utf-8")
        return next((_heading_text(line) for line in text.splitlines() if line.startswith("# ")), self.path.stem)

    def title(self, ui: UI) -> str:
        """The heading, numbered (in the language of `ui`)."""
        return numbered_title(self.path.name, self.heading, ui)


def chapter_files(project: Path, books: Iterable[str]) -> list[ChapterFile]:
    """The home page, then each book's chapters in file-name order (books without a directory
    are left out), each followed by its editions in the other languages.  A chapter without an
    edition in every language, or an edition of no chapter, is a one-line error."""
    root = project / "chapters"
    originals = [root / "index.md"] if (root / "index.md").exists() else []
    for book in books:
        originals += sorted(p for p in (root / book).glob("*.md") if unlocalized(p.name) == p.name)
    files = []
    for path in originals:
        relative_path = path.relative_to(root).as_posix()
        book = relative_path.split("/")[0] if "/" in relative_path else ""
        for lang in LANGUAGES:
            template = localized(relative_path, lang)
            edition = root / template
            if not edition.exists():
                raise ReaderError(f"chapters/{relative_path} has no {lang} edition: write chapters/{template} (same directives and heading ids)")
            page = f"chapters/{template}" if book else template
            files.append(ChapterFile(edition, template, page, book, lang))
    known = {f.path for f in files}
    for book in books:
        for stray in sorted(p for p in (root / book).glob("*.*.md") if p not in known and unlocalized(p.name) != p.name):
            raise ReaderError(f"chapters/{book}/{stray.name} is an edition of no chapter: chapters/{book}/{unlocalized(stray.name)} does not exist")
    return files


def check_shared_anchors(chapters: list[ChapterFile], heading_ids: dict[str, list[str]]) -> None:
    """Every edition of a chapter has the default edition's heading ids, in its order: a link
    into a chapter (from a reference page, another chapter, the language switcher) then lands
    on the same section in every language."""
    original: dict[str, tuple[ChapterFile, list[str]]] = {}
    for chapter in chapters:
        ids = heading_ids[chapter.page]
        if chapter.lang == DEFAULT_LANGUAGE:
            original[unlocalized(chapter.template)] = (chapter, ids)
            continue
        first, first_ids = original[unlocalized(chapter.template)]
        if ids != first_ids:
            at = next((i for i, (a, b) in enumerate(zip(ids, first_ids)) if a != b), min(len(ids), len(first_ids)))
            mine = ids[at] if at < len(ids) else "nothing"
            theirs = first_ids[at] if at < len(first_ids) else "nothing"
            raise ReaderError(
                f"chapters/{chapter.template}: heading {at + 1} has id {mine!r} where chapters/{first.template} has {theirs!r}; "
                "the editions share their anchors: give both the same headings in the same order, each with the same { #id }"
            )  # fmt: skip


def numbered_title(file_name: str, title: str, ui: UI) -> str:
    """A chapter's title with its number from the file name (`04-flags.md` is chapter 4): the
    navigation and the previous/next footer then read in order, and a chapter titled like a
    symbol (`AddFlags`) does not pass for that symbol's page."""
    number, dash, _ = file_name.partition("-")
    return ui("chapter.numbered", number=int(number), title=title) if dash and number.isdigit() else title


def _fields_id(path: str) -> str:
    """The heading id of a struct's table in all_fields: `fields-etcd-storageconfig` ("fields" for the root)."""
    return "-".join(["fields", *(part.lower() for part in path.split(".") if part)])


def _heading_level(line: str) -> int:
    return _HEADING.match(line).end()


def _heading_text(line: str) -> str:
    """A heading line's text as written, without the #s and an attr_list `{ #id }`."""
    text = _HEADING.sub("", line, count=1).strip().rstrip("#").strip()
    return re.sub(r"\s*\{[^}]*\}$", "", text)


def _heading_ids(headings: list[str]) -> list[str]:
    """The ids mkdocs gives these headings of one page: the same Markdown toc extension, run over
    the headings alone (in order, so repeated and non-Latin titles get its _1, _2 suffixes)."""
    converted = markdown.markdown("\n\n".join(headings), extensions=["toc", "attr_list"])
    return re.findall(r'<h[1-6][^>]*\bid="([^"]*)"', converted)


def _template_line(exc: BaseException, name: str) -> int | None:
    """The chapter line a directive failed on: Jinja rewrites template frames to the template's lines."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _step_text(step: dict) -> str:
    """A rollout step as a flow mapping: {set_image: {container: nginx, image: nginx:1.15.0}}."""
    return yaml.safe_dump(step, default_flow_style=True, width=1000).strip()


__all__ = ["ChapterFile", "Chapters", "DirectiveError", "chapter_files", "check_shared_anchors", "numbered_title"]
