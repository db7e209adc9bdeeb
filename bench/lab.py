"""Benchmark: the lab — building the real v1.9.9 binaries, starting them, comparing the replicas.

    python bench/lab.py            warm build (target: under 1 s), lab start, the comparison
    python bench/lab.py --cold     first a cold build into a fresh lab directory (minutes)

Tree: $K8S_READER_SOURCE or ~/mirrors/kubernetes.  Needs Go and etcd.  The cold build uses an
empty lab directory (its own Go build cache too), so it measures what a new user waits for.
"""

from __future__ import annotations

import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader import settings  # noqa: E402
from reader.lab import build_lab, free_port, lab_dir_for, start_lab  # noqa: E402
from reader.facts.resources import api_resources  # noqa: E402
from reader.index import build_index  # noqa: E402
from reader.lab.differential import COMMAND_SUITES, SERVER_VARIANTS, compare_commands, compare_http, enabled_by  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402


def timed(label: str, action):
    started = time.perf_counter()
    result = action()
    print(f"{label:<44}{time.perf_counter() - started:8.2f} s")
    return result


def main() -> None:
    tree = fetch_source(resolve_source(None), settings.default_cache_dir())
    if "--cold" in sys.argv:
        with tempfile.TemporaryDirectory(prefix="k8s-reader-lab-cold-") as fresh:
            timed("lab build, cold (fresh lab dir and Go cache)", lambda: build_lab(tree, Path(fresh)))
    lab_dir = lab_dir_for(settings.default_cache_dir())
    build_lab(tree, lab_dir)  # make sure it is built (not timed)
    build = timed("lab build, warm", lambda: build_lab(tree, lab_dir))
    started = time.perf_counter()
    with start_lab(build, lab_dir, free_port()) as lab:
        print(f"{'lab up: etcd + kube-apiserver healthy':<44}{time.perf_counter() - started:8.2f} s")
        with urllib.request.urlopen(lab.url + "/version") as response:
            assert b'"gitVersion": "v1.9.9"' in response.read()
    commands = timed("compare command lines (3 binaries)", lambda: [r for suite in COMMAND_SUITES for r in compare_commands(build, suite)])
    index = build_index(tree.root, tree.commit, settings.default_cache_dir())
    served = timed("resource lists from the facts", lambda: api_resources(index, tree.root, enable=enabled_by(SERVER_VARIANTS)))
    http = timed("compare HTTP (4 flag sets, 2 servers each)", lambda: compare_http(build, lab_dir, served.bodies()))
    for label, results in (("command-line cases equal", commands), ("HTTP cases equal", http)):
        print(f"{label:<44}{sum(r.equal for r in results):5d} / {len(results)}")


if __name__ == "__main__":
    main()
