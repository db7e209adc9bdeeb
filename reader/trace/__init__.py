"""Trace stage: the kube-apiserver startup path as a call tree, following the index under
scope rules kept as data (scope.json)."""

from reader.trace.trace import Scope, TraceNode, render_dot, render_tree, to_json, trace

__all__ = ["Scope", "TraceNode", "render_dot", "render_tree", "to_json", "trace"]
