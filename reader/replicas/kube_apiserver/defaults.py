"""The SetDefaults_* functions v1.9.9 runs on the objects the request replica serves, each beside
the Go it mirrors, and the walk that applies them (defaulter-gen's SetObjectDefaults_*).

A defaulting function belongs to the versioned type it takes: SetDefaults_Deployment of
pkg/apis/apps/v1 defaults a k8s.io/api/apps/v1.Deployment, SetDefaults_PodSpec of
pkg/apis/core/v1 every k8s.io/api/core/v1.PodSpec, wherever it sits (a Pod's spec, a
Deployment's template).  `DEFAULTERS` maps each type to its function; `set_object_defaults`
visits an object's tree parents first, as the generated SetObjectDefaults_<Kind> does.

The defaults are the reason the same YAML means different things in different versions:
apps/v1 leaves the selector alone (missing → invalid) and keeps 10 old ReplicaSets,
apps/v1beta1 copies the template's labels into the selector and keeps 2, extensions/v1beta1
surges by 1 instead of 25% and sets no history limit or progress deadline at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reader.facts.apitypes import GoType
from reader.replicas.kube_apiserver.go_values import GoStruct, IntOrString, Types

APPS_V1, APPS_V1BETA1, APPS_V1BETA2, EXTENSIONS_V1BETA1, CORE_V1 = (
    "k8s.io/api/apps/v1", "k8s.io/api/apps/v1beta1", "k8s.io/api/apps/v1beta2", "k8s.io/api/extensions/v1beta1", "k8s.io/api/core/v1")  # fmt: skip


# Each API version has a SetDefaults_Deployment of its own in Go, nearly alike (apps/v1beta1 keeps
# 2 revisions, the older versions also default the selector from the template): twins on purpose,
# one per Go function, each mirrored statement by statement (the `# go:` lines are checked).

# ---------------------------------------------------------------- pkg/apis/apps/v1 (and v1beta2: the same rules)


def SetDefaults_Deployment_apps_v1(t: Types, obj: GoStruct) -> None:  # noqa: N802 (the Go name)
    # go: if obj.Spec.Replicas == nil {
    if obj.Spec.Replicas is None:
        obj.Spec.Replicas = 1
    # go: strategy := &obj.Spec.Strategy
    strategy = obj.Spec.Strategy
    # go: if strategy.Type == "" {
    if strategy.Type == "":
        strategy.Type = "RollingUpdate"
    # go: if strategy.Type == appsv1.RollingUpdateDeploymentStrategyType {
    if strategy.Type == "RollingUpdate":
        if strategy.RollingUpdate is None:
            strategy.RollingUpdate = t.new(f"{obj.go_type.id.rpartition('.')[0]}.RollingUpdateDeployment")
        if strategy.RollingUpdate.MaxUnavailable is None:
            strategy.RollingUpdate.MaxUnavailable = IntOrString.from_string("25%")
        if strategy.RollingUpdate.MaxSurge is None:
            strategy.RollingUpdate.MaxSurge = IntOrString.from_string("25%")
    # go: if obj.Spec.RevisionHistoryLimit == nil {
    if obj.Spec.RevisionHistoryLimit is None:
        obj.Spec.RevisionHistoryLimit = 10
    # go: if obj.Spec.ProgressDeadlineSeconds == nil {
    if obj.Spec.ProgressDeadlineSeconds is None:
        obj.Spec.ProgressDeadlineSeconds = 600


def SetDefaults_ReplicaSet_apps_v1(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: if obj.Spec.Replicas == nil {
    if obj.Spec.Replicas is None:
        obj.Spec.Replicas = 1


# ---------------------------------------------------------------- pkg/apis/apps/v1beta1


def SetDefaults_Deployment_apps_v1beta1(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: labels := obj.Spec.Template.Labels
    labels = obj.Spec.Template.Labels
    # go: if labels != nil {
    if labels is not None:
        if obj.Spec.Selector is None:
            obj.Spec.Selector = t.new("k8s.io/apimachinery/pkg/apis/meta/v1.LabelSelector", MatchLabels=dict(labels))
        if not obj.Labels:
            obj.Labels = dict(labels)
    # go: if obj.Spec.Replicas == nil {
    if obj.Spec.Replicas is None:
        obj.Spec.Replicas = 1
    # go: strategy := &obj.Spec.Strategy
    strategy = obj.Spec.Strategy
    # go: if strategy.Type == "" {
    if strategy.Type == "":
        strategy.Type = "RollingUpdate"
    # go: if strategy.Type == appsv1beta1.RollingUpdateDeploymentStrategyType {
    if strategy.Type == "RollingUpdate":
        if strategy.RollingUpdate is None:
            strategy.RollingUpdate = t.new(f"{APPS_V1BETA1}.RollingUpdateDeployment")
        if strategy.RollingUpdate.MaxUnavailable is None:
            strategy.RollingUpdate.MaxUnavailable = IntOrString.from_string("25%")
        if strategy.RollingUpdate.MaxSurge is None:
            strategy.RollingUpdate.MaxSurge = IntOrString.from_string("25%")
    # go: if obj.Spec.RevisionHistoryLimit == nil {
    if obj.Spec.RevisionHistoryLimit is None:
        obj.Spec.RevisionHistoryLimit = 2
    # go: if obj.Spec.ProgressDeadlineSeconds == nil {
    if obj.Spec.ProgressDeadlineSeconds is None:
        obj.Spec.ProgressDeadlineSeconds = 600


# ---------------------------------------------------------------- pkg/apis/extensions/v1beta1


def SetDefaults_Deployment_extensions_v1beta1(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: labels := obj.Spec.Template.Labels
    labels = obj.Spec.Template.Labels
    # go: if labels != nil {
    if labels is not None:
        if obj.Spec.Selector is None:
            obj.Spec.Selector = t.new("k8s.io/apimachinery/pkg/apis/meta/v1.LabelSelector", MatchLabels=dict(labels))
        if not obj.Labels:
            obj.Labels = dict(labels)
    # go: if obj.Spec.Replicas == nil {
    if obj.Spec.Replicas is None:
        obj.Spec.Replicas = 1
    # go: strategy := &obj.Spec.Strategy
    strategy = obj.Spec.Strategy
    # go: if strategy.Type == "" {
    if strategy.Type == "":
        strategy.Type = "RollingUpdate"
    # go: if strategy.Type == extensionsv1beta1.RollingUpdateDeploymentStrategyType || strategy.RollingUpdate != nil {
    if strategy.Type == "RollingUpdate" or strategy.RollingUpdate is not None:
        if strategy.RollingUpdate is None:
            strategy.RollingUpdate = t.new(f"{EXTENSIONS_V1BETA1}.RollingUpdateDeployment")
        if strategy.RollingUpdate.MaxUnavailable is None:
            strategy.RollingUpdate.MaxUnavailable = IntOrString.from_int(1)
        if strategy.RollingUpdate.MaxSurge is None:
            strategy.RollingUpdate.MaxSurge = IntOrString.from_int(1)


def SetDefaults_ReplicaSet_extensions_v1beta1(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: labels := obj.Spec.Template.Labels
    labels = obj.Spec.Template.Labels
    # go: if labels != nil {
    if labels is not None:
        if obj.Spec.Selector is None:
            obj.Spec.Selector = t.new("k8s.io/apimachinery/pkg/apis/meta/v1.LabelSelector", MatchLabels=dict(labels))
        if not obj.Labels:
            obj.Labels = dict(labels)
    # go: if obj.Spec.Replicas == nil {
    if obj.Spec.Replicas is None:
        obj.Spec.Replicas = 1


# ---------------------------------------------------------------- pkg/apis/core/v1


def SetDefaults_ResourceList(t: Types, obj: dict[str, Any]) -> None:  # noqa: N802
    # go: for key, val := range *obj {
    for key, value in obj.items():
        # go: val.RoundUp(milliScale)
        obj[key] = value.round_up(-3)


def SetDefaults_Volume(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: if utilpointer.AllPtrFieldsNil(&obj.VolumeSource) {
    source = obj.VolumeSource
    if all(source._fields[f.name] is None for f in source.go_type.fields):
        obj.VolumeSource = t.new(f"{CORE_V1}.VolumeSource", EmptyDir=t.new(f"{CORE_V1}.EmptyDirVolumeSource"))


def SetDefaults_ContainerPort(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: if obj.Protocol == "" {
    if obj.Protocol == "":
        obj.Protocol = "TCP"


def SetDefaults_Container(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: if obj.ImagePullPolicy == "" {
    if obj.ImagePullPolicy == "":
        # go: _, tag, _, _ := parsers.ParseImageName(obj.Image)
        tag = parse_image_tag(obj.Image)
        obj.ImagePullPolicy = "Always" if tag == "latest" else "IfNotPresent"
    # go: if obj.TerminationMessagePath == "" {
    if obj.TerminationMessagePath == "":
        obj.TerminationMessagePath = "/dev/termination-log"
    # go: if obj.TerminationMessagePolicy == "" {
    if obj.TerminationMessagePolicy == "":
        obj.TerminationMessagePolicy = "File"


def SetDefaults_Service(t: Types, obj: GoStruct) -> None:  # noqa: N802
    spec = obj.Spec
    # go: if obj.Spec.SessionAffinity == "" {
    if spec.SessionAffinity == "":
        spec.SessionAffinity = "None"
    # go: if obj.Spec.SessionAffinity == v1.ServiceAffinityNone {
    if spec.SessionAffinity == "None":
        spec.SessionAffinityConfig = None
    # go: if obj.Spec.SessionAffinity == v1.ServiceAffinityClientIP {
    if spec.SessionAffinity == "ClientIP":
        config = spec.SessionAffinityConfig
        if config is None or config.ClientIP is None or config.ClientIP.TimeoutSeconds is None:
            spec.SessionAffinityConfig = t.new(f"{CORE_V1}.SessionAffinityConfig", ClientIP=t.new(f"{CORE_V1}.ClientIPConfig", TimeoutSeconds=10800))
    # go: if obj.Spec.Type == "" {
    if spec.Type == "":
        spec.Type = "ClusterIP"
    # go: for i := range obj.Spec.Ports {
    for port in spec.Ports or []:
        if port.Protocol == "":
            port.Protocol = "TCP"
        if port.TargetPort in (IntOrString.from_int(0), IntOrString.from_string("")):
            port.TargetPort = IntOrString.from_int(port.Port)
    # go: if (obj.Spec.Type == v1.ServiceTypeNodePort ||
    if spec.Type in ("NodePort", "LoadBalancer") and spec.ExternalTrafficPolicy == "":
        spec.ExternalTrafficPolicy = "Cluster"


def SetDefaults_Pod(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: for i := range obj.Spec.Containers {
    for container in [*(obj.Spec.Containers or []), *(obj.Spec.InitContainers or [])]:
        resources = container.Resources
        if resources.Limits is not None:
            if resources.Requests is None:
                resources.Requests = {}
            for key, value in resources.Limits.items():
                resources.Requests.setdefault(key, value)


def SetDefaults_PodSpec(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: if obj.DNSPolicy == "" {
    if obj.DNSPolicy == "":
        obj.DNSPolicy = "ClusterFirst"
    # go: if obj.RestartPolicy == "" {
    if obj.RestartPolicy == "":
        obj.RestartPolicy = "Always"
    # go: if obj.HostNetwork {
    if obj.HostNetwork:
        for container in [*(obj.Containers or []), *(obj.InitContainers or [])]:  # defaultHostNetworkPorts
            for port in container.Ports or []:
                if port.HostPort == 0:
                    port.HostPort = port.ContainerPort
    # go: if obj.SecurityContext == nil {
    if obj.SecurityContext is None:
        obj.SecurityContext = t.new(f"{CORE_V1}.PodSecurityContext")
    # go: if obj.TerminationGracePeriodSeconds == nil {
    if obj.TerminationGracePeriodSeconds is None:
        obj.TerminationGracePeriodSeconds = 30
    # go: if obj.SchedulerName == "" {
    if obj.SchedulerName == "":
        obj.SchedulerName = "default-scheduler"


def SetDefaults_Probe(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: if obj.TimeoutSeconds == 0 {
    if obj.TimeoutSeconds == 0:
        obj.TimeoutSeconds = 1
    if obj.PeriodSeconds == 0:
        obj.PeriodSeconds = 10
    if obj.SuccessThreshold == 0:
        obj.SuccessThreshold = 1
    if obj.FailureThreshold == 0:
        obj.FailureThreshold = 3


def _default_mode(mode: int) -> Callable[[Types, GoStruct], None]:
    def set_default_mode(t: Types, obj: GoStruct) -> None:
        # go: if obj.DefaultMode == nil {
        if obj.DefaultMode is None:
            obj.DefaultMode = mode

    return set_default_mode


def SetDefaults_HTTPGetAction(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: if obj.Path == "" {
    if obj.Path == "":
        obj.Path = "/"
    # go: if obj.Scheme == "" {
    if obj.Scheme == "":
        obj.Scheme = "HTTP"


def SetDefaults_NamespaceStatus(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: if obj.Phase == "" {
    if obj.Phase == "":
        obj.Phase = "Active"


def SetDefaults_ObjectFieldSelector(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: if obj.APIVersion == "" {
    if obj.APIVersion == "":
        obj.APIVersion = "v1"


def SetDefaults_ConfigMap(t: Types, obj: GoStruct) -> None:  # noqa: N802
    # go: if obj.Data == nil {
    if obj.Data is None:
        obj.Data = {}


# Each versioned type → its defaulting function (the defaults.go of the type's package).
DEFAULTERS: dict[str, Callable[[Types, Any], None]] = {
    f"{APPS_V1}.Deployment": SetDefaults_Deployment_apps_v1,
    f"{APPS_V1BETA2}.Deployment": SetDefaults_Deployment_apps_v1,  # pkg/apis/apps/v1beta2: the same statements
    f"{APPS_V1}.ReplicaSet": SetDefaults_ReplicaSet_apps_v1,
    f"{APPS_V1BETA2}.ReplicaSet": SetDefaults_ReplicaSet_apps_v1,
    f"{APPS_V1BETA1}.Deployment": SetDefaults_Deployment_apps_v1beta1,
    f"{EXTENSIONS_V1BETA1}.Deployment": SetDefaults_Deployment_extensions_v1beta1,
    f"{EXTENSIONS_V1BETA1}.ReplicaSet": SetDefaults_ReplicaSet_extensions_v1beta1,
    f"{CORE_V1}.ResourceList": SetDefaults_ResourceList,
    f"{CORE_V1}.Volume": SetDefaults_Volume,
    f"{CORE_V1}.ContainerPort": SetDefaults_ContainerPort,
    f"{CORE_V1}.Container": SetDefaults_Container,
    f"{CORE_V1}.Service": SetDefaults_Service,
    f"{CORE_V1}.Pod": SetDefaults_Pod,
    f"{CORE_V1}.PodSpec": SetDefaults_PodSpec,
    f"{CORE_V1}.Probe": SetDefaults_Probe,
    f"{CORE_V1}.SecretVolumeSource": _default_mode(0o644),  # SetDefaults_SecretVolumeSource: SecretVolumeSourceDefaultMode
    f"{CORE_V1}.ConfigMapVolumeSource": _default_mode(0o644),  # SetDefaults_ConfigMapVolumeSource
    f"{CORE_V1}.DownwardAPIVolumeSource": _default_mode(0o644),  # SetDefaults_DownwardAPIVolumeSource
    f"{CORE_V1}.ProjectedVolumeSource": _default_mode(0o644),  # SetDefaults_ProjectedVolumeSource
    f"{CORE_V1}.HTTPGetAction": SetDefaults_HTTPGetAction,
    f"{CORE_V1}.NamespaceStatus": SetDefaults_NamespaceStatus,
    f"{CORE_V1}.ObjectFieldSelector": SetDefaults_ObjectFieldSelector,
    f"{CORE_V1}.ConfigMap": SetDefaults_ConfigMap,
}
# The Go each Python function mirrors (the replica page puts them side by side).
MIRRORS = {
    "SetDefaults_Deployment_apps_v1": "k8s.io/kubernetes/pkg/apis/apps/v1.SetDefaults_Deployment",
    "SetDefaults_ReplicaSet_apps_v1": "k8s.io/kubernetes/pkg/apis/apps/v1.SetDefaults_ReplicaSet",
    "SetDefaults_Deployment_apps_v1beta1": "k8s.io/kubernetes/pkg/apis/apps/v1beta1.SetDefaults_Deployment",
    "SetDefaults_Deployment_extensions_v1beta1": "k8s.io/kubernetes/pkg/apis/extensions/v1beta1.SetDefaults_Deployment",
    "SetDefaults_ReplicaSet_extensions_v1beta1": "k8s.io/kubernetes/pkg/apis/extensions/v1beta1.SetDefaults_ReplicaSet",
    **{name: f"k8s.io/kubernetes/pkg/apis/core/v1.{name}" for name in (
        "SetDefaults_ResourceList", "SetDefaults_Volume", "SetDefaults_ContainerPort", "SetDefaults_Container", "SetDefaults_Service",
        "SetDefaults_Pod", "SetDefaults_PodSpec", "SetDefaults_Probe", "SetDefaults_HTTPGetAction", "SetDefaults_NamespaceStatus",
        "SetDefaults_ObjectFieldSelector", "SetDefaults_ConfigMap")},
}  # fmt: skip
# Types with a defaulter in v1.9.9 that the replica does not run (no object it serves reaches them
# except through volume sources it refuses; see validation.NOT_REPLICATED).
NOT_RUN = ("SetDefaults_HostPathVolumeSource", "SetDefaults_ISCSIVolumeSource", "SetDefaults_RBDVolumeSource",
           "SetDefaults_AzureDiskVolumeSource", "SetDefaults_ScaleIOVolumeSource")  # fmt: skip


def set_object_defaults(t: Types, obj: GoStruct) -> None:
    """SetObjectDefaults_<Kind>: every defaulting function of the tree, parents first."""
    t.walk(obj, GoType("struct", obj.go_type.id), lambda value, type_id: DEFAULTERS[type_id](t, value) if type_id in DEFAULTERS else None)


def parse_image_tag(image: str) -> str:
    """The tag parsers.ParseImageName finds: after the last ':' of the last path element, unless a
    digest (@sha256:…) pins the image; `latest` when there is neither."""
    name, _, digest = image.partition("@")
    if digest:
        return ""
    last = name.rpartition("/")[2]
    return last.rpartition(":")[2] if ":" in last else "latest"
