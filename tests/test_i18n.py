"""The English edition: UI strings from one table, chapters in two editions sharing their anchors,
a site with the Chinese pages at / and the English ones at /en/, a language switcher that keeps
the page and the anchor, and search in the page's language.

The fixture project has hand-written Chinese and English chapters; the browser tests drive
headless Chromium through Playwright (screenshots go to test-artifacts/).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.books import load_book
from reader.errors import ReaderError, UsageError
from reader.render.chapters import chapter_files
from reader.render.pages import PROJECT, SiteSource
from reader.render.strings import LANGUAGES, STRINGS_FILE, load_ui
from reader.render.urls import localized, page_language, relative, unlocalized
from reader.site.build import render_all
from reader.site.linkcheck import check_site
from tests.conftest import ARTIFACTS, browser_context, build_fixture_site, fixture_site_source, needs_chromium, served, write_project
from tests.test_facts import MAIN, TREE, line_of
from tests.test_search import search

OPTS = "k8s.io/kubernetes/cmd/kube-apiserver/app/options"

CHAPTERS = {
    "index.md": """
        # 首页 { #home }

        入口：{{ link("k8s.io/kubernetes/cmd/kube-apiserver.main") }}

        {{ books() }}
        """,
    "index.en.md": """
        # Home { #home }

        Where it starts: {{ link("k8s.io/kubernetes/cmd/kube-apiserver.main") }}

        {{ books() }}
        """,
    "kube-apiserver/01-main.md": """
        # 启动 { #start }

        ## 入口函数 { #entry }

        {{ code("k8s.io/kubernetes/cmd/kube-apiserver.main", notes={"s.AddFlags(pflag.CommandLine)": "注册参数"}) }}

        ## 参数 { #flags }

        {{ flags() }}

        ## 默认值 { #defaults }

        {{ fields("Etcd") }}

        {{ replica("pflag", "FlagSet._long", go="github.com/spf13/pflag.(*FlagSet).StringVar") }}
        """,
    "kube-apiserver/01-main.en.md": """
        # Start-up { #start }

        ## The entry point { #entry }

        {{ code("k8s.io/kubernetes/cmd/kube-apiserver.main", notes={"s.AddFlags(pflag.CommandLine)": "registers the flags"}) }}

        ## Flags { #flags }

        {{ flags() }}

        ## Defaults { #defaults }

        {{ fields("Etcd") }}

        {{ replica("pflag", "FlagSet._long", go="github.com/spf13/pflag.(*FlagSet).StringVar") }}
        """,
}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> SiteSource:
    return fixture_site_source(tmp_path_factory, TREE, write_project(tmp_path_factory.mktemp("project"), CHAPTERS))


def with_chapters(source: SiteSource, tmp_path: Path, chapters: dict[str, str]) -> SiteSource:
    return SiteSource(source.root, source.index, source.books, write_project(tmp_path, chapters), source.names)


# ---------------------------------------------------------------- the strings table and page names


def test_the_projects_strings_table_is_complete() -> None:
    ui = load_ui(PROJECT)
    assert list(ui) == list(LANGUAGES)
    assert ui["zh"]("note.line", line=7) == "第 7 行" and ui["en"]("note.line", line=7) == "line 7"
    with pytest.raises(ReaderError, match=rf"{STRINGS_FILE}: no string 'no.such.key'"):
        ui["en"]("no.such.key")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("a:\n  zh: 一\n", r"'a' must give a text for exactly zh, en"),
        ("a:\n  zh: 一\n  en: one\n  fr: un\n", r"'a' must give a text for exactly zh, en"),
        ("a:\n  zh: 第 {line} 行\n  en: line {number}\n", r"'a' names different fields"),
        ("a:\n  zh: '{'\n  en: '{'\n", r"'a': .*a literal brace is written twice"),
        ("a: [\n", r"strings.yml:\d+: not valid YAML"),
    ],
)
def test_a_bad_strings_table_is_a_one_line_error(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / STRINGS_FILE).write_text(table, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_ui(tmp_path)


def test_editions_of_a_page_link_alike() -> None:
    assert localized("reference/x/F.md", "en") == "reference/x/F.en.md" and localized("index.md", "zh") == "index.md"
    assert page_language("chapters/b/01-main.en.md") == "en" and page_language("chapters/b/01-main.md") == "zh"
    assert unlocalized("reference/x/index.en.md") == "reference/x/index.md"
    # from either edition, the same relative URL: the editions sit at the same place below their roots
    for lang in LANGUAGES:
        assert relative(localized("chapters/b/01-main.md", lang), "reference/x/F.md", "callers") == "../../../reference/x/F/#callers"
        assert relative("reference/x/F.md", localized("index.md", lang)) == "../../../"
        assert relative(localized("reference/x/index.md", lang), "reference/x/F.md") == "F/"


# ---------------------------------------------------------------- chapters in two editions


def test_chapter_files_pair_each_chapter_with_its_editions(source: SiteSource) -> None:
    files = chapter_files(source.project, ["kube-apiserver"])
    assert [(f.page, f.lang) for f in files] == [
        ("index.md", "zh"), ("index.en.md", "en"),
        ("chapters/kube-apiserver/01-main.md", "zh"), ("chapters/kube-apiserver/01-main.en.md", "en"),
    ]  # fmt: skip
    ui = load_ui(source.project)
    assert [f.title(ui[f.lang]) for f in files[2:]] == ["第 1 章 · 启动", "Chapter 1 · Start-up"]


def test_a_chapter_without_its_english_edition_stops_the_build(source: SiteSource, tmp_path: Path) -> None:
    chapters = {name: text for name, text in CHAPTERS.items() if name != "kube-apiserver/01-main.en.md"}
    with pytest.raises(ReaderError, match=r"^chapters/kube-apiserver/01-main\.md has no en edition: write chapters/kube-apiserver/01-main\.en\.md"):
        render_all(with_chapters(source, tmp_path, chapters))


def test_an_edition_of_no_chapter_stops_the_build(source: SiteSource, tmp_path: Path) -> None:
    chapters = {**CHAPTERS, "kube-apiserver/02-gone.en.md": "# Gone { #gone }\n"}
    with pytest.raises(ReaderError, match=r"^chapters/kube-apiserver/02-gone\.en\.md is an edition of no chapter"):
        render_all(with_chapters(source, tmp_path, chapters))


@pytest.mark.parametrize(
    ("english", "message"),
    [
        ("## Flags { #flag-table }", r"heading 3 has id 'flag-table' where chapters/kube-apiserver/01-main\.md has 'flags'"),
        ("## 参数", r"heading 3 has id '_1' where .* has 'flags'"),  # without an explicit id
        ("## Flags { #flags }\n\n        ## More { #more }", r"heading 4 has id 'more' where .* has 'defaults'"),
    ],
)
def test_editions_must_share_their_heading_ids(source: SiteSource, tmp_path: Path, english: str, message: str) -> None:
    chapters = {**CHAPTERS, "kube-apiserver/01-main.en.md": CHAPTERS["kube-apiserver/01-main.en.md"].replace("## Flags { #flags }", english)}
    with pytest.raises(ReaderError, match=r"^chapters/kube-apiserver/01-main\.en\.md: " + message):
        render_all(with_chapters(source, tmp_path, chapters))


HEADING = re.compile(r"^(#{1,6}) (?!#)(.*)$")
EXPLICIT_ID = re.compile(r"\{[^}]*#([^\s}]+)[^}]*\}\s*$")
KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def source_heading_ids(path: Path) -> list[str]:
    """The ids a chapter source gives its headings (outside fenced code), in order; a heading
    without one stands as '<line N: no id>'."""
    ids, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (heading := HEADING.match(line)):
            explicit = EXPLICIT_ID.search(heading.group(2))
            ids.append(explicit.group(1) if explicit else f"<line {number}: no id>")
    return ids


def test_the_real_chapters_have_english_editions_with_the_same_explicit_heading_ids() -> None:
    """Every chapter of every book and the home page: an .en.md edition, every heading with an
    explicit lowercase kebab-case id, the same ids in the same order in both editions.  (The
    build checks the rendered pages the same way; this says it of the sources, all at once.)"""
    from reader.books import book_names

    problems = []
    originals = [PROJECT / "chapters" / "index.md"] + [p for book in book_names() for p in sorted((PROJECT / "chapters" / book).glob("*.md"))]
    for original in (p for p in originals if unlocalized(p.name) == p.name):
        where = original.relative_to(PROJECT)
        english = original.with_name(localized(original.name, "en"))
        ids = source_heading_ids(original)
        problems += [f"{where}: heading {i}" for i in ids if i.startswith("<") or not KEBAB.fullmatch(i)]
        if not english.exists():
            problems.append(f"{where}: no English edition {english.name}")
        elif source_heading_ids(english) != ids:
            problems.append(f"{english.relative_to(PROJECT)}: heading ids {source_heading_ids(english)} differ from {where}'s {ids}")
    assert problems == []


def test_every_page_renders_in_both_languages(source: SiteSource) -> None:
    pages = render_all(source)
    defaults = {p for p in pages if page_language(p) == "zh"}
    assert {localized(p, "en") for p in defaults} == set(pages) - defaults
    chapter = pages["chapters/kube-apiserver/01-main.en.md"]
    assert "| Flag (registered at) | Type | Default (as --help prints it) | Meaning |" in chapter
    assert "| Field | Go type | Default | Meaning | Set at |" in chapter
    assert ">line " in chapter and ": registers the flags</li>" in chapter
    assert "Run it: `k8s-reader replica pflag`" in chapter and "[replica pflag](../../../replicas/pflag/)" in chapter
    home = pages["index.en.md"]
    assert "| Component (the book) | What it does |" in home and load_book().summary["en"] in home
    assert "(chapters/kube-apiserver/01-main/)" in home  # the English chapter: the same URL below /en/


def test_reference_pages_link_back_to_the_chapters_of_their_language(source: SiteSource) -> None:
    pages = render_all(source)
    page = "reference/k8s.io/kubernetes/cmd/kube-apiserver/main.md"
    back = relative(page, "chapters/kube-apiserver/01-main.md", "entry")
    assert f"- [第 1 章 · 启动 › 入口函数]({back})\n" in pages[page]
    assert f"- [Chapter 1 · Start-up › The entry point]({back})\n" in pages[localized(page, "en")]
    assert "第 1 章" not in pages[localized(page, "en")]


# ---------------------------------------------------------------- the built site


class _Page(HTMLParser):
    """A page's headings' and lines' ids, and its text outside code excerpts and the language switcher."""

    SKIPPED = ("k8s-excerpt", "md-select")

    def __init__(self) -> None:
        super().__init__()
        self.heading_ids: list[str] = []
        self.line_ids: list[str] = []
        self.text: list[str] = []
        self._skipping: list[str] = []  # open tags inside a skipped element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag) and values.get("id"):
            self.heading_ids.append(values["id"] or "")
        if "k8s-line" in (values.get("class") or "").split() and values.get("id"):
            self.line_ids.append(values["id"] or "")
        if self._skipping or any(c in (values.get("class") or "").split() for c in self.SKIPPED):
            if tag not in ("br", "img", "input", "meta", "link", "path", "rect"):
                self._skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.text.append(data)


def parsed(page: Path) -> _Page:
    parser = _Page()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(source: SiteSource, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(source, tmp_path_factory, "i18n")


def test_site_has_every_page_in_both_languages(site: Path, source: SiteSource) -> None:
    chinese = {p.relative_to(site) for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "en"}
    english = {p.relative_to(site / "en") for p in (site / "en").rglob("index.html")}
    assert len(chinese) > 20 and english == chinese
    assert check_site(site, source.root) == []  # the switcher's links and every link of both editions resolve
    home = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home and '<html lang="zh"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="zh"' in home and 'hreflang="en"' in home  # the language switcher
    assert "Built from the Kubernetes v1.9.9 source" in home and "k8s-reader · reading Kubernetes v1.9.9" in home


def test_english_pages_carry_english_chrome(site: Path) -> None:
    """Nothing Chinese on the English reference pages, flag index and chapters, outside the code
    and the switcher (which names 中文 in Chinese)."""
    checked = [p for p in (site / "en" / "reference").rglob("index.html")] + [site / "en" / "chapters" / "kube-apiserver" / "01-main" / "index.html"]
    assert len(checked) > 10
    for page in checked:
        text = " ".join(parsed(page).text)
        assert not CJK.search(text), f"{page.relative_to(site)}: {CJK.search(text) and text[max(0, CJK.search(text).start() - 60) :][:120]!r}"


def test_both_editions_share_their_anchors(site: Path) -> None:
    for page in ("chapters/kube-apiserver/01-main", f"reference/{OPTS}/NewServerRunOptions", "reference/kube-apiserver/flags", "replicas/kube-apiserver/main"):
        chinese, english = parsed(site / page / "index.html"), parsed(site / "en" / page / "index.html")
        assert chinese.heading_ids == english.heading_ids and chinese.line_ids == english.line_ids, page
        assert chinese.heading_ids or chinese.line_ids


# ---------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def site_url(site: Path):
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def page(site_url):
    with browser_context() as context:
        tab = context.new_page()
        yield tab
        tab.close()


def switch_language(page, lang: str) -> None:
    """Open the header's language menu and pick `lang`."""
    page.locator(".md-select").first.hover()
    page.locator(f'a.md-select__link[hreflang="{lang}"]').first.click()
    page.wait_for_load_state()


@needs_chromium
def test_switching_language_keeps_the_page_and_the_anchor(page, site_url: str) -> None:
    line = line_of(MAIN, "s.AddFlags(pflag.CommandLine)")
    page.goto(site_url + "/chapters/kube-apiserver/01-main/#flags")
    switch_language(page, "en")
    assert page.url == site_url + "/en/chapters/kube-apiserver/01-main/#flags"
    assert page.locator("h2#flags").inner_text().startswith("Flags")
    page.screenshot(path=str(ARTIFACTS / "i18n-switch-to-english.png"))
    page.goto(site_url + f"/en/chapters/kube-apiserver/01-main/#apiserver-L{line}")
    switch_language(page, "zh")
    assert page.url == site_url + f"/chapters/kube-apiserver/01-main/#apiserver-L{line}"
    assert page.locator(".k8s-line:target").get_attribute("id") == f"apiserver-L{line}"
    page.goto(site_url + "/en/")  # the home pages are each other's editions too
    switch_language(page, "zh")
    assert page.url == site_url + "/"


@needs_chromium
def test_english_search_finds_a_flag_on_the_english_site(page, site_url: str) -> None:
    results = search(page, site_url, "--etcd-servers", "i18n-search-english.png", home="/en/")
    assert results and results[0][:2] == ["/en/reference/kube-apiserver/flags/", "/en/reference/kube-apiserver/flags/#flag-etcd-servers"]
    assert all(link.startswith("/en/") for hrefs in results for link in hrefs)
    chinese = search(page, site_url, "--etcd-servers", "i18n-search-chinese.png")
    assert chinese and chinese[0][0] == "/reference/kube-apiserver/flags/"
    assert not any(link.startswith("/en/") for hrefs in chinese for link in hrefs)
