"""Benchmark: indexing the whole v1.9.9 tree against bare tree-sitter parsing of the same files.

    python bench/index.py [--jobs N]     (tree: $K8S_READER_SOURCE or ~/mirrors/kubernetes)

Side by side, in one run, on the files the index selects (linux/amd64, cgo off, no tests):
  1. bare parsing: tree-sitter's Parser.parse over every file, one process, then N processes;
  2. cold index: `build_index` with no cache (parse, extract, resolve, assemble), N processes;
  3. warm index: `k8s-reader index` in a fresh process with the cache present.
Peak memory is the largest resident set of the index process and of any one worker.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader import settings  # noqa: E402
from reader.index.build import _select  # noqa: E402
from reader.parse.treesitter import parse_go  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402

COLD = """
import json, resource, sys, time
from pathlib import Path
from reader.index import build_index
root, commit, cache, jobs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
started = time.perf_counter()
index = build_index(Path(root), commit, Path(cache), workers=jobs)
seconds = time.perf_counter() - started
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": seconds, "peak_mib": peak / 1024, "calls": len(index.calls), "files": sum(len(p.files) for p in index.packages.values())}))
"""


def parse_files(root: str, paths: list[str]) -> int:
    for path in paths:
        parse_go(Path(root, path).read_bytes())
    return len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    jobs = parser.parse_args().jobs
    tree = fetch_source(resolve_source(None), settings.default_cache_dir())
    candidates, _ = _select(tree.root)
    paths = [c.path for c in candidates]
    print(f"tree: {tree.root} ({tree.commit[:12]}), {len(paths)} selected files, {jobs} processes")

    for path in paths:  # warm the page cache so every measurement reads from memory
        Path(tree.root, path).read_bytes()
    started = time.perf_counter()
    parse_files(str(tree.root), paths)
    bare_one = time.perf_counter() - started
    print(f"bare tree-sitter parse, 1 process:   {bare_one:7.2f} s")
    shares = [paths[k::jobs] for k in range(jobs)]
    started = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(parse_files, [str(tree.root)] * jobs, shares))
    bare_all = time.perf_counter() - started
    print(f"bare tree-sitter parse, {jobs} processes: {bare_all:7.2f} s")

    with tempfile.TemporaryDirectory() as cache:
        out = subprocess.run([sys.executable, "-c", COLD, str(tree.root), tree.commit, cache, str(jobs)], capture_output=True, text=True, check=True, cwd=ROOT)
        cold = json.loads(out.stdout)
        print(f"cold index, {jobs} processes:          {cold['seconds']:7.2f} s   "
              f"({cold['seconds'] / bare_one:.2f}x bare 1-process, {cold['seconds'] / bare_all:.2f}x bare {jobs}-process), "
              f"peak {cold['peak_mib']:.0f} MiB, {cold['files']} files, {cold['calls']} call sites")  # fmt: skip
        env = {**os.environ, settings.CACHE_ENV: cache}
        subprocess.run([sys.executable, "-m", "reader", "index", "--source", str(tree.root)], env=env, capture_output=True, check=True, cwd=ROOT)
        # the source stage caches its clone under the same cache dir: the first call above cloned,
        # so it is not a warm measurement; time the next ones
        warm = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "reader", "index", "--source", str(tree.root)], env=env, capture_output=True, check=True, cwd=ROOT)
            warm.append(time.perf_counter() - started)
        print(f"warm `k8s-reader index` (fresh process, best of 3): {min(warm):.2f} s")


if __name__ == "__main__":
    main()
