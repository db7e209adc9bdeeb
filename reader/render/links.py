"""Which identifiers in a stretch of source become links, and to where.

Call sites: the callee's name (the `F` of `pkg.F(...)`, the `M` of `x.y.M(...)`) links to the
callee's page when it has one, else to its definition on GitHub.  The index says what each
call site calls; the parse stage says where in the bytes the callee's name is.

Declarations: the name a declaration declares (a function, method, type, struct field,
interface method, package-level var or const) is found here; where it links is the renderer's
choice (its page's callers, or where the site shows it used).  Standard-library names link to
pkg.go.dev.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from reader.index.identifiers import is_stdlib
from reader.index.models import CallEdge, Index
from reader.index.types import func_id
from reader.parse import models as m
from reader.render.highlight import Link
from reader.render.urls import permalink


def callee_name_span(call: m.Call) -> tuple[int, int] | None:
    fn = call.function
    if isinstance(fn, m.Ident):
        return fn.start, fn.end
    if isinstance(fn, m.Selector):
        return fn.end - len(fn.field.encode()), fn.end
    return None


def call_links(index: Index, parsed: m.GoFile, start: int, end: int, href_for: Callable[[str], str | None]) -> list[Link]:
    """Links for the callees of every call in bytes [start, end) of a parsed file."""
    edges: dict[tuple[int, int], list[CallEdge]] = defaultdict(list)
    for edge in index.calls_in_file(parsed.path):
        edges[(edge.line, edge.col)].append(edge)
    sites: dict[tuple[int, int], list[m.CallSite]] = defaultdict(list)
    for site in [s for f in parsed.funcs for s in f.calls] + list(parsed.init_calls):
        if start <= site.call.start < end:
            sites[(site.line, site.col)].append(site)
    links = []
    for position, group in sites.items():
        for site, edge in zip(group, edges.get(position, [])):  # same order: pre-order in both
            span = callee_name_span(site.call)
            if span is None or edge.callee is None:
                continue
            href = href_for(edge.callee)
            if href is None:
                continue
            symbol = index.symbols.get(edge.callee)
            title = symbol.signature if symbol else edge.callee
            if edge.status == "dynamic":
                title += f"  (dynamic: {len(edge.candidates)} candidate implementations)"
            links.append(Link(span[0], span[1], href, title))
    return links


def definition_href(index: Index, symbol_id: str) -> str | None:
    """GitHub permalink of a symbol's definition, for symbols without a page of their own."""
    symbol = index.symbols.get(symbol_id)
    if symbol is None:
        return None
    return permalink(symbol.file, symbol.span.line, symbol.span.end_line)


def declared_names(index: Index, package: str, parsed: m.GoFile, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, symbol id) of each name declared in bytes [start, end) of a parsed file of
    `package` that the index holds as a symbol (`_` declares nothing; a second `init` is not the
    symbol `pkg.init`)."""
    found: list[tuple[str, int, str]] = []  # (id, name start, name)
    for func in parsed.funcs:
        found.append((func_id(package, func), func.name_span.start, func.name))
    for typ in parsed.types:
        found.append((f"{package}.{typ.name}", typ.name_span.start, typ.name))
        for f in typ.type.fields if typ.type.kind in ("struct", "interface") else ():
            if f.name is not None and not f.embedded and f.span is not None:
                member = f"{package}.{typ.name}.{f.name}" if typ.type.kind == "struct" else f"{package}.({typ.name}).{f.name}"
                found.append((member, f.span.start, f.name))
    for value in parsed.values:
        found.append((f"{package}.{value.name}", value.name_span.start, value.name))
    names = []
    for sid, at, name in found:
        symbol = index.symbols.get(sid) if name != "_" and start <= at < end else None
        if symbol is not None and symbol.file == parsed.path and symbol.name_span.start == at:
            names.append((at, at + len(name.encode()), sid))
    return names


def stdlib_href(target: str) -> str | None:
    """pkg.go.dev for a standard-library id: `net/http.Server` -> …/net/http#Server,
    `net/http.Server.Addr` -> …/net/http#Server.Addr (fields and methods alike)."""
    head, _, rest = target.rpartition("/")
    name, _, member = rest.partition(".")
    package = f"{head}/{name}" if head else name
    if not member or not is_stdlib(package) or "(" in member:
        return None
    return f"https://pkg.go.dev/{package}#{member}"
