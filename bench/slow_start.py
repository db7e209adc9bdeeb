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

from _lab import controller_manager_lab  # noqa: E402  (bench/_lab.py, beside this script)
from reader.lab.slow_start import load_scenarios, run_scenarios, steps_text  # noqa: E402


def main(argv: list[str]) -> int:
    lab = controller_manager_lab()
    if lab is None:
        return 2
    build, lab_dir = lab
    scenarios = [s for s in load_scenarios() if not argv or s.name in argv]
    started = time.perf_counter()
    results = run_scenarios(build, lab_dir, scenarios)
    for r in results:
        print(f"{'EQUAL' if r.equal else 'DIFFERENT':9} {r.name:28} real {steps_text(r.real):28} replica {steps_text(r.replica)}")
    print(f"{sum(r.equal for r in results)}/{len(results)} equal; {time.perf_counter() - started:.1f} s (one lab, started once)")
    return 0 if all(r.equal for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
