"""Following calls from a root symbol: descend into the startup packages, show everything else
in the tree as a linked leaf, hide noise (builtins, logging, formatting); interface calls list
their candidate implementations, marked inferred."""

from __future__ import annotations

import json
from dataclasses import dataclass

from reader.errors import UsageError
from reader.books import TraceScope
from reader.index.models import DYNAMIC, Index

@dataclass(frozen=True)
class TraceNode:
    symbol: str
    file: str  # where the call is (for the root: where it is defined)
    line: int
    status: str  # resolved | dynamic | unresolved | root
    how: str
    kind: str  # expanded | leaf | repeat | external | depth-limit
    children: tuple[TraceNode, ...] = ()
    candidates: tuple[str, ...] = ()  # inferred implementations of an interface call
    reason: str = ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def trace(index: Index, scope: TraceScope, root: str | None = None, depth: int | None = None) -> TraceNode:
    start = root or scope.root
    limit = depth if depth is not None else scope.depth
    expanded: set[str] = set()

    def node(symbol: str, file: str, line: int, status: str, how: str, level: int, candidates: tuple[str, ...] = (), reason: str = "") -> TraceNode:
        definition = index.symbols.get(symbol)
        if definition is None:
            return TraceNode(symbol, file, line, status, how, "external", candidates=candidates, reason=reason)
        if symbol in expanded:
            return TraceNode(symbol, file, line, status, how, "repeat", candidates=candidates)
        if not scope.expands(definition.package):
            return TraceNode(symbol, file, line, status, how, "leaf", candidates=candidates)
        if level >= limit:
            return TraceNode(symbol, file, line, status, how, "depth-limit", candidates=candidates)
        expanded.add(symbol)
        children = []
        for edge in index.calls_from(symbol):
            callee = edge.callee
            if callee is None:
                if edge.status != "unresolved":
                    children.append(TraceNode("(function value)", edge.file, edge.line, edge.status, edge.how, "external", reason=edge.reason))
                continue
            if callee.startswith(scope.hide) or edge.how in ("conversion", "builtin"):
                continue
            shown = edge.candidates[: scope.max_candidates] if edge.status == DYNAMIC else ()
            children.append(node(callee, edge.file, edge.line, edge.status, edge.how, level + 1, shown))
        return TraceNode(symbol, file, line, status, how, "expanded", tuple(children), candidates, reason)

    definition = index.symbols.get(start)
    if definition is None:
        raise UsageError(f"no symbol {start!r} to trace from")
    return node(start, definition.file, definition.name_span.line, "root", "root", 0)


def render_tree(root: TraceNode) -> list[str]:
    lines: list[str] = []

    def visit(n: TraceNode, prefix: str, last: bool, top: bool) -> None:
        marks = {"repeat": " (see above)", "leaf": " …", "depth-limit": " (depth limit)", "external": ""}.get(n.kind, "")
        status = "" if n.status in ("resolved", "root") else f" [{n.status}{': ' + n.reason if n.reason else ''}]"
        where = f"  {n.file}:{n.line}"
        branch = "" if top else ("└── " if last else "├── ")
        lines.append(f"{prefix}{branch}{n.symbol}{marks}{status}{where}")
        inner = prefix if top else prefix + ("    " if last else "│   ")
        for c in n.candidates:
            lines.append(f"{inner}    ⇢ {c} (inferred implementation)")
        for i, child in enumerate(n.children):
            visit(child, inner, i == len(n.children) - 1, False)

    visit(root, "", True, True)
    return lines


def render_dot(root: TraceNode) -> str:
    ids: dict[str, str] = {}
    out = ["digraph trace {", '  rankdir=LR; node [shape=box, fontname="monospace", fontsize=10];']

    def ident(symbol: str) -> str:
        if symbol not in ids:
            ids[symbol] = f"n{len(ids)}"
            out.append(f'  {ids[symbol]} [label={json.dumps(symbol)}];')
        return ids[symbol]

    for n in root.walk():
        for child in n.children:
            style = "" if child.status == "resolved" else " [style=dashed]"
            out.append(f"  {ident(n.symbol)} -> {ident(child.symbol)}{style};")
            for c in child.candidates:
                out.append(f'  {ident(child.symbol)} -> {ident(c)} [style=dotted, label="inferred"];')
    out.append("}")
    return "\n".join(out)


def to_json(root: TraceNode) -> dict:
    return {
        "symbol": root.symbol, "file": root.file, "line": root.line, "status": root.status, "how": root.how,
        "kind": root.kind, "candidates": list(root.candidates), "reason": root.reason,
        "children": [to_json(c) for c in root.children],
    }  # fmt: skip
