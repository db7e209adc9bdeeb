"""Which Go statement each block of a replica mirrors.

A replica module names the Go functions it follows step by step in `MIRRORS` (Python function
name → Go symbol id); inside those functions a `# go: <statement>` comment opens the block that
does what that Go statement does.  The tests compare these with the steps the facts stage
extracts; the replica pages put each block beside its Go lines."""

from __future__ import annotations

import ast
import inspect
import re
from dataclasses import dataclass
from types import ModuleType

_MARKER = re.compile(r"^\s*# go: (?P<text>.+?)\s*$")


@dataclass(frozen=True)
class MirroredStep:
    go_function: str  # symbol id of the Go function
    text: str  # the Go statement's first line, as the marker quotes it
    python_function: str
    first_line: int  # the marker's line in the Python file (1-based)
    last_line: int  # the block's last line


def mirrored_steps(module: ModuleType) -> list[MirroredStep]:
    mirrors: dict[str, str] = getattr(module, "MIRRORS", {})
    source = inspect.getsource(module)
    lines = source.splitlines()
    steps = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef) or node.name not in mirrors:
            continue
        end = node.end_lineno or node.lineno
        markers = [(n, m["text"]) for n in range(node.lineno, end + 1) if (m := _MARKER.match(lines[n - 1]))]
        for (line, text), following in zip(markers, [*(n for n, _ in markers[1:]), end + 1], strict=True):
            steps.append(MirroredStep(mirrors[node.name], text, node.name, line, following - 1))
    return sorted(steps, key=lambda s: s.first_line)


def steps_by_function(*modules: ModuleType) -> dict[str, list[str]]:
    """Go function → the statements the replicas mirror, in order."""
    out: dict[str, list[str]] = {}
    for module in modules:
        for step in mirrored_steps(module):
            out.setdefault(step.go_function, []).append(step.text)
    return out
