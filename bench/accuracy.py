"""Benchmark: call-resolution accuracy of the index against Go's type checker.

    python bench/accuracy.py [--gotypes TSV]

Builds bench/gotypes (needs Debian's golang-go; GOPATH mode, linux/amd64, cgo off), runs it on
the startup packages of the real v1.9.9 tree and compares, call site by call site, with
`k8s-reader calls`.  Scored: call sites whose callee go/types determines statically and that
is defined in the tree (functions, concrete methods, interface methods); a site matches when
the index names the same callee id at the same line and column.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from reader import settings  # noqa: E402
from reader.index import build_index  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402

PACKAGES = [
    "k8s.io/kubernetes/cmd/kube-apiserver",
    "k8s.io/kubernetes/cmd/kube-apiserver/app",
    "k8s.io/kubernetes/cmd/kube-apiserver/app/options",
    "k8s.io/kubernetes/pkg/kubeapiserver/options",
    "k8s.io/kubernetes/pkg/master",
    "k8s.io/apiserver/pkg/server",
    "k8s.io/apiserver/pkg/server/options",
    "github.com/spf13/pflag",
    "k8s.io/apiextensions-apiserver/pkg/apiserver",
    "k8s.io/kube-aggregator/pkg/apiserver",
]


def gotypes_rows(repo: Path) -> list[tuple[str, int, int, str, str]]:
    with tempfile.TemporaryDirectory() as scratch:
        binary = Path(scratch) / "gotypes"
        subprocess.run(["go", "build", "-o", str(binary), "."], cwd=HERE / "gotypes", check=True)
        gopath = Path(scratch) / "gopath"
        (gopath / "src" / "k8s.io").mkdir(parents=True)
        (gopath / "src" / "k8s.io" / "kubernetes").symlink_to(repo)
        env = {**os.environ, "GO111MODULE": "off", "GOPATH": str(gopath), "CGO_ENABLED": "0", "GOOS": "linux", "GOARCH": "amd64"}
        out = subprocess.run([str(binary), *PACKAGES], env=env, capture_output=True, text=True, check=True)
        for line in out.stderr.splitlines():
            print("go/types:", line, file=sys.stderr)
    rows = []
    for line in out.stdout.splitlines()[1:]:
        file, lineno, col, callee, kind = line.split("\t")
        rows.append((file, int(lineno), int(col), callee, kind))
    return rows


def main() -> None:
    tree = fetch_source(resolve_source(None), settings.default_cache_dir())
    index = build_index(tree.root, tree.commit, settings.default_cache_dir())
    ours: dict[tuple[str, int, int], list[str | None]] = defaultdict(list)
    for package in PACKAGES:
        for e in index.calls_in_package(package):
            ours[(e.file, e.line, e.col)].append(e.callee)
    theirs: dict[tuple[str, int, int], list[tuple[str, str]]] = defaultdict(list)
    for file, line, col, callee, kind in gotypes_rows(tree.root):
        if callee.rsplit(".", 1)[0].split(".(")[0] in index.packages:  # callee defined in the tree
            theirs[(file, line, col)].append((callee, kind))
    score: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    misses: list[str] = []
    for position, expected in theirs.items():
        found = Counter(c for c in ours.get(position, []) if c)
        unmatched_found = found.copy()
        for callee, kind in expected:
            if unmatched_found[callee] > 0:
                unmatched_found[callee] -= 1
                outcome = "same"
            elif sum(unmatched_found.values()) > 0:
                outcome = "different"
            else:
                outcome = "missing"
            score[outcome] += 1
            by_kind[(kind, outcome)] += 1
            if outcome != "same":
                misses.append(f"{outcome:9} {position[0]}:{position[1]}:{position[2]}  go/types: {callee}  index: {sorted(found)}")
    total = sum(score.values())
    print(f"call sites scored: {total}")
    for outcome in ("same", "different", "missing"):
        print(f"  {outcome:9} {score[outcome]:6}  {100 * score[outcome] / max(total, 1):6.2f}%")
    for kind in ("func", "method", "interface"):
        n = sum(v for (k, _), v in by_kind.items() if k == kind)
        print(f"  {kind:9} {by_kind[(kind, 'same')]}/{n} same")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "accuracy-misses.txt").write_text("\n".join(sorted(misses)) + "\n")
    print(f"misses listed in {HERE / 'results' / 'accuracy-misses.txt'}")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__).parse_args()
    main()
