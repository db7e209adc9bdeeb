"""Which Go each part of a replica mirrors.

A replica module names, in `MIRRORS`, the Go function each of its Python functions follows
(Python name, `Class.method` for methods → Go symbol id).  Inside such a function a
`# go: <statement>` comment opens the block that does what that Go statement does; the tests
compare these with the steps the facts stage extracts.  The replica pages put each function
beside its Go function, and each marked block beside its Go lines."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType

from reader.index.models import Symbol

_MARKER = re.compile(r"^\s*# go: (?P<text>.+?)\s*$")


@dataclass(frozen=True)
class MirroredFunction:
    go_function: str  # symbol id of the Go function
    python_function: str  # name in the module, Class.method for methods
    first_line: int  # 1-based lines of the Python definition
    last_line: int


@dataclass(frozen=True)
class MirroredStep:
    go_function: str
    text: str  # the Go statement's first line, as the marker quotes it
    python_function: str
    first_line: int  # the marker's line in the Python file (1-based)
    last_line: int  # the block's last line


def mirrored_functions(module: ModuleType) -> list[MirroredFunction]:
    mirrors: dict[str, str] = getattr(module, "MIRRORS", {})
    found: dict[str, MirroredFunction] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")
            elif isinstance(node, ast.FunctionDef) and prefix + node.name in mirrors:
                name = prefix + node.name
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                found[name] = MirroredFunction(mirrors[name], name, first, node.end_lineno or node.lineno)

    visit(ast.parse(inspect.getsource(module)).body, "")
    missing = sorted(set(mirrors) - set(found))
    if missing:
        raise LookupError(f"{module.__name__}.MIRRORS names {', '.join(missing)}, which the module does not define")
    return sorted(found.values(), key=lambda f: f.first_line)


def mirrored_steps(module: ModuleType) -> list[MirroredStep]:
    lines = inspect.getsource(module).splitlines()
    steps = []
    for function in mirrored_functions(module):
        span = range(function.first_line, function.last_line + 1)
        markers = [(n, m["text"]) for n in span if (m := _MARKER.match(lines[n - 1]))]
        if not markers:
            continue
        ends = [*(n - 1 for n, _ in markers[1:]), function.last_line]
        steps.extend(MirroredStep(function.go_function, text, function.python_function, line, end) for (line, text), end in zip(markers, ends, strict=True))
    return steps


def steps_by_function(*modules: ModuleType) -> dict[str, list[str]]:
    """Go function → the statements the replicas mirror, in order (functions with markers only)."""
    out: dict[str, list[str]] = {}
    for module in modules:
        for step in mirrored_steps(module):
            out.setdefault(step.go_function, []).append(step.text)
    return out


FunctionLines = Callable[[str], list[tuple[int, str]] | None]  # Go function id → its numbered lines


def go_function_lines(symbols: Mapping[str, Symbol], read: Callable[[str], bytes | None]) -> FunctionLines:
    """A Go function's (line number, stripped text) pairs, by symbol id: located by the index's
    `symbols` in the files `read` gives (each read and split once; lines end at newlines only,
    as the index counts them).  None when the tree has no such function or file."""
    files: dict[str, list[str] | None] = {}

    def lines_of(go_function: str) -> list[tuple[int, str]] | None:
        symbol = symbols.get(go_function)
        if symbol is None:
            return None
        if symbol.file not in files:
            data = read(symbol.file)
            files[symbol.file] = data.decode("utf-8", "replace").split("\n") if data is not None else None
        lines = files[symbol.file]
        if lines is None:
            return None
        return [(n, lines[n - 1].strip()) for n in range(symbol.span.line, min(symbol.span.end_line, len(lines)) + 1)]

    return lines_of


def marker_differences(steps: list[MirroredStep], function_lines: FunctionLines) -> list[str]:
    """Each marker against its Go function's source: `function_lines(go_function)` gives the
    function's (line number, stripped text) pairs, or None when the tree has no such function.
    A marker must quote one of those lines, after the line the previous marker of that function
    quoted: the Python follows the Go in order, nested statements included."""
    out = []
    after: dict[str, int] = {}
    for step in sorted(steps, key=lambda s: (s.go_function, s.first_line)):
        lines = function_lines(step.go_function)
        if lines is None:
            out.append(f"{step.go_function}: no such function in the tree")
            continue
        start = after.get(step.go_function, 0)
        found = next((number for number, text in lines if number > start and text == step.text), None)
        if found is None:
            out.append(f"{step.go_function}: {step.text!r} is not a line of it" + (f" after line {start}" if start else ""))
        else:
            after[step.go_function] = found
    return out
