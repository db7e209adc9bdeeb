"""Rendering: facts, trace and index into Markdown pages, through the Jinja2 templates.

A pure step: no mkdocs here.  `render_site` returns {docs-relative path: page text}; the
site stage writes them out and runs mkdocs.  Pages: the home page and chapters (from
`chapters/`, with directives), one page per function on the traced path, per type the
chapters show, per package, the flag index.  A symbol's page links back to the chapter
sections that name it (`ChapterMention`, collected while the chapters render).

Every page has an edition in each of the site's languages (`reader/render/strings.py`): the
same code, facts and links, the chrome from the UI strings table.  A reference page's code is
highlighted once and shared by its editions, so their line anchors are the same.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

import jinja2

from reader.errors import UsageError
from reader.index.identifiers import NameResolver
from reader.index.models import Index, Symbol
from reader.lab.oracle import OracleReport
from reader.parse import line_starts, name_uses, parse_file
from reader.parse.models import GoFile
from reader.pipeline import BookResult
from reader.render.anchors import PageAnchors
from reader.render.highlight import Link, highlight
from reader.render.links import call_links, declared_names, definition_href, stdlib_href
from reader.render.meanings import Meanings, load_meanings
from reader.render.strings import UI, load_ui
from reader.render.urls import localized, page_language, permalink, relative, source_permalink, symbol_page

PROJECT = Path(__file__).resolve().parents[2]  # the checkout, when installed in editable mode


def project_dir(start: Path | None = None) -> Path:
    """The k8s-reader checkout holding chapters/, templates/ and mkdocs.yml: the current
    directory when it is one (a plain `pip install .` leaves them there), else the source tree
    of an editable install."""
    for candidate in (start or Path.cwd(), PROJECT):
        if all((candidate / name).exists() for name in ("chapters", "templates", "mkdocs.yml")):
            return candidate
    raise UsageError("chapters/, templates/ and mkdocs.yml not found: run k8s-reader build from the k8s-reader checkout")


@dataclass(frozen=True)
class ChapterMention:
    """A chapter section that names a symbol through a directive (code, link, callees, replica)."""

    page: str  # docs-relative chapter page, of the chapter's language (chapters/x/01-main.en.md)
    chapter: str  # the chapter's title
    section: str  # the heading the directive sits under; "" above the first section
    anchor: str  # that heading's id on the built page; "" for the top of the page

    @property
    def label(self) -> str:
        return f"{self.chapter} › {self.section}" if self.section else self.chapter

    @property
    def lang(self) -> str:
        return page_language(self.page)


def table_head(header: str, align: str = "") -> list[str]:
    """A Markdown table's first two rows from its header cells ("a | b | c"); `align` has an
    l or r per column (left by default)."""
    cells = [cell.strip() for cell in header.split(" | ")]
    rules = ["---:" if a == "r" else "---" for a in align.ljust(len(cells), "l")]
    return [f"| {' | '.join(cells)} |", f"| {' | '.join(rules)} |"]


def table_cell(text: str) -> str:
    """Text for a Markdown table cell: a `|` would end the cell."""
    return text.replace("|", "\\|")


def copy_text_attribute(source: bytes, start: int, end: int) -> str:
    """` data-copy="…"`: the text mkdocs-material's copy button takes for a code block inside the
    element (it reads the closest [data-copy] instead of the block's innerText, which would carry
    our line numbers and note markers).  Tabs and newlines as character references: Markdown
    expands literal tabs, and a blank line would end the raw HTML block."""
    text = html.escape(source[start:end].decode("utf-8", "replace"))
    return ' data-copy="' + text.replace("\t", "&#9;").replace("\r", "&#13;").replace("\n", "&#10;") + '"'


@dataclass
class SiteSource:
    """Everything rendering reads."""

    root: Path  # the checked-out tree
    index: Index
    books: dict[str, BookResult]  # each book's facts, trace and replica checks, in the books' order
    project: Path = PROJECT
    names: NameResolver | None = None  # resolves every name on a page; without it only callees are linked
    oracle: OracleReport | None = None  # the comparison with the real binaries; None: not looked for
    _parsed: dict[str, GoFile] = field(default_factory=dict)
    _sources: dict[str, bytes] = field(default_factory=dict)

    def source(self, path: str) -> bytes:
        if path not in self._sources:
            self._sources[path] = (self.root / path).read_bytes()
        return self._sources[path]

    def parsed(self, path: str) -> GoFile:
        if path not in self._parsed:
            self._parsed[path] = parse_file(path, self.source(path))
        return self._parsed[path]


def flags_page(book: str) -> str:
    """The docs-relative page of a book's flag index."""
    return f"reference/{book}/flags.md"


class Renderer:
    def __init__(self, src: SiteSource) -> None:
        self.src = src
        self.index = src.index
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(src.project / "templates"), str(src.project / "chapters")]),
            undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
        )  # fmt: skip
        traced = {n.symbol for result in src.books.values() for n in result.trace.walk() if n.kind == "expanded"}
        # types on the path: the receivers of traced methods
        receivers = {f"{self.index.symbols[s].package}.{s.split('.(')[1].split(')')[0].lstrip('*')}" for s in traced if ".(" in s and s in self.index.symbols}
        self.types = sorted(t for t in receivers if t in self.index.symbols and self.index.symbols[t].kind == "type")
        self.pages_for: dict[str, str] = {
            sid: symbol_page(sid, self.index.symbols[sid].package) for sid in sorted(traced | set(self.types)) if sid in self.index.symbols
        }  # fmt: skip
        self.env.globals.update(commit=src.index.commit, commit_short=src.index.commit[:12])
        self.ui: dict[str, UI] = load_ui(src.project)  # language -> its UI strings, the default first
        self.name_uses: dict[str, list[tuple[str, str, int]]] = {}  # symbol id -> (page, file, line) where pages show it used
        self.line_anchors: defaultdict[str, PageAnchors] = defaultdict(PageAnchors)  # page -> the line anchors on it
        self._meanings: dict[str, Meanings] = {}
        self._resolved_names: dict[str, list[tuple[int, int, str]]] = {}  # symbol id -> the names in its lines, resolved

    def meanings(self, book: str) -> Meanings:
        """The book's flag and field meanings (chapters/<book>/meanings.json), read once."""
        if book not in self._meanings:
            self._meanings[book] = load_meanings(self.src.project, book)
        return self._meanings[book]

    @cached_property
    def symbols_of(self) -> dict[str, list[str]]:
        """Package → its symbol ids (one pass over the index, for the package and type pages)."""
        by_package: dict[str, list[str]] = defaultdict(list)
        for sid, symbol in self.index.symbols.items():
            by_package[symbol.package].append(sid)
        return by_package

    # ------------------------------------------------------------ links

    def href(self, from_page: str, symbol_id: str) -> str | None:
        """Where a use of a symbol links: its page; a field's (or interface method's) line on its
        type's page; its definition on GitHub; pkg.go.dev for the standard library."""
        page = self.pages_for.get(symbol_id)
        if page is not None:
            return relative(from_page, page)
        symbol = self.index.symbols.get(symbol_id)
        if symbol is None:
            return stdlib_href(symbol_id)
        owner = self.pages_for.get(symbol_id.rsplit(".", 1)[0].replace("(", "").replace(")", "")) if symbol.kind in ("field", "interface-method") else None
        if owner is not None:
            return relative(from_page, owner, self._line_anchor(owner, symbol.file, symbol.name_span.line))
        return definition_href(self.index, symbol_id)

    def declaration_href(self, from_page: str, symbol_id: str) -> str | None:
        """Where a declared name links (like Golds, to what uses it): a function's page at its
        callers, a type's page at its methods; a field a flag writes, to that flag in the book's
        flag index (which lists where the field is used); anything else, to the first line a
        reference page shows it used.  None when no page shows it used: its definition is where
        the reader already is."""
        page = self.pages_for.get(symbol_id)
        if page is not None:
            return relative(from_page, page, "methods" if symbol_id in self.types else "callers")
        flag = self.flag_writing.get(symbol_id)
        if flag is not None:
            return relative(from_page, flags_page(flag[0]), f"flag-{flag[1]}")
        used = self.first_use.get(symbol_id)
        return relative(from_page, used[0], self._line_anchor(*used)) if used is not None else None

    def _line_anchor(self, page: str, path: str, line: int) -> str:
        """The id of a line on a reference page, before or after the page renders: a reference page
        shows one excerpt, so the file's id on it is the first the page hands out."""
        return f"{self.line_anchors[page].file_id(path)}-L{line}"

    @cached_property
    def flag_writing(self) -> dict[str, tuple[str, str]]:
        """Field id → (book, flag name) of the first flag that writes it, books in order."""
        written: dict[str, tuple[str, str]] = {}
        for book, result in self.src.books.items():
            for f in result.facts.flags:
                if f.field_id:
                    written.setdefault(f.field_id, (book, f.name))
        return written

    @cached_property
    def first_use(self) -> dict[str, tuple[str, str, int]]:
        """Symbol id → (reference page, file, line) of the first line a reference page shows it
        used, pages in order: where declarations without a page of their own link."""
        used: dict[str, tuple[str, str, int]] = {}
        for sid, page in self.pages_for.items():
            symbol = self.index.symbols[sid]
            data = self.src.source(symbol.file)
            for a, _, target in self._resolved(symbol):
                used.setdefault(target, (page, symbol.file, data.count(b"\n", 0, a) + 1))
        return used

    @cached_property
    def _shown_lines(self) -> dict[str, list[tuple[int, int, str]]]:
        """File → (first line, last line, reference page) of each excerpt the reference pages show."""
        shown: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for sid, page in self.pages_for.items():
            symbol = self.index.symbols[sid]
            shown[symbol.file].append((symbol.span.line, symbol.span.end_line, page))
        return shown

    def location_link(self, from_page: str, location: str) -> str:
        """`file:line` as a short link (the base name and line, the path in its title): to that line
        on the reference page that shows it, else to GitHub at v1.9.9."""
        path, _, number = location.rpartition(":")
        line = int(number) if number.isdigit() else 0
        page = next((p for first, last, p in self._shown_lines.get(path, ()) if first <= line <= last), None)
        href = relative(from_page, page, self._line_anchor(page, path, line)) if page else source_permalink(location)
        label = html.escape(f"{path.rsplit('/', 1)[-1]}:{number}")
        return f'<a href="{html.escape(href)}" title="{html.escape(location)}"><code>{label}</code></a>' if href else f"<code>{label}</code>"

    def line_href(self, from_page: str, to_page: str, path: str, line: int) -> str:
        """A link to a line another page shows (to the page alone if it does not show that line)."""
        anchors = self.line_anchors.get(to_page)
        return relative(from_page, to_page, (anchors.target(path, line) if anchors else None) or "")

    def symbol_link(self, from_page: str, symbol_id: str, text: str | None = None) -> str:
        href = self.href(from_page, symbol_id)
        label = html.escape(text or symbol_id)
        return f'<a href="{html.escape(href)}"><code>{label}</code></a>' if href else f"<code>{label}</code>"

    def code(self, from_page: str, symbol: Symbol, first: int | None = None, last: int | None = None, marks: dict[int, str] | None = None) -> str:
        """Highlighted source of a symbol (or lines first..last of it), identifiers linked, lines
        anchored on `from_page`; `marks[n]` is HTML put after line n's number."""
        data = self.src.source(symbol.file)
        starts = line_starts(data)
        first = first or symbol.span.line
        last = last or symbol.span.end_line
        start, end = starts[first - 1], starts[last] if last < len(starts) else len(data)
        links: list[Link] = call_links(self.index, self.src.parsed(symbol.file), start, end, lambda sid: self.href(from_page, sid))
        links += self._declaration_links(from_page, symbol, start, end)
        links += self._name_links(from_page, symbol, data, start, end, {link.start for link in links})
        body = highlight(data, start, end, first, links, line_id=partial(self.line_anchors[from_page].claim, symbol.file), marks=marks)
        link = permalink(symbol.file, first, last)
        header = f'<div class="k8s-code-title"><a href="{html.escape(link)}">{html.escape(symbol.file)}#L{first}-L{last}</a> · v1.9.9</div>'
        return f'<div class="k8s-excerpt"{copy_text_attribute(data, start, end)}>{header}{body}</div>'

    def _declaration_links(self, from_page: str, symbol: Symbol, start: int, end: int) -> list[Link]:
        """Links for the names declared in bytes [start, end) of the symbol's file."""
        links = []
        for a, b, target in declared_names(self.index, symbol.package, self.src.parsed(symbol.file), start, end):
            href = self.declaration_href(from_page, target)
            if href is not None:
                links.append(Link(a, b, href, self.index.symbols[target].signature))
        return links

    def _lines(self, symbol: Symbol) -> tuple[int, int]:
        """The byte range of the symbol's whole lines."""
        data = self.src.source(symbol.file)
        starts = line_starts(data)
        return starts[symbol.span.line - 1], starts[symbol.span.end_line] if symbol.span.end_line < len(starts) else len(data)

    def _resolved(self, symbol: Symbol) -> list[tuple[int, int, str]]:
        """(start, end, target id) of every name in the symbol's lines that the resolver resolves (kept)."""
        if symbol.id not in self._resolved_names:
            start, end = self._lines(symbol)
            uses = name_uses(symbol.file, self.src.source(symbol.file), start, end)
            self._resolved_names[symbol.id] = self.src.names.resolve(symbol.package, self.src.parsed(symbol.file), uses, self.index.symbols) if self.src.names else []
        return self._resolved_names[symbol.id]

    def _name_links(self, from_page: str, symbol: Symbol, data: bytes, start: int, end: int, taken: set[int]) -> list[Link]:
        """Links for every other name the resolver resolves: types, fields, package-level names,
        the standard library's names."""
        if self.src.names is None:
            return []
        lines = self._lines(symbol)
        if lines[0] <= start and end <= lines[1]:  # within the symbol: its names are resolved once
            resolved = [r for r in self._resolved(symbol) if start <= r[0] and r[1] <= end]
        else:
            resolved = self.src.names.resolve(symbol.package, self.src.parsed(symbol.file), name_uses(symbol.file, data, start, end), self.index.symbols)
        links = []
        for a, b, target in resolved:
            self.name_uses.setdefault(target, []).append((from_page, symbol.file, data.count(b"\n", 0, a) + 1))
            href = self.href(from_page, target)
            if a not in taken and href is not None:
                known = self.index.symbols.get(target)
                links.append(Link(a, b, href, known.signature if known is not None else target))
        return links

    # ------------------------------------------------------------ pages

    def _editions(self, page: str, template: str, context: dict, by_language: Callable[[str], dict] | None = None) -> dict[str, str]:
        """A page rendered from one template in every language: {docs path: text}.  `context` is
        shared by the editions (code, links); `by_language(lang)` adds what differs."""
        jinja_template = self.env.get_template(template)
        return {
            localized(page, lang): jinja_template.render(**context, **(by_language(lang) if by_language else {}), t=ui, lang=lang)
            for lang, ui in self.ui.items()
        }  # fmt: skip

    def render(self, mentions: dict[str, list[ChapterMention]] | None = None) -> dict[str, str]:
        """The reference pages, each in every language; `mentions` (symbol id -> the chapter
        sections naming it) become each symbol's links back to the chapters of its language."""
        pages: dict[str, str] = {}
        for sid, page in self.pages_for.items():
            def chapters(lang: str, sid: str = sid, page: str = page) -> dict:
                named = [m for m in (mentions or {}).get(sid, []) if m.lang == lang]
                return {"chapters": [(m.label, relative(page, m.page, m.anchor)) for m in named]}

            pages.update(self.type_page(sid, page, chapters) if sid in self.types else self.symbol_page(sid, page, chapters))
        for name in self.src.books:
            pages.update(self.flags_page(name, flags_page(name)))
        for package in sorted({self.index.symbols[s].package for s in self.pages_for}):
            pages.update(self.package_page(package, f"reference/{package}/index.md"))
        symbols = [(self.index.symbols[s], relative("reference/index.md", p)) for s, p in self.pages_for.items()]
        pages.update(self._editions("reference/index.md", "reference.md.j2", {"symbols": symbols}))
        return pages

    def package_page(self, package: str, page: str) -> dict[str, str]:
        info = self.index.packages[package]
        traced = [(self.index.symbols[s], relative(page, p)) for s, p in self.pages_for.items() if self.index.symbols[s].package == package]
        imports = [(dep, relative(page, f"reference/{dep}/index.md") if any(self.index.symbols[s].package == dep for s in self.pages_for) else None)
                   for dep in info.imports if dep in self.index.packages]  # fmt: skip
        return self._editions(page, "package.md.j2", {
            "package": info, "traced": traced, "imports": imports,
            "files": [(f, permalink(f, 1)) for f in info.files],
            "symbol_count": len(self.symbols_of.get(package, ())),
        })  # fmt: skip

    def type_page(self, sid: str, page: str, chapters: Callable[[str], dict]) -> dict[str, str]:
        symbol = self.index.symbols[sid]
        pkg, _, name = sid.rpartition(".")
        methods = sorted(m for m in self.symbols_of.get(pkg, ()) if m.startswith((f"{pkg}.(*{name}).", f"{pkg}.({name}).")))
        return self._editions(page, "type.md.j2", {
            "symbol": symbol, "code": self.code(page, symbol),
            "permalink": permalink(symbol.file, symbol.span.line, symbol.span.end_line),
            "methods": [(self.symbol_link(page, m, m.rsplit(".", 1)[-1]), m in self.pages_for, self.index.symbols[m].signature) for m in methods],
        }, chapters)  # fmt: skip

    def symbol_page(self, sid: str, page: str, chapters: Callable[[str], dict]) -> dict[str, str]:
        symbol = self.index.symbols[sid]
        callers = self.index.calls_to(sid)[:60]
        callees = self.index.calls_from(sid)
        return self._editions(page, "symbol.md.j2", {
            "symbol": symbol,
            "code": self.code(page, symbol),
            "permalink": permalink(symbol.file, symbol.span.line, symbol.span.end_line),
            "callers": [(e, self.symbol_link(page, e.caller), permalink(e.file, e.line)) for e in callers],
            "more_callers": max(0, len(self.index.calls_to(sid)) - len(callers)),
            "callees": [
                (e, self.symbol_link(page, e.callee) if e.callee else "", permalink(e.file, e.line), [self.symbol_link(page, c) for c in e.candidates[:12]])
                for e in callees
            ],
        }, chapters)  # fmt: skip

    def flags_page(self, book: str, page: str) -> dict[str, str]:
        """A book's flag index: each flag, its registration, its field, its meaning, and where
        pages show the field used."""
        facts = self.src.books[book].facts
        registered = []
        for f in facts.flags:
            uses = [
                (self.line_href(page, used_on, file, n), f"{file}:{n}")
                for used_on, file, n in dict.fromkeys(self.name_uses.get(f.field_id, []))
                # the reference pages only: chapters render first and may show a line twice
                if used_on.startswith("reference/") and f"{file}:{n}" != f.source
            ]  # fmt: skip
            registered.append((f, source_permalink(f.source), uses))

        def flags(lang: str) -> dict:
            return {"flags": [(f, where, uses, self.meanings(book).flag(f.name, lang)) for f, where, uses in registered]}

        context = {"book": self.src.books[book].book, "options_type": facts.options_type or "Options", "unevaluated": facts.unevaluated}
        return self._editions(page, "flags.md.j2", context, flags)
