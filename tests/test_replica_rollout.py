"""The controller replicas of kube-controller-manager: spew's %#v and the pod-template-hash (on a
small hand-written Go tree, and on the real tree against hashes Go itself computed), the
ReplicaSet controller's sync (slow start, the order of deletions), and the rollout simulator."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from reader.index import build_index
from reader.lab.rollouts import SCENARIO_DIR, Scenario, load_scenarios, out_of_bounds
from reader.replicas.kube_controller_manager import pod_template_hash as pth
from reader.replicas.kube_controller_manager.replicaset import Expectations, Pod, get_pods_to_delete, slow_start_batch, sync_replica_set
from reader.replicas.kube_controller_manager.rollout import RolloutError, resolve_fenceposts, simulate
from reader.replicas.kube_controller_manager.spew import GoTypes, SpewError, spew_sprint
from reader.replicas.steps import mirrored_functions, mirrored_steps
from tests.conftest import write_tree

SCENARIOS = SCENARIO_DIR
SEED = yaml.safe_load((SCENARIOS / "seed" / "deployment.yaml").read_text())

# ---------------------------------------------------------------- spew on a tiny tree

TINY = {
    "staging/src/example.com/api/v1/types.go": """
        package v1

        import meta "example.com/meta"

        type Policy string

        type Spec struct {
            meta.Object `json:",inline"`
            Name     string            `json:"name"`
            Count    *int64            `json:"count,omitempty"`
            Items    []Item            `json:"items,omitempty"`
            Labels   map[string]string `json:"labels,omitempty"`
            Policy   Policy            `json:"policy"`
            Ready    bool              `json:"ready"`
            Pointers []*Item           `json:"pointers"`
        }

        type Item struct {
            Port int32 `json:"port"`
        }
        """,
    "staging/src/example.com/meta/meta.go": """
        package meta

        type Object struct {
            UID string `json:"uid"`
        }
        """,
    "vendor/example.com/api": "->../../staging/src/example.com/api",
    "vendor/example.com/meta": "->../../staging/src/example.com/meta",
}


@pytest.fixture(scope="module")
def tiny_types(tmp_path_factory: pytest.TempPathFactory) -> GoTypes:
    root = write_tree(tmp_path_factory.mktemp("spew"), TINY)
    return GoTypes.from_tree(root, build_index(root, "fixture", workers=1))


def test_spew_prints_types_for_fields_and_not_for_elements_keys_or_pointees(tiny_types: GoTypes) -> None:
    value = {"uid": "u1", "name": "web", "count": 3, "items": [{"port": 80}], "labels": {"b": "2", "a": "1"}, "policy": "Always",
             "pointers": [{"port": 1}, None]}  # fmt: skip
    assert spew_sprint(value, tiny_types.named("example.com/api/v1", "Spec"), tiny_types) == (
        "(v1.Spec){Object:(meta.Object){UID:(string)u1} Name:(string)web Count:(*int64)3 Items:([]v1.Item)[{Port:(int32)80}] "
        "Labels:(map[string]string)map[a:1 b:2] Policy:(v1.Policy)Always Ready:(bool)false Pointers:([]*v1.Item)[<*>{Port:(int32)1} <nil>]}"
    )


def test_spew_zero_values_nil_pointers_and_empty_lists(tiny_types: GoTypes) -> None:
    # an empty list is nil after v1.9.9's protobuf storage, so it prints as <nil> like a missing one
    text = spew_sprint({"items": [], "labels": {}}, tiny_types.named("example.com/api/v1", "Spec"), tiny_types)
    assert "Count:(*int64)<nil> Items:([]v1.Item)<nil> Labels:(map[string]string)<nil>" in text and "Name:(string) " in text


def test_spew_refuses_what_it_cannot_print(tiny_types: GoTypes) -> None:
    with pytest.raises(SpewError, match="cannot be"):
        spew_sprint({"count": "three"}, tiny_types.named("example.com/api/v1", "Spec"), tiny_types)


# ---------------------------------------------------------------- the hash on the real tree

# Computed by Go 1.19 from the v1.9.9 tree (GOPATH mode, its vendored go-spew): a program that
# json-decodes each Deployment into k8s.io/api/apps/v1.Deployment, runs
# pkg/apis/apps/v1.SetObjectDefaults_Deployment, then pkg/util/hash.DeepHashObject with FNV-32a
# and rand.SafeEncodeString, as controller.ComputeHash and getNewReplicaSet do.  The first two
# are also the names the real kube-controller-manager gave in the lab (tests/test_lab_rollouts.py).
GO_HASHES = [
    ({}, "67028116", "nginx-deployment-bc46d55b"),
    ({"image": "nginx:1.15.0"}, "3505540293", "nginx-deployment-79499846f7"),
    ({"image": "nginx", "labels": {"tier": "web"}}, "1817571408", "nginx-deployment-5d5c9c584d"),
    ({"probes": True}, "2810363414", "nginx-deployment-6d547b7858"),
]


def _variant(change: dict) -> dict:
    d = copy.deepcopy(SEED)
    template = d["spec"]["template"]
    container = template["spec"]["containers"][0]
    if "image" in change:
        container["image"] = change["image"]
    template["metadata"]["labels"].update(change.get("labels", {}))
    if change.get("probes"):
        container.update(readinessProbe={"httpGet": {"port": 80}}, livenessProbe={"tcpSocket": {"port": "http"}, "periodSeconds": 5},
                         env=[{"name": "A", "value": "b"}], args=["-g", "daemon off;"])  # fmt: skip
        template["metadata"]["annotations"] = {"z": "1", "a": "2"}
        template["spec"].update(nodeSelector={"disk": "ssd"}, terminationGracePeriodSeconds=5)
    return d


@pytest.fixture(scope="module")
def real_types(real_index) -> GoTypes:
    root, index = real_index
    return GoTypes.from_tree(root, index)


@pytest.mark.parametrize(("change", "expected_hash", "expected_name"), GO_HASHES)
def test_pod_template_hash_is_what_go_computes(real_types: GoTypes, change: dict, expected_hash: str, expected_name: str) -> None:
    assert pth.replica_set_name(_variant(change), real_types) == (expected_hash, expected_name)


def test_collision_count_changes_the_hash(real_types: GoTypes) -> None:
    plain, bumped = pth.replica_set_name(SEED, real_types), pth.replica_set_name(SEED, real_types, collision_count=1)
    assert plain != bumped and bumped[1].startswith("nginx-deployment-")


def test_templates_the_replica_cannot_default_are_refused() -> None:
    d = copy.deepcopy(SEED)
    d["spec"]["template"]["spec"]["volumes"] = [{"name": "v", "emptyDir": {}}]
    with pytest.raises(ValueError, match="volumes"):
        pth.set_object_defaults_deployment(d)


def test_safe_encode_string_and_image_tags() -> None:
    assert pth.safe_encode_string("67028116") == "bc46d55b"
    assert [pth.image_tag(i) for i in ("nginx", "nginx:1.15.0", "registry:5000/nginx", "nginx@sha256:ab")] == ["latest", "1.15.0", "latest", ""]


# ---------------------------------------------------------------- the ReplicaSet controller


def test_slow_start_batches_double_and_stop_at_a_failure() -> None:
    made: list[int] = []
    assert slow_start_batch(17, 1, lambda: True, made) == (17, [1, 2, 4, 8, 2])
    calls = iter([True] * 4 + [False] * 10)
    made = []
    assert slow_start_batch(17, 1, lambda: next(calls), made) == (4, [1, 2, 1])


def test_sync_creates_in_batches_and_counts_skipped_expectations() -> None:
    pods = [Pod(f"p{i}", "Running", True) for i in range(3)]
    counter = iter(range(100))
    expectations = Expectations()
    result = sync_replica_set("rs", 20, pods, expectations, lambda: Pod(f"n{next(counter)}"), fail_after=6)
    assert result.batches == (1, 2, 3) and expectations.add == 6 and result.status["replicas"] == 3


def test_deletions_prefer_pods_earlier_in_start_up() -> None:
    pods = [Pod("old-ready", "Running", True, "node", ready_since=1, created=1), Pod("new-ready", "Running", True, "node", ready_since=5, created=2),
            Pod("pending", "Pending", False, "node", created=3), Pod("unscheduled", created=4), Pod("unready", "Running", False, "node", created=5)]  # fmt: skip
    assert [p.name for p in get_pods_to_delete(pods, 4)] == ["unscheduled", "pending", "unready", "new-ready"]


# ---------------------------------------------------------------- the Deployment controller


def by_image(deployment: dict) -> str:
    return "rs-" + deployment["spec"]["template"]["spec"]["containers"][0]["image"].split(":")[-1]


def changes(report: dict) -> list[tuple[str, int]]:
    return [(c["replica_set"], c["replicas"]) for c in report["changes"]]


def test_fenceposts_round_surge_up_and_unavailable_down() -> None:
    assert resolve_fenceposts("25%", "25%", 3) == (1, 0)
    assert resolve_fenceposts("25%", "25%", 10) == (3, 2)
    assert resolve_fenceposts(0, "10%", 3) == (0, 1)  # both zero: unavailable becomes 1


def test_the_seeds_rollout_alternates_one_pod_at_a_time() -> None:
    report = simulate(SEED, [{"create": {}}, {"set_image": {"container": "nginx", "image": "nginx:1.15.0"}}], by_image)
    assert changes(report) == [("rs-1.14.2", 3), ("rs-1.15.0", 1), ("rs-1.14.2", 2), ("rs-1.15.0", 2), ("rs-1.14.2", 1), ("rs-1.15.0", 3), ("rs-1.14.2", 0)]
    assert report["events"][1] == "Scaled up replica set rs-1.15.0 to 1" and report["events"][2] == "Scaled down replica set rs-1.14.2 to 2"
    assert report["final"]["rs-1.15.0"]["annotations"] == {
        "deployment.kubernetes.io/revision": "2", "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4"}  # fmt: skip


def test_scaling_up_creates_in_slow_start_batches() -> None:
    report = simulate(SEED, [{"create": {}}, {"scale": 20}], by_image)
    assert report["batches"][-1] == {"replica_set": "rs-1.14.2", "sizes": [1, 2, 4, 8, 2]}


def test_recreate_scales_the_old_to_zero_first() -> None:
    d = copy.deepcopy(SEED)
    d["spec"]["strategy"] = {"type": "Recreate"}
    report = simulate(d, [{"create": {}}, {"set_image": {"container": "nginx", "image": "nginx:1.15.0"}}], by_image)
    assert changes(report) == [("rs-1.14.2", 3), ("rs-1.14.2", 0), ("rs-1.15.0", 3)]


def test_revision_history_limit_deletes_the_oldest() -> None:
    scenario = Scenario.load(SCENARIOS / "revision-history-limit")
    report = simulate(scenario.deployment, scenario.steps, by_image)
    assert report["deleted"] == ["rs-1.14.2", "rs-1.15.0"] and sorted(report["final"]) == ["rs-1.16.0", "rs-1.17.0"]


def test_steps_that_are_not_steps_are_refused() -> None:
    with pytest.raises(RolloutError, match="first step"):
        simulate(SEED, [{"scale": 2}], by_image)
    with pytest.raises(RolloutError, match="none of"):
        simulate(SEED, [{"create": {}}, {"rollback": 1}], by_image)


def test_every_scenario_runs_and_stays_in_bounds() -> None:
    scenarios = load_scenarios(SCENARIOS)
    assert len(scenarios) >= 12
    for scenario in scenarios:
        report = simulate(scenario.deployment, scenario.steps, by_image)
        assert out_of_bounds(scenario, report["changes"]) == "", scenario.name


def test_mirrored_go_is_named_in_order() -> None:
    from reader.replicas.kube_controller_manager import replicaset, rollout, workqueue

    for module in (pth, replicaset, rollout, workqueue):
        functions = mirrored_functions(module)
        assert functions and all(f.go_function.startswith("k8s.io/") for f in functions)
        assert mirrored_steps(module)


def test_the_seed_scenario_is_the_seed(tmp_path: Path) -> None:
    assert SEED["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.14.2" and SEED["spec"]["replicas"] == 3


# ---------------------------------------------------------------- the work queue


def test_workqueue_merges_adds_and_requeues_a_key_added_while_processed() -> None:
    from reader.replicas.kube_controller_manager.workqueue import Queue

    q = Queue()
    for _ in range(3):
        q.add("a")
    assert q.queue == ["a"]
    assert q.get() == "a" and q.get() is None
    q.add("a")
    assert q.queue == [] and q.dirty == {"a"}  # not handed to a second worker
    q.done("a")
    assert q.get() == "a"


def test_default_rate_limiter_doubles_per_key_and_buckets_overall() -> None:
    from reader.replicas.kube_controller_manager.workqueue import default_controller_rate_limiter

    limiter = default_controller_rate_limiter()
    delays = [limiter.when("k") for _ in range(20)]
    assert delays[:3] == [0.005, 0.01, 0.02] and delays[17] == 0.005 * 2**17 and delays[18] == delays[19] == 1000.0
    fresh = default_controller_rate_limiter()
    burst = [fresh.when(f"k{i}") for i in range(102)]
    assert burst[99] == 0.005 and burst[100:] == [0.1, 0.2]
