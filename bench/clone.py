"""Benchmark: which clone strategy the source stage should use, measured from a local mirror.

    python bench/clone.py [MIRROR]   (default: $K8S_READER_SOURCE or ~/mirrors/kubernetes)

Compares (1) the source stage itself: shallow single-tag clone, (2) a blob-filtered partial
clone plus sparse checkout of the directories the index reads, and reports wall time and
on-disk size of each, plus the cache-hit time of the source stage.  The mirror's
uploadpack.allowFilter is switched on for (2) only (file:// ignores --filter without it)
and restored afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.source import fetch_source, resolve_source  # noqa: E402

SPARSE_DIRS = ["cmd", "pkg", "plugin", "staging", "vendor"]


def disk_usage(path: Path) -> int:
    return int(subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True).stdout.split()[0])


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def partial_sparse(url: str, dest: Path) -> None:
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "v1.9.9", "--single-branch",
                    "--filter=blob:none", "--sparse", url, str(dest)], check=True, capture_output=True)  # fmt: skip
    subprocess.run(["git", "-C", str(dest), "sparse-checkout", "set", *SPARSE_DIRS], check=True, capture_output=True)


def main() -> None:
    mirror = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("K8S_READER_SOURCE", "~/mirrors/kubernetes")).expanduser()
    spec = resolve_source(str(mirror))
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        seconds, tree = timed(lambda: fetch_source(spec, work / "cache"))
        print(f"shallow (source stage): {seconds:6.2f} s  {disk_usage(tree.root) / 2**20:7.1f} MiB")
        hit, _ = timed(lambda: fetch_source(spec, work / "cache"))
        print(f"cache hit:              {hit * 1000:6.1f} ms")
        config = ["git", "-C", str(mirror), "config"]
        subprocess.run([*config, "uploadpack.allowFilter", "true"], check=True)
        try:
            seconds, _ = timed(lambda: partial_sparse(spec.url, work / "sparse"))
        finally:
            subprocess.run([*config, "--unset", "uploadpack.allowFilter"], check=False)
        print(f"partial + sparse:       {seconds:6.2f} s  {disk_usage(work / 'sparse') / 2**20:7.1f} MiB")


if __name__ == "__main__":
    main()
