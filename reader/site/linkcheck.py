"""Checking a built site: every internal link and anchor resolves, no page has an `id` twice
(a link to it would land on whichever comes first); every GitHub permalink's line range exists
in that file of the tree the site was built from."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from reader.render.urls import GITHUB_BLOB

_PERMALINK = re.compile(re.escape(GITHUB_BLOB) + r"/(?P<path>[^#]+)#L(?P<first>\d+)(?:-L(?P<last>\d+))?$")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.id_counts: Counter[str] = Counter()  # `id` attributes only: `name` may repeat
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])  # type: ignore[arg-type]
            self.id_counts[values["id"]] += 1  # type: ignore[index]
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])  # type: ignore[arg-type]
        for key in ("href", "src"):
            if values.get(key) and tag in ("a", "link", "script", "img"):
                self.links.append(values[key])  # type: ignore[arg-type]


def check_site(site: Path, tree: Path | None = None) -> list[str]:
    """Problems found, one line each: 'page: link (why)'."""
    pages: dict[Path, _Page] = {}
    for html_file in site.rglob("*.html"):
        parser = _Page()
        parser.feed(html_file.read_text(encoding="utf-8"))
        pages[html_file.resolve()] = parser
    line_counts: dict[str, int] = {}
    problems: list[str] = []
    for page_file, parsed in pages.items():
        base = "file://" + page_file.as_posix()
        for repeated, count in parsed.id_counts.items():
            if count > 1:
                problems.append(f"{page_file.relative_to(site.resolve())}: id {repeated!r} appears {count} times")
        for link in parsed.links:
            parsed_url = urlparse(link)
            if parsed_url.scheme in ("http", "https"):
                match = _PERMALINK.match(link)
                if match and tree is not None:
                    path = match["path"]
                    if path not in line_counts:
                        file = tree / path
                        line_counts[path] = file.read_bytes().count(b"\n") + 1 if file.is_file() else 0
                    last = int(match["last"] or match["first"])
                    if line_counts[path] == 0:
                        problems.append(f"{page_file.relative_to(site.resolve())}: {link} (no such file at v1.9.9)")
                    elif not 1 <= int(match["first"]) <= last <= line_counts[path]:
                        problems.append(f"{page_file.relative_to(site.resolve())}: {link} (file has {line_counts[path]} lines)")
                continue
            if parsed_url.scheme in ("mailto", "data", "javascript") or link.startswith("//"):
                continue
            root_base = "file://" + site.resolve().as_posix() + "/"
            target, anchor = urldefrag(urljoin(root_base, link.lstrip("/")) if link.startswith("/") else urljoin(base, link))
            target_path = Path(unquote(urlparse(target).path))
            if target_path.is_dir() or target.endswith("/"):
                target_path = target_path / "index.html"
            if not target_path.exists():
                problems.append(f"{page_file.relative_to(site.resolve())}: {link} (missing)")
                continue
            if anchor and target_path.suffix == ".html":
                ids = pages.get(target_path.resolve())
                if ids is not None and unquote(anchor) not in ids.ids:
                    problems.append(f"{page_file.relative_to(site.resolve())}: {link} (no anchor #{anchor})")
    return sorted(problems)
