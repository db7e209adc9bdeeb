"""mkdocs, kept thin: the rendered pages go into a generated docs directory beside the
hand-written assets, a config is derived from the project's mkdocs.yml with the navigation
filled in, and mkdocs-material builds `site/`.  The docs directory is rebuilt in a temporary
place and swapped in, so a failed build leaves the previous one."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path

import yaml

from reader.errors import ReaderError
from reader.books import all_books, book_names
from reader.render.chapters import Chapters, chapter_files
from reader.render.pages import Renderer, SiteSource, flags_page
from reader.render.lab import LabPage
from reader.render.replicas import ReplicaPages
from reader.replicas import runnable
from reader.site.stamp import STAMP_FILE

SEARCH_SCRIPT = "assets/search.js"  # templates/assets/search.js: the query rewrite for flag names and identifiers
SEARCH_FLAGS_SCRIPT = "assets/search-flags.js"  # generated: the flag names that rewrite recognises
SEARCH_HOOKS = Path(__file__).with_name("search_hooks.py")


def render_all(src: SiteSource) -> dict[str, str]:
    renderer = Renderer(src)
    chapters = Chapters(renderer)
    pages: dict[str, str] = {}
    # the chapters first: the reference pages list the chapter sections that name their symbol
    for chapter in chapter_files(src.project, book_names()):
        pages[chapter.page] = chapters.render(chapter)
    pages.update(chapters.extra_pages)
    pages.update(renderer.render(chapters.mentions))
    pages.update(ReplicaPages(renderer).render())
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
    flag_names = docs / SEARCH_FLAGS_SCRIPT
    flag_names.parent.mkdir(parents=True, exist_ok=True)
    flag_names.write_text(f"window.k8sReaderFlags = {json.dumps(sorted({f.name for result in src.books.values() for f in result.facts.flags}))};\n", encoding="utf-8")
    return changed


def write_config(src: SiteSource, pages: dict[str, str], docs: Path, out: Path, strict: bool = True, **extra: object) -> Path:
    base = yaml.safe_load((src.project / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "INHERIT": str(src.project / "mkdocs.yml"),  # the project's settings; only these keys are generated
        "docs_dir": str(docs), "site_dir": str(out), "strict": strict, "nav": _nav(pages, src.project),
        "copyright": f"构建自 Kubernetes v1.9.9 源码 · 提交 {src.index.commit} · k8s-reader",
        # INHERIT replaces lists, so the project's own scripts and hooks are repeated before the search ones
        "extra_javascript": base.get("extra_javascript", []) + [SEARCH_FLAGS_SCRIPT, SEARCH_SCRIPT],
        "hooks": base.get("hooks", []) + [str(SEARCH_HOOKS)],
        # function and type pages are reached from the function index and their package pages, not the nav
        "validation": {**base.get("validation", {}), "nav": {**base.get("validation", {}).get("nav", {}), "omitted_files": "info"}},
        **extra,
    }  # fmt: skip
    config_file = docs.parent / f"mkdocs.{docs.name}.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def _nav(pages: dict[str, str], project: Path) -> list:
    """Home; one group per book (its chapters, then its flag index); replicas; lab; reference."""
    by_book: dict[str, list] = {}
    for chapter in chapter_files(project, book_names()):
        if chapter.book:
            by_book.setdefault(chapter.book, []).append({chapter.title: chapter.page})
    for name in book_names():
        if flags_page(name) in pages:
            by_book.setdefault(name, []).append({"Flag 索引": flags_page(name)})
    books = [{book.title: by_book[book.name]} for book in all_books() if book.name in by_book]
    packages: dict[str, str] = {}
    # the package pages only: a package page lists its functions and types, and a nav of every
    # function would be rendered into each of the site's pages (half the mkdocs build)
    for page in sorted(p for p in pages if p.startswith("reference/") and p.endswith("/index.md") and p.count("/") > 1):
        packages[page[len("reference/") : -len("/index.md")]] = page
    reference: list = [{"函数索引": "reference/index.md"}]
    graphs = sorted(p for p in pages if p.startswith("graphs/"))
    if graphs:
        reference.append({"调用图": graphs})
    reference.append({"包": [{package: page} for package, page in packages.items()]})
    replicas = [{"复刻一览": "replicas/index.md"}] + [{name: f"replicas/{name}.md"} for name in runnable() if f"replicas/{name}.md" in pages]
    return [{"首页": "index.md"}, *books, {"复刻": replicas}, {"实验室": "lab.md"}, {"参考": reference}]


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
