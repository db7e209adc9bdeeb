"""Benchmark and report: every rollout scenario on the replica and on the real v1.9.9 controllers.

    python bench/rollouts.py [SCENARIO ...] [-v]     (default: all of reader/lab/scenarios/rollouts/)

One etcd + kube-apiserver + kube-controller-manager start for all scenarios, a namespace each
(reader.lab.rollouts.run_scenarios, as `k8s-reader lab compare --only rollouts` runs them).
Prints each scenario's result and lab time, and the total.  Needs the lab's binaries
(k8s-reader lab build), etcd, and the indexed tree ($K8S_READER_SOURCE or ~/mirrors/kubernetes).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _lab import controller_manager_lab  # noqa: E402  (bench/_lab.py, beside this script)
from reader.lab.rollouts import SCENARIO_DIR, load_scenarios, run_scenarios  # noqa: E402
from reader.replicas.kube_controller_manager.rollout import real_names  # noqa: E402


def main(argv: list[str], verbose: bool) -> int:
    lab = controller_manager_lab()
    if lab is None:
        return 2
    build, lab_dir = lab
    scenarios = [s for s in load_scenarios(SCENARIO_DIR) if not argv or s.name in argv]
    started = time.perf_counter()
    results = run_scenarios(build, lab_dir, scenarios, real_names())
    total = time.perf_counter() - started
    for r in results:
        mode = "exact" if r.exact else "bounds"
        print(f"{'EQUAL' if r.equal else 'DIFFERENT':9} {r.name:32} {mode:6} {len(r.real['changes']):3} changes  {r.seconds:5.1f} s")
        if not r.equal or verbose:
            print("   replica:", json.dumps(r.replica["changes"]))
            print("   real:   ", json.dumps(r.real["changes"]))
            if r.difference:
                print("  ", r.difference)
    lab = sum(r.seconds for r in results)
    print(f"{sum(r.equal for r in results)}/{len(results)} equal; scenarios on the lab {lab:.1f} s, the rest (lab start and stop, the replica) {total - lab:.1f} s, total {total:.1f} s")
    return 0 if all(r.equal for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main([a for a in sys.argv[1:] if not a.startswith("-")], "-v" in sys.argv))
