"""Render and site stages on the fixture tree: escaping, directives and their errors, golden
pages (UPDATE_GOLDEN=1 rewrites them), a strict mkdocs build with a link check, and the real tree."""

from __future__ import annotations

import os
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from reader.errors import ReaderError
from reader.books import load_book
from reader.pipeline import Pipeline
from reader.index import build_index
from reader.index.build import load_universe
from reader.index.identifiers import NameResolver
from reader.render.anchors import PageAnchors
from reader.render.highlight import Link, highlight
from reader.render.pages import PROJECT, Renderer, SiteSource
from reader.render.replicas import load_summaries
from reader.replicas import runnable
from reader.render.urls import relative, symbol_page
from reader.site import build_site
from reader.site.build import render_all
from reader.site.linkcheck import check_site
from tests.conftest import build_fixture_site, fixture_site_source, write_project
from tests.test_facts import ETCD, MAIN, OPTIONS, TREE, line_of

GOLDEN = Path(__file__).parent / "golden"
OPTS = "k8s.io/kubernetes/cmd/kube-apiserver/app/options"

CHAPTERS = {
    "index.md": """
        # 首页

        入口：{{ link("k8s.io/kubernetes/cmd/kube-apiserver.main") }}
        """,
    "kube-apiserver/01-main.md": """
        # 启动

        {{ code("k8s.io/kubernetes/cmd/kube-apiserver.main", notes={"s.AddFlags(pflag.CommandLine)": "注册参数 <b>"}) }}

        {{ code("options.NewServerRunOptions", start="s := ServerRunOptions{", end="return &s") }}

        {{ sequence("k8s.io/kubernetes/cmd/kube-apiserver.main") }}

        {{ callgraph("k8s.io/kubernetes/cmd/kube-apiserver.main", depth=2) }}

        {{ fields("Etcd") }}

        {{ all_fields() }}

        {{ flags() }}

        {{ graph_page("k8s.io/kubernetes/cmd/kube-apiserver.main", depth=3) }}

        {{ replica("pflag", "FlagSet._long", go="github.com/spf13/pflag.(*FlagSet).StringVar") }}
        """,
    # what made line anchors collide: two files of one base name with overlapping line numbers,
    # and an excerpt shown again in its replica's Go tab
    "kube-apiserver/02-anchors.md": """
        # 锚点

        {{ code("k8s.io/apiserver/pkg/server/options.(*EtcdOptions).AddFlags") }}

        {{ code("k8s.io/kubernetes/pkg/kubeapiserver/options.AddEtcdFlags", notes={"fs.Bool(": "同名文件的同一行号"}) }}

        {{ code("options.(*ServerRunOptions).AddFlags", end="fs.MarkDeprecated(", notes={"fs.DurationVar(": "第二次出现在下面的 Go 页签里"}) }}

        {{ replica("kube-apiserver/add_flags", "add_flags", go="options.(*ServerRunOptions).AddFlags") }}
        """,
}
SECOND_ETCD = "pkg/kubeapiserver/options/etcd.go"
# another etcd.go whose function sits on the same lines as EtcdOptions.AddFlags in the staging one
RENDER_TREE = {
    **TREE,
    SECOND_ETCD: "package options\n\nimport \"github.com/spf13/pflag\"\n" + "\n" * (line_of(ETCD, "func (s *EtcdOptions) AddFlags") - 4)
    + "func AddEtcdFlags(fs *pflag.FlagSet) {\n\tfs.Bool(\"etcd-extra\", false, \"An etcd flag of another package.\")\n}\n",
}


def project(tmp: Path, chapters: dict[str, str]) -> Path:
    """A project with the real templates and mkdocs.yml and these chapters; a chapter given
    without its English edition gets a copy of the Chinese text as one (same headings, same anchors)."""
    english = {name.removesuffix(".md") + ".en.md": text for name, text in chapters.items() if not name.endswith(".en.md")}
    return write_project(tmp, {**english, **chapters})


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> SiteSource:
    return fixture_site_source(tmp_path_factory, RENDER_TREE, project(tmp_path_factory.mktemp("project"), CHAPTERS))


def with_chapter(source: SiteSource, tmp_path: Path, text: str) -> SiteSource:
    chapters = {"index.md": "# x\n", "kube-apiserver/02-bad.md": text}
    return SiteSource(source.root, source.index, source.books, project(tmp_path, chapters), source.names)


def test_highlight_escapes_and_numbers() -> None:
    src = b'package x\n\n// <script>alert(1)</script>\nfunc F() { a.Run("<b>") }\n'
    run = src.index(b"Run")
    out = highlight(src, src.index(b"//"), len(src), 3, [Link(run, run + 3, "../f/", "func Run() <x>")], line_id=lambda n: f"x-L{n}" if n > 3 else None)
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert '"&lt;b&gt;"' in out
    assert '<span class="k8s-line"><span class="k8s-lineno">3</span>' in out  # no id: a plain number
    assert '<span class="k8s-line" id="x-L4"><a class="k8s-lineno" href="#x-L4">4</a>' in out and 'id="x-L5"' not in out
    assert '<a class="k8s-ref" href="../f/" title="func Run() &lt;x&gt;"><span class="nx">Run</span></a>' in out


def test_tabs_survive_markdown() -> None:
    """Go indents with tabs; Markdown would expand a literal tab counting from the start of the
    HTML line (line-number markup included), so every line's indentation would differ."""
    src = b"func F() {\n\tif x {\n\t\treturn\n\t}\n}\n"
    out = highlight(src, 0, len(src), 99, [])
    assert "\t" not in out and '<span class="w">&#9;&#9;</span>' in out
    html = markdown.markdown(out, extensions=["md_in_html"])
    assert html.count("&#9;") == 4 and "\t" not in html


def test_page_anchors() -> None:
    anchors = PageAnchors()
    assert anchors.claim("staging/options/serving.go", 110) == "serving-L110"
    assert anchors.claim("pkg/options/serving.go", 110) == "options-serving-L110"  # another file of that name
    assert anchors.claim("staging/options/serving.go", 110) is None  # shown again: no second id
    assert anchors.target("staging/options/serving.go", 110) == "serving-L110"
    assert anchors.target("staging/options/serving.go", 111) is None and anchors.target("other.go", 110) is None
    assert [anchors.file_id(path) for path in ("b-c.go", "a-b-c.go", "a/b-c.go")] == ["b-c", "a-b-c", "a-b-c-2"]


def test_urls() -> None:
    a = symbol_page(f"{OPTS}.(*ServerRunOptions).AddFlags", OPTS)
    assert a == f"reference/{OPTS}/ServerRunOptions.AddFlags.md"
    assert relative("chapters/kube-apiserver/01-main.md", "reference/kube-apiserver/flags.md", "flag-x") == "../../../reference/kube-apiserver/flags/#flag-x"


def test_pages_and_directives(source: SiteSource) -> None:
    pages = render_all(source)
    chapter = pages["chapters/kube-apiserver/01-main.md"]
    assert "注册参数 &lt;b&gt;" in chapter  # notes are escaped too
    assert 'class="k8s-note-mark">1<' in chapter
    assert '<svg class="k8s-graph k8s-sequence"' in chapter and '<svg class="k8s-graph"' in chapter
    # fields(): names under their struct, never broken; a struct's row links to its table (all_fields)
    assert '| <code class="k8s-nowrap" title="Etcd.StorageConfig">StorageConfig</code> |' in chapter
    assert "### ServerRunOptions { #fields }" in chapter and "### Etcd { #fields-etcd }" in chapter
    assert "#### Etcd.StorageConfig { #fields-etcd-storageconfig }" in chapter
    assert "[`{…}`](#fields-etcd-storageconfig)" in chapter
    # a default's origin links to its line on the page that shows it (here NewServerRunOptions' page)
    origin = next(d for d in source.books["kube-apiserver"].facts.defaults if d.path == "Etcd").set_at
    assert f'title="{origin}"><code>options.go:{origin.rsplit(":", 1)[1]}</code></a>' in chapter
    assert f'href="../../../reference/{OPTS}/NewServerRunOptions/#options-L{origin.rsplit(":", 1)[1]}"' in chapter
    # flags(): the name never breaks, its registration under it
    assert '<code class="k8s-nowrap">--etcd-servers</code></a><br><small><a href=' in chapter
    main_page = pages["reference/k8s.io/kubernetes/cmd/kube-apiserver/main.md"]
    # the call of AddFlags links to the AddFlags page, from the main page's directory URL
    assert 'href="../app/options/ServerRunOptions.AddFlags/"' in main_page
    options_page = pages[f"reference/{OPTS}/NewServerRunOptions.md"]
    # names beyond callees: a struct field key, a constant of another package, a type
    assert 'title="EventTTL time.Duration"><span class="nx">EventTTL</span></a>' in options_page
    assert 'title="const DefaultPrefix"><span class="nx">DefaultPrefix</span></a>' in options_page
    assert '<label for="k8s-tabs-1-0">Go（v1.9.9）</label><label for="k8s-tabs-1-1">Python（reader/replicas/pflag.py）</label>' in chapter
    assert "[复刻 pflag](../../../replicas/pflag/)" in chapter
    assert "运行：`k8s-reader replica pflag`" in chapter
    graph = pages["graphs/kube-apiserver/01-main.md"]
    assert '<svg class="k8s-graph"' in graph and "[调用图：kube-apiserver.main](../../../graphs/kube-apiserver/01-main/)" in chapter
    flags_page = pages["reference/kube-apiserver/flags.md"]
    assert "启动路径上使用该字段的地方" in flags_page


def test_replica_pages_report_the_check(source: SiteSource) -> None:
    """On the fixture tree the replicas cannot match: the pages say so, with the differences."""
    pages = render_all(source)
    assert {f"replicas/{name}.md" for name in ("index", "kube-apiserver/main", "kube-apiserver/add_flags", "kube-apiserver/server_chain")} <= set(pages)
    add_flags = pages["replicas/kube-apiserver/add_flags.md"]
    assert '!!! failure "与 v1.9.9 不一致：flags: name, type, default, usage, deprecated, hidden, shorthand"' in add_flags
    assert "--etcd-qps: registered by the Go source, missing from the replica" in add_flags
    assert '<span class="k8s-bad">不一致</span>' in pages["replicas/index.md"]
    name = '<code><span class="k8s-nowrap">kube-apiserver/</span><wbr><span class="k8s-nowrap">add_flags</span></code>'
    assert f"| [{name}](kube-apiserver/add_flags/) |" in pages["replicas/index.md"]  # breaks after the slash only
    main = pages["replicas/kube-apiserver/main.md"]  # each mirrored statement beside its Go lines, or said missing
    assert '<div class="k8s-missing">Go 源码中没有这一步：<code>rand.Seed(time.Now().UTC().UnixNano())</code></div>' in main
    assert 'href="../../../reference/k8s.io/kubernetes/cmd/kube-apiserver/main/#apiserver-L' in main
    # the page says what the replica does in the page's language, and where a chapter shows it (its step)
    summaries = load_summaries(PROJECT)
    assert summaries["pflag"]["zh"] in pages["replicas/pflag.md"] and summaries["pflag"]["en"] in pages["replicas/pflag.en.md"]
    # (the fixture chapter shows it after all_fields(): under the last struct's heading)
    assert "章节中的这一步： [第 1 章 · 启动 › PortRange](../../chapters/kube-apiserver/01-main/#fields-portrange)" in pages["replicas/pflag.md"]
    assert "[Chapter 1 · 启动 › PortRange](../../chapters/kube-apiserver/01-main/#fields-portrange)" in pages["replicas/pflag.en.md"]


def test_every_replica_has_a_summary_in_every_language() -> None:
    summaries = load_summaries(PROJECT)
    assert {name: sorted(texts) for name, texts in summaries.items()} == {name: ["en", "zh"] for name in runnable()}


@pytest.mark.parametrize("edition", ["ServerRunOptions.AddFlags.md", "ServerRunOptions.AddFlags.en.md"])
def test_golden_symbol_page(source: SiteSource, edition: str) -> None:
    page = Renderer(source).render()[f"reference/{OPTS}/{edition}"]
    golden = GOLDEN / edition
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(page, encoding="utf-8")
    assert page == golden.read_text(encoding="utf-8"), "rendered page changed: rerun with UPDATE_GOLDEN=1 if intended"


@pytest.mark.parametrize(
    ("chapter", "message"),
    [
        ('# t\n\n{{ code("options.NewServerRunOptionz") }}\n', r"chapters/kube-apiserver/02-bad\.md:3: unknown symbol 'options\.NewServerRunOptionz' \(closest: .*options\.NewServerRunOptions"),
        ('# t\n\ntext\n\n{{ code("options.NewServerRunOptions", start="no such line") }}\n', r"chapters/kube-apiserver/02-bad\.md:5: start text 'no such line' matches no line"),
        ('# t\n{{ code("options.NewServerRunOptions", start="Etcd") }}\n', r"chapters/kube-apiserver/02-bad\.md:2: start text 'Etcd' matches lines .*; make it unique"),
        ('# t\n{{ code("AddFlags") }}\n', r"chapters/kube-apiserver/02-bad\.md:2: symbol 'AddFlags' is ambiguous"),
        ('# t\n{{ fields("Nope") }}\n', r"chapters/kube-apiserver/02-bad\.md:2: no options fields under 'Nope'"),
        ('# t\n{{ replica("nope", "main") }}\n', r"chapters/kube-apiserver/02-bad\.md:2: no replica 'nope'"),
    ],
)
def test_directive_errors_name_the_chapter_line(source: SiteSource, tmp_path: Path, chapter: str, message: str) -> None:
    with pytest.raises(ReaderError, match=message):
        render_all(with_chapter(source, tmp_path, chapter))


def test_site_builds_strict_with_no_broken_links(source: SiteSource, tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    build_site(source, tmp_path / "site", tmp_path / "work")
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "reference" / "kube-apiserver" / "flags" / "index.html").is_file()
    assert check_site(tmp_path / "site", source.root) == []


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if value := dict(attrs).get("id"):
            self.ids[value] += 1


def page_ids(page: Path) -> Counter[str]:
    parser = _Ids()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.ids


@pytest.fixture(scope="module")
def fixture_site(source: SiteSource, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(source, tmp_path_factory, "anchors")


def test_no_page_repeats_an_id(fixture_site: Path) -> None:
    pages = sorted(fixture_site.rglob("*.html"))
    assert len(pages) > 10
    repeated = {str(page.relative_to(fixture_site)): [i for i, n in page_ids(page).items() if n > 1] for page in pages}
    assert {page: ids for page, ids in repeated.items() if ids} == {}
    chapter = page_ids(fixture_site / "chapters" / "kube-apiserver" / "02-anchors" / "index.html")
    line = line_of(ETCD, "func (s *EtcdOptions) AddFlags")
    assert {f"etcd-L{line}", f"options-etcd-L{line}"} <= set(chapter)  # same base name, same line, two ids


def test_a_repeated_excerpt_is_anchored_once(fixture_site: Path) -> None:
    """The chapter's AddFlags excerpt comes back in the replica's Go tab: its lines keep their
    first anchors, the lines only the tab shows get theirs, and the notes link to the first."""
    page = fixture_site / "chapters" / "kube-apiserver" / "02-anchors" / "index.html"
    first = line_of(OPTIONS, "func (s *ServerRunOptions) AddFlags")
    last = line_of(OPTIONS, '"cache-for"') + 1  # the closing brace
    ids = page_ids(page)
    assert all(ids[f"options-L{n}"] == 1 for n in range(first, last + 1))
    html_text = page.read_text(encoding="utf-8")
    assert html_text.count(f'<span class="k8s-lineno">{first}</span>') == 1  # the repeat: a plain number
    assert f'<a href="#options-L{line_of(OPTIONS, "fs.DurationVar(&s.EventTTL")}">' in html_text


LINE_LINK = re.compile(r'<a href="(?P<page>[^"#]*/)#(?P<anchor>[^"]+-L(?P<line>\d+))">(?:<code>)?(?P<text>[^<]*)')


def test_line_links_into_function_pages_land_on_a_line(fixture_site: Path) -> None:
    """Links with a line fragment into other pages (replica steps to function pages, the flag
    index's uses) name an id the target page has, on the line the link text names."""
    links = [(page, link) for page in fixture_site.rglob("*.html") for link in LINE_LINK.finditer(page.read_text(encoding="utf-8"))]
    assert len({page.relative_to(fixture_site).parts[0] for page, _ in links}) >= 2  # from replica pages and the reference
    for page, link in links:
        target = page.parent / link["page"] / "index.html"
        assert link["anchor"] in page_ids(target), f"{page.relative_to(fixture_site)}: {link[0]}"
        assert link["text"].endswith(f":{link['line']}"), link[0]
    step = line_of(MAIN, "s := options.NewServerRunOptions()")
    main = (fixture_site / "replicas" / "kube-apiserver" / "main" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../../reference/k8s.io/kubernetes/cmd/kube-apiserver/main/#apiserver-L{step}"' in main


def test_link_check_finds_breakage(source: SiteSource, tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    build_site(source, tmp_path / "site", tmp_path / "work")
    page = tmp_path / "site" / "chapters" / "kube-apiserver" / "01-main" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + '<a href="../nope/">x</a><a href="#L99999">y</a>'
                    '<a href="https://github.com/kubernetes/kubernetes/blob/v1.9.9/cmd/kube-apiserver/apiserver.go#L1-L99999">z</a>', encoding="utf-8")  # fmt: skip
    problems = check_site(tmp_path / "site", source.root)
    assert len(problems) == 3


@pytest.mark.realtree
def test_real_site(real_mirror: Path, tmp_path: Path) -> None:
    from reader.source import fetch_source, resolve_source

    cache = Path(os.environ.get("K8S_READER_CACHE") or tmp_path / "cache")
    tree = fetch_source(resolve_source(str(real_mirror)), cache)
    index = build_index(tree.root, tree.commit, cache)
    names = NameResolver(load_universe(tree.root, tree.commit, cache))
    src = SiteSource(tree.root, index, Pipeline(tree.root, index).all(), PROJECT, names)
    (tmp_path / "work").mkdir()
    pages = build_site(src, tmp_path / "site", tmp_path / "work")
    assert len(pages) > 100
    assert check_site(tmp_path / "site", tree.root) == []
    checked = {c.replica for result in src.books.values() for c in result.checks}
    assert len(checked) == 18 and "k8s-bad" not in pages["replicas/index.md"]  # every replica matches v1.9.9 (13 by their markers)
    assert pages["replicas/index.md"].count("k8s-ok") == len(checked)


def test_editing_a_chapter_re_renders_it_quickly(source: SiteSource, tmp_path: Path) -> None:
    import time

    from reader.site.build import render_all as render_everything
    from reader.site.build import write_docs
    from reader.site.serve import Rerenderer

    src = SiteSource(source.root, source.index, source.books, project(tmp_path / "p", CHAPTERS), source.names)
    docs = tmp_path / "docs"
    write_docs(src, render_everything(src), docs)
    rerender = Rerenderer(src, docs)
    assert rerender.refresh() == ([], 0.0)
    chapter = src.project / "chapters" / "kube-apiserver/01-main.md"
    time.sleep(0.01)
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("# 启动", "# 启动过程"), encoding="utf-8")
    rewritten, seconds = rerender.refresh()
    assert rewritten == ["chapters/kube-apiserver/01-main.md"]
    assert seconds < 2.0
    assert "# 启动过程" in (docs / "chapters" / "kube-apiserver/01-main.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("chapter", "message"),
    [
        ('# t\n{{ code("no.such.Symbol") }}\n', "chapters/kube-apiserver/02-bad.md:2"),  # fails while rendering
        ("# t\n\n[gone](nowhere.md)\n", "mkdocs build failed"),  # fails inside mkdocs (strict)
    ],
)
def test_failed_build_keeps_the_previous_site(source: SiteSource, tmp_path: Path, chapter: str, message: str) -> None:
    (tmp_path / "work").mkdir()
    build_site(source, tmp_path / "site", tmp_path / "work")
    before = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*"))
    broken = with_chapter(source, tmp_path / "p2", chapter)
    with pytest.raises(ReaderError, match=message):
        build_site(broken, tmp_path / "site", tmp_path / "work")
    assert sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
    assert list((tmp_path / "work").iterdir()) == []


def test_serve_refuses_a_taken_port_at_once() -> None:
    import socket

    from reader.site.serve import _check_address

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ReaderError, match=rf"cannot serve on 127\.0\.0\.1:{port}: .*--dev-addr"):
            _check_address(f"127.0.0.1:{port}")
    with pytest.raises(ReaderError, match="give HOST:PORT"):
        _check_address("8000")
