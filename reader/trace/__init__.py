"""Trace stage: a book's startup path as a call tree, following the index under the book's
scope rules (its `trace` entry: root, packages to descend into, callees to hide)."""

from reader.trace.trace import TraceNode, render_dot, render_tree, to_json, trace

__all__ = ["TraceNode", "render_dot", "render_tree", "to_json", "trace"]
