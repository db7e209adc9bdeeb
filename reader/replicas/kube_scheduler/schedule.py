"""How kube-scheduler places one pod after another: predicates, priorities, selectHost, assume, bind.

Mirrors, at Kubernetes v1.9.9 (plugin/pkg/scheduler):
  scheduler.go               scheduleOne, schedule, assume, bind
  core/generic_scheduler.go  Schedule, findNodesThatFit, podFitsOnNode, PrioritizeNodes, selectHost, FitError.Error
  algorithm/predicates/      the 12 predicates algorithmprovider/defaults/defaults.go registers for the
                             DefaultProvider, their metadata (metadata.go), their failure reasons (error.go)
  algorithm/priorities/      the 7 priorities with their weights, their map and reduce functions, NormalizeReduce
  schedulercache/            NodeInfo, in reader/replicas/kube_scheduler/cluster.py, with the objects' defaulting

It is the scheduler a plain `kube-scheduler --master=…` runs: the DefaultProvider, the v1.9.9 feature
gates (no pod priority, so no preemption; no equivalence cache; VolumeScheduling and
TaintNodesByCondition off), --hard-pod-affinity-symmetric-weight 1, no extenders.  The pods of a
CLUSTER file that name a node are running there; the others are scheduled in file order, each one
bound before the next, so each placement counts for the next.  For every pod it reports every
predicate's result on every node (v1.9.9's reason strings), every priority's score, the weighted
totals, the tie set, and the chosen node or the exact error the real scheduler writes into the pod's
PodScheduled condition.

The real scheduler runs predicates for 16 nodes at a time and priorities in goroutines; the replica
runs them one after another: no predicate or priority reads what another writes, and every result
is keyed by node, so the order changes nothing but the order of log lines.

Not replicated, and why:
  - PersistentVolumeClaim volumes: refused (the volume predicates would need the PV, PVC and
    StorageClass listers).  With inline volumes the volume predicates run as written: NoDiskConflict
    and the three Max*VolumeCount count GCE PD, EBS, Azure disk, RBD and iSCSI volumes;
    NoVolumeZoneConflict only reads PVCs and passes; CheckVolumeBinding passes while VolumeScheduling is off.
  - KUBE_MAX_PD_VOLS: the limits are the defaults (39 EBS, 16 GCE PD, 16 Azure disks), as for a
    scheduler started without that variable.
  - the scheduling queue: a pod that does not fit is reported once and dropped; the real scheduler
    retries it with a backoff (the lab deletes it before the next pod, so both see the same cluster).
  - Gt/Lt node selector values that are not integers: refused (the real scheduler fails at run time).

Run it:  k8s-reader replica kube-scheduler/schedule reader/lab/scenarios/scheduling/09-tie-round-robin.yaml
         k8s-reader replica kube-scheduler/schedule CLUSTER.yaml --format json
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reader.errors import ReaderError
from reader.replicas.kube_scheduler.cluster import (
    Cluster, NodeInfo, Resource, Selector, avoided_controllers, container_requests,
    get_nonzero_requests, is_pod_best_effort, is_scalar_resource_name, label_selector_as_selector,
    load_cluster, milli_value, new_node_info, node_selector_requirements_as_selector, pod_key, selector_from_set,
    tolerations_tolerate_taint, tolerations_tolerate_taints_with_filter, used_ports, value, zone_key,
)  # fmt: skip

S = "k8s.io/kubernetes/plugin/pkg/scheduler"
MIRRORS = {
    "Scheduler.schedule_one": f"{S}.(*Scheduler).scheduleOne",
    "Scheduler.schedule": f"{S}.(*Scheduler).schedule",
    "Scheduler.generic_schedule": f"{S}/core.(*genericScheduler).Schedule",
    "Scheduler.find_nodes_that_fit": f"{S}/core.findNodesThatFit",
    "Scheduler.pod_fits_on_node": f"{S}/core.podFitsOnNode",
    "Scheduler.prioritize_nodes": f"{S}/core.PrioritizeNodes",
    "Scheduler.select_host": f"{S}/core.(*genericScheduler).selectHost",
    "Scheduler.assume": f"{S}.(*Scheduler).assume",
    "Scheduler.bind": f"{S}.(*Scheduler).bind",
    "fit_error_message": f"{S}/core.(*FitError).Error",
    "predicate_metadata": f"{S}/algorithm/predicates.(*PredicateMetadataFactory).GetMetadata",
    "get_matching_anti_affinity_terms": f"{S}/algorithm/predicates.getMatchingAntiAffinityTerms",
    "no_volume_zone_conflict": f"{S}/algorithm/predicates.(*VolumeZoneChecker).predicate",
    "MaxPDVolumeCount.predicate": f"{S}/algorithm/predicates.(*MaxPDVolumeCountChecker).predicate",
    "inter_pod_affinity_matches": f"{S}/algorithm/predicates.(*PodAffinityChecker).InterPodAffinityMatches",
    "satisfies_existing_pods_anti_affinity": f"{S}/algorithm/predicates.(*PodAffinityChecker).satisfiesExistingPodsAntiAffinity",
    "satisfies_pods_affinity_anti_affinity": f"{S}/algorithm/predicates.(*PodAffinityChecker).satisfiesPodsAffinityAntiAffinity",
    "any_pod_matches_pod_affinity_term": f"{S}/algorithm/predicates.(*PodAffinityChecker).anyPodMatchesPodAffinityTerm",
    "no_disk_conflict": f"{S}/algorithm/predicates.NoDiskConflict",
    "is_volume_conflict": f"{S}/algorithm/predicates.isVolumeConflict",
    "general_predicates": f"{S}/algorithm/predicates.GeneralPredicates",
    "pod_fits_resources": f"{S}/algorithm/predicates.PodFitsResources",
    "get_resource_request": f"{S}/algorithm/predicates.GetResourceRequest",
    "pod_fits_host": f"{S}/algorithm/predicates.PodFitsHost",
    "pod_fits_host_ports": f"{S}/algorithm/predicates.PodFitsHostPorts",
    "ports_conflict": f"{S}/algorithm/predicates.portsConflict",
    "pod_match_node_selector": f"{S}/algorithm/predicates.PodMatchNodeSelector",
    "pod_matches_node_labels": f"{S}/algorithm/predicates.podMatchesNodeLabels",
    "check_node_memory_pressure": f"{S}/algorithm/predicates.CheckNodeMemoryPressurePredicate",
    "check_node_disk_pressure": f"{S}/algorithm/predicates.CheckNodeDiskPressurePredicate",
    "check_node_condition": f"{S}/algorithm/predicates.CheckNodeConditionPredicate",
    "pod_tolerates_node_taints": f"{S}/algorithm/predicates.PodToleratesNodeTaints",
    "check_volume_binding": f"{S}/algorithm/predicates.(*VolumeBindingChecker).predicate",
    "priority_metadata": f"{S}/algorithm/priorities.(*PriorityMetadataFactory).PriorityMetadata",
    "get_selectors": f"{S}/algorithm/priorities.getSelectors",
    "selector_spread_map": f"{S}/algorithm/priorities.(*SelectorSpread).CalculateSpreadPriorityMap",
    "selector_spread_reduce": f"{S}/algorithm/priorities.(*SelectorSpread).CalculateSpreadPriorityReduce",
    "inter_pod_affinity_priority": f"{S}/algorithm/priorities.(*InterPodAffinity).CalculateInterPodAffinityPriority",
    "least_requested_map": f"{S}/algorithm/priorities.calculateUnusedPriority",
    "calculate_unused_score": f"{S}/algorithm/priorities.calculateUnusedScore",
    "balanced_resource_allocation_map": f"{S}/algorithm/priorities.calculateBalancedResourceAllocation",
    "node_prefer_avoid_pods_map": f"{S}/algorithm/priorities.CalculateNodePreferAvoidPodsPriorityMap",
    "node_affinity_map": f"{S}/algorithm/priorities.CalculateNodeAffinityPriorityMap",
    "taint_toleration_map": f"{S}/algorithm/priorities.ComputeTaintTolerationPriorityMap",
    "normalize_reduce": f"{S}/algorithm/priorities.NormalizeReduce",
}

MAX_PRIORITY = 10  # schedulerapi.MaxPriority: every priority scores a node 0..10
HARD_POD_AFFINITY_SYMMETRIC_WEIGHT = 1  # the --hard-pod-affinity-symmetric-weight default
NO_NODES_AVAILABLE = "no nodes available to schedule pods"  # core.ErrNoNodesAvailable
NO_NODE_AVAILABLE_MSG = "0/%v nodes are available"  # core.NoNodeAvailableMsg
MAX_EBS_VOLUMES, MAX_GCE_PD_VOLUMES, MAX_AZURE_DISK_VOLUMES = 39, 16, 16  # aws.DefaultMaxEBSVolumes, predicates.DefaultMax*Volumes
ZONE_WEIGHTING = 2.0 / 3.0  # priorities.zoneWeighting: a zone counts for 2/3 of SelectorSpreadPriority


class SchedulingError(ReaderError):
    """An error Schedule returns that is not a FitError (no nodes; a predicate that cannot run)."""


@dataclass
class Decision:
    """What happened to one pod: the replica's answer, in the shape `--format json` prints."""

    pod: str  # namespace/name
    node: str | None = None
    error: str | None = None
    feasible: list[str] = field(default_factory=list)
    predicates: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # node → predicate → reasons ([] passed)
    scores: dict[str, dict[str, int]] = field(default_factory=dict)  # node → priority → score (after reduce)
    totals: dict[str, int] = field(default_factory=dict)  # node → Σ weight × score
    ties: list[str] = field(default_factory=list)  # the nodes sharing the top total, as selectHost orders them
    counter: int | None = None  # lastNodeIndex when selectHost picked among the ties

    def as_json(self) -> dict:
        return {"pod": self.pod, "node": self.node, "error": self.error, "feasible": self.feasible, "predicates": self.predicates,
                "scores": self.scores, "totals": self.totals, "ties": self.ties, "counter": self.counter}  # fmt: skip


# ---------------------------------------------------------------- the command


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="k8s-reader replica kube-scheduler/schedule", description=__doc__.splitlines()[0])
    parser.add_argument("cluster", type=Path, help="YAML or JSON: Nodes, Pods (and Services, ReplicaSets… for spreading)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    try:
        decisions = schedule_all(load_cluster(args.cluster))
    except ReaderError as exc:
        print(f"kube-scheduler/schedule: error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps([d.as_json() for d in decisions], indent=1, ensure_ascii=False))
    else:
        print("\n\n".join(table(d) for d in decisions))
    return 0


def schedule_all(cluster: Cluster) -> list[Decision]:
    """A scheduler started on `cluster`: its cache holds the nodes and the running pods, then
    each pending pod goes through scheduleOne in file order."""
    scheduler = Scheduler(cluster)
    return [scheduler.schedule_one(pod) for pod in cluster.pending]


# ---------------------------------------------------------------- the scheduler: scheduleOne → Schedule → select → assume → bind


class Scheduler:
    """The parts of scheduler.Scheduler and core.genericScheduler scheduling reads: the cache's
    NodeInfo per node, the listers (services and controllers, for spreading), the predicates and
    priorities of the DefaultProvider, and lastNodeIndex, the counter selectHost keeps."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.nodes = list(cluster.nodes)  # what the node lister lists
        self.cache = {node["metadata"]["name"]: new_node_info(node) for node in cluster.nodes}
        for pod in cluster.running:
            self.cache[pod["spec"]["nodeName"]].add_pod(pod)
        self.last_node_index = 0
        self.predicates = default_predicates()
        self.priorities = default_priorities()

    def node(self, name: str) -> dict:
        """The node lister's Get (predicates.CachedNodeInfo.GetNodeInfo)."""
        return self.cache[name].node

    def all_pods(self) -> list[dict]:
        """The cache as a pod lister: every pod on every node, assumed ones included."""
        return [pod for info in self.cache.values() for pod in info.pods]

    def schedule_one(self, pod: dict) -> Decision:
        decision = Decision(pod_key(pod))
        # go: pod := sched.config.NextPod()
        # (the next pending pod of the file: the caller hands it in)
        # go: if pod.DeletionTimestamp != nil {
        # (pods in a CLUSTER file are never being deleted)
        # go: glog.V(3).Infof("Attempting to schedule pod: %v/%v", pod.Namespace, pod.Name)
        # (the line the lab splits the real scheduler's log at, one section per pod)
        # go: start := time.Now()
        # go: suggestedHost, err := sched.schedule(pod)
        suggested_host, err = self.schedule(pod, decision)
        # go: metrics.SchedulingAlgorithmLatency.Observe(metrics.SinceInMicroseconds(start))
        # go: if err != nil {
        if err is not None:
            # (a FitError would start preemption, which does nothing with PodPriority off)
            decision.error = err
            return decision
        # go: assumedPod := pod.DeepCopy()
        assumed_pod = copy.deepcopy(pod)
        # go: err = sched.assumeAndBindVolumes(assumedPod, suggestedHost)
        # (nothing to bind while the VolumeScheduling gate is off)
        # go: if err != nil {
        # go: err = sched.assume(assumedPod, suggestedHost)
        self.assume(assumed_pod, suggested_host)
        # go: if err != nil {
        # (assuming fails only for a pod the cache already holds)
        # go: go func() {
        self.bind(assumed_pod, suggested_host, decision)
        return decision

    def schedule(self, pod: dict, decision: Decision) -> tuple[str, str | None]:
        # go: host, err := sched.config.Algorithm.Schedule(pod, sched.config.NodeLister)
        try:
            host = self.generic_schedule(pod, decision)
        except FitError as fit_error:
            return "", fit_error_message(fit_error)
        except SchedulingError as error:
            return "", str(error)
        # go: if err != nil {
        # (on error the real scheduler requeues the pod and writes err.Error() into its PodScheduled
        # condition, status False, reason Unschedulable: the message the replica returns above)
        # go: return host, err
        return host, None

    def generic_schedule(self, pod: dict, decision: Decision) -> str:
        # go: trace := utiltrace.New(fmt.Sprintf("Scheduling %s/%s", pod.Namespace, pod.Name))
        # go: defer trace.LogIfLong(100 * time.Millisecond)
        # go: nodes, err := nodeLister.List()
        nodes = self.nodes
        # go: if err != nil {
        # go: if len(nodes) == 0 {
        if not nodes:
            raise SchedulingError(NO_NODES_AVAILABLE)
        # go: err = g.cache.UpdateNodeNameToInfoMap(g.cachedNodeInfoMap)
        node_name_to_info = self.cache  # (the replica reads its cache directly: there is no second copy to refresh)
        # go: if err != nil {
        # go: trace.Step("Computing predicates")
        # go: filteredNodes, failedPredicateMap, err := findNodesThatFit(pod, g.cachedNodeInfoMap, nodes, g.predicates, g.extenders, g.predicateMetaProducer, g.equivalenceCache, g.schedulingQueue)
        filtered_nodes, failed_predicate_map = self.find_nodes_that_fit(pod, node_name_to_info, nodes, decision)
        # go: if err != nil {
        # (an error of a predicate propagates as SchedulingError)
        # go: if len(filteredNodes) == 0 {
        if not filtered_nodes:
            raise FitError(pod, len(nodes), failed_predicate_map)
        # go: trace.Step("Prioritizing")
        # go: if len(filteredNodes) == 1 {
        if len(filtered_nodes) == 1:
            return filtered_nodes[0]["metadata"]["name"]  # no priorities run, and lastNodeIndex does not move
        # go: metaPrioritiesInterface := g.priorityMetaProducer(pod, g.cachedNodeInfoMap)
        meta_priorities = priority_metadata(pod, self.cluster)
        # go: priorityList, err := PrioritizeNodes(pod, g.cachedNodeInfoMap, metaPrioritiesInterface, g.prioritizers, filteredNodes, g.extenders)
        priority_list = self.prioritize_nodes(pod, node_name_to_info, meta_priorities, filtered_nodes, decision)
        # go: if err != nil {
        # go: trace.Step("Selecting host")
        # go: return g.selectHost(priorityList)
        return self.select_host(priority_list, decision)

    def find_nodes_that_fit(self, pod: dict, node_name_to_info: dict[str, NodeInfo], nodes: list[dict], decision: Decision) -> tuple[list[dict], dict[str, list[str]]]:
        # go: var filtered []*v1.Node
        filtered: list[dict] = []
        # go: failedPredicateMap := FailedPredicateMap{}
        failed_predicate_map: dict[str, list[str]] = {}
        # go: if len(predicateFuncs) == 0 {
        # (the metadata is computed once for all nodes; then checkNode runs for 16 nodes at a time)
        meta = predicate_metadata(pod, node_name_to_info)
        for node in nodes:
            name = node["metadata"]["name"]
            fits, failed_predicates = self.pod_fits_on_node(pod, meta, node_name_to_info[name], decision)
            if fits:
                filtered.append(node)
            else:
                failed_predicate_map[name] = failed_predicates
        # go: if len(filtered) > 0 && len(extenders) != 0 {
        # (no extenders)
        decision.feasible = [n["metadata"]["name"] for n in filtered]
        # go: return filtered, failedPredicateMap, nil
        return filtered, failed_predicate_map

    def pod_fits_on_node(self, pod: dict, meta: PredicateMetadata | None, info: NodeInfo, decision: Decision) -> tuple[bool, list[str]]:
        """Every predicate runs, even after one fails (the Go loop has a TODO asking why), so a node
        collects every reason.  The second pass over nominated pods never happens: nominations
        come from preemption, which is off."""
        failed_predicates: list[str] = []
        results = decision.predicates.setdefault(info.name, {})
        for name, predicate in self.predicates.items():
            fit, reasons = predicate(self, pod, meta, info)
            results[name] = [] if fit else reasons
            if not fit:
                failed_predicates.extend(reasons)
        return not failed_predicates, failed_predicates

    def prioritize_nodes(self, pod: dict, node_name_to_info: dict[str, NodeInfo], meta: PriorityMetadata, nodes: list[dict], decision: Decision) -> list[tuple[str, int]]:
        # go: if len(priorityConfigs) == 0 && len(extenders) == 0 {
        # (the DefaultProvider always has priorities)
        # go: var (
        # go: appendError := func(err error) {
        # go: results := make([]schedulerapi.HostPriorityList, len(priorityConfigs), len(priorityConfigs))
        results: dict[str, list[int]] = {}
        # go: for i, priorityConfig := range priorityConfigs {
        # (a priority with a Function, InterPodAffinityPriority, computes all nodes at once)
        for config in self.priorities:
            if config.function is not None:
                results[config.name] = config.function(self, pod, node_name_to_info, nodes)
        # go: processNode := func(index int) {
        # go: workqueue.Parallelize(16, len(nodes), processNode)
        # (processNode: each Map function scores one node)
        for config in self.priorities:
            if config.map is not None:
                results[config.name] = [config.map(self, pod, meta, node_name_to_info[n["metadata"]["name"]]) for n in nodes]
        # go: for i, priorityConfig := range priorityConfigs {
        # (each Reduce turns the raw map results into 0..10; at --v=10 the real one logs every score here)
        for config in self.priorities:
            if config.reduce is not None:
                results[config.name] = config.reduce(self, pod, meta, nodes, results[config.name])
        # go: wg.Wait()
        # go: if len(errs) != 0 {
        # go: result := make(schedulerapi.HostPriorityList, 0, len(nodes))
        result: list[tuple[str, int]] = []
        # go: for i := range nodes {
        for i, node in enumerate(nodes):
            name = node["metadata"]["name"]
            decision.scores[name] = {config.name: results[config.name][i] for config in self.priorities}
            result.append((name, sum(results[config.name][i] * config.weight for config in self.priorities)))
        # go: if len(extenders) != 0 && nodes != nil {
        # go: if glog.V(10) {
        # ("Host <node> => Score <total>" for each node)
        decision.totals = dict(result)
        # go: return result, nil
        return result

    def select_host(self, priority_list: list[tuple[str, int]], decision: Decision) -> str:
        # go: if len(priorityList) == 0 {
        # go: sort.Sort(sort.Reverse(priorityList))
        # (HostPriorityList.Less compares scores, then host names: reversed, the best score comes
        # first and, among equal scores, the host name that sorts last)
        priority_list = sorted(priority_list, key=lambda hp: (hp[1], hp[0]), reverse=True)
        # go: maxScore := priorityList[0].Score
        max_score = priority_list[0][1]
        # go: firstAfterMaxScore := sort.Search(len(priorityList), func(i int) bool { return priorityList[i].Score < maxScore })
        first_after_max_score = next((i for i, (_, score) in enumerate(priority_list) if score < max_score), len(priority_list))
        # go: g.lastNodeIndexLock.Lock()
        # go: ix := int(g.lastNodeIndex % uint64(firstAfterMaxScore))
        ix = self.last_node_index % first_after_max_score
        decision.counter = self.last_node_index
        decision.ties = [host for host, _ in priority_list[:first_after_max_score]] if first_after_max_score > 1 else []
        # go: g.lastNodeIndex++
        self.last_node_index += 1
        # go: g.lastNodeIndexLock.Unlock()
        # go: return priorityList[ix].Host, nil
        return priority_list[ix][0]

    def assume(self, assumed: dict, host: str) -> None:
        # go: assumed.Spec.NodeName = host
        assumed["spec"]["nodeName"] = host
        # go: if err := sched.config.SchedulerCache.AssumePod(assumed); err != nil {
        # (the cache counts the pod on its node from now on: the next pod sees it before the bind lands)
        self.cache[host].add_pod(assumed)
        # go: if sched.config.Ecache != nil {
        # (no equivalence cache: the gate is off)
        # go: return nil
        return None

    def bind(self, assumed: dict, host: str, decision: Decision) -> None:
        """In the real scheduler a goroutine: scheduleOne returns while the Binding travels to the
        apiserver, whose BindingREST sets spec.nodeName and the PodScheduled condition."""
        # go: bindingStart := time.Now()
        # go: err := sched.config.Binder.Bind(b)
        decision.node = host
        # go: if err := sched.config.SchedulerCache.FinishBinding(assumed); err != nil {
        # go: if err != nil {
        # (a rejected binding would make the cache forget the pod: the replica's bindings all land)
        # go: metrics.BindingLatency.Observe(metrics.SinceInMicroseconds(bindingStart))
        # go: sched.config.Recorder.Eventf(assumed, v1.EventTypeNormal, "Scheduled", "Successfully assigned %v to %v", assumed.Name, b.Target.Name)
        # go: return nil
        return None


class FitError(Exception):
    """core.FitError: the pod fits no node; every node's failure reasons."""

    def __init__(self, pod: dict, num_all_nodes: int, failed_predicates: dict[str, list[str]]) -> None:
        super().__init__(pod_key(pod))
        self.num_all_nodes = num_all_nodes
        self.failed_predicates = failed_predicates


def fit_error_message(error: FitError) -> str:
    """"0/N nodes are available: <count> <reason>, …." — each reason counted over all nodes,
    the "<count> <reason>" strings sorted as strings."""
    reasons: dict[str, int] = {}
    for predicates in error.failed_predicates.values():
        for reason in predicates:
            reasons[reason] = reasons.get(reason, 0) + 1
    histogram = sorted(f"{count} {reason}" for reason, count in reasons.items())
    return NO_NODE_AVAILABLE_MSG.replace("%v", str(error.num_all_nodes)) + ": " + ", ".join(histogram) + "."


# ---------------------------------------------------------------- the default provider


@dataclass(frozen=True)
class PriorityConfig:
    """algorithm.PriorityConfig: a Function (all nodes at once) or a Map (per node) with an optional Reduce."""

    name: str
    weight: int
    function: Callable | None = None
    map: Callable | None = None
    reduce: Callable | None = None


def default_predicates() -> dict[str, Callable]:
    """defaults.go's defaultPredicates(), CheckNodeCondition (registered mandatory) among them, by name."""
    return {
        "NoVolumeZoneConflict": no_volume_zone_conflict,
        "MaxEBSVolumeCount": MaxPDVolumeCount("awsElasticBlockStore", "volumeID", MAX_EBS_VOLUMES).predicate,
        "MaxGCEPDVolumeCount": MaxPDVolumeCount("gcePersistentDisk", "pdName", MAX_GCE_PD_VOLUMES).predicate,
        "MaxAzureDiskVolumeCount": MaxPDVolumeCount("azureDisk", "diskName", MAX_AZURE_DISK_VOLUMES).predicate,
        "MatchInterPodAffinity": inter_pod_affinity_matches,
        "NoDiskConflict": no_disk_conflict,
        "GeneralPredicates": general_predicates,
        "CheckNodeMemoryPressure": check_node_memory_pressure,
        "CheckNodeDiskPressure": check_node_disk_pressure,
        "CheckNodeCondition": check_node_condition,
        "PodToleratesNodeTaints": pod_tolerates_node_taints,
        "CheckVolumeBinding": check_volume_binding,
    }


def default_priorities() -> list[PriorityConfig]:
    """defaults.go's defaultPriorities() with their weights, in the order getPriorityFunctionConfigs
    builds them (sets.String.List(): sorted by name)."""
    configs = [
        PriorityConfig("SelectorSpreadPriority", 1, map=selector_spread_map, reduce=selector_spread_reduce),
        PriorityConfig("InterPodAffinityPriority", 1, function=inter_pod_affinity_priority),
        PriorityConfig("LeastRequestedPriority", 1, map=least_requested_map),
        PriorityConfig("BalancedResourceAllocation", 1, map=balanced_resource_allocation_map),
        PriorityConfig("NodePreferAvoidPodsPriority", 10000, map=node_prefer_avoid_pods_map),
        PriorityConfig("NodeAffinityPriority", 1, map=node_affinity_map, reduce=normalize_reduce(MAX_PRIORITY, False)),
        PriorityConfig("TaintTolerationPriority", 1, map=taint_toleration_map, reduce=normalize_reduce(MAX_PRIORITY, True)),
    ]
    return sorted(configs, key=lambda c: c.name)


MANDATORY_PREDICATES = ("CheckNodeCondition",)  # RegisterMandatoryFitPredicate: in every provider


# ---------------------------------------------------------------- predicates: metadata


@dataclass(frozen=True)
class PredicateMetadata:
    """What GetMetadata computes once per pod for all nodes."""

    pod: dict
    best_effort: bool
    request: Resource
    ports: set[str]
    matching_anti_affinity_terms: dict[str, list[tuple[dict, dict]]]  # existing pod → (its term, its node)


def predicate_metadata(pod: dict, node_name_to_info: dict[str, NodeInfo]) -> PredicateMetadata:
    return PredicateMetadata(pod, is_pod_best_effort(pod), get_resource_request(pod), used_ports(pod),
                             get_matching_anti_affinity_terms(pod, node_name_to_info))  # fmt: skip


def get_matching_anti_affinity_terms(pod: dict, node_name_to_info: dict[str, NodeInfo]) -> dict[str, list[tuple[dict, dict]]]:
    """Every required anti-affinity term of a pod already placed (on any node, fitting or not)
    that selects the new pod, with the node that pod runs on."""
    result: dict[str, list[tuple[dict, dict]]] = {}
    for info in node_name_to_info.values():
        for existing in info.pods_with_affinity:
            for term in anti_affinity_terms(existing):
                if pod_matches_term(pod, existing, term):
                    result.setdefault(f"{existing['metadata']['name']}_{existing['metadata']['namespace']}", []).append((term, info.node))
    return result


# ---------------------------------------------------------------- predicates: volumes


def no_volume_zone_conflict(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """Compares the zone labels of the PersistentVolumes a pod's claims are bound to with the
    node's.  Inline volumes have no zone it could read and claims are refused on load, so every
    pod passes, with or without volumes."""
    return True, []


@dataclass(frozen=True)
class MaxPDVolumeCount:
    """NewMaxPDVolumeCountPredicate for one kind of cloud disk: its volume field, its id field, its limit."""

    source: str  # awsElasticBlockStore, gcePersistentDisk, azureDisk (the Volume field)
    id_field: str
    max_volumes: int

    def filter_volumes(self, volumes: list[dict], found: set[str]) -> None:
        """Adds the id of every volume of this kind to `found` (PVC-backed ones never get here)."""
        for volume in volumes:
            if self.source in volume:
                found.add(volume[self.source].get(self.id_field, ""))

    def predicate(self, s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
        """The distinct disks already on the node plus the new ones the pod brings must stay within the limit."""
        if not pod["spec"].get("volumes"):
            return True, []
        new_volumes: set[str] = set()
        self.filter_volumes(pod["spec"]["volumes"], new_volumes)
        if not new_volumes:
            return True, []
        existing: set[str] = set()
        for existing_pod in info.pods:
            self.filter_volumes(existing_pod["spec"].get("volumes") or [], existing)
        if len(existing) + len(new_volumes - existing) > self.max_volumes:
            return False, ["MaxVolumeCount"]
        return True, []


def no_disk_conflict(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """Fails when a volume of the pod is already mounted, in a conflicting way, by a pod on the node."""
    for volume in pod["spec"].get("volumes") or []:
        for existing in info.pods:
            if is_volume_conflict(volume, existing):
                return False, ["NoDiskConflict"]
    return True, []


def is_volume_conflict(volume: dict, pod: dict) -> bool:
    """The same GCE PD (unless every mount is read-only), EBS volume, iSCSI IQN (unless read-only)
    or RBD image (a shared monitor, same pool and image, unless read-only) is already mounted."""
    if not any(k in volume for k in ("gcePersistentDisk", "awsElasticBlockStore", "rbd", "iscsi")):
        return False
    for existing in pod["spec"].get("volumes") or []:
        if "gcePersistentDisk" in volume and "gcePersistentDisk" in existing:
            disk, other = volume["gcePersistentDisk"], existing["gcePersistentDisk"]
            if disk.get("pdName") == other.get("pdName") and not (disk.get("readOnly") and other.get("readOnly")):
                return True
        if "awsElasticBlockStore" in volume and "awsElasticBlockStore" in existing:
            if volume["awsElasticBlockStore"].get("volumeID") == existing["awsElasticBlockStore"].get("volumeID"):
                return True
        if "iscsi" in volume and "iscsi" in existing:
            disk, other = volume["iscsi"], existing["iscsi"]
            if disk.get("iqn") == other.get("iqn") and not (disk.get("readOnly") and other.get("readOnly")):
                return True
        if "rbd" in volume and "rbd" in existing:
            disk, other = volume["rbd"], existing["rbd"]
            shared_monitor = bool(set(disk.get("monitors") or []) & set(other.get("monitors") or []))
            if shared_monitor and disk.get("pool") == other.get("pool") and disk.get("image") == other.get("image") and not (disk.get("readOnly") and other.get("readOnly")):
                return True
    return False


def check_volume_binding(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """Returns true at once while the VolumeScheduling feature gate is off (its v1.9.9 default)."""
    return True, []


# ---------------------------------------------------------------- predicates: inter-pod affinity


def inter_pod_affinity_matches(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """Two checks, each failing with MatchInterPodAffinity plus a precise reason: does an existing
    pod's anti-affinity forbid this node, then are the pod's own terms satisfied here."""
    failed = satisfies_existing_pods_anti_affinity(s, pod, meta, info)
    if failed:
        return False, ["MatchInterPodAffinity", failed]
    affinity = pod["spec"].get("affinity") or {}
    if "podAffinity" not in affinity and "podAntiAffinity" not in affinity:
        return True, []
    failed = satisfies_pods_affinity_anti_affinity(s, pod, info, affinity)
    if failed:
        return False, ["MatchInterPodAffinity", failed]
    return True, []


def satisfies_existing_pods_anti_affinity(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> str:
    """"" when no placed pod's required anti-affinity term that selects this pod has its node in
    this node's topology domain; else ExistingPodsAntiAffinityRulesNotMatch."""
    assert meta is not None
    for terms in meta.matching_anti_affinity_terms.values():
        for term, node in terms:
            if not term.get("topologyKey"):
                raise SchedulingError("Empty topologyKey is not allowed except for PreferredDuringScheduling pod anti-affinity")
            if nodes_have_same_topology_key(info.node, node, term["topologyKey"]):
                return "ExistingPodsAntiAffinityRulesNotMatch"
    return ""


def satisfies_pods_affinity_anti_affinity(s: Scheduler, pod: dict, info: NodeInfo, affinity: dict) -> str:
    """Each required affinity term needs a matching pod in this node's domain — unless no pod
    matches anywhere and the pod matches its own term (the first pod of a group); each required
    anti-affinity term needs none there."""
    all_pods = s.all_pods()
    for term in (affinity.get("podAffinity") or {}).get("requiredDuringSchedulingIgnoredDuringExecution") or []:
        term_matches, matching_pod_exists = any_pod_matches_pod_affinity_term(s, pod, all_pods, info.node, term)
        if not term_matches:
            if matching_pod_exists:
                return "PodAffinityRulesNotMatch"
            if not pod_matches_term(pod, pod, term):
                return "PodAffinityRulesNotMatch"
    for term in (affinity.get("podAntiAffinity") or {}).get("requiredDuringSchedulingIgnoredDuringExecution") or []:
        term_matches, _ = any_pod_matches_pod_affinity_term(s, pod, all_pods, info.node, term)
        if term_matches:
            return "PodAntiAffinityRulesNotMatch"
    return ""


def any_pod_matches_pod_affinity_term(s: Scheduler, pod: dict, all_pods: list[dict], node: dict, term: dict) -> tuple[bool, bool]:
    """(a pod the term selects runs in `node`'s domain of the term's topology key, one runs anywhere)."""
    if not term.get("topologyKey"):
        raise SchedulingError("empty topologyKey is not allowed except for PreferredDuringScheduling pod anti-affinity")
    matching_pod_exists = False
    for existing in all_pods:
        if pod_matches_term(existing, pod, term):
            matching_pod_exists = True
            if nodes_have_same_topology_key(node, s.node(existing["spec"]["nodeName"]), term["topologyKey"]):
                return True, True
    return False, matching_pod_exists


def anti_affinity_terms(pod: dict) -> list[dict]:
    return ((pod["spec"].get("affinity") or {}).get("podAntiAffinity") or {}).get("requiredDuringSchedulingIgnoredDuringExecution") or []


def pod_matches_term(candidate: dict, owner: dict, term: dict) -> bool:
    """PodMatchesTermsNamespaceAndSelector: `candidate` is in the term's namespaces (the owner's own
    when the term lists none) and its labels match the term's selector."""
    namespaces = term.get("namespaces") or [owner["metadata"]["namespace"]]
    return candidate["metadata"]["namespace"] in namespaces and label_selector_as_selector(term.get("labelSelector")).matches(candidate["metadata"].get("labels"))


def nodes_have_same_topology_key(node_a: dict, node_b: dict, topology_key: str) -> bool:
    """Both nodes carry the label and its values are equal."""
    a, b = node_a["metadata"].get("labels") or {}, node_b["metadata"].get("labels") or {}
    return bool(topology_key) and topology_key in a and topology_key in b and a[topology_key] == b[topology_key]


# ---------------------------------------------------------------- predicates: GeneralPredicates


def general_predicates(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """The predicates the kubelet runs too: resources (noncritical), then host name, host ports
    and node selector (essential); all run, their reasons add up."""
    fails: list[str] = []
    for predicate in (pod_fits_resources, pod_fits_host, pod_fits_host_ports, pod_match_node_selector):
        fit, reasons = predicate(s, pod, meta, info)
        if not fit:
            fails.extend(reasons)
    return not fails, fails


def pod_fits_resources(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """Room for one more pod, then each requested resource against allocatable minus what the
    node's pods request.  A pod requesting nothing is checked for the pod count only."""
    fails = []
    if len(info.pods) + 1 > info.allocatable.allowed_pod_number:
        fails.append("Insufficient pods")
    request = meta.request if meta is not None else get_resource_request(pod)
    if not (request.milli_cpu or request.memory or request.nvidia_gpu or request.ephemeral_storage or request.scalar):
        return not fails, fails
    allocatable, requested = info.allocatable, info.requested
    if allocatable.milli_cpu < request.milli_cpu + requested.milli_cpu:
        fails.append("Insufficient cpu")
    if allocatable.memory < request.memory + requested.memory:
        fails.append("Insufficient memory")
    if allocatable.nvidia_gpu < request.nvidia_gpu + requested.nvidia_gpu:
        fails.append("Insufficient alpha.kubernetes.io/nvidia-gpu")
    if allocatable.ephemeral_storage < request.ephemeral_storage + requested.ephemeral_storage:
        fails.append("Insufficient ephemeral-storage")
    for name, quantity in request.scalar.items():
        if allocatable.scalar.get(name, 0) < quantity + requested.scalar.get(name, 0):
            fails.append(f"Insufficient {name}")
    return not fails, fails


def get_resource_request(pod: dict) -> Resource:
    """The sum of the containers' requests, raised to any init container's larger one
    (init containers run one at a time, before the others)."""
    result = Resource()
    for container in pod["spec"]["containers"]:
        result.add(container_requests(container))
    for container in pod["spec"].get("initContainers") or []:
        for name, quantity in container_requests(container).items():
            if name == "memory":
                result.memory = max(result.memory, value(quantity))
            elif name == "ephemeral-storage":
                result.ephemeral_storage = max(result.ephemeral_storage, value(quantity))
            elif name == "cpu":
                result.milli_cpu = max(result.milli_cpu, milli_value(quantity))
            elif name == "alpha.kubernetes.io/nvidia-gpu":
                result.nvidia_gpu = max(result.nvidia_gpu, value(quantity))
            elif is_scalar_resource_name(name):
                result.scalar[name] = max(result.scalar.get(name, 0), value(quantity))
    return result


def pod_fits_host(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """spec.nodeName, when set, must be this node (a pending pod never sets it)."""
    if not pod["spec"].get("nodeName") or pod["spec"]["nodeName"] == info.name:
        return True, []
    return False, ["HostName"]


def pod_fits_host_ports(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """The host ports the pod asks for must not conflict with those the node's pods hold."""
    want = meta.ports if meta is not None else used_ports(pod)
    if not want:
        return True, []
    return (False, ["PodFitsHostPorts"]) if ports_conflict(info.used_ports, want) else (True, [])


def ports_conflict(existing: set[str], wanted: set[str]) -> bool:
    """The same protocol/IP/port, or the same protocol and port where either side binds 0.0.0.0."""

    def special(port: str, others: set[str]) -> bool:
        protocol, host_ip, number = port.split("/")
        return host_ip == "0.0.0.0" and any(o.split("/")[2] == number and o.split("/")[0] == protocol for o in others)

    return any(special(p, wanted) for p in existing) or any(special(p, existing) or p in existing for p in wanted)


def pod_match_node_selector(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """nodeSelector and required node affinity fail under one reason, MatchNodeSelector."""
    return (True, []) if pod_matches_node_labels(pod, info.node) else (False, ["MatchNodeSelector"])


def pod_matches_node_labels(pod: dict, node: dict) -> bool:
    """nodeSelector (every pair) and, when set, required node affinity (any of its terms)."""
    labels = node["metadata"].get("labels") or {}
    if pod["spec"].get("nodeSelector") and not selector_from_set(pod["spec"]["nodeSelector"]).matches(labels):
        return False
    node_affinity = (pod["spec"].get("affinity") or {}).get("nodeAffinity")
    if node_affinity is None:
        return True
    required = node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    if required is None:
        return True
    return any(node_selector_requirements_as_selector(term.get("matchExpressions")).matches(labels) for term in required.get("nodeSelectorTerms") or [])


# ---------------------------------------------------------------- predicates: node conditions and taints


def check_node_memory_pressure(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """Only a BestEffort pod is kept off a node under memory pressure."""
    best_effort = meta.best_effort if meta is not None else is_pod_best_effort(pod)
    if best_effort and info.memory_pressure == "True":
        return False, ["NodeUnderMemoryPressure"]
    return True, []


def check_node_disk_pressure(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """Disk pressure keeps every pod off, whatever its QoS class."""
    return (False, ["NodeUnderDiskPressure"]) if info.disk_pressure == "True" else (True, [])


def check_node_condition(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """Ready must be True, OutOfDisk and NetworkUnavailable False, when the node reports them; a
    node that reports no conditions passes.  spec.unschedulable fails too."""
    reasons = []
    for condition in info.node["status"].get("conditions") or []:
        kind, status = condition.get("type"), condition.get("status")
        if kind == "Ready" and status != "True":
            reasons.append("NodeNotReady")
        elif kind == "OutOfDisk" and status != "False":
            reasons.append("NodeOutOfDisk")
        elif kind == "NetworkUnavailable" and status != "False":
            reasons.append("NodeNetworkUnavailable")
    if info.node["spec"].get("unschedulable"):
        reasons.append("NodeUnschedulable")
    return not reasons, reasons


def pod_tolerates_node_taints(s: Scheduler, pod: dict, meta: PredicateMetadata | None, info: NodeInfo) -> tuple[bool, list[str]]:
    """Every NoSchedule and NoExecute taint needs a toleration (PreferNoSchedule ones are the priority's)."""
    keep = lambda taint: taint.get("effect") in ("NoSchedule", "NoExecute")  # noqa: E731
    if tolerations_tolerate_taints_with_filter(pod["spec"].get("tolerations") or [], info.taints, keep):
        return True, []
    return False, ["PodToleratesNodeTaints"]


# ---------------------------------------------------------------- priorities: metadata


@dataclass(frozen=True)
class PriorityMetadata:
    non_zero_request: tuple[int, int]  # (millicores, bytes), with 100m / 200 MiB for what a container leaves out
    tolerations_prefer_no_schedule: list[dict]
    affinity: dict
    selectors: list[Selector]


def priority_metadata(pod: dict, cluster: Cluster) -> PriorityMetadata:
    cpu = memory = 0
    for container in pod["spec"]["containers"]:
        c, m = get_nonzero_requests(container_requests(container))
        cpu, memory = cpu + c, memory + m
    tolerations = [t for t in pod["spec"].get("tolerations") or [] if not t.get("effect") or t["effect"] == "PreferNoSchedule"]
    return PriorityMetadata((cpu, memory), tolerations, pod["spec"].get("affinity") or {}, get_selectors(pod, cluster))


def get_selectors(pod: dict, cluster: Cluster) -> list[Selector]:
    """The selectors of every Service, ReplicationController, ReplicaSet and StatefulSet in the
    pod's namespace that selects the pod (an empty selector selects nothing here)."""
    namespace, labels = pod["metadata"]["namespace"], pod["metadata"].get("labels") or {}
    selectors = []
    for service in cluster.services:
        selector = selector_from_set(service["spec"].get("selector"))
        if service["metadata"]["namespace"] == namespace and service["spec"].get("selector") and selector.matches(labels):
            selectors.append(selector)
    if not labels:
        return selectors  # the controller listers find nothing for a pod without labels
    for rc in cluster.controllers:
        selector = selector_from_set(rc["spec"].get("selector"))
        if rc["metadata"]["namespace"] == namespace and not selector.empty and selector.matches(labels):
            selectors.append(selector)
    for owner in (*cluster.replica_sets, *cluster.stateful_sets):
        selector = label_selector_as_selector(owner["spec"].get("selector"))
        if owner["metadata"]["namespace"] == namespace and not selector.empty and selector.matches(labels):
            selectors.append(selector)
    return selectors


# ---------------------------------------------------------------- priorities: spreading and affinity


def selector_spread_map(s: Scheduler, pod: dict, meta: PriorityMetadata, info: NodeInfo) -> int:
    """How many pods on the node, in the pod's namespace, one of its selectors matches."""
    if not meta.selectors:
        return 0
    return sum(
        1 for other in info.pods
        if other["metadata"]["namespace"] == pod["metadata"]["namespace"] and any(sel.matches(other["metadata"].get("labels")) for sel in meta.selectors)
    )  # fmt: skip


def selector_spread_reduce(s: Scheduler, pod: dict, meta: PriorityMetadata, nodes: list[dict], counts: list[int]) -> list[int]:
    """10 × (max − count) / max per node; with zones, a third of that plus two thirds of the same
    for the node's zone (float arithmetic, truncated)."""
    counts_by_zone: dict[str, int] = {}
    max_count_by_node_name = max([0, *counts])
    for node, count in zip(nodes, counts, strict=True):
        zone = zone_key(node)
        if zone:
            counts_by_zone[zone] = counts_by_zone.get(zone, 0) + count
    max_count_by_zone = max([0, *counts_by_zone.values()])
    scores = []
    for node, count in zip(nodes, counts, strict=True):
        f_score = float(MAX_PRIORITY)
        if max_count_by_node_name > 0:
            f_score = MAX_PRIORITY * (float(max_count_by_node_name - count) / float(max_count_by_node_name))
        zone = zone_key(node)
        if counts_by_zone and zone:
            zone_score = float(MAX_PRIORITY)
            if max_count_by_zone > 0:
                zone_score = MAX_PRIORITY * (float(max_count_by_zone - counts_by_zone[zone]) / float(max_count_by_zone))
            f_score = (f_score * (1.0 - ZONE_WEIGHTING)) + (ZONE_WEIGHTING * zone_score)
        scores.append(int(f_score))
    return scores


def inter_pod_affinity_priority(s: Scheduler, pod: dict, node_name_to_info: dict[str, NodeInfo], nodes: list[dict]) -> list[int]:
    """Sums weights over the feasible nodes: the pod's preferred (anti-)affinity terms for each
    pod they select, and the placed pods' preferred terms — and required affinity terms, at the
    symmetric weight — that select this pod, each added to every node in the term's topology
    domain of that pod's node; then scaled to 0..10 between the smallest (at most 0) and the largest (at least 0)."""
    affinity = pod["spec"].get("affinity") or {}
    has_affinity, has_anti_affinity = "podAffinity" in affinity, "podAntiAffinity" in affinity
    counts = {n["metadata"]["name"]: 0.0 for n in nodes}

    def process_terms(terms: list[dict], defining: dict, to_check: dict, fixed_node: dict, multiplier: int) -> None:
        for weighted in terms:
            process_term(weighted.get("podAffinityTerm") or {}, defining, to_check, fixed_node, float(weighted.get("weight", 0) * multiplier))

    def process_term(term: dict, defining: dict, to_check: dict, fixed_node: dict, weight: float) -> None:
        if pod_matches_term(to_check, defining, term):
            for node in nodes:
                if nodes_have_same_topology_key(node, fixed_node, term.get("topologyKey", "")):
                    counts[node["metadata"]["name"]] += weight

    for info in node_name_to_info.values():
        for existing in info.pods if has_affinity or has_anti_affinity else info.pods_with_affinity:
            existing_node = s.node(existing["spec"]["nodeName"])
            theirs = existing["spec"].get("affinity") or {}
            if has_affinity:
                process_terms(affinity["podAffinity"].get("preferredDuringSchedulingIgnoredDuringExecution") or [], pod, existing, existing_node, 1)
            if has_anti_affinity:
                process_terms(affinity["podAntiAffinity"].get("preferredDuringSchedulingIgnoredDuringExecution") or [], pod, existing, existing_node, -1)
            if "podAffinity" in theirs:
                if HARD_POD_AFFINITY_SYMMETRIC_WEIGHT > 0:
                    for term in theirs["podAffinity"].get("requiredDuringSchedulingIgnoredDuringExecution") or []:
                        process_term(term, existing, pod, existing_node, float(HARD_POD_AFFINITY_SYMMETRIC_WEIGHT))
                process_terms(theirs["podAffinity"].get("preferredDuringSchedulingIgnoredDuringExecution") or [], existing, pod, existing_node, 1)
            if "podAntiAffinity" in theirs:
                process_terms(theirs["podAntiAffinity"].get("preferredDuringSchedulingIgnoredDuringExecution") or [], existing, pod, existing_node, -1)
    max_count = max([0.0, *counts.values()])
    min_count = min([0.0, *counts.values()])
    scores = []
    for node in nodes:
        f_score = 0.0
        if max_count - min_count > 0:
            f_score = float(MAX_PRIORITY) * ((counts[node["metadata"]["name"]] - min_count) / (max_count - min_count))
        scores.append(int(f_score))
    return scores


def node_affinity_map(s: Scheduler, pod: dict, meta: PriorityMetadata, info: NodeInfo) -> int:
    """The sum of the weights of the preferred node affinity terms the node's labels match (NodeAffinityPriority's map)."""
    count = 0
    preferred = (meta.affinity.get("nodeAffinity") or {}).get("preferredDuringSchedulingIgnoredDuringExecution") or []
    for term in preferred:
        if not term.get("weight"):
            continue
        if node_selector_requirements_as_selector((term.get("preference") or {}).get("matchExpressions")).matches(info.node["metadata"].get("labels")):
            count += term["weight"]
    return count


def taint_toleration_map(s: Scheduler, pod: dict, meta: PriorityMetadata, info: NodeInfo) -> int:
    """How many of the node's PreferNoSchedule taints the pod does not tolerate (TaintTolerationPriority's map)."""
    return sum(1 for t in info.taints if t.get("effect") == "PreferNoSchedule" and not tolerations_tolerate_taint(meta.tolerations_prefer_no_schedule, t))


def normalize_reduce(max_priority: int, reverse: bool) -> Callable:
    """Integer scaling to 0..max_priority by the largest raw score; `reverse` turns most into least."""

    def reduce(s: Scheduler, pod: dict, meta: PriorityMetadata, nodes: list[dict], result: list[int]) -> list[int]:
        max_count = max([0, *result])
        if max_count == 0:
            return [max_priority] * len(result) if reverse else list(result)
        scores = [max_priority * score // max_count for score in result]
        return [max_priority - score for score in scores] if reverse else scores

    return reduce


# ---------------------------------------------------------------- priorities: resources and avoidance


def least_requested_map(s: Scheduler, pod: dict, meta: PriorityMetadata, info: NodeInfo) -> int:
    """(cpu score + memory score) / 2, each ((capacity − requested) × 10) / capacity in integers,
    the requests counted with the 100m / 200 MiB defaults (LeastRequestedPriority's map)."""
    cpu_request = meta.non_zero_request[0] + info.nonzero_request.milli_cpu
    memory_request = meta.non_zero_request[1] + info.nonzero_request.memory
    cpu_score = calculate_unused_score(cpu_request, info.allocatable.milli_cpu)
    memory_score = calculate_unused_score(memory_request, info.allocatable.memory)
    return (cpu_score + memory_score) // 2


def calculate_unused_score(requested: int, capacity: int) -> int:
    """((capacity − requested) × 10) / capacity in integers; 0 with no capacity or too much requested."""
    if capacity == 0 or requested > capacity:
        return 0
    return ((capacity - requested) * MAX_PRIORITY) // capacity


def balanced_resource_allocation_map(s: Scheduler, pod: dict, meta: PriorityMetadata, info: NodeInfo) -> int:
    """10 × (1 − |cpu fraction − memory fraction|), truncated; 0 when either fraction reaches 1."""
    cpu_fraction = fraction_of_capacity(meta.non_zero_request[0] + info.nonzero_request.milli_cpu, info.allocatable.milli_cpu)
    memory_fraction = fraction_of_capacity(meta.non_zero_request[1] + info.nonzero_request.memory, info.allocatable.memory)
    if cpu_fraction >= 1 or memory_fraction >= 1:
        return 0
    return int((1 - math.fabs(cpu_fraction - memory_fraction)) * float(MAX_PRIORITY))


def fraction_of_capacity(requested: int, capacity: int) -> float:
    """requested / capacity as a float; a resource the node does not have counts as full."""
    return 1.0 if capacity == 0 else float(requested) / float(capacity)


def node_prefer_avoid_pods_map(s: Scheduler, pod: dict, meta: PriorityMetadata, info: NodeInfo) -> int:
    """0 when the node's preferAvoidPods annotation names the ReplicationController or ReplicaSet
    that controls the pod; 10 otherwise (weight 10000: it outweighs everything else)."""
    controller = next((r for r in pod["metadata"].get("ownerReferences") or [] if r.get("controller")), None)
    if controller is None or controller.get("kind") not in ("ReplicationController", "ReplicaSet"):
        return MAX_PRIORITY
    avoided = avoided_controllers(info.node)
    if avoided and (controller.get("kind"), controller.get("uid")) in avoided:
        return 0
    return MAX_PRIORITY


# ---------------------------------------------------------------- printing


def table(decision: Decision) -> str:
    """One pod: predicates by node, priorities by node with their weights, totals, ties, result."""
    nodes = list(decision.predicates)
    lines = [f"pod {decision.pod}: " + (f"bound to {decision.node}" if decision.node else f"not scheduled: {decision.error}")]
    if nodes:
        predicates = list(next(iter(decision.predicates.values())))
        failing = [p for p in predicates if any(decision.predicates[n][p] for n in nodes)]
        rows = [["predicate", *nodes]] + [[p, *(", ".join(decision.predicates[n][p]) or "ok" for n in nodes)] for p in failing]
        passed = len(predicates) - len(failing)
        rows.append([f"the other {passed}" if failing else f"all {passed}", *("ok" for _ in nodes)])
        lines += _columns(rows)
    if decision.scores:
        scored = list(decision.scores)
        weights = {c.name: c.weight for c in default_priorities()}
        rows = [["priority (weight)", *scored]] + [[f"{p} ({w})", *(str(decision.scores[n][p]) for n in scored)] for p, w in weights.items()]
        rows.append(["total", *(str(decision.totals[n]) for n in scored)])
        lines += [""] + _columns(rows)
    elif len(decision.feasible) == 1:
        lines.append(f"only {decision.feasible[0]} fits: Schedule returns it without running the priorities")
    if decision.ties:
        pick = decision.counter % len(decision.ties)
        lines.append(f"ties (score, then name, descending): {', '.join(decision.ties)}; lastNodeIndex {decision.counter} % {len(decision.ties)} = {pick} → {decision.ties[pick]}")
    return "\n".join(lines)


def _columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
