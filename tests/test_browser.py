"""The built site in a real browser: headless Chromium (Debian's package) driven by Playwright.

Opens the home page, searches a flag name, follows an identifier link from a chapter to the
callee's page and checks it lands on the right line.  Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, browser_context, build_fixture_site, needs_chromium, served
from tests.test_facts import MAIN, OPTIONS, line_of
from tests.test_render import source  # noqa: F401  (the fixture site's inputs)

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site_url(source, tmp_path_factory: pytest.TempPathFactory):  # noqa: F811
    with served(build_fixture_site(source, tmp_path_factory, "browser")) as url:
        yield url


@pytest.fixture(scope="module")
def page(site_url):
    with browser_context() as context:
        yield context.new_page()


def test_home_page(page, site_url) -> None:
    page.goto(site_url + "/")
    assert page.locator("h1").first.inner_text().startswith("首页")
    page.screenshot(path=str(ARTIFACTS / "home.png"))


def test_search_finds_a_flag(page, site_url) -> None:
    page.goto(site_url + "/")
    page.locator(".md-search__input").click()
    page.keyboard.type("etcd-prefix", delay=20)  # the search listens to key events
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    links = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    page.screenshot(path=str(ARTIFACTS / "search.png"))
    assert any("reference/kube-apiserver/flags" in (href or "") or "chapters/kube-apiserver/01-main" in (href or "") for href in links)


def test_call_graph_node_is_a_link(page, site_url) -> None:
    page.goto(site_url + "/chapters/kube-apiserver/01-main/")
    node = page.locator("svg.k8s-graph a.k8s-node", has_text="options.NewServerRunOptions").first
    node.click()
    page.wait_for_load_state()
    assert page.url.endswith("/reference/k8s.io/kubernetes/cmd/kube-apiserver/app/options/NewServerRunOptions/")
    page.screenshot(path=str(ARTIFACTS / "callgraph-target.png"))


def test_identifier_link_lands_on_the_definition(page, site_url) -> None:
    page.goto(site_url + "/chapters/kube-apiserver/01-main/")
    link = page.locator("a.k8s-ref", has_text="AddFlags").first
    title = link.get_attribute("title")
    assert title == "func (s *ServerRunOptions) AddFlags(fs *pflag.FlagSet)"  # hover shows the signature
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/reference/k8s.io/kubernetes/cmd/kube-apiserver/app/options/ServerRunOptions.AddFlags/")
    first_line = page.locator(".k8s-code .k8s-line").first
    expected = line_of(OPTIONS, "func (s *ServerRunOptions) AddFlags")  # its real line in the fixture
    assert first_line.get_attribute("id") == f"options-L{expected}"
    page.screenshot(path=str(ARTIFACTS / "symbol-page.png"))
    page.locator(f'a.k8s-lineno[href="#options-L{expected + 2}"]').click()
    assert page.url.endswith(f"#options-L{expected + 2}")


def test_flag_table_sorts_on_header_click(page, site_url) -> None:
    page.goto(site_url + "/chapters/kube-apiserver/01-main/")
    table = page.locator("table", has_text="注册位置").first
    header = table.locator("th", has_text="类型")
    header.click()
    kinds = [t.strip() for t in table.locator("tbody tr td:nth-child(2)").all_inner_texts()]
    assert kinds == sorted(kinds)
    header.click()
    kinds = [t.strip() for t in table.locator("tbody tr td:nth-child(2)").all_inner_texts()]
    assert kinds == sorted(kinds, reverse=True)


def test_replica_tabs_and_step_links(page, site_url) -> None:
    page.goto(site_url + "/chapters/kube-apiserver/01-main/")
    tabs = page.locator(".tabbed-set").first
    tabs.locator(".tabbed-labels label").nth(1).click()  # Python
    assert tabs.locator(".tabbed-block").nth(1).is_visible() and not tabs.locator(".tabbed-block").nth(0).is_visible()
    assert "def _long" in tabs.locator(".tabbed-block").nth(1).inner_text()
    page.goto(site_url + "/replicas/kube-apiserver/main/")
    page.screenshot(path=str(ARTIFACTS / "replica-page.png"), full_page=True)
    pair = page.locator(".k8s-pair", has_text="# go: s := options.NewServerRunOptions()")
    pair.locator(".k8s-pair-head a").first.click()
    page.wait_for_load_state()
    expected = line_of(MAIN, "s := options.NewServerRunOptions()")
    assert page.url.endswith(f"/reference/k8s.io/kubernetes/cmd/kube-apiserver/main/#apiserver-L{expected}")
