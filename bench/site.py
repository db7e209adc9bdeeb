"""Benchmark: the full site build on top of a warm index (target < 60 s on 2 cores).

    python bench/site.py      (tree: $K8S_READER_SOURCE or ~/mirrors/kubernetes)

Times the stages after the index: facts and trace, rendering every page, and the mkdocs
build, into a temporary directory; then link-checks the result.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader import settings  # noqa: E402
from reader.index import build_index  # noqa: E402
from reader.pipeline import book_results  # noqa: E402
from reader.render.pages import PROJECT, SiteSource  # noqa: E402
from reader.site import build_site  # noqa: E402
from reader.site.linkcheck import check_site  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402


def main() -> None:
    tree = fetch_source(resolve_source(None), settings.default_cache_dir())
    build_index(tree.root, tree.commit, settings.default_cache_dir())  # warm the cache, untimed
    started = time.perf_counter()
    index = build_index(tree.root, tree.commit, settings.default_cache_dir())
    books = book_results(tree.root, index)
    analysed = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        pages = build_site(SiteSource(tree.root, index, books, PROJECT), out / "site", out)
        built = time.perf_counter()
        problems = check_site(out / "site", tree.root)
        size = sum(f.stat().st_size for f in (out / "site").rglob("*") if f.is_file())
    print(f"index load + facts, trace, checks of {len(books)} books: {analysed - started:6.2f} s")
    print(f"render + mkdocs build:      {built - analysed:6.2f} s  ({len(pages)} pages, {size / 2**20:.1f} MiB)")
    print(f"total with a warm index:    {built - started:6.2f} s")
    print(f"link check: {len(problems)} problems")


if __name__ == "__main__":
    main()
