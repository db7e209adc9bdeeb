"""kube-apiserver's options and every default they start with.

Mirrors, at Kubernetes v1.9.9:
  cmd/kube-apiserver/app/options/options.go            NewServerRunOptions, ServerRunOptions
  staging/src/k8s.io/apiserver/pkg/server/options/     NewServerRunOptions, NewEtcdOptions, NewAuditOptions,
                                                       NewFeatureOptions, NewAdmissionOptions (server_run_options.go,
                                                       etcd.go, audit.go, feature.go, admission.go)
  staging/src/k8s.io/apiserver/pkg/storage/storagebackend/config.go   NewDefaultConfig
  staging/src/k8s.io/apiserver/plugin/pkg/audit/webhook/webhook.go    NewDefaultBatchBackendConfig
  pkg/kubeapiserver/options/                           NewSecureServingOptions, NewInsecureServingOptions,
                                                       NewBuiltInAuthenticationOptions().WithAll(),
                                                       NewBuiltInAuthorizationOptions, NewCloudProviderOptions,
                                                       NewStorageSerializationOptions, NewAPIEnablementOptions
  cmd/kube-apiserver/app/options/plugins.go            RegisterAllAdmissionPlugins

Field names are Go's, so a path such as `Etcd.StorageConfig.Prefix` means the same thing here, in
the Go source and in `k8s-reader defaults` (which this replica is tested against).  Go values map
to Python as: nil → None, time.Duration → Duration (nanoseconds, printed as Go prints them),
net.IP → its text, structs → dataclasses.

Run it:  python -m reader.replicas.kube_apiserver.server_run_options      (prints the tree: path, value)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from reader.replicas.pflag import Duration

# Python function → the Go function it follows (the replica pages put them side by side).
MIRRORS = {
    "new_server_run_options": "k8s.io/kubernetes/cmd/kube-apiserver/app/options.NewServerRunOptions",
    "new_admission_options": "k8s.io/apiserver/pkg/server/options.NewAdmissionOptions",
    "register_all_admission_plugins": "k8s.io/kubernetes/cmd/kube-apiserver/app/options.RegisterAllAdmissionPlugins",
    "BuiltInAuthenticationOptions.with_all": "k8s.io/kubernetes/pkg/kubeapiserver/options.(*BuiltInAuthenticationOptions).WithAll",
}

SECOND = Duration(10**9)
MINUTE = Duration(60 * SECOND)
HOUR = Duration(60 * MINUTE)


# ---------------------------------------------------------------- generic server options (k8s.io/apiserver)


@dataclass
class GenericServerRunOptions:
    """genericoptions.ServerRunOptions; its numbers come from server.NewConfig's defaults."""

    AdvertiseAddress: str | None = None
    CorsAllowedOriginList: list[str] | None = None
    ExternalHost: str = ""
    MaxRequestsInFlight: int = 400
    MaxMutatingRequestsInFlight: int = 200
    RequestTimeout: Duration = Duration(1 * MINUTE)
    MinRequestTimeout: int = 1800
    TargetRAMMB: int = 0


@dataclass
class StorageConfig:
    """storagebackend.Config, as NewDefaultConfig(prefix, nil) makes it."""

    Type: str = ""
    Prefix: str = ""
    ServerList: list[str] | None = None
    KeyFile: str = ""
    CertFile: str = ""
    CAFile: str = ""
    Quorum: bool = True
    Paging: bool = False
    DeserializationCacheSize: int = 0  # 0: sized later from --target-ram-mb
    CompactionInterval: Duration = Duration(5 * MINUTE)  # storagebackend.DefaultCompactInterval


@dataclass
class EtcdOptions:
    StorageConfig: StorageConfig
    EncryptionProviderConfigFilepath: str = ""
    EtcdServersOverrides: list[str] | None = None
    DefaultStorageMediaType: str = "application/json"
    DeleteCollectionWorkers: int = 1
    EnableGarbageCollection: bool = True
    EnableWatchCache: bool = True
    DefaultWatchCacheSize: int = 100
    WatchCacheSizes: list[str] | None = None


@dataclass
class CertKey:
    CertFile: str = ""
    KeyFile: str = ""


@dataclass
class GeneratableKeyCert:
    CertKey: CertKey = field(default_factory=CertKey)
    CACertFile: str = ""
    CertDirectory: str = ""
    PairName: str = ""


@dataclass
class SecureServingOptions:
    BindAddress: str | None = None
    BindPort: int = 0
    BindNetwork: str = ""
    ServerCert: GeneratableKeyCert = field(default_factory=GeneratableKeyCert)
    SNICertKeys: list[Any] | None = None
    HTTP2MaxStreamsPerConnection: int = 0


@dataclass
class InsecureServingOptions:
    BindAddress: str | None = None
    BindPort: int = 0


@dataclass
class AuditLogOptions:
    Path: str = ""
    MaxAge: int = 0
    MaxBackups: int = 0
    MaxSize: int = 0
    Format: str = "json"  # pluginlog.FormatJson


@dataclass
class BatchBackendConfig:
    """pluginwebhook.NewDefaultBatchBackendConfig()."""

    BufferSize: int = 10000
    MaxBatchSize: int = 400
    MaxBatchWait: Duration = Duration(30 * SECOND)
    ThrottleQPS: float = 10
    ThrottleBurst: int = 15
    InitialBackoff: Duration = Duration(10 * SECOND)


@dataclass
class AuditWebhookOptions:
    ConfigFile: str = ""
    Mode: str = "batch"  # pluginwebhook.ModeBatch
    BatchConfig: BatchBackendConfig = field(default_factory=BatchBackendConfig)


@dataclass
class AuditOptions:
    PolicyFile: str = ""
    LogOptions: AuditLogOptions = field(default_factory=AuditLogOptions)
    WebhookOptions: AuditWebhookOptions = field(default_factory=AuditWebhookOptions)


@dataclass
class FeatureOptions:
    EnableProfiling: bool = True
    EnableContentionProfiling: bool = False
    EnableSwaggerUI: bool = False


@dataclass
class Plugins:
    """admission.Plugins: plugin name → the file whose Register adds it (the factory lives there)."""

    registry: dict[str, str] = field(default_factory=dict)

    def register(self, name: str, where: str) -> None:
        self.registry[name] = where

    def registered(self) -> list[str]:
        return sorted(self.registry)


@dataclass
class AdmissionOptions:
    RecommendedPluginOrder: list[str]
    DefaultOffPlugins: list[str]
    PluginNames: list[str] = field(default_factory=list)
    ConfigFile: str = ""
    Plugins: Plugins = field(default_factory=Plugins)


# ---------------------------------------------------------------- kube-apiserver's own option types (pkg/kubeapiserver/options)


@dataclass
class AnonymousAuthenticationOptions:
    Allow: bool = False


@dataclass
class BootstrapTokenAuthenticationOptions:
    Enable: bool = False


@dataclass
class ClientCertAuthenticationOptions:
    ClientCA: str = ""


@dataclass
class KeystoneAuthenticationOptions:
    URL: str = ""
    CAFile: str = ""


@dataclass
class OIDCAuthenticationOptions:
    CAFile: str = ""
    ClientID: str = ""
    IssuerURL: str = ""
    UsernameClaim: str = ""
    UsernamePrefix: str = ""
    GroupsClaim: str = ""
    GroupsPrefix: str = ""


@dataclass
class PasswordFileAuthenticationOptions:
    BasicAuthFile: str = ""


@dataclass
class RequestHeaderAuthenticationOptions:
    UsernameHeaders: list[str] | None = None
    GroupHeaders: list[str] | None = None
    ExtraHeaderPrefixes: list[str] | None = None
    ClientCAFile: str = ""
    AllowedNames: list[str] | None = None


@dataclass
class ServiceAccountAuthenticationOptions:
    KeyFiles: list[str] | None = None
    Lookup: bool = False


@dataclass
class TokenFileAuthenticationOptions:
    TokenFile: str = ""


@dataclass
class WebHookAuthenticationOptions:
    ConfigFile: str = ""
    CacheTTL: Duration = Duration(0)


@dataclass
class BuiltInAuthenticationOptions:
    """NewBuiltInAuthenticationOptions(): only the token cache TTLs; WithAll() adds the rest."""

    Anonymous: AnonymousAuthenticationOptions | None = None
    BootstrapToken: BootstrapTokenAuthenticationOptions | None = None
    ClientCert: ClientCertAuthenticationOptions | None = None
    Keystone: KeystoneAuthenticationOptions | None = None
    OIDC: OIDCAuthenticationOptions | None = None
    PasswordFile: PasswordFileAuthenticationOptions | None = None
    RequestHeader: RequestHeaderAuthenticationOptions | None = None
    ServiceAccounts: ServiceAccountAuthenticationOptions | None = None
    TokenFile: TokenFileAuthenticationOptions | None = None
    WebHook: WebHookAuthenticationOptions | None = None
    TokenSuccessCacheTTL: Duration = Duration(10 * SECOND)
    TokenFailureCacheTTL: Duration = Duration(0)

    def with_all(self) -> BuiltInAuthenticationOptions:
        """WithAll: WithAnonymous().WithBootstrapToken()…WithWebHook(), each setting its own defaults."""
        self.Anonymous = AnonymousAuthenticationOptions(Allow=True)
        self.BootstrapToken = BootstrapTokenAuthenticationOptions()
        self.ClientCert = ClientCertAuthenticationOptions()
        self.Keystone = KeystoneAuthenticationOptions()
        self.OIDC = OIDCAuthenticationOptions()
        self.PasswordFile = PasswordFileAuthenticationOptions()
        self.RequestHeader = RequestHeaderAuthenticationOptions()
        self.ServiceAccounts = ServiceAccountAuthenticationOptions(Lookup=True)
        self.TokenFile = TokenFileAuthenticationOptions()
        self.WebHook = WebHookAuthenticationOptions(CacheTTL=Duration(2 * MINUTE))
        return self


@dataclass
class BuiltInAuthorizationOptions:
    Mode: str = "AlwaysAllow"  # authzmodes.ModeAlwaysAllow
    PolicyFile: str = ""
    WebhookConfigFile: str = ""
    WebhookCacheAuthorizedTTL: Duration = Duration(5 * MINUTE)
    WebhookCacheUnauthorizedTTL: Duration = Duration(30 * SECOND)


@dataclass
class CloudProviderOptions:
    CloudConfigFile: str = ""
    CloudProvider: str = ""


@dataclass
class StorageSerializationOptions:
    StorageVersions: str = ""
    DefaultStorageVersions: str = ""


@dataclass
class APIEnablementOptions:
    RuntimeConfig: dict[str, str] = field(default_factory=dict)  # utilflag.ConfigurationMap


@dataclass
class TLSClientConfig:
    Insecure: bool = False
    ServerName: str = ""
    CertFile: str = ""
    KeyFile: str = ""
    CAFile: str = ""


@dataclass
class KubeletClientConfig:
    Port: int = 0
    ReadOnlyPort: int = 0
    EnableHttps: bool = False
    PreferredAddressTypes: list[str] | None = None
    TLSClientConfig: TLSClientConfig = field(default_factory=TLSClientConfig)
    BearerToken: str = ""
    HTTPTimeout: Duration = Duration(0)


@dataclass
class PortRange:
    """utilnet.PortRange: Base and Size; "30000-32767" is Base 30000, Size 2768."""

    Base: int = 0
    Size: int = 0


@dataclass
class ServerRunOptions:
    GenericServerRunOptions: GenericServerRunOptions
    Etcd: EtcdOptions
    SecureServing: SecureServingOptions
    InsecureServing: InsecureServingOptions
    Audit: AuditOptions
    Features: FeatureOptions
    Admission: AdmissionOptions
    Authentication: BuiltInAuthenticationOptions
    Authorization: BuiltInAuthorizationOptions
    CloudProvider: CloudProviderOptions
    StorageSerialization: StorageSerializationOptions
    APIEnablement: APIEnablementOptions
    AllowPrivileged: bool = False
    EnableLogsHandler: bool = False
    EventTTL: Duration = Duration(0)
    KubeletConfig: KubeletClientConfig = field(default_factory=KubeletClientConfig)
    KubernetesServiceNodePort: int = 0
    MaxConnectionBytesPerSec: int = 0
    ServiceClusterIPRange: str | None = None  # net.IPNet; None is the zero value
    ServiceNodePortRange: PortRange = field(default_factory=PortRange)
    SSHKeyfile: str = ""
    SSHUser: str = ""
    ProxyClientCertFile: str = ""
    ProxyClientKeyFile: str = ""
    EnableAggregatorRouting: bool = False
    MasterCount: int = 0
    EndpointReconcilerType: str = ""


# ---------------------------------------------------------------- constants the constructors read

DEFAULT_ETCD_PATH_PREFIX = "/registry"  # kubeoptions.DefaultEtcdPathPrefix
DEFAULT_SERVICE_NODE_PORT_RANGE = PortRange(Base=30000, Size=2768)  # kubeoptions.DefaultServiceNodePortRange
KUBELET_PORT, KUBELET_READ_ONLY_PORT = 10250, 10255  # pkg/master/ports
MASTER_COUNT_RECONCILER = "master-count"  # reconcilers.MasterCountReconcilerType

# The preferred version of every API group the kube-apiserver binary links (each group's install
# package registers it with legacyscheme.Registry); "" is the core group.
PREFERRED_VERSIONS = {
    "": "v1", "admission.k8s.io": "v1beta1", "admissionregistration.k8s.io": "v1beta1", "apps": "v1beta1",
    "authentication.k8s.io": "v1", "authorization.k8s.io": "v1", "autoscaling": "v1", "batch": "v1",
    "certificates.k8s.io": "v1beta1", "componentconfig": "v1alpha1", "events.k8s.io": "v1beta1",
    "extensions": "v1beta1", "imagepolicy.k8s.io": "v1alpha1", "networking.k8s.io": "v1", "policy": "v1beta1",
    "rbac.authorization.k8s.io": "v1", "scheduling.k8s.io": "v1alpha1", "settings.k8s.io": "v1alpha1",
    "storage.k8s.io": "v1",
}  # fmt: skip

# Admission plugins in the order Register is called: apiserver's server.RegisterAllAdmissionPlugins
# (from NewAdmissionOptions), then kube-apiserver's RegisterAllAdmissionPlugins (plugins.go).
_GENERIC = "staging/src/k8s.io/apiserver/pkg/admission/plugin/"
_KUBE = "plugin/pkg/admission/"
GENERIC_ADMISSION_PLUGINS = {
    "NamespaceLifecycle": _GENERIC + "namespace/lifecycle/admission.go",
    "Initializers": _GENERIC + "initialization/initialization.go",
    "ValidatingAdmissionWebhook": _GENERIC + "webhook/validating/admission.go",
    "MutatingAdmissionWebhook": _GENERIC + "webhook/mutating/admission.go",
}
KUBE_ADMISSION_PLUGINS = {
    "AlwaysAdmit": _KUBE + "admit/admission.go",
    "AlwaysPullImages": _KUBE + "alwayspullimages/admission.go",
    "LimitPodHardAntiAffinityTopology": _KUBE + "antiaffinity/admission.go",
    "DefaultTolerationSeconds": _KUBE + "defaulttolerationseconds/admission.go",
    "AlwaysDeny": _KUBE + "deny/admission.go",
    "EventRateLimit": _KUBE + "eventratelimit/admission.go",
    "DenyEscalatingExec": _KUBE + "exec/admission.go",
    "DenyExecOnPrivileged": _KUBE + "exec/admission.go",
    "ExtendedResourceToleration": _KUBE + "extendedresourcetoleration/admission.go",
    "OwnerReferencesPermissionEnforcement": _KUBE + "gc/gc_admission.go",
    "ImagePolicyWebhook": _KUBE + "imagepolicy/admission.go",
    "InitialResources": _KUBE + "initialresources/admission.go",
    "LimitRanger": _KUBE + "limitranger/admission.go",
    "NamespaceAutoProvision": _KUBE + "namespace/autoprovision/admission.go",
    "NamespaceExists": _KUBE + "namespace/exists/admission.go",
    "NodeRestriction": _KUBE + "noderestriction/admission.go",
    "PersistentVolumeLabel": _KUBE + "persistentvolume/label/admission.go",
    "PodNodeSelector": _KUBE + "podnodeselector/admission.go",
    "PodPreset": _KUBE + "podpreset/admission.go",
    "PodTolerationRestriction": _KUBE + "podtolerationrestriction/admission.go",
    "ResourceQuota": _KUBE + "resourcequota/admission.go",
    "PodSecurityPolicy": _KUBE + "security/podsecuritypolicy/admission.go",
    "Priority": _KUBE + "priority/admission.go",
    "SecurityContextDeny": _KUBE + "securitycontext/scdeny/admission.go",
    "ServiceAccount": _KUBE + "serviceaccount/admission.go",
    "DefaultStorageClass": _KUBE + "storageclass/setdefault/admission.go",
    "PersistentVolumeClaimResize": _KUBE + "persistentvolume/resize/admission.go",
    "PVCProtection": _KUBE + "persistentvolumeclaim/pvcprotection/admission.go",
}

# Fields of the Go structs this replica leaves out, and why (the differential test holds it to this list).
NOT_REPLICATED = {
    "Etcd.StorageConfig.Codec": "nil here; the storage codec is chosen later from the scheme",
    "Etcd.StorageConfig.Transformer": "nil here; set from --experimental-encryption-provider-config later",
    "SecureServing.Listener": "an open socket, made when serving starts",
    "KubeletConfig.TLSClientConfig.CertData": "[]byte, nil by default",
    "KubeletConfig.TLSClientConfig.KeyData": "[]byte, nil by default",
    "KubeletConfig.TLSClientConfig.CAData": "[]byte, nil by default",
    "KubeletConfig.Dial": "a dial function, nil by default",
}


def all_preferred_group_versions() -> str:
    """legacyscheme.Registry.AllPreferredGroupVersions(): "group/version" of each group, sorted, comma-joined."""
    return ",".join(sorted(f"{group}/{version}" if group else version for group, version in PREFERRED_VERSIONS.items()))


# ---------------------------------------------------------------- the constructors


def new_admission_options() -> AdmissionOptions:
    """genericoptions.NewAdmissionOptions: the recommended order, the default-off plugins, and the
    generic plugins registered."""
    options = AdmissionOptions(
        RecommendedPluginOrder=["NamespaceLifecycle", "Initializers", "MutatingAdmissionWebhook", "ValidatingAdmissionWebhook"],
        DefaultOffPlugins=["Initializers", "MutatingAdmissionWebhook", "ValidatingAdmissionWebhook"],
    )
    for name, where in GENERIC_ADMISSION_PLUGINS.items():  # server.RegisterAllAdmissionPlugins
        options.Plugins.register(name, where)
    return options


def register_all_admission_plugins(plugins: Plugins) -> None:
    """options.RegisterAllAdmissionPlugins (plugins.go): every in-tree plugin's Register."""
    for name, where in KUBE_ADMISSION_PLUGINS.items():
        plugins.register(name, where)


def new_server_run_options() -> ServerRunOptions:
    """options.NewServerRunOptions (cmd/kube-apiserver/app/options/options.go)."""
    # ---- s := ServerRunOptions{…}: one constructor per group of options
    s = ServerRunOptions(
        GenericServerRunOptions=GenericServerRunOptions(),
        Etcd=EtcdOptions(StorageConfig=StorageConfig(Prefix=DEFAULT_ETCD_PATH_PREFIX)),
        SecureServing=SecureServingOptions(  # kubeoptions.NewSecureServingOptions, not the generic one (443)
            BindAddress="0.0.0.0", BindPort=6443,
            ServerCert=GeneratableKeyCert(PairName="apiserver", CertDirectory="/var/run/kubernetes"),
        ),
        InsecureServing=InsecureServingOptions(BindAddress="127.0.0.1", BindPort=8080),
        Audit=AuditOptions(),
        Features=FeatureOptions(),
        Admission=new_admission_options(),
        Authentication=BuiltInAuthenticationOptions().with_all(),
        Authorization=BuiltInAuthorizationOptions(),
        CloudProvider=CloudProviderOptions(),
        StorageSerialization=StorageSerializationOptions(
            DefaultStorageVersions=all_preferred_group_versions(), StorageVersions=all_preferred_group_versions(),
        ),
        APIEnablement=APIEnablementOptions(),
        EnableLogsHandler=True,
        EventTTL=Duration(1 * HOUR),
        MasterCount=1,
        EndpointReconcilerType=MASTER_COUNT_RECONCILER,
        KubeletConfig=KubeletClientConfig(
            Port=KUBELET_PORT,
            ReadOnlyPort=KUBELET_READ_ONLY_PORT,
            # --override-hostname, then internal (DNS first), then external (DNS first)
            PreferredAddressTypes=["Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP"],
            EnableHttps=True,
            HTTPTimeout=Duration(5 * SECOND),
        ),
        ServiceNodePortRange=PortRange(DEFAULT_SERVICE_NODE_PORT_RANGE.Base, DEFAULT_SERVICE_NODE_PORT_RANGE.Size),
    )
    # ---- s.Etcd.DefaultStorageMediaType = "application/vnd.kubernetes.protobuf"
    s.Etcd.DefaultStorageMediaType = "application/vnd.kubernetes.protobuf"
    # ---- RegisterAllAdmissionPlugins(s.Admission.Plugins)
    register_all_admission_plugins(s.Admission.Plugins)
    # ---- s.Admission.PluginNames = []string{"AlwaysAdmit"}
    s.Admission.PluginNames = ["AlwaysAdmit"]
    return s


# ---------------------------------------------------------------- printing the tree


def go_value(value: Any) -> str:
    """A value as Go source would write it: "text", nil, 1h0m0s, ["a", "b"], {…} for structs."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(go_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + ", ".join(f"{go_value(k)}: {go_value(v)}" for k, v in sorted(value.items())) + "]"
    if is_dataclass(value):
        return "{…}"
    return str(value)


_IP_FIELDS = {"AdvertiseAddress", "BindAddress", "ServiceClusterIPRange"}  # net.IP / net.IPNet: nil prints <nil>


def tree(options: Any, prefix: str = "") -> list[tuple[str, str]]:
    """(path, value) for every field, depth first in declaration order, as `k8s-reader defaults` lists them."""
    rows: list[tuple[str, str]] = []
    for spec in fields(options):
        value = getattr(options, spec.name)
        path = prefix + spec.name
        if is_dataclass(value) and [f.name for f in fields(value)] == ["Duration"]:
            rows.append((path, go_value(value.Duration)))  # metav1.Duration: listed as the duration it wraps
            continue
        if spec.name in _IP_FIELDS:
            rows.append((path, value or "<nil>"))
        elif isinstance(value, Plugins):
            rows.append((path, "{…}"))  # its fields (lock, registry) are unexported: not listed
        else:
            rows.append((path, go_value(value)))
        if is_dataclass(value) and not isinstance(value, Plugins):
            rows.extend(tree(value, path + "."))
    return rows


def print_tree(options: Any, argv: list[str], module: str) -> int:
    """An options replica's main: every field of the tree, "path<TAB>value"; it takes no arguments."""
    if argv:
        print(f"usage: python -m {module}", file=sys.stderr)
        return 2
    for path, value in tree(options):
        print(f"{path}\t{value}")
    return 0


def main(argv: list[str]) -> int:
    return print_tree(new_server_run_options(), argv, "reader.replicas.kube_apiserver.server_run_options")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
