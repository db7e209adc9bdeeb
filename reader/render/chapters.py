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

A directive that cannot be satisfied — unknown symbol, anchor text that matches no line or
several — stops the build with `chapters/<file>:<line>: <what> (closest: …)`.

While a chapter renders, code(), link(), callees() and replica() note which symbols they name;
`Chapters.mentions` then says which chapter sections name each symbol, for the symbols' pages.
"""

from __future__ import annotations

import difflib
import html
import inspect
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2
import markdown

from reader.errors import ReaderError
from pygments.lexers import PythonLexer

from reader.replicas import load as load_replica, module_path
from reader.render.graph import callgraph_svg, sequence_svg
from reader.render.highlight import highlight
from reader.index.query import closest_symbols, symbol_matches
from reader.parse import line_starts
from reader.render.pages import ChapterMention, Renderer, copy_text_attribute, flags_page
from reader.render.requests import RequestPages
from reader.render.urls import relative, source_permalink
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
        self.extra_pages: dict[str, str] = {}  # pages a chapter asks for (its call-graph page)
        self.tab_sets = 0  # content-tab sets on the page being rendered (their ids must be unique)
        self.mentions: dict[str, list[ChapterMention]] = {}  # symbol id -> chapter sections naming it
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
            f'<li value="{number}"><a href="#{anchors.target(symbol.file, line)}">第 {line} 行</a>：{html.escape(note)}</li>'
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

        return oracle_summary(self.r.src.oracle) + f"\n详见[实验室]({relative(self.page, PAGE)})：真实程序怎么构建、怎么运行、回答了什么。\n"

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
            tabs.append(("Go（v1.9.9）", self._mention(go_symbol.id) + self.r.code(self.page, go_symbol)))
        tabs.append((f"Python（{path}）", py_html))
        out = [self._tabs(tabs)]
        command = run or f"k8s-reader replica {step}"
        out.append(f"运行：`{command}` · 逐步对照与核对结果：[复刻 {step}]({relative(self.page, f'replicas/{step}.md')})")
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

    def link(self, query: str, text: str | None = None) -> str:
        symbol = self._symbol(query)
        return self._mention(symbol.id) + self.r.symbol_link(self.page, symbol.id, text or symbol.id.rsplit("/", 1)[-1])

    def flags(self, hidden: bool = True) -> str:
        rows = ["| flag | 类型 | 默认值（--help 的写法） | 含义 | 注册位置 |", "| --- | --- | --- | --- | --- |"]
        index_page = relative(self.page, flags_page(self._book().name))
        meanings = self.r.meanings(self._book().name)
        for f in self._facts().flags:
            if f.hidden and not hidden:
                continue
            tag = " *(弃用)*" if f.deprecated else " *(隐藏)*" if f.hidden else ""
            default = f.help_default.strip().removeprefix("(default ").removesuffix(")") if f.default is not None else "*未求值*"
            default_cell = f"`{default}`" if default and default != "*未求值*" else default
            meaning = meanings.flag(f.name, "zh").replace("|", "\\|")
            rows.append(f"| [`--{f.name}`]({index_page}#flag-{f.name}){tag} | `{f.type}` | {default_cell.replace('|', chr(92) + '|')} | {meaning} | `{f.source}` |")
        return "\n".join(rows)

    def fields(self, prefix: str = "") -> str:
        depth = prefix.count(".") + 1 if prefix else 0
        rows = [d for d in self._facts().defaults if d.depth == depth and (d.path.startswith(prefix + ".") if prefix else True)]
        if not rows:
            paths = [d.path for d in self._facts().defaults if d.depth <= 1]
            raise DirectiveError(f"no options fields under {prefix!r} (closest: {', '.join(difflib.get_close_matches(prefix, paths, n=3)) or 'none'})")
        table = ["| 字段 | Go 类型 | 默认值 | 含义 | 设置于 |", "| --- | --- | --- | --- | --- |"]
        meanings, facts = self.r.meanings(self._book().name), self._facts()
        for d in rows:
            value = d.value.replace("|", "\\|")
            meaning = meanings.field(facts, d.path, "zh").replace("|", "\\|")
            table.append(f"| `{d.path}` | `{d.type}` | `{value}` | {meaning} | {f'`{d.set_at}`' if d.set_at else '零值'} |")
        return "\n".join(table)

    def all_fields(self, heading: str = "###") -> str:
        """A field table for the top level and for every options struct in the defaults tree,
        each under its own heading (the list of structs comes from the facts)."""
        parts = [f"{heading} {self._facts().options_type or 'Options'}\n\n" + self.fields("")]
        defaults = self._facts().defaults
        parents = {d.path.rpartition(".")[0] for d in defaults}
        for row in defaults:
            if row.value == "{…}" and row.depth <= 1 and row.path in parents:
                sub = "#" if row.depth else ""
                parts.append(f"{heading}{sub} {row.path}\n\n`{row.type}`\n\n" + self.fields(row.path))
        return "\n\n".join(parts)

    def books(self) -> str:
        """The home page's table of books: each component, what it does, its entry point, its
        chapters and its flag index (counts from the chapters directory and the facts)."""
        rows = ["| 组件（本书） | 作用 | 源码入口 | 章节 | 参数 |", "| --- | --- | --- | --- | --- |"]
        for name, result in self.r.src.books.items():
            book = result.book
            chapters = [c for c in chapter_files(self.r.src.project, [name]) if c.book]
            title = f"[{book.title}]({relative(self.page, chapters[0].page)})" if chapters else book.title
            flags = f"[{len(result.facts.flags)} 个]({relative(self.page, flags_page(name))})"
            rows.append(f"| {title} | {book.summary} | {self.link(book.main)} | {len(chapters)} 章 | {flags} |")
        return "\n".join(rows)

    def controllers(self) -> str:
        """The book's controller table (kube-controller-manager's NewControllerInitializers), from the facts."""
        rows = self._facts().controllers
        if not rows:
            raise DirectiveError(f"the {self._book().name} book has no controller table (its book file probes none)")
        table = ["| 控制器（`--controllers` 的名字） | 启动函数 | 默认 | 登记于 |", "| --- | --- | --- | --- |"]
        for c in rows:
            start = self.r.symbol_link(self.page, c.init_function, c.init_function.rsplit(".", 1)[-1]) if c.init_function else "—"
            link = source_permalink(c.source)
            where = f"[`{c.source.rsplit('/', 1)[-1]}`]({link})" if link else "—"
            table.append(f"| `{c.name}` | {start} | {'启用' if c.enabled_by_default else '**默认关闭**'} | {where} |")
        return "\n".join(table)

    def callgraph(self, query: str, depth: int = 2) -> str:
        """The trace below a symbol as a clickable SVG graph."""
        symbol = self._symbol(query)
        root = run_trace(self.index, self._book().trace, symbol.id, depth)
        return callgraph_svg(root, lambda sid: self.r.href(self.page, sid))

    def graph_page(self, query: str, depth: int = 3, title: str = "") -> str:
        """A page of its own with the call graph below a symbol (deeper than fits in a chapter);
        returns a link to it."""
        symbol = self._symbol(query)
        chapter = self.page
        stem = chapter.rsplit("/", 1)[-1].removesuffix(".md")
        page = f"graphs/{self.book}/{stem}.md" if self.book else f"graphs/{stem}.md"
        root = run_trace(self.index, self._book().trace, symbol.id, depth)
        heading = title or f"调用图：{symbol.id.rsplit('/', 1)[-1]}"
        self.extra_pages[page] = (
            f"---\nsearch:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---\n# {heading}\n\n"
            f"从 {self.r.symbol_link(page, symbol.id)} 出发、深度 {depth} 的调用图（实线：确定的调用；虚线：接口或函数值；"
            f"叶子按包折叠）。节点可以点击。返回[本章]({relative(page, chapter)})。\n\n"
            + callgraph_svg(root, lambda sid: self.r.href(page, sid)) + "\n"
        )
        return f"[{heading}]({relative(chapter, page)})"

    def sequence(self, query: str) -> str:
        """A sequence diagram of a function's steps (from the facts): which package each step calls."""
        symbol = self._symbol(query)
        steps = [s for s in self._facts().steps if s.function == symbol.id]
        if not steps:
            raise DirectiveError(f"no steps were extracted for {symbol.id} (steps come from the book's `steps` in reader/books/)")
        messages = []
        for step in steps:
            for callee in step.calls:
                if callee not in self.index.symbols:
                    continue  # builtins, the standard library, calls it could not resolve
                package = self.index.symbols[callee].package.rsplit("/", 1)[-1]
                messages.append((package, callee.rsplit(".", 1)[-1], step.line, self.r.href(self.page, callee)))
        me = symbol.id.rsplit("/", 1)[-1]
        return sequence_svg(me, messages)

    def layout(self) -> str:
        """Top-level directories of the tree: Go files (all, and selected for linux/amd64) and lines."""
        root = self.r.src.root
        rows = ["| 目录 | Go 文件 | 其中非测试 | Go 代码行数 |", "| --- | ---: | ---: | ---: |"]
        for entry in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            total = tests = lines = 0
            for folder, dirs, files in os.walk(entry):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    if name.endswith(".go"):
                        total += 1
                        tests += name.endswith("_test.go")
                        with open(os.path.join(folder, name), "rb") as handle:
                            lines += handle.read().count(b"\n")
            if total:
                rows.append(f"| `{entry.name}/` | {total} | {total - tests} | {lines} |")
        return "\n".join(rows)

    def handler_chain(self, query: str) -> str:
        """A handler chain as a request meets it, from the With* calls of the function that builds it."""
        symbol = self._symbol(query)
        return self._mention(symbol.id) + RequestPages.of(self.r).handler_chain(self.page, symbol.id)

    def yaml_fields(self, seed: str, type_query: str) -> str:
        """A seed YAML file (reader/lab/requests/seed/) with every key linked to the Go field it fills."""
        return self._mention(self._symbol(type_query).id) + RequestPages.of(self.r).yaml_fields(self.page, seed, self._symbol(type_query).id)

    def request_answer(self, seed: str, path: str) -> str:
        """The request replica's answer to a POST of a seed file (and the real v1.9.9's, when the lab ran)."""
        return RequestPages.of(self.r).answer_html(self.page, seed, path, self.r.src.oracle)

    # ------------------------------------------------------------ rendering

    def render(self, chapter: ChapterFile) -> str:
        self.page, self.tab_sets, self._named = chapter.page, 0, []
        self.book = chapter.book
        env = self.r.env
        template = env.get_template(chapter.template)
        directives = {
            "code": self.code, "link": self.link, "flags": self.flags, "fields": self.fields, "callees": self.callees,
            "all_fields": self.all_fields, "replica": self.replica, "oracle": self.oracle, "controllers": self.controllers, "books": self.books,
            "callgraph": self.callgraph, "sequence": self.sequence, "layout": self.layout, "graph_page": self.graph_page,
            "handler_chain": self.handler_chain, "yaml_fields": self.yaml_fields, "request_answer": self.request_answer,
        }  # fmt: skip
        try:
            text = template.render(**directives)
        except (DirectiveError, jinja2.TemplateError) as exc:
            line = getattr(exc, "lineno", None) or _template_line(exc, chapter.template)
            raise ReaderError(f"chapters/{chapter.template}:{line or '?'}: {exc}") from None
        return self._record_mentions(text)

    def _record_mentions(self, text: str) -> str:
        """Turn the page's markers into `mentions` (chapters only: the home page is no chapter);
        returns the text without them."""
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
        if self.page.startswith("chapters/") and marked:
            anchors = _heading_ids(headings)
            titles = [_heading_text(h) for h in headings]
            title = next((t for h, t in zip(headings, titles) if _heading_level(h) == 1), self.page)
            chapter = numbered_title(self.page.rsplit("/", 1)[-1], title)
            for sid, at in marked:
                # above the first section (under the title only) a mention links to the page itself
                in_section = at >= 0 and _heading_level(headings[at]) > 1
                mention = ChapterMention(self.page, chapter, titles[at] if in_section else "", anchors[at] if in_section else "")
                if mention not in self.mentions.setdefault(sid, []):
                    self.mentions[sid].append(mention)
        return _MARKER.sub("", text)


@dataclass(frozen=True)
class ChapterFile:
    """A chapter source: chapters/index.md (the home page) or chapters/<book>/NN-name.md."""

    path: Path
    template: str  # relative to chapters/: kube-apiserver/01-source.md
    page: str  # docs-relative page: chapters/kube-apiserver/01-source.md, or index.md
    book: str  # "" for the home page

    @property
    def title(self) -> str:
        """The first `# ` heading, numbered."""
        text = self.path.read_text(encoding="utf-8")
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), self.path.stem)
        return numbered_title(self.path.name, title)


def chapter_files(project: Path, books: Iterable[str]) -> list[ChapterFile]:
    """The home page, then each book's chapters in file-name order (books without a directory are left out)."""
    root = project / "chapters"
    files = [ChapterFile(root / "index.md", "index.md", "index.md", "")] if (root / "index.md").exists() else []
    for book in books:
        for path in sorted((root / book).glob("*.md")):
            if path.name.endswith(".en.md"):
                continue  # the English edition's chapters (not built yet)
            files.append(ChapterFile(path, f"{book}/{path.name}", f"chapters/{book}/{path.name}", book))
    return files


def numbered_title(file_name: str, title: str) -> str:
    """A chapter's title with its number from the file name (`04-flags.md` is chapter 4): the
    navigation and the previous/next footer then read in order, and a chapter titled like a
    symbol (`AddFlags`) does not pass for that symbol's page."""
    number, dash, _ = file_name.partition("-")
    return f"第 {int(number)} 章 · {title}" if dash and number.isdigit() else title


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


__all__ = ["ChapterFile", "Chapters", "DirectiveError", "chapter_files", "numbered_title"]
