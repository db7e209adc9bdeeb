"""Every flag kube-apiserver v1.9.9 registers, on the pflag replica.

Mirrors, at Kubernetes v1.9.9:
  cmd/kube-apiserver/app/options/options.go                 (*ServerRunOptions).AddFlags
  staging/src/k8s.io/apiserver/pkg/server/options/          AddUniversalFlags, (*EtcdOptions).AddFlags,
      (*SecureServingOptions).AddFlags/AddDeprecatedFlags, (*AuditOptions).AddFlags (+ log, webhook),
      (*FeatureOptions).AddFlags, (*AdmissionOptions).AddFlags, (*ClientCertAuthenticationOptions).AddFlags,
      (*RequestHeaderAuthenticationOptions).AddFlags
  pkg/kubeapiserver/options/                                (*InsecureServingOptions).AddFlags/AddDeprecatedFlags,
      (*BuiltInAuthenticationOptions).AddFlags, (*BuiltInAuthorizationOptions).AddFlags,
      (*CloudProviderOptions).AddFlags, (*StorageSerializationOptions).AddFlags, (*APIEnablementOptions).AddFlags
  staging/src/k8s.io/apiserver/pkg/util/feature/feature_gate.go   (*featureGate).AddFlag, Set, String
  staging/src/k8s.io/apiserver/pkg/util/flag/flags.go       InitFlags (Go flags join pflag's, "_" → "-")
and the flags registered at package level by what kube-apiserver links: pkg/version/verflag (--version),
apiserver's util/logs (--log-flush-frequency), glog's seven, two admission plugins'
(--default-*-toleration-seconds, --ir-*) and the GCE cloud provider's (--cloud-provider-gce-lb-src-cidrs).

Flags write into the options tree of the server_run_options replica, as Go's `&s.Field` does.
Usage texts are v1.9.9's, transcribed; tests hold every flag (name, type, default, usage,
deprecation, hidden) to the facts extracted from the Go source.

Run it:  python -m reader.replicas.kube_apiserver.add_flags --help
         python -m reader.replicas.kube_apiserver.add_flags --etcd-servers=http://127.0.0.1:2379 --secure-port 0
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from reader.replicas.kube_apiserver import server_run_options as o
from reader.replicas import component_flags
from reader.replicas.component_flags import (
    FEATURE_GATES, FeatureGate, VersionValue, add_gce_lb_src_cidrs_flag, add_version_and_logging_flags, atoi,
)
from reader.replicas.pflag import FlagSet, GoFlagSet, Pointer, Value

# Python function → the Go function it follows (the replica pages put them side by side).
MIRRORS = {
    "add_universal_flags": "k8s.io/apiserver/pkg/server/options.(*ServerRunOptions).AddUniversalFlags",
    "etcd_add_flags": "k8s.io/apiserver/pkg/server/options.(*EtcdOptions).AddFlags",
    "secure_serving_add_flags": "k8s.io/apiserver/pkg/server/options.(*SecureServingOptions).AddFlags",
    "secure_serving_add_deprecated_flags": "k8s.io/apiserver/pkg/server/options.(*SecureServingOptions).AddDeprecatedFlags",
    "insecure_serving_add_flags": "k8s.io/kubernetes/pkg/kubeapiserver/options.(*InsecureServingOptions).AddFlags",
    "insecure_serving_add_deprecated_flags": "k8s.io/kubernetes/pkg/kubeapiserver/options.(*InsecureServingOptions).AddDeprecatedFlags",
    "audit_add_flags": "k8s.io/apiserver/pkg/server/options.(*AuditOptions).AddFlags",
    "features_add_flags": "k8s.io/apiserver/pkg/server/options.(*FeatureOptions).AddFlags",
    "authentication_add_flags": "k8s.io/kubernetes/pkg/kubeapiserver/options.(*BuiltInAuthenticationOptions).AddFlags",
    "authorization_add_flags": "k8s.io/kubernetes/pkg/kubeapiserver/options.(*BuiltInAuthorizationOptions).AddFlags",
    "cloud_provider_add_flags": "k8s.io/kubernetes/pkg/kubeapiserver/options.(*CloudProviderOptions).AddFlags",
    "storage_serialization_add_flags": "k8s.io/kubernetes/pkg/kubeapiserver/options.(*StorageSerializationOptions).AddFlags",
    "api_enablement_add_flags": "k8s.io/kubernetes/pkg/kubeapiserver/options.(*APIEnablementOptions).AddFlags",
    "admission_add_flags": "k8s.io/apiserver/pkg/server/options.(*AdmissionOptions).AddFlags",
    "add_flags": "k8s.io/kubernetes/cmd/kube-apiserver/app/options.(*ServerRunOptions).AddFlags",
    "init_flags": "k8s.io/apiserver/pkg/util/flag.InitFlags",
}

# ---------------------------------------------------------------- Value types kube-apiserver defines


@dataclass
class PortRangeValue(Value):
    """utilnet.PortRange as a flag: "30000-32767"."""

    port_range: o.PortRange
    type_name = "portRange"

    def string(self) -> str:
        r = self.port_range
        return "" if r.Size == 0 else f"{r.Base}-{r.Base + r.Size - 1}"

    def set(self, text: str) -> None:
        value = text.strip()
        if value == "":
            self.port_range.Base = self.port_range.Size = 0
            return
        if "-" not in value:
            raise ValueError("expected hyphen in port range")
        low_text, _, high_text = value.partition("-")
        try:
            low, high = atoi(low_text), atoi(high_text)
        except ValueError as exc:
            raise ValueError(f"unable to parse port range: {value}: {exc}") from None
        if low > 65535 or high > 65535:
            raise ValueError(f"the port range cannot be greater than 65535: {value}")
        if high < low:
            raise ValueError(f"end port cannot be less than start port: {value}")
        self.port_range.Base, self.port_range.Size = low, 1 + high - low


@dataclass
class NamedCertKeyArray(Value):
    """utilflag.NamedCertKeyArray: "cert,key" or "cert,key:name1,name2", repeatable."""

    target: Pointer
    value: list[str] = field(default_factory=list)
    changed: bool = False
    type_name = "namedCertKey"

    def string(self) -> str:
        return "[" + ";".join(self.value) + "]"

    def set(self, text: str) -> None:
        keycert, has_names, names = text.partition(":")
        parts = [keycert.strip()]
        if has_names:
            if not names.strip():
                raise ValueError("empty names list is not allowed")
            parts.append(",".join(n.strip() for n in names.strip().split(",")))
        pair = parts[0].split(",")
        if len(pair) != 2:
            raise ValueError("expected comma separated certificate and key file paths")
        one = ",".join(p.strip() for p in pair) + (":" + parts[1] if has_names else "")
        self.value = [one] if not self.changed else self.value + [one]
        self.changed = True
        self.target.set(self.value)


@dataclass
class ConfigurationMap(Value):
    """utilflag.ConfigurationMap: "k=v,k2=v2", later values win, printed sorted."""

    value: dict[str, str]
    type_name = "mapStringString"

    def string(self) -> str:
        return ",".join(sorted(f"{k}={v}" for k, v in self.value.items()))

    def set(self, text: str) -> None:
        for item in text.split(","):
            if item:
                key, has_value, value = item.partition("=")
                self.value[key.strip()] = value.strip() if has_value else ""




# ---------------------------------------------------------------- package-level registrations (before main runs)


@dataclass
class Globals:
    """What package initialisation registers, and where Go keeps those values."""

    command_line: FlagSet
    go_flags: GoFlagSet
    version: VersionValue
    feature_gate: FeatureGate
    repair_malformed_updates: list[bool]  # validation.RepairMalformedUpdates (a package variable)


def package_level_flags(name: str = "kube-apiserver") -> Globals:
    command_line = FlagSet(name)  # pflag.CommandLine
    go_flags = GoFlagSet()  # flag.CommandLine
    version = add_version_and_logging_flags(command_line, go_flags)
    # ---- plugin/pkg/admission/defaulttolerationseconds
    go_flags.add("int64", "default-not-ready-toleration-seconds", 300,
                 "Indicates the tolerationSeconds of the toleration for notReady:NoExecute"
                 " that is added by default to every pod that does not already have such a toleration.")
    go_flags.add("int64", "default-unreachable-toleration-seconds", 300,
                 "Indicates the tolerationSeconds of the toleration for unreachable:NoExecute"
                 " that is added by default to every pod that does not already have such a toleration.")
    # ---- plugin/pkg/admission/initialresources
    go_flags.add("string", "ir-data-source", "influxdb", "Data source used by InitialResources. Supported options: influxdb, gcm.")
    go_flags.add("int64", "ir-percentile", 90, "Which percentile of samples should InitialResources use when estimating resources. For experiment purposes.")
    go_flags.add("bool", "ir-namespace-only", False, "Whether the estimation should be made only based on data from the same namespace.")
    go_flags.add("string", "ir-influxdb-host", "localhost:8080/api/v1/namespaces/kube-system/services/monitoring-influxdb:api/proxy",
                 "Address of InfluxDB which contains metrics required by InitialResources")
    go_flags.add("string", "ir-user", "root", "User used for connecting to InfluxDB")
    go_flags.add("string", "ir-password", "root", "Password used for connecting to InfluxDB")
    go_flags.add("string", "ir-dbname", "k8s", "InfluxDB database name which contains metrics required by InitialResources")
    go_flags.add("string", "ir-hawkular", "", "Hawkular configuration URL")
    add_gce_lb_src_cidrs_flag(go_flags)
    return Globals(command_line, go_flags, version, FeatureGate(dict(FEATURE_GATES)), [True])


# ---------------------------------------------------------------- (*ServerRunOptions).AddFlags and the AddFlags it calls


def add_universal_flags(s: o.GenericServerRunOptions, fs: FlagSet, feature_gate: FeatureGate) -> None:
    fs.add("ip", "advertise-address", s.AdvertiseAddress, into=Pointer(s, "AdvertiseAddress"), usage=""
           "The IP address on which to advertise the apiserver to members of the cluster. This "
           "address must be reachable by the rest of the cluster. If blank, the --bind-address "
           "will be used. If --bind-address is unspecified, the host's default interface will "
           "be used.")
    fs.add("stringSlice", "cors-allowed-origins", s.CorsAllowedOriginList, into=Pointer(s, "CorsAllowedOriginList"), usage=""
           "List of allowed origins for CORS, comma separated.  An allowed origin can be a regular "
           "expression to support subdomain matching. If this list is empty CORS will not be enabled.")
    fs.add("int", "target-ram-mb", s.TargetRAMMB, into=Pointer(s, "TargetRAMMB"),
           usage="Memory limit for apiserver in MB (used to configure sizes of caches, etc.)")
    fs.add("string", "external-hostname", s.ExternalHost, into=Pointer(s, "ExternalHost"),
           usage="The hostname to use when generating externalized URLs for this master (e.g. Swagger API Docs).")
    fs.add("string", "master-service-namespace", "default", usage=""  # a local variable: metav1.NamespaceDefault
           "DEPRECATED: the namespace from which the kubernetes master services should be injected into pods.")
    fs.add("int", "max-requests-inflight", s.MaxRequestsInFlight, into=Pointer(s, "MaxRequestsInFlight"), usage=""
           "The maximum number of non-mutating requests in flight at a given time. When the server exceeds this, "
           "it rejects requests. Zero for no limit.")
    fs.add("int", "max-mutating-requests-inflight", s.MaxMutatingRequestsInFlight, into=Pointer(s, "MaxMutatingRequestsInFlight"), usage=""
           "The maximum number of mutating requests in flight at a given time. When the server exceeds this, "
           "it rejects requests. Zero for no limit.")
    fs.add("duration", "request-timeout", s.RequestTimeout, into=Pointer(s, "RequestTimeout"), usage=""
           "An optional field indicating the duration a handler must keep a request open before timing "
           "it out. This is the default request timeout for requests but may be overridden by flags such as "
           "--min-request-timeout for specific types of requests.")
    fs.add("int", "min-request-timeout", s.MinRequestTimeout, into=Pointer(s, "MinRequestTimeout"), usage=""
           "An optional field indicating the minimum number of seconds a handler must keep "
           "a request open before timing it out. Currently only honored by the watch request "
           "handler, which picks a randomized value above this number as the connection timeout, "
           "to spread out load.")
    feature_gate.add_flag(fs)  # utilfeature.DefaultFeatureGate.AddFlag(fs)


def etcd_add_flags(s: o.EtcdOptions, fs: FlagSet) -> None:
    c = s.StorageConfig
    fs.add("stringSlice", "etcd-servers-overrides", s.EtcdServersOverrides, into=Pointer(s, "EtcdServersOverrides"), usage=""
           "Per-resource etcd servers overrides, comma separated. The individual override "
           "format: group/resource#servers, where servers are http://ip:port, semicolon separated.")
    fs.add("string", "storage-media-type", s.DefaultStorageMediaType, into=Pointer(s, "DefaultStorageMediaType"), usage=""
           "The media type to use to store objects in storage. "
           "Some resources or storage backends may only support a specific media type and will ignore this setting.")
    fs.add("int", "delete-collection-workers", s.DeleteCollectionWorkers, into=Pointer(s, "DeleteCollectionWorkers"),
           usage="Number of workers spawned for DeleteCollection call. These are used to speed up namespace cleanup.")
    fs.add("bool", "enable-garbage-collector", s.EnableGarbageCollection, into=Pointer(s, "EnableGarbageCollection"), usage=""
           "Enables the generic garbage collector. MUST be synced with the corresponding flag "
           "of the kube-controller-manager.")
    fs.add("bool", "watch-cache", s.EnableWatchCache, into=Pointer(s, "EnableWatchCache"), usage="Enable watch caching in the apiserver")
    fs.add("int", "default-watch-cache-size", s.DefaultWatchCacheSize, into=Pointer(s, "DefaultWatchCacheSize"),
           usage="Default watch cache size. If zero, watch cache will be disabled for resources that do not have a default watch size set.")
    fs.add("stringSlice", "watch-cache-sizes", s.WatchCacheSizes, into=Pointer(s, "WatchCacheSizes"), usage=""
           "List of watch cache sizes for every resource (pods, nodes, etc.), comma separated. "
           "The individual override format: resource#size, where size is a number. It takes effect "
           "when watch-cache is enabled.")
    fs.add("string", "storage-backend", c.Type, into=Pointer(c, "Type"),
           usage="The storage backend for persistence. Options: 'etcd3' (default), 'etcd2'.")
    fs.add("int", "deserialization-cache-size", c.DeserializationCacheSize, into=Pointer(c, "DeserializationCacheSize"),
           usage="Number of deserialized json objects to cache in memory.")
    fs.add("stringSlice", "etcd-servers", c.ServerList, into=Pointer(c, "ServerList"),
           usage="List of etcd servers to connect with (scheme://ip:port), comma separated.")
    fs.add("string", "etcd-prefix", c.Prefix, into=Pointer(c, "Prefix"), usage="The prefix to prepend to all resource paths in etcd.")
    fs.add("string", "etcd-keyfile", c.KeyFile, into=Pointer(c, "KeyFile"), usage="SSL key file used to secure etcd communication.")
    fs.add("string", "etcd-certfile", c.CertFile, into=Pointer(c, "CertFile"), usage="SSL certification file used to secure etcd communication.")
    fs.add("string", "etcd-cafile", c.CAFile, into=Pointer(c, "CAFile"), usage="SSL Certificate Authority file used to secure etcd communication.")
    fs.add("bool", "etcd-quorum-read", c.Quorum, into=Pointer(c, "Quorum"),
           usage="If true, enable quorum read. It defaults to true and is strongly recommended not setting to false.")
    fs.mark_deprecated("etcd-quorum-read", "This flag is deprecated and the ability to switch off quorum read will be removed in a future release.")
    fs.add("string", "experimental-encryption-provider-config", s.EncryptionProviderConfigFilepath, into=Pointer(s, "EncryptionProviderConfigFilepath"),
           usage="The file containing configuration for encryption providers to be used for storing secrets in etcd")
    fs.add("duration", "etcd-compaction-interval", c.CompactionInterval, into=Pointer(c, "CompactionInterval"),
           usage="The interval of compaction requests. If 0, the compaction request from apiserver is disabled.")


def secure_serving_add_flags(s: o.SecureServingOptions, fs: FlagSet) -> None:
    cert = s.ServerCert
    fs.add("ip", "bind-address", s.BindAddress, into=Pointer(s, "BindAddress"), usage=""
           "The IP address on which to listen for the --secure-port port. The "
           "associated interface(s) must be reachable by the rest of the cluster, and by CLI/web "
           "clients. If blank, all interfaces will be used (0.0.0.0).")
    fs.add("int", "secure-port", s.BindPort, into=Pointer(s, "BindPort"), usage=""
           "The port on which to serve HTTPS with authentication and authorization. If 0, "
           "don't serve HTTPS at all.")
    fs.add("string", "cert-dir", cert.CertDirectory, into=Pointer(cert, "CertDirectory"), usage=""
           "The directory where the TLS certs are located. "
           "If --tls-cert-file and --tls-private-key-file are provided, this flag will be ignored.")
    fs.add("string", "tls-cert-file", cert.CertKey.CertFile, into=Pointer(cert.CertKey, "CertFile"), usage=""
           "File containing the default x509 Certificate for HTTPS. (CA cert, if any, concatenated "
           "after server cert). If HTTPS serving is enabled, and --tls-cert-file and "
           "--tls-private-key-file are not provided, a self-signed certificate and key "
           "are generated for the public address and saved to the directory specified by --cert-dir.")
    fs.add("string", "tls-private-key-file", cert.CertKey.KeyFile, into=Pointer(cert.CertKey, "KeyFile"),
           usage="File containing the default x509 private key matching --tls-cert-file.")
    fs.add("string", "tls-ca-file", cert.CACertFile, into=Pointer(cert, "CACertFile"), usage="If set, this "
           "certificate authority will used for secure access from Admission "
           "Controllers. This must be a valid PEM-encoded CA bundle. Altneratively, the certificate authority "
           "can be appended to the certificate provided by --tls-cert-file.")
    fs.var(NamedCertKeyArray(Pointer(s, "SNICertKeys")), "tls-sni-cert-key", ""
           "A pair of x509 certificate and private key file paths, optionally suffixed with a list of "
           "domain patterns which are fully qualified domain names, possibly with prefixed wildcard "
           "segments. If no domain patterns are provided, the names of the certificate are "
           "extracted. Non-wildcard matches trump over wildcard matches, explicit domain patterns "
           "trump over extracted names. For multiple key/certificate pairs, use the "
           "--tls-sni-cert-key multiple times. "
           'Examples: "example.crt,example.key" or "foo.crt,foo.key:*.foo.com,foo.com".')
    fs.add("int", "http2-max-streams-per-connection", s.HTTP2MaxStreamsPerConnection, into=Pointer(s, "HTTP2MaxStreamsPerConnection"), usage=""
           "The limit that the server gives to clients for "
           "the maximum number of streams in an HTTP/2 connection. "
           "Zero means to use golang's default.")


def secure_serving_add_deprecated_flags(s: o.SecureServingOptions, fs: FlagSet) -> None:
    fs.add("ip", "public-address-override", s.BindAddress, into=Pointer(s, "BindAddress"), usage="DEPRECATED: see --bind-address instead.")
    fs.mark_deprecated("public-address-override", "see --bind-address instead.")


def insecure_serving_add_flags(s: o.InsecureServingOptions, fs: FlagSet) -> None:
    fs.add("ip", "insecure-bind-address", s.BindAddress, into=Pointer(s, "BindAddress"),
           usage="The IP address on which to serve the --insecure-port (set to 0.0.0.0 for all interfaces).")
    fs.add("int", "insecure-port", s.BindPort, into=Pointer(s, "BindPort"), usage=""
           "The port on which to serve unsecured, unauthenticated access. It is assumed "
           "that firewall rules are set up such that this port is not reachable from outside of "
           "the cluster and that port 443 on the cluster's public address is proxied to this "
           "port. This is performed by nginx in the default setup.")


def insecure_serving_add_deprecated_flags(s: o.InsecureServingOptions, fs: FlagSet) -> None:
    fs.add("ip", "address", s.BindAddress, into=Pointer(s, "BindAddress"), usage="DEPRECATED: see --insecure-bind-address instead.")
    fs.mark_deprecated("address", "see --insecure-bind-address instead.")
    fs.add("int", "port", s.BindPort, into=Pointer(s, "BindPort"), usage="DEPRECATED: see --insecure-port instead.")
    fs.mark_deprecated("port", "see --insecure-port instead.")


AUDIT_LOG_FORMATS = ["legacy", "json"]  # pluginlog.AllowedFormats
AUDIT_WEBHOOK_MODES = ["batch", "blocking"]  # pluginwebhook.AllowedModes


def audit_add_flags(s: o.AuditOptions, fs: FlagSet) -> None:
    fs.add("string", "audit-policy-file", s.PolicyFile, into=Pointer(s, "PolicyFile"),
           usage="Path to the file that defines the audit policy configuration. Requires the 'AdvancedAuditing' feature gate."
           " With AdvancedAuditing, a profile is required to enable auditing.")
    # ---- o.LogOptions.AddFlags(fs)
    log = s.LogOptions
    fs.add("string", "audit-log-path", log.Path, into=Pointer(log, "Path"),
           usage="If set, all requests coming to the apiserver will be logged to this file.  '-' means standard out.")
    fs.add("int", "audit-log-maxage", log.MaxBackups, into=Pointer(log, "MaxAge"),  # sic: v1.9.9 passes MaxBackups as the default
           usage="The maximum number of days to retain old audit log files based on the timestamp encoded in their filename.")
    fs.add("int", "audit-log-maxbackup", log.MaxBackups, into=Pointer(log, "MaxBackups"), usage="The maximum number of old audit log files to retain.")
    fs.add("int", "audit-log-maxsize", log.MaxSize, into=Pointer(log, "MaxSize"),
           usage="The maximum size in megabytes of the audit log file before it gets rotated.")
    fs.add("string", "audit-log-format", log.Format, into=Pointer(log, "Format"),
           usage='Format of saved audits. "legacy" indicates 1-line text format for each event.'
           ' "json" indicates structured json format. Requires the \'AdvancedAuditing\' feature'
           " gate. Known formats are " + ",".join(AUDIT_LOG_FORMATS) + ".")
    # ---- o.WebhookOptions.AddFlags(fs)
    hook, batch = s.WebhookOptions, s.WebhookOptions.BatchConfig
    fs.add("string", "audit-webhook-config-file", hook.ConfigFile, into=Pointer(hook, "ConfigFile"),
           usage="Path to a kubeconfig formatted file that defines the audit webhook configuration."
           " Requires the 'AdvancedAuditing' feature gate.")
    fs.add("string", "audit-webhook-mode", hook.Mode, into=Pointer(hook, "Mode"),
           usage="Strategy for sending audit events. Blocking indicates sending events should block"
           " server responses. Batch causes the webhook to buffer and send events"
           " asynchronously. Known modes are " + ",".join(AUDIT_WEBHOOK_MODES) + ".")
    fs.add("int", "audit-webhook-batch-buffer-size", batch.BufferSize, into=Pointer(batch, "BufferSize"),
           usage="The size of the buffer to store events before batching and sending to the webhook. Only used in batch mode.")
    fs.add("int", "audit-webhook-batch-max-size", batch.MaxBatchSize, into=Pointer(batch, "MaxBatchSize"),
           usage="The maximum size of a batch sent to the webhook. Only used in batch mode.")
    fs.add("duration", "audit-webhook-batch-max-wait", batch.MaxBatchWait, into=Pointer(batch, "MaxBatchWait"),
           usage="The amount of time to wait before force sending the batch that hadn't reached the max size. Only used in batch mode.")
    fs.add("float32", "audit-webhook-batch-throttle-qps", batch.ThrottleQPS, into=Pointer(batch, "ThrottleQPS"),
           usage="Maximum average number of requests per second. Only used in batch mode.")
    fs.add("int", "audit-webhook-batch-throttle-burst", batch.ThrottleBurst, into=Pointer(batch, "ThrottleBurst"),
           usage="Maximum number of requests sent at the same moment if ThrottleQPS was not utilized before. Only used in batch mode.")
    fs.add("duration", "audit-webhook-batch-initial-backoff", batch.InitialBackoff, into=Pointer(batch, "InitialBackoff"),
           usage="The amount of time to wait before retrying the first failed requests. Only used in batch mode.")


def features_add_flags(s: o.FeatureOptions, fs: FlagSet) -> None:
    fs.add("bool", "profiling", s.EnableProfiling, into=Pointer(s, "EnableProfiling"), usage="Enable profiling via web interface host:port/debug/pprof/")
    fs.add("bool", "contention-profiling", s.EnableContentionProfiling, into=Pointer(s, "EnableContentionProfiling"),
           usage="Enable lock contention profiling, if profiling is enabled")
    fs.add("bool", "enable-swagger-ui", s.EnableSwaggerUI, into=Pointer(s, "EnableSwaggerUI"), usage="Enables swagger ui on the apiserver at /swagger-ui")


def authentication_add_flags(s: o.BuiltInAuthenticationOptions, fs: FlagSet) -> None:
    if s.Anonymous is not None:
        fs.add("bool", "anonymous-auth", s.Anonymous.Allow, into=Pointer(s.Anonymous, "Allow"), usage=""
               "Enables anonymous requests to the secure port of the API server. "
               "Requests that are not rejected by another authentication method are treated as anonymous requests. "
               "Anonymous requests have a username of system:anonymous, and a group name of system:unauthenticated.")
    if s.BootstrapToken is not None:
        fs.add("bool", "enable-bootstrap-token-auth", s.BootstrapToken.Enable, into=Pointer(s.BootstrapToken, "Enable"), usage=""
               "Enable to allow secrets of type 'bootstrap.kubernetes.io/token' in the 'kube-system' "
               "namespace to be used for TLS bootstrapping authentication.")
    if s.ClientCert is not None:  # s.ClientCert.AddFlags(fs)
        fs.add("string", "client-ca-file", s.ClientCert.ClientCA, into=Pointer(s.ClientCert, "ClientCA"), usage=""
               "If set, any request presenting a client certificate signed by one of "
               "the authorities in the client-ca-file is authenticated with an identity "
               "corresponding to the CommonName of the client certificate.")
    if s.Keystone is not None:
        k = s.Keystone
        fs.add("string", "experimental-keystone-url", k.URL, into=Pointer(k, "URL"), usage="If passed, activates the keystone authentication plugin.")
        fs.add("string", "experimental-keystone-ca-file", k.CAFile, into=Pointer(k, "CAFile"), usage=""
               "If set, the Keystone server's certificate will be verified by one of the authorities "
               "in the experimental-keystone-ca-file, otherwise the host's root CA set will be used.")
    if s.OIDC is not None:
        oidc = s.OIDC
        fs.add("string", "oidc-issuer-url", oidc.IssuerURL, into=Pointer(oidc, "IssuerURL"), usage=""
               "The URL of the OpenID issuer, only HTTPS scheme will be accepted. "
               "If set, it will be used to verify the OIDC JSON Web Token (JWT).")
        fs.add("string", "oidc-client-id", oidc.ClientID, into=Pointer(oidc, "ClientID"),
               usage="The client ID for the OpenID Connect client, must be set if oidc-issuer-url is set.")
        fs.add("string", "oidc-ca-file", oidc.CAFile, into=Pointer(oidc, "CAFile"), usage=""
               "If set, the OpenID server's certificate will be verified by one of the authorities "
               "in the oidc-ca-file, otherwise the host's root CA set will be used.")
        # the default is written here, not in the constructor: registering stores "sub" into the field
        fs.add("string", "oidc-username-claim", "sub", into=Pointer(oidc, "UsernameClaim"), usage=""
               "The OpenID claim to use as the user name. Note that claims other than the default ('sub') "
               "is not guaranteed to be unique and immutable. This flag is experimental, please see "
               "the authentication documentation for further details.")
        fs.add("string", "oidc-username-prefix", "", into=Pointer(oidc, "UsernamePrefix"), usage=""
               "If provided, all usernames will be prefixed with this value. If not provided, "
               "username claims other than 'email' are prefixed by the issuer URL to avoid "
               "clashes. To skip any prefixing, provide the value '-'.")
        fs.add("string", "oidc-groups-claim", "", into=Pointer(oidc, "GroupsClaim"), usage=""
               "If provided, the name of a custom OpenID Connect claim for specifying user groups. "
               "The claim value is expected to be a string or array of strings. This flag is experimental, "
               "please see the authentication documentation for further details.")
        fs.add("string", "oidc-groups-prefix", "", into=Pointer(oidc, "GroupsPrefix"), usage=""
               "If provided, all groups will be prefixed with this value to prevent conflicts with "
               "other authentication strategies.")
    if s.PasswordFile is not None:
        fs.add("string", "basic-auth-file", s.PasswordFile.BasicAuthFile, into=Pointer(s.PasswordFile, "BasicAuthFile"), usage=""
               "If set, the file that will be used to admit requests to the secure port of the API server "
               "via http basic authentication.")
    if s.RequestHeader is not None:  # s.RequestHeader.AddFlags(fs)
        r = s.RequestHeader
        fs.add("stringSlice", "requestheader-username-headers", r.UsernameHeaders, into=Pointer(r, "UsernameHeaders"),
               usage="List of request headers to inspect for usernames. X-Remote-User is common.")
        fs.add("stringSlice", "requestheader-group-headers", r.GroupHeaders, into=Pointer(r, "GroupHeaders"),
               usage="List of request headers to inspect for groups. X-Remote-Group is suggested.")
        fs.add("stringSlice", "requestheader-extra-headers-prefix", r.ExtraHeaderPrefixes, into=Pointer(r, "ExtraHeaderPrefixes"),
               usage="List of request header prefixes to inspect. X-Remote-Extra- is suggested.")
        fs.add("string", "requestheader-client-ca-file", r.ClientCAFile, into=Pointer(r, "ClientCAFile"), usage=""
               "Root certificate bundle to use to verify client certificates on incoming requests "
               "before trusting usernames in headers specified by --requestheader-username-headers")
        fs.add("stringSlice", "requestheader-allowed-names", r.AllowedNames, into=Pointer(r, "AllowedNames"), usage=""
               "List of client certificate common names to allow to provide usernames in headers "
               "specified by --requestheader-username-headers. If empty, any client certificate validated "
               "by the authorities in --requestheader-client-ca-file is allowed.")
    if s.ServiceAccounts is not None:
        sa = s.ServiceAccounts
        fs.add("stringArray", "service-account-key-file", sa.KeyFiles, into=Pointer(sa, "KeyFiles"), usage=""
               "File containing PEM-encoded x509 RSA or ECDSA private or public keys, used to verify "
               "ServiceAccount tokens. If unspecified, --tls-private-key-file is used. "
               "The specified file can contain multiple keys, and the flag can be specified multiple times with different files.")
        fs.add("bool", "service-account-lookup", sa.Lookup, into=Pointer(sa, "Lookup"),
               usage="If true, validate ServiceAccount tokens exist in etcd as part of authentication.")
    if s.TokenFile is not None:
        fs.add("string", "token-auth-file", s.TokenFile.TokenFile, into=Pointer(s.TokenFile, "TokenFile"), usage=""
               "If set, the file that will be used to secure the secure port of the API server "
               "via token authentication.")
    if s.WebHook is not None:
        hook = s.WebHook
        fs.add("string", "authentication-token-webhook-config-file", hook.ConfigFile, into=Pointer(hook, "ConfigFile"), usage=""
               "File with webhook configuration for token authentication in kubeconfig format. "
               "The API server will query the remote service to determine authentication for bearer tokens.")
        fs.add("duration", "authentication-token-webhook-cache-ttl", hook.CacheTTL, into=Pointer(hook, "CacheTTL"),
               usage="The duration to cache responses from the webhook token authenticator.")


AUTHORIZATION_MODES = ["AlwaysAllow", "AlwaysDeny", "ABAC", "Webhook", "RBAC", "Node"]  # authzmodes.AuthorizationModeChoices


def authorization_add_flags(s: o.BuiltInAuthorizationOptions, fs: FlagSet) -> None:
    fs.add("string", "authorization-mode", s.Mode, into=Pointer(s, "Mode"), usage=""
           "Ordered list of plug-ins to do authorization on secure port. Comma-delimited list of: "
           + ",".join(AUTHORIZATION_MODES) + ".")
    fs.add("string", "authorization-policy-file", s.PolicyFile, into=Pointer(s, "PolicyFile"),
           usage="File with authorization policy in csv format, used with --authorization-mode=ABAC, on the secure port.")
    fs.add("string", "authorization-webhook-config-file", s.WebhookConfigFile, into=Pointer(s, "WebhookConfigFile"), usage=""
           "File with webhook configuration in kubeconfig format, used with --authorization-mode=Webhook. "
           "The API server will query the remote service to determine access on the API server's secure port.")
    fs.add("duration", "authorization-webhook-cache-authorized-ttl", s.WebhookCacheAuthorizedTTL, into=Pointer(s, "WebhookCacheAuthorizedTTL"),
           usage="The duration to cache 'authorized' responses from the webhook authorizer.")
    fs.add("duration", "authorization-webhook-cache-unauthorized-ttl", s.WebhookCacheUnauthorizedTTL, into=Pointer(s, "WebhookCacheUnauthorizedTTL"),
           usage="The duration to cache 'unauthorized' responses from the webhook authorizer.")
    fs.add("string", "authorization-rbac-super-user", "", usage=""  # fs.String: the value is kept nowhere
           "If specified, a username which avoids RBAC authorization checks and role binding "
           "privilege escalation checks, to be used with --authorization-mode=RBAC.")
    fs.mark_deprecated("authorization-rbac-super-user", "Removed during alpha to beta.  The 'system:masters' group has privileged access.")


def cloud_provider_add_flags(s: o.CloudProviderOptions, fs: FlagSet) -> None:
    fs.add("string", "cloud-provider", s.CloudProvider, into=Pointer(s, "CloudProvider"), usage="The provider for cloud services. Empty string for no provider.")
    fs.add("string", "cloud-config", s.CloudConfigFile, into=Pointer(s, "CloudConfigFile"),
           usage="The path to the cloud provider configuration file. Empty string for no configuration file.")


def storage_serialization_add_flags(s: o.StorageSerializationOptions, fs: FlagSet) -> None:
    fs.add("string", "storage-version", "", usage="DEPRECATED: the version to store the legacy v1 resources with. Defaults to server preferred.")
    fs.mark_deprecated("storage-version", "--storage-version is deprecated and will be removed when the v1 API "
                       "is retired. Setting this has no effect. See --storage-versions instead.")  # fmt: skip
    fs.add("string", "storage-versions", s.StorageVersions, into=Pointer(s, "StorageVersions"), usage=""
           "The per-group version to store resources in. "
           'Specified in the format "group1/version1,group2/version2,...". '
           "In the case where objects are moved from one group to the other, "
           'you may specify the format "group1=group2/v1beta1,group3/v1beta1,...". '
           "You only need to pass the groups you wish to change from the defaults. "
           "It defaults to a list of preferred versions of all registered groups, "
           "which is derived from the KUBE_API_VERSIONS environment variable.")


def api_enablement_add_flags(s: o.APIEnablementOptions, fs: FlagSet) -> None:
    fs.var(ConfigurationMap(s.RuntimeConfig), "runtime-config", ""
           "A set of key=value pairs that describe runtime configuration that may be passed "
           "to apiserver. apis/<groupVersion> key can be used to turn on/off specific api versions. "
           "apis/<groupVersion>/<resource> can be used to turn on/off specific resources. api/all and "
           "api/legacy are special keys to control all and legacy api versions respectively.")


def admission_add_flags(s: o.AdmissionOptions, fs: FlagSet) -> None:
    fs.add("stringSlice", "admission-control", s.PluginNames, into=Pointer(s, "PluginNames"), usage=""
           "Admission is divided into two phases. "
           "In the first phase, only mutating admission plugins run. "
           "In the second phase, only validating admission plugins run. "
           "The names in the below list may represent a validating plugin, a mutating plugin, or both. "
           "Within each phase, the plugins will run in the order in which they are passed to this flag. "
           "Comma-delimited list of: " + ", ".join(s.Plugins.registered()) + ".")
    fs.add("string", "admission-control-config-file", s.ConfigFile, into=Pointer(s, "ConfigFile"), usage="File with admission control configuration.")


ENDPOINT_RECONCILER_TYPES = ["master-count", "lease", "none"]  # reconcilers.AllTypes.Names()


def add_flags(s: o.ServerRunOptions, fs: FlagSet, g: Globals) -> None:
    """(*ServerRunOptions).AddFlags (cmd/kube-apiserver/app/options/options.go)."""
    # ---- the generic flags, one AddFlags per group of options
    add_universal_flags(s.GenericServerRunOptions, fs, g.feature_gate)
    etcd_add_flags(s.Etcd, fs)
    secure_serving_add_flags(s.SecureServing, fs)
    secure_serving_add_deprecated_flags(s.SecureServing, fs)
    insecure_serving_add_flags(s.InsecureServing, fs)
    insecure_serving_add_deprecated_flags(s.InsecureServing, fs)
    audit_add_flags(s.Audit, fs)
    features_add_flags(s.Features, fs)
    authentication_add_flags(s.Authentication, fs)
    authorization_add_flags(s.Authorization, fs)
    cloud_provider_add_flags(s.CloudProvider, fs)
    storage_serialization_add_flags(s.StorageSerialization, fs)
    api_enablement_add_flags(s.APIEnablement, fs)
    admission_add_flags(s.Admission, fs)

    # ---- kube-apiserver's own flags
    fs.add("duration", "event-ttl", s.EventTTL, into=Pointer(s, "EventTTL"), usage="Amount of time to retain events.")
    fs.add("bool", "allow-privileged", s.AllowPrivileged, into=Pointer(s, "AllowPrivileged"), usage="If true, allow privileged containers. [default=false]")
    fs.add("bool", "enable-logs-handler", s.EnableLogsHandler, into=Pointer(s, "EnableLogsHandler"),
           usage="If true, install a /logs handler for the apiserver logs.")
    fs.add("string", "ssh-user", s.SSHUser, into=Pointer(s, "SSHUser"), usage="If non-empty, use secure SSH proxy to the nodes, using this user name")
    fs.mark_deprecated("ssh-user", "This flag will be removed in a future version.")
    fs.add("string", "ssh-keyfile", s.SSHKeyfile, into=Pointer(s, "SSHKeyfile"), usage="If non-empty, use secure SSH proxy to the nodes, using this user keyfile")
    fs.mark_deprecated("ssh-keyfile", "This flag will be removed in a future version.")
    fs.add("int64", "max-connection-bytes-per-sec", s.MaxConnectionBytesPerSec, into=Pointer(s, "MaxConnectionBytesPerSec"), usage=""
           "If non-zero, throttle each user connection to this number of bytes/sec. "
           "Currently only applies to long-running requests.")
    fs.add("int", "apiserver-count", s.MasterCount, into=Pointer(s, "MasterCount"),
           usage="The number of apiservers running in the cluster, must be a positive number.")
    fs.add("string", "endpoint-reconciler-type", s.EndpointReconcilerType, into=Pointer(s, "EndpointReconcilerType"),
           usage="Use an endpoint reconciler (" + ", ".join(ENDPOINT_RECONCILER_TYPES) + ")")
    fs.add("int", "kubernetes-service-node-port", s.KubernetesServiceNodePort, into=Pointer(s, "KubernetesServiceNodePort"), usage=""
           "If non-zero, the Kubernetes master service (which apiserver creates/maintains) will be "
           "of type NodePort, using this as the value of the port. If zero, the Kubernetes master "
           "service will be of type ClusterIP.")
    fs.add("ipNet", "service-cluster-ip-range", s.ServiceClusterIPRange, into=Pointer(s, "ServiceClusterIPRange"), usage=""
           "A CIDR notation IP range from which to assign service cluster IPs. This must not "
           "overlap with any IP ranges assigned to nodes for pods.")
    fs.var(PortRangeValue(s.ServiceNodePortRange), "service-node-port-range", ""
           "A port range to reserve for services with NodePort visibility. "
           "Example: '30000-32767'. Inclusive at both ends of the range.")

    # ---- kubelet related flags
    k = s.KubeletConfig
    fs.add("bool", "kubelet-https", k.EnableHttps, into=Pointer(k, "EnableHttps"), usage="Use https for kubelet connections.")
    fs.add("stringSlice", "kubelet-preferred-address-types", k.PreferredAddressTypes, into=Pointer(k, "PreferredAddressTypes"),
           usage="List of the preferred NodeAddressTypes to use for kubelet connections.")
    fs.add("uint", "kubelet-port", k.Port, into=Pointer(k, "Port"), usage="DEPRECATED: kubelet port.")
    fs.mark_deprecated("kubelet-port", "kubelet-port is deprecated and will be removed.")
    fs.add("uint", "kubelet-read-only-port", k.ReadOnlyPort, into=Pointer(k, "ReadOnlyPort"), usage="DEPRECATED: kubelet port.")
    fs.add("duration", "kubelet-timeout", k.HTTPTimeout, into=Pointer(k, "HTTPTimeout"), usage="Timeout for kubelet operations.")
    tls = k.TLSClientConfig  # embedded in KubeletClientConfig: s.KubeletConfig.CertFile is TLSClientConfig.CertFile
    fs.add("string", "kubelet-client-certificate", tls.CertFile, into=Pointer(tls, "CertFile"), usage="Path to a client cert file for TLS.")
    fs.add("string", "kubelet-client-key", tls.KeyFile, into=Pointer(tls, "KeyFile"), usage="Path to a client key file for TLS.")
    fs.add("string", "kubelet-certificate-authority", tls.CAFile, into=Pointer(tls, "CAFile"), usage="Path to a cert file for the certificate authority.")
    fs.add("bool", "repair-malformed-updates", g.repair_malformed_updates[0], usage=""  # validation.RepairMalformedUpdates, a package variable
           "If true, server will do its best to fix the update request to pass the validation, "
           "e.g., setting empty UID in update request to its existing value. This flag can be turned off "
           "after we fix all the clients that send malformed updates.")
    fs.add("string", "proxy-client-cert-file", s.ProxyClientCertFile, into=Pointer(s, "ProxyClientCertFile"), usage=""
           "Client certificate used to prove the identity of the aggregator or kube-apiserver "
           "when it must call out during a request. This includes proxying requests to a user "
           "api-server and calling out to webhook admission plugins. It is expected that this "
           "cert includes a signature from the CA in the --requestheader-client-ca-file flag. "
           "That CA is published in the 'extension-apiserver-authentication' configmap in "
           "the kube-system namespace. Components recieving calls from kube-aggregator should "
           "use that CA to perform their half of the mutual TLS verification.")
    fs.add("string", "proxy-client-key-file", s.ProxyClientKeyFile, into=Pointer(s, "ProxyClientKeyFile"), usage=""
           "Private key for the client certificate used to prove the identity of the aggregator or kube-apiserver "
           "when it must call out during a request. This includes proxying requests to a user "
           "api-server and calling out to webhook admission plugins.")
    fs.add("bool", "enable-aggregator-routing", s.EnableAggregatorRouting, into=Pointer(s, "EnableAggregatorRouting"),
           usage="Turns on aggregator routing requests to endoints IP rather than cluster IP.")


def init_flags(g: Globals) -> None:
    """utilflag.InitFlags, before its pflag.Parse() (component_flags.init_flags)."""
    component_flags.init_flags(g.command_line, g.go_flags)


def command_line(name: str = "kube-apiserver") -> tuple[o.ServerRunOptions, Globals]:
    """main's first steps: package-level flags, NewServerRunOptions, AddFlags, InitFlags' registration."""
    g = package_level_flags(name)
    s = o.new_server_run_options()
    add_flags(s, g.command_line, g)
    init_flags(g)
    return s, g


# ---------------------------------------------------------------- run it


def main(argv: list[str]) -> int:
    """Parse argv as kube-apiserver would and print the flags you set; --help prints every flag."""
    return component_flags.print_parsed_flags(command_line()[1].command_line, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
