"""Benchmark and report: the ReplicaSet controller's slow-start batches, scenario by scenario, on the
replica and on the real v1.9.9 kube-controller-manager (every created pod held until its batch is
complete; reader/lab/slow_start.py).

    python bench/slow_start.py [SCENARIO ...]     (default: all of reader/lab/scenarios/slow-start/)

Prints each scenario's batches per step on both sides, the verdict, and the run time (one lab for
all).  Needs the lab's binaries (k8s-reader lab build), etcd, and $K8S_READER_SOURCE or ~/mirrors/kubernetes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader import settings  # noqa: E402
from reader.lab import lab_dir_for  # noqa: E402
from reader.lab.build import existing_build  # noqa: E402
from reader.lab.slow_start import StepResult, load_scenarios, run_scenarios  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402


def steps(results: tuple[StepResult, ...]) -> str:
    return " | ".join(", ".join(map(str, r.batches)) or (f"deleted {len(r.deleted)}" if r.deleted else "-") for r in results)


def main(argv: list[str]) -> int:
    cache = settings.default_cache_dir()
    tree = fetch_source(resolve_source(settings.default_source()), cache)
    build = existing_build(tree, lab_dir_for(cache))
    if build is None:
        print("the lab's binaries are not built: k8s-reader lab build", file=sys.stderr)
        return 2
    scenarios = [s for s in load_scenarios() if not argv or s.name in argv]
    started = time.perf_counter()
    results = run_scenarios(build, lab_dir_for(cache), scenarios)
    for r in results:
        print(f"{'EQUAL' if r.equal else 'DIFFERENT':9} {r.name:28} real {steps(r.real):28} replica {steps(r.replica)}")
    print(f"{sum(r.equal for r in results)}/{len(results)} equal; {time.perf_counter() - started:.1f} s (one lab, started once)")
    return 0 if all(r.equal for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
