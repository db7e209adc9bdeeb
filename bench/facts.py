"""Benchmark: each book's facts and trace on top of a warm index (target < 5 s per book).

    python bench/facts.py        (tree: $K8S_READER_SOURCE or ~/mirrors/kubernetes)

Loads the cached index (building it first if needed, not timed), then times, in this
process, for every book: extract_facts (package inits, main up to the hand-over, flags,
defaults, steps, probes) and the startup trace.  Prints the counts so runs can be compared.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader import settings  # noqa: E402
from reader.books import all_books  # noqa: E402
from reader.facts import extract_facts  # noqa: E402
from reader.index import build_index  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402
from reader.trace import trace  # noqa: E402


def main() -> None:
    tree = fetch_source(resolve_source(None), settings.default_cache_dir())
    build_index(tree.root, tree.commit, settings.default_cache_dir())  # make sure the cache is warm
    started = time.perf_counter()
    index = build_index(tree.root, tree.commit, settings.default_cache_dir())
    loaded = time.perf_counter()
    print(f"warm index load:  {loaded - started:6.2f} s")
    for book in all_books():
        begin = time.perf_counter()
        facts = extract_facts(tree.root, index, book)
        extracted = time.perf_counter()
        node = trace(index, book.trace)
        traced = time.perf_counter()
        print(f"{book.name:<24} facts {extracted - begin:6.2f} s  ({len(facts.flags)} flags, {len(facts.unevaluated)} unevaluated registrations, "
              f"{len(facts.defaults)} defaults, {len(facts.steps)} steps, {len(facts.controllers)} controllers); "
              f"trace {traced - extracted:5.2f} s ({sum(1 for _ in node.walk())} calls)")  # fmt: skip
    print(f"all books:        {time.perf_counter() - loaded:6.2f} s  (with the index load: {time.perf_counter() - started:.2f} s)")


if __name__ == "__main__":
    main()
