"""The tree-sitter adapter: the one module that talks to py-tree-sitter's versioned API.

py-tree-sitter 0.25 moved query execution from `Query.matches` to
`QueryCursor(query).matches(node)`; Language/Parser construction changed before that.
Everything version-sensitive lives here: the Go language object, the parser, loading the
`.scm` queries that sit in `queries/` beside this file, and running them.  The extractor
reads nodes through their stable attributes (`type`, `children`, `child_by_field_name`,
byte and point ranges) and never lets a node leave the parse stage.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import tree_sitter_go
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

QUERIES = Path(__file__).parent / "queries"

__all__ = ["Node", "Tree", "captures", "parse_go"]


@cache
def _language() -> Language:
    return Language(tree_sitter_go.language())


@cache
def _parser() -> Parser:
    return Parser(_language())


@cache
def _query(name: str) -> Query:
    return Query(_language(), (QUERIES / f"{name}.scm").read_text())


def parse_go(source: bytes) -> Tree:
    """Parse Go source bytes."""
    return _parser().parse(source)


def captures(query_name: str, node: Node) -> list[tuple[str, Node]]:
    """(capture name, node) pairs of the named query below `node`, in document order."""
    found: list[tuple[str, Any]] = []
    for name, nodes in QueryCursor(_query(query_name)).captures(node).items():
        found.extend((name, n) for n in nodes)
    # outer nodes before the nodes inside them, as a pre-order walk would visit them
    found.sort(key=lambda pair: (pair[1].start_byte, -pair[1].end_byte))
    return found
