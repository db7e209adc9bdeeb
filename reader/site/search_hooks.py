"""mkdocs hook, registered by the site stage's generated config: keeps every table out of the
search index.

mkdocs-material's index gets a table's cells as one run of text, which would fill the result
preview of the section holding it; the rows are indexed where they have a page of their own
(flags, functions, types).  The attribute is the one material documents for excluding blocks;
its search plugin removes it from the page again after indexing."""

from __future__ import annotations

import re

_TABLE_TAG = re.compile(r"<table(?=[\s>])")


def on_page_content(html: str, **_: object) -> str:
    return _TABLE_TAG.sub('<table data-search-exclude="table"', html)
