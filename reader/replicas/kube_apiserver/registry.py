"""The REST storage behind each resource the request replica serves: the strategies of
pkg/registry (what PrepareForCreate sets, which validation runs, what an update may change), the
generic Store (k8s.io/apiserver/pkg/registry/generic/registry/store.go: Create, Get, List, Update,
Delete with the garbage collector's finalizers), Service's REST with its two allocators, and
Namespace's REST whose DELETE only marks the namespace Terminating.

Objects are kept in memory, by the key kube-apiserver would write to etcd
(`/registry/deployments/<namespace>/<name>`), as the storage version would hold them after the
protobuf round trip; every write takes the next resourceVersion, as etcd's revision would.
"""

from __future__ import annotations

import copy
import datetime
import ipaddress
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reader.facts.apitypes import GoType
from reader.replicas.kube_apiserver import validation as v
from reader.replicas.kube_apiserver.api_errors import (
    GoValue, Path, StatusError, internal, invalid, new_already_exists, new_bad_request, new_conflict, new_invalid, new_not_found, not_replicated,
)  # fmt: skip
from reader.replicas.kube_apiserver.conversion import HOOKS
from reader.replicas.kube_apiserver.defaults import set_object_defaults
from reader.replicas.kube_apiserver.go_values import GoStruct, Types

EXT, CORE = "k8s.io/kubernetes/pkg/apis/extensions", "k8s.io/kubernetes/pkg/apis/core"
ETCD_PREFIX = "/registry"  # --etcd-prefix
OPTIMISTIC_LOCK = "the object has been modified; please apply your changes to the latest version and try again"


# ---------------------------------------------------------------- the strategies (pkg/registry/…/strategy.go)


@dataclass(frozen=True)
class Strategy:
    """rest.RESTCreateStrategy / RESTUpdateStrategy of one resource, as plain functions of the internal object."""

    kind: str  # the internal kind, for NewInvalid: Deployment
    # the group ObjectKinds finds first for the internal type: apps for extensions.Deployment
    # (pkg/apis/apps/register.go registers the extensions types, and apps installs before extensions)
    group: str
    namespaced: bool
    validate: Callable[[GoStruct], list]
    prepare_for_create: Callable[[Types, GoStruct], None]
    prepare_for_update: Callable[[GoStruct, GoStruct], None]
    validate_update: Callable[[GoStruct, GoStruct, str], list]  # (new, old, request group version)
    allow_create_on_update: bool = False
    # DefaultGarbageCollectionPolicy by request group version: "orphan" adds the orphan finalizer on delete
    orphan_by_default: tuple[str, ...] = ()


def _deployment_prepare_for_create(t: Types, deployment: GoStruct) -> None:
    # deploymentStrategy.PrepareForCreate: no status, generation 1
    deployment.Status = t.new(f"{EXT}.DeploymentStatus")
    deployment.Generation = 1


def _deployment_prepare_for_update(new: GoStruct, old: GoStruct) -> None:
    # deploymentStrategy.PrepareForUpdate: keep the status; a changed spec or annotations bump the generation
    new.Status = old.Status
    if not semantic_equal(new.Spec, old.Spec) or not semantic_equal(new.Annotations, old.Annotations):
        new.Generation = old.Generation + 1


def _deployment_validate_update(new: GoStruct, old: GoStruct, group_version: str) -> list:
    errors = v.validate_object_meta_update(new.ObjectMeta, old.ObjectMeta) + v.validate_deployment_spec(new.Spec, v.SPEC)
    if group_version not in ("apps/v1beta1", "extensions/v1beta1"):  # the selector is immutable from apps/v1beta2 on
        errors += _validate_immutable_selector(new.Spec.Selector, old.Spec.Selector)
    return errors


def _replica_set_prepare_for_create(t: Types, replica_set: GoStruct) -> None:
    replica_set.Status = t.new(f"{EXT}.ReplicaSetStatus")
    replica_set.Generation = 1


def _replica_set_prepare_for_update(new: GoStruct, old: GoStruct) -> None:
    new.Status = old.Status
    if not semantic_equal(old.Spec, new.Spec):
        new.Generation = old.Generation + 1


def _replica_set_validate_update(new: GoStruct, old: GoStruct, group_version: str) -> list:
    errors = v.validate_replica_set(new) + v.validate_object_meta_update(new.ObjectMeta, old.ObjectMeta) + v.validate_replica_set_spec(new.Spec, v.SPEC)
    if group_version != "extensions/v1beta1":
        errors += _validate_immutable_selector(new.Spec.Selector, old.Spec.Selector)
    return errors


def _validate_immutable_selector(new: GoStruct | None, old: GoStruct | None) -> list:
    if semantic_equal(new, old):
        return []
    shown = "null" if new is None else v.selector_go_syntax(new)
    return [invalid(v.SPEC.child("selector"), GoValue(shown), "field is immutable")]


def _pod_prepare_for_create(t: Types, pod: GoStruct) -> None:
    # podStrategy.PrepareForCreate: Pending, with the QoS class its resources give
    pod.Status = t.new(f"{CORE}.PodStatus", Phase="Pending", QOSClass=pod_qos(pod))


def _pod_validate_update(new: GoStruct, old: GoStruct, group_version: str) -> list:
    errors = v.validate_pod(new) + v.validate_object_meta_update(new.ObjectMeta, old.ObjectMeta)
    munged = copy.deepcopy(new.Spec)
    for container, before in zip(munged.Containers or [], old.Spec.Containers or []):
        container.Image = before.Image  # ValidatePodUpdate: only images (and a few fields) may change
    if not semantic_equal(munged, old.Spec):
        raise not_replicated("ValidatePodUpdate for a change other than container images (its message carries diff.ObjectDiff)")
    return errors


def _keep_status(new: GoStruct, old: GoStruct) -> None:
    new.Status = old.Status


def _nothing(*args: Any) -> None:
    return None


def _namespace_prepare_for_create(t: Types, namespace: GoStruct) -> None:
    # namespaceStrategy.PrepareForCreate: Active, and the "kubernetes" finalizer the namespace controller removes
    namespace.Status = t.new(f"{CORE}.NamespaceStatus", Phase="Active")
    if "kubernetes" not in (namespace.Spec.Finalizers or []):
        namespace.Spec.Finalizers = [*(namespace.Spec.Finalizers or []), "kubernetes"]


def _namespace_prepare_for_update(new: GoStruct, old: GoStruct) -> None:
    new.Spec.Finalizers = old.Spec.Finalizers
    new.Status = old.Status


STRATEGIES = {
    "deployments": Strategy("Deployment", "apps", True, v.validate_deployment, _deployment_prepare_for_create, _deployment_prepare_for_update,
                            _deployment_validate_update, orphan_by_default=("extensions/v1beta1", "apps/v1beta1", "apps/v1beta2")),
    "replicasets": Strategy("ReplicaSet", "apps", True, v.validate_replica_set, _replica_set_prepare_for_create, _replica_set_prepare_for_update,
                            _replica_set_validate_update, orphan_by_default=("extensions/v1beta1", "apps/v1beta2")),
    "pods": Strategy("Pod", "", True, v.validate_pod, _pod_prepare_for_create, _keep_status, _pod_validate_update),
    "services": Strategy("Service", "", True, v.validate_service, lambda t, s: setattr(s, "Status", t.new(f"{CORE}.ServiceStatus")), _keep_status,
                         lambda new, old, gv: v.validate_service_update(new, old), allow_create_on_update=True),
    "configmaps": Strategy("ConfigMap", "", True, v.validate_config_map, _nothing, _nothing,
                           lambda new, old, gv: v.validate_object_meta_update(new.ObjectMeta, old.ObjectMeta) + v.validate_config_map(new)),
    "namespaces": Strategy("Namespace", "", False, v.validate_namespace, _namespace_prepare_for_create, _namespace_prepare_for_update,
                           lambda new, old, gv: v.validate_object_meta_update(new.ObjectMeta, old.ObjectMeta)),
}  # fmt: skip


# ---------------------------------------------------------------- what each resource is and where it is stored


@dataclass(frozen=True)
class Resource:
    """One resource of one group version: its kind, its internal type, where and how it is stored."""

    group: str
    version: str
    name: str  # deployments
    kind: str  # Deployment
    internal: str  # k8s.io/kubernetes/pkg/apis/extensions.Deployment
    storage_version: str  # the group version etcd holds it in: extensions/v1beta1
    prefix: str  # under /registry: deployments, services/specs

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def versioned(self) -> str:
        """The Go type a client's JSON becomes: k8s.io/api/apps/v1.Deployment."""
        return f"{api_package(self.group_version)}.{self.kind}"

    @property
    def stored(self) -> str:
        return f"{api_package(self.storage_version)}.{self.kind}"

    @property
    def strategy(self) -> Strategy:
        return STRATEGIES[self.name]

    @property
    def namespaced(self) -> bool:
        return self.strategy.namespaced

    def key(self, namespace: str, name: str) -> str:
        """NamespaceKeyFunc / NoNamespaceKeyFunc."""
        return f"{ETCD_PREFIX}/{self.prefix}/{namespace}/{name}" if self.namespaced else f"{ETCD_PREFIX}/{self.prefix}/{name}"

    def key_root(self, namespace: str) -> str:
        return f"{ETCD_PREFIX}/{self.prefix}/{namespace}" if self.namespaced and namespace else f"{ETCD_PREFIX}/{self.prefix}"


def api_package(group_version: str) -> str:
    group, _, version = group_version.rpartition("/")
    return f"k8s.io/api/{group.split('.')[0] if group else 'core'}/{version}"


# The storage versions: cmd/kube-apiserver/app/server.go makes deployments and replicasets
# cohabit in extensions (AddCohabitatingResources(extensions…, apps…): extensions first), and
# every group is stored in its preferred version (extensions/v1beta1, v1).  Services live under
# "services/specs" (pkg/kubeapiserver/default_storage_factory_builder.go SpecialDefaultResourcePrefixes).
_SERVED = (
    ("apps", ("v1", "v1beta1", "v1beta2"), "deployments", "Deployment", f"{EXT}.Deployment", "extensions/v1beta1", "deployments"),
    ("extensions", ("v1beta1",), "deployments", "Deployment", f"{EXT}.Deployment", "extensions/v1beta1", "deployments"),
    ("apps", ("v1", "v1beta2"), "replicasets", "ReplicaSet", f"{EXT}.ReplicaSet", "extensions/v1beta1", "replicasets"),
    ("extensions", ("v1beta1",), "replicasets", "ReplicaSet", f"{EXT}.ReplicaSet", "extensions/v1beta1", "replicasets"),
    ("", ("v1",), "pods", "Pod", f"{CORE}.Pod", "v1", "pods"),
    ("", ("v1",), "services", "Service", f"{CORE}.Service", "v1", "services/specs"),
    ("", ("v1",), "configmaps", "ConfigMap", f"{CORE}.ConfigMap", "v1", "configmaps"),
    ("", ("v1",), "namespaces", "Namespace", f"{CORE}.Namespace", "v1", "namespaces"),
)  # fmt: skip
RESOURCES = {(group, version, name): Resource(group, version, name, kind, internal, storage, prefix)
             for group, versions, name, kind, internal, storage, prefix in _SERVED for version in versions}  # fmt: skip


# ---------------------------------------------------------------- the store: etcd, in memory


@dataclass
class Stored:
    value: GoStruct  # the storage version's object, as the protobuf round trip leaves it
    resource_version: int


@dataclass
class MemoryStore:
    """What etcd holds: key → object, and the revision every write advances."""

    objects: dict[str, Stored] = field(default_factory=dict)
    revision: int = 1
    lock: threading.RLock = field(default_factory=threading.RLock)
    log: list[str] = field(default_factory=list)  # "PUT /registry/…", as the replica's debug endpoint shows

    def next_revision(self) -> int:
        self.revision += 1
        return self.revision


class Store:
    """genericregistry.Store for one resource: the object's way into and out of storage."""

    def __init__(self, types: Types, resource: Resource, memory: MemoryStore) -> None:
        self.t, self.resource, self.memory = types, resource, memory

    # ------------------------------------------------------------ encoding to and from "etcd"

    def encode(self, internal: GoStruct, resource_version: int) -> Stored:
        """The storage codec: internal → storage version, protobuf (an empty slice or map is lost)."""
        stored = self.t.convert(internal, GoType("struct", self.resource.internal), GoType("struct", self.resource.stored), HOOKS)
        stored.ResourceVersion = ""  # the versioner keeps it out of the bytes: it is etcd's ModRevision
        return Stored(self.t.storage_round_trip(stored, GoType("struct", self.resource.stored)), resource_version)

    def decode(self, stored: Stored) -> GoStruct:
        """Back again: the storage version is defaulted as it is decoded, then converted to internal."""
        value = copy.deepcopy(stored.value)
        set_object_defaults(self.t, value)
        internal = self.t.convert(value, GoType("struct", self.resource.stored), GoType("struct", self.resource.internal), HOOKS)
        internal.ResourceVersion = str(stored.resource_version)
        return internal

    def _put(self, key: str, internal: GoStruct) -> GoStruct:
        stored = self.encode(internal, self.memory.next_revision())
        self.memory.objects[key] = stored
        self.memory.log.append(f"PUT {key} ({self.resource.storage_version} {self.resource.kind}, resourceVersion {stored.resource_version})")
        return self.decode(stored)

    # ------------------------------------------------------------ the verbs

    def create(self, namespace: str, obj: GoStruct, group_version: str) -> GoStruct:
        """(*Store).Create: BeforeCreate, the key, a create that fails if the key exists."""
        before_create(self.t, self.resource.strategy, namespace, obj)
        key = self.resource.key(namespace, obj.Name)
        if obj.ResourceVersion not in ("", "0"):  # etcd3 (*store).Create refuses it, with an error that is no Status
            raise internal("resourceVersion should not be set on objects to be created")
        with self.memory.lock:
            if key in self.memory.objects:
                raise new_already_exists(self._group(group_version), self.resource.name, obj.Name)
            return self._put(key, obj)

    def get(self, namespace: str, name: str, group_version: str) -> GoStruct:
        stored = self.memory.objects.get(self.resource.key(namespace, name))
        if stored is None:
            raise new_not_found(self._group(group_version), self.resource.name, name)
        return self.decode(stored)

    def list(self, namespace: str) -> tuple[list[GoStruct], int]:
        """Every object under the key root (all namespaces without one), in key order, and the revision."""
        root = self.resource.key_root(namespace) + "/"
        with self.memory.lock:
            items = [self.decode(s) for k, s in sorted(self.memory.objects.items()) if k.startswith(root)]
            return items, self.memory.revision

    def update(self, namespace: str, name: str, obj: GoStruct, group_version: str) -> tuple[GoStruct, bool]:
        """(*Store).Update: create-on-update where allowed, the resourceVersion precondition, BeforeUpdate."""
        key = self.resource.key(namespace, name)
        strategy = self.resource.strategy
        with self.memory.lock:
            stored = self.memory.objects.get(key)
            if stored is None:
                if not strategy.allow_create_on_update:
                    raise new_not_found(self._group(group_version), self.resource.name, name)
                before_create(self.t, strategy, namespace, obj)
                return self._put(key, obj), True
            existing = self.decode(stored)
            if obj.ResourceVersion in ("", "0"):  # AllowUnconditionalUpdate: every strategy here allows it
                obj.ResourceVersion = existing.ResourceVersion
            elif obj.ResourceVersion != existing.ResourceVersion:
                raise new_conflict(self._group(group_version), self.resource.name, name, OPTIMISTIC_LOCK)
            before_update(self.t, strategy, namespace, obj, existing, group_version)
            return self._put(key, obj), False

    def delete(self, namespace: str, name: str, group_version: str, graceful: bool = False) -> tuple[GoStruct | None, GoStruct]:
        """(*Store).Delete with default options: the garbage collector's orphan finalizer where the
        version asks for it (the object stays, marked as deleting), else deleted now.  Returns
        (the object still stored or None, the object as last seen)."""
        key = self.resource.key(namespace, name)
        with self.memory.lock:
            stored = self.memory.objects.get(key)
            if stored is None:
                raise new_not_found(self._group(group_version), self.resource.name, name)
            existing = self.decode(stored)
            finalizers = list(existing.Finalizers or [])
            if group_version in self.resource.strategy.orphan_by_default and "orphan" not in finalizers:
                finalizers.append("orphan")  # deletionFinalizersForGarbageCollection
            if finalizers:
                existing.Finalizers = finalizers
                mark_as_deleting(existing)
                return self._put(key, existing), existing
            if graceful:  # a pod: BeforeDelete marks it (grace 0 when unscheduled) before it goes
                existing.DeletionTimestamp = now()
                existing.DeletionGracePeriodSeconds = 0
            del self.memory.objects[key]
            self.memory.log.append(f"DELETE {key}")
            return None, existing

    def _group(self, group_version: str) -> str:
        """qualifiedResourceFromContext: the group of the request, not of the storage."""
        return group_version.rpartition("/")[0]


def before_create(t: Types, strategy: Strategy, namespace: str, obj: GoStruct) -> None:
    """rest.BeforeCreate."""
    if strategy.namespaced:
        if obj.Namespace and obj.Namespace != namespace:  # ValidNamespace
            raise new_bad_request("the namespace of the provided object does not match the namespace sent on the request")
        obj.Namespace = namespace
    else:
        obj.Namespace = ""
    obj.DeletionTimestamp = None
    obj.DeletionGracePeriodSeconds = None
    strategy.prepare_for_create(t, obj)
    obj.UID, obj.CreationTimestamp = str(uuid.uuid1()), now()  # FillObjectMetaSystemFields
    obj.Initializers = None  # the Initializers feature is off
    obj.ClusterName = ""
    refused = v.not_replicated_fields(obj)
    if refused:
        raise not_replicated(f"validating {refused[0]}")
    errors = strategy.validate(obj)
    if errors:
        raise new_invalid(strategy.group, strategy.kind, obj.Name, errors)
    errors = v.validate_object_meta(obj.ObjectMeta, strategy.namespaced, v.validate_path_segment_name)
    if errors:
        raise new_invalid(strategy.group, strategy.kind, obj.Name, errors)


def before_update(t: Types, strategy: Strategy, namespace: str, obj: GoStruct, old: GoStruct, group_version: str) -> None:
    """rest.BeforeUpdate."""
    if strategy.namespaced:
        if obj.Namespace and obj.Namespace != namespace:
            raise new_bad_request("the namespace of the provided object does not match the namespace sent on the request")
        obj.Namespace = namespace
    else:
        obj.Namespace = ""
    obj.Generation = old.Generation  # requests cannot set the generation
    obj.Initializers = None
    strategy.prepare_for_update(obj, old)
    obj.ClusterName = ""
    refused = v.not_replicated_fields(obj)
    if refused:
        raise not_replicated(f"validating {refused[0]}")
    # validateCommonFields, then the strategy's own checks
    errors = v.validate_object_meta_update(obj.ObjectMeta, old.ObjectMeta)
    errors += v.validate_object_meta(obj.ObjectMeta, strategy.namespaced, v.validate_path_segment_name)
    errors += strategy.validate_update(obj, old, group_version)
    if errors:
        raise new_invalid(strategy.group, strategy.kind, obj.Name, errors)


def mark_as_deleting(obj: GoStruct) -> None:
    """markAsDeleting: the generation moves on once, the deletion is now, without grace."""
    if obj.DeletionTimestamp is None and obj.Generation > 0:
        obj.Generation += 1
    obj.DeletionTimestamp = now()
    obj.DeletionGracePeriodSeconds = 0


# ---------------------------------------------------------------- Services: two allocators


class Allocator:
    """allocator.AllocationBitmap with randomScanStrategy: a random offset, then the first free
    one after it (wrapping around)."""

    def __init__(self, size: int) -> None:
        self.size, self.used = size, set()
        self.random = random.Random()

    def allocate(self, offset: int) -> bool:
        if offset in self.used:
            return False
        self.used.add(offset)
        return True

    def allocate_next(self) -> int | None:
        if len(self.used) >= self.size:
            return None
        start = self.random.randrange(self.size)
        return next(o for i in range(self.size) if (o := (start + i) % self.size) not in self.used and self.allocate(o))

    def release(self, offset: int) -> None:
        self.used.discard(offset)


class IPAllocator:
    """ipallocator.Range over --service-cluster-ip-range: every address but the network and broadcast ones."""

    def __init__(self, cidr: str) -> None:
        self.network = ipaddress.ip_network(cidr)
        self.base = int(self.network.network_address) + 1
        self.bits = Allocator(max(0, self.network.num_addresses - 2))

    def allocate(self, ip: str) -> None:
        address = ipaddress.ip_address(ip)
        offset = int(address) - self.base
        if address not in self.network or not 0 <= offset < self.bits.size:
            raise ValueError(f"provided IP is not in the valid range. The range of valid IPs is {self.network}")
        if not self.bits.allocate(offset):
            raise ValueError("provided IP is already allocated")

    def allocate_next(self) -> str:
        offset = self.bits.allocate_next()
        if offset is None:
            raise ValueError("range is full")
        return str(ipaddress.ip_address(self.base + offset))

    def release(self, ip: str) -> None:
        address = ipaddress.ip_address(ip)
        if address in self.network:
            self.bits.release(int(address) - self.base)


class PortAllocator:
    """portallocator.PortAllocator over --service-node-port-range."""

    def __init__(self, base: int, size: int) -> None:
        self.base, self.bits = base, Allocator(size)

    def allocate(self, port: int) -> None:
        if not self.base <= port < self.base + self.bits.size:
            raise ValueError(f"provided port is not in the valid range. The range of valid ports is {self.base}-{self.base + self.bits.size - 1}")
        if not self.bits.allocate(port - self.base):
            raise ValueError("provided port is already allocated")

    def allocate_next(self) -> int:
        offset = self.bits.allocate_next()
        if offset is None:
            raise ValueError("range is full")
        return self.base + offset

    def release(self, port: int) -> None:
        if self.base <= port < self.base + self.bits.size:
            self.bits.release(port - self.base)


class ServiceREST:
    """pkg/registry/core/service/rest.go: the store, plus a cluster IP and node ports."""

    def __init__(self, store: Store, ips: IPAllocator, ports: PortAllocator) -> None:
        self.store, self.ips, self.ports = store, ips, ports

    def create(self, namespace: str, service: GoStruct, group_version: str) -> GoStruct:
        """(*REST).Create: validate (BeforeCreate), then allocate, then store; what was allocated
        is released again when the store refuses."""
        before_create(self.store.t, self.store.resource.strategy, namespace, service)
        taken_ip, taken_ports = None, []
        try:
            if service.Spec.Type != "ExternalName":
                taken_ip = self.init_cluster_ip(service)
            if service.Spec.Type in ("NodePort", "LoadBalancer"):
                taken_ports = self.init_node_ports(service)
            return self.store.create(namespace, service, group_version)
        except StatusError:
            if taken_ip:
                self.ips.release(taken_ip)
            for port in taken_ports:
                self.ports.release(port)
            raise

    def init_cluster_ip(self, service: GoStruct) -> str | None:
        """initClusterIP: "" → the next free address; an address → that one, if free and in range; None → none."""
        spec = service.Spec
        if spec.ClusterIP == "":
            try:
                spec.ClusterIP = self.ips.allocate_next()
            except ValueError as exc:
                raise StatusError(500, "InternalError", f"Internal error occurred: failed to allocate a serviceIP: {exc}") from None
            return spec.ClusterIP
        if spec.ClusterIP != "None":
            try:
                self.ips.allocate(spec.ClusterIP)
            except ValueError as exc:
                raise new_invalid("", "Service", service.Name, [invalid(Path("spec").child("clusterIP"), spec.ClusterIP, str(exc))]) from None
            return spec.ClusterIP
        return None

    def init_node_ports(self, service: GoStruct) -> list[int]:
        """initNodePorts: one node port per service port number, the requested one or the next free."""
        taken, by_port = [], {}
        for i, port in enumerate(service.Spec.Ports or []):
            allocated = by_port.get(port.Port, 0)
            where = Path("spec").child("ports").index(i).child("nodePort")
            if allocated == 0:
                requested = next((p.NodePort for p in service.Spec.Ports if p.Port == port.Port and p.NodePort != 0), 0)
                try:
                    if requested:
                        self.ports.allocate(requested)
                        node_port = requested
                    else:
                        node_port = self.ports.allocate_next()
                except ValueError as exc:
                    for done in taken:
                        self.ports.release(done)
                    raise new_invalid("", "Service", service.Name, [invalid(where, requested, str(exc))]) from None
                taken.append(node_port)
                port.NodePort, by_port[port.Port] = node_port, node_port
            elif port.NodePort != allocated:
                if port.NodePort == 0:
                    port.NodePort = allocated
                else:
                    try:
                        self.ports.allocate(port.NodePort)
                    except ValueError as exc:
                        raise new_invalid("", "Service", service.Name, [invalid(where, port.NodePort, str(exc))]) from None
                    taken.append(port.NodePort)
        return taken

    def delete(self, namespace: str, name: str, group_version: str) -> GoStruct:
        """(*REST).Delete: the Service goes, its cluster IP and node ports are released."""
        _, service = self.store.delete(namespace, name, group_version)
        if service.Spec.ClusterIP not in ("", "None"):
            self.ips.release(service.Spec.ClusterIP)
        for port in service.Spec.Ports or []:
            if port.NodePort:
                self.ports.release(port.NodePort)
        return service

    def update(self, namespace: str, name: str, service: GoStruct, group_version: str) -> tuple[GoStruct, bool]:
        """(*REST).Update for what keeps the allocations: the same cluster IP and node ports.  It
        validates before the store fills in the resourceVersion, so a Service update must carry one."""
        old = self.store.get(namespace, name, group_version)
        if service.Namespace and service.Namespace != namespace:  # ValidNamespace (it fills an empty one)
            raise new_conflict("", "services", namespace, "Service.Namespace does not match the provided context")
        service.Namespace = namespace
        for port in service.Spec.Ports or []:
            if port.NodePort == 0:
                before = next((p.NodePort for p in old.Spec.Ports or [] if p.Port == port.Port), 0)
                port.NodePort = before
        if service.Spec.Type != old.Spec.Type or {p.NodePort for p in service.Spec.Ports or []} != {p.NodePort for p in old.Spec.Ports or []}:
            raise not_replicated("changing a Service's type or node ports (updateNodePorts)")
        if service.Spec.Type != "LoadBalancer":
            service.Status.LoadBalancer = self.store.t.new(f"{CORE}.LoadBalancerStatus")
        errors = v.validate_service_update(service, old)
        if errors:
            raise new_invalid("", "Service", service.Name, errors)
        return self.store.update(namespace, name, service, group_version)


# ---------------------------------------------------------------- helpers


def semantic_equal(a: Any, b: Any) -> bool:
    """apiequality.Semantic.DeepEqual: nil and empty slices and maps are equal, quantities by value."""
    if isinstance(a, GoStruct) and isinstance(b, GoStruct):
        return a.go_type.id == b.go_type.id and all(semantic_equal(a._fields[k], b._fields[k]) for k in a._fields)
    if a in (None, [], {}) and b in (None, [], {}):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(semantic_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(semantic_equal(a[k], b[k]) for k in a)
    if hasattr(a, "value") and hasattr(b, "value") and type(a).__name__ == "Quantity":
        return a.value == b.value
    return a == b


def pod_qos(pod: GoStruct) -> str:
    """qos.GetPodQOS: BestEffort without requests or limits, Guaranteed when every container limits
    cpu and memory and requests equal limits, else Burstable."""
    requests: dict[str, Any] = {}
    limits: dict[str, Any] = {}
    guaranteed = True
    for container in pod.Spec.Containers or []:
        for name, quantity in (container.Resources.Requests or {}).items():
            if name in ("cpu", "memory") and quantity.value > 0:
                requests[name] = requests.get(name, 0) + quantity.value
        found = set()
        for name, quantity in (container.Resources.Limits or {}).items():
            if name in ("cpu", "memory") and quantity.value > 0:
                found.add(name)
                limits[name] = limits.get(name, 0) + quantity.value
        if not {"cpu", "memory"} <= found:
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(limits.get(n) == q for n, q in requests.items()) and len(requests) == len(limits):
        return "Guaranteed"
    return "Burstable"


def now() -> str:
    """metav1.Now(), as JSON writes it (seconds)."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
