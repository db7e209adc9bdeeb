"""Diagrams as inline SVG: no JavaScript, every box a link, works offline.

Call graphs are trees laid out left to right: a function's callees in a column right of it,
the function level with their middle, joined to them by elbow lines (solid: a resolved call;
dashed: an interface method or function value).  Every box is labelled with its full name, the package written as the
shortest path suffix that tells the graph's packages apart (`apiserver/pkg/server.` beside
`kubeapiserver/server.`).  A big graph folds the leaves one function calls in one package into a
single box that names that function; a graph beyond its budget of boxes is split: the boxes
that do not fit are replaced by one "N more" box linking on to a graph of their own
(`split_graph`).

Sequence diagrams show one function's calls in order, one lifeline per package.  A label
never crosses a lifeline: the lifelines it would cross are broken where it sits.  Deferred
calls are drawn where they run — after the function's last statement, in reverse order — and
calls started with `go` end in an open arrowhead.

Sizes come from an estimate of the width of the 12 px monospace the CSS sets
(templates/assets/diagrams.css); user-visible words are passed in (`words`: WORD_KEYS from the UI strings table).
"""

from __future__ import annotations

import hashlib
import html
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from reader.trace.trace import TraceNode

# The words diagrams write, looked up in the UI strings table (templates/strings.yml, `graph.<key>`).
WORD_KEYS = ('folded', 'folded_title', 'more', 'more_title', 'repeat', 'on_return', 'defer', 'go', 'page_title', 'page_intro', 'page_part', 'page_parts')

CHAR_W = 7.3  # px per character of 12 px monospace (DejaVu Sans Mono and Menlo: 7.22), rounded up
WIDE_W = 12.5  # a CJK character
CHAPTER_BOXES = 40  # a call graph in a chapter shows at most about this many boxes
PAGE_BOXES = 60  # a call-graph page (graph_page) shows at most about this many, then splits
MIN_PART = 8  # boxes: a smaller subtree stays where it is
FOLD_OVER = 40  # trace nodes; a bigger graph folds the leaves of each package under one caller
BOX_H = 24
ROW = 32  # vertical distance between two boxes of a column
GAP = 40  # between a box and its callees: room for the elbow lines
PAD = 8  # inside a box, each side of the label


def text_width(text: str) -> float:
    return sum(WIDE_W if unicodedata.east_asian_width(c) in "WF" else CHAR_W for c in text)


def split_symbol(symbol: str) -> tuple[str, str]:
    """(import path, name within the package): `k8s.io/x/pkg/server.(*Config).Complete` →
    (`k8s.io/x/pkg/server`, `(*Config).Complete`).  The package ends at the first dot after the
    last slash (an import path with a dotted last element, gopkg.in/yaml.v2, is split early:
    only labels are made from this)."""
    head, slash, tail = symbol.rpartition("/")
    package, _, name = tail.partition(".")
    return head + slash + package, name


def distinct_packages(packages: Iterable[str]) -> dict[str, str]:
    """Each package's shortest path suffix that no other of `packages` shares (a suffix that
    would start with an uninformative `pkg` takes one more element)."""
    paths = sorted(set(packages))
    short: dict[str, str] = {}
    for path in paths:
        parts = path.split("/")
        for n in range(1, len(parts) + 1):
            suffix = "/".join(parts[-n:])
            if parts[-n] == "pkg" and n < len(parts):
                continue
            if not any(other != path and (other == suffix or other.endswith("/" + suffix)) for other in paths):
                break
        short[path] = suffix
    return short


# ---------------------------------------------------------------- call graphs


@dataclass(frozen=True)
class Box:
    """One box of a call graph and the boxes it calls."""

    kind: str  # call | folded (leaves of one package under one caller) | more (the rest is on another part)
    symbol: str  # the callee; folded: the caller; more: the symbol whose graph the other part is
    package: str  # import path the label names
    name: str  # the label after the package (call); the callees' names (folded)
    dynamic: bool = False  # an interface method or function value
    repeat: bool = False  # expanded elsewhere in the graph
    children: tuple[Box, ...] = ()
    count: int = 0  # folded: calls in the group; more: boxes of the part it links to

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class GraphPart:
    """One drawing of a split graph: its root box, and the symbols whose graphs continue in other parts."""

    root: Box
    continued: tuple[str, ...]

    @property
    def symbol(self) -> str:
        return self.root.symbol

    @property
    def size(self) -> int:
        return sum(1 for _ in self.root.walk())


def graph_boxes(root: TraceNode) -> Box:
    """The boxes of a trace: a graph of more than FOLD_OVER nodes folds each caller's leaves in
    one package into one box (a package it calls once stays a box of its own)."""
    fold = sum(1 for _ in root.walk()) > FOLD_OVER

    def box(node: TraceNode) -> Box:
        package, name = split_symbol(node.symbol)
        groups: dict[str, list[TraceNode]] = {}
        order: list[TraceNode | str] = []  # children in call order, a folded group where its first call is
        for child in node.children:
            if child.symbol.startswith("("):
                continue  # a function value: nothing to name
            if fold and child.kind != "expanded":
                if any(isinstance(c, TraceNode) and c.symbol == child.symbol for c in order):
                    continue  # called again: its box is there
                key = split_symbol(child.symbol)[0]
                if key not in groups:
                    groups[key] = []
                    order.append(key)
                if child.symbol not in {c.symbol for c in groups[key]}:
                    groups[key].append(child)
            elif child.symbol not in {c.symbol for c in order if isinstance(c, TraceNode)}:
                order.append(child)  # one box per callee, however often it is called
        children = []
        for item in order:
            if isinstance(item, TraceNode):
                children.append(box(item))
            elif len(groups[item]) == 1:
                children.append(box(groups[item][0]))
            else:
                names = "\n".join(split_symbol(c.symbol)[1] for c in groups[item])
                dynamic = any(c.status != "resolved" for c in groups[item])
                children.append(Box("folded", node.symbol, item, names, dynamic, count=len(groups[item])))
        return Box("call", node.symbol, package, name, node.status not in ("resolved", "root"), node.kind == "repeat", tuple(children))

    return box(root)


def split_graph(root: Box, budget: int) -> list[GraphPart]:
    """The graph as parts of at most about `budget` boxes, the root's part first.  While a part
    is too big, a subtree that fits in a part of its own (and is worth one: MIN_PART boxes)
    moves out — the one whose size is closest to the excess, so the part stays full — and its
    box stays, with one "more" box linking on to its part.  A subtree bigger than the budget stays and is split
    inside."""
    parts: list[GraphPart] = []

    def part(top: Box) -> None:
        cut: set[int] = set()  # ids of the boxes whose callees move to another part

        def size(b: Box) -> int:  # boxes b shows in this part, with its "more" box if cut
            return 2 if id(b) in cut else 1 + sum(size(c) for c in b.children)

        def candidates(b: Box):
            for c in b.children:
                if id(c) not in cut:
                    yield c
                    yield from candidates(c)

        while (excess := size(top) - budget) > 0:
            fits = [c for c in candidates(top) if MIN_PART <= size(c) <= budget]
            if not fits:
                break
            # the cut that takes out closest to the excess (it leaves the box and its "more" box)
            cut.add(id(min(fits, key=lambda c: (abs(size(c) - 2 - excess), -size(c)))))
        continued: list[Box] = []

        def rebuild(b: Box) -> Box:
            if id(b) in cut:
                continued.append(b)
                return replace(b, children=(Box("more", b.symbol, b.package, b.name, count=sum(1 for _ in b.walk()) - 1),))
            return replace(b, children=tuple(rebuild(c) for c in b.children)) if b.children else b

        parts.append(GraphPart(rebuild(top), tuple(b.symbol for b in continued)))
        for b in continued:
            part(b)

    part(root)
    return parts


def box_label(b: Box, short: dict[str, str], words: dict[str, str]) -> tuple[str, str]:
    """(package part, rest) of a box's label, as drawn."""
    if b.kind == "folded":
        return "", words["folded"].format(parent=split_symbol(b.symbol)[1], package=short[b.package], count=b.count)
    if b.kind == "more":
        return "", words["more"].format(count=b.count)
    return short[b.package] + ".", b.name + (words["repeat"] if b.repeat else "")


def callgraph_svg(part: GraphPart, href_for: Callable[[str], str | None], more_href: Callable[[str], str | None],
                  callees_href: Callable[[str], str | None], words: dict[str, str]) -> str:  # fmt: skip
    """One part of a call graph.  `href_for(symbol)`: a box's link; `more_href(symbol)`: where
    the graph below a cut box goes on; `callees_href(symbol)`: a folded box's link (its caller's
    list of callees)."""
    boxes = list(part.root.walk())
    packages = {b.package for b in boxes}
    short = distinct_packages(packages)
    labels = {id(b): box_label(b, short, words) for b in boxes}
    width_of = {id(b): round(text_width("".join(labels[id(b)])) + 2 * PAD) for b in boxes}

    x_of: dict[int, int] = {}  # a box's left edge: its callees start right of it, beside each other
    row: dict[int, float] = {}
    next_row = 0

    def place(b: Box, x: int) -> None:
        nonlocal next_row
        x_of[id(b)] = x
        if not b.children:
            row[id(b)] = next_row
            next_row += 1
            return
        for child in b.children:
            place(child, x + width_of[id(b)] + GAP)
        row[id(b)] = (row[id(b.children[0])] + row[id(b.children[-1])]) / 2

    place(part.root, 8)
    width = max(x_of[id(b)] + width_of[id(b)] for b in boxes) + 8
    height = next_row * ROW + 8

    def y_mid(b: Box) -> float:
        return 8 + row[id(b)] * ROW + BOX_H / 2

    out = [f'<svg class="k8s-graph" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:g}" viewBox="0 0 {width} {height:g}" role="img">']
    for b in boxes:
        if not b.children:
            continue
        x1, y1 = x_of[id(b)] + width_of[id(b)], y_mid(b)
        trunk, x2 = x1 + GAP // 2, x1 + GAP
        ys = [y_mid(c) for c in b.children]
        out.append(f'<path class="k8s-edge" d="M{x1},{y1:g} H{trunk} M{trunk},{min(ys + [y1]):g} V{max(ys + [y1]):g}"/>')
        for child, y in zip(b.children, ys):
            dash = ' stroke-dasharray="4 3"' if child.dynamic else ""
            out.append(f'<path class="k8s-edge" d="M{trunk},{y:g} H{x2}"{dash}/>')
    for b in boxes:
        x, y = x_of[id(b)], 8 + row[id(b)] * ROW
        package, rest = labels[id(b)]
        text = (f'<tspan class="k8s-pkg">{html.escape(package)}</tspan>' if package else "") + html.escape(rest)
        if b.kind == "folded":
            title, href, css = words["folded_title"].format(parent=b.symbol, package=b.package) + "\n" + b.name, callees_href(b.symbol), "k8s-node k8s-folded"
        elif b.kind == "more":
            title, href, css = words["more_title"].format(symbol=b.symbol), more_href(b.symbol), "k8s-node k8s-more"
        else:
            title, href, css = b.symbol, href_for(b.symbol), "k8s-node k8s-root" if b is part.root else "k8s-node"
        shape = (
            f'<rect x="{x}" y="{y:g}" width="{width_of[id(b)]}" height="{BOX_H}" rx="4"/>'
            f'<text x="{x + PAD}" y="{y + 16:g}">{text}</text><title>{html.escape(title)}</title>'
        )  # fmt: skip
        out.append(f'<a class="{css}" href="{html.escape(href)}">{shape}</a>' if href else f'<g class="{css}">{shape}</g>')
    out.append("</svg>")
    return '<div class="k8s-graph-wrap" tabindex="0">' + "".join(out) + "</div>"


# ---------------------------------------------------------------- sequence diagrams


@dataclass(frozen=True)
class Message:
    """One call of a sequence diagram."""

    symbol: str  # the callee
    package: str  # its import path: its lifeline
    line: int  # where the call is
    href: str | None
    kind: str = "call"  # call | defer (runs when the caller returns) | go (runs in a new goroutine)


GUTTER = 48  # left of the caller's box: the line numbers
SEQ_ROW = 34
HEAD_H = 24
STAGGER_OVER = 700  # px: a wider diagram puts every other participant's box on a second row


def sequence_svg(caller: str, messages: list[Message], words: dict[str, str]) -> str:
    """A sequence diagram of `caller`'s calls, in order, top to bottom; deferred calls after its
    last statement.  Calls into the caller's own package loop back on its lifeline."""
    own, caller_name = split_symbol(caller)
    participants = [own] + [p for p in dict.fromkeys(m.package for m in messages) if p != own]
    short = distinct_packages(participants)
    heads = [short[own] + "." + caller_name] + [short[p] for p in participants[1:]]
    head_w = [text_width(h) + 2 * PAD for h in heads]
    now = [m for m in messages if m.kind != "defer"]
    later = [m for m in reversed(messages) if m.kind == "defer"]

    def label(m: Message) -> str:
        prefix = words["defer"] if m.kind == "defer" else words["go"] if m.kind == "go" else ""
        return prefix + split_symbol(m.symbol)[1] + "()"

    # a label starts just right of the caller's lifeline and ends before its arrowhead
    reach = [0.0] + [max((text_width(label(m)) for m in messages if m.package == p), default=0) for p in participants[1:]]

    def lifelines(stagger: bool) -> list[float]:
        x = [GUTTER + head_w[0] / 2]
        for i in range(1, len(participants)):
            if stagger:  # odd participants' boxes on the second row, clear of their neighbours' lifelines
                below = head_w[i] / 2 if i % 2 else head_w[i - 1] / 2
                beside = x[i - 2] + (head_w[i - 2] + head_w[i]) / 2 + 12 if i >= 2 else 0
                spacing = max(x[i - 1] + below + 8, beside, x[i - 1] + 36)
            else:
                spacing = x[i - 1] + (head_w[i - 1] + head_w[i]) / 2 + 12
            x.append(max(spacing, x[0] + PAD + reach[i] + 16))
        return x

    x = lifelines(False)
    stagger = x[-1] + head_w[-1] / 2 > STAGGER_OVER
    if stagger:
        x = lifelines(True)
    x_of = dict(zip(participants, x))
    head_y = [4 + (HEAD_H + 6) * (stagger and i % 2) for i in range(len(participants))]

    rows: list[tuple[float, Message | None]] = []  # (y of the arrow, message); None: the on-return rule
    y = max(head_y) + HEAD_H + SEQ_ROW - 6
    for m in now:
        rows.append((y, m))
        y += SEQ_ROW
    if later:
        rows.append((y - 14, None))
        y += 28
        for m in later:
            rows.append((y, m))
            y += SEQ_ROW
    height = y - SEQ_ROW + 16
    on_return = words["on_return"].format(caller=caller_name)
    ends = [x[-1] + head_w[-1] / 2, x[0] + PAD + text_width(on_return) if later else 0]
    ends += [x[0] + PAD + text_width(label(m)) for m in messages if m.package == own]
    width = round(max(ends) + 8)

    marker = "k8s-arrow-" + hashlib.sha1(caller.encode()).hexdigest()[:8]  # one per diagram: a page may show several
    out = [f'<svg class="k8s-graph k8s-sequence" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:g}" viewBox="0 0 {width} {height:g}" role="img">',
           f'<defs><marker id="{marker}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" orient="auto">'
           '<path d="M0,0 L8,4 L0,8 z" class="k8s-arrowhead"/></marker>'
           f'<marker id="{marker}-open" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" orient="auto">'
           '<path d="M0,0 L8,4 L0,8" class="k8s-arrowhead-open"/></marker></defs>']  # fmt: skip
    texts: list[tuple[float, float, float]] = []  # (left, right, baseline) of every label: the lifelines break there
    drawn: list[str] = []
    for y, m in rows:
        left = x[0] + PAD
        if m is None:
            drawn.append(f'<path class="k8s-edge k8s-return" d="M{GUTTER},{y:g} H{width - 4}"/>'
                         f'<text class="k8s-note" x="{left:g}" y="{y + 16:g}">{html.escape(on_return)}</text>')  # fmt: skip
            texts.append((left, left + text_width(on_return), y + 16))
            continue
        x1, x2, text = x[0], x_of[m.package], label(m)
        head = f"url(#{marker}-open)" if m.kind == "go" else f"url(#{marker})"
        dash = ' stroke-dasharray="5 3"' if m.kind == "defer" else ""
        if m.package == own:  # a call into the caller's own package: a loop back to its lifeline
            arrow = f'<path class="k8s-edge" d="M{x1:g},{y - 2:g} H{x1 + 20:g} V{y + 8:g} H{x1 + 6:g}"{dash} marker-end="{head}"/>'
        else:
            arrow = f'<path class="k8s-edge" d="M{x1:g},{y:g} H{x2 - 6:g}"{dash} marker-end="{head}"/>'
        texts.append((left, left + text_width(text), y - 6))
        body = f'{arrow}<text x="{left:g}" y="{y - 6:g}">{html.escape(text)}</text><title>{html.escape(m.symbol)}</title>'
        drawn.append(f'<a class="k8s-node k8s-{m.kind}" href="{html.escape(m.href)}">{body}</a>' if m.href else f'<g class="k8s-node k8s-{m.kind}">{body}</g>')
        drawn.append(f'<text class="k8s-at" x="{GUTTER - 12}" y="{y - 6:g}" text-anchor="end">L{m.line}</text>')
    for px, top, head, w in zip(x, head_y, heads, head_w):
        gaps = sorted((base - 13, base + 4) for left, right, base in texts if left - 3 < px < right + 3)
        segments, start = [], top + HEAD_H
        for gap_top, gap_bottom in gaps:
            if gap_top > start:
                segments.append(f"M{px:g},{start:g} V{gap_top:g}")
            start = max(start, gap_bottom)
        segments.append(f"M{px:g},{start:g} V{height - 4:g}")
        out.append(f'<rect x="{px - w / 2:g}" y="{top}" width="{w:g}" height="{HEAD_H}" rx="4"/><text x="{px:g}" y="{top + 16}" text-anchor="middle">{html.escape(head)}</text>')
        out.append(f'<path class="k8s-lifeline" d="{" ".join(segments)}"/>')
    out.extend(drawn)
    out.append("</svg>")
    return '<div class="k8s-graph-wrap" tabindex="0">' + "".join(out) + "</div>"
