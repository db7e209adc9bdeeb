"""A rollout simulator: the Deployment and ReplicaSet controllers of v1.9.9 rolling a Deployment out, step by step.

Mirrors pkg/controller/deployment (syncDeployment, rolloutRolling, rolloutRecreate, sync and
scale, getNewReplicaSet, cleanupDeployment) and util/deployment_util.go (NewRSNewReplicas,
ResolveFenceposts, MaxSurge / MaxUnavailable) at Kubernetes v1.9.9, with the ReplicaSet
controller of replicaset.py underneath and a stand-in kubelet on top.

The world is kept simple and the same in the lab that checks it (tests/test_lab_rollout.py):
after every write of the Deployment controller the ReplicaSet controller creates or deletes pods
and writes its status; when both have gone quiet the kubelet makes every unready pod Running and
Ready at once (a "wave"); a deleted pod is gone at once (it was never scheduled).  Each step of
STEPS.yaml is applied and then waited out: waves until no pod is unready, or `waves: N` of them
for a step that should leave the rollout half done.  Steps:

    {create: {}}                               the Deployment file, as written
    {set_image: {container: C, image: I}}      a new pod template
    {scale: N}                                 spec.replicas
    {pause: true|false}                        spec.paused

The output lists every change of a ReplicaSet's spec.replicas in order, as the Deployment
controller's events word it ("Scaled up replica set nginx-deployment-bc46d55b to 1"); ReplicaSet
names are the real ones (pod_template_hash.py).  Not replicated: rollbacks (spec.rollbackTo),
hash collisions, progress deadlines and the Progressing condition, minReadySeconds > 0.

Run it:  k8s-reader replica kube-controller-manager/rollout DEPLOYMENT.yaml STEPS.yaml [--format json]
"""

from __future__ import annotations

import copy
import json
import math
import sys
from dataclasses import dataclass, field
from functools import cmp_to_key
from pathlib import Path

import yaml

from reader.replicas.kube_controller_manager.pod_template_hash import set_object_defaults_deployment
from reader.replicas.kube_controller_manager.replicaset import Expectations, Pod, sync_replica_set

MIRRORS = {
    "Simulation.sync_deployment": "k8s.io/kubernetes/pkg/controller/deployment.(*DeploymentController).syncDeployment",
    "Simulation.rollout_rolling": "k8s.io/kubernetes/pkg/controller/deployment.(*DeploymentController).rolloutRolling",
    "Simulation.reconcile_new_replica_set": "k8s.io/kubernetes/pkg/controller/deployment.(*DeploymentController).reconcileNewReplicaSet",
    "Simulation.reconcile_old_replica_sets": "k8s.io/kubernetes/pkg/controller/deployment.(*DeploymentController).reconcileOldReplicaSets",
    "Simulation.cleanup_unhealthy_replicas": "k8s.io/kubernetes/pkg/controller/deployment.(*DeploymentController).cleanupUnhealthyReplicas",
    "Simulation.scale_down_old_replica_sets_for_rolling_update": "k8s.io/kubernetes/pkg/controller/deployment.(*DeploymentController).scaleDownOldReplicaSetsForRollingUpdate",
    "Simulation.rollout_recreate": "k8s.io/kubernetes/pkg/controller/deployment.(*DeploymentController).rolloutRecreate",
    "Simulation.scale": "k8s.io/kubernetes/pkg/controller/deployment.(*DeploymentController).scale",
    "Simulation.get_new_replica_set": "k8s.io/kubernetes/pkg/controller/deployment.(*DeploymentController).getNewReplicaSet",
    "Simulation.cleanup_deployment": "k8s.io/kubernetes/pkg/controller/deployment.(*DeploymentController).cleanupDeployment",
    "new_rs_new_replicas": "k8s.io/kubernetes/pkg/controller/deployment/util.NewRSNewReplicas",
    "resolve_fenceposts": "k8s.io/kubernetes/pkg/controller/deployment/util.ResolveFenceposts",
    "get_value_from_int_or_percent": "k8s.io/apimachinery/pkg/util/intstr.GetValueFromIntOrPercent",
}

REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
SKIPPED_ANNOTATIONS = {"kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS}
MAX_ROUNDS = 10_000  # a controller loop that never settles is a bug in the simulator, not a rollout


class RolloutError(ValueError):
    """A Deployment or steps file the simulator cannot run; the message names the fix."""


@dataclass
class ReplicaSet:
    name: str
    template: dict  # the Deployment's (defaulted) template it was made from, without the hash label
    created: int  # logical creation time: ReplicaSetsByCreationTimestamp order
    replicas: int
    annotations: dict[str, str]
    pods: list[Pod] = field(default_factory=list)
    status: dict[str, int] = field(default_factory=lambda: {"replicas": 0, "readyReplicas": 0, "availableReplicas": 0})
    generation: int = 1
    observed_generation: int = 0


@dataclass
class Change:
    step: int
    replica_set: str
    replicas: int
    message: str  # the event the Deployment controller records; "" where it records none


@dataclass
class Simulation:
    """The cluster: one Deployment, its ReplicaSets and their pods, and what happened to them."""

    deployment: dict  # apps/v1, defaulted
    name_for: object  # template dict -> ReplicaSet name (the real pod-template-hash naming)
    replica_sets: list[ReplicaSet] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    batches: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    status: dict = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    clock: int = 0
    step: int = 0

    # ------------------------------------------------------------ the story: steps, waves, settling

    def run(self, steps: list[dict]) -> None:
        for number, step in enumerate(steps, 1):
            self.step = number
            self.apply(step)
            self.wait(step.get("waves"))

    def apply(self, step: dict) -> None:
        spec = self.deployment["spec"]
        if "create" in step:
            return
        if "set_image" in step:
            wanted = step["set_image"]
            containers = [c for c in spec["template"]["spec"]["containers"] if c["name"] == wanted["container"]]
            if not containers:
                raise RolloutError(f"step {self.step}: no container {wanted['container']!r} in the Deployment")
            containers[0]["image"] = wanted["image"]
            self.deployment = set_object_defaults_deployment(self.deployment)  # the API server defaults the update
        elif "scale" in step:
            spec["replicas"] = int(step["scale"])
        elif "pause" in step:
            spec["paused"] = bool(step["pause"])
        else:
            raise RolloutError(f"step {self.step}: {step!r} is none of create, set_image, scale, pause")

    def wait(self, waves: int | None) -> None:
        """Settle, then waves of readiness until nothing is unready (or `waves` of them)."""
        done = 0
        self.settle()
        while any(not p.ready for rs in self.replica_sets for p in rs.pods) and (waves is None or done < waves):
            self.clock += 1
            for rs in self.replica_sets:
                rs.pods = [Pod(p.name, "Running", True, p.node_name, p.ready_since or self.clock, p.restarts, p.created) for p in rs.pods]
            done += 1
            self.settle()

    def settle(self) -> None:
        """Run both controllers until neither has anything left to write."""
        for _ in range(MAX_ROUNDS):
            before = self._snapshot()
            self.sync_deployment()
            for rs in list(self.replica_sets):
                self.sync_replica_set(rs)
            if self._snapshot() == before:
                return
        raise RolloutError("the controllers did not settle: a bug in the simulator")

    # ------------------------------------------------------------ the Deployment controller

    def sync_deployment(self) -> None:
        d = self.deployment
        # go: if d.Spec.Paused {
        if d["spec"].get("paused"):
            self.sync(create=False)
            return
        # go: scalingEvent, err := dc.isScalingEvent(d, rsList, podMap)
        if self.is_scaling_event():
            self.sync(create=False)
            return
        # go: switch d.Spec.Strategy.Type {
        if d["spec"]["strategy"]["type"] == "Recreate":
            self.rollout_recreate()
        else:
            self.rollout_rolling()

    def rollout_rolling(self) -> None:
        # go: newRS, oldRSs, err := dc.getAllReplicaSetsAndSyncRevision(d, rsList, podMap, true)
        new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(create=True)
        all_rss = [*old_rss, new_rs]
        # go: scaledUp, err := dc.reconcileNewReplicaSet(allRSs, newRS, d)
        if self.reconcile_new_replica_set(all_rss, new_rs):
            self.sync_status(all_rss, new_rs)
            return
        # go: scaledDown, err := dc.reconcileOldReplicaSets(allRSs, controller.FilterActiveReplicaSets(oldRSs), newRS, d)
        if self.reconcile_old_replica_sets(all_rss, [rs for rs in old_rss if rs.replicas > 0], new_rs):
            self.sync_status(all_rss, new_rs)
            return
        # go: if deploymentutil.DeploymentComplete(d, &d.Status) {
        if self.deployment_complete():
            self.cleanup_deployment(old_rss)
        # go: return dc.syncRolloutStatus(allRSs, newRS, d)
        self.sync_status(all_rss, new_rs)

    def reconcile_new_replica_set(self, all_rss: list[ReplicaSet], new_rs: ReplicaSet) -> bool:
        replicas = self.replicas
        # go: if *(newRS.Spec.Replicas) == *(deployment.Spec.Replicas) {
        if new_rs.replicas == replicas:
            return False
        # go: if *(newRS.Spec.Replicas) > *(deployment.Spec.Replicas) {
        if new_rs.replicas > replicas:
            return self.scale_replica_set_and_record_event(new_rs, replicas)
        # go: newReplicasCount, err := deploymentutil.NewRSNewReplicas(deployment, allRSs, newRS)
        count = new_rs_new_replicas(self.deployment, all_rss, new_rs)
        # go: scaled, _, err := dc.scaleReplicaSetAndRecordEvent(newRS, newReplicasCount, deployment)
        return self.scale_replica_set_and_record_event(new_rs, count)

    def reconcile_old_replica_sets(self, all_rss: list[ReplicaSet], old_rss: list[ReplicaSet], new_rs: ReplicaSet) -> bool:
        # go: oldPodsCount := deploymentutil.GetReplicaCountForReplicaSets(oldRSs)
        if sum(rs.replicas for rs in old_rss) == 0:
            return False
        # go: allPodsCount := deploymentutil.GetReplicaCountForReplicaSets(allRSs)
        all_pods = sum(rs.replicas for rs in all_rss)
        # go: maxUnavailable := deploymentutil.MaxUnavailable(*deployment)
        min_available = self.replicas - max_unavailable(self.deployment)
        # go: newRSUnavailablePodCount := *(newRS.Spec.Replicas) - newRS.Status.AvailableReplicas
        new_unavailable = new_rs.replicas - new_rs.status["availableReplicas"]
        # go: maxScaledDown := allPodsCount - minAvailable - newRSUnavailablePodCount
        max_scaled_down = all_pods - min_available - new_unavailable
        if max_scaled_down <= 0:
            return False
        # go: oldRSs, cleanupCount, err := dc.cleanupUnhealthyReplicas(oldRSs, deployment, maxScaledDown)
        cleaned = self.cleanup_unhealthy_replicas(old_rss, max_scaled_down)
        # go: scaledDownCount, err := dc.scaleDownOldReplicaSetsForRollingUpdate(allRSs, oldRSs, deployment)
        scaled_down = self.scale_down_old_replica_sets_for_rolling_update([*old_rss, new_rs], old_rss)
        return cleaned + scaled_down > 0

    def cleanup_unhealthy_replicas(self, old_rss: list[ReplicaSet], max_cleanup: int) -> int:
        total = 0
        # go: sort.Sort(controller.ReplicaSetsByCreationTimestamp(oldRSs))
        for rs in sorted(old_rss, key=lambda r: (r.created, r.name)):
            if total >= max_cleanup:
                break
            if rs.replicas == 0 or rs.replicas == rs.status["availableReplicas"]:
                continue  # nothing to scale down, or no unhealthy replicas
            # go: scaledDownCount := int32(integer.IntMin(int(maxCleanupCount-totalScaledDown), int(*(targetRS.Spec.Replicas)-targetRS.Status.AvailableReplicas)))
            count = min(max_cleanup - total, rs.replicas - rs.status["availableReplicas"])
            self.scale_replica_set_and_record_event(rs, rs.replicas - count)
            total += count
        return total

    def scale_down_old_replica_sets_for_rolling_update(self, all_rss: list[ReplicaSet], old_rss: list[ReplicaSet]) -> int:
        min_available = self.replicas - max_unavailable(self.deployment)
        # go: availablePodCount := deploymentutil.GetAvailableReplicaCountForReplicaSets(allRSs)
        available = sum(rs.status["availableReplicas"] for rs in all_rss)
        if available <= min_available:
            return 0
        total, to_scale_down = 0, available - min_available
        # go: sort.Sort(controller.ReplicaSetsByCreationTimestamp(oldRSs))
        for rs in sorted(old_rss, key=lambda r: (r.created, r.name)):
            if total >= to_scale_down:
                break
            if rs.replicas == 0:
                continue
            # go: scaleDownCount := int32(integer.IntMin(int(*(targetRS.Spec.Replicas)), int(totalScaleDownCount-totalScaledDown)))
            count = min(rs.replicas, to_scale_down - total)
            self.scale_replica_set_and_record_event(rs, rs.replicas - count)
            total += count
        return total

    def rollout_recreate(self) -> None:
        # go: newRS, oldRSs, err := dc.getAllReplicaSetsAndSyncRevision(d, rsList, podMap, false)
        new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(create=False)
        # go: scaledDown, err := dc.scaleDownOldReplicaSetsForRecreate(activeOldRSs, d)
        scaled = [self.scale_replica_set_and_record_event(rs, 0) for rs in old_rss if rs.replicas > 0]
        if any(scaled):
            self.sync_status([*old_rss, new_rs], new_rs)
            return
        # go: if oldPodsRunning(newRS, oldRSs, podMap) {
        if any(rs.status["replicas"] > 0 or rs.pods for rs in old_rss):
            self.sync_status([*old_rss, new_rs], new_rs)
            return
        # go: if newRS == nil {
        if new_rs is None:
            new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(create=True)
        # go: if _, err := dc.scaleUpNewReplicaSetForRecreate(newRS, d); err != nil {
        self.scale_replica_set_and_record_event(new_rs, self.replicas)
        # go: if util.DeploymentComplete(d, &d.Status) {
        if self.deployment_complete():
            self.cleanup_deployment(old_rss)
        self.sync_status([*old_rss, new_rs], new_rs)

    def sync(self, create: bool) -> None:
        """sync: for scaling events and paused Deployments: scale, clean up when paused, status."""
        new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(create=create)
        # go: if err := dc.scale(d, newRS, oldRSs); err != nil {
        self.scale(new_rs, old_rss)
        # go: if d.Spec.Paused && d.Spec.RollbackTo == nil {
        if self.deployment["spec"].get("paused"):
            self.cleanup_deployment(old_rss)
        self.sync_status([*old_rss, new_rs], new_rs)

    def scale(self, new_rs: ReplicaSet | None, old_rss: list[ReplicaSet]) -> None:
        replicas = self.replicas
        # go: if activeOrLatest := deploymentutil.FindActiveOrLatest(newRS, oldRSs); activeOrLatest != nil {
        active_or_latest = find_active_or_latest(new_rs, old_rss)
        if active_or_latest is not None:
            if active_or_latest.replicas != replicas:
                self.scale_replica_set_and_record_event(active_or_latest, replicas)
            return
        # go: if deploymentutil.IsSaturated(deployment, newRS) {
        if new_rs is not None and new_rs.replicas == replicas and new_rs.annotations.get(DESIRED_REPLICAS) == str(replicas) and new_rs.status["availableReplicas"] == replicas:
            for old in (rs for rs in old_rss if rs.replicas > 0):
                self.scale_replica_set_and_record_event(old, 0)
            return
        # go: if deploymentutil.IsRollingUpdate(deployment) {
        if self.deployment["spec"]["strategy"]["type"] != "RollingUpdate":
            return
        all_rss = [rs for rs in [*old_rss, new_rs] if rs is not None and rs.replicas > 0]
        # go: allowedSize = *(deployment.Spec.Replicas) + deploymentutil.MaxSurge(*deployment)
        allowed = replicas + max_surge(self.deployment) if replicas > 0 else 0
        # go: deploymentReplicasToAdd := allowedSize - allRSsReplicas
        to_add = allowed - sum(rs.replicas for rs in all_rss)
        operation = "up" if to_add > 0 else "down"
        if to_add > 0:  # ReplicaSetsBySizeNewer: larger first, newer first
            all_rss.sort(key=cmp_to_key(lambda a, b: b.replicas - a.replicas or _newer_first(a, b)))
        elif to_add < 0:  # ReplicaSetsBySizeOlder: larger first, older first
            all_rss.sort(key=lambda r: (-r.replicas, r.created, r.name))
        added, sizes = 0, {}
        for rs in all_rss:
            # go: proportion := deploymentutil.GetProportion(rs, *deployment, deploymentReplicasToAdd, deploymentReplicasAdded)
            proportion = self.get_proportion(rs, to_add, added) if to_add else 0
            sizes[rs.name] = rs.replicas + proportion
            added += proportion
        for i, rs in enumerate(all_rss):
            # go: if i == 0 && deploymentReplicasToAdd != 0 {
            if i == 0 and to_add != 0:
                sizes[rs.name] = max(0, sizes[rs.name] + to_add - added)
            self.scale_replica_set(rs, sizes[rs.name], operation)

    def get_proportion(self, rs: ReplicaSet, to_add: int, added: int) -> int:
        if rs.replicas == 0 or to_add == 0 or to_add == added:
            return 0
        # go: func getReplicaSetFraction(rs extensions.ReplicaSet, d extensions.Deployment) int32 {
        if self.replicas == 0:
            fraction = -rs.replicas
        else:
            deployment_replicas = self.replicas + max_surge(self.deployment)
            annotated = int(rs.annotations[MAX_REPLICAS]) if MAX_REPLICAS in rs.annotations else self.status.get("replicas", 0)
            fraction = round_to_int32(rs.replicas * deployment_replicas / annotated) - rs.replicas
        allowed = to_add - added
        return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)

    def is_scaling_event(self) -> bool:
        new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(create=False)
        for rs in (r for r in [*old_rss, new_rs] if r is not None and r.replicas > 0):
            desired = rs.annotations.get(DESIRED_REPLICAS)
            if desired is not None and int(desired) != self.replicas:
                return True
        return False

    def get_all_replica_sets_and_sync_revision(self, create: bool) -> tuple[ReplicaSet | None, list[ReplicaSet]]:
        template = self.deployment["spec"]["template"]
        new_rs = next((rs for rs in sorted(self.replica_sets, key=lambda r: (r.created, r.name)) if rs.template == template), None)
        old_rss = [rs for rs in self.replica_sets if rs is not new_rs]
        return self.get_new_replica_set(new_rs, old_rss, create), old_rss

    def get_new_replica_set(self, existing: ReplicaSet | None, old_rss: list[ReplicaSet], create: bool) -> ReplicaSet | None:
        # go: maxOldRevision := deploymentutil.MaxRevision(oldRSs)
        new_revision = str(max((int(rs.annotations.get(REVISION, "0")) for rs in old_rss), default=0) + 1)
        # go: if existingNewRS != nil {
        if existing is not None:
            if self.set_new_replica_set_annotations(existing, new_revision, exists=True):
                existing.generation += 1
            self.annotations[REVISION] = existing.annotations[REVISION]  # SetDeploymentRevision
            return existing
        if not create:
            return None
        # go: podTemplateSpecHash := fmt.Sprintf("%d", controller.ComputeHash(&newRSTemplate, d.Status.CollisionCount))
        name = self.name_for(self.deployment)
        self.clock += 1
        new_rs = ReplicaSet(name, copy.deepcopy(self.deployment["spec"]["template"]), self.clock, 0, {})
        # go: newReplicasCount, err := deploymentutil.NewRSNewReplicas(d, allRSs, &newRS)
        new_rs.replicas = new_rs_new_replicas(self.deployment, [*old_rss, new_rs], new_rs)
        # go: deploymentutil.SetNewReplicaSetAnnotations(d, &newRS, newRevision, false)
        self.set_new_replica_set_annotations(new_rs, new_revision, exists=False)
        # go: createdRS, err := dc.client.ExtensionsV1beta1().ReplicaSets(d.Namespace).Create(&newRS)
        self.replica_sets.append(new_rs)
        # go: if !alreadyExists && newReplicasCount > 0 {
        self.changes.append(Change(self.step, name, new_rs.replicas, f"Scaled up replica set {name} to {new_rs.replicas}" if new_rs.replicas > 0 else ""))
        self.annotations[REVISION] = new_revision
        return new_rs

    def set_new_replica_set_annotations(self, rs: ReplicaSet, new_revision: str, exists: bool) -> bool:
        changed = False
        for key, value in (self.deployment["metadata"].get("annotations") or {}).items():
            if key not in SKIPPED_ANNOTATIONS and rs.annotations.get(key) != value:
                rs.annotations[key], changed = value, True
        old_revision = rs.annotations.get(REVISION)
        if int(old_revision or 0) < int(new_revision):
            rs.annotations[REVISION], changed = new_revision, True
        if old_revision is not None and changed:
            history = rs.annotations.get(REVISION_HISTORY, "")
            rs.annotations[REVISION_HISTORY] = f"{history},{old_revision}" if history else old_revision
        if not exists and self.set_replicas_annotations(rs):
            changed = True
        return changed

    def set_replicas_annotations(self, rs: ReplicaSet) -> bool:
        wanted = {DESIRED_REPLICAS: str(self.replicas), MAX_REPLICAS: str(self.replicas + max_surge(self.deployment))}
        changed = any(rs.annotations.get(k) != v for k, v in wanted.items())
        rs.annotations.update(wanted)
        return changed

    def scale_replica_set_and_record_event(self, rs: ReplicaSet, new_scale: int) -> bool:
        if rs.replicas == new_scale:
            return False
        return self.scale_replica_set(rs, new_scale, "up" if rs.replicas < new_scale else "down")

    def scale_replica_set(self, rs: ReplicaSet, new_scale: int, operation: str) -> bool:
        size_changes = rs.replicas != new_scale
        # go: annotationsNeedUpdate := deploymentutil.SetReplicasAnnotations(rsCopy, *(deployment.Spec.Replicas), *(deployment.Spec.Replicas)+deploymentutil.MaxSurge(*deployment))
        annotations_change = self.set_replicas_annotations(rs)
        if size_changes or annotations_change:
            rs.replicas = new_scale
            rs.generation += 1
            if size_changes:
                self.changes.append(Change(self.step, rs.name, new_scale, f"Scaled {operation} replica set {rs.name} to {new_scale}"))
        return size_changes

    def cleanup_deployment(self, old_rss: list[ReplicaSet]) -> None:
        # go: diff := int32(len(cleanableRSes)) - *deployment.Spec.RevisionHistoryLimit
        limit = self.deployment["spec"].get("revisionHistoryLimit")
        if limit is None:
            return
        diff = len(old_rss) - limit
        for rs in sorted(old_rss, key=lambda r: (r.created, r.name))[: max(diff, 0)]:
            # go: if rs.Status.Replicas != 0 || *(rs.Spec.Replicas) != 0 || rs.Generation > rs.Status.ObservedGeneration || rs.DeletionTimestamp != nil {
            if rs.status["replicas"] != 0 or rs.replicas != 0 or rs.generation > rs.observed_generation:
                continue
            self.replica_sets.remove(rs)
            self.deleted.append(rs.name)

    def deployment_complete(self) -> bool:
        s, replicas = self.status, self.replicas
        return s.get("updatedReplicas") == replicas and s.get("replicas") == replicas and s.get("availableReplicas") == replicas

    def sync_status(self, all_rss: list[ReplicaSet | None], new_rs: ReplicaSet | None) -> None:
        """calculateStatus, as syncRolloutStatus and syncDeploymentStatus write it."""
        live = [rs for rs in all_rss if rs is not None]
        self.status = {
            "replicas": sum(rs.status["replicas"] for rs in live),
            "updatedReplicas": new_rs.status["replicas"] if new_rs is not None else 0,
            "availableReplicas": sum(rs.status["availableReplicas"] for rs in live),
        }

    # ------------------------------------------------------------ the ReplicaSet controller

    def sync_replica_set(self, rs: ReplicaSet) -> None:
        result = sync_replica_set(rs.name, rs.replicas, rs.pods, Expectations(), lambda: self._new_pod(rs))
        if result.batches:
            self.batches.append((rs.name, result.batches))
        if result.deleted:
            rs.pods = [p for p in rs.pods if p.name not in result.deleted]
        active = [p for p in rs.pods if not p.terminating]
        ready = sum(p.ready for p in active)
        rs.status = {"replicas": len(active), "readyReplicas": ready, "availableReplicas": ready}
        rs.observed_generation = rs.generation

    def _new_pod(self, rs: ReplicaSet) -> Pod:
        self.clock += 1
        pod = Pod(f"{rs.name}-{self.clock}", created=self.clock)
        rs.pods.append(pod)
        return pod

    # ------------------------------------------------------------ helpers

    @property
    def replicas(self) -> int:
        return int(self.deployment["spec"]["replicas"])

    def _snapshot(self) -> object:
        return (
            [(rs.name, rs.replicas, dict(rs.annotations), dict(rs.status), len(rs.pods), rs.generation, rs.observed_generation) for rs in self.replica_sets],
            dict(self.status), dict(self.annotations),
        )  # fmt: skip

    def report(self) -> dict:
        return {
            "events": [c.message for c in self.changes if c.message],
            "changes": [{"step": c.step, "replica_set": c.replica_set, "replicas": c.replicas} for c in self.changes],
            "batches": [{"replica_set": name, "sizes": list(sizes)} for name, sizes in self.batches],
            "deleted": list(self.deleted),
            "final": {
                rs.name: {"replicas": rs.replicas, "annotations": {k: v for k, v in rs.annotations.items() if k.startswith("deployment.kubernetes.io/")}}
                for rs in sorted(self.replica_sets, key=lambda r: r.name)
            },
        }


def new_rs_new_replicas(deployment: dict, all_rss: list[ReplicaSet], new_rs: ReplicaSet) -> int:
    spec = deployment["spec"]
    # go: case extensions.RollingUpdateDeploymentStrategyType:
    if spec["strategy"]["type"] == "RollingUpdate":
        surge = get_value_from_int_or_percent(spec["strategy"]["rollingUpdate"]["maxSurge"], spec["replicas"], round_up=True)
        current = sum(rs.replicas for rs in all_rss)
        # go: maxTotalPods := *(deployment.Spec.Replicas) + int32(maxSurge)
        max_total = spec["replicas"] + surge
        if current >= max_total:
            return new_rs.replicas
        # go: scaleUpCount = int32(integer.IntMin(int(scaleUpCount), int(*(deployment.Spec.Replicas)-*(newRS.Spec.Replicas))))
        return new_rs.replicas + min(max_total - current, spec["replicas"] - new_rs.replicas)
    # go: case extensions.RecreateDeploymentStrategyType:
    return spec["replicas"]


def resolve_fenceposts(max_surge_value: int | str, max_unavailable_value: int | str, desired: int) -> tuple[int, int]:
    """maxSurge rounds up, maxUnavailable rounds down; both zero would deadlock, so unavailable becomes 1."""
    # go: surge, err := intstrutil.GetValueFromIntOrPercent(maxSurge, int(desired), true)
    surge = get_value_from_int_or_percent(max_surge_value, desired, round_up=True)
    # go: unavailable, err := intstrutil.GetValueFromIntOrPercent(maxUnavailable, int(desired), false)
    unavailable = get_value_from_int_or_percent(max_unavailable_value, desired, round_up=False)
    # go: if surge == 0 && unavailable == 0 {
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def get_value_from_int_or_percent(value: int | str, total: int, round_up: bool) -> int:
    if isinstance(value, int):
        return value
    if not value.endswith("%") or not value[:-1].isdigit():
        raise RolloutError(f"{value!r}: give a number or a percentage such as 25%")
    scaled = int(value[:-1]) * total / 100
    return math.ceil(scaled) if round_up else math.floor(scaled)


def max_surge(deployment: dict) -> int:
    strategy = deployment["spec"]["strategy"]
    if strategy["type"] != "RollingUpdate":
        return 0
    return resolve_fenceposts(strategy["rollingUpdate"]["maxSurge"], strategy["rollingUpdate"]["maxUnavailable"], deployment["spec"]["replicas"])[0]


def max_unavailable(deployment: dict) -> int:
    strategy, replicas = deployment["spec"]["strategy"], deployment["spec"]["replicas"]
    if strategy["type"] != "RollingUpdate" or replicas == 0:
        return 0
    unavailable = resolve_fenceposts(strategy["rollingUpdate"]["maxSurge"], strategy["rollingUpdate"]["maxUnavailable"], replicas)[1]
    return min(unavailable, replicas)


def find_active_or_latest(new_rs: ReplicaSet | None, old_rss: list[ReplicaSet]) -> ReplicaSet | None:
    if new_rs is None and not old_rss:
        return None
    newest_first = sorted(old_rss, key=lambda r: (r.created, r.name), reverse=True)
    active = [rs for rs in [*newest_first, new_rs] if rs is not None and rs.replicas > 0]
    if not active:
        return new_rs if new_rs is not None else newest_first[0]
    return active[0] if len(active) == 1 else None


def round_to_int32(a: float) -> int:
    return int(a - 0.5) if a < 0 else int(a + 0.5)


def _newer_first(a: ReplicaSet, b: ReplicaSet) -> int:
    return -1 if (b.created, b.name) < (a.created, a.name) else (1 if (a.created, a.name) < (b.created, b.name) else 0)


# ---------------------------------------------------------------- the command


def simulate(deployment: dict, steps: list[dict], name_for) -> dict:
    """Run `steps` on `deployment` (apps/v1 as written); `name_for(defaulted deployment)` names a new ReplicaSet."""
    if not steps or "create" not in steps[0]:
        raise RolloutError("the first step must be {create: {}}: the Deployment is created before anything else")
    simulation = Simulation(set_object_defaults_deployment(deployment), name_for)
    simulation.run(steps)
    return simulation.report()


def real_names():
    """name_for using the real pod-template-hash (needs the indexed tree)."""
    from reader.replicas.kube_controller_manager.pod_template_hash import load_types, replica_set_name

    types = load_types()
    return lambda defaulted: replica_set_name(defaulted, types)[1]


def main(argv: list[str]) -> int:
    as_json = "--format" in argv and argv[argv.index("--format") + 1 : argv.index("--format") + 2] == ["json"]
    paths = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--format")]
    if len(paths) != 2:
        print("usage: k8s-reader replica kube-controller-manager/rollout DEPLOYMENT.yaml STEPS.yaml [--format json]", file=sys.stderr)
        return 2
    deployment = yaml.safe_load(Path(paths[0]).read_text())
    steps = yaml.safe_load(Path(paths[1]).read_text())
    try:
        report = simulate(deployment, steps, real_names())
    except RolloutError as exc:
        print(f"{paths[1]}: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(report, indent=2))
    else:
        print("\n".join(report["events"]))
        for name in report["deleted"]:
            print(f"(deleted old replica set {name}: revisionHistoryLimit)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
