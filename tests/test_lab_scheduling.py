"""The scheduling scenarios on the real kube-scheduler v1.9.9 against the replica (reader/lab/scheduling.py).

Without the lab: reading the --v=10 log (sections per pod, the two derived priorities), the
comparison's wording, the API paths.  With the real tree, Go and etcd: every scenario on the real
binaries (one etcd + kube-apiserver, a fresh kube-scheduler per scenario), equal to the replica."""

from __future__ import annotations

import pytest

from reader.lab.client import collection
from reader.lab.scheduling import Outcome, compare, load_scenarios, parse_log, run_scenarios

PREFIX = "I1201 14:52:20.326666   16220 "

LOG = "\n".join(PREFIX + line for line in [
    "scheduler.go:438] Attempting to schedule pod: default/a",
    "predicates.go:682] Schedule Pod default/a on Node n1 is allowed, Node is running only 0 out of 110 Pods.",
    "balanced_resource_allocation.go:79] a -> n1: Balanced Resource Allocation, capacity 4000 millicores 8589934592 memory bytes, total request 500 millicores 1073741824 memory bytes, score 10",
    "least_requested.go:78] a -> n1: Least Requested Priority, capacity 4000 millicores 8589934592 memory bytes, total request 500 millicores 1073741824 memory bytes, score 8 CPU 7 memory",
    "balanced_resource_allocation.go:79] a -> n2: Balanced Resource Allocation, capacity 2000 millicores 4294967296 memory bytes, total request 500 millicores 1073741824 memory bytes, score 10",
    "least_requested.go:78] a -> n2: Least Requested Priority, capacity 2000 millicores 4294967296 memory bytes, total request 500 millicores 1073741824 memory bytes, score 7 CPU 7 memory",
    *(f"generic_scheduler.go:572] a -> {n}: {p}, Score: ({s})" for n in ("n1", "n2")
      for p, s in (("TaintTolerationPriority", 10), ("NodeAffinityPriority", 0), ("SelectorSpreadPriority", 10))),
    "interpod_affinity.go:241] a -> n1: InterPodAffinityPriority, Score: (0)",
    "interpod_affinity.go:241] a -> n2: InterPodAffinityPriority, Score: (0)",
    "generic_scheduler.go:621] Host n1 => Score 100037",
    "generic_scheduler.go:621] Host n2 => Score 37",
    "factory.go:1242] Attempting to bind a to n1",
    "scheduler.go:438] Attempting to schedule pod: default/refused",
    "scheduler.go:438] Attempting to schedule pod: other/a",
]) + "\n  a continuation line of a multi-line message -> is ignored\n"  # fmt: skip


def test_the_log_is_read_per_pod_with_two_priorities_derived() -> None:
    """LeastRequested is the integer mean of its logged halves ((8 + 7) / 2 = 7); NodePreferAvoidPods
    is the total minus the six others, over its weight: n1 (100037 − 37) / 10000 = 10, n2 (37 − 37) / 10000 = 0."""
    sections = parse_log(LOG)
    assert set(sections) == {"default/a"}  # the refused pod and other/a reached no priority
    scores, totals = sections["default/a"]
    assert totals == {"n1": 100037, "n2": 37}
    assert scores["n1"] == {"BalancedResourceAllocation": 10, "LeastRequestedPriority": 7, "TaintTolerationPriority": 10, "NodeAffinityPriority": 0,
                            "SelectorSpreadPriority": 10, "InterPodAffinityPriority": 0, "NodePreferAvoidPodsPriority": 10}  # fmt: skip
    assert scores["n2"]["NodePreferAvoidPodsPriority"] == 0 and scores["n2"]["LeastRequestedPriority"] == 7


def test_a_total_that_the_six_logged_scores_do_not_explain_leaves_the_seventh_out() -> None:
    scores, _ = parse_log(LOG.replace("Host n2 => Score 37", "Host n2 => Score 38"))["default/a"]
    assert "NodePreferAvoidPodsPriority" not in scores["n2"]


def test_the_comparison_names_every_difference() -> None:
    real = Outcome("n1", None, {"n1": {"LeastRequestedPriority": 7}, "n2": {"LeastRequestedPriority": 5}}, {"n1": 7, "n2": 5})
    assert compare(real, real) == ()
    replica = Outcome("n2", None, {"n1": {"LeastRequestedPriority": 6}, "n2": {"LeastRequestedPriority": 5}}, {"n1": 6, "n2": 5})
    assert compare(real, replica) == (
        "node: real n1, replica n2", "LeastRequestedPriority on n1: real 7, replica 6", "totals: real {'n1': 7, 'n2': 5}, replica {'n1': 6, 'n2': 5}",
    )  # fmt: skip
    assert compare(Outcome(None, "0/1 nodes are available: 1 X."), Outcome("n1", None)) == (
        "node: real None, replica n1", "error: real '0/1 nodes are available: 1 X.', replica None", "feasible nodes: real [], replica ['n1']",
    )  # fmt: skip


def test_objects_go_to_their_collections() -> None:
    assert collection({"kind": "Node", "metadata": {"name": "n"}}) == "/api/v1/nodes"
    assert collection({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}) == "/api/v1/namespaces/default/pods"
    assert collection({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "r", "namespace": "t"}}) == "/apis/apps/v1/namespaces/t/replicasets"


@pytest.mark.realtree
def test_every_scenario_is_equal_on_the_real_kube_scheduler(real_lab) -> None:
    build, lab_dir = real_lab
    scenarios = load_scenarios()
    results = run_scenarios(build, lab_dir, scenarios)
    assert len(results) == len(scenarios) >= 30
    different = [f"{r.name}: {r.problem or [d for p in r.pods for d in p.differences]}" for r in results if not r.equal]
    assert different == []
    scored = [p for r in results for p in r.pods if p.real.totals]
    assert len(scored) > 40 and all(len(row) == 7 for p in scored for row in p.real.scores.values())  # every priority read or derived
