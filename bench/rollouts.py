"""Benchmark and report: every rollout scenario on the replica and on the real v1.9.9 controllers.

    python bench/rollouts.py [SCENARIO ...]     (default: all of reader/lab/scenarios/rollouts/)

One etcd + kube-apiserver + kube-controller-manager start for all scenarios, a namespace each.
Prints each scenario's result and the run time.  Needs the lab's binaries (k8s-reader lab build),
etcd, and the indexed tree ($K8S_READER_SOURCE or ~/mirrors/kubernetes).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader import settings  # noqa: E402
from reader.lab import lab_dir_for  # noqa: E402
from reader.lab.build import existing_build  # noqa: E402
from reader.lab.rollouts import SCENARIO_DIR, compare, load_scenarios, rollout_lab, run_on_lab, run_on_replica  # noqa: E402
from reader.replicas.kube_controller_manager.rollout import real_names  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402

SCENARIOS = SCENARIO_DIR


def main(argv: list[str]) -> int:
    cache = settings.default_cache_dir()
    tree = fetch_source(resolve_source(settings.default_source()), cache)
    build = existing_build(tree, lab_dir_for(cache))
    if build is None:
        print("the lab's binaries are not built: k8s-reader lab build", file=sys.stderr)
        return 2
    scenarios = [s for s in load_scenarios(SCENARIOS) if not argv or s.name in argv]
    name_for = real_names()
    started = time.perf_counter()
    failures = 0
    with rollout_lab(build, lab_dir_for(cache)) as lab:
        up = time.perf_counter() - started
        for number, scenario in enumerate(scenarios):
            t0 = time.perf_counter()
            observed = run_on_lab(lab, scenario, f"scenario-{number}-{scenario.name}")
            expected = run_on_replica(scenario, name_for)
            difference = compare(scenario, expected, observed)
            failures += difference is not None
            mode = "exact" if scenario.exact else "bounds"
            print(f"{'EQUAL' if difference is None else 'DIFFERENT':9} {scenario.name:28} {mode:6} {len(observed['changes']):3} changes  {time.perf_counter() - t0:5.1f} s", flush=True)
            if difference or "-v" in sys.argv:
                print("   replica:", json.dumps(expected["changes"]))
                print("   real:   ", json.dumps(observed["changes"]))
                if difference:
                    print("  ", difference)
    print(f"{len(scenarios) - failures}/{len(scenarios)} equal; lab start {up:.1f} s, total {time.perf_counter() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main([a for a in sys.argv[1:] if not a.startswith("-")]))
