"""reader.lab.slow_start: the scenarios, the replica's side, and (with Go, etcd and the v1.9.9 tree)
every batch of creates the real ReplicaSet controller makes, held one batch at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.lab.slow_start import Scenario, StepResult, load_scenarios, run_on_replica, run_scenarios
from reader.lab.toolchain import LabError
from reader.replicas.kube_controller_manager.replicaset import Pod

SCENARIOS = load_scenarios()


def scenario_from(tmp_path: Path, text: str) -> Scenario:
    path = tmp_path / "01-x.yaml"
    path.write_text(text)
    return Scenario.load(path)


def test_the_scenarios_say_why_and_start_by_creating() -> None:
    assert len(SCENARIOS) >= 5
    assert all(s.why and "replicas" in s.steps[0] for s in SCENARIOS)


@pytest.mark.parametrize(("text", "message"), [
    ("steps: []\n", "`steps` must be a list"),
    ("steps:\n- ready: 1\n", "the first step must be {replicas: N}"),
    ("steps:\n- replicas: 3\n- scale: 4\n", "`steps` must be a list"),
    ("steps: [\n", "01-x.yaml: "),
])  # fmt: skip
def test_a_bad_scenario_is_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(LabError, match=message.replace("{", r"\{").replace("[", r"\[")) as caught:
        scenario_from(tmp_path, text)
    assert str(tmp_path / "01-x.yaml") in str(caught.value) and "\n" not in str(caught.value)


def test_the_replica_doubles_each_batch_and_a_quota_stops_it(tmp_path: Path) -> None:
    grown = run_on_replica(scenario_from(tmp_path, "steps:\n- replicas: 3\n- replicas: 20\n"), {})
    assert [r.batches for r in grown] == [(1, 2), (1, 2, 4, 8, 2)]
    capped = run_on_replica(scenario_from(tmp_path, "quota: 5\nsteps:\n- replicas: 10\n"), {})
    assert [r.batches for r in capped] == [(1, 2, 2)]


def test_the_replica_deletes_from_the_pods_the_lab_saw(tmp_path: Path) -> None:
    scenario = scenario_from(tmp_path, "steps:\n- replicas: 3\n- ready: 1\n- replicas: 1\n")
    seen = {0: [], 2: [Pod("a", "Running", True, ready_since=5.0, created=1.0), Pod("b", created=2.0), Pod("c", created=3.0)]}
    assert run_on_replica(scenario, seen)[2] == StepResult((), ("b", "c"))


@pytest.fixture(scope="module")
def real_results(real_controller_manager_lab):
    build, lab_dir = real_controller_manager_lab
    return {r.name: r for r in run_scenarios(build, lab_dir, SCENARIOS)}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_every_batch_is_what_the_real_controller_made(scenario, real_results) -> None:
    result = real_results[scenario.name]
    assert result.difference() is None and result.equal


def test_the_issues_batches_come_from_the_real_binary(real_results) -> None:
    assert [r.batches for r in real_results["01-scale-3-to-20"].real] == [(1, 2), (1, 2, 4, 8, 2)]
    assert len(real_results["04-scale-down-keeps-ready"].real[2].deleted) == 3
