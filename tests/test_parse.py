"""Parse stage: file selection as `go build` does it, and what a GoFile holds."""

from __future__ import annotations

import textwrap

import pytest

from reader.parse import models as m
from reader.parse import parse_file, select_file


def parse(source: str, full: bool = False) -> m.GoFile:
    return parse_file("x.go", textwrap.dedent(source).lstrip().encode(), full=full)


@pytest.mark.parametrize(
    ("name", "header", "included"),
    [
        ("server.go", "", True),
        ("server_test.go", "", False),
        ("server_windows.go", "", False),
        ("server_linux.go", "", True),
        ("server_amd64.go", "", True),
        ("server_arm64.go", "", False),
        ("server_linux_amd64.go", "", True),
        ("server_linux_arm.go", "", False),
        ("linux.go", "", True),  # no underscore: the name constrains nothing
        ("_hidden.go", "", False),
        ("a.go", "// +build linux\n\n", True),
        ("a.go", "// +build !linux\n\n", False),
        ("a.go", "// +build linux,amd64 darwin\n\n", True),
        ("a.go", "// +build linux,386\n\n", False),
        ("a.go", "// +build ignore\n\n", False),
        ("a.go", "// +build cgo\n\n", False),
        ("a.go", "// +build !cgo\n\n", True),
        ("a.go", "// +build go1.9\n\n", True),
        ("a.go", "// +build go1.10\n\n", False),
        ("a.go", "// +build linux\n// +build 386\n\n", False),  # lines are ANDed
        ("a.go", "// +build windows\npackage x\n", True),  # no blank line after: not a constraint
        ("a.go", "// Copyright\n\n// +build windows\n\n", False),
    ],
)
def test_select_file(name: str, header: str, included: bool) -> None:
    assert select_file(name, (header + "package x\n").encode()).included is included


def test_declarations_with_ranges_and_docs() -> None:
    source = textwrap.dedent(
        """
        // Package p is a test.
        package p

        import (
            "fmt"
            flag "github.com/spf13/pflag"
            _ "net/http/pprof"
            . "strings"
        )

        // Options holds settings.
        type Options struct {
            *Base
            flag.Value
            Name, Alias string `json:"name"`
        }

        // Doer does.
        type Doer interface {
            fmt.Stringer
            Do(n int) (string, error)
        }

        const (
            A = iota
            B
        )

        var (
            // Global is shared.
            Global Options
        )

        // Run runs.
        func (o *Options) Run(n int, rest ...string) (err error) {
            return nil
        }
        """
    ).lstrip()
    f = parse_file("x.go", source.encode())
    lines = source.splitlines()
    assert f.package == "p"
    assert [(i.path, i.name) for i in f.imports] == [("fmt", None), ("github.com/spf13/pflag", "flag"), ("net/http/pprof", "_"), ("strings", ".")]
    options, doer = f.types
    assert options.doc == "Options holds settings." and options.name_span.line == lines.index("type Options struct {") + 1
    assert [(x.name, x.embedded, x.type.text) for x in options.type.fields] == [
        ("Base", True, "*Base"), ("Value", True, "flag.Value"), ("Name", False, "string"), ("Alias", False, "string"),
    ]  # fmt: skip
    assert [(x.name, x.embedded) for x in doer.type.fields] == [("Stringer", True), ("Do", False)]
    assert [(v.name, v.kind, v.iota) for v in f.values] == [("A", "const", 0), ("B", "const", 1), ("Global", "var", 0)]
    assert f.values[1].value == f.values[0].value  # implicit repetition of the const spec
    assert f.values[2].doc == "Global is shared."
    (run,) = f.funcs
    assert run.receiver == m.Receiver("o", "Options", True)
    assert run.signature == "func (o *Options) Run(n int, rest ...string) (err error)"
    assert run.doc == "Run runs."
    run_line = next(i for i, text in enumerate(lines) if text.startswith("func (o *Options) Run")) + 1
    assert (run.span.line, run.span.col, run.name_span.col) == (run_line, 1, lines[run_line - 1].index("Run(") + 1)
    assert [p.type.kind for p in run.params] == ["name", "ellipsis"]
    assert [b.name for b in run.bindings] == ["o", "n", "rest", "err"]


def test_call_sites_and_bindings() -> None:
    f = parse(
        """
        package p

        func F(xs []int) {
            a, b := g()
            for i, x := range xs {
                h(i, x)
            }
            func(y int) { k(y) }(1)
            switch v := a.(type) {
            case *T:
                v.M()
            }
        }
        """
    )
    (fn,) = f.funcs
    calls = [(c.line, c.col, type(c.call.function).__name__, c.in_literal) for c in fn.calls]
    assert calls == [(4, 13, "Ident", False), (6, 9, "Ident", False), (8, 5, "FuncLit", False), (8, 19, "Ident", True), (11, 9, "Selector", False)]
    kinds = {(b.name, b.kind, b.index) for b in fn.bindings}
    assert {("a", "define", 0), ("b", "define", 1), ("i", "range", 0), ("x", "range", 1), ("y", "param", 0), ("v", "typeswitch", 0)} <= kinds
    v = next(b for b in fn.bindings if b.name == "v")
    assert v.type is not None and v.type.text == "*T"


def test_index_detail_drops_composite_elements_full_keeps_them() -> None:
    source = """
        package p

        var Default = &T{Name: "x", Size: 3}
        """
    lean = parse(source).values[0].value
    full = parse(source, full=True).values[0].value
    assert isinstance(lean, m.Unary) and isinstance(lean.operand, m.Composite) and lean.operand.elements == ()
    assert isinstance(full, m.Unary) and isinstance(full.operand, m.Composite)
    assert [(e.key.name, e.value.value) for e in full.operand.elements] == [("Name", '"x"'), ("Size", "3")]


def test_problems_are_recorded_not_raised() -> None:
    f = parse_file("bad.go", b"package p\n\nfunc F( {\n}\n\xff\xfe\n", full=False)
    kinds = {p.kind for p in f.problems}
    assert "non-utf8" in kinds and ({"syntax-error", "missing"} & kinds)
    assert f.package == "p"


def test_deep_expressions_are_cut_not_crashing() -> None:
    chain = " + ".join(['"a"'] * 3000)
    f = parse_file("gen.go", f"package p\n\nvar S = {chain}\n".encode())
    assert f.values[0].name == "S"


def test_a_var_statement_spans_its_keyword_and_a_group_each_spec() -> None:
    source = """
        package p

        func F() {
            var pods []string
            var (
                a int
                b = 2
            )
            const c = 3
        }
        """
    text = textwrap.dedent(source).lstrip().encode()
    body = parse(source, full=True).funcs[0].statements
    single, group, const = body
    assert text[single.start : single.end] == b"var pods []string" and single.names == ("pods",)
    assert isinstance(group, m.BlockStmt) and [text[s.start : s.end] for s in group.body] == [b"a int", b"b = 2"]
    assert text[const.start : const.end] == b"const c = 3" and const.const
