"""The ReplicaSet controller's sync: the pods one syncReplicaSet creates or deletes, and the status it writes.

Mirrors pkg/controller/replicaset/replica_set.go at Kubernetes v1.9.9.  One sync of one
ReplicaSet looks at the pods it owns, and when its expectations are satisfied (it is not still
waiting to see pods it created or deleted earlier) compares their number with spec.replicas.
Too few: it creates the difference, at most burstReplicas (500) in one sync, in slow-start
batches of 1, 2, 4, 8 … so a quota that rejects the first create stops the rest.  Too many: it
deletes the difference, choosing pods in controller.ActivePods order: unscheduled before
scheduled, Pending before Unknown before Running, not ready before ready, ready for less time
before ready for longer, more restarts before fewer, newer before older.  Then it writes the
status: how many pods it has, how many are ready and available.

Run it:  k8s-reader replica kube-controller-manager/replicaset RS.yaml [PODS.yaml]
RS.yaml is a ReplicaSet (its name and spec.replicas are read); PODS.yaml a list of its pods,
each `{name, phase, ready, nodeName, readySince, restarts, created}` (all but name optional,
times as numbers).  It prints the actions one sync takes and the status it writes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cmp_to_key
from pathlib import Path

import yaml

MIRRORS = {
    "sync_replica_set": "k8s.io/kubernetes/pkg/controller/replicaset.(*ReplicaSetController).syncReplicaSet",
    "manage_replicas": "k8s.io/kubernetes/pkg/controller/replicaset.(*ReplicaSetController).manageReplicas",
    "slow_start_batch": "k8s.io/kubernetes/pkg/controller/replicaset.slowStartBatch",
    "get_pods_to_delete": "k8s.io/kubernetes/pkg/controller/replicaset.getPodsToDelete",
    "active_pods_less": "k8s.io/kubernetes/pkg/controller.(ActivePods).Less",
}

BURST_REPLICAS = 500  # replicaset.BurstReplicas: the most pods one sync creates or deletes
SLOW_START_INITIAL_BATCH_SIZE = 1  # controller.SlowStartInitialBatchSize
PHASE_ORDER = {"Pending": 0, "Unknown": 1, "Running": 2}


@dataclass(frozen=True)
class Pod:
    name: str
    phase: str = "Pending"
    ready: bool = False
    node_name: str = ""
    ready_since: float | None = None  # when the Ready condition last turned True
    restarts: int = 0
    created: float = 0.0
    terminating: bool = False  # deletionTimestamp set


@dataclass
class Expectations:
    """controller.ControllerExpectations for one ReplicaSet: creates and deletes it has asked for
    and not yet seen in its informer.  The real ones also expire after five minutes."""

    add: int = 0
    deleting: set[str] = field(default_factory=set)

    def satisfied(self) -> bool:
        return self.add <= 0 and not self.deleting


@dataclass(frozen=True)
class SyncResult:
    batches: tuple[int, ...]  # pods created per slow-start batch
    deleted: tuple[str, ...]  # pods deleted, in the order chosen
    status: dict[str, int]


def sync_replica_set(name: str, replicas: int, pods: list[Pod], expectations: Expectations, new_pod, fail_after: int | None = None) -> SyncResult:
    """One syncReplicaSet: `new_pod()` makes a pod as the API server would accept it; a create
    past `fail_after` successful ones fails (a quota, say), which stops slow start."""
    # go: rsNeedsSync := rsc.expectations.SatisfiedExpectations(key)
    needs_sync = expectations.satisfied()
    # go: var filteredPods []*v1.Pod
    filtered = [p for p in pods if is_pod_active(p)]
    # go: if rsNeedsSync && rs.DeletionTimestamp == nil {
    batches: tuple[int, ...] = ()
    deleted: tuple[str, ...] = ()
    if needs_sync:
        batches, deleted = manage_replicas(list(filtered), replicas, expectations, new_pod, fail_after)
    # go: newStatus := calculateStatus(rs, filteredPods, manageReplicasErr)
    # (the status counts the pods this sync started with: new ones are seen on the next sync)
    ready = sum(p.ready for p in filtered)
    status = {"replicas": len(filtered), "readyReplicas": ready, "availableReplicas": ready}  # minReadySeconds 0: ready is available
    return SyncResult(batches, deleted, status)


def manage_replicas(filtered: list[Pod], replicas: int, expectations: Expectations, new_pod, fail_after: int | None) -> tuple[tuple[int, ...], tuple[str, ...]]:
    # go: diff := len(filteredPods) - int(*(rs.Spec.Replicas))
    diff = len(filtered) - replicas
    # go: if diff < 0 {
    if diff < 0:
        diff = min(-diff, BURST_REPLICAS)
        expectations.add = diff  # ExpectCreations
        created: list[int] = []
        made = [0]

        def create() -> bool:
            if fail_after is not None and made[0] >= fail_after:
                return False
            filtered.append(new_pod())
            made[0] += 1
            return True

        # go: successfulCreations, err := slowStartBatch(diff, controller.SlowStartInitialBatchSize, func() error {
        successes, batches = slow_start_batch(diff, SLOW_START_INITIAL_BATCH_SIZE, create, created)
        # go: if skippedPods := diff - successfulCreations; skippedPods > 0 {
        expectations.add -= diff - successes  # CreationObserved for each pod never attempted or failed
        return tuple(batches), ()
    # go: } else if diff > 0 {
    if diff > 0:
        diff = min(diff, BURST_REPLICAS)
        # go: podsToDelete := getPodsToDelete(filteredPods, diff)
        doomed = get_pods_to_delete(filtered, diff)
        # go: rsc.expectations.ExpectDeletions(rsKey, getPodKeys(podsToDelete))
        expectations.deleting = {p.name for p in doomed}
        return (), tuple(p.name for p in doomed)
    return (), ()


def slow_start_batch(count: int, initial_batch_size: int, fn, created: list[int]) -> tuple[int, list[int]]:
    """Calls fn `count` times in batches of 1, 2, 4 …; stops after a batch in which a call failed.
    Returns the successes and each batch's successes (`created` collects them as they happen)."""
    remaining, successes = count, 0
    # go: for batchSize := integer.IntMin(remaining, initialBatchSize); batchSize > 0; batchSize = integer.IntMin(2*batchSize, remaining) {
    batch_size = min(remaining, initial_batch_size)
    while batch_size > 0:
        ok = sum(fn() for _ in range(batch_size))  # the real calls run in parallel goroutines
        created.append(ok)
        successes += ok
        if ok < batch_size:
            return successes, created
        remaining -= batch_size
        batch_size = min(2 * batch_size, remaining)
    return successes, created


def get_pods_to_delete(filtered: list[Pod], diff: int) -> list[Pod]:
    # go: if diff < len(filteredPods) {
    if diff < len(filtered):
        filtered = sorted(filtered, key=cmp_to_key(lambda a, b: -1 if active_pods_less(a, b) else (1 if active_pods_less(b, a) else 0)))
    # go: return filteredPods[:diff]
    return filtered[:diff]


def active_pods_less(a: Pod, b: Pod) -> bool:
    """Whether `a` goes before `b`: is the better one to delete (earlier in its start-up)."""
    # go: if s[i].Spec.NodeName != s[j].Spec.NodeName && (len(s[i].Spec.NodeName) == 0 || len(s[j].Spec.NodeName) == 0) {
    if a.node_name != b.node_name and (not a.node_name or not b.node_name):
        return not a.node_name
    # go: if m[s[i].Status.Phase] != m[s[j].Status.Phase] {
    if PHASE_ORDER.get(a.phase, 0) != PHASE_ORDER.get(b.phase, 0):
        return PHASE_ORDER.get(a.phase, 0) < PHASE_ORDER.get(b.phase, 0)
    # go: if podutil.IsPodReady(s[i]) != podutil.IsPodReady(s[j]) {
    if a.ready != b.ready:
        return not a.ready
    # go: if podutil.IsPodReady(s[i]) && podutil.IsPodReady(s[j]) && !podReadyTime(s[i]).Equal(podReadyTime(s[j])) {
    if a.ready and b.ready and a.ready_since != b.ready_since:
        return _after_or_zero(a.ready_since, b.ready_since)
    # go: if maxContainerRestarts(s[i]) != maxContainerRestarts(s[j]) {
    if a.restarts != b.restarts:
        return a.restarts > b.restarts
    # go: if !s[i].CreationTimestamp.Equal(&s[j].CreationTimestamp) {
    if a.created != b.created:
        return _after_or_zero(a.created, b.created)
    return False


def is_pod_active(pod: Pod) -> bool:
    """controller.IsPodActive: not Succeeded, not Failed, not being deleted."""
    return pod.phase not in ("Succeeded", "Failed") and not pod.terminating


def _after_or_zero(t1: float | None, t2: float | None) -> bool:
    """afterOrZero: a zero (unset) time counts as the latest of all."""
    if not t1 or not t2:
        return not t1
    return t1 > t2


# ---------------------------------------------------------------- the command


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print("usage: k8s-reader replica kube-controller-manager/replicaset RS.yaml [PODS.yaml]", file=sys.stderr)
        return 2
    rs = yaml.safe_load(Path(argv[0]).read_text())
    name, replicas = rs["metadata"]["name"], int(rs.get("spec", {}).get("replicas", 1))
    raw = yaml.safe_load(Path(argv[1]).read_text()) if len(argv) > 1 else []
    pods = [_pod(p, argv[1]) for p in raw or ()]
    counter = iter(range(len(pods), len(pods) + BURST_REPLICAS + 1))
    result = sync_replica_set(name, replicas, pods, Expectations(), lambda: Pod(f"{name}-new{next(counter)}"))
    if result.batches:
        print(f"create {sum(result.batches)} pods in slow-start batches {', '.join(map(str, result.batches))}")
    if result.deleted:
        print(f"delete {len(result.deleted)} pods, in this order: {', '.join(result.deleted)}")
    if not result.batches and not result.deleted:
        print("no pods to create or delete")
    print("status: " + ", ".join(f"{k}={v}" for k, v in result.status.items()))
    return 0


def _pod(raw: dict, path: str) -> Pod:
    if not isinstance(raw, dict) or "name" not in raw:
        raise SystemExit(f"{path}: each pod needs at least a name, e.g. {{name: web-1, phase: Running, ready: true}}")
    return Pod(raw["name"], raw.get("phase", "Pending"), bool(raw.get("ready")), raw.get("nodeName", ""),
               raw.get("readySince"), int(raw.get("restarts", 0)), float(raw.get("created", 0)), bool(raw.get("terminating")))  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
