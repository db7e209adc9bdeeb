"""Go source to HTML: Pygments tokens, the real v1.9.9 line numbers, identifiers as links.

Everything from the source is HTML-escaped here, token by token: a `<script>` in a Go string
or comment stays text.  Links come in as byte ranges of the file (from the index), so the
excerpt is cut and tokenised in bytes-aware steps.  Each line's `id` comes from the caller (the
page's anchors, reader/render/anchors.py); a line without one gets a plain, unlinked number.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from pygments.lexer import Lexer
from pygments.lexers import GoLexer
from pygments.token import STANDARD_TYPES, Token

_LEXER = GoLexer(stripnl=False, ensurenl=False)


@dataclass(frozen=True)
class Link:
    """A byte range of the file that names something with a page (or a definition elsewhere)."""

    start: int
    end: int
    href: str
    title: str  # shown on hover: the target's signature


def _css_class(kind) -> str:
    while kind not in STANDARD_TYPES and kind is not Token:
        kind = kind.parent
    return STANDARD_TYPES.get(kind, "")


def highlight(
    source: bytes, start: int, end: int, first_line: int, links: list[Link],
    line_id: Callable[[int], str | None] | None = None, marks: dict[int, str] | None = None, lexer: Lexer = _LEXER,
) -> str:  # fmt: skip
    """HTML for bytes [start, end) of a file (Go unless another lexer is given) whose first line is `first_line`.

    `line_id(n)` is line n's anchor (None: no anchor); `marks[n]` is HTML put after line n's number."""
    excerpt = source[start:end].decode("utf-8", "replace")
    # byte offset (relative to start) -> character offset, for link boundaries
    char_at: dict[int, int] = {}
    position = 0
    for index, char in enumerate(excerpt):
        char_at[position] = index
        position += len(char.encode("utf-8"))
    char_at[position] = len(excerpt)
    spans = sorted(
        (char_at[l.start - start], char_at[l.end - start], l)
        for l in links
        if start <= l.start < l.end <= end and (l.start - start) in char_at and (l.end - start) in char_at
    )  # fmt: skip
    lines: list[list[str]] = [[]]
    link_index = 0
    open_link: tuple[int, int, Link] | None = None
    for offset, kind, value in lexer.get_tokens_unprocessed(excerpt):
        token_end = offset + len(value)
        while link_index < len(spans) and spans[link_index][0] < offset:
            link_index += 1  # a link that starts inside a token cannot be honoured
        if open_link is None and link_index < len(spans) and spans[link_index][0] == offset and spans[link_index][1] >= token_end and "\n" not in value:
            open_link = spans[link_index]
            link = open_link[2]
            lines[-1].append(f'<a class="k8s-ref" href="{html.escape(link.href)}" title="{html.escape(link.title)}">')
        css = _css_class(kind)
        for i, part in enumerate(value.split("\n")):
            if i:
                lines.append([])  # tokens never straddle a line in the HTML
            if part:
                # tabs as &#9;: Markdown expands literal tabs counting from the start of the HTML
                # line (the line-number markup included), so indentation would vary line to line
                escaped = html.escape(part, quote=False).replace("\t", "&#9;")
                lines[-1].append(f'<span class="{css}">{escaped}</span>' if css else escaped)
        if open_link is not None and open_link[1] <= token_end:
            lines[-1].append("</a>")
            open_link = None
            link_index += 1
    if open_link is not None:
        lines[-1].append("</a>")
    if lines and not lines[-1]:
        lines.pop()
    numbered = []
    for number, line in enumerate(lines, first_line):
        anchor = line_id(number) if line_id else None
        if anchor is None:
            head = f'<span class="k8s-line"><span class="k8s-lineno">{number}</span>'
        else:
            head = f'<span class="k8s-line" id="{anchor}"><a class="k8s-lineno" href="#{anchor}">{number}</a>'
        numbered.append(head + (marks or {}).get(number, "") + "".join(line) + "</span>")
    return '<div class="highlight k8s-code"><pre><code>' + "\n".join(numbered) + "</code></pre></div>"
