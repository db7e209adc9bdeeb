"""Benchmark: how well the built site links the names its code excerpts show.

    python bench/links.py SITE_DIR      (tree: $K8S_READER_SOURCE or ~/mirrors/kubernetes)

Reads every page's excerpts (`div.k8s-excerpt`) from the built HTML, lines them up with the
v1.9.9 source (the parse stage says where the names are; the HTML says what each is linked to)
and prints:

- links on the blank identifier `_` (should be none);
- stdlib uses, `pkg.Name` where `pkg` is a standard-library import of the file: the share linked
  to pkg.go.dev, split into calls and everything else (types, constants, variables), and how many
  member links (`#Type.Member`: methods and fields of stdlib values) pkg.go.dev gets;
- every selector name (the `F` of `x.F`), whatever it refers to: the share that is a link;
- declarations (functions, methods, types, struct fields, interface methods, package-level
  vars and consts; `_` excluded): the share whose declared name is a link, and where they go;
- links to GitHub for lines a reference page of the site shows (a type's or a function's page):
  a reader should land on the site's page instead.
"""

from __future__ import annotations

import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.parse import name_uses, parse_file  # noqa: E402
from reader.parse import models as m  # noqa: E402
from reader import settings  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402

GITHUB = re.compile(r"https://github\.com/kubernetes/kubernetes/blob/v1\.9\.9/(.+?)#L(\d+)(?:-L(\d+))?$")
TITLE = re.compile(r"^(.+)#L(\d+)-L(\d+)$")


@dataclass
class Line:
    text: str = ""
    links: list[tuple[int, int, str]] = field(default_factory=list)  # char range on the line, href


@dataclass
class Excerpt:
    page: str
    file: str = ""
    first: int = 0
    last: int = 0
    lines: dict[int, Line] = field(default_factory=dict)


class _Excerpts(HTMLParser):
    """The excerpts of one page: their file and lines, each line's text and link ranges."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.excerpts: list[Excerpt] = []
        self._stack: list[str] = []  # the classes of the open elements
        self._line: Line | None = None
        self._number = ""
        self._title = ""
        self._href: str | None = None
        self._link_start = 0

    def _inside(self, css: str) -> bool:
        return any(css in c.split() for c in self._stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        css = a.get("class") or ""
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        self._stack.append(css)
        if "k8s-excerpt" in css.split():
            self.excerpts.append(Excerpt(self.page))
        elif "k8s-line" in css.split() and self.excerpts:
            self._line, self._number = Line(), ""
        elif tag == "a" and "k8s-ref" in css.split() and self._line is not None:
            self._href, self._link_start = a.get("href", ""), len(self._line.text)

    def handle_endtag(self, tag):
        if tag in ("br", "img", "input", "meta", "link", "hr") or not self._stack:
            return
        css = self._stack.pop().split()
        if "k8s-code-title" in css and self.excerpts:
            found = TITLE.match(self._title.split(" · ")[0].strip())
            if found:
                x = self.excerpts[-1]
                x.file, x.first, x.last = found[1], int(found[2]), int(found[3])
            self._title = ""
        elif "k8s-line" in css and self._line is not None:
            self.excerpts[-1].lines.setdefault(int(self._number), self._line)
            self._line = None
        elif tag == "a" and self._href is not None and self._line is not None:
            self._line.links.append((self._link_start, len(self._line.text), self._href))
            self._href = None

    def handle_data(self, data):
        if self._inside("k8s-code-title"):
            self._title += data
        elif self._line is not None:
            if self._inside("k8s-lineno"):
                self._number += data
            elif not self._inside("k8s-note-mark"):
                self._line.text += data


def read_excerpts(site: Path) -> list[Excerpt]:
    found = []
    for page in sorted(site.rglob("index.html")):
        parser = _Excerpts(str(page.relative_to(site).parent))
        parser.feed(page.read_text())
        found += [x for x in parser.excerpts if x.file]
    return found


class Source:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, tuple[bytes, m.GoFile, list[int]]] = {}

    def get(self, path: str) -> tuple[bytes, m.GoFile, list[int]]:
        if path not in self._files:
            data = (self.root / path).read_bytes()
            starts = [0] + [i + 1 for i, b in enumerate(data) if b == 10]
            self._files[path] = data, parse_file(path, data), starts
        return self._files[path]


def position(data: bytes, starts: list[int], offset: int) -> tuple[int, int]:
    """(1-based line, 0-based character column) of a byte offset."""
    line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= offset)
    return line + 1, len(data[starts[line] : offset].decode("utf-8", "replace"))


def link_at(x: Excerpt, line: int, col: int, length: int) -> str | None:
    """The href of the link covering exactly the name at (line, col), None if it is no link."""
    shown = x.lines.get(line)
    if shown is None:
        return None
    return next((href for a, b, href in shown.links if a == col and b == col + length), None)


def declarations(file: m.GoFile) -> list[tuple[str, str, int]]:
    """(kind, name, byte offset of the name) of the file's declared names."""
    found = []
    for f in file.funcs:
        found.append(("method" if f.receiver else "func", f.name, f.name_span.start))
    for t in file.types:
        found.append(("type", t.name, t.name_span.start))
        for f in t.type.fields if t.type.kind in ("struct", "interface") else ():
            if f.name and not f.embedded and f.span is not None:
                found.append(("field" if t.type.kind == "struct" else "interface-method", f.name, f.span.start))
    for v in file.values:
        found.append((v.kind, v.name, v.name_span.start))
    return [d for d in found if d[1] != "_"]


def stdlib_imports(file: m.GoFile) -> dict[str, str]:
    """Import name -> path of the file's standard-library imports (no dot in the first element)."""
    names = {}
    for imp in file.imports:
        if "." not in imp.path.split("/")[0] and imp.name not in ("_", "."):
            names[imp.name or imp.path.rsplit("/", 1)[-1]] = imp.path
    return names


def where(href: str | None) -> str:
    if href is None:
        return "none"
    if href.startswith("https://pkg.go.dev/"):
        return "pkg.go.dev"
    if href.startswith("https://github.com/"):
        return "github"
    anchor = href.partition("#")[2]
    return "site" + ("#line" if "-L" in anchor else "#flag-…" if anchor.startswith("flag-") else f"#{anchor}" if anchor else "")


def main() -> None:
    site = Path(sys.argv[1])
    excerpts = read_excerpts(site)
    source = Source(fetch_source(resolve_source(None), settings.default_cache_dir()).root)
    on_pages: dict[str, list[tuple[int, int]]] = {}  # file -> the line ranges reference pages show
    for x in excerpts:
        if x.page.startswith("reference/"):
            on_pages.setdefault(x.file, []).append((x.first, x.last))
    blank = 0
    stdlib: Counter[tuple[str, str]] = Counter()
    member_links = 0
    selectors: Counter[str] = Counter()
    decls: Counter[tuple[str, str]] = Counter()
    to_github: Counter[str] = Counter()
    misaligned = 0
    for x in excerpts:
        data, parsed, starts = source.get(x.file)
        for number, shown in x.lines.items():
            if shown.text != data[starts[number - 1] : starts[number] - 1 if number < len(starts) else len(data)].decode("utf-8", "replace"):
                misaligned += 1
            for a, b, href in shown.links:
                blank += shown.text[a:b] == "_"
                if href.startswith("https://pkg.go.dev/") and "." in href.rpartition("#")[2]:
                    member_links += 1
                hit = GITHUB.match(href)
                if hit and any(lo <= int(hit[2]) <= hi for lo, hi in on_pages.get(hit[1], ())):
                    to_github["whole symbol" if any((lo, hi) == (int(hit[2]), int(hit[3] or hit[2])) for lo, hi in on_pages[hit[1]]) else "a line inside"] += 1
        start, end = starts[x.first - 1], starts[x.last] if x.last < len(starts) else len(data)
        imports = stdlib_imports(parsed)
        for use in name_uses(x.file, data, start, end):
            if use.kind == "selector":
                line, col = position(data, starts, use.start)
                selectors[where(link_at(x, line, col, len(use.name))).split("#")[0]] += 1
            package = use.package if use.kind == "qualified" else use.expr.operand.name if (
                use.kind == "selector" and isinstance(use.expr, m.Selector) and isinstance(use.expr.operand, m.Ident)) else None  # fmt: skip
            if package not in imports:
                continue
            line, col = position(data, starts, use.start)
            call = data[use.end : use.end + 1] == b"("
            stdlib[("call" if call else "other", where(link_at(x, line, col, len(use.name))))] += 1
        for kind, name, offset in declarations(parsed):
            if start <= offset < end:
                line, col = position(data, starts, offset)
                decls[(kind, where(link_at(x, line, col, len(name))))] += 1

    def share(counter: Counter, kinds: set[str] | None, good: set[str]) -> str:
        total = sum(n for (k, _), n in counter.items() if kinds is None or k in kinds)
        hits = sum(n for (k, w), n in counter.items() if (kinds is None or k in kinds) and w in good)
        return f"{hits}/{total} ({100 * hits / total:.0f}%)" if total else "0/0"

    print(f"{len(excerpts)} excerpts on {len({x.page for x in excerpts})} pages ({misaligned} lines differ from the source)")
    print(f"links on `_`: {blank}")
    print(f"stdlib uses linked to pkg.go.dev: {share(stdlib, None, {'pkg.go.dev'})}; calls {share(stdlib, {'call'}, {'pkg.go.dev'})}, "
          f"types/consts/vars {share(stdlib, {'other'}, {'pkg.go.dev'})}; member links (#T.M) to pkg.go.dev: {member_links}")  # fmt: skip
    linked = sum(n for w, n in selectors.items() if w != "none")
    print(f"selector names linked: {linked}/{sum(selectors.values())} ({100 * linked / max(1, sum(selectors.values())):.0f}%; "
          f"{', '.join(f'{w} {n}' for w, n in sorted(selectors.items()))})")  # fmt: skip
    print(f"declarations linked: {share(decls, None, {w for _, w in decls if w != 'none'})}")
    for kind in sorted({k for k, _ in decls}):
        targets = ", ".join(f"{w} {n}" for (k, w), n in sorted(decls.items()) if k == kind)
        print(f"  {kind}: {targets}")
    print(f"links to GitHub for lines a reference page shows: {sum(to_github.values())} ({', '.join(f'{k} {n}' for k, n in sorted(to_github.items())) or '-'})")


if __name__ == "__main__":
    main()
