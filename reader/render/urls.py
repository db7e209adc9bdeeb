"""Where pages live and how they link to each other and to GitHub."""

from __future__ import annotations

import posixpath

GITHUB_BLOB = "https://github.com/kubernetes/kubernetes/blob/v1.9.9"


def symbol_page(symbol_id: str, package: str) -> str:
    """Docs-relative path of a symbol's page: reference/<import path>/<Name or Type.Method>.md."""
    local = symbol_id[len(package) + 1 :] if symbol_id.startswith(package + ".") else symbol_id.rsplit(".", 1)[-1]
    local = local.replace("(*", "").replace("(", "").replace(")", "")
    return f"reference/{package}/{local}.md"


def page_url(page: str) -> str:
    """The directory URL mkdocs gives a page (use_directory_urls)."""
    if page.endswith("index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one page to another, as the browser resolves it from the directory URL."""
    base = page_url(from_page)
    target = page_url(to_page)
    rel = posixpath.relpath(target or ".", base or ".")
    rel = "" if rel == "." else rel + "/"
    return (rel or "./") + (f"#{anchor}" if anchor else "")


def permalink(path: str, first: int, last: int | None = None) -> str:
    """GitHub permalink of a line range at v1.9.9 (staged code lives under staging/ there too)."""
    lines = f"L{first}" if last is None or last == first else f"L{first}-L{last}"
    return f"{GITHUB_BLOB}/{path}#{lines}"


def source_permalink(source: str) -> str:
    """The permalink of a `file:line` the facts name ("" when it names no line)."""
    path, _, line = source.rpartition(":")
    return permalink(path, int(line)) if path and line.isdigit() else ""
