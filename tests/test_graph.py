"""Diagrams (reader/render/graph.py): call graphs from hand-made trace trees — full and distinct
labels, folded leaves naming their caller, big graphs split into linked parts — and sequence
diagrams from hand-made messages and from a fixture main with `defer` and `go`; then the built
fixture site in Chromium at 1280 and 1440 px: every diagram fits its column or scrolls with a
visible cue, no label sits on a lifeline or on another label, every label stays in its box."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
import xml.etree.ElementTree as ET

import pytest

from reader.books import load_book
from reader.index import build_index
from reader.index.build import load_universe
from reader.index.identifiers import NameResolver
from reader.pipeline import Pipeline
from reader.render import chapters as chapters_module, graph as graph_module
from reader.render.graph import (
    FOLD_OVER, WORD_KEYS, Message, callgraph_svg, distinct_packages, graph_boxes, sequence_svg, split_graph, text_width,
)  # fmt: skip
from reader.render.pages import SiteSource
from reader.render.strings import load_ui
from reader.render.urls import localized
from reader.site.build import render_all
from reader.trace.trace import TraceNode
from tests.conftest import ARTIFACTS, browser_context, build_fixture_site, needs_chromium, served, write_tree
from tests.test_facts import MAIN, TREE
from tests.test_render import project

UI = load_ui(Path(__file__).resolve().parents[1])
ZH = UI["zh"].templates("graph.", WORD_KEYS)
SVG = "{http://www.w3.org/2000/svg}"


def call(symbol: str, *children: TraceNode, kind: str = "", status: str = "resolved") -> TraceNode:
    return TraceNode(symbol, "x.go", 1, status, "static", kind or ("expanded" if children else "leaf"), children)


def svg_of(part, words=ZH) -> ET.Element:
    html_text = callgraph_svg(part, lambda s: f"/ref/{s}", lambda s: f"/more/{s}", lambda s: f"/callees/{s}", words)
    return ET.fromstring(html_text.removeprefix('<div class="k8s-graph-wrap" tabindex="0">').removesuffix("</div>"))


def node_labels(svg: ET.Element) -> dict[str, str]:
    """title (the full symbol, or the folded box's list) → the label as drawn."""
    return {"".join(n.find(f"{SVG}title").itertext()): "".join(n.find(f"{SVG}text").itertext()) for n in svg.iter() if "k8s-node" in n.get("class", "")}


# ---------------------------------------------------------------- call graphs


def test_distinct_packages() -> None:
    short = distinct_packages(["k8s.io/apiserver/pkg/server", "k8s.io/kubernetes/pkg/kubeapiserver/server", "k8s.io/kubernetes/pkg/master", "github.com/spf13/pflag"])
    assert short == {
        "k8s.io/apiserver/pkg/server": "apiserver/pkg/server",  # not the uninformative pkg/server
        "k8s.io/kubernetes/pkg/kubeapiserver/server": "kubeapiserver/server",
        "k8s.io/kubernetes/pkg/master": "master",
        "github.com/spf13/pflag": "pflag",
    }


def test_labels_are_full_and_distinct() -> None:
    root = call(
        "k8s.io/kubernetes/cmd/kube-apiserver/app.Run",
        call("k8s.io/apiserver/pkg/server.(*Config).Complete"),
        call("k8s.io/kubernetes/pkg/kubeapiserver/server.(*Config).Complete"),
        call("k8s.io/kubernetes/pkg/master.(*Config).Complete"),
        call("k8s.io/kubernetes/pkg/master.(*Config).Complete"),  # called twice: one box
        call("k8s.io/kubernetes/pkg/master.(completedConfig).NewWithAVeryLongNameThatOnceWasCutShortWithAnEllipsis"),
    )
    labels = node_labels(svg_of(split_graph(graph_boxes(root), 40)[0]))
    assert labels == {
        "k8s.io/kubernetes/cmd/kube-apiserver/app.Run": "app.Run",
        "k8s.io/apiserver/pkg/server.(*Config).Complete": "apiserver/pkg/server.(*Config).Complete",
        "k8s.io/kubernetes/pkg/kubeapiserver/server.(*Config).Complete": "kubeapiserver/server.(*Config).Complete",
        "k8s.io/kubernetes/pkg/master.(*Config).Complete": "master.(*Config).Complete",
        "k8s.io/kubernetes/pkg/master.(completedConfig).NewWithAVeryLongNameThatOnceWasCutShortWithAnEllipsis":
            "master.(completedConfig).NewWithAVeryLongNameThatOnceWasCutShortWithAnEllipsis",
    }  # fmt: skip


def test_every_label_fits_its_box_and_no_boxes_overlap() -> None:
    root = call("k8s.io/a/app.Run", call("k8s.io/a/app.Short", call("k8s.io/b/x.(*AVeryLongReceiverTypeName).AndAVeryLongMethodName")), call("k8s.io/b/y.Y"))
    svg = svg_of(split_graph(graph_boxes(root), 40)[0])
    rects = []
    for node in (n for n in svg.iter() if "k8s-node" in n.get("class", "")):
        rect, text = node.find(f"{SVG}rect"), node.find(f"{SVG}text")
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        assert text_width("".join(text.itertext())) <= w - 2 * 7  # the estimate, with room each side
        assert all(x + w <= ox or ox + ow <= x or y + h <= oy or oy + oh <= y for ox, oy, ow, oh in rects)
        rects.append((x, y, w, h))


def test_folded_leaves_name_their_caller() -> None:
    others = [call(f"k8s.io/other/p{i}.F") for i in range(FOLD_OVER)]  # enough nodes for the graph to fold
    add_flags = call(
        "k8s.io/apiserver/pkg/server/options.(*EtcdOptions).AddFlags",
        call("github.com/spf13/pflag.(*FlagSet).StringVar"),
        call("github.com/spf13/pflag.(*FlagSet).IntVar"),
        call("github.com/spf13/pflag.(*FlagSet).StringVar"),  # the same callee again: counted once
        call("github.com/spf13/pflag.(*FlagSet).BoolVar", status="dynamic"),
        call("k8s.io/apiserver/pkg/util/flag.NewMapStringBool"),  # alone in its package: a box of its own
    )
    root = call("k8s.io/kubernetes/cmd/kube-apiserver/app/options.(*ServerRunOptions).AddFlags", add_flags, *others)
    boxes = graph_boxes(root)
    folded = [b for b in boxes.walk() if b.kind == "folded"]
    assert [(b.symbol, b.package, b.count, b.dynamic) for b in folded] == [(add_flags.symbol, "github.com/spf13/pflag", 3, True)]
    labels = node_labels(svg_of(split_graph(boxes, 100)[0]))
    title = ZH["folded_title"].format(parent=add_flags.symbol, package="github.com/spf13/pflag") + "\n(*FlagSet).StringVar\n(*FlagSet).IntVar\n(*FlagSet).BoolVar"
    assert labels[title] == ZH["folded"].format(parent="(*EtcdOptions).AddFlags", package="pflag", count=3)
    assert labels["k8s.io/apiserver/pkg/util/flag.NewMapStringBool"] == "flag.NewMapStringBool"
    en = node_labels(svg_of(split_graph(boxes, 100)[0], UI["en"].templates("graph.", WORD_KEYS)))
    assert "(*EtcdOptions).AddFlags → 3 calls in pflag" in en.values()


def wide_trace() -> TraceNode:
    """A root calling 6 functions that call 20 each, and one calling a small subtree."""
    steps = [call(f"k8s.io/k/app.Step{i}", *(call(f"k8s.io/k/p{i}x{j}.F") for j in range(20))) for i in range(6)]
    small = call("k8s.io/k/app.Small", *(call(f"k8s.io/k/s{j}.G") for j in range(3)))
    return call("k8s.io/k/app.Run", *steps, small)


def test_a_big_graph_is_split_into_linked_parts() -> None:
    whole = graph_boxes(wide_trace())
    assert sum(1 for _ in whole.walk()) > 60 > FOLD_OVER  # no package has two leaves under one caller: nothing folds
    parts = split_graph(whole, 60)
    assert parts[0].symbol == "k8s.io/k/app.Run" and all(p.size <= 60 for p in parts)
    by_root = {p.symbol: p for p in parts}
    assert len(by_root) == len(parts)
    for p in parts:
        for b in p.root.walk():
            if b.kind == "more":  # each "more" box leads to the part of its caller, and counts what is there
                assert b.symbol in p.continued and by_root[b.symbol].size - 1 == b.count
    shown = {b.symbol for p in parts for b in p.root.walk() if b.kind == "call"}
    assert shown == {b.symbol for b in whole.walk()}  # nothing is lost
    assert "k8s.io/k/app.Small" not in by_root  # too small to be worth a page
    more = [n for n in svg_of(parts[0]).iter() if "k8s-more" in n.get("class", "")]
    assert more and all(n.get("href").startswith("/more/k8s.io/k/app.Step") for n in more)


def test_a_graph_within_budget_stays_whole() -> None:
    parts = split_graph(graph_boxes(wide_trace()), 200)
    assert len(parts) == 1 and parts[0].continued == ()


# ---------------------------------------------------------------- sequence diagrams


def sequence(messages: list[Message]) -> ET.Element:
    text = sequence_svg("k8s.io/kubernetes/cmd/kube-apiserver.main", messages, ZH)
    return ET.fromstring(text.removeprefix('<div class="k8s-graph-wrap" tabindex="0">').removesuffix("</div>"))


def lifeline_segments(svg: ET.Element) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of every drawn piece of every lifeline."""
    segments = []
    for path in svg.iter(f"{SVG}path"):
        if path.get("class") == "k8s-lifeline":
            for x, top, bottom in re.findall(r"M([\d.]+),([\d.]+) V([\d.]+)", path.get("d")):
                segments.append((float(x), float(top), float(bottom)))
    return segments


MESSAGES = [
    Message("k8s.io/kubernetes/cmd/kube-apiserver/app/options.NewServerRunOptions", "k8s.io/kubernetes/cmd/kube-apiserver/app/options", 42, "/a"),
    Message("k8s.io/apiserver/pkg/util/logs.FlushLogs", "k8s.io/apiserver/pkg/util/logs", 47, "/b", "defer"),
    Message("k8s.io/apiserver/pkg/util/logs.Watch", "k8s.io/apiserver/pkg/util/logs", 48, None, "go"),
    Message("k8s.io/kubernetes/pkg/version/verflag.PrintAndExitIfRequested", "k8s.io/kubernetes/pkg/version/verflag", 49, "/c"),
    Message("k8s.io/kubernetes/cmd/kube-apiserver.helper", "k8s.io/kubernetes/cmd/kube-apiserver", 50, "/d"),  # its own package
    Message("k8s.io/apiserver/pkg/util/logs.Close", "k8s.io/apiserver/pkg/util/logs", 51, "/e", "defer"),
]


def test_sequence_draws_deferred_calls_when_they_run() -> None:
    svg = sequence(MESSAGES)
    rows = [(n.get("class"), float(n.find(f"{SVG}text").get("y")), "".join(n.find(f"{SVG}text").itertext())) for n in svg.iter() if "k8s-node" in n.get("class", "")]
    assert [label for _, _, label in sorted(rows, key=lambda r: r[1])] == [
        "NewServerRunOptions()", "go Watch()", "PrintAndExitIfRequested()", "helper()", "defer Close()", "defer FlushLogs()",
    ]  # deferred: after the last statement, last registered first
    note = next(t for t in svg.iter(f"{SVG}text") if t.get("class") == "k8s-note")
    assert note.text == ZH["on_return"].format(caller="main")
    assert max(y for kind, y, _ in rows if "k8s-defer" not in kind) < float(note.get("y")) < min(y for kind, y, _ in rows if "k8s-defer" in kind)
    deferred = next(n for n in svg.iter() if "k8s-defer" in n.get("class", ""))
    assert deferred.find(f"{SVG}path").get("stroke-dasharray")  # a dashed arrow
    goroutine = next(n for n in svg.iter() if "k8s-go" in n.get("class", ""))
    assert goroutine.find(f"{SVG}path").get("marker-end").endswith('-open)')
    heads = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert heads == ["kube-apiserver.main", "options", "logs", "verflag"]  # the caller's package is the caller's lifeline


def test_sequence_labels_do_not_sit_on_lifelines() -> None:
    svg = sequence(MESSAGES)
    segments = lifeline_segments(svg)
    for text in svg.iter(f"{SVG}text"):
        if text.get("text-anchor") == "middle" or text.get("class") == "k8s-at":
            continue  # the participants' boxes and the line numbers left of the caller
        left, base = float(text.get("x")), float(text.get("y"))
        right = left + text_width("".join(text.itertext()))
        crossed = [(x, top, bottom) for x, top, bottom in segments if left - 2 < x < right + 2 and top < base + 3 and bottom > base - 12]
        assert crossed == [], "".join(text.itertext())


def test_a_wide_sequence_staggers_its_participants() -> None:
    packages = [f"k8s.io/kubernetes/pkg/controller/somethinglong{i}" for i in range(10)]
    svg = sequence([Message(f"{p}.Start", p, 10 + i, None) for i, p in enumerate(packages)])
    tops = [float(r.get("y")) for r in svg.iter(f"{SVG}rect")]
    assert len(set(tops)) == 2  # two rows of boxes
    boxes = [(float(r.get("x")), float(r.get("width")), float(r.get("y"))) for r in svg.iter(f"{SVG}rect")]
    for i, (x, w, y) in enumerate(boxes):  # boxes of a row do not overlap, a box covers no lifeline but its own
        assert all(x + w <= ox or ox + ow <= x for ox, ow, oy in boxes[i + 1 :] if oy == y)
        assert all(not (x < lx < x + w and top < y + 24 and bottom > y) for lx, top, bottom in lifeline_segments(svg) if abs(lx - (x + w / 2)) > 1)


# ---------------------------------------------------------------- the chapter directives on a fixture tree

LOGS = "staging/src/k8s.io/apiserver/pkg/util/logs/logs.go"
DIAGRAM_TREE = {
    **TREE,
    LOGS: """
        package logs

        type Writer struct{}

        func (Writer) Flush() {}

        func InitLogs() {}

        func FlushLogs() {}

        func Watch() {}

        func Out() Writer { return Writer{} }

        func Close(w Writer) {}
        """,
    MAIN: """
        package main

        import (
            "github.com/spf13/pflag"

            "k8s.io/apiserver/pkg/util/flag"
            "k8s.io/apiserver/pkg/util/logs"
            "k8s.io/kubernetes/cmd/kube-apiserver/app/options"
            "k8s.io/kubernetes/pkg/version/verflag"
        )

        func main() {
            s := options.NewServerRunOptions()
            s.AddFlags(pflag.CommandLine)

            flag.InitFlags()
            logs.InitLogs()
            defer logs.FlushLogs()
            defer logs.Close(logs.Out())
            go logs.Watch()
            logs.Out().Flush()
            verflag.PrintAndExitIfRequested()
        }
        """,
}
CHAPTERS = {
    "index.md": "# 首页\n",
    "kube-apiserver/01-main.md": """
        # 启动 { #start }

        ## 时序 { #sequence }

        {{ sequence("k8s.io/kubernetes/cmd/kube-apiserver.main") }}

        ## 调用图 { #graph }

        {{ callgraph("k8s.io/kubernetes/cmd/kube-apiserver.main", depth=2) }}

        {{ graph_page("k8s.io/kubernetes/cmd/kube-apiserver.main", depth=3) }}
        """,
}
SMALL_PAGES, SMALL_PART = 6, 3  # boxes per graph page and in a part at least: the fixture's graph splits


def small_parts(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(chapters_module, "PAGE_BOXES", SMALL_PAGES)
    patch.setattr(graph_module, "MIN_PART", SMALL_PART)


@pytest.fixture(scope="module")
def diagram_source(tmp_path_factory: pytest.TempPathFactory) -> SiteSource:
    root = write_tree(tmp_path_factory.mktemp("diagram-tree"), DIAGRAM_TREE)
    index = build_index(root, "fixture", workers=1)
    names = NameResolver(load_universe(root, "fixture"))
    books = Pipeline(root, index).all((load_book(),))
    return SiteSource(root, index, books, project(tmp_path_factory.mktemp("diagram-project"), CHAPTERS), names)


@pytest.fixture(scope="module")
def diagram_pages(diagram_source: SiteSource) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        small_parts(patch)
        return render_all(diagram_source)


def test_sequence_directive_follows_the_source(diagram_pages: dict[str, str]) -> None:
    chapter = diagram_pages["chapters/kube-apiserver/01-main.md"]
    sequence_html = chapter[chapter.index('<svg class="k8s-graph k8s-sequence"') : chapter.index("</svg>")]
    labels = re.findall(r'<a class="k8s-node k8s-(\w+)"[^>]*>.*?<text[^>]*>([^<]*)</text>', sequence_html)
    assert labels == [
        ("call", "NewServerRunOptions()"), ("call", "(*ServerRunOptions).AddFlags()"), ("call", "InitFlags()"), ("call", "InitLogs()"),
        ("call", "Out()"),  # the argument of the deferred Close is evaluated now
        ("go", "go Watch()"), ("call", "Out()"), ("call", "(Writer).Flush()"),  # Out() runs before Flush
        ("call", "PrintAndExitIfRequested()"),
        ("defer", "defer Close()"), ("defer", "defer FlushLogs()"),  # when main returns, last deferred first
    ]  # fmt: skip
    lines = [int(n) for n in re.findall(r'class="k8s-at"[^>]*>L(\d+)<', sequence_html)]
    assert lines[-2:] == [lines[4], lines[3] + 1]  # Close: on the line of the Out() it is given; FlushLogs: after InitLogs


def test_graph_page_is_split_into_linked_pages(diagram_pages: dict[str, str]) -> None:
    """Each "more" box links to a part of the graph, and each part back to the graph it continues."""
    graphs = {p for p in diagram_pages if p.startswith("graphs/kube-apiserver/01-main") and not p.endswith(".en.md")}
    assert len(graphs) > 1, "the graph did not split"
    assert {p for p in diagram_pages if p.startswith("graphs/kube-apiserver/01-main") and p.endswith(".en.md")} == {
        localized(p, "en") for p in graphs
    }  # each part has its English edition (links between editions are the same: urls.relative)

    def target(page: str, href: str) -> str:  # the page a relative link from `page`'s directory URL names
        return posixpath.normpath(posixpath.join(page.removesuffix(".md"), href)) + ".md"

    linked = set()
    for page in graphs:
        for href in re.findall(r'<a class="k8s-node k8s-more" href="([^"]+)"', diagram_pages[page]):
            assert target(page, href) in graphs
            linked.add(target(page, href))
    assert linked == graphs - {"graphs/kube-apiserver/01-main.md"}
    for page in linked:
        intro = diagram_pages[page].split("<div", 1)[0]
        back = re.findall(r"\]\(([^)]+)\)", intro)
        assert {target(page, href) for href in back if "reference/" not in href} >= {"chapters/kube-apiserver/01-main.md"}
        assert any(target(page, href) in graphs for href in back)  # the graph it continues


# ---------------------------------------------------------------- in the browser

@pytest.fixture(scope="module")
def diagram_site(diagram_source: SiteSource, tmp_path_factory: pytest.TempPathFactory):
    with pytest.MonkeyPatch.context() as patch:
        small_parts(patch)
        site = build_fixture_site(diagram_source, tmp_path_factory, "diagrams")
    with served(site) as url:
        yield url, site


# Measures every diagram on the page: the SVG against its scrolling box, and the labels'
# real boxes (as Chromium lays the text out) against the lifelines and each other.
MEASURE = """() => [...document.querySelectorAll('.k8s-graph-wrap')].map(wrap => {
  const svg = wrap.querySelector('svg');
  const box = r => ({x: r.x, y: r.y, w: r.width, h: r.height});
  const texts = [...svg.querySelectorAll('text')].filter(t => t.getAttribute('text-anchor') !== 'middle' && !t.classList.contains('k8s-at'));
  const lifelines = [...svg.querySelectorAll('path.k8s-lifeline')].flatMap(p =>
      [...p.getAttribute('d').matchAll(/M([\\d.]+),([\\d.]+) V([\\d.]+)/g)].map(m => [+m[1], +m[2], +m[3]]));
  const nodes = [...svg.querySelectorAll('.k8s-node')].filter(n => n.querySelector('rect')).map(n =>
      ({rect: box(n.querySelector('rect').getBBox()), text: box(n.querySelector('text').getBBox())}));
  return {sequence: svg.classList.contains('k8s-sequence'), svg: svg.getBoundingClientRect().width,
          client: wrap.clientWidth, scroll: wrap.scrollWidth, overflow: getComputedStyle(wrap).overflowX,
          cue: getComputedStyle(wrap).backgroundImage, texts: texts.map(t => box(t.getBBox())), lifelines, nodes};
})"""


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def check_diagrams(diagrams: list[dict]) -> None:
    for d in diagrams:
        assert d["svg"] <= d["client"] + 1 or (d["scroll"] > d["client"] and d["overflow"] in ("auto", "scroll") and "gradient" in d["cue"]), d
        for i, t in enumerate(d["texts"]):
            assert not any(overlaps(t, u) for u in d["texts"][i + 1 :]), t
            if d["sequence"]:
                assert not [line for line in d["lifelines"] if t["x"] < line[0] < t["x"] + t["w"] and line[1] < t["y"] + t["h"] and line[2] > t["y"]], t
        for i, n in enumerate(d["nodes"]):
            r, t = n["rect"], n["text"]
            assert r["x"] <= t["x"] and t["x"] + t["w"] <= r["x"] + r["w"], n  # the label is in its box, whole
            assert not any(overlaps(r, m["rect"]) for m in d["nodes"][i + 1 :]), n


@needs_chromium
@pytest.mark.parametrize("width", [1280, 1440])
def test_diagrams_are_readable_in_the_browser(diagram_site, width: int) -> None:
    url, site = diagram_site
    pages = ["chapters/kube-apiserver/01-main/", "graphs/kube-apiserver/01-main/"]
    pages += [str(p.parent.relative_to(site)) + "/" for p in (site / "graphs" / "kube-apiserver" / "01-main").glob("*/index.html")]
    calls = [Message(f"k8s.io/k/pkg/controller/longname{i}.Start", f"k8s.io/k/pkg/controller/longname{i}", i, None) for i in range(24)]
    calls.insert(3, Message("k8s.io/k/pkg/controller/longname2.(*Controller).StartAfterTheOthers", "k8s.io/k/pkg/controller/longname2", 3, None))
    wide = sequence_svg("k8s.io/k/app.Run", calls, ZH)  # the long label crosses two lifelines
    with browser_context() as context:
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            page.goto(f"{url}/{path}")
            diagrams = page.evaluate(MEASURE)
            assert diagrams, path
            check_diagrams(diagrams)
            page.screenshot(path=str(ARTIFACTS / f"diagrams-{width}-{path.strip('/').replace('/', '_')}.png"), full_page=True)
        # a diagram wider than the column, in the chapter's column: it scrolls, and says so
        page.goto(f"{url}/chapters/kube-apiserver/01-main/")
        page.evaluate("html => document.querySelector('.md-content article').insertAdjacentHTML('beforeend', html)", wide)
        diagrams = page.evaluate(MEASURE)
        assert diagrams[-1]["svg"] > diagrams[-1]["client"] and diagrams[-1]["scroll"] > diagrams[-1]["client"]
        check_diagrams(diagrams)
        page.locator(".k8s-graph-wrap").last.screenshot(path=str(ARTIFACTS / f"diagrams-{width}-wide-sequence.png"))
