"""Index stage: import paths, vendor/staging, every call-resolution rule, cache, exports.

Each fixture is a small Go tree written here; expectations are what Go's type checker
would say about the same code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.errors import UsageError
from reader.index import build, build_index, query
from reader.index.layout import ImportResolver, import_path
from tests.conftest import write_tree

K = "k8s.io/kubernetes"

RULES = {
    "pkg/opts/opts.go": """
        package opts

        import "github.com/spf13/pflag"

        type Etcd struct{ Prefix string }

        func (e *Etcd) AddFlags(fs *pflag.FlagSet) {}

        type Base struct{}

        func (Base) Hello() string { return "" }

        type Server struct {
            Base
            Etcd *Etcd
            Hook func(int) error
        }

        func NewServer() *Server { return &Server{} }

        func NewPair() (*Server, error) { return nil, nil }

        type Runner interface{ Run(stop <-chan struct{}) error }

        type Named interface {
            Runner
            Name() string
        }
        """,
    "pkg/opts/impl.go": """
        package opts

        type fast struct{}

        func (f *fast) Run(stop <-chan struct{}) error { return nil }

        type slow struct{}

        func (s slow) Run(stop <-chan struct{}) error { return nil }
        func (s slow) Name() string { return "slow" }
        """,
    "cmd/app/main.go": """
        package main

        import (
            "fmt"

            o "k8s.io/kubernetes/pkg/opts"
            "github.com/spf13/pflag"
        )

        type MyInt int

        func helper() int { return 1 }

        func (s *local) twice() {}

        type local struct{ next *local }

        func main() {
            s := o.NewServer()
            s.Etcd.AddFlags(pflag.CommandLine)
            var t o.Server
            t.Hello()
            p := &o.Server{}
            p.Etcd.AddFlags(nil)
            q, err := o.NewPair()
            q.Hello()
            fmt.Println(err, MyInt(helper()))
            var r o.Runner
            r.Run(nil)
            var n o.Named
            n.Run(nil)
            f := func() {}
            f()
            s.Hook(1)
            func() {}()
            for _, e := range []*o.Etcd{} {
                e.AddFlags(nil)
            }
            var x interface{}
            switch v := x.(type) {
            case *local:
                v.twice()
            }
            l := local{}
            l.next.twice()
            unknown.Thing()
            s.Missing()
            _ = len("x")
        }
        """,
    "vendor/github.com/spf13/pflag/flag.go": """
        package pflag

        type FlagSet struct{}

        var CommandLine = NewFlagSet("x")

        func NewFlagSet(name string) *FlagSet { return &FlagSet{} }
        """,
}


@pytest.fixture(scope="module")
def rules_index(tmp_path_factory: pytest.TempPathFactory):
    root = write_tree(tmp_path_factory.mktemp("rules"), RULES)
    return build_index(root, "fixture", workers=1)


def edge_at(index, line_text: str, nth: int = 0):
    """The call edge(s) on the line of cmd/app/main.go that holds `line_text`."""
    lines = (Path(__file__).parent / "x").name and RULES["cmd/app/main.go"]
    source = __import__("textwrap").dedent(lines).lstrip().splitlines()
    number = next(i for i, text in enumerate(source, 1) if line_text in text)
    edges = [e for e in index.calls if e.file == "cmd/app/main.go" and e.line == number]
    return sorted(edges, key=lambda e: e.col)[nth]


@pytest.mark.parametrize(
    ("line", "nth", "callee", "status", "how"),
    [
        ("s := o.NewServer()", 0, f"{K}/pkg/opts.NewServer", "resolved", "package-func"),
        ("s.Etcd.AddFlags(pflag.CommandLine)", 0, f"{K}/pkg/opts.(*Etcd).AddFlags", "resolved", "method"),
        ("t.Hello()", 0, f"{K}/pkg/opts.(Base).Hello", "resolved", "promoted-method"),
        ("p.Etcd.AddFlags(nil)", 0, f"{K}/pkg/opts.(*Etcd).AddFlags", "resolved", "method"),
        ("q, err := o.NewPair()", 0, f"{K}/pkg/opts.NewPair", "resolved", "package-func"),
        ("q.Hello()", 0, f"{K}/pkg/opts.(Base).Hello", "resolved", "promoted-method"),
        ("fmt.Println(err, MyInt(helper()))", 0, "fmt.Println", "resolved", "external"),
        ("fmt.Println(err, MyInt(helper()))", 1, f"{K}/cmd/app.MyInt", "resolved", "conversion"),
        ("fmt.Println(err, MyInt(helper()))", 2, f"{K}/cmd/app.helper", "resolved", "func"),
        ("r.Run(nil)", 0, f"{K}/pkg/opts.(Runner).Run", "dynamic", "interface"),
        ("n.Run(nil)", 0, f"{K}/pkg/opts.(Runner).Run", "dynamic", "interface"),
        ("f()", 0, None, "dynamic", "func-value"),
        ("s.Hook(1)", 0, None, "dynamic", "func-field"),
        ("func() {}()", 0, None, "dynamic", "func-literal"),
        ("e.AddFlags(nil)", 0, f"{K}/pkg/opts.(*Etcd).AddFlags", "resolved", "method"),
        ("v.twice()", 0, f"{K}/cmd/app.(*local).twice", "resolved", "method"),
        ("l.next.twice()", 0, f"{K}/cmd/app.(*local).twice", "resolved", "method"),
        ("unknown.Thing()", 0, None, "unresolved", "none"),
        ("s.Missing()", 0, None, "unresolved", "none"),
        ('_ = len("x")', 0, "builtin.len", "resolved", "builtin"),
    ],
)
def test_resolution_rules(rules_index, line: str, nth: int, callee: str | None, status: str, how: str) -> None:
    edge = edge_at(rules_index, line, nth)
    assert (edge.callee, edge.status, edge.how) == (callee, status, how)
    if status == "unresolved":
        assert edge.reason


def test_interface_candidates_by_method_set(rules_index) -> None:
    runner = edge_at(rules_index, "r.Run(nil)")
    assert runner.candidates == (f"{K}/pkg/opts.(*fast).Run", f"{K}/pkg/opts.(slow).Run")
    named = edge_at(rules_index, "n.Run(nil)")
    assert named.candidates == (f"{K}/pkg/opts.(slow).Run",)  # only slow has Name too
    assert runner in rules_index.calls_to(f"{K}/pkg/opts.(*fast).Run")


def test_unresolved_reasons_say_why(rules_index) -> None:
    assert "undefined name" in edge_at(rules_index, "unknown.Thing()").reason or "unknown" in edge_at(rules_index, "unknown.Thing()").reason
    assert "no field or method Missing" in edge_at(rules_index, "s.Missing()").reason


def test_package_initialisers_are_calls_of_init(rules_index) -> None:
    (edge,) = [e for e in rules_index.calls if e.file.endswith("pflag/flag.go")]
    assert (edge.caller, edge.callee) == ("github.com/spf13/pflag.init", "github.com/spf13/pflag.NewFlagSet")


def test_symbol_ids(rules_index) -> None:
    ids = set(rules_index.symbols)
    assert {
        f"{K}/pkg/opts.NewServer", f"{K}/pkg/opts.(*Etcd).AddFlags", f"{K}/pkg/opts.(Base).Hello",
        f"{K}/pkg/opts.(Runner).Run", f"{K}/pkg/opts.Server", f"{K}/pkg/opts.Server.Etcd",
        "github.com/spf13/pflag.CommandLine", f"{K}/cmd/app.main",
    } <= ids  # fmt: skip
    assert rules_index.symbols[f"{K}/pkg/opts.(*Etcd).AddFlags"].file == "pkg/opts/opts.go"


def test_two_workers_agree_with_one(tmp_path: Path, rules_index) -> None:
    root = write_tree(tmp_path, RULES)
    parallel = build_index(root, "fixture", workers=2)
    assert list(parallel.calls) == list(rules_index.calls)
    assert set(parallel.symbols) == set(rules_index.symbols)


# ---------------------------------------------------------------- layout


def test_import_paths() -> None:
    assert import_path("pkg/master") == (None, f"{K}/pkg/master")
    assert import_path("staging/src/k8s.io/apiserver/pkg/server") == (None, "k8s.io/apiserver/pkg/server")
    assert import_path("vendor/github.com/spf13/pflag") == ("", "github.com/spf13/pflag")
    assert import_path("pkg/a/vendor/x/y") == ("pkg/a", "x/y")


def test_nearest_vendor_wins() -> None:
    resolver = ImportResolver(["vendor/x/y", "pkg/a/vendor/x/y", "pkg/a/b", "pkg/c"])
    assert resolver.resolve("x/y", "pkg/a/b") == "pkg/a/vendor/x/y"
    assert resolver.resolve("x/y", "pkg/c") == "vendor/x/y"
    assert resolver.resolve(f"{K}/pkg/c", "pkg/a/b") == "pkg/c"
    assert resolver.resolve("fmt", "pkg/c") is None


def test_staging_is_canonical_and_vendor_symlinks_are_not_walked(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "staging/src/k8s.io/apiserver/pkg/server/options/etcd.go": "package options\n\nfunc NewEtcdOptions() {}\n",
        "vendor/k8s.io/apiserver": "->../../staging/src/k8s.io/apiserver",
        "cmd/x/main.go": 'package main\n\nimport "k8s.io/apiserver/pkg/server/options"\n\nfunc main() { options.NewEtcdOptions() }\n',
    })  # fmt: skip
    index = build_index(root, "fixture", workers=1)
    package = index.packages["k8s.io/apiserver/pkg/server/options"]
    assert package.dir == "staging/src/k8s.io/apiserver/pkg/server/options"
    assert not any(p.dir.startswith("vendor/k8s.io") for p in index.packages.values())
    (edge,) = index.calls
    assert edge.callee == "k8s.io/apiserver/pkg/server/options.NewEtcdOptions"


def test_build_constraints_and_problems_are_reported(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "pkg/a/a.go": "package a\n\nfunc A() {}\n",
        "pkg/a/a_windows.go": "package a\n\nfunc A() {}\n",
        "pkg/a/a_test.go": "package a\n",
        "pkg/a/cgo.go": 'package a\n\nimport "C"\n',
        "pkg/a/other.go": "// +build !linux\n\npackage a\n",
        "pkg/a/broken.go": "package a\n\nfunc B( {\n",
    })  # fmt: skip
    index = build_index(root, "fixture", workers=1)
    excluded = {r.file: r.excluded for r in index.reports if r.excluded}
    assert set(excluded) == {"pkg/a/a_windows.go", "pkg/a/cgo.go", "pkg/a/other.go"}
    assert excluded["pkg/a/other.go"] == "// +build !linux"
    problems = {r.file for r in index.reports if r.problems}
    assert problems == {"pkg/a/broken.go"}
    assert index.packages[f"{K}/pkg/a"].files == ("pkg/a/a.go", "pkg/a/broken.go")


# ---------------------------------------------------------------- cache


def test_warm_cache_parses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path / "tree", RULES)
    first = build_index(root, "fixture", tmp_path / "cache", workers=1)
    monkeypatch.setattr(build, "parse_file", lambda *a, **k: pytest.fail("parsed on a warm run"))
    second = build_index(root, "fixture", tmp_path / "cache", workers=1)
    assert list(second.calls) == list(first.calls)


def test_changed_file_rebuilds(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "tree", RULES)
    build_index(root, "fixture", tmp_path / "cache", workers=1)
    (root / "cmd/app/main.go").write_text((root / "cmd/app/main.go").read_text().replace("MyInt(helper())", "MyInt(helper2())"))
    again = build_index(root, "fixture", tmp_path / "cache", workers=1)
    assert any("undefined name helper2" in e.reason for e in again.calls)


@pytest.mark.parametrize("damage", ["truncate", "flip", "version"])
def test_damaged_cache_is_detected_and_rebuilt(tmp_path: Path, damage: str) -> None:
    from reader.report import RecordingReporter

    root = write_tree(tmp_path / "tree", RULES)
    first = build_index(root, "fixture", tmp_path / "cache", workers=1)
    (cache_file,) = (tmp_path / "cache" / "index").glob("index-*.pickle")
    data = cache_file.read_bytes()
    if damage == "truncate":
        cache_file.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        cache_file.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    else:
        header, _, rest = data.partition(b"\n")
        parts = header.split()
        parts[2] = b"999"
        cache_file.write_bytes(b" ".join(parts) + b"\n" + rest)
    reporter = RecordingReporter()
    again = build_index(root, "fixture", tmp_path / "cache", reporter, workers=1)
    assert list(again.calls) == list(first.calls)
    assert len(reporter.warnings) == 1 and "rebuilding" in reporter.warnings[0]


# ---------------------------------------------------------------- queries and exports


def test_calls_export(rules_index) -> None:
    text = query.render_rows(query.call_rows(rules_index, f"{K}/pkg/opts"), "tsv")
    assert text.splitlines()[0] == "caller_file\tcaller_id\tline\tcol\tcallee_id\tcallee_def_file\tcallee_def_line\tstatus"
    rows = json.loads(query.render_rows(query.call_rows(rules_index, f"{K}/cmd/app"), "json"))
    first = rows[0]
    assert first["caller_file"] == "cmd/app/main.go" and first["caller_id"] == f"{K}/cmd/app.main"
    assert first["callee_id"] == f"{K}/pkg/opts.NewServer" and first["callee_def_file"] == "pkg/opts/opts.go"
    assert first["callee_def_line"] == 19


def test_find_symbol(rules_index) -> None:
    assert query.find_symbol(rules_index, "opts.NewServer").id == f"{K}/pkg/opts.NewServer"
    assert query.find_symbol(rules_index, "(*Etcd).AddFlags").id == f"{K}/pkg/opts.(*Etcd).AddFlags"
    with pytest.raises(UsageError, match="did you mean"):
        query.find_symbol(rules_index, "opts.NewServr")
    with pytest.raises(UsageError, match="no package"):
        query.call_rows(rules_index, "k8s.io/nope")


def test_callee_tree(rules_index) -> None:
    lines = list(query.callee_tree(rules_index, f"{K}/cmd/app.main", depth=2))
    assert lines[0] == f"{K}/cmd/app.main"
    assert any(line.startswith(f"  {K}/pkg/opts.NewServer") for line in lines)


# ---------------------------------------------------------------- the real tree


@pytest.fixture(scope="module")
def real_index(real_mirror: Path, tmp_path_factory: pytest.TempPathFactory):
    import os

    from reader.source import fetch_source, resolve_source

    cache = Path(os.environ.get("K8S_READER_CACHE") or tmp_path_factory.mktemp("cache"))
    tree = fetch_source(resolve_source(str(real_mirror)), cache)
    return build_index(tree.root, tree.commit, cache)


@pytest.mark.realtree
def test_real_startup_calls(real_index) -> None:
    main = {e.callee for e in real_index.calls_from(f"{K}/cmd/kube-apiserver.main")}
    assert {
        f"{K}/cmd/kube-apiserver/app/options.NewServerRunOptions",
        f"{K}/cmd/kube-apiserver/app/options.(*ServerRunOptions).AddFlags",
        f"{K}/cmd/kube-apiserver/app.Run",
    } <= main
    add_flags = real_index.calls_from(f"{K}/cmd/kube-apiserver/app/options.(*ServerRunOptions).AddFlags")
    etcd = [e for e in add_flags if e.callee == "k8s.io/apiserver/pkg/server/options.(*EtcdOptions).AddFlags"]
    assert etcd and all(e.status == "resolved" for e in etcd)
    definition = real_index.symbols["k8s.io/apiserver/pkg/server/options.(*EtcdOptions).AddFlags"]
    assert definition.file == "staging/src/k8s.io/apiserver/pkg/server/options/etcd.go"


def test_unchanged_files_are_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path / "tree", RULES)
    first = build_index(root, "fixture", tmp_path / "cache", workers=1)
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}") if self.suffix == ".go" else real_read(self))
    again = build_index(root, "fixture", tmp_path / "cache", workers=1)
    assert list(again.calls) == list(first.calls)
