"""Benchmark: the scheduling scenarios on the replica and on the real kube-scheduler v1.9.9.

    python bench/scheduling.py              every scenario: the replica alone, then the lab comparison
    python bench/scheduling.py 09 30        only the scenarios whose file names start so

Prints each scenario's verdict and time, the replica's time, and the whole comparison's time
(etcd + kube-apiserver once, a fresh kube-scheduler per scenario).  Needs the lab's binaries
(k8s-reader lab build) and etcd; tree: $K8S_READER_SOURCE or ~/mirrors/kubernetes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader import settings  # noqa: E402
from reader.lab import build_lab, lab_dir_for  # noqa: E402
from reader.lab.scheduling import load_scenarios, replica_outcomes, run_scenarios  # noqa: E402
from reader.source import fetch_source, resolve_source  # noqa: E402


def main() -> None:
    prefixes = tuple(sys.argv[1:])
    scenarios = [s for s in load_scenarios() if not prefixes or s.name.startswith(prefixes)]
    started = time.perf_counter()
    pods = sum(len(replica_outcomes(s.cluster)) for s in scenarios)
    print(f"{'replica: every scenario':<44}{time.perf_counter() - started:8.2f} s  ({len(scenarios)} scenarios, {pods} pods)")
    tree = fetch_source(resolve_source(None), settings.default_cache_dir())
    lab_dir = lab_dir_for(settings.default_cache_dir())
    build = build_lab(tree, lab_dir, ("kube-apiserver", "kube-scheduler"))
    started = time.perf_counter()
    results = run_scenarios(build, lab_dir, scenarios)
    elapsed = time.perf_counter() - started
    for result in results:
        verdict = "=" if result.equal else "≠"
        print(f"{verdict} {result.name}" + (f"  ({result.problem})" if result.problem else ""))
        for pod in result.pods:
            for difference in pod.differences:
                print(f"    {pod.pod}: {difference}")
    equal = sum(r.equal for r in results)
    print(f"{'real kube-scheduler: the comparison':<44}{elapsed:8.2f} s  ({equal}/{len(results)} scenarios equal)")


if __name__ == "__main__":
    main()
