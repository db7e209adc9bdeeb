"""The kube-scheduler/schedule replica against hand-computed expectations: each predicate's reasons,
each priority's integer arithmetic, FitError's message, selectHost's tie rule and counter, the
apiserver defaulting it applies, the CLUSTER file's errors and the command's output.  On the real
tree, its statements and its default provider against the facts.  (The comparison with the real
kube-scheduler is tests/test_lab_scheduling.py.)"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from reader.errors import UsageError
from reader.replicas.kube_scheduler.cluster import cluster_from, load_cluster, parse_quantity
from reader.replicas.kube_scheduler.schedule import Decision, main, schedule_all

GI = 1024**3
READY = [{"type": "Ready", "status": "True"}]


def node(name: str, cpu: str = "4", memory: str = "8Gi", pods: str = "110", labels: dict | None = None, taints: list | None = None,
         conditions: list | None = None, **spec) -> dict:  # fmt: skip
    status = {"capacity": {"cpu": cpu, "memory": memory, "pods": pods}, "conditions": READY if conditions is None else conditions}
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, **(labels or {})}},
            "spec": {"taints": taints or [], **spec}, "status": status}  # fmt: skip


def pod(name: str, requests: dict | None = None, on: str | None = None, labels: dict | None = None, **spec) -> dict:
    container = {"name": "c", "image": "x", **({"resources": {"requests": requests}} if requests else {})}
    spec = {"containers": [container], **({"nodeName": on} if on else {}), **spec}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": labels or {}}, "spec": spec}


def run(*objects: dict) -> list[Decision]:
    return schedule_all(cluster_from(list(objects), "test"))


def one(*objects: dict) -> Decision:
    decisions = run(*objects)
    assert len(decisions) == 1
    return decisions[0]


# ---------------------------------------------------------------- priorities: integer and float arithmetic


def test_least_requested_truncates_each_half_then_their_mean() -> None:
    """3 CPUs: (3000−1000)·10/3000 = 6.67 → 6 for both halves → 6.  4 CPUs / 6 GiB: CPU 7.5 → 7,
    memory (6−1)·10/6 = 8.33 → 8, (7 + 8) / 2 = 7.5 → 7."""
    d = one(node("n3", cpu="3", memory="3Gi"), node("n4", cpu="4", memory="6Gi"), pod("p", {"cpu": "1", "memory": "1Gi"}))
    assert {n: s["LeastRequestedPriority"] for n, s in d.scores.items()} == {"n3": 6, "n4": 7}


def test_balanced_resource_allocation_is_one_minus_the_fraction_gap() -> None:
    """n3: 1/3 and 1/3 → 10.  n4: 0.25 and 1/6 → (1 − 1/12)·10 = 9.17 → 9."""
    d = one(node("n3", cpu="3", memory="3Gi"), node("n4", cpu="4", memory="6Gi"), pod("p", {"cpu": "1", "memory": "1Gi"}))
    assert {n: s["BalancedResourceAllocation"] for n, s in d.scores.items()} == {"n3": 10, "n4": 9}


def test_a_pod_without_requests_fits_anywhere_but_scores_as_100m_and_200mib() -> None:
    """Predicates: nothing requested, only the pod count.  LeastRequested: (1000−100)·10/1000 = 9,
    (1 GiB − 200 MiB)·10 / 1 GiB = 8.05 → 8, (9 + 8) / 2 = 8."""
    d = run(node("a", cpu="1", memory="1Gi"), node("b", cpu="1", memory="1Gi"),
            pod("full", {"cpu": "1", "memory": "1Gi"}, on="a"), pod("p"))[0]  # fmt: skip
    assert d.feasible == ["a", "b"]
    assert d.scores["b"]["LeastRequestedPriority"] == 8
    assert d.scores["a"]["LeastRequestedPriority"] == 0  # requested exceeds capacity: 0 for both halves


def test_selector_spread_weights_zones_two_thirds() -> None:
    """Counts a1 1, a2 1, b1 1, b2 0 (max 1); zones a 2, b 1 (max 2).  b1: node 0, zone 5 → 5·2/3 = 3.3 → 3.
    b2: node 10, zone 5 → 10/3 + 10/3 = 6.7 → 6.  a1, a2: 0."""
    zone = lambda z: {"failure-domain.beta.kubernetes.io/zone": z}  # noqa: E731
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}
    d = one(service, node("a1", labels=zone("a")), node("a2", labels=zone("a")), node("b1", labels=zone("b")), node("b2", labels=zone("b")),
            *(pod(f"web-{n}", labels={"app": "web"}, on=n) for n in ("a1", "a2", "b1")), pod("new", labels={"app": "web"}))  # fmt: skip
    assert {n: s["SelectorSpreadPriority"] for n, s in d.scores.items()} == {"a1": 0, "a2": 0, "b1": 3, "b2": 6}
    assert d.node == "b2"


def test_inter_pod_anti_affinity_preferences_scale_between_min_and_zero() -> None:
    """Sums −200, −100, 0: the minimum is −200 and the maximum 0, so 0, 5 and 10."""
    term = {"weight": 100, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}}
    d = one(node("n1"), node("n2"), node("n3"), pod("w1", labels={"app": "web"}, on="n1"), pod("w2", labels={"app": "web"}, on="n1"),
            pod("w3", labels={"app": "web"}, on="n2"), pod("new", affinity={"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [term]}}))  # fmt: skip
    assert {n: s["InterPodAffinityPriority"] for n, s in d.scores.items()} == {"n1": 0, "n2": 5, "n3": 10}


def test_an_existing_pods_required_affinity_adds_the_symmetric_weight() -> None:
    required = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    d = one(node("n1"), node("n2"), pod("logger", on="n2", affinity=required), pod("web", labels={"app": "web"}))
    assert {n: s["InterPodAffinityPriority"] for n, s in d.scores.items()} == {"n1": 0, "n2": 10}


def test_node_affinity_preferences_are_normalized_in_integers() -> None:
    """Raw 100, 80, 20, 0 → 10·s/100: 10, 8, 2, 0."""
    prefer = lambda w, k: {"weight": w, "preference": {"matchExpressions": [{"key": k, "operator": "Exists"}]}}  # noqa: E731
    affinity = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [prefer(80, "ssd"), prefer(20, "fast")]}}
    d = one(node("both", labels={"ssd": "", "fast": ""}), node("ssd", labels={"ssd": ""}), node("fast", labels={"fast": ""}), node("neither"),
            pod("p", affinity=affinity))  # fmt: skip
    assert {n: s["NodeAffinityPriority"] for n, s in d.scores.items()} == {"both": 10, "ssd": 8, "fast": 2, "neither": 0}


def test_taint_toleration_priority_is_the_reversed_normalization() -> None:
    """Intolerable PreferNoSchedule taints 2, 1, 0 → 10 − 10·c/2: 0, 5, 10; without any, every node 10."""
    soft = lambda k: {"key": k, "effect": "PreferNoSchedule"}  # noqa: E731
    nodes = (node("two", taints=[soft("a"), soft("b")]), node("one", taints=[soft("a")]), node("none"))
    assert {n: s["TaintTolerationPriority"] for n, s in one(*nodes, pod("p")).scores.items()} == {"two": 0, "one": 5, "none": 10}
    tolerant = pod("q", tolerations=[{"operator": "Exists"}])
    assert {n: s["TaintTolerationPriority"] for n, s in one(*nodes, tolerant).scores.items()} == {"two": 10, "one": 10, "none": 10}


def test_prefer_avoid_pods_zeroes_the_named_controllers_pods_only() -> None:
    uid = "0000-1111"
    avoid = json.dumps({"preferAvoidPods": [{"podSignature": {"podController": {"kind": "ReplicaSet", "uid": uid}}}]})
    avoiding = node("avoiding", cpu="64", memory="256Gi")
    avoiding["metadata"]["annotations"] = {"scheduler.alpha.kubernetes.io/preferAvoidPods": avoid}
    owned = pod("owned")
    owned["metadata"]["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": uid, "controller": True}]
    d = run(avoiding, node("small", cpu="1", memory="1Gi"), owned, pod("free"))
    assert (d[0].scores["avoiding"]["NodePreferAvoidPodsPriority"], d[0].node) == (0, "small")
    assert (d[1].scores["avoiding"]["NodePreferAvoidPodsPriority"], d[1].node) == (10, "avoiding")
    assert d[0].totals["small"] - d[0].totals["avoiding"] > 9 * 10000


# ---------------------------------------------------------------- FitError, selectHost, Schedule's shortcuts


def test_fit_error_counts_reasons_over_nodes_and_sorts_the_strings() -> None:
    """Sorted as strings: with twelve nodes, "10 …" comes before "2 …"."""
    tainted = [node(f"t{i:02}", labels={"role": "x"}, taints=[{"key": "k", "effect": "NoSchedule"}]) for i in range(10)]
    d = one(*tainted, node("u1"), node("u2"), pod("p", nodeSelector={"role": "x"}))
    assert d.error == "0/12 nodes are available: 10 PodToleratesNodeTaints, 2 MatchNodeSelector."
    assert d.node is None and d.feasible == []


def test_every_predicate_runs_and_every_reason_counts() -> None:
    troubled = node("t", cpu="1", labels={}, taints=[{"key": "k", "effect": "NoSchedule"}], conditions=[{"type": "Ready", "status": "False"}])
    d = one(troubled, pod("p", {"cpu": "2"}, nodeSelector={"disk": "ssd"}))
    assert d.error == "0/1 nodes are available: 1 Insufficient cpu, 1 MatchNodeSelector, 1 NodeNotReady, 1 PodToleratesNodeTaints."
    assert d.predicates["t"]["GeneralPredicates"] == ["Insufficient cpu", "MatchNodeSelector"]
    assert len(d.predicates["t"]) == 12


def test_no_nodes_is_not_a_fit_error() -> None:
    assert one(pod("p")).error == "no nodes available to schedule pods"


def test_ties_rotate_by_lastnodeindex_in_descending_name_order() -> None:
    nodes = (node("a", cpu="64", memory="256Gi"), node("b", cpu="64", memory="256Gi"), node("c", cpu="64", memory="256Gi"))
    decisions = run(*nodes, *(pod(f"p{i}") for i in range(4)))
    assert [d.node for d in decisions] == ["c", "b", "a", "c"]
    assert [d.counter for d in decisions] == [0, 1, 2, 3]
    assert decisions[0].ties == ["c", "b", "a"]


def test_a_single_feasible_node_skips_the_priorities_and_the_counter() -> None:
    big = lambda n, **labels: node(n, cpu="64", memory="256Gi", labels=labels)  # noqa: E731
    decisions = run(big("left"), big("right"), big("special", hw="fpga"), pod("only", nodeSelector={"hw": "fpga"}),
                    pod("tie", affinity={"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                        {"matchExpressions": [{"key": "hw", "operator": "DoesNotExist"}]}]}}}))  # fmt: skip
    assert (decisions[0].node, decisions[0].scores, decisions[0].counter) == ("special", {}, None)
    assert (decisions[1].counter, decisions[1].node) == (0, "right")


def test_each_placement_counts_for_the_next_pod() -> None:
    decisions = run(node("n1", cpu="2"), node("n2", cpu="2"), *(pod(f"j{i}", {"cpu": "1"}) for i in range(5)))
    assert sorted(d.node for d in decisions[:4]) == ["n1", "n1", "n2", "n2"]
    assert decisions[4].error == "0/2 nodes are available: 2 Insufficient cpu."


# ---------------------------------------------------------------- predicates


def test_pod_fits_resources_takes_init_containers_max_and_extended_resources() -> None:
    init = pod("p", {"cpu": "1"}, initContainers=[{"name": "i", "image": "x", "resources": {"requests": {"cpu": "3"}}}])
    assert one(node("two", cpu="2"), node("four", cpu="4"), init).node == "four"
    first, second = pod("d1"), pod("d2")
    for p in (first, second):
        p["spec"]["containers"][0]["resources"] = {"limits": {"example.com/dongle": "1"}}
    with_dongle = node("with")
    with_dongle["status"]["capacity"]["example.com/dongle"] = "1"
    decisions = run(with_dongle, node("plain"), first, second)
    assert decisions[0].node == "with" and decisions[1].error == "0/2 nodes are available: 2 Insufficient example.com/dongle."


def test_a_node_without_pods_capacity_takes_no_pod() -> None:
    bare = node("bare")
    del bare["status"]["capacity"]["pods"]
    assert one(bare, pod("p")).error == "0/1 nodes are available: 1 Insufficient pods."


def test_node_affinity_terms_are_ored_and_expressions_anded() -> None:
    terms = [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["east"]}, {"key": "cores", "operator": "Gt", "values": ["8"]}]},
             {"matchExpressions": [{"key": "role", "operator": "Exists"}]}]  # fmt: skip
    affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}}
    d = one(node("east-big", labels={"zone": "east", "cores": "16"}), node("east-small", labels={"zone": "east", "cores": "4"}),
            node("edge", labels={"role": "edge"}), pod("p", affinity=affinity))  # fmt: skip
    assert d.feasible == ["east-big", "edge"]


def test_host_ports_conflict_on_0_0_0_0_but_not_across_protocols() -> None:
    ports = lambda *ps: [{"name": "c", "image": "x", "ports": list(ps)}]  # noqa: E731
    running = pod("r", on="n1")
    running["spec"]["containers"] = ports({"containerPort": 80, "hostPort": 8080, "hostIP": "127.0.0.1"})
    tcp, udp = pod("tcp"), pod("udp")
    tcp["spec"]["containers"] = ports({"containerPort": 80, "hostPort": 8080})
    udp["spec"]["containers"] = ports({"containerPort": 80, "hostPort": 8080, "protocol": "UDP"})
    decisions = run(node("n1"), node("n2"), running, tcp, udp)
    assert decisions[0].predicates["n1"]["GeneralPredicates"] == ["PodFitsHostPorts"]
    assert "PodFitsHostPorts" not in decisions[1].predicates["n1"]["GeneralPredicates"]


def test_required_pod_affinity_lets_the_first_of_a_group_in_and_the_rest_follow() -> None:
    affinity = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"g": "1"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    decisions = run(node("n1", cpu="64", memory="256Gi"), node("n2", cpu="64", memory="256Gi"),
                    *(pod(f"m{i}", labels={"g": "1"}, affinity=affinity) for i in range(3)))  # fmt: skip
    assert [d.node for d in decisions] == ["n2", "n2", "n2"]
    loner = one(node("n1"), pod("p", labels={"g": "2"}, affinity=affinity))
    assert loner.error == "0/1 nodes are available: 1 MatchInterPodAffinity, 1 PodAffinityRulesNotMatch."


def test_existing_pods_anti_affinity_is_checked_first() -> None:
    anti = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"app": "zk"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    decisions = run(node("n1"), node("n2"), *(pod(f"zk{i}", labels={"app": "zk"}, affinity=anti) for i in range(3)))
    assert decisions[2].error == "0/2 nodes are available: 2 ExistingPodsAntiAffinityRulesNotMatch, 2 MatchInterPodAffinity."


def test_affinity_terms_look_in_their_own_namespace_unless_told() -> None:
    db = pod("db", labels={"app": "db"}, on="n2")
    db["metadata"]["namespace"] = "other"
    term = {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "kubernetes.io/hostname"}
    blind = pod("blind", affinity={"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}})
    seeing = pod("seeing", affinity={"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{**term, "namespaces": ["other"]}]}})
    decisions = run(node("n1"), node("n2"), db, blind, seeing)
    assert decisions[0].node is None and decisions[1].node == "n2"


def test_tolerations_match_by_key_operator_value_and_effect() -> None:
    hard = node("t", taints=[{"key": "team", "value": "a", "effect": "NoSchedule"}, {"key": "m", "effect": "NoExecute"}])
    tolerations = {
        "wrong-value": [{"key": "team", "value": "b"}, {"key": "m", "operator": "Exists"}],
        "right": [{"key": "team", "value": "a", "effect": "NoSchedule"}, {"key": "m", "operator": "Exists"}],
        "everything": [{"operator": "Exists"}],
        "no-execute-missing": [{"key": "team", "operator": "Exists"}],
    }
    decisions = run(hard, *(pod(n, tolerations=t) for n, t in tolerations.items()))
    assert [d.node for d in decisions] == [None, "t", "t", None]


def test_node_conditions_count_only_when_reported() -> None:
    silent = node("silent", conditions=[])
    cordoned = node("cordoned", unschedulable=True)
    d = one(silent, cordoned, node("no-net", conditions=[*READY, {"type": "NetworkUnavailable", "status": "True"}]), pod("p"))
    assert d.node == "silent"
    assert d.predicates["cordoned"]["CheckNodeCondition"] == ["NodeUnschedulable"]
    assert d.predicates["no-net"]["CheckNodeCondition"] == ["NodeNetworkUnavailable"]


def test_memory_pressure_keeps_out_best_effort_pods_only() -> None:
    pressured = node("pressured", conditions=[*READY, {"type": "MemoryPressure", "status": "True"}])
    decisions = run(pressured, pod("best-effort"), pod("burstable", {"cpu": "100m"}))
    assert decisions[0].error == "0/1 nodes are available: 1 NodeUnderMemoryPressure."
    assert decisions[1].node == "pressured"


def test_disk_conflicts_and_volume_counts() -> None:
    pd = lambda name, ro=False: {"name": name, "gcePersistentDisk": {"pdName": name, "readOnly": ro}}  # noqa: E731
    reader = pod("r", on="n1", volumes=[pd("data", True)])
    writer = pod("w", volumes=[pd("data")], nodeSelector={"kubernetes.io/hostname": "n1"})
    assert one(node("n1"), reader, writer).error == "0/1 nodes are available: 1 NoDiskConflict."
    many = pod("m", volumes=[pd(f"v{i}") for i in range(17)])
    assert one(node("n1"), many).predicates["n1"]["MaxGCEPDVolumeCount"] == ["MaxVolumeCount"]


# ---------------------------------------------------------------- the objects as the apiserver stores them


def test_quantities_parse_exactly_and_round_up() -> None:
    assert parse_quantity("100m") == Fraction(1, 10) and parse_quantity("1.5Gi") == Fraction(3, 2) * GI
    assert parse_quantity("2e3") == 2000 and parse_quantity(4) == 4 and parse_quantity("129M") == 129 * 10**6
    with pytest.raises(UsageError, match="'1.5x' is not a quantity"):
        parse_quantity("1.5x")


def test_limits_become_requests_and_capacity_becomes_allocatable() -> None:
    capped = pod("capped")
    capped["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "2"}}
    cluster = cluster_from([node("n", cpu="1500m"), capped], "test")
    assert cluster.pending[0]["spec"]["containers"][0]["resources"]["requests"] == {"cpu": Fraction(2)}
    assert cluster.nodes[0]["status"]["allocatable"]["cpu"] == Fraction(3, 2)
    assert schedule_all(cluster)[0].error == "0/1 nodes are available: 1 Insufficient cpu."


@pytest.mark.parametrize(("objects", "message"), [
    ([{"kind": "Deployment", "metadata": {"name": "d"}}], r"item 1: kind 'Deployment' is not one the scheduler reads here"),
    ([pod("p", on="ghost")], r"pod default/p runs on node 'ghost', which the file does not define"),
    ([pod("p", volumes=[{"name": "v", "persistentVolumeClaim": {"claimName": "c"}}])], r"mounts a PersistentVolumeClaim, which this replica does not replicate"),
    ([pod("p"), pod("p")], r"item 2: a second Pod named default/p"),
    ({"items": 3}, r"expected a list of Node and Pod objects"),
])  # fmt: skip
def test_what_the_replica_cannot_take_is_refused_in_one_line(objects, message) -> None:
    with pytest.raises(UsageError, match=message):
        cluster_from(objects, "test")


# ---------------------------------------------------------------- the command


def test_the_command_prints_json_in_the_documented_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cluster = tmp_path / "cluster.json"
    cluster.write_text(json.dumps({"items": [node("a"), node("b"), pod("p", {"cpu": "1"})]}))
    assert main([str(cluster), "--format", "json"]) == 0
    [out] = json.loads(capsys.readouterr().out)
    assert set(out) == {"pod", "node", "error", "feasible", "predicates", "scores", "totals", "ties", "counter"}
    assert (out["pod"], out["node"], out["feasible"], out["ties"]) == ("default/p", "b", ["a", "b"], ["b", "a"])
    assert set(out["scores"]["a"]) == {"BalancedResourceAllocation", "InterPodAffinityPriority", "LeastRequestedPriority", "NodeAffinityPriority",
                                       "NodePreferAvoidPodsPriority", "SelectorSpreadPriority", "TaintTolerationPriority"}  # fmt: skip


def test_the_command_prints_a_table_and_refuses_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cluster = tmp_path / "cluster.yaml"
    cluster.write_text("- " + json.dumps(node("a")) + "\n- " + json.dumps(pod("p", nodeSelector={"x": "y"})) + "\n")
    assert main([str(cluster)]) == 0
    out = capsys.readouterr().out
    assert "pod default/p: not scheduled: 0/1 nodes are available: 1 MatchNodeSelector." in out and "the other 11" in out
    cluster.write_text("{not yaml: [")
    assert main([str(cluster)]) == 2
    assert capsys.readouterr().err.startswith(f"kube-scheduler/schedule: error: {cluster}: not YAML or JSON")


def test_every_scenario_file_loads(tmp_path: Path) -> None:
    from reader.lab.scheduling import SCENARIOS

    files = sorted(SCENARIOS.glob("*.yaml"))
    assert len(files) >= 30
    for path in files:
        cluster = load_cluster(path)
        assert cluster.teaches.get("zh") and cluster.teaches.get("en"), path.name
        assert schedule_all(cluster), path.name


# ---------------------------------------------------------------- against the facts of v1.9.9


@pytest.mark.realtree
def test_the_replica_mirrors_the_go_statements_and_the_default_provider(real_index) -> None:
    from reader.pipeline import Pipeline

    root, index = real_index
    checks = [c for c in Pipeline(root, index).book("kube-scheduler").checks if c.replica == "kube-scheduler/schedule"]
    assert len(checks) == 3 and all(c.compared for c in checks)  # statements, the provider, the markers against the Go lines
    assert [d for c in checks for d in c.differences] == []
