"""Which identifiers in a stretch of source become links, and to where.

Call sites: the callee's name (the `F` of `pkg.F(...)`, the `M` of `x.y.M(...)`) links to the
callee's page when it has one, else to its definition on GitHub.  The index says what each
call site calls; the parse stage says where in the bytes the callee's name is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from reader.index.models import CallEdge, Index
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
