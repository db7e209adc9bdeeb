"""reader.replicas.steps: which Go a replica's blocks mirror — the markers, and their check
against the Go function's lines (a small module here; every replica on the real tree)."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import textwrap
import types
from pathlib import Path

import pytest

import reader.replicas
from reader.replicas.steps import go_function_lines, marker_differences, mirrored_steps

GO_LINES = {"k8s.io/x.F": [(10, "a := 1"), (11, "if a > 0 {"), (12, "b := a"), (13, "}"), (14, "return a")]}


def module_from(tmp_path: Path, source: str) -> types.ModuleType:
    """A replica module inspect can read: a file of its own, imported."""
    path = tmp_path / "replica_fixture.py"
    path.write_text(textwrap.dedent(source))
    spec = importlib.util.spec_from_file_location(f"replica_fixture_{tmp_path.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_markers_in_go_order_nested_ones_included_pass(tmp_path: Path) -> None:
    module = module_from(tmp_path, '''
        MIRRORS = {"f": "k8s.io/x.F"}

        def f():
            # go: a := 1
            a = 1
            # go: if a > 0 {
            if a > 0:
                # go: b := a
                b = a
            # go: return a
            return a
        ''')
    steps = mirrored_steps(module)
    assert [s.text for s in steps] == ["a := 1", "if a > 0 {", "b := a", "return a"]
    assert marker_differences(steps, GO_LINES.get) == []


def test_a_marker_out_of_order_or_not_in_the_function_is_named(tmp_path: Path) -> None:
    module = module_from(tmp_path, '''
        MIRRORS = {"f": "k8s.io/x.F", "g": "k8s.io/x.G"}

        def f():
            # go: return a
            # go: a := 1
            # go: c := 2
            pass

        def g():
            # go: x
            pass
        ''')
    assert marker_differences(mirrored_steps(module), GO_LINES.get) == [
        "k8s.io/x.F: 'a := 1' is not a line of it after line 14",
        "k8s.io/x.F: 'c := 2' is not a line of it after line 14",
        "k8s.io/x.G: no such function in the tree",
    ]


def replica_modules() -> list[types.ModuleType]:
    modules = (importlib.import_module(m.name) for m in pkgutil.walk_packages(reader.replicas.__path__, "reader.replicas."))
    return [m for m in modules if getattr(m, "MIRRORS", None)]


@pytest.mark.realtree
def test_every_replicas_markers_quote_v1_9_9_in_order(real_index) -> None:
    root, index = real_index
    lines_of = go_function_lines(index.symbols, lambda path: (root / path).read_bytes())
    modules = replica_modules()
    steps = [s for m in modules for s in mirrored_steps(m)]
    assert len(modules) >= 15 and len(steps) >= 400
    assert [d for m in modules for d in marker_differences(mirrored_steps(m), lines_of)] == []


def test_a_replica_page_check_of_the_markers_names_what_the_tree_lacks() -> None:
    from reader.replicas.differences import marker_check

    check = marker_check("kube-controller-manager/workqueue", {}, lambda path: None)
    assert check is not None and check.compared == len(check.differences) >= 10
    assert check.differences[0].endswith(": no such function in the tree")
    assert marker_check("version", {}, lambda path: None) is None  # no markers, no check
