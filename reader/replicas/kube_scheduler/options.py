"""kube-scheduler's options: NewOptions, the componentconfig defaults, every flag, Complete, Validate, Run.

Mirrors, at Kubernetes v1.9.9:
  plugin/cmd/kube-scheduler/app/server.go      Options, AddFlags, NewOptions, Complete, the three
      applyDeprecated*ToConfig, Validate, loadConfigFromFile, ApplyDefaults, Run, and of
      NewSchedulerServer and createClients what runs before the first API client exists
  pkg/apis/componentconfig/types.go            KubeSchedulerConfiguration (the internal type)
  pkg/apis/componentconfig/v1alpha1/defaults.go   SetDefaults_KubeSchedulerConfiguration,
      SetDefaults_LeaderElectionConfiguration (what the scheme's defaulter runs)
  pkg/client/leaderelectionconfig/config.go    BindFlags (reader/replicas/component_flags.py, shared)
  plugin/pkg/scheduler/algorithmprovider/defaults/defaults.go   ApplyFeatureGates (its warning)

Where the replica stops: Run goes as far as a cluster is not needed.  It reads --config (and
reports what ReadFile reports), warns as glog does, and reports clientcmd's "no configuration has
been provided" when neither --kubeconfig nor --master is given.  It does not decode a --config
file (the scheme's UniversalDecoder) and does not create API clients, elect a leader, serve
healthz or schedule: there it prints one line saying so and exits with STOPPED (3).

glog's lines go to stderr as the message alone (the real ones start with severity, time, thread
and file:line); the glog flags that would send them to files instead are not replicated.

Run it:  python -m reader.replicas.kube_scheduler.options --address=127.0.0.1 --port=10259
         (prints the completed configuration as the real scheduler's /configz serves it)
"""

from __future__ import annotations

import copy
import os
import sys
from dataclasses import asdict, dataclass, field
from typing import NoReturn

from reader.replicas.component_flags import FEATURE_GATES, FeatureGate, bind_leader_election_flags
from reader.replicas.kube_apiserver.server_chain import go_compact
from reader.replicas.pflag import Duration, FlagSet, Pointer, format_duration, go_quote

MIRRORS = {
    "set_defaults_kube_scheduler_configuration": "k8s.io/kubernetes/pkg/apis/componentconfig/v1alpha1.SetDefaults_KubeSchedulerConfiguration",
    "set_defaults_leader_election_configuration": "k8s.io/kubernetes/pkg/apis/componentconfig/v1alpha1.SetDefaults_LeaderElectionConfiguration",
    "add_flags": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.AddFlags",
    "new_options": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.NewOptions",
    "Options.complete": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.(*Options).Complete",
    "Options.apply_deprecated_healthz_address_to_config": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.(*Options).applyDeprecatedHealthzAddressToConfig",
    "Options.apply_deprecated_healthz_port_to_config": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.(*Options).applyDeprecatedHealthzPortToConfig",
    "Options.apply_deprecated_algorithm_source_options_to_config": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.(*Options).applyDeprecatedAlgorithmSourceOptionsToConfig",
    "Options.validate": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.(*Options).Validate",
    "Options.load_config_from_file": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.(*Options).loadConfigFromFile",
    "apply_defaults": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.(*Options).ApplyDefaults",
    "Options.run": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.(*Options).Run",
    "new_scheduler_server": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.NewSchedulerServer",
    "create_clients": "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app.createClients",
}

STOPPED = 3  # the exit status where the replica stops short of what the real scheduler goes on to do


class ReplicaStops(Exception):
    """Where the replica ends: what the real kube-scheduler would do next, which it does not replicate."""

# ---------------------------------------------------------------- constants the defaults and flags use

SCHEDULER_PORT = 10251  # pkg/master/ports: ports.SchedulerPort
DEFAULT_SCHEDULER_NAME = "default-scheduler"  # api.DefaultSchedulerName
DEFAULT_HARD_POD_AFFINITY_SYMMETRIC_WEIGHT = 1  # api.DefaultHardPodAffinitySymmetricWeight
SCHEDULER_DEFAULT_PROVIDER_NAME = "DefaultProvider"  # v1alpha1.SchedulerDefaultProviderName
NAMESPACE_SYSTEM = "kube-system"  # api.NamespaceSystem
SCHEDULER_DEFAULT_LOCK_OBJECT_NAMESPACE = "kube-system"  # v1alpha1.SchedulerDefaultLockObjectNamespace
SCHEDULER_DEFAULT_LOCK_OBJECT_NAME = "kube-scheduler"  # v1alpha1.SchedulerDefaultLockObjectName
# kubeletapis.DefaultFailureDomains: LabelHostname, LabelZoneFailureDomain, LabelZoneRegion
DEFAULT_FAILURE_DOMAINS = "kubernetes.io/hostname,failure-domain.beta.kubernetes.io/zone,failure-domain.beta.kubernetes.io/region"
SCHEDULER_POLICY_CONFIG_MAP_KEY = "policy.cfg"  # componentconfig.SchedulerPolicyConfigMapKey
# factory.ListAlgorithmProviders(): the providers algorithmprovider/defaults registers, sorted
ALGORITHM_PROVIDERS = ["ClusterAutoscalerProvider", "DefaultProvider"]


# ---------------------------------------------------------------- glog, as far as these functions log


def glog_warning(message: str) -> None:
    print(message, file=sys.stderr)


def glog_fatal(message: str) -> NoReturn:
    """glog.Fatalf: the message, then os.Exit(255) (the goroutine dump goes to log files, not stderr)."""
    print(message, file=sys.stderr)
    raise SystemExit(255)


# ---------------------------------------------------------------- Go's net.SplitHostPort and JoinHostPort


class AddrError(ValueError):
    """net.AddrError: "address <addr>: <why>" (the why alone when the address is empty)."""

    def __init__(self, why: str, address: str) -> None:
        super().__init__(f"address {address}: {why}" if address else why)


def split_host_port(hostport: str) -> tuple[str, str]:
    """net.SplitHostPort: "host:port", "[v6]:port"; the port is what follows the last colon."""
    missing_port, too_many_colons = "missing port in address", "too many colons in address"
    i = hostport.rfind(":")
    if i < 0:
        raise AddrError(missing_port, hostport)
    j = k = 0
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise AddrError("missing ']' in address", hostport)
        if end + 1 == len(hostport):
            raise AddrError(missing_port, hostport)
        if end + 1 != i:  # "]" must be followed by the last colon
            raise AddrError(too_many_colons if hostport[end + 1] == ":" else missing_port, hostport)
        host, j, k = hostport[1:end], 1, end + 1
    else:
        host = hostport[:i]
        if ":" in host:
            raise AddrError(too_many_colons, hostport)
    if "[" in hostport[j:]:
        raise AddrError("unexpected '[' in address", hostport)
    if "]" in hostport[k:]:
        raise AddrError("unexpected ']' in address", hostport)
    return host, hostport[i + 1 :]


def join_host_port(host: str, port: str) -> str:
    """net.JoinHostPort: a host with a colon is taken for an IPv6 literal and bracketed."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# ---------------------------------------------------------------- componentconfig.KubeSchedulerConfiguration (internal)


@dataclass
class SchedulerPolicyFileSource:
    Path: str = ""


@dataclass
class SchedulerPolicyConfigMapSource:
    Namespace: str = ""
    Name: str = ""


@dataclass
class SchedulerPolicySource:
    File: SchedulerPolicyFileSource | None = None
    ConfigMap: SchedulerPolicyConfigMapSource | None = None


@dataclass
class SchedulerAlgorithmSource:
    Policy: SchedulerPolicySource | None = None
    Provider: str | None = None  # *string


@dataclass
class LeaderElectionConfiguration:
    LeaderElect: bool = False
    LeaseDuration: Duration = Duration(0)  # metav1.Duration
    RenewDeadline: Duration = Duration(0)
    RetryPeriod: Duration = Duration(0)
    ResourceLock: str = ""


@dataclass
class KubeSchedulerLeaderElectionConfiguration(LeaderElectionConfiguration):
    """Go embeds LeaderElectionConfiguration; a subclass has its fields first, as Go's JSON does."""

    LockObjectNamespace: str = ""
    LockObjectName: str = ""


@dataclass
class ClientConnectionConfiguration:
    KubeConfigFile: str = ""
    AcceptContentTypes: str = ""
    ContentType: str = ""
    QPS: float = 0.0  # float32
    Burst: int = 0  # int32


@dataclass
class KubeSchedulerConfiguration:
    SchedulerName: str = ""
    AlgorithmSource: SchedulerAlgorithmSource = field(default_factory=SchedulerAlgorithmSource)
    HardPodAffinitySymmetricWeight: int = 0
    LeaderElection: KubeSchedulerLeaderElectionConfiguration = field(default_factory=KubeSchedulerLeaderElectionConfiguration)
    ClientConnection: ClientConnectionConfiguration = field(default_factory=ClientConnectionConfiguration)
    HealthzBindAddress: str = ""
    MetricsBindAddress: str = ""
    EnableProfiling: bool = False
    EnableContentionProfiling: bool = False
    FailureDomains: str = ""


def configz_json(config: KubeSchedulerConfiguration) -> str:
    """What /configz serves: {"componentconfig": config} by encoding/json.  The internal type has no
    JSON tags, so the keys are the Go field names; durations are metav1.Duration strings; the empty
    TypeMeta's kind and apiVersion are omitempty, so absent."""

    def plain(value: object) -> object:
        if isinstance(value, Duration):
            return format_duration(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)  # Go writes float32(50) as 50
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return go_compact({"componentconfig": plain(asdict(config))})


# ---------------------------------------------------------------- the defaults (v1alpha1's SetDefaults_*)


def _defaulted_bind_address(address: str) -> str:
    """One of SetDefaults_KubeSchedulerConfiguration's two bind-address blocks: a missing host
    becomes 0.0.0.0; an address SplitHostPort rejects becomes 0.0.0.0:10251."""
    try:
        host, port = split_host_port(address)
    except AddrError:
        return join_host_port("0.0.0.0", str(SCHEDULER_PORT))
    return join_host_port(host or "0.0.0.0", port)


def set_defaults_kube_scheduler_configuration(obj: KubeSchedulerConfiguration) -> None:
    # go: if len(obj.SchedulerName) == 0 {
    if not obj.SchedulerName:
        obj.SchedulerName = DEFAULT_SCHEDULER_NAME
    # go: if obj.HardPodAffinitySymmetricWeight == 0 {
    if obj.HardPodAffinitySymmetricWeight == 0:
        obj.HardPodAffinitySymmetricWeight = DEFAULT_HARD_POD_AFFINITY_SYMMETRIC_WEIGHT
    # go: if obj.AlgorithmSource.Policy == nil &&
    if obj.AlgorithmSource.Policy is None and not obj.AlgorithmSource.Provider:
        obj.AlgorithmSource.Provider = SCHEDULER_DEFAULT_PROVIDER_NAME
    # go: if policy := obj.AlgorithmSource.Policy; policy != nil {
    policy = obj.AlgorithmSource.Policy
    if policy is not None and policy.ConfigMap is not None and not policy.ConfigMap.Namespace:
        policy.ConfigMap.Namespace = NAMESPACE_SYSTEM
    # go: if host, port, err := net.SplitHostPort(obj.HealthzBindAddress); err == nil {
    obj.HealthzBindAddress = _defaulted_bind_address(obj.HealthzBindAddress)
    # go: if host, port, err := net.SplitHostPort(obj.MetricsBindAddress); err == nil {
    obj.MetricsBindAddress = _defaulted_bind_address(obj.MetricsBindAddress)
    # go: if len(obj.ClientConnection.ContentType) == 0 {
    if not obj.ClientConnection.ContentType:
        obj.ClientConnection.ContentType = "application/vnd.kubernetes.protobuf"
    # go: if obj.ClientConnection.QPS == 0.0 {
    if obj.ClientConnection.QPS == 0.0:
        obj.ClientConnection.QPS = 50.0
    # go: if obj.ClientConnection.Burst == 0 {
    if obj.ClientConnection.Burst == 0:
        obj.ClientConnection.Burst = 100
    # go: if len(obj.LeaderElection.LockObjectNamespace) == 0 {
    if not obj.LeaderElection.LockObjectNamespace:
        obj.LeaderElection.LockObjectNamespace = SCHEDULER_DEFAULT_LOCK_OBJECT_NAMESPACE
    # go: if len(obj.LeaderElection.LockObjectName) == 0 {
    if not obj.LeaderElection.LockObjectName:
        obj.LeaderElection.LockObjectName = SCHEDULER_DEFAULT_LOCK_OBJECT_NAME
    # go: if len(obj.FailureDomains) == 0 {
    if not obj.FailureDomains:
        obj.FailureDomains = DEFAULT_FAILURE_DOMAINS


def set_defaults_leader_election_configuration(obj: LeaderElectionConfiguration) -> None:
    # go: zero := metav1.Duration{}
    zero = Duration(0)
    # go: if obj.LeaseDuration == zero {
    if obj.LeaseDuration == zero:
        obj.LeaseDuration = Duration(15 * 10**9)
    # go: if obj.RenewDeadline == zero {
    if obj.RenewDeadline == zero:
        obj.RenewDeadline = Duration(10 * 10**9)
    # go: if obj.RetryPeriod == zero {
    if obj.RetryPeriod == zero:
        obj.RetryPeriod = Duration(2 * 10**9)
    # go: if obj.ResourceLock == "" {
    if obj.ResourceLock == "":
        obj.ResourceLock = "endpoints"  # rl.EndpointsResourceLock


def apply_defaults(config: KubeSchedulerConfiguration) -> KubeSchedulerConfiguration:
    # go: external, err := o.scheme.ConvertToVersion(in, componentconfigv1alpha1.SchemeGroupVersion)
    # every internal field has a v1alpha1 twin (LeaderElect becomes a *bool, never nil here), so
    # the round trip through v1alpha1 changes nothing: the replica defaults a copy in place
    external = copy.deepcopy(config)
    # go: if err != nil {
    # (converting these plain fields cannot fail)
    # go: o.scheme.Default(external)
    # (the generated SetObjectDefaults_KubeSchedulerConfiguration: these two, in this order)
    set_defaults_kube_scheduler_configuration(external)
    set_defaults_leader_election_configuration(external.LeaderElection)
    # go: internal, err := o.scheme.ConvertToVersion(external, componentconfig.SchemeGroupVersion)
    # go: if err != nil {
    # go: out := internal.(*componentconfig.KubeSchedulerConfiguration)
    # go: return out, nil
    return external


# ---------------------------------------------------------------- Options, NewOptions, AddFlags


@dataclass
class Options:
    ConfigFile: str = ""
    config: KubeSchedulerConfiguration = field(default_factory=KubeSchedulerConfiguration)
    # placeholders for the deprecated flags that do not map onto the configuration
    master: str = ""
    healthzAddress: str = ""
    healthzPort: int = 0
    policyConfigFile: str = ""
    policyConfigMapName: str = ""
    policyConfigMapNamespace: str = ""
    useLegacyPolicyConfig: bool = False
    algorithmProvider: str = ""

    def complete(self) -> Exception | None:
        # go: if len(o.ConfigFile) == 0 {
        if not self.ConfigFile:
            glog_warning("WARNING: all flags than --config are deprecated. Please begin using a config file ASAP.")
            self.apply_deprecated_healthz_address_to_config()
            self.apply_deprecated_healthz_port_to_config()
            self.apply_deprecated_algorithm_source_options_to_config()
        # go: return nil
        return None

    def _bind_address_parts(self) -> tuple[str, str]:
        """SplitHostPort of the healthz bind address, or glog.Fatalf as both apply functions do."""
        try:
            return split_host_port(self.config.HealthzBindAddress)
        except AddrError as err:
            glog_fatal(f"invalid healthz bind address {go_quote(self.config.HealthzBindAddress)}: {err}")

    def apply_deprecated_healthz_address_to_config(self) -> None:
        # go: if len(o.healthzAddress) == 0 {
        if not self.healthzAddress:
            return
        # go: _, port, err := net.SplitHostPort(o.config.HealthzBindAddress)
        # go: if err != nil {
        _, port = self._bind_address_parts()
        # go: o.config.HealthzBindAddress = net.JoinHostPort(o.healthzAddress, port)
        self.config.HealthzBindAddress = join_host_port(self.healthzAddress, port)
        # go: o.config.MetricsBindAddress = net.JoinHostPort(o.healthzAddress, port)
        self.config.MetricsBindAddress = join_host_port(self.healthzAddress, port)

    def apply_deprecated_healthz_port_to_config(self) -> None:
        # go: if o.healthzPort == -1 {
        if self.healthzPort == -1:  # no healthz server; the metrics one stays where it was
            self.config.HealthzBindAddress = ""
            return
        # go: host, _, err := net.SplitHostPort(o.config.HealthzBindAddress)
        # go: if err != nil {
        host, _ = self._bind_address_parts()
        # go: o.config.HealthzBindAddress = net.JoinHostPort(host, strconv.Itoa(int(o.healthzPort)))
        self.config.HealthzBindAddress = join_host_port(host, str(self.healthzPort))
        # go: o.config.MetricsBindAddress = net.JoinHostPort(host, strconv.Itoa(int(o.healthzPort)))
        self.config.MetricsBindAddress = join_host_port(host, str(self.healthzPort))

    def apply_deprecated_algorithm_source_options_to_config(self) -> None:
        """The first that is set wins: --use-legacy-policy-config (a policy file),
        --policy-configmap (a config map), --algorithm-provider (a named provider)."""
        # go: switch {
        if self.useLegacyPolicyConfig:
            file = SchedulerPolicyFileSource(Path=self.policyConfigFile)
            self.config.AlgorithmSource = SchedulerAlgorithmSource(Policy=SchedulerPolicySource(File=file))
        elif self.policyConfigMapName:
            config_map = SchedulerPolicyConfigMapSource(Name=self.policyConfigMapName, Namespace=self.policyConfigMapNamespace)
            self.config.AlgorithmSource = SchedulerAlgorithmSource(Policy=SchedulerPolicySource(ConfigMap=config_map))
        elif self.algorithmProvider:
            self.config.AlgorithmSource = SchedulerAlgorithmSource(Provider=self.algorithmProvider)

    def validate(self, args: list[str]) -> Exception | None:
        # go: if len(args) != 0 {
        if args:
            return ValueError("no arguments are supported")
        # go: return nil
        return None

    def load_config_from_file(self, file: str) -> KubeSchedulerConfiguration:
        # go: data, err := ioutil.ReadFile(file)
        try:
            with open(file, "rb") as stream:
                stream.read()  # the data would go to loadConfig, which the replica does not run
        # go: if err != nil {
        except IsADirectoryError:  # Go opens a directory fine; reading it fails
            raise OSError(f"read {file}: is a directory") from None
        except OSError as err:  # *os.PathError: "open <path>: <errno text, lower case as Go's>"
            text = os.strerror(err.errno) if err.errno else str(err)
            raise OSError(f"open {file}: {text[:1].lower()}{text[1:]}") from None
        # go: return o.loadConfig(data)
        raise ReplicaStops("decoding a --config file (the scheme's UniversalDecoder into KubeSchedulerConfiguration)")

    def run(self, feature_gate: FeatureGate) -> Exception | None:
        # go: config := o.config
        config = self.config
        # go: if len(o.ConfigFile) > 0 {
        if self.ConfigFile:
            try:
                config = self.load_config_from_file(self.ConfigFile)
            except OSError as err:
                return err
        # go: algorithmprovider.ApplyFeatureGates()
        if feature_gate.enabled_feature("TaintNodesByCondition"):
            # (it also swaps CheckNodeCondition for PodToleratesNodeTaints in every provider)
            glog_warning("TaintNodesByCondition is enabled, PodToleratesNodeTaints predicate is mandatory")
        # go: server, err := NewSchedulerServer(config, o.master)
        # go: if err != nil {
        err = new_scheduler_server(config, self.master)
        if err is not None:
            return err
        # go: stop := make(chan struct{})
        # go: return server.Run(stop)
        return None  # not reached: new_scheduler_server either fails or stops the replica


def new_scheduler_server(config: KubeSchedulerConfiguration, master: str) -> Exception | None:
    """NewSchedulerServer up to its first API client; returns createClients' error."""
    # go: if config == nil {
    # (config is always set here)
    # go: if c, err := configz.New("componentconfig"); err == nil {
    # (/configz would serve configz_json(config))
    # go: client, leaderElectionClient, eventClient, err := createClients(config.ClientConnection, master)
    # go: if err != nil {
    return create_clients(config.ClientConnection, master)


def _in_cluster_config_possible() -> bool:
    """clientcmd's inClusterClientConfig.Possible: the service's environment and a token file."""
    token = "/var/run/secrets/kubernetes.io/serviceaccount/token"
    return bool(os.environ.get("KUBERNETES_SERVICE_HOST") and os.environ.get("KUBERNETES_SERVICE_PORT")) and os.path.isfile(token)


def create_clients(config: ClientConnectionConfiguration, master_override: str) -> Exception | None:
    # go: if len(config.KubeConfigFile) == 0 && len(masterOverride) == 0 {
    if not config.KubeConfigFile and not master_override:
        glog_warning("Neither --kubeconfig nor --master was specified. Using default API client. This might not work.")
    # go: kubeConfig, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
    # go: if err != nil {
    # with no kubeconfig, no master and not in a pod, the deferred loader's merged config is empty
    # and there is no in-cluster config to fall back on: clientcmd.ErrEmptyConfig
    if not config.KubeConfigFile and not master_override and not _in_cluster_config_possible():
        return ValueError("no configuration has been provided")
    raise ReplicaStops("loading the kubeconfig and creating the API clients (clientcmd, client-go)")


# ---------------------------------------------------------------- NewOptions, AddFlags


def new_options() -> Options:
    # go: o := &Options{
    o = Options()
    # go: o.scheme = runtime.NewScheme()
    # go: o.codecs = serializer.NewCodecFactory(o.scheme)
    # go: if err := componentconfig.AddToScheme(o.scheme); err != nil {
    # go: if err := componentconfigv1alpha1.AddToScheme(o.scheme); err != nil {
    # (the scheme converts and defaults: apply_defaults does both for this one type, so the
    # replica keeps no scheme)
    # go: o.config.LeaderElection.LeaderElect = true
    o.config.LeaderElection.LeaderElect = True  # v1alpha1 has no default for it in v1.9.9 (PR 59732)
    # go: return o, nil
    return o


def add_flags(options: Options, fs: FlagSet, feature_gate: FeatureGate) -> None:
    """AddFlags: registered after ApplyDefaults, so the defaults shown are the defaulted values."""
    c = options.config
    fs.add("string", "config", options.ConfigFile, into=Pointer(options, "ConfigFile"), usage="The path to the configuration file.")

    # ---- all flags below here are deprecated (in the source's words), though few are marked so
    fs.add("int32", "port", SCHEDULER_PORT, into=Pointer(options, "healthzPort"), usage="The port that the scheduler's http service runs on")
    fs.add("string", "address", options.healthzAddress, into=Pointer(options, "healthzAddress"),
           usage="The IP address to serve on (set to 0.0.0.0 for all interfaces)")
    fs.add("string", "algorithm-provider", options.algorithmProvider, into=Pointer(options, "algorithmProvider"),
           usage="The scheduling algorithm provider to use, one of: " + " | ".join(ALGORITHM_PROVIDERS))
    fs.add("string", "policy-config-file", options.policyConfigFile, into=Pointer(options, "policyConfigFile"), usage=""
           "File with scheduler policy configuration. This file is used if policy ConfigMap is not provided or --use-legacy-policy-config==true")
    fs.add("string", "policy-configmap", options.policyConfigMapName, into=Pointer(options, "policyConfigMapName"), usage=""
           "Name of the ConfigMap object that contains scheduler's policy configuration. It must exist in the system namespace "
           "before scheduler initialization if --use-legacy-policy-config==false. The config must be provided as the value of an "
           f"element in 'Data' map with the key='{SCHEDULER_POLICY_CONFIG_MAP_KEY}'")
    fs.add("string", "policy-configmap-namespace", options.policyConfigMapNamespace, into=Pointer(options, "policyConfigMapNamespace"), usage=""
           "The namespace where policy ConfigMap is located. The system namespace will be used if this is not provided or is empty.")
    fs.add("bool", "use-legacy-policy-config", False, into=Pointer(options, "useLegacyPolicyConfig"),
           usage="When set to true, scheduler will ignore policy ConfigMap and uses policy config file")
    fs.add("bool", "profiling", c.EnableProfiling, into=Pointer(c, "EnableProfiling"), usage="Enable profiling via web interface host:port/debug/pprof/")
    fs.add("bool", "contention-profiling", c.EnableContentionProfiling, into=Pointer(c, "EnableContentionProfiling"),
           usage="Enable lock contention profiling, if profiling is enabled")
    fs.add("string", "master", options.master, into=Pointer(options, "master"),
           usage="The address of the Kubernetes API server (overrides any value in kubeconfig)")
    cc = c.ClientConnection
    fs.add("string", "kubeconfig", cc.KubeConfigFile, into=Pointer(cc, "KubeConfigFile"),
           usage="Path to kubeconfig file with authorization and master location information.")
    fs.add("string", "kube-api-content-type", cc.ContentType, into=Pointer(cc, "ContentType"), usage="Content type of requests sent to apiserver.")
    fs.add("float32", "kube-api-qps", cc.QPS, into=Pointer(cc, "QPS"), usage="QPS to use while talking with kubernetes apiserver")
    fs.add("int32", "kube-api-burst", cc.Burst, into=Pointer(cc, "Burst"), usage="Burst to use while talking with kubernetes apiserver")
    fs.add("string", "scheduler-name", c.SchedulerName, into=Pointer(c, "SchedulerName"), usage=""
           'Name of the scheduler, used to select which pods will be processed by this scheduler, based on pod\'s "spec.SchedulerName".')
    le = c.LeaderElection
    fs.add("string", "lock-object-namespace", le.LockObjectNamespace, into=Pointer(le, "LockObjectNamespace"), usage="Define the namespace of the lock object.")
    fs.add("string", "lock-object-name", le.LockObjectName, into=Pointer(le, "LockObjectName"), usage="Define the name of the lock object.")
    fs.add("int32", "hard-pod-affinity-symmetric-weight", c.HardPodAffinitySymmetricWeight, into=Pointer(c, "HardPodAffinitySymmetricWeight"), usage=""
           "RequiredDuringScheduling affinity is not symmetric, but there is an implicit PreferredDuringScheduling affinity rule corresponding "
           "to every RequiredDuringScheduling affinity rule. --hard-pod-affinity-symmetric-weight represents the weight of implicit PreferredDuringScheduling affinity rule.")
    fs.mark_deprecated("hard-pod-affinity-symmetric-weight", "This option was moved to the policy configuration file")
    fs.add("string", "failure-domains", c.FailureDomains, into=Pointer(c, "FailureDomains"), usage=""
           'Indicate the "all topologies" set for an empty topologyKey when it\'s used for PreferredDuringScheduling pod anti-affinity.')
    fs.mark_deprecated("failure-domains", "Doesn't have any effect. Will be removed in future version.")
    # &options.config.LeaderElection.LeaderElectionConfiguration: the embedded struct
    bind_leader_election_flags(fs, Pointer(le, "LeaderElect"), Pointer(le, "LeaseDuration"), Pointer(le, "RenewDeadline"),
                               Pointer(le, "RetryPeriod"), Pointer(le, "ResourceLock"))  # fmt: skip
    feature_gate.add_flag(fs)  # utilfeature.DefaultFeatureGate.AddFlag(fs)


# ---------------------------------------------------------------- run it


def main(argv: list[str]) -> int:
    """NewOptions, ApplyDefaults, AddFlags, parse argv, Complete: print the configuration as /configz would."""
    fs = FlagSet("kube-scheduler-options")
    options = new_options()
    options.config = apply_defaults(options.config)
    add_flags(options, fs, FeatureGate(dict(FEATURE_GATES)))
    if not fs.parse_exit_on_error(argv):
        return 2
    options.complete()
    print(configz_json(options.config))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
