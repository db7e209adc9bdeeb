"""Where pages live and how they link to each other and to GitHub.

A page is named by its docs-relative path.  The default language's edition of a page is
`reference/x/F.md`; another language's is `reference/x/F.<lang>.md` (mkdocs-static-i18n's suffix
structure), which the site serves at the same URL under `/<lang>/`.  So a link between two pages
of one language is the same in every language: `relative` and `page_url` read through the suffix.
"""

from __future__ import annotations

import posixpath

from reader.render.strings import DEFAULT_LANGUAGE, LANGUAGES

GITHUB_BLOB = "https://github.com/kubernetes/kubernetes/blob/v1.9.9"


def symbol_page(symbol_id: str, package: str) -> str:
    """Docs-relative path of a symbol's page: reference/<import path>/<Name or Type.Method>.md."""
    local = symbol_id[len(package) + 1 :] if symbol_id.startswith(package + ".") else symbol_id.rsplit(".", 1)[-1]
    local = local.replace("(*", "").replace("(", "").replace(")", "")
    return f"reference/{package}/{local}.md"


def localized(page: str, lang: str) -> str:
    """The docs path of a page's edition in `lang` (`page` names the default language's)."""
    return page if lang == DEFAULT_LANGUAGE else f"{page.removesuffix('.md')}.{lang}.md"


def page_language(page: str) -> str:
    """The language of a page's edition, from its suffix."""
    return next((lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE and page.endswith(f".{lang}.md")), DEFAULT_LANGUAGE)


def unlocalized(page: str) -> str:
    """The default language's docs path of the page an edition translates."""
    lang = page_language(page)
    return page if lang == DEFAULT_LANGUAGE else page.removesuffix(f".{lang}.md") + ".md"


def page_url(page: str) -> str:
    """The directory URL mkdocs gives a page (use_directory_urls), below its language's root."""
    page = unlocalized(page)
    if page.endswith("index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one page to another, as the browser resolves it from the directory URL (both
    in the language of `from_page`: either may be named by any of its editions)."""
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
