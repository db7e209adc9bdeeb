"""Site search in a real browser (headless Chromium, Playwright) on a fixture site.

The fixture tree is test_facts' with one more flag, --etcd-servers-overrides, whose name extends
--etcd-servers; the chapters are small hand-written ones with a Chinese paragraph and a table.
Each test types a query as a reader would and reads material's result list.  Screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import re

import pytest

from reader.books import load_book
from reader.pipeline import Pipeline
from reader.index import build_index
from reader.index.build import load_universe
from reader.index.identifiers import NameResolver
from reader.render.pages import SiteSource
from tests.conftest import ARTIFACTS, build_fixture_site, needs_chromium, served, write_tree
from tests.test_browser import page  # noqa: F401  (a browser tab on this module's site_url)
from tests.test_facts import ETCD, TREE
from tests.test_render import project

pytestmark = needs_chromium

SERVERS_FLAG = 'fs.StringSliceVar(&s.StorageConfig.ServerList, "etcd-servers", s.StorageConfig.ServerList, "List of etcd servers.")'
OVERRIDES_FLAG = 'fs.StringSliceVar(&s.StorageConfig.ServerList, "etcd-servers-overrides", nil, "Per-resource etcd servers overrides.")'
SEARCH_TREE = {**TREE, ETCD: TREE[ETCD].replace(SERVERS_FLAG, SERVERS_FLAG + "\n            " + OVERRIDES_FLAG)}

CHAPTERS = {
    "index.md": """
        # 首页

        入口：{{ link("k8s.io/kubernetes/cmd/kube-apiserver.main") }}
        """,
    "kube-apiserver/01-main.md": """
        # 启动

        本章讲解委托链怎样一层层搭起来，以及 {{ link("options.NewServerRunOptions") }} 给出的默认值。

        | 参数 | 说明 |
        | --- | --- |
        | `--etcd-servers` | onlyinatablecell |
        """,
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory):
    root = write_tree(tmp_path_factory.mktemp("tree"), SEARCH_TREE)
    index = build_index(root, "fixture", workers=1)
    names = NameResolver(load_universe(root, "fixture"))
    src = SiteSource(root, index, Pipeline(root, index).all((load_book(),)), project(tmp_path_factory.mktemp("project"), CHAPTERS), names)
    with served(build_fixture_site(src, tmp_path_factory, "search")) as url:
        yield url


# material's result count line once a search has run ("N 个符合条件的结果", "No matching documents")
RESULTS_SAID = re.compile("结果|matching document")
NO_RESULTS_SAID = re.compile("没有|No matching")


def search(page, site_url: str, query: str, screenshot: str, home: str = "/") -> list[list[str]]:
    """Type `query` into the search box of the page at `home` (/en/: the English site); the
    result list as each result item's link paths (the page first, then its sections in
    material's order)."""
    page.goto(site_url + home)
    box = page.locator(".md-search__input")
    box.click()
    # the whole query at once, then a key (material reads the box on keyup): one search, so the
    # list read below cannot be that of a half-typed query
    box.fill(query)
    page.keyboard.press("End")
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text=RESULTS_SAID).wait_for(timeout=10_000)
    if not NO_RESULTS_SAID.search(meta.inner_text()):
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / screenshot))
    items = page.locator(".md-search-result__item")
    results = []
    for i in range(items.count()):
        hrefs = items.nth(i).locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.pathname + a.hash)")
        results.append(hrefs)
    return results


@pytest.mark.parametrize("query", ["--etcd-servers", "etcd-servers"])
def test_flag_name_first_hit_is_its_section(page, site_url, query: str) -> None:
    results = search(page, site_url, query, f"search-flag{query.count('-')}.png")
    assert results, "no results: a leading - reads as lunr's exclude operator unless rewritten"
    page_link, first_section = results[0][:2]
    assert page_link == "/reference/kube-apiserver/flags/"
    assert first_section == "/reference/kube-apiserver/flags/#flag-etcd-servers"  # not --etcd-servers-overrides


@pytest.mark.parametrize(
    ("query", "page_path"),
    [
        ("NewServerRunOptions", "/reference/k8s.io/kubernetes/cmd/kube-apiserver/app/options/NewServerRunOptions/"),
        ("EtcdOptions", "/reference/k8s.io/apiserver/pkg/server/options/EtcdOptions/"),
        ("ServerRunOptions", "/reference/k8s.io/kubernetes/cmd/kube-apiserver/app/options/ServerRunOptions/"),
    ],
)
def test_symbol_name_finds_its_page_first(page, site_url, query: str, page_path: str) -> None:
    results = search(page, site_url, query, f"search-{query}.png")
    assert results and results[0][0] == page_path


def test_symbol_page_indexes_signature_not_code(page, site_url) -> None:
    search(page, site_url, "NewServerRunOptions", "search-symbol-preview.png")
    teaser = page.locator(".md-search-result__item").first.inner_text()
    assert "func NewServerRunOptions() *ServerRunOptions" in teaser
    assert "return &s" not in teaser and "被调用于" not in teaser


def test_chinese_word_finds_its_chapter(page, site_url) -> None:
    results = search(page, site_url, "委托", "search-chinese.png")
    # the chapter first; the server_chain replica's page, whose summary speaks of the delegation chain, may follow
    assert [hrefs[0] for hrefs in results][0] == "/chapters/kube-apiserver/01-main/"


def test_table_text_is_not_indexed(page, site_url) -> None:
    assert search(page, site_url, "onlyinatablecell", "search-table.png") == []
