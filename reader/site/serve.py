"""`k8s-reader serve`: the site with live reload while chapters and templates are edited.

The index, facts and trace are loaded once.  A watcher polls chapters/ and templates/; on a
change it re-renders (only the chapters when only chapters changed: the symbols' links back to
the chapters then wait for the next full render) and rewrites the pages whose text changed;
mkdocs' own server notices them, rebuilds dirty pages and reloads the browser.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path

from reader.errors import ReaderError
from reader.report import Reporter
from reader.render.chapters import Chapters, chapter_files
from reader.render.pages import Renderer, SiteSource
from reader.books import book_names
from reader.site.build import render_all, write_config, write_docs


class Rerenderer:
    """Keeps the docs dir in step with chapters/ and templates/."""

    def __init__(self, src: SiteSource, docs: Path) -> None:
        self.src = src
        self.docs = docs
        self._seen = self._stamps()

    def _stamps(self) -> dict[Path, float]:
        roots = [self.src.project / "chapters", self.src.project / "templates"]
        return {p: p.stat().st_mtime for root in roots for p in root.rglob("*") if p.is_file()}

    def refresh(self) -> tuple[list[str], float]:
        """Re-render what changed since the last call: (pages rewritten, seconds taken)."""
        now = self._stamps()
        changed = {p for p in now.keys() | self._seen.keys() if now.get(p) != self._seen.get(p)}
        self._seen = now
        if not changed:
            return [], 0.0
        started = time.perf_counter()
        if all(p.is_relative_to(self.src.project / "chapters") for p in changed):
            chapters = Chapters(Renderer(self.src))
            pages = {chapter.page: chapters.render(chapter) for chapter in chapter_files(self.src.project, book_names())}
        else:
            pages = render_all(self.src)
        return write_docs(self.src, pages, self.docs), time.perf_counter() - started


def _check_address(address: str) -> None:
    """Fail before the first build when the port is taken or the address is malformed."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ReaderError(f"--dev-addr {address!r}: give HOST:PORT, e.g. 127.0.0.1:8000")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host.strip("[]"), int(port)))
        except OSError as exc:
            raise ReaderError(f"cannot serve on {address}: {exc.strerror or exc}; pick another with --dev-addr HOST:PORT") from None


def serve_site(src: SiteSource, work: Path, address: str, reporter: Reporter) -> None:
    _check_address(address)
    docs = work / "serve-docs"
    docs.mkdir(parents=True, exist_ok=True)
    pages = render_all(src)
    write_docs(src, pages, docs)
    config_file = write_config(src, pages, docs, work / "serve-site", strict=False, dev_addr=address)
    rerender = Rerenderer(src, docs)

    def watch() -> None:
        while True:
            time.sleep(0.3)
            try:
                rewritten, seconds = rerender.refresh()
            except ReaderError as exc:  # a broken directive while editing: say so, keep serving
                reporter.warn(str(exc))
                continue
            if rewritten:
                reporter.info(f"re-rendered {len(rewritten)} page(s) in {seconds:.2f} s")

    threading.Thread(target=watch, daemon=True).start()
    from mkdocs.commands.serve import serve

    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.addHandler(logging.StreamHandler())  # "Documentation built in … seconds" after each edit

    reporter.info(f"serving on http://{address}/ (Ctrl-C stops)")
    try:
        serve(str(config_file), livereload=True, build_type="dirty")
    except OSError as exc:
        raise ReaderError(f"cannot serve on {address}: {exc.strerror or exc}; pick another with --dev-addr HOST:PORT") from None
