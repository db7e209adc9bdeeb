"""Every rollout scenario (reader/lab/scenarios/rollouts/) on the rollout replica and on the real v1.9.9
kube-controller-manager: one etcd + kube-apiserver + controller-manager for all, a namespace each.

Skips without Go, etcd or the v1.9.9 tree (the real_lab fixture says which).  A few minutes:
bench/rollouts.py runs the same comparison and prints each scenario's time."""

from __future__ import annotations

import pytest

from reader.lab.rollouts import SCENARIO_DIR, compare, load_scenarios, rollout_lab, run_on_lab, run_on_replica
from reader.replicas.kube_controller_manager.pod_template_hash import replica_set_name
from reader.replicas.kube_controller_manager.spew import GoTypes

SCENARIOS = load_scenarios(SCENARIO_DIR)


@pytest.fixture(scope="module")
def observed(real_lab, real_index) -> dict:
    build, lab_dir = real_lab
    if not build.has("kube-controller-manager"):
        pytest.skip("kube-controller-manager is not built: k8s-reader lab build --components kube-controller-manager")
    with rollout_lab(build, lab_dir) as lab:
        return {s.name: run_on_lab(lab, s, f"scenario-{n}-{s.name}") for n, s in enumerate(SCENARIOS)}


@pytest.fixture(scope="module")
def name_for(real_index):
    root, index = real_index
    types = GoTypes.from_tree(root, index)
    return lambda deployment: replica_set_name(deployment, types)[1]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_rollout_is_what_the_real_controllers_do(scenario, observed, name_for) -> None:
    assert compare(scenario, run_on_replica(scenario, name_for), observed[scenario.name]) is None


def test_the_seed_is_named_as_the_issue_says(observed) -> None:
    names = {c["replica_set"] for c in observed["seed"]["changes"]}
    assert names == {"nginx-deployment-bc46d55b", "nginx-deployment-79499846f7"}


def test_most_scenarios_are_compared_exactly() -> None:
    assert len(SCENARIOS) >= 12 and sum(s.exact for s in SCENARIOS) >= 12
