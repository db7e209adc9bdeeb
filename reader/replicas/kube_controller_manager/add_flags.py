"""Every flag kube-controller-manager v1.9.9 registers, on the pflag replica.

Mirrors, at Kubernetes v1.9.9:
  cmd/kube-controller-manager/app/options/options.go     (*CMServer).AddFlags
  pkg/client/leaderelectionconfig/config.go              BindFlags (reader/replicas/component_flags.py, shared)
  pkg/apis/componentconfig/helpers.go                    IPVar (--address)
  staging/src/k8s.io/apiserver/pkg/util/feature/         (*featureGate).AddFlag (component_flags)
and the flags registered at package level by what kube-controller-manager links: verflag's
--version, util/logs' --log-flush-frequency, glog's seven and the GCE provider's CIDRs
(component_flags), cfssl's log package (--loglevel) and certificate-transparency's
(--allow_verification_with_non_compliant_keys).

AddFlags takes the controller names as arguments, as Go's does; main passes app.KnownControllers()
and app.ControllersDisabledByDefault.List() (app.py), so --controllers' usage is built from the
replica of NewControllerInitializers, not typed in.  Usage texts are v1.9.9's, transcribed.

Run it:  python -m reader.replicas.kube_controller_manager.add_flags --help
         python -m reader.replicas.kube_controller_manager.add_flags --controllers=*,-ttl --port 0
"""

from __future__ import annotations

import contextlib
import ipaddress
import sys
from dataclasses import dataclass

from reader.replicas import component_flags
from reader.replicas.component_flags import (
    FEATURE_GATES, FeatureGate, VersionValue, add_gce_lb_src_cidrs_flag, add_version_and_logging_flags, bind_leader_election_flags,
)  # fmt: skip
from reader.replicas.kube_controller_manager import app
from reader.replicas.kube_controller_manager import options as o
from reader.replicas.pflag import Duration, FlagError, FlagSet, GoFlagSet, Pointer, Value, go_quote

# Python function → the Go function it follows (the replica pages put them side by side).
MIRRORS = {
    "add_flags": "k8s.io/kubernetes/cmd/kube-controller-manager/app/options.(*CMServer).AddFlags",
    "IPVar.set": "k8s.io/kubernetes/pkg/apis/componentconfig.(IPVar).Set",
}


@dataclass
class IPVar(Value):
    """componentconfig.IPVar: a string field that takes only an IP address, kept as written.
    Set("") sets the Var's own copy of the pointer to nil, which leaves the field as it was."""

    owner: object
    field: str
    type_name = "ip"

    def string(self) -> str:
        return getattr(self.owner, self.field)

    def set(self, text: str) -> None:
        if not text:
            return
        try:
            if "%" in text:  # net.ParseIP takes no IPv6 zone
                raise ValueError
            ipaddress.ip_address(text)
        except ValueError:
            raise ValueError(f"{go_quote(text)} is not a valid IP address") from None
        setattr(self.owner, self.field, text)


@dataclass
class Globals:
    """What package initialisation registers, and where Go keeps those values."""

    command_line: FlagSet
    go_flags: GoFlagSet
    version: VersionValue
    feature_gate: FeatureGate


def package_level_flags(name: str = "kube-controller-manager") -> Globals:
    command_line = FlagSet(name)  # pflag.CommandLine
    go_flags = GoFlagSet()  # flag.CommandLine
    version = add_version_and_logging_flags(command_line, go_flags)
    add_gce_lb_src_cidrs_flag(go_flags)
    # ---- vendor/github.com/cloudflare/cfssl/log: flag.IntVar(&Level, "loglevel", LevelInfo, …); LevelInfo is 1
    go_flags.add("int", "loglevel", 1, "Log level (0 = DEBUG, 5 = FATAL)")
    # ---- vendor/github.com/google/certificate-transparency/go/signatures.go
    go_flags.add("bool", "allow_verification_with_non_compliant_keys", False,
                 "Allow a SignatureVerifier to use keys which are technically non-compliant with RFC6962.")  # fmt: skip
    return Globals(command_line, go_flags, version, FeatureGate(dict(FEATURE_GATES)))


def add_flags(cm: o.CMServer, fs: FlagSet, all_controllers: list[str], disabled_by_default_controllers: list[str], g: Globals) -> None:
    """(*CMServer).AddFlags (cmd/kube-controller-manager/app/options/options.go), in its order."""
    s = cm.KubeControllerManagerConfiguration  # embedded in Go: s.Port is s.KubeControllerManagerConfiguration.Port
    fs.add("stringSlice", "controllers", s.Controllers, into=Pointer(s, "Controllers"), usage=""
           "A list of controllers to enable.  '*' enables all on-by-default controllers, 'foo' enables the controller "
           "named 'foo', '-foo' disables the controller named 'foo'.\nAll controllers: " + ", ".join(all_controllers)
           + "\nDisabled-by-default controllers: " + ", ".join(disabled_by_default_controllers))
    fs.add("int32", "port", s.Port, into=Pointer(s, "Port"), usage="The port that the controller-manager's http service runs on")
    fs.var(IPVar(s, "Address"), "address", "The IP address to serve on (set to 0.0.0.0 for all interfaces)")
    fs.add("bool", "use-service-account-credentials", s.UseServiceAccountCredentials, into=Pointer(s, "UseServiceAccountCredentials"),
           usage="If true, use individual service account credentials for each controller.")
    fs.add("string", "cloud-provider", s.CloudProvider, into=Pointer(s, "CloudProvider"), usage="The provider for cloud services.  Empty string for no provider.")
    fs.add("string", "cloud-config", s.CloudConfigFile, into=Pointer(s, "CloudConfigFile"),
           usage="The path to the cloud provider configuration file.  Empty string for no configuration file.")
    fs.add("bool", "allow-untagged-cloud", False, into=Pointer(s, "AllowUntaggedCloud"), usage=""
           "Allow the cluster to run without the cluster-id on cloud instances.  This is a legacy mode of operation "
           "and a cluster-id will be required in the future.")
    fs.mark_deprecated("allow-untagged-cloud", "This flag is deprecated and will be removed in a future release.  A cluster-id will be required on cloud instances")
    fs.add("int32", "concurrent-endpoint-syncs", s.ConcurrentEndpointSyncs, into=Pointer(s, "ConcurrentEndpointSyncs"), usage=""
           "The number of endpoint syncing operations that will be done concurrently. Larger number = faster endpoint updating, "
           "but more CPU (and network) load")
    fs.add("int32", "concurrent-service-syncs", s.ConcurrentServiceSyncs, into=Pointer(s, "ConcurrentServiceSyncs"), usage=""
           "The number of services that are allowed to sync concurrently. Larger number = more responsive service management, "
           "but more CPU (and network) load")
    # registered as "concurrent_rc_syncs": InitFlags' WordSepNormalizeFunc later renames it --concurrent-rc-syncs
    fs.add("int32", "concurrent_rc_syncs", s.ConcurrentRCSyncs, into=Pointer(s, "ConcurrentRCSyncs"), usage=""
           "The number of replication controllers that are allowed to sync concurrently. Larger number = more responsive "
           "replica management, but more CPU (and network) load")
    fs.add("int32", "concurrent-replicaset-syncs", s.ConcurrentRSSyncs, into=Pointer(s, "ConcurrentRSSyncs"), usage=""
           "The number of replica sets that are allowed to sync concurrently. Larger number = more responsive replica "
           "management, but more CPU (and network) load")
    fs.add("int32", "concurrent-resource-quota-syncs", s.ConcurrentResourceQuotaSyncs, into=Pointer(s, "ConcurrentResourceQuotaSyncs"), usage=""
           "The number of resource quotas that are allowed to sync concurrently. Larger number = more responsive quota "
           "management, but more CPU (and network) load")
    fs.add("int32", "concurrent-deployment-syncs", s.ConcurrentDeploymentSyncs, into=Pointer(s, "ConcurrentDeploymentSyncs"), usage=""
           "The number of deployment objects that are allowed to sync concurrently. Larger number = more responsive "
           "deployments, but more CPU (and network) load")
    fs.add("int32", "concurrent-namespace-syncs", s.ConcurrentNamespaceSyncs, into=Pointer(s, "ConcurrentNamespaceSyncs"), usage=""
           "The number of namespace objects that are allowed to sync concurrently. Larger number = more responsive "
           "namespace termination, but more CPU (and network) load")
    fs.add("int32", "concurrent-serviceaccount-token-syncs", s.ConcurrentSATokenSyncs, into=Pointer(s, "ConcurrentSATokenSyncs"), usage=""
           "The number of service account token objects that are allowed to sync concurrently. Larger number = more "
           "responsive token generation, but more CPU (and network) load")
    fs.add("duration", "service-sync-period", s.ServiceSyncPeriod.Duration, into=Pointer(s.ServiceSyncPeriod, "Duration"),
           usage="The period for syncing services with their external load balancers")
    fs.add("duration", "node-sync-period", Duration(0), into=Pointer(s.NodeSyncPeriod, "Duration"), usage=""
           "This flag is deprecated and will be removed in future releases. See node-monitor-period for Node health checking or "
           "route-reconciliation-period for cloud provider's route configuration settings.")
    fs.mark_deprecated("node-sync-period", "This flag is currently no-op and will be deleted.")
    fs.add("duration", "route-reconciliation-period", s.RouteReconciliationPeriod.Duration, into=Pointer(s.RouteReconciliationPeriod, "Duration"),
           usage="The period for reconciling routes created for Nodes by cloud provider.")
    fs.add("duration", "resource-quota-sync-period", s.ResourceQuotaSyncPeriod.Duration, into=Pointer(s.ResourceQuotaSyncPeriod, "Duration"),
           usage="The period for syncing quota usage status in the system")
    fs.add("duration", "namespace-sync-period", s.NamespaceSyncPeriod.Duration, into=Pointer(s.NamespaceSyncPeriod, "Duration"),
           usage="The period for syncing namespace life-cycle updates")
    fs.add("duration", "pvclaimbinder-sync-period", s.PVClaimBinderSyncPeriod.Duration, into=Pointer(s.PVClaimBinderSyncPeriod, "Duration"),
           usage="The period for syncing persistent volumes and persistent volume claims")
    fs.add("duration", "min-resync-period", s.MinResyncPeriod.Duration, into=Pointer(s.MinResyncPeriod, "Duration"),
           usage="The resync period in reflectors will be random between MinResyncPeriod and 2*MinResyncPeriod")
    r = s.VolumeConfiguration.PersistentVolumeRecyclerConfiguration
    fs.add("string", "pv-recycler-pod-template-filepath-nfs", r.PodTemplateFilePathNFS, into=Pointer(r, "PodTemplateFilePathNFS"),
           usage="The file path to a pod definition used as a template for NFS persistent volume recycling")
    fs.add("int32", "pv-recycler-minimum-timeout-nfs", r.MinimumTimeoutNFS, into=Pointer(r, "MinimumTimeoutNFS"),
           usage="The minimum ActiveDeadlineSeconds to use for an NFS Recycler pod")
    fs.add("int32", "pv-recycler-increment-timeout-nfs", r.IncrementTimeoutNFS, into=Pointer(r, "IncrementTimeoutNFS"),
           usage="the increment of time added per Gi to ActiveDeadlineSeconds for an NFS scrubber pod")
    fs.add("string", "pv-recycler-pod-template-filepath-hostpath", r.PodTemplateFilePathHostPath, into=Pointer(r, "PodTemplateFilePathHostPath"), usage=""
           "The file path to a pod definition used as a template for HostPath persistent volume recycling. "
           "This is for development and testing only and will not work in a multi-node cluster.")
    fs.add("int32", "pv-recycler-minimum-timeout-hostpath", r.MinimumTimeoutHostPath, into=Pointer(r, "MinimumTimeoutHostPath"), usage=""
           "The minimum ActiveDeadlineSeconds to use for a HostPath Recycler pod.  This is for development and testing only "
           "and will not work in a multi-node cluster.")
    fs.add("int32", "pv-recycler-timeout-increment-hostpath", r.IncrementTimeoutHostPath, into=Pointer(r, "IncrementTimeoutHostPath"), usage=""
           "the increment of time added per Gi to ActiveDeadlineSeconds for a HostPath scrubber pod.  This is for development "
           "and testing only and will not work in a multi-node cluster.")
    v = s.VolumeConfiguration
    fs.add("bool", "enable-hostpath-provisioner", v.EnableHostPathProvisioning, into=Pointer(v, "EnableHostPathProvisioning"), usage=""
           "Enable HostPath PV provisioning when running without a cloud provider. This allows testing and development of "
           "provisioning features.  HostPath provisioning is not supported in any way, won't work in a multi-node cluster, "
           "and should not be used for anything other than testing or development.")
    fs.add("bool", "enable-dynamic-provisioning", v.EnableDynamicProvisioning, into=Pointer(v, "EnableDynamicProvisioning"),
           usage="Enable dynamic provisioning for environments that support it.")
    fs.add("string", "flex-volume-plugin-dir", v.FlexVolumePluginDir, into=Pointer(v, "FlexVolumePluginDir"),
           usage="Full path of the directory in which the flex volume plugin should search for additional third party volume plugins.")
    fs.add("int32", "terminated-pod-gc-threshold", s.TerminatedPodGCThreshold, into=Pointer(s, "TerminatedPodGCThreshold"), usage=""
           "Number of terminated pods that can exist before the terminated pod garbage collector starts deleting terminated pods. "
           "If <= 0, the terminated pod garbage collector is disabled.")
    fs.add("duration", "horizontal-pod-autoscaler-sync-period", s.HorizontalPodAutoscalerSyncPeriod.Duration,
           into=Pointer(s.HorizontalPodAutoscalerSyncPeriod, "Duration"),
           usage="The period for syncing the number of pods in horizontal pod autoscaler.")
    fs.add("duration", "horizontal-pod-autoscaler-upscale-delay", s.HorizontalPodAutoscalerUpscaleForbiddenWindow.Duration,
           into=Pointer(s.HorizontalPodAutoscalerUpscaleForbiddenWindow, "Duration"),
           usage="The period since last upscale, before another upscale can be performed in horizontal pod autoscaler.")
    fs.add("duration", "horizontal-pod-autoscaler-downscale-delay", s.HorizontalPodAutoscalerDownscaleForbiddenWindow.Duration,
           into=Pointer(s.HorizontalPodAutoscalerDownscaleForbiddenWindow, "Duration"),
           usage="The period since last downscale, before another downscale can be performed in horizontal pod autoscaler.")
    fs.add("float64", "horizontal-pod-autoscaler-tolerance", s.HorizontalPodAutoscalerTolerance, into=Pointer(s, "HorizontalPodAutoscalerTolerance"),
           usage="The minimum change (from 1.0) in the desired-to-actual metrics ratio for the horizontal pod autoscaler to consider scaling.")
    fs.add("duration", "deployment-controller-sync-period", s.DeploymentControllerSyncPeriod.Duration,
           into=Pointer(s.DeploymentControllerSyncPeriod, "Duration"), usage="Period for syncing the deployments.")
    fs.add("duration", "pod-eviction-timeout", s.PodEvictionTimeout.Duration, into=Pointer(s.PodEvictionTimeout, "Duration"),
           usage="The grace period for deleting pods on failed nodes.")
    fs.add("float32", "deleting-pods-qps", 0.1, into=Pointer(s, "DeletingPodsQps"),
           usage="Number of nodes per second on which pods are deleted in case of node failure.")
    fs.mark_deprecated("deleting-pods-qps", "This flag is currently no-op and will be deleted.")
    fs.add("int32", "deleting-pods-burst", 0, into=Pointer(s, "DeletingPodsBurst"),
           usage="Number of nodes on which pods are bursty deleted in case of node failure. For more details look into RateLimiter.")
    fs.mark_deprecated("deleting-pods-burst", "This flag is currently no-op and will be deleted.")
    fs.add("int32", "register-retry-count", s.RegisterRetryCount, into=Pointer(s, "RegisterRetryCount"),
           usage="The number of retries for initial node registration.  Retry interval equals node-sync-period.")
    fs.mark_deprecated("register-retry-count", "This flag is currently no-op and will be deleted.")
    fs.add("duration", "node-monitor-grace-period", s.NodeMonitorGracePeriod.Duration, into=Pointer(s.NodeMonitorGracePeriod, "Duration"), usage=""
           "Amount of time which we allow running Node to be unresponsive before marking it unhealthy. "
           "Must be N times more than kubelet's nodeStatusUpdateFrequency, "
           "where N means number of retries allowed for kubelet to post node status.")
    fs.add("duration", "node-startup-grace-period", s.NodeStartupGracePeriod.Duration, into=Pointer(s.NodeStartupGracePeriod, "Duration"),
           usage="Amount of time which we allow starting Node to be unresponsive before marking it unhealthy.")
    fs.add("duration", "node-monitor-period", s.NodeMonitorPeriod.Duration, into=Pointer(s.NodeMonitorPeriod, "Duration"),
           usage="The period for syncing NodeStatus in NodeController.")
    fs.add("string", "service-account-private-key-file", s.ServiceAccountKeyFile, into=Pointer(s, "ServiceAccountKeyFile"),
           usage="Filename containing a PEM-encoded private RSA or ECDSA key used to sign service account tokens.")
    fs.add("string", "cluster-signing-cert-file", s.ClusterSigningCertFile, into=Pointer(s, "ClusterSigningCertFile"),
           usage="Filename containing a PEM-encoded X509 CA certificate used to issue cluster-scoped certificates")
    fs.add("string", "cluster-signing-key-file", s.ClusterSigningKeyFile, into=Pointer(s, "ClusterSigningKeyFile"),
           usage="Filename containing a PEM-encoded RSA or ECDSA private key used to sign cluster-scoped certificates")
    fs.add("duration", "experimental-cluster-signing-duration", s.ClusterSigningDuration.Duration, into=Pointer(s.ClusterSigningDuration, "Duration"),
           usage="The length of duration signed certificates will be given.")
    # Go marks this flag deprecated before registering it; MarkDeprecated's "does not exist" error
    # is dropped, so the flag is never deprecated and --help lists it.
    with contextlib.suppress(FlagError):
        fs.mark_deprecated("insecure-experimental-approve-all-kubelet-csrs-for-group", "This flag does nothing.")
    fs.add("string", "insecure-experimental-approve-all-kubelet-csrs-for-group", "", usage="This flag does nothing.")  # into `var dummy string`
    fs.add("bool", "profiling", True, into=Pointer(s, "EnableProfiling"), usage="Enable profiling via web interface host:port/debug/pprof/")
    fs.add("bool", "contention-profiling", False, into=Pointer(s, "EnableContentionProfiling"),
           usage="Enable lock contention profiling, if profiling is enabled")
    fs.add("string", "cluster-name", s.ClusterName, into=Pointer(s, "ClusterName"), usage="The instance prefix for the cluster")
    fs.add("string", "cluster-cidr", s.ClusterCIDR, into=Pointer(s, "ClusterCIDR"),
           usage="CIDR Range for Pods in cluster. Requires --allocate-node-cidrs to be true")
    fs.add("string", "service-cluster-ip-range", s.ServiceCIDR, into=Pointer(s, "ServiceCIDR"),
           usage="CIDR Range for Services in cluster. Requires --allocate-node-cidrs to be true")
    fs.add("int32", "node-cidr-mask-size", s.NodeCIDRMaskSize, into=Pointer(s, "NodeCIDRMaskSize"), usage="Mask size for node cidr in cluster.")
    fs.add("bool", "allocate-node-cidrs", False, into=Pointer(s, "AllocateNodeCIDRs"),
           usage="Should CIDRs for Pods be allocated and set on the cloud provider.")
    fs.add("string", "cidr-allocator-type", "RangeAllocator", into=Pointer(s, "CIDRAllocatorType"), usage="Type of CIDR allocator to use")
    fs.add("bool", "configure-cloud-routes", True, into=Pointer(s, "ConfigureCloudRoutes"),
           usage="Should CIDRs allocated by allocate-node-cidrs be configured on the cloud provider.")
    fs.add("string", "master", cm.Master, into=Pointer(cm, "Master"),
           usage="The address of the Kubernetes API server (overrides any value in kubeconfig)")
    fs.add("string", "kubeconfig", cm.Kubeconfig, into=Pointer(cm, "Kubeconfig"),
           usage="Path to kubeconfig file with authorization and master location information.")
    fs.add("string", "root-ca-file", s.RootCAFile, into=Pointer(s, "RootCAFile"), usage=""
           "If set, this root certificate authority will be included in service account's token secret. "
           "This must be a valid PEM-encoded CA bundle.")
    fs.add("string", "kube-api-content-type", s.ContentType, into=Pointer(s, "ContentType"), usage="Content type of requests sent to apiserver.")
    fs.add("float32", "kube-api-qps", s.KubeAPIQPS, into=Pointer(s, "KubeAPIQPS"), usage="QPS to use while talking with kubernetes apiserver")
    fs.add("int32", "kube-api-burst", s.KubeAPIBurst, into=Pointer(s, "KubeAPIBurst"), usage="Burst to use while talking with kubernetes apiserver")
    fs.add("duration", "controller-start-interval", s.ControllerStartInterval.Duration, into=Pointer(s.ControllerStartInterval, "Duration"),
           usage="Interval between starting controller managers.")
    fs.add("bool", "enable-garbage-collector", s.EnableGarbageCollector, into=Pointer(s, "EnableGarbageCollector"),
           usage="Enables the generic garbage collector. MUST be synced with the corresponding flag of the kube-apiserver.")
    fs.add("int32", "concurrent-gc-syncs", s.ConcurrentGCSyncs, into=Pointer(s, "ConcurrentGCSyncs"),
           usage="The number of garbage collector workers that are allowed to sync concurrently.")
    fs.add("float32", "node-eviction-rate", 0.1, into=Pointer(s, "NodeEvictionRate"), usage=""
           "Number of nodes per second on which pods are deleted in case of node failure when a zone is healthy "
           "(see --unhealthy-zone-threshold for definition of healthy/unhealthy). Zone refers to entire cluster "
           "in non-multizone clusters.")
    fs.add("float32", "secondary-node-eviction-rate", 0.01, into=Pointer(s, "SecondaryNodeEvictionRate"), usage=""
           "Number of nodes per second on which pods are deleted in case of node failure when a zone is unhealthy "
           "(see --unhealthy-zone-threshold for definition of healthy/unhealthy). Zone refers to entire cluster "
           "in non-multizone clusters. This value is implicitly overridden to 0 if the cluster size is smaller "
           "than --large-cluster-size-threshold.")
    fs.add("int32", "large-cluster-size-threshold", 50, into=Pointer(s, "LargeClusterSizeThreshold"), usage=""
           "Number of nodes from which NodeController treats the cluster as large for the eviction logic purposes. "
           "--secondary-node-eviction-rate is implicitly overridden to 0 for clusters this size or smaller.")
    fs.add("float32", "unhealthy-zone-threshold", 0.55, into=Pointer(s, "UnhealthyZoneThreshold"),
           usage="Fraction of Nodes in a zone which needs to be not Ready (minimum 3) for zone to be treated as unhealthy. ")
    fs.add("bool", "disable-attach-detach-reconcile-sync", False, into=Pointer(s, "DisableAttachDetachReconcilerSync"),
           usage="Disable volume attach detach reconciler sync. Disabling this may cause volumes to be mismatched with pods. Use wisely.")
    fs.add("duration", "attach-detach-reconcile-sync-period", s.ReconcilerSyncLoopPeriod.Duration, into=Pointer(s.ReconcilerSyncLoopPeriod, "Duration"), usage=""
           "The reconciler sync wait time between volume attach detach. This duration must be larger than one second, "
           "and increasing this value from the default may allow for volumes to be mismatched with pods.")
    fs.add("bool", "enable-taint-manager", s.EnableTaintManager, into=Pointer(s, "EnableTaintManager"), usage=""
           "WARNING: Beta feature. If set to true enables NoExecute Taints and will evict all not-tolerating "
           "Pod running on Nodes tainted with this kind of Taints.")
    fs.add("bool", "horizontal-pod-autoscaler-use-rest-clients", s.HorizontalPodAutoscalerUseRESTClients,
           into=Pointer(s, "HorizontalPodAutoscalerUseRESTClients"), usage=""
           "WARNING: alpha feature.  If set to true, causes the horizontal pod autoscaler controller to use REST clients "
           "through the kube-aggregator, instead of using the legacy metrics client through the API server proxy.  "
           "This is required for custom metrics support in the horizontal pod autoscaler.")

    le = s.LeaderElection
    bind_leader_election_flags(fs, Pointer(le, "LeaderElect"), Pointer(le.LeaseDuration, "Duration"), Pointer(le.RenewDeadline, "Duration"),
                               Pointer(le.RetryPeriod, "Duration"), Pointer(le, "ResourceLock"))  # fmt: skip

    g.feature_gate.add_flag(fs)  # utilfeature.DefaultFeatureGate.AddFlag(fs)


def command_line(name: str = "kube-controller-manager") -> tuple[o.CMServer, Globals]:
    """main's first steps: package-level flags, NewCMServer, AddFlags with the controller names, InitFlags' registration."""
    g = package_level_flags(name)
    s = o.new_cm_server()
    add_flags(s, g.command_line, app.known_controllers(), sorted(app.CONTROLLERS_DISABLED_BY_DEFAULT), g)
    component_flags.init_flags(g.command_line, g.go_flags)
    return s, g


# ---------------------------------------------------------------- run it


def main(argv: list[str]) -> int:
    """Parse argv as kube-controller-manager would and print the flags you set; --help prints every flag."""
    return component_flags.print_parsed_flags(command_line()[1].command_line, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
