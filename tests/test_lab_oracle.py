"""The oracle report as the site build remembers it (reader/lab/oracle.py): written with
dataclasses.asdict as JSON under lab_dir/oracle, read back as the same report — cases, samples,
scheduling, rollout and slow-start results — and a report remembered before a kind of result existed reads it as empty."""

from __future__ import annotations

import json
from dataclasses import asdict

from reader.lab.oracle import CaseResult, OracleReport, Sample, report_from_json
from reader.lab.rollouts import RolloutResult
from reader.lab.scheduling import Outcome, PodResult, ScenarioResult
from reader.lab.slow_start import ScenarioResult as SlowStartResult
from reader.lab.slow_start import StepResult

ROLLOUT = RolloutResult(
    "seed", True,
    {"changes": [{"step": 1, "replica_set": "web-aaaa", "replicas": 3}], "deleted": [], "final": {"web-aaaa": {"replicas": 3, "annotations": {"deployment.kubernetes.io/revision": "1"}}}},
    {"changes": [{"step": 1, "replica_set": "web-aaaa", "replicas": 4}], "deleted": ["web-old"], "final": {}},
    "scale changes: replica [3]; real [4]", 2.5,
)  # fmt: skip
REPORT = OracleReport(
    True, "", "go1.19.8",
    (CaseResult("command", "--help", ("--help",), None, "kube-controller-manager"),),
    (Sample("curl http://127.0.0.1:8080/version", "{}", 1),),
    (ScenarioResult("01-x", (PodResult("default/p", Outcome("n1", None, {"n1": {"P": 1}}, {"n1": 1}), Outcome("n1", None), ("totals",)),)),),
    (Sample("seed-deployment #1 POST", "{}"),),
    (ROLLOUT, RolloutResult("recreate", False, {"changes": [], "deleted": [], "final": {}}, {"changes": [], "deleted": [], "final": {}}, None)),
    (SlowStartResult("01-grow", "why", (StepResult((1, 2)), StepResult((), ("p-1",))), (StepResult((1, 2)), StepResult((), ("p-2",)))),),
)  # fmt: skip


def test_a_remembered_report_reads_back_the_same() -> None:
    again = report_from_json(json.loads(json.dumps(asdict(REPORT))))
    assert again == REPORT
    assert again.rollouts[0].real["deleted"] == ["web-old"] and not again.rollouts[0].equal and again.rollouts[1].equal
    assert again.slow_start[0].real[1].deleted == ("p-1",) and again.slow_start[0].difference() == "step 2: real batches [] deleted ['p-1']; replica batches [] deleted ['p-2']"


def test_a_report_from_before_the_rollouts_has_none() -> None:
    raw = asdict(REPORT)
    del raw["rollouts"], raw["slow_start"]
    again = report_from_json(json.loads(json.dumps(raw)))
    assert again.rollouts == () and again.slow_start == ()
