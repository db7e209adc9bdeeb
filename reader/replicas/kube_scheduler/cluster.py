"""What kube-scheduler v1.9.9 schedules with, as it sees it: API objects after the apiserver's
defaulting, resource quantities, label selectors, and the scheduler cache's per-node summary.

Mirrors, at Kubernetes v1.9.9:
  plugin/pkg/scheduler/schedulercache/node_info.go   NodeInfo (AddPod, SetNode, calculateResource,
      updateUsedPorts) and Resource (Add): what the predicates and priorities read about a node
  plugin/pkg/scheduler/algorithm/priorities/util/non_zero.go   GetNonzeroRequests (100m CPU,
      200 MiB memory for a container that requests none: priorities only)
  pkg/apis/core/v1/defaults.go   the defaulting the apiserver applies before the scheduler sees an
      object: a container's requests default to its limits (SetDefaults_Pod), a node's allocatable
      to its capacity (SetDefaults_NodeStatus), quantities round up to millis (SetDefaults_ResourceList),
      an RBD volume's pool to "rbd" (SetDefaults_RBDVolumeSource)
  staging/src/k8s.io/apimachinery/pkg/api/resource   ParseQuantity, MilliValue, Value (rounding up)
  staging/src/k8s.io/apimachinery/pkg/labels         Requirement.Matches, SelectorFromSet, Nothing
  staging/src/k8s.io/apimachinery/pkg/apis/meta/v1   LabelSelectorAsSelector
  pkg/apis/core/v1/helper                            NodeSelectorRequirementsAsSelector,
      TolerationsTolerateTaint(sWithFilter), GetAvoidPodsFromNodeAnnotations, IsScalarResourceName
  pkg/apis/core/v1/helper/qos                        GetPodQOS (only whether a pod is BestEffort)

A CLUSTER file is YAML or JSON: a list of objects as the API takes them, or a mapping with such
a list under `items` (like `kind: List`; other keys, such as a scenario's `teaches`, are ignored).
Kinds: Node (with `status`, which the lab writes through the /status subresource), Pod, Service,
ReplicaSet, ReplicationController, StatefulSet, Namespace.  What this replica does not handle
it refuses with a one-line error: PersistentVolumeClaim volumes (they need the PV/PVC listers),
pods on nodes the file does not define.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from reader.errors import UsageError

MIRRORS = {
    "NodeInfo.add_pod": "k8s.io/kubernetes/plugin/pkg/scheduler/schedulercache.(*NodeInfo).AddPod",
    "NodeInfo.set_node": "k8s.io/kubernetes/plugin/pkg/scheduler/schedulercache.(*NodeInfo).SetNode",
    "calculate_resource": "k8s.io/kubernetes/plugin/pkg/scheduler/schedulercache.calculateResource",
    "Resource.add": "k8s.io/kubernetes/plugin/pkg/scheduler/schedulercache.(*Resource).Add",
    "get_nonzero_requests": "k8s.io/kubernetes/plugin/pkg/scheduler/algorithm/priorities/util.GetNonzeroRequests",
    "used_ports": "k8s.io/kubernetes/plugin/pkg/scheduler/util.GetUsedPorts",
    "node_selector_requirements_as_selector": "k8s.io/kubernetes/pkg/apis/core/v1/helper.NodeSelectorRequirementsAsSelector",
    "label_selector_as_selector": "k8s.io/apimachinery/pkg/apis/meta/v1.LabelSelectorAsSelector",
    "Requirement.matches": "k8s.io/apimachinery/pkg/labels.(*Requirement).Matches",
    "toleration_tolerates_taint": "k8s.io/api/core/v1.(*Toleration).ToleratesTaint",
    "tolerations_tolerate_taints_with_filter": "k8s.io/kubernetes/pkg/apis/core/v1/helper.TolerationsTolerateTaintsWithFilter",
    "is_pod_best_effort": "k8s.io/kubernetes/pkg/apis/core/v1/helper/qos.GetPodQOS",
    "set_defaults_pod": "k8s.io/kubernetes/pkg/apis/core/v1.SetDefaults_Pod",
    "set_defaults_node_status": "k8s.io/kubernetes/pkg/apis/core/v1.SetDefaults_NodeStatus",
}

DEFAULT_MILLI_CPU_REQUEST = 100  # priorityutil.DefaultMilliCpuRequest: 0.1 core
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024  # priorityutil.DefaultMemoryRequest: 200 MB
DEFAULT_BIND_ALL_HOST_IP = "0.0.0.0"  # schedutil.DefaultBindAllHostIP
RESOURCE_NVIDIA_GPU = "alpha.kubernetes.io/nvidia-gpu"  # v1.ResourceNvidiaGPU
RESOURCE_EPHEMERAL_STORAGE = "ephemeral-storage"
PREFER_AVOID_PODS_ANNOTATION = "scheduler.alpha.kubernetes.io/preferAvoidPods"  # v1.PreferAvoidPodsAnnotationKey
LABEL_ZONE = "failure-domain.beta.kubernetes.io/zone"  # kubeletapis.LabelZoneFailureDomain
LABEL_REGION = "failure-domain.beta.kubernetes.io/region"  # kubeletapis.LabelZoneRegion
KINDS = ("Node", "Pod", "Service", "ReplicaSet", "ReplicationController", "StatefulSet", "Namespace")
NAMESPACED = ("Pod", "Service", "ReplicaSet", "ReplicationController", "StatefulSet")


# ---------------------------------------------------------------- the cluster a file describes


@dataclass(frozen=True)
class Cluster:
    """The objects of a CLUSTER file, defaulted as the apiserver stores them, in file order."""

    source: str  # the file, for messages
    nodes: tuple[dict, ...]
    running: tuple[dict, ...]  # pods with spec.nodeName: already there
    pending: tuple[dict, ...]  # pods the scheduler places, in file order
    services: tuple[dict, ...] = ()
    replica_sets: tuple[dict, ...] = ()
    controllers: tuple[dict, ...] = ()  # ReplicationControllers
    stateful_sets: tuple[dict, ...] = ()
    namespaces: tuple[str, ...] = ()  # besides default: the lab creates them first
    teaches: dict[str, str] = field(default_factory=dict)  # a scenario's text, by language
    objects: tuple[dict, ...] = ()  # every object as the file writes it (what the lab sends the apiserver)


def load_cluster(path: Path) -> Cluster:
    """Read a CLUSTER file; UsageError naming the file and the object for what it cannot take."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: not YAML or JSON ({str(exc).splitlines()[0]})") from None
    return cluster_from(raw, str(path))


def cluster_from(raw: Any, source: str) -> Cluster:
    teaches: dict[str, str] = {}
    if isinstance(raw, dict):
        teaches = {str(k): str(v) for k, v in (raw.get("teaches") or {}).items()}
        raw = raw.get("items")
    if not isinstance(raw, list):
        raise UsageError(f"{source}: expected a list of Node and Pod objects (or a mapping with them under `items`)")
    by_kind: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    seen: set[tuple[str, str, str]] = set()
    written = []
    for number, obj in enumerate(raw, 1):
        where = f"{source}: item {number}"
        if not isinstance(obj, dict) or obj.get("kind") not in KINDS:
            kind = obj.get("kind") if isinstance(obj, dict) else type(obj).__name__
            raise UsageError(f"{where}: kind {kind!r} is not one the scheduler reads here; use one of {', '.join(KINDS)}")
        written.append(json.loads(json.dumps(obj)))
        obj = json.loads(json.dumps(obj))  # a private copy, JSON types only
        meta = obj.setdefault("metadata", {})
        if not meta.get("name"):
            raise UsageError(f"{where}: a {obj['kind']} needs metadata.name")
        if obj["kind"] in NAMESPACED:
            meta.setdefault("namespace", "default")
        key = (obj["kind"], meta.get("namespace", ""), meta["name"])
        if key in seen:
            raise UsageError(f"{where}: a second {obj['kind']} named {_display(obj)}; names are unique per kind and namespace")
        seen.add(key)
        obj.setdefault("spec", {})
        if obj["kind"] == "Pod":
            _check_pod(obj, where)
            set_defaults_pod(obj)
        if obj["kind"] == "Node":
            obj.setdefault("status", {})
            set_defaults_node_status(obj["status"])
        if obj["kind"] in ("ReplicaSet", "ReplicationController", "StatefulSet"):
            set_defaults_selector(obj)
        by_kind[obj["kind"]].append(obj)
    nodes = {n["metadata"]["name"] for n in by_kind["Node"]}
    running, pending = [], []
    for pod in by_kind["Pod"]:
        host = pod["spec"].get("nodeName")
        if host and host not in nodes:
            raise UsageError(f"{source}: pod {_display(pod)} runs on node {host!r}, which the file does not define; add the Node or drop spec.nodeName")
        (running if host else pending).append(pod)
    namespaces = {o["metadata"]["namespace"] for k in NAMESPACED for o in by_kind[k]} | {n["metadata"]["name"] for n in by_kind["Namespace"]}
    return Cluster(
        source, tuple(by_kind["Node"]), tuple(running), tuple(pending), tuple(by_kind["Service"]), tuple(by_kind["ReplicaSet"]),
        tuple(by_kind["ReplicationController"]), tuple(by_kind["StatefulSet"]), tuple(sorted(namespaces - {"default"})), teaches, tuple(written),
    )  # fmt: skip


def _check_pod(pod: dict, where: str) -> None:
    spec = pod["spec"]
    if not spec.get("containers"):
        raise UsageError(f"{where}: pod {_display(pod)} has no containers; the API requires at least one")
    for volume in spec.get("volumes") or []:
        if "persistentVolumeClaim" in volume:
            raise UsageError(f"{where}: pod {_display(pod)} mounts a PersistentVolumeClaim, which this replica does not replicate (it needs the PV and PVC listers); use an inline volume")


def _display(obj: dict) -> str:
    meta = obj["metadata"]
    return f"{meta['namespace']}/{meta['name']}" if meta.get("namespace") else meta["name"]


def pod_key(pod: dict) -> str:
    """namespace/name, as the scheduler's messages and the replica's output name a pod."""
    return f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"


def set_defaults_pod(pod: dict) -> None:
    """A container that sets limits but not requests gets requests equal to its limits; every
    quantity is rounded up to millis (SetDefaults_ResourceList); an RBD volume's pool defaults to rbd."""
    for kind in ("containers", "initContainers"):
        for container in pod["spec"].get(kind) or []:
            resources = container.setdefault("resources", {})
            if resources.get("limits") is not None:
                requests = resources.setdefault("requests", {})
                for name, value in resources["limits"].items():
                    requests.setdefault(name, value)
            for key in ("limits", "requests"):
                if resources.get(key):
                    resources[key] = {name: round_up_to_milli(parse_quantity(value)) for name, value in resources[key].items()}
    for volume in pod["spec"].get("volumes") or []:
        if "rbd" in volume:
            volume["rbd"].setdefault("pool", "rbd")


def set_defaults_selector(controller: dict) -> None:
    """A controller without a selector selects its template's labels (SetDefaults_ReplicationController,
    and extensions/v1beta1's and apps/v1beta1's SetDefaults for ReplicaSets and StatefulSets)."""
    spec = controller["spec"]
    template = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    if template and not spec.get("selector"):
        spec["selector"] = dict(template) if controller["kind"] == "ReplicationController" else {"matchLabels": dict(template)}


def set_defaults_node_status(status: dict) -> None:
    """Allocatable defaults to capacity; quantities round up to millis."""
    if status.get("allocatable") is None and status.get("capacity") is not None:
        status["allocatable"] = dict(status["capacity"])
    for key in ("capacity", "allocatable"):
        if status.get(key):
            status[key] = {name: round_up_to_milli(parse_quantity(value)) for name, value in status[key].items()}


# ---------------------------------------------------------------- NodeInfo: what the cache knows about a node


@dataclass
class Resource:
    """schedulercache.Resource: CPU in millicores, the rest in units."""

    milli_cpu: int = 0
    memory: int = 0
    nvidia_gpu: int = 0
    ephemeral_storage: int = 0
    allowed_pod_number: int = 0
    scalar: dict[str, int] = field(default_factory=dict)  # extended resources (example.com/foo), hugepages

    def add(self, resource_list: dict[str, Fraction]) -> None:
        for name, quantity in resource_list.items():
            if name == "cpu":
                self.milli_cpu += milli_value(quantity)
            elif name == "memory":
                self.memory += value(quantity)
            elif name == RESOURCE_NVIDIA_GPU:
                self.nvidia_gpu += value(quantity)
            elif name == "pods":
                self.allowed_pod_number += value(quantity)
            elif name == RESOURCE_EPHEMERAL_STORAGE:
                self.ephemeral_storage += value(quantity)
            elif is_scalar_resource_name(name):
                self.scalar[name] = self.scalar.get(name, 0) + value(quantity)


@dataclass
class NodeInfo:
    """schedulercache.NodeInfo: a node, the pods on it, and the sums the predicates compare."""

    node: dict
    pods: list[dict] = field(default_factory=list)
    pods_with_affinity: list[dict] = field(default_factory=list)
    used_ports: set[str] = field(default_factory=set)
    requested: Resource = field(default_factory=Resource)
    nonzero_request: Resource = field(default_factory=Resource)
    allocatable: Resource = field(default_factory=Resource)
    taints: list[dict] = field(default_factory=list)
    memory_pressure: str = ""
    disk_pressure: str = ""

    @property
    def name(self) -> str:
        return self.node["metadata"]["name"]

    def set_node(self, node: dict) -> None:
        self.node = node
        self.allocatable = Resource()
        self.allocatable.add(node["status"].get("allocatable") or {})
        self.taints = node["spec"].get("taints") or []
        for condition in node["status"].get("conditions") or []:
            if condition.get("type") == "MemoryPressure":
                self.memory_pressure = condition.get("status", "")
            elif condition.get("type") == "DiskPressure":
                self.disk_pressure = condition.get("status", "")

    def add_pod(self, pod: dict) -> None:
        requested, non0_cpu, non0_mem = calculate_resource(pod)
        self.requested.milli_cpu += requested.milli_cpu
        self.requested.memory += requested.memory
        self.requested.nvidia_gpu += requested.nvidia_gpu
        self.requested.ephemeral_storage += requested.ephemeral_storage
        for name, amount in requested.scalar.items():
            self.requested.scalar[name] = self.requested.scalar.get(name, 0) + amount
        self.nonzero_request.milli_cpu += non0_cpu
        self.nonzero_request.memory += non0_mem
        self.pods.append(pod)
        if has_pod_affinity_constraints(pod):
            self.pods_with_affinity.append(pod)
        self.used_ports |= used_ports(pod)


def new_node_info(node: dict) -> NodeInfo:
    info = NodeInfo(node)
    info.set_node(node)
    return info


def calculate_resource(pod: dict) -> tuple[Resource, int, int]:
    """The requests a pod adds to its node (its containers', not its init containers'), and the
    same with GetNonzeroRequests' defaults for what a container leaves out."""
    requested, non0_cpu, non0_mem = Resource(), 0, 0
    for container in pod["spec"]["containers"]:
        requests = container_requests(container)
        requested.add(requests)
        cpu, memory = get_nonzero_requests(requests)
        non0_cpu += cpu
        non0_mem += memory
    return requested, non0_cpu, non0_mem


def get_nonzero_requests(requests: dict[str, Fraction]) -> tuple[int, int]:
    cpu = milli_value(requests["cpu"]) if "cpu" in requests else DEFAULT_MILLI_CPU_REQUEST
    memory = value(requests["memory"]) if "memory" in requests else DEFAULT_MEMORY_REQUEST
    return cpu, memory


def container_requests(container: dict) -> dict[str, Fraction]:
    return (container.get("resources") or {}).get("requests") or {}


def has_pod_affinity_constraints(pod: dict) -> bool:
    affinity = pod["spec"].get("affinity") or {}
    return "podAffinity" in affinity or "podAntiAffinity" in affinity


def used_ports(pod: dict) -> set[str]:
    """Every host port a pod's containers ask for, as "protocol/hostIP/port" (TCP and 0.0.0.0 when unset)."""
    ports = set()
    for container in pod["spec"]["containers"]:
        for port in container.get("ports") or []:
            if port.get("hostPort"):
                ports.add(f"{port.get('protocol') or 'TCP'}/{port.get('hostIP') or DEFAULT_BIND_ALL_HOST_IP}/{port['hostPort']}")
    return ports


def is_scalar_resource_name(name: str) -> bool:
    """An extended resource (a name outside the kubernetes.io/ namespace) or hugepages-*."""
    default_namespace = "/" not in name or "kubernetes.io/" in name
    return not default_namespace or name.startswith("hugepages-")


def is_pod_best_effort(pod: dict) -> bool:
    """GetPodQOS(pod) == BestEffort: no container requests or limits any CPU or memory above zero."""
    for container in pod["spec"]["containers"]:
        resources = container.get("resources") or {}
        for key in ("requests", "limits"):
            for name, quantity in (resources.get(key) or {}).items():
                if name in ("cpu", "memory") and quantity > 0:
                    return False
    return True


# ---------------------------------------------------------------- taints and tolerations


def toleration_tolerates_taint(toleration: dict, taint: dict) -> bool:
    if toleration.get("effect") and toleration["effect"] != taint.get("effect"):
        return False
    if toleration.get("key") and toleration["key"] != taint.get("key"):
        return False
    operator = toleration.get("operator") or "Equal"  # empty means Equal
    if operator == "Equal":
        return (toleration.get("value") or "") == (taint.get("value") or "")
    return operator == "Exists"


def tolerations_tolerate_taint(tolerations: list[dict], taint: dict) -> bool:
    return any(toleration_tolerates_taint(t, taint) for t in tolerations)


def tolerations_tolerate_taints_with_filter(tolerations: list[dict], taints: list[dict], keep) -> bool:
    """Every taint `keep` selects is tolerated (no taints: tolerated)."""
    return all(tolerations_tolerate_taint(tolerations, taint) for taint in taints if keep(taint))


# ---------------------------------------------------------------- label selectors


@dataclass(frozen=True)
class Requirement:
    key: str
    operator: str  # in, notin, exists, !, gt, lt (labels' selection operators)
    values: tuple[str, ...]

    def matches(self, labels: dict[str, str]) -> bool:
        if self.operator == "in":
            return self.key in labels and labels[self.key] in self.values
        if self.operator == "notin":
            return self.key not in labels or labels[self.key] not in self.values
        if self.operator == "exists":
            return self.key in labels
        if self.operator == "!":
            return self.key not in labels
        if self.key not in labels:  # gt, lt
            return False
        mine, theirs = _go_int64(labels[self.key]), _go_int64(self.values[0])
        if mine is None or theirs is None:
            return False
        return mine > theirs if self.operator == "gt" else mine < theirs


@dataclass(frozen=True)
class Selector:
    """labels.Selector: requirements ANDed; `nothing` is labels.Nothing(), which matches no set."""

    requirements: tuple[Requirement, ...] = ()
    nothing: bool = False

    def matches(self, labels: dict[str, str] | None) -> bool:
        return not self.nothing and all(r.matches(labels or {}) for r in self.requirements)

    @property
    def empty(self) -> bool:
        return not self.nothing and not self.requirements


NOTHING = Selector(nothing=True)
_NODE_OPERATORS = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!", "Gt": "gt", "Lt": "lt"}
_LABEL_OPERATORS = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}


def selector_from_set(labels: dict[str, str] | None) -> Selector:
    """labels.SelectorFromSet: key = value for each entry (an empty set selects everything)."""
    return Selector(tuple(Requirement(k, "in", (v,)) for k, v in sorted((labels or {}).items())))


def node_selector_requirements_as_selector(expressions: list[dict] | None) -> Selector:
    """No expressions select nothing; otherwise each expression is one requirement."""
    if not expressions:
        return NOTHING
    requirements = []
    for expression in expressions:
        operator = _NODE_OPERATORS.get(expression.get("operator", ""))
        if operator is None:
            raise UsageError(f"{expression.get('operator')!r} is not a valid node selector operator")
        requirements.append(_requirement(expression.get("key", ""), operator, expression.get("values") or []))
    return Selector(tuple(requirements))


def label_selector_as_selector(selector: dict | None) -> Selector:
    """metav1.LabelSelectorAsSelector: nil selects nothing, {} everything."""
    if selector is None:
        return NOTHING
    requirements = [Requirement(k, "in", (v,)) for k, v in (selector.get("matchLabels") or {}).items()]
    for expression in selector.get("matchExpressions") or []:
        operator = _LABEL_OPERATORS.get(expression.get("operator", ""))
        if operator is None:
            raise UsageError(f"{expression.get('operator')!r} is not a valid pod selector operator")
        requirements.append(_requirement(expression.get("key", ""), operator, expression.get("values") or []))
    return Selector(tuple(requirements))


def _requirement(key: str, operator: str, values: list[str]) -> Requirement:
    """labels.NewRequirement's checks that matter here: what each operator takes."""
    if operator in ("in", "notin") and not values:
        raise UsageError(f"{key}: for 'in', 'notin' operators, values set can't be empty")
    if operator in ("exists", "!") and values:
        raise UsageError(f"{key}: values set must be empty for exists and does not exist")
    if operator in ("gt", "lt") and (len(values) != 1 or _go_int64(values[0]) is None):
        raise UsageError(f"{key}: for 'Gt', 'Lt' operators, exactly one value is required, an integer (this replica refuses what the real scheduler would fail on at run time)")
    return Requirement(key, operator, tuple(values))


def _go_int64(text: str) -> int | None:
    """strconv.ParseInt(text, 10, 64), None on error."""
    if not re.fullmatch(r"[+-]?\d+", text):
        return None
    number = int(text)
    return number if -(2**63) <= number < 2**63 else None


def zone_key(node: dict) -> str:
    """utilnode.GetZoneKey: region and zone labels joined (\"\" when the node has neither)."""
    labels = node["metadata"].get("labels") or {}
    region, zone = labels.get(LABEL_REGION, ""), labels.get(LABEL_ZONE, "")
    return "" if not region and not zone else f"{region}:\x00:{zone}"


def avoided_controllers(node: dict) -> list[tuple[str, str]] | None:
    """(kind, uid) of each controller the node's preferAvoidPods annotation names; None when it
    does not parse (the priority then scores the node as if there were no annotation)."""
    text = (node["metadata"].get("annotations") or {}).get(PREFER_AVOID_PODS_ANNOTATION, "")
    if not text:
        return []
    try:
        avoid = json.loads(text)
        return [(e["podSignature"]["podController"]["kind"], e["podSignature"]["podController"]["uid"]) for e in avoid.get("preferAvoidPods") or []]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


# ---------------------------------------------------------------- quantities


_SUFFIXES = {
    "": Fraction(1), "n": Fraction(1, 10**9), "u": Fraction(1, 10**6), "m": Fraction(1, 1000), "k": Fraction(10**3),
    "M": Fraction(10**6), "G": Fraction(10**9), "T": Fraction(10**12), "P": Fraction(10**15), "E": Fraction(10**18),
    "Ki": Fraction(2**10), "Mi": Fraction(2**20), "Gi": Fraction(2**30), "Ti": Fraction(2**40), "Pi": Fraction(2**50), "Ei": Fraction(2**60),
}  # fmt: skip
_QUANTITY = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)")


def parse_quantity(text: Any) -> Fraction:
    """resource.ParseQuantity, exactly (a number, or a string such as 100m, 1.5Gi, 2e3)."""
    if isinstance(text, Fraction):
        return text
    if isinstance(text, bool) or not isinstance(text, (int, float, str)):
        raise UsageError(f"{text!r} is not a quantity (write it like 500m, 2, 1Gi)")
    match = _QUANTITY.fullmatch(str(text).strip())
    if match is None:
        raise UsageError(f"{text!r} is not a quantity: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    number = Fraction(match[1])
    if match[2]:
        return number * Fraction(10) ** int(match[2][1:])
    return number * _SUFFIXES[match[3] or ""]


def round_up_to_milli(quantity: Fraction) -> Fraction:
    return Fraction(math.ceil(quantity * 1000), 1000)


def milli_value(quantity: Fraction) -> int:
    """Quantity.MilliValue: thousandths, rounded up."""
    return math.ceil(quantity * 1000)


def value(quantity: Fraction) -> int:
    """Quantity.Value: units, rounded up."""
    return math.ceil(quantity)
