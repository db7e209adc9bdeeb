"""The comparison with the real binaries as the site build sees it: run when the lab's binaries
exist (never built here: that takes minutes), remembered per binary and replica source, and
otherwise a sentence saying why it did not run and how to make it run.

Besides the case results it keeps a few real answers (curl lines and their output) for the lab
page, so the page shows what the real v1.9.9 said when the site was built, and each scheduling
scenario's outcome on the real kube-scheduler beside the replica's (reader/lab/scheduling.py),
which the kube-scheduler chapters show; each rollout scenario's ReplicaSet changes on the real
kube-controller-manager beside the replica's (reader/lab/rollouts.py), with the ReplicaSet
controller's slow-start batches (reader/lab/slow_start.py), which its chapter 7 shows; and the
node lifecycle scenarios (reader/lab/node_lifecycle.py), which its chapter 8 shows.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

from reader.facts.resources import ServedResources
from reader.lab import node_lifecycle, rollouts, slow_start
from reader.lab.node_lifecycle import ScenarioResult as NodeLifecycleResult
from reader.lab.rollouts import RolloutResult
from reader.lab.slow_start import ScenarioResult as SlowStartResult
from reader.lab.build import existing_build
from reader.lab.differential import COMMAND_SUITES, Kind, compare_commands, compare_http, fetch
from reader.lab.scheduling import ScenarioResult, code_paths, load_scenarios, results_from_json, run_scenarios
from reader.lab.requests import compare_requests
from reader.lab.toolchain import LabError
from reader.lab.up import free_port, start_lab
from reader.source.models import SourceTree

HOW_TO_RUN = "run k8s-reader lab build (it needs Go >= 1.19 and etcd: apt-get install golang-go etcd-server), then build the site again"


class NotRun(Enum):
    """Why the comparison did not run; pages say it in their language (templates/strings.yml oracle.not_run.*)."""

    NOT_BUILT = "not_built"
    NO_ETCD = "no_etcd"
    LAB_ERROR = "lab_error"  # `why_not` holds the lab's message


SAMPLE_PATHS = ("/healthz?verbose", "/version", "/api", "/apis/apps", "/api/v1")
SAMPLE_LINES = 30  # of each answer shown on the lab page
_CODE = [Path(__file__).parent / "differential.py", Path(__file__).parent / "requests.py", *sorted((Path(__file__).parents[1] / "replicas").rglob("*.py")),
         *sorted((Path(__file__).parent / "requests").rglob("*.yaml")), *code_paths(), *rollouts.code_paths(), *slow_start.code_paths(), *node_lifecycle.code_paths()]  # fmt: skip
SEED_CASES = ("seed-deployment", "seed-service", "seed-configmap")  # their first object's real answer is kept for the chapter


@dataclass(frozen=True)
class CaseResult:
    kind: str
    name: str
    args: tuple[str, ...]
    difference: str | None
    component: str = "kube-apiserver"

    @property
    def equal(self) -> bool:
        return self.difference is None


@dataclass(frozen=True)
class Sample:
    command: str
    output: str  # its first SAMPLE_LINES lines
    lines: int = 0  # how many lines the whole output has


@dataclass(frozen=True)
class OracleReport:
    ran: bool
    why_not: str  # when it did not run: why, and how to make it run (in English, as the CLI prints it)
    go_version: str = ""
    results: tuple[CaseResult, ...] = ()
    samples: tuple[Sample, ...] = ()
    scheduling: tuple[ScenarioResult, ...] = ()  # the scheduling scenarios, when kube-scheduler is built
    answers: tuple[Sample, ...] = ()  # the real server's answer (as compared) to the seed's objects: case #1 → text
    rollouts: tuple[RolloutResult, ...] = ()  # the rollout scenarios, when kube-controller-manager is built
    slow_start: tuple[SlowStartResult, ...] = ()  # the ReplicaSet controller's batches, likewise
    node_lifecycle: tuple[NodeLifecycleResult, ...] = ()  # the node lifecycle scenarios, likewise
    not_run: NotRun | None = None

    def of(self, kind: Kind, component: str | None = None) -> tuple[CaseResult, ...]:
        return tuple(r for r in self.results if r.kind == kind.value and component in (None, r.component))

    def components(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.component for r in self.results))


def oracle_report(tree: SourceTree, lab_dir: Path, served: Callable[[], ServedResources], rollout_names: Callable[[dict], str]) -> OracleReport:
    """`served` reads the resource lists (enabled_by(SERVER_VARIANTS) enabled); it is called only
    when there are binaries to compare with, so a site build without the lab does not pay for it.
    `rollout_names` names the rollout replica's new ReplicaSets (rollouts.replica_names)."""
    try:
        build = existing_build(tree, lab_dir)
    except LabError as exc:
        return OracleReport(False, f"{exc}; {HOW_TO_RUN}", not_run=NotRun.LAB_ERROR)
    if build is None:
        return OracleReport(False, f"the real binaries are not built yet: {HOW_TO_RUN}", not_run=NotRun.NOT_BUILT)
    if shutil.which("etcd") is None:
        return OracleReport(False, "no etcd: apt-get install etcd-server, then build the site again", not_run=NotRun.NO_ETCD)
    resources = served().bodies()
    digest = hashlib.sha256(build.root.name.encode() + json.dumps(resources, sort_keys=True).encode())
    for path in _CODE:
        digest.update(path.read_bytes())
    remembered = lab_dir / "oracle" / f"{digest.hexdigest()[:16]}.json"
    if remembered.is_file():
        return report_from_json(json.loads(remembered.read_text()))
    # every binary the build holds: its command lines; kube-apiserver's HTTP too
    results = [r for suite in COMMAND_SUITES if build.has(suite.component) for r in compare_commands(build, suite)]
    results += compare_http(build, lab_dir, resources)
    requests = compare_requests(build, lab_dir)
    results += requests
    answers = tuple(Sample(r.case.name, r.real) for r in requests if r.case.name.startswith(tuple(f"{c} #1 " for c in SEED_CASES)))
    with start_lab(build, lab_dir, free_port()) as lab:
        # shown as a reader would type it against `lab up`'s default port
        samples = tuple(_sample(f"curl http://127.0.0.1:8080{path}", fetch(lab.url + path, "curl/7.88.1").split("\n", 1)[1]) for path in SAMPLE_PATHS)
    scheduling = tuple(run_scenarios(build, lab_dir, load_scenarios())) if build.has("kube-scheduler") else ()
    rolled, batches, nodes = (), (), ()
    if build.has("kube-controller-manager"):  # its three suites, each on a lab of its own
        rolled = tuple(rollouts.run_scenarios(build, lab_dir, rollouts.load_scenarios(rollouts.SCENARIO_DIR), rollout_names))
        batches = tuple(slow_start.run_scenarios(build, lab_dir, slow_start.load_scenarios()))
        nodes = tuple(node_lifecycle.run_scenarios(build, lab_dir, node_lifecycle.load_scenarios()))
    cases = tuple(CaseResult(r.case.kind.value, r.case.name, r.case.args, r.difference, r.case.component) for r in results)
    report = OracleReport(True, "", build.go_version, cases, samples, scheduling, answers, rolled, batches, nodes)
    remembered.parent.mkdir(parents=True, exist_ok=True)
    partial = remembered.with_suffix(".partial")
    partial.write_text(json.dumps(asdict(report)))
    partial.rename(remembered)
    return report


def _sample(command: str, output: str) -> Sample:
    lines = output.splitlines()
    return Sample(command, "\n".join(lines[:SAMPLE_LINES]), len(lines))


def report_from_json(raw: dict) -> OracleReport:
    """A report as dataclasses.asdict wrote it (the cache under lab_dir/oracle); keys a report
    remembered before they existed read as empty."""
    return OracleReport(
        raw["ran"], raw["why_not"], raw["go_version"],
        tuple(CaseResult(r["kind"], r["name"], tuple(r["args"]), r["difference"], r.get("component", "kube-apiserver")) for r in raw["results"]),
        tuple(Sample(**s) for s in raw["samples"]), results_from_json(raw.get("scheduling", [])),
        tuple(Sample(**s) for s in raw.get("answers", ())), rollouts.results_from_json(raw.get("rollouts", [])),
        slow_start.results_from_json(raw.get("slow_start", [])), node_lifecycle.results_from_json(raw.get("node_lifecycle", [])),
    )  # fmt: skip


__all__ = ["CaseResult", "OracleReport", "Sample", "oracle_report", "report_from_json"]
