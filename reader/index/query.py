"""Reading the index for people: finding symbols by full or partial id, call trees, call exports."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator

from reader.errors import UsageError
from reader.index.models import CallEdge, Index, Symbol

CALLS_COLUMNS = ("caller_file", "caller_id", "line", "col", "callee_id", "callee_def_file", "callee_def_line", "status")


def symbol_matches(index: Index, query: str, loose: bool = False) -> list[str]:
    """The ids `query` names: itself, or every id it is a dotted suffix of (`options.NewServerRunOptions`,
    `(*ServerRunOptions).AddFlags`); `loose` also lets `EtcdOptions.AddFlags` name `(*EtcdOptions).AddFlags`."""
    if query in index.symbols:
        return [query]
    matches = [sid for sid in index.symbols if sid.endswith("." + query) or sid.endswith("/" + query)]
    if loose and not matches and "(" not in query:
        plain = "." + query
        matches = [sid for sid in index.symbols if "(" in sid and _unparen(sid).endswith(plain)]
    return matches


def closest_symbols(index: Index, query: str, n: int = 5) -> list[str]:
    """Ids spelled most like `query`, compared by the part after the last '/' ("opts.NewServer")."""
    by_tail: dict[str, list[str]] = {}
    for sid in index.symbols:
        by_tail.setdefault(sid.rsplit("/", 1)[-1], []).append(sid)
    close = difflib.get_close_matches(query.rsplit("/", 1)[-1], list(by_tail), n=n, cutoff=0.6)
    return [sid for tail in close for sid in by_tail[tail]][:n]


def find_symbol(index: Index, query: str) -> Symbol:
    """The one symbol `query` names; ambiguity and misses are one-line errors with candidates."""
    matches = symbol_matches(index, query, loose=True)
    if len(matches) == 1:
        return index.symbols[matches[0]]
    if matches:
        shown = ", ".join(sorted(matches)[:8])
        more = f" (and {len(matches) - 8} more)" if len(matches) > 8 else ""
        raise UsageError(f"symbol {query!r} is ambiguous: {shown}{more}; give more of the id")
    near = closest_symbols(index, query)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise UsageError(f"no symbol {query!r} in the index{hint}")


def _unparen(symbol_id: str) -> str:
    return symbol_id.replace("(*", "").replace("(", "").replace(")", "")


def describe(symbol: Symbol) -> str:
    lines = [symbol.id, f"{symbol.kind} in package {symbol.package}", f"{symbol.file}:{symbol.name_span.line}:{symbol.name_span.col}", symbol.signature]
    if symbol.doc:
        lines.append("")
        lines.extend(symbol.doc.splitlines())
    return "\n".join(lines)


def format_edge(index: Index, edge: CallEdge, from_caller: bool) -> str:
    target = edge.caller if not from_caller else (edge.callee or "?")
    detail = edge.how if edge.status != "unresolved" else edge.reason
    extra = f" [{len(edge.candidates)} candidates]" if edge.candidates else ""
    return f"{edge.file}:{edge.line}:{edge.col}\t{target}\t{edge.status}\t{detail}{extra}"


def callee_tree(index: Index, root: str, depth: int) -> Iterator[str]:
    """Indented lines: the callees of `root`, depth-first, each symbol expanded once."""
    seen = {root}

    def walk(symbol_id: str, level: int) -> Iterator[str]:
        for edge in index.calls_from(symbol_id):
            label = edge.callee or f"? ({edge.reason})"
            marker = "" if edge.status == "resolved" else f" ({edge.status})"
            yield f"{'  ' * level}{label}{marker}  {edge.file}:{edge.line}"
            if edge.callee and edge.callee not in seen and level + 1 < depth and edge.callee in index.symbols:
                seen.add(edge.callee)
                yield from walk(edge.callee, level + 1)

    yield root
    yield from walk(root, 1)


def call_rows(index: Index, import_path: str) -> list[tuple]:
    if import_path not in index.packages:
        near = difflib.get_close_matches(import_path, list(index.packages), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise UsageError(f"no package {import_path!r} in the index{hint}")
    rows = []
    for e in index.calls_in_package(import_path):
        target = index.symbols.get(e.callee) if e.callee else None
        rows.append((e.file, e.caller, e.line, e.col, e.callee or "", target.file if target else "", target.name_span.line if target else "", e.status))
    return sorted(rows, key=lambda r: (r[0], r[2], r[3], r[4]))


def render_rows(rows: list[tuple], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(CALLS_COLUMNS, r)) for r in rows], indent=1)
    return "\n".join("\t".join(str(v) for v in row) for row in [CALLS_COLUMNS, *rows])
