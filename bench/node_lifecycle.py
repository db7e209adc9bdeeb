"""Benchmark and report: the node lifecycle scenarios on the real v1.9.9 kube-controller-manager beside the replica.

    python bench/node_lifecycle.py [SCENARIO ...]     (default: all of reader/lab/scenarios/nodes/)

One etcd + kube-apiserver for all scenarios, a fresh kube-controller-manager for each.  Prints,
node by node, when the real controller wrote Ready Unknown and the replica's window for it
(seconds after the controller's first pass), how far past the replica's pass the write was seen,
the rest of each comparison, and the run times.  Needs the lab's binaries (k8s-reader lab build)
and etcd.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _lab import controller_manager_lab  # noqa: E402  (bench/_lab.py, beside this script)
from reader.lab.node_lifecycle import EARLY_TOLERANCE, LATE_TOLERANCE, load_scenarios, run_scenarios  # noqa: E402


def main(argv: list[str]) -> int:
    lab = controller_manager_lab()
    if lab is None:
        return 2
    build, lab_dir = lab
    scenarios = [s for s in load_scenarios() if not argv or s.name in argv]
    started = time.perf_counter()
    results = run_scenarios(build, lab_dir, scenarios)
    took = time.perf_counter() - started
    lates = []
    for result in results:
        period, grace, startup = result.timing
        print(f"{'EQUAL' if result.equal else 'DIFFERENT':9} {result.name}: period {period:g} s, grace {grace:g} s, startup grace {startup:g} s; "
              f"first pass {result.started_to_first_pass:.3f} s after the controller manager started")  # fmt: skip
        for node in result.nodes:
            real, replica = node.real.written_at, node.replica.written_at
            if replica is None:
                print(f"   {node.node:16} clock from {node.clock_from:10} replica: not Unknown          real: {'not Unknown' if real is None else f'{real:.3f} s'}")
                continue
            late = f"{real - replica:+.3f} s" if real is not None else "—"
            lates += [real - replica] if real is not None else []
            print(f"   {node.node:16} clock from {node.clock_from:10} replica: [{node.deadline:7.3f}, {replica:7.3f}] s  real: "
                  f"{'not Unknown' if real is None else f'{real:7.3f} s'}  after the replica's pass: {late}")  # fmt: skip
        for difference in result.differences:
            print("   ", difference)
        for service in result.services:
            print(f"   Service {service.name} ({service.type}): ingress {', '.join(service.ingress) or 'none'}")
        print(f"   start lines of the service and node controllers found in the log: {sum(line.found for line in result.start_log)}/{len(result.start_log)}")
    worst = max(lates, default=0.0)
    print(f"{sum(r.equal for r in results)}/{len(results)} scenarios equal; writes seen {min(lates, default=0.0):+.3f} … {worst:+.3f} s "
          f"after the replica's pass (tolerance -{EARLY_TOLERANCE:g}/+{LATE_TOLERANCE:g} s); total {took:.1f} s")  # fmt: skip
    return 0 if all(r.equal for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
