"""Identifier links: what names resolve to (the standard library included, `_` never), which
names a stretch of source declares, and where uses and declarations link on the pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.books import load_book
from reader.index import build_index
from reader.index.build import load_universe
from reader.index.identifiers import NameResolver
from reader.parse import name_uses, parse_file
from reader.pipeline import Pipeline
from reader.render.links import declared_names, stdlib_href
from reader.render.pages import PROJECT, Renderer, SiteSource
from tests.conftest import write_tree
from tests.test_render import RENDER_TREE

PKG = "k8s.io/kubernetes/pkg/srv"
SRV = "pkg/srv/srv.go"
TREE = {
    SRV: """
        package srv

        import (
            "bufio"
            "bytes"
            "net/http"
            "sync"
            "time"
        )

        type Handler interface {
            Serve() error
        }

        type Server struct {
            sync.Mutex
            Name    string
            Timeout time.Duration
            http    *http.Server
        }

        var _ Handler = &Server{}

        const defaultTimeout = 5 * time.Second

        func (s *Server) Serve() error {
            s.Lock()
            defer s.Unlock()
            _, err := s.listen()
            s.http = &http.Server{Addr: s.Name, ReadTimeout: defaultTimeout}
            _ = http.StatusOK
            return err
        }

        func (s *Server) listen() (int, error) { return 0, s.http.ListenAndServe() }

        type buffers struct {
            *bytes.Buffer
            *bufio.Reader
        }

        func (b buffers) size() int { return b.Size() }
        """,
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory):
    root = write_tree(tmp_path_factory.mktemp("tree"), TREE)
    return root, build_index(root, "fixture", workers=1), NameResolver(load_universe(root, "fixture"))


def resolved(tree, text: str) -> dict[str, str]:
    """Name -> target id of the names the resolver resolves in the function containing `text`."""
    root, index, names = tree
    data = (root / SRV).read_bytes()
    parsed = parse_file(SRV, data)
    at = data.index(text.encode())
    func = next(f for f in parsed.funcs if f.span.start <= at < f.span.end)
    found = names.resolve(PKG, parsed, name_uses(SRV, data, func.span.start, func.span.end), index.symbols)
    return {data[a:b].decode(): target for a, b, target in found}


def test_standard_library_names_resolve(tree) -> None:
    serve = resolved(tree, "s.Lock()")
    assert serve["Lock"] == "sync.Mutex.Lock" and serve["Unlock"] == "sync.Mutex.Unlock"  # promoted from the embedded Mutex
    assert serve["Server"] == "net/http.Server" and serve["Addr"] == "net/http.Server.Addr"  # a literal's type and key
    assert serve["StatusOK"] == "net/http.StatusOK"
    assert serve["Name"] == f"{PKG}.Server.Name" and serve["defaultTimeout"] == f"{PKG}.defaultTimeout"
    assert resolved(tree, "s.http.ListenAndServe()")["ListenAndServe"] == "net/http.Server.ListenAndServe"  # a field of a stdlib type, then its method


def test_blank_and_ambiguous_names_resolve_to_nothing(tree) -> None:
    serve = resolved(tree, "s.Lock()")
    assert "_" not in serve and f"{PKG}._" not in serve.values()  # `_ = http.StatusOK`: `_` is no name
    assert "Size" not in resolved(tree, "b.Size()")  # Size could come from either embedded stdlib type: no guess


def test_declared_names(tree) -> None:
    root, index, _ = tree
    data = (root / SRV).read_bytes()
    declared = sorted((data[a:b].decode(), sid) for a, b, sid in declared_names(index, PKG, parse_file(SRV, data), 0, len(data)))
    assert declared == sorted([
        ("Handler", f"{PKG}.Handler"), ("Serve", f"{PKG}.(Handler).Serve"), ("Server", f"{PKG}.Server"),
        ("Name", f"{PKG}.Server.Name"), ("Timeout", f"{PKG}.Server.Timeout"), ("http", f"{PKG}.Server.http"),
        ("defaultTimeout", f"{PKG}.defaultTimeout"), ("Serve", f"{PKG}.(*Server).Serve"), ("listen", f"{PKG}.(*Server).listen"),
        ("buffers", f"{PKG}.buffers"), ("size", f"{PKG}.(buffers).size"),
    ])  # fmt: skip  # `var _ Handler = …` declares nothing; embedded fields are uses of their types


def test_stdlib_href() -> None:
    assert stdlib_href("net/http.Server") == "https://pkg.go.dev/net/http#Server"
    assert stdlib_href("net/http.Server.Addr") == "https://pkg.go.dev/net/http#Server.Addr"
    assert stdlib_href("time.Second") == "https://pkg.go.dev/time#Second"
    assert stdlib_href("k8s.io/x.F") is None and stdlib_href("builtin.append") is None and stdlib_href("*net/http.Header") is None


def links_in(html: str) -> dict[str, list[str]]:
    """Link text -> the hrefs it links to, in order."""
    found: dict[str, list[str]] = {}
    for href, text in re.findall(r'<a class="k8s-ref" href="([^"]*)"[^>]*>(?:<span class="[a-z]+">)?([^<]*)', html):
        found.setdefault(text, []).append(href)
    return found


def test_uses_and_declarations_link(tree) -> None:
    root, index, names = tree
    renderer = Renderer(SiteSource(root, index, {}, PROJECT, names))
    renderer.pages_for = {f"{PKG}.(*Server).Serve": f"reference/{PKG}/Server.Serve.md", f"{PKG}.Server": f"reference/{PKG}/Server.md"}
    renderer.types = [f"{PKG}.Server"]
    serve_page, type_page = renderer.pages_for.values()
    serve = links_in(renderer.code(serve_page, index.symbols[f"{PKG}.(*Server).Serve"]))
    lines = {text: n for n, text in enumerate((root / SRV).read_text().splitlines(), 1)}
    assert serve["Serve"] == ["./#callers"]  # the declared name, on its own page
    assert serve["Name"] == [f"../Server/#srv-L{lines['    Name    string']}"]  # a field: its line on its type's page
    assert serve["Lock"] == ["https://pkg.go.dev/sync#Mutex.Lock"] and serve["Addr"] == ["https://pkg.go.dev/net/http#Server.Addr"]
    assert serve["StatusOK"] == ["https://pkg.go.dev/net/http#StatusOK"] and "https://pkg.go.dev/net/http#Server" in serve["Server"]
    assert serve["listen"][0].startswith("https://github.com/")  # no page: its definition
    assert "_" not in serve
    type_html = renderer.code(type_page, index.symbols[f"{PKG}.Server"])
    server = links_in(type_html)
    assert server["Server"] == ["./#methods", "https://pkg.go.dev/net/http#Server"]  # the declared type, then a field's
    assert server["Name"] == [f"../Server.Serve/#srv-L{lines['    s.http = &http.Server{Addr: s.Name, ReadTimeout: defaultTimeout}']}"]  # first use
    assert "Timeout" not in server  # no page shows it used: its definition is where the reader is
    # the anchor the use links to is the one the type's page gives that line
    assert f'id="srv-L{lines["    Name    string"]}"' in type_html


def test_field_a_flag_writes_links_to_the_flag(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "tree", RENDER_TREE)
    index = build_index(root, "fixture", workers=1)
    src = SiteSource(root, index, Pipeline(root, index).all((load_book(),)), PROJECT, NameResolver(load_universe(root, "fixture")))
    renderer = Renderer(src)
    options = "k8s.io/kubernetes/cmd/kube-apiserver/app/options"
    page = renderer.pages_for[f"{options}.ServerRunOptions"]
    links = links_in(renderer.code(page, index.symbols[f"{options}.ServerRunOptions"]))
    assert links["EventTTL"] == ["../../../../../../../kube-apiserver/flags/#flag-event-ttl"]
    assert links["ServerRunOptions"] == ["./#methods"]



def test_names_resolve_the_same_however_often_files_are_parsed_again(tree) -> None:
    """The resolver caches by object identity; a file parsed again (its old objects freed) must
    not meet another file's cached answers under reused ids."""
    first = [(resolved(tree, "s.Lock()"), resolved(tree, "b.Size()")) for _ in range(20)]
    assert all(serve["Lock"] == "sync.Mutex.Lock" and "Size" not in size for serve, size in first)
