"""Benchmark: the full site build with every book on a warm index (target ≤ 60 s on 2 cores), and
a build with nothing changed (target ≤ 5 s).

    python bench/site.py      (tree: $K8S_READER_SOURCE or ~/mirrors/kubernetes)

Runs `k8s-reader build --force` into a temporary directory, as a reader would (facts, trace and
replica checks of each book, the name resolver, the lab comparison when the lab exists, every
page rendered, mkdocs), after warming the index untimed; then `k8s-reader build` again with
nothing changed; then link-checks the result.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader import settings  # noqa: E402
from reader.books import book_names  # noqa: E402
from reader.cli import main as cli  # noqa: E402
from reader.index import build_index  # noqa: E402
from reader.site.linkcheck import check_site  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402


def main() -> None:
    tree = fetch_source(resolve_source(None), settings.default_cache_dir())
    build_index(tree.root, tree.commit, settings.default_cache_dir())  # warm the cache, untimed
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        started = time.perf_counter()
        assert cli(["build", "--force", "--site-dir", str(site)]) == 0
        built = time.perf_counter()
        assert cli(["build", "--site-dir", str(site)]) == 0
        again = time.perf_counter()
        pages = sum(1 for _ in site.rglob("index.html"))
        size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
        problems = check_site(site, tree.root)
    print(f"full build, {len(book_names())} books, warm index: {built - started:6.2f} s  ({pages} pages, {size / 2**20:.1f} MiB)")
    print(f"build with nothing changed:         {again - built:6.2f} s")
    print(f"link check: {len(problems)} problems")


if __name__ == "__main__":
    main()
