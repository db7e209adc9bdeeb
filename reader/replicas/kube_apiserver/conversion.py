"""The hand-written Convert_* functions of v1.9.9 that the request replica needs, run after the
automatic field-by-field conversion (go_values.Types.convert, conversion-gen's autoConvert).

conversion-gen converts every field whose name and type agree on both sides; where they do not
(the versioned `Replicas *int32` against the internal `Replicas int32`, the internal PodSpec
keeping hostNetwork inside its SecurityContext, apps/v1 carrying the deprecated rollbackTo as
an annotation) the package has a manual function, and these are those functions.  `HOOKS` maps
(source type, target type) to each.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.replicas.kube_apiserver.go_values import ConversionError, GoStruct, Types

EXT = "k8s.io/kubernetes/pkg/apis/extensions"
CORE = "k8s.io/kubernetes/pkg/apis/core"
ROLLBACK_TO = "deprecated.deployment.rollback.to"  # appsv1.DeprecatedRollbackTo
INIT_CONTAINER_ANNOTATIONS = ("pod.beta.kubernetes.io/init-containers", "pod.alpha.kubernetes.io/init-containers",
                              "pod.beta.kubernetes.io/init-container-statuses", "pod.alpha.kubernetes.io/init-container-statuses")  # fmt: skip


def Convert_v1_DeploymentSpec_To_extensions_DeploymentSpec(t: Types, in_: GoStruct, out: GoStruct) -> None:  # noqa: N802
    # go: if in.Replicas != nil {
    if in_.Replicas is not None:
        out.Replicas = in_.Replicas


def Convert_extensions_DeploymentSpec_To_v1_DeploymentSpec(t: Types, in_: GoStruct, out: GoStruct) -> None:  # noqa: N802
    # go: out.Replicas = &in.Replicas
    out.Replicas = in_.Replicas


def Convert_v1_RollingUpdateDeployment_To_extensions_RollingUpdateDeployment(t: Types, in_: GoStruct, out: GoStruct) -> None:  # noqa: N802
    # go: if err := s.Convert(in.MaxUnavailable, &out.MaxUnavailable, 0); err != nil {
    # (the reflective converter refuses a nil *IntOrString: left nil when the strategy is Recreate, so not defaulted)
    if in_.MaxUnavailable is None:
        raise ConversionError("expected pointer, but got nil")
    out.MaxUnavailable = in_.MaxUnavailable
    # go: if err := s.Convert(in.MaxSurge, &out.MaxSurge, 0); err != nil {
    if in_.MaxSurge is None:
        raise ConversionError("expected pointer, but got nil")
    out.MaxSurge = in_.MaxSurge


def Convert_extensions_RollingUpdateDeployment_To_v1_RollingUpdateDeployment(t: Types, in_: GoStruct, out: GoStruct) -> None:  # noqa: N802
    # go: if out.MaxUnavailable == nil {
    out.MaxUnavailable = in_.MaxUnavailable
    # go: if out.MaxSurge == nil {
    out.MaxSurge = in_.MaxSurge


def Convert_v1_Deployment_To_extensions_Deployment(t: Types, in_: GoStruct, out: GoStruct) -> None:  # noqa: N802
    # go: if revision, _ := in.Annotations[appsv1.DeprecatedRollbackTo]; revision != "" {
    revision = (in_.Annotations or {}).get(ROLLBACK_TO, "")
    if revision:
        out.Spec.RollbackTo = t.new(f"{EXT}.RollbackConfig", Revision=int(revision))
        del out.Annotations[ROLLBACK_TO]
    else:
        out.Spec.RollbackTo = None


def Convert_extensions_Deployment_To_v1_Deployment(t: Types, in_: GoStruct, out: GoStruct) -> None:  # noqa: N802
    # go: if in.Spec.RollbackTo != nil {
    if in_.Spec.RollbackTo is not None:
        out.Annotations = {**(out.Annotations or {}), ROLLBACK_TO: str(in_.Spec.RollbackTo.Revision)}
    elif out.Annotations:
        out.Annotations.pop(ROLLBACK_TO, None)


def Convert_v1_PodSpec_To_core_PodSpec(t: Types, in_: GoStruct, out: GoStruct) -> None:  # noqa: N802
    # go: if in.ServiceAccountName == "" {
    if in_.ServiceAccountName == "":
        out.ServiceAccountName = in_.DeprecatedServiceAccount
    # go: if out.SecurityContext == nil {
    if out.SecurityContext is None:
        out.SecurityContext = t.new(f"{CORE}.PodSecurityContext")
    # go: out.SecurityContext.HostNetwork = in.HostNetwork
    out.SecurityContext.HostNetwork = in_.HostNetwork
    out.SecurityContext.HostPID = in_.HostPID
    out.SecurityContext.HostIPC = in_.HostIPC


def Convert_core_PodSpec_To_v1_PodSpec(t: Types, in_: GoStruct, out: GoStruct) -> None:  # noqa: N802
    # go: out.DeprecatedServiceAccount = in.ServiceAccountName
    out.DeprecatedServiceAccount = in_.ServiceAccountName
    # go: if in.SecurityContext != nil {
    if in_.SecurityContext is not None:
        out.HostPID = in_.SecurityContext.HostPID
        out.HostNetwork = in_.SecurityContext.HostNetwork
        out.HostIPC = in_.SecurityContext.HostIPC


def drop_init_container_annotations(t: Types, in_: GoStruct, out: GoStruct) -> None:
    """The PodTemplateSpec and Pod conversions (both ways): dropInitContainerAnnotations."""
    if out.Annotations and any(k in out.Annotations for k in INIT_CONTAINER_ANNOTATIONS):
        out.Annotations = {k: v for k, v in out.Annotations.items() if k not in INIT_CONTAINER_ANNOTATIONS}


def _hooks() -> dict[tuple[str, str], Callable[[Types, GoStruct, GoStruct], None]]:
    hooks: dict[tuple[str, str], Callable[[Types, GoStruct, GoStruct], None]] = {}
    for version in ("apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1"):
        api = f"k8s.io/api/{version}"
        for spec in ("DeploymentSpec", "ReplicaSetSpec"):  # both spell Replicas the same way
            hooks[(f"{api}.{spec}", f"{EXT}.{spec}")] = Convert_v1_DeploymentSpec_To_extensions_DeploymentSpec
            hooks[(f"{EXT}.{spec}", f"{api}.{spec}")] = Convert_extensions_DeploymentSpec_To_v1_DeploymentSpec
        hooks[(f"{api}.RollingUpdateDeployment", f"{EXT}.RollingUpdateDeployment")] = Convert_v1_RollingUpdateDeployment_To_extensions_RollingUpdateDeployment
        hooks[(f"{EXT}.RollingUpdateDeployment", f"{api}.RollingUpdateDeployment")] = Convert_extensions_RollingUpdateDeployment_To_v1_RollingUpdateDeployment
    for version in ("apps/v1", "apps/v1beta2"):  # the versions without a rollbackTo field
        hooks[(f"k8s.io/api/{version}.Deployment", f"{EXT}.Deployment")] = Convert_v1_Deployment_To_extensions_Deployment
        hooks[(f"{EXT}.Deployment", f"k8s.io/api/{version}.Deployment")] = Convert_extensions_Deployment_To_v1_Deployment
    hooks[("k8s.io/api/core/v1.PodSpec", f"{CORE}.PodSpec")] = Convert_v1_PodSpec_To_core_PodSpec
    hooks[(f"{CORE}.PodSpec", "k8s.io/api/core/v1.PodSpec")] = Convert_core_PodSpec_To_v1_PodSpec
    for kind in ("PodTemplateSpec", "Pod"):
        hooks[(f"k8s.io/api/core/v1.{kind}", f"{CORE}.{kind}")] = drop_init_container_annotations
        hooks[(f"{CORE}.{kind}", f"k8s.io/api/core/v1.{kind}")] = drop_init_container_annotations
    return hooks


HOOKS = _hooks()
MIRRORS = {
    "Convert_v1_DeploymentSpec_To_extensions_DeploymentSpec": "k8s.io/kubernetes/pkg/apis/apps/v1.Convert_v1_DeploymentSpec_To_extensions_DeploymentSpec",
    "Convert_extensions_DeploymentSpec_To_v1_DeploymentSpec": "k8s.io/kubernetes/pkg/apis/apps/v1.Convert_extensions_DeploymentSpec_To_v1_DeploymentSpec",
    "Convert_v1_RollingUpdateDeployment_To_extensions_RollingUpdateDeployment": "k8s.io/kubernetes/pkg/apis/apps/v1.Convert_v1_RollingUpdateDeployment_To_extensions_RollingUpdateDeployment",
    "Convert_extensions_RollingUpdateDeployment_To_v1_RollingUpdateDeployment": "k8s.io/kubernetes/pkg/apis/apps/v1.Convert_extensions_RollingUpdateDeployment_To_v1_RollingUpdateDeployment",
    "Convert_v1_Deployment_To_extensions_Deployment": "k8s.io/kubernetes/pkg/apis/apps/v1.Convert_v1_Deployment_To_extensions_Deployment",
    "Convert_extensions_Deployment_To_v1_Deployment": "k8s.io/kubernetes/pkg/apis/apps/v1.Convert_extensions_Deployment_To_v1_Deployment",
    "Convert_v1_PodSpec_To_core_PodSpec": "k8s.io/kubernetes/pkg/apis/core/v1.Convert_v1_PodSpec_To_core_PodSpec",
    "Convert_core_PodSpec_To_v1_PodSpec": "k8s.io/kubernetes/pkg/apis/core/v1.Convert_core_PodSpec_To_v1_PodSpec",
    "drop_init_container_annotations": "k8s.io/kubernetes/pkg/apis/core/v1.dropInitContainerAnnotations",
}
