"""Every rollout scenario (reader/lab/scenarios/rollouts/) on the rollout replica and on the real v1.9.9
kube-controller-manager: one etcd + kube-apiserver + controller-manager for all, a namespace each,
through run_scenarios — the loop `k8s-reader lab compare --only rollouts` and the site's oracle run.

Skips without Go, etcd or the v1.9.9 tree (the real_lab fixture says which).  A few minutes:
bench/rollouts.py runs the same comparison and prints each scenario's time."""

from __future__ import annotations

import pytest

from reader.lab.rollouts import SCENARIO_DIR, RolloutResult, load_scenarios, replica_names, run_scenarios

SCENARIOS = load_scenarios(SCENARIO_DIR)


@pytest.fixture(scope="module")
def results(real_controller_manager_lab, real_index) -> dict[str, RolloutResult]:
    build, lab_dir = real_controller_manager_lab
    return {r.name: r for r in run_scenarios(build, lab_dir, SCENARIOS, replica_names(*real_index))}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_rollout_is_what_the_real_controllers_do(scenario, results) -> None:
    result = results[scenario.name]
    assert result.exact == scenario.exact
    assert result.difference is None


def test_the_seed_is_named_as_the_issue_says(results) -> None:
    names = {c["replica_set"] for c in results["seed"].real["changes"]}
    assert names == {"nginx-deployment-bc46d55b", "nginx-deployment-79499846f7"}


def test_most_scenarios_are_compared_exactly() -> None:
    assert len(SCENARIOS) >= 12 and sum(s.exact for s in SCENARIOS) >= 12
