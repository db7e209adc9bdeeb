"""kube-controller-manager's options and every default they start with.

Mirrors, at Kubernetes v1.9.9:
  cmd/kube-controller-manager/app/options/options.go    CMServer, NewCMServer, (*CMServer).Validate
  pkg/apis/componentconfig/types.go                      KubeControllerManagerConfiguration, VolumeConfiguration,
                                                         PersistentVolumeRecyclerConfiguration, LeaderElectionConfiguration,
                                                         GroupResource (the field order of each)
  pkg/client/leaderelectionconfig/config.go              DefaultLeaderElectionConfiguration
  pkg/controller/garbagecollector/graph_builder.go       DefaultIgnoredResources
and the constants NewCMServer reads: ports.ControllerManagerPort (pkg/master/ports/ports.go),
helpers.OneYear (vendor/github.com/cloudflare/cfssl/helpers), rl.EndpointsResourceLock
(client-go/tools/leaderelection/resourcelock).

Field names and paths are Go's (`KubeControllerManagerConfiguration.LeaderElection.LeaseDuration.Duration`),
as `k8s-reader defaults` lists them; metav1.Duration stays a struct around its time.Duration, as in Go (the
listing shows it as the duration it wraps, as the facts do).
These are the defaults before AddFlags: some flags register a literal default of their own
(--profiling's true, --node-eviction-rate's 0.1, …) and write it into the field when registered
(add_flags.py).

Run it:  python -m reader.replicas.kube_controller_manager.options      (prints the tree: path, value)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from reader.replicas.pflag import go_quote
from reader.replicas.kube_apiserver.server_run_options import HOUR, MINUTE, SECOND, print_tree  # Go's time units; the tree printer
from reader.replicas.pflag import Duration

# Python function → the Go function it follows (the replica pages put them side by side).
MIRRORS = {
    "new_cm_server": "k8s.io/kubernetes/cmd/kube-controller-manager/app/options.NewCMServer",
    "default_leader_election_configuration": "k8s.io/kubernetes/pkg/client/leaderelectionconfig.DefaultLeaderElectionConfiguration",
    "CMServer.validate": "k8s.io/kubernetes/cmd/kube-controller-manager/app/options.(*CMServer).Validate",
}

CONTROLLER_MANAGER_PORT = 10252  # ports.ControllerManagerPort
ONE_YEAR = Duration(8760 * HOUR)  # cfssl's helpers.OneYear
ENDPOINTS_RESOURCE_LOCK = "endpoints"  # resourcelock.EndpointsResourceLock
# The deprecated defaults options.go exports "so that we can warn if they are being used".
DEFAULT_CLUSTER_SIGNING_CERT_FILE = "/etc/kubernetes/ca/ca.pem"
DEFAULT_CLUSTER_SIGNING_KEY_FILE = "/etc/kubernetes/ca/ca.key"


@dataclass
class MetaDuration:
    """metav1.Duration: a struct holding a time.Duration (flags write into its Duration field)."""

    Duration: Duration = Duration(0)


def _duration(nanoseconds: int) -> MetaDuration:
    return MetaDuration(Duration(nanoseconds))


@dataclass
class TypeMeta:
    Kind: str = ""
    APIVersion: str = ""


@dataclass
class GroupResource:
    Group: str = ""
    Resource: str = ""


@dataclass
class LeaderElectionConfiguration:
    LeaderElect: bool = False
    LeaseDuration: MetaDuration = field(default_factory=MetaDuration)
    RenewDeadline: MetaDuration = field(default_factory=MetaDuration)
    RetryPeriod: MetaDuration = field(default_factory=MetaDuration)
    ResourceLock: str = ""


@dataclass
class PersistentVolumeRecyclerConfiguration:
    MaximumRetry: int = 0
    MinimumTimeoutNFS: int = 0
    PodTemplateFilePathNFS: str = ""
    IncrementTimeoutNFS: int = 0
    PodTemplateFilePathHostPath: str = ""
    MinimumTimeoutHostPath: int = 0
    IncrementTimeoutHostPath: int = 0


@dataclass
class VolumeConfiguration:
    EnableHostPathProvisioning: bool = False
    EnableDynamicProvisioning: bool = False
    PersistentVolumeRecyclerConfiguration: PersistentVolumeRecyclerConfiguration = field(default_factory=PersistentVolumeRecyclerConfiguration)
    FlexVolumePluginDir: str = ""


@dataclass
class KubeControllerManagerConfiguration:
    """componentconfig.KubeControllerManagerConfiguration: Go's zero values; NewCMServer sets the rest."""

    TypeMeta: TypeMeta = field(default_factory=TypeMeta)
    Controllers: list[str] | None = None
    Port: int = 0
    Address: str = ""
    UseServiceAccountCredentials: bool = False
    CloudProvider: str = ""
    CloudConfigFile: str = ""
    AllowUntaggedCloud: bool = False
    ConcurrentEndpointSyncs: int = 0
    ConcurrentRSSyncs: int = 0
    ConcurrentRCSyncs: int = 0
    ConcurrentServiceSyncs: int = 0
    ConcurrentResourceQuotaSyncs: int = 0
    ConcurrentDeploymentSyncs: int = 0
    ConcurrentDaemonSetSyncs: int = 0
    ConcurrentJobSyncs: int = 0
    ConcurrentNamespaceSyncs: int = 0
    ConcurrentSATokenSyncs: int = 0
    ServiceSyncPeriod: MetaDuration = field(default_factory=MetaDuration)
    NodeSyncPeriod: MetaDuration = field(default_factory=MetaDuration)
    RouteReconciliationPeriod: MetaDuration = field(default_factory=MetaDuration)
    ResourceQuotaSyncPeriod: MetaDuration = field(default_factory=MetaDuration)
    NamespaceSyncPeriod: MetaDuration = field(default_factory=MetaDuration)
    PVClaimBinderSyncPeriod: MetaDuration = field(default_factory=MetaDuration)
    MinResyncPeriod: MetaDuration = field(default_factory=MetaDuration)
    TerminatedPodGCThreshold: int = 0
    HorizontalPodAutoscalerSyncPeriod: MetaDuration = field(default_factory=MetaDuration)
    HorizontalPodAutoscalerUpscaleForbiddenWindow: MetaDuration = field(default_factory=MetaDuration)
    HorizontalPodAutoscalerDownscaleForbiddenWindow: MetaDuration = field(default_factory=MetaDuration)
    HorizontalPodAutoscalerTolerance: float = 0.0
    DeploymentControllerSyncPeriod: MetaDuration = field(default_factory=MetaDuration)
    PodEvictionTimeout: MetaDuration = field(default_factory=MetaDuration)
    DeletingPodsQps: float = 0.0
    DeletingPodsBurst: int = 0
    NodeMonitorGracePeriod: MetaDuration = field(default_factory=MetaDuration)
    RegisterRetryCount: int = 0
    NodeStartupGracePeriod: MetaDuration = field(default_factory=MetaDuration)
    NodeMonitorPeriod: MetaDuration = field(default_factory=MetaDuration)
    ServiceAccountKeyFile: str = ""
    ClusterSigningCertFile: str = ""
    ClusterSigningKeyFile: str = ""
    ClusterSigningDuration: MetaDuration = field(default_factory=MetaDuration)
    EnableProfiling: bool = False
    EnableContentionProfiling: bool = False
    ClusterName: str = ""
    ClusterCIDR: str = ""
    ServiceCIDR: str = ""
    NodeCIDRMaskSize: int = 0
    AllocateNodeCIDRs: bool = False
    CIDRAllocatorType: str = ""
    ConfigureCloudRoutes: bool = False
    RootCAFile: str = ""
    ContentType: str = ""
    KubeAPIQPS: float = 0.0
    KubeAPIBurst: int = 0
    LeaderElection: LeaderElectionConfiguration = field(default_factory=LeaderElectionConfiguration)
    VolumeConfiguration: VolumeConfiguration = field(default_factory=VolumeConfiguration)
    ControllerStartInterval: MetaDuration = field(default_factory=MetaDuration)
    EnableGarbageCollector: bool = False
    ConcurrentGCSyncs: int = 0
    GCIgnoredResources: list[GroupResource] | None = None
    NodeEvictionRate: float = 0.0
    SecondaryNodeEvictionRate: float = 0.0
    LargeClusterSizeThreshold: int = 0
    UnhealthyZoneThreshold: float = 0.0
    DisableAttachDetachReconcilerSync: bool = False
    ReconcilerSyncLoopPeriod: MetaDuration = field(default_factory=MetaDuration)
    EnableTaintManager: bool = False
    HorizontalPodAutoscalerUseRESTClients: bool = False


@dataclass
class CMServer:
    """options.CMServer: the configuration (embedded in Go) and the two client flags."""

    KubeControllerManagerConfiguration: KubeControllerManagerConfiguration
    Master: str = ""
    Kubeconfig: str = ""

    def validate(self, all_controllers: list[str], disabled_by_default_controllers: list[str]) -> str | None:
        """Every name in --controllers (less a leading "-") must be a known controller, or "*".
        The errors come back as utilerrors.NewAggregate's text; None when there are none."""
        errors = []
        known = set(all_controllers)
        for controller in self.KubeControllerManagerConfiguration.Controllers or []:
            if controller == "*":
                continue
            controller = controller.removeprefix("-")
            if controller not in known:
                errors.append(f"{go_quote(controller)} is not in the list of known controllers")
        return aggregate(errors)


def aggregate(errors: list[str]) -> str | None:
    """utilerrors.NewAggregate(errs).Error(): nothing, the one error, or "[a, b]"."""
    if not errors:
        return None
    return errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"


# The garbage collector never watches these (graph_builder.go's ignoredResources).  Go keeps them
# in a map and NewCMServer copies them out by ranging over it, so their order in
# GCIgnoredResources differs from run to run; this keeps the source's order.
GC_IGNORED_RESOURCES = (
    ("extensions", "replicationcontrollers"),
    ("", "bindings"),
    ("", "componentstatuses"),
    ("", "events"),
    ("authentication.k8s.io", "tokenreviews"),
    ("authorization.k8s.io", "subjectaccessreviews"),
    ("authorization.k8s.io", "selfsubjectaccessreviews"),
    ("authorization.k8s.io", "localsubjectaccessreviews"),
    ("authorization.k8s.io", "selfsubjectrulesreviews"),
    ("apiregistration.k8s.io", "apiservices"),
    ("apiextensions.k8s.io", "customresourcedefinitions"),
)


def default_leader_election_configuration() -> LeaderElectionConfiguration:
    """leaderelectionconfig.DefaultLeaderElectionConfiguration: off, 15s lease, 10s renew, 2s retry, on Endpoints."""
    return LeaderElectionConfiguration(
        LeaderElect=False,
        LeaseDuration=_duration(15 * SECOND),  # DefaultLeaseDuration
        RenewDeadline=_duration(10 * SECOND),  # DefaultRenewDeadline
        RetryPeriod=_duration(2 * SECOND),  # DefaultRetryPeriod
        ResourceLock=ENDPOINTS_RESOURCE_LOCK,
    )


def new_cm_server() -> CMServer:
    """NewCMServer: the literals options.go writes (the order here is the composite literal's)."""
    gc_ignored_resources = [GroupResource(group, resource) for group, resource in GC_IGNORED_RESOURCES]
    s = CMServer(
        KubeControllerManagerConfiguration(
            Controllers=["*"],
            Port=CONTROLLER_MANAGER_PORT,
            Address="0.0.0.0",
            ConcurrentEndpointSyncs=5,
            ConcurrentServiceSyncs=1,
            ConcurrentRCSyncs=5,
            ConcurrentRSSyncs=5,
            ConcurrentDaemonSetSyncs=2,
            ConcurrentJobSyncs=5,
            ConcurrentResourceQuotaSyncs=5,
            ConcurrentDeploymentSyncs=5,
            ConcurrentNamespaceSyncs=10,
            ConcurrentSATokenSyncs=5,
            ServiceSyncPeriod=_duration(5 * MINUTE),
            RouteReconciliationPeriod=_duration(10 * SECOND),
            ResourceQuotaSyncPeriod=_duration(5 * MINUTE),
            NamespaceSyncPeriod=_duration(5 * MINUTE),
            PVClaimBinderSyncPeriod=_duration(15 * SECOND),
            HorizontalPodAutoscalerSyncPeriod=_duration(30 * SECOND),
            HorizontalPodAutoscalerUpscaleForbiddenWindow=_duration(3 * MINUTE),
            HorizontalPodAutoscalerDownscaleForbiddenWindow=_duration(5 * MINUTE),
            HorizontalPodAutoscalerTolerance=0.1,
            DeploymentControllerSyncPeriod=_duration(30 * SECOND),
            MinResyncPeriod=_duration(12 * HOUR),
            RegisterRetryCount=10,
            PodEvictionTimeout=_duration(5 * MINUTE),
            NodeMonitorGracePeriod=_duration(40 * SECOND),
            NodeStartupGracePeriod=_duration(60 * SECOND),
            NodeMonitorPeriod=_duration(5 * SECOND),
            ClusterName="kubernetes",
            NodeCIDRMaskSize=24,
            ConfigureCloudRoutes=True,
            TerminatedPodGCThreshold=12500,
            VolumeConfiguration=VolumeConfiguration(
                EnableHostPathProvisioning=False,
                EnableDynamicProvisioning=True,
                PersistentVolumeRecyclerConfiguration=PersistentVolumeRecyclerConfiguration(
                    MaximumRetry=3,
                    MinimumTimeoutNFS=300,
                    IncrementTimeoutNFS=30,
                    MinimumTimeoutHostPath=60,
                    IncrementTimeoutHostPath=30,
                ),
                FlexVolumePluginDir="/usr/libexec/kubernetes/kubelet-plugins/volume/exec/",
            ),
            ContentType="application/vnd.kubernetes.protobuf",
            KubeAPIQPS=20.0,
            KubeAPIBurst=30,
            LeaderElection=default_leader_election_configuration(),
            ControllerStartInterval=_duration(0 * SECOND),
            EnableGarbageCollector=True,
            ConcurrentGCSyncs=20,
            GCIgnoredResources=gc_ignored_resources,
            ClusterSigningCertFile=DEFAULT_CLUSTER_SIGNING_CERT_FILE,
            ClusterSigningKeyFile=DEFAULT_CLUSTER_SIGNING_KEY_FILE,
            ClusterSigningDuration=MetaDuration(ONE_YEAR),
            ReconcilerSyncLoopPeriod=_duration(60 * SECOND),
            EnableTaintManager=True,
            HorizontalPodAutoscalerUseRESTClients=True,
        )
    )
    # ---- s.LeaderElection.LeaderElect = true: the controller manager elects a leader unless told not to
    s.KubeControllerManagerConfiguration.LeaderElection.LeaderElect = True
    return s


def main(argv: list[str]) -> int:
    return print_tree(new_cm_server(), argv, "reader.replicas.kube_controller_manager.options")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
