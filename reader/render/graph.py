"""Call graphs as inline SVG: no JavaScript, every node a link, works offline.

Layout is by depth (one column per call level, left to right) in the order the trace visits
calls.  Resolved calls are solid lines, dynamic ones dashed.  A graph with many leaves folds
the leaves of each package into one node ("pkg · 7 calls").
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass

from reader.trace.trace import TraceNode

COLUMN = 300
ROW = 34
BOX_W = 260
BOX_H = 24
FOLD_OVER = 40  # nodes; beyond this, leaves are folded by package


@dataclass
class _Node:
    key: str
    label: str
    depth: int
    row: int
    href: str | None
    title: str


def _label(symbol: str) -> str:
    short = symbol.rsplit("/", 1)[-1]
    return short if len(short) <= 36 else short[:35] + "…"


def _package(symbol: str) -> str:
    head = symbol.split(".(", 1)[0]
    return head.rsplit(".", 1)[0] if "(" not in symbol else head


def callgraph_svg(root: TraceNode, href_for: Callable[[str], str | None]) -> str:
    total = sum(1 for _ in root.walk())
    fold = total > FOLD_OVER
    nodes: dict[str, _Node] = {}
    edges: list[tuple[str, str, bool]] = []
    rows_used: dict[int, int] = {}

    def place(key: str, label: str, depth: int, href: str | None, title: str) -> str:
        if key not in nodes:
            row = rows_used.get(depth, 0)
            rows_used[depth] = row + 1
            nodes[key] = _Node(key, label, depth, row, href, title)
        return key

    def visit(node: TraceNode, depth: int) -> str:
        key = place(node.symbol, _label(node.symbol), depth, href_for(node.symbol), node.symbol)
        folded: dict[str, int] = {}
        for child in node.children:
            if child.symbol.startswith("("):
                continue
            if fold and child.kind != "expanded":
                folded[_package(child.symbol)] = folded.get(_package(child.symbol), 0) + 1
                continue
            edges.append((key, visit(child, depth + 1), child.status == "resolved"))
        for package, count in folded.items():
            fkey = f"{key}→{package}"
            edges.append((key, place(fkey, f"{package.rsplit('/', 1)[-1]} · {count} 次调用", depth + 1, None, package), True))
        return key

    visit(root, 0)
    width = (max(n.depth for n in nodes.values()) + 1) * COLUMN
    height = (max(rows_used.values()) + 1) * ROW
    out = [f'<svg class="k8s-graph" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">']
    for source, target, solid in edges:
        a, b = nodes[source], nodes[target]
        x1, y1 = a.depth * COLUMN + BOX_W + 8, a.row * ROW + ROW // 2 + 4
        x2, y2 = b.depth * COLUMN + 8, b.row * ROW + ROW // 2 + 4
        dash = "" if solid else ' stroke-dasharray="4 3"'
        out.append(f'<path class="k8s-edge" d="M{x1},{y1} C{x1 + 20},{y1} {x2 - 20},{y2} {x2},{y2}" fill="none"{dash}/>')
    for n in nodes.values():
        x, y = n.depth * COLUMN + 8, n.row * ROW + 8
        box = (
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4"/>'
            f'<text x="{x + 8}" y="{y + 16}">{html.escape(n.label)}</text><title>{html.escape(n.title)}</title>'
        )  # fmt: skip
        out.append(f'<a class="k8s-node" href="{html.escape(n.href)}">{box}</a>' if n.href else f'<g class="k8s-node k8s-folded">{box}</g>')
    out.append("</svg>")
    return '<div class="k8s-graph-wrap">' + "".join(out) + "</div>"


def sequence_svg(caller: str, messages: list[tuple[str, str, int, str | None]]) -> str:
    """A sequence diagram: `caller` calls (package, function, line, href) in order, top to bottom."""
    participants = [caller] + list(dict.fromkeys(pkg for pkg, _, _, _ in messages))
    column = 170
    width = column * len(participants) + 20
    top = 40
    step = 30
    height = top + step * (len(messages) + 1)
    x_of = {p: 20 + i * column + column // 2 for i, p in enumerate(participants)}
    marker = "k8s-arrow-" + hashlib.sha1(caller.encode()).hexdigest()[:8]  # one per diagram: a page may show several
    out = [f'<svg class="k8s-graph k8s-sequence" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">']
    for p in participants:
        x = x_of[p]
        out.append(f'<rect x="{x - 75}" y="4" width="150" height="24" rx="4"/><text x="{x}" y="20" text-anchor="middle">{html.escape(p)}</text>')
        out.append(f'<path class="k8s-edge" d="M{x},28 V{height - 4}" stroke-dasharray="2 3"/>')
    for i, (pkg, name, line, href) in enumerate(messages):
        y = top + step * i + 10
        x1, x2 = x_of[caller], x_of[pkg]
        label = f"{name}()  L{line}"
        arrow = f'<path class="k8s-edge" d="M{x1},{y} H{x2 - 6}" marker-end="url(#{marker})"/>'
        text = f'<text x="{(x1 + x2) // 2}" y="{y - 4}" text-anchor="middle">{html.escape(label)}</text>'
        out.append(f'<a class="k8s-node" href="{html.escape(href)}">{arrow}{text}</a>' if href else arrow + text)
    out.insert(1, f'<defs><marker id="{marker}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" orient="auto">'
                  '<path d="M0,0 L8,4 L0,8 z" class="k8s-arrowhead"/></marker></defs>')  # fmt: skip
    out.append("</svg>")
    return '<div class="k8s-graph-wrap">' + "".join(out) + "</div>"
