"""Site mechanics on a small fixture site: what the copy button of a code excerpt copies, the
previous/next footer through the chapters, and the links from a symbol's page back to the
chapter sections that name it.  The browser tests drive headless Chromium through Playwright.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.index import build_index
from reader.index.build import load_universe
from reader.index.identifiers import NameResolver
from reader.books import load_book
from reader.pipeline import Pipeline
from reader.render.pages import SiteSource
from reader.render.urls import relative
from reader.site.build import render_all
from reader.site.linkcheck import check_site
from tests.conftest import ARTIFACTS, CHROMIUM, browser_context, build_fixture_site, served, write_tree
from tests.test_facts import TREE
from tests.test_render import OPTS, project

# Go indents with tabs; the blank line and the tab inside a string must survive the copy too.
TABS_GO = "pkg/tabs/tabs.go"
TABS_SOURCE = (
    "package tabs\n"
    "\n"
    "// Sum adds the numbers.\n"
    "func Sum(numbers []int) int {\n"
    "\ttotal := 0\n"
    "\n"
    "\tfor _, n := range numbers {\n"
    '\t\ttotal += n // "a\tb" & <c>\n'
    "\t}\n"
    "\treturn total\n"
    "}\n"
)
SUM_LINES = TABS_SOURCE.splitlines()[3:]  # func Sum … }

CHAPTERS = {
    "index.md": """
        # 首页

        入口：{{ link("k8s.io/kubernetes/cmd/kube-apiserver.main") }}
        """,
    "kube-apiserver/01-tabs.md": """
        # 制表符

        {{ code("k8s.io/kubernetes/pkg/tabs.Sum", notes={"total += n": "累加", "return total": "返回总数"}) }}
        """,
    "kube-apiserver/02-options.md": """
        # 选项

        开头先提一句 {{ link("options.NewServerRunOptions") }}。

        ## 构造函数

        {{ code("options.NewServerRunOptions") }}

        再提一次：{{ link("options.NewServerRunOptions") }}

        ## 再谈构造函数

        | 函数 |
        | --- |
        | {{ link("options.NewServerRunOptions") }} |

        ## 它调用的构造函数

        {{ callees("options.NewServerRunOptions") }}
        """,
    "kube-apiserver/03-run.md": """
        # 运行

        ## main 函数

        {{ code("k8s.io/kubernetes/cmd/kube-apiserver.main") }}
        """,
}


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> SiteSource:
    root = write_tree(tmp_path_factory.mktemp("tree"), {**TREE, TABS_GO: TABS_SOURCE})
    index = build_index(root, "fixture", workers=1)
    names = NameResolver(load_universe(root, "fixture"))
    return SiteSource(root, index, Pipeline(root, index).all((load_book(),)), project(tmp_path_factory.mktemp("project"), CHAPTERS), names)


def test_symbol_page_lists_the_chapter_sections_naming_it(source: SiteSource) -> None:
    pages = render_all(source)
    page = f"reference/{OPTS}/NewServerRunOptions.md"
    text = pages[page]
    chapter = "chapters/kube-apiserver/02-options.md"
    # ids as Markdown's toc gives Chinese headings: the title is _1, the sections _2 and _3
    expected = (
        "## 本站讲到它的章节 { #chapters }\n\n"
        f"- [第 2 章 · 选项]({relative(page, chapter)})\n"
        f"- [第 2 章 · 选项 › 构造函数]({relative(page, chapter, '_2')})\n"
        f"- [第 2 章 · 选项 › 再谈构造函数]({relative(page, chapter, '_3')})\n"
        f"- [第 2 章 · 选项 › 它调用的构造函数]({relative(page, chapter, '_4')})\n\n"  # not under callees()' first ### heading
    )
    assert expected in text
    etcd = "reference/k8s.io/apiserver/pkg/server/options/NewEtcdOptions.md"  # shown by callees() under its own heading
    assert f"- [第 2 章 · 选项 › options.NewEtcdOptions]({relative(etcd, chapter, 'optionsnewetcdoptions')})\n" in pages[etcd]
    main = pages["reference/k8s.io/kubernetes/cmd/kube-apiserver/main.md"]
    # named by chapter 3 and by the home page; the home page is no chapter
    assert f"- [第 3 章 · 运行 › main 函数]({relative('reference/k8s.io/kubernetes/cmd/kube-apiserver/main.md', 'chapters/kube-apiserver/03-run.md', 'main')})\n" in main
    assert "首页" not in main
    assert "本站讲到它的章节" not in pages[f"reference/{OPTS}/ServerRunOptions.AddFlags.md"]  # no chapter names it
    assert all("\ue000" not in text for text in pages.values())  # the mention markers are gone


@pytest.fixture(scope="module")
def site(source: SiteSource, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(source, tmp_path_factory, "mechanics")


def test_back_links_and_footer_links_resolve(site: Path, source: SiteSource) -> None:
    assert check_site(site, source.root) == []


@pytest.fixture(scope="module")
def site_url(site: Path):
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def clipboard_context(site_url: str):
    if not CHROMIUM.exists():  # only the browser tests of this module need it
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with browser_context(("clipboard-read", "clipboard-write"), origin=site_url) as context:
        yield context


@pytest.fixture
def page(clipboard_context):
    tab = clipboard_context.new_page()
    yield tab
    tab.close()


def test_copy_button_copies_only_the_source_lines(page, site_url: str) -> None:
    page.goto(site_url + "/chapters/kube-apiserver/01-tabs/")
    excerpt = page.locator(".k8s-excerpt", has_text="func Sum")
    assert excerpt.locator(".k8s-note-mark").count() == 2  # markers and line numbers are on the page…
    excerpt.hover()
    excerpt.locator('button[data-md-type="copy"]').click()  # Material 9.8: .md-code__button
    page.locator(".md-dialog--active").wait_for(timeout=5_000)  # Material's "copied" message
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "\n".join(SUM_LINES)  # …but not in the clipboard; Material trims the final newline


def test_footer_walks_the_chapters_in_order(page, site_url: str) -> None:
    order = ["/", "/chapters/kube-apiserver/01-tabs/", "/chapters/kube-apiserver/02-options/", "/chapters/kube-apiserver/03-run/"]
    for before, here, after in zip(order, order[1:], order[2:] + [None]):
        page.goto(site_url + here)
        previous = page.locator("a.md-footer__link--prev")
        assert previous.evaluate("a => new URL(a.href).pathname") == before
        if after is not None:
            following = page.locator("a.md-footer__link--next")
            assert following.evaluate("a => new URL(a.href).pathname") == after
    page.goto(site_url + "/chapters/kube-apiserver/02-options/")
    footer = page.locator(".md-footer")
    assert "第 3 章 · 运行" in footer.locator("a.md-footer__link--next").inner_text()
    footer.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "chapter-footer.png"))


def test_back_link_opens_the_chapter_section(page, site_url: str) -> None:
    page.goto(site_url + f"/reference/{OPTS}/NewServerRunOptions/")
    page.locator("h2", has_text="本站讲到它的章节").wait_for()
    page.screenshot(path=str(ARTIFACTS / "symbol-back-links.png"))
    page.locator("a", has_text="第 2 章 · 选项 › 再谈构造函数").click()
    page.wait_for_load_state()
    assert page.url.endswith("/chapters/kube-apiserver/02-options/#_3")
    assert page.locator("h2#_3").inner_text().startswith("再谈构造函数")
