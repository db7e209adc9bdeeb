"""mkdocs, kept thin: the rendered pages go into a generated docs directory beside the
hand-written assets, a config is derived from the project's mkdocs.yml with the navigation
filled in, and mkdocs-material builds `site/`.  The docs directory is rebuilt in a temporary
place and swapped in, so a failed build leaves the previous one.

Each language is an edition (mkdocs-static-i18n, suffix structure): the default language's pages
at the site's root, the others' (`page.en.md`) under `/en/`, each with its own navigation, titles
and copyright line from the UI strings table, and a language switcher on every page."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path

import yaml

from reader.errors import ReaderError
from reader.books import all_books, book_names
from reader.render.chapters import Chapters, chapter_files, check_shared_anchors
from reader.render.pages import Renderer, SiteSource, flags_page
from reader.render.strings import DEFAULT_LANGUAGE, LANGUAGES, UI, load_ui
from reader.render.urls import localized, page_language
from reader.render.lab import LabPage
from reader.render.replicas import ReplicaPages
from reader.replicas import runnable
from reader.site.stamp import STAMP_FILE

SEARCH_SCRIPT = "assets/search.js"  # templates/assets/search.js: the query rewrite for flag names and identifiers
SITE_DATA_SCRIPT = "assets/reader-data.js"  # generated: the flag names search.js recognises, the scripts' UI strings
SEARCH_HOOKS = Path(__file__).with_name("search_hooks.py")


def render_all(src: SiteSource) -> dict[str, str]:
    renderer = Renderer(src)
    chapters = Chapters(renderer)
    pages: dict[str, str] = {}
    # the chapters first: the reference pages list the chapter sections that name their symbol
    files = chapter_files(src.project, book_names())
    for chapter in files:
        pages[chapter.page] = chapters.render(chapter)
    check_shared_anchors(files, chapters.heading_ids)
    pages.update(chapters.extra_pages)
    pages.update(renderer.render(chapters.mentions))
    pages.update(ReplicaPages(renderer, chapters.mentions).render())
    pages.update(LabPage(renderer).render())
    return pages


def build_site(src: SiteSource, out: Path, work: Path, strict: bool = True, stamp: str = "") -> dict[str, str]:
    """Render every page, write the docs dir under `work`, build the site into `out` (with
    `stamp`, the digest of its inputs, in it: see stamp.py).

    mkdocs builds into a new directory beside `out`, which replaces `out` only when the build
    succeeded: a failed build (a broken directive, a mkdocs warning) leaves the previous site."""
    pages = render_all(src)
    docs = Path(tempfile.mkdtemp(prefix="docs-", dir=work))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    except OSError as exc:
        shutil.rmtree(docs, ignore_errors=True)
        raise ReaderError(f"cannot write the site next to {out} ({exc.strerror or exc}); use --site-dir DIR") from None
    try:
        write_docs(src, pages, docs)
        _mkdocs_build(write_config(src, pages, docs, fresh, strict=strict))
        if stamp:
            (fresh / STAMP_FILE).write_text(stamp + "\n", encoding="utf-8")
        _replace_dir(fresh, out)
    finally:
        shutil.rmtree(docs, ignore_errors=True)
        shutil.rmtree(fresh, ignore_errors=True)
        docs.with_name(f"mkdocs.{docs.name}.yml").unlink(missing_ok=True)
    return pages


def _replace_dir(new: Path, target: Path) -> None:
    """Swap `new` in for `target` with renames, so `target` is never half-written."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_docs(src: SiteSource, pages: dict[str, str], docs: Path) -> list[str]:
    """Write pages whose text changed (so mkdocs' dirty rebuilds touch only those); returns them."""
    changed = []
    for page, text in pages.items():
        target = docs / page
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        changed.append(page)
    assets = src.project / "templates" / "assets"
    if assets.is_dir():
        shutil.copytree(assets, docs / "assets", dirs_exist_ok=True)
    script = docs / SITE_DATA_SCRIPT
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(f"window.k8sReader = {json.dumps(_script_data(src), ensure_ascii=False, sort_keys=True)};\n", encoding="utf-8")
    return changed


def _script_data(src: SiteSource) -> dict:
    """What the site's scripts read: the flag names search.js rewrites queries for, the site's
    languages (a page's own is its <html lang>), the UI strings the scripts show."""
    ui = load_ui(src.project)
    return {
        "flags": sorted({f.name for result in src.books.values() for f in result.facts.flags}),
        "languages": list(LANGUAGES), "defaultLanguage": DEFAULT_LANGUAGE,
        "strings": {key: {lang: ui[lang](key) for lang in ui} for key in _SCRIPT_STRINGS},
    }


_SCRIPT_STRINGS = ("js.sort",)  # the keys of templates/strings.yml the scripts use


def write_config(src: SiteSource, pages: dict[str, str], docs: Path, out: Path, strict: bool = True, **extra: object) -> Path:
    base = yaml.safe_load((src.project / "mkdocs.yml").read_text(encoding="utf-8"))
    ui = load_ui(src.project)
    editions = [_edition(src, pages, language) for language in ui.values()]
    default = editions[0]
    config = {
        "INHERIT": str(src.project / "mkdocs.yml"),  # the project's settings; only these keys are generated
        "docs_dir": str(docs), "site_dir": str(out), "strict": strict,
        # the default language's, as mkdocs requires them; the i18n plugin sets each edition's own
        "site_name": default["site_name"], "site_description": default["site_description"], "nav": default["nav"], "copyright": default["copyright"],
        # INHERIT replaces lists, so the project's own plugins, scripts and hooks are repeated
        "plugins": [_with_editions(plugin, editions) for plugin in base.get("plugins", [])],
        "extra_javascript": [SITE_DATA_SCRIPT, *base.get("extra_javascript", []), SEARCH_SCRIPT],  # the data first: the scripts read it
        "hooks": base.get("hooks", []) + [str(SEARCH_HOOKS)],
        # function and type pages are reached from the function index and their package pages, not the nav
        "validation": {**base.get("validation", {}), "nav": {**base.get("validation", {}).get("nav", {}), "omitted_files": "info"}},
        **extra,
    }  # fmt: skip
    config_file = docs.parent / f"mkdocs.{docs.name}.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def _edition(src: SiteSource, pages: dict[str, str], ui: UI) -> dict:
    """The i18n plugin's settings for one language: where it is, its names, its navigation."""
    return {
        "locale": ui.lang, "name": ui("language.name"), "default": ui.lang == DEFAULT_LANGUAGE, "build": True,
        "site_name": ui("site.name"), "site_description": ui("site.description"),
        "copyright": ui("site.copyright", commit=src.index.commit), "nav": _nav(pages, src.project, ui),
        # mkdocs.yml's palette, in order: the light scheme (its toggle goes dark), then the dark one
        "theme": {"palette": [{"toggle": {"name": ui("site.dark_mode")}}, {"toggle": {"name": ui("site.light_mode")}}]},
    }  # fmt: skip


def _with_editions(plugin: str | dict, editions: list[dict]) -> str | dict:
    """A plugin entry of mkdocs.yml, the i18n plugin's with the languages filled in."""
    if isinstance(plugin, dict) and "i18n" in plugin:
        return {"i18n": {**(plugin["i18n"] or {}), "languages": editions}}
    return plugin


def _nav(pages: dict[str, str], project: Path, ui: UI) -> list:
    """One language's navigation: home; one group per book (its chapters, then its flag index);
    replicas; lab; reference."""
    lang = ui.lang
    here = {page for page in pages if page_language(page) == lang}
    by_book: dict[str, list] = {}
    for chapter in chapter_files(project, book_names()):
        if chapter.book and chapter.lang == lang:
            by_book.setdefault(chapter.book, []).append({chapter.title(ui): chapter.page})
    for name in book_names():
        if localized(flags_page(name), lang) in here:
            by_book.setdefault(name, []).append({ui("nav.flags"): localized(flags_page(name), lang)})
    books = [{book.title: by_book[book.name]} for book in all_books() if book.name in by_book]
    packages: dict[str, str] = {}
    # the package pages only: a package page lists its functions and types, and a nav of every
    # function would be rendered into each of the site's pages (half the mkdocs build)
    for page in sorted(p for p in pages if p.startswith("reference/") and p.endswith("/index.md") and p.count("/") > 1):
        packages[page[len("reference/") : -len("/index.md")]] = localized(page, lang)
    reference: list = [{ui("nav.functions"): localized("reference/index.md", lang)}]
    # a chapter's graph page; its continuation pages (graphs/<book>/<chapter>/…) are reached from it
    graphs = sorted(p for p in here if p.startswith("graphs/") and p.count("/") == 2)
    if graphs:
        reference.append({ui("nav.graphs"): graphs})
    reference.append({ui("nav.packages"): [{package: page} for package, page in packages.items()]})
    replicas = [{ui("nav.replicas_index"): localized("replicas/index.md", lang)}]
    replicas += [{name: localized(f"replicas/{name}.md", lang)} for name in runnable() if localized(f"replicas/{name}.md", lang) in here]
    home = {ui("nav.home"): localized("index.md", lang)}
    return [home, *books, {ui("nav.replicas"): replicas}, {ui("nav.lab"): localized("lab.md", lang)}, {ui("nav.reference"): reference}]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _mkdocs_build(config_file: Path) -> None:
    import jieba  # the search plugin segments Chinese with it; keep its start-up chatter quiet

    jieba.setLogLevel(logging.WARNING)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(config_file))
        build(config)
    except (Abort, ConfigurationError) as exc:
        detail = "; ".join(collect.messages[:3]) or str(exc)
        raise ReaderError(f"mkdocs build failed: {detail}") from None
    finally:
        logger.removeHandler(collect)
