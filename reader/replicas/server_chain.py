"""Step 5, "创建服务链": app.Run and CreateServerChain, serving real HTTP on loopback.

Mirrors cmd/kube-apiserver/app/server.go `Run` and `CreateServerChain` at Kubernetes v1.9.9: the
configs built from the parsed options, the delegation chain aggregator → kube-apiserver →
apiextensions-apiserver → NotFound, PrepareRun, then serving until stopCh closes.

What is real here: defaultOptions and (*ServerRunOptions).Validate as CreateKubeAPIServerConfig runs them
(service IP range defaulted to 10.0.0.0/24, --etcd-servers required, port and range checks, same messages),
insecure serving on --insecure-bind-address:--insecure-port (127.0.0.1:8080 by default; port 0
turns it off), /healthz, /version, /api, /apis and /apis/<group> discovery of the group versions
v1.9.9 enables by default (pkg/master DefaultAPIResourceConfigSource), changed by --runtime-config as
pkg/kubeapiserver mergeAPIResourceConfigs changes it, ordered as the aggregator orders
them (apiVersionPriorities in app/aggregator.go), and a 404 from
the NotFound delegate at the end of the chain.
What is simulated, and says so when it runs: secure serving (no TLS port is opened), etcd (an
in-memory store stands in for the servers given; no resources are served), SSH tunnels.

Run it:  python -m reader.replicas.server_chain --etcd-servers=http://127.0.0.1:2379 --insecure-port=8080
         then: curl 127.0.0.1:8080/apis      (Ctrl-C stops it)
"""

from __future__ import annotations

import datetime
import errno
import ipaddress
import json
import os
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from reader.replicas import version
from reader.replicas.pflag import parse_bool
from reader.replicas.server_run_options import ServerRunOptions

MIRRORS = {
    "run": "k8s.io/kubernetes/cmd/kube-apiserver/app.Run",
    "create_server_chain": "k8s.io/kubernetes/cmd/kube-apiserver/app.CreateServerChain",
    "default_options": "k8s.io/kubernetes/cmd/kube-apiserver/app.defaultOptions",
    "validate": "k8s.io/kubernetes/cmd/kube-apiserver/app/options.(*ServerRunOptions).Validate",
    "merge_api_resource_configs": "k8s.io/kubernetes/pkg/kubeapiserver.mergeAPIResourceConfigs",
}


class RunError(Exception):
    """An error Run returns; main prints it and exits 1."""


# ---------------------------------------------------------------- what v1.9.9 serves by default

# DefaultAPIResourceConfigSource (pkg/master/master.go): ret.EnableVersions(…), in its order.
DEFAULT_ENABLED_VERSIONS = [
    "v1", "extensions/v1beta1", "batch/v1", "batch/v1beta1", "authentication.k8s.io/v1",
    "authentication.k8s.io/v1beta1", "autoscaling/v1", "autoscaling/v2beta1", "apps/v1beta1", "apps/v1beta2",
    "apps/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1",
    "storage.k8s.io/v1", "storage.k8s.io/v1beta1", "certificates.k8s.io/v1beta1", "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1", "networking.k8s.io/v1", "events.k8s.io/v1beta1",
    "admissionregistration.k8s.io/v1beta1",
]  # fmt: skip
APIEXTENSIONS_VERSIONS = ["apiextensions.k8s.io/v1beta1"]  # apiextensions-apiserver's one group
AGGREGATOR_VERSIONS = ["apiregistration.k8s.io/v1beta1"]  # kube-aggregator's own group

# apiVersionPriorities (app/aggregator.go): (group priority, version priority); higher comes first.
API_VERSION_PRIORITIES = {
    "v1": (18000, 1), "extensions/v1beta1": (17900, 1), "apps/v1beta1": (17800, 1), "apps/v1beta2": (17800, 9),
    "apps/v1": (17800, 15), "events.k8s.io/v1beta1": (17750, 5), "authentication.k8s.io/v1": (17700, 15),
    "authentication.k8s.io/v1beta1": (17700, 9), "authorization.k8s.io/v1": (17600, 15),
    "authorization.k8s.io/v1beta1": (17600, 9), "autoscaling/v1": (17500, 15), "autoscaling/v2beta1": (17500, 9),
    "batch/v1": (17400, 15), "batch/v1beta1": (17400, 9), "batch/v2alpha1": (17400, 9),
    "certificates.k8s.io/v1beta1": (17300, 9), "networking.k8s.io/v1": (17200, 15), "policy/v1beta1": (17100, 9),
    "rbac.authorization.k8s.io/v1": (17000, 15), "rbac.authorization.k8s.io/v1beta1": (17000, 12),
    "rbac.authorization.k8s.io/v1alpha1": (17000, 9), "settings.k8s.io/v1alpha1": (16900, 9),
    "storage.k8s.io/v1": (16800, 15), "storage.k8s.io/v1beta1": (16800, 9), "storage.k8s.io/v1alpha1": (16800, 1),
    "apiextensions.k8s.io/v1beta1": (16700, 9), "admissionregistration.k8s.io/v1beta1": (16700, 12),
    "admissionregistration.k8s.io/v1alpha1": (16700, 9), "scheduling.k8s.io/v1alpha1": (16600, 9),
}  # fmt: skip


# legacyscheme.Registry.RegisteredGroupVersions(): every version the linked install packages register.
REGISTERED_VERSIONS = [
    "admission.k8s.io/v1beta1", "admissionregistration.k8s.io/v1alpha1", "admissionregistration.k8s.io/v1beta1",
    "apps/v1", "apps/v1beta1", "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1", "autoscaling/v1", "autoscaling/v2beta1", "batch/v1",
    "batch/v1beta1", "batch/v2alpha1", "certificates.k8s.io/v1beta1", "componentconfig/v1alpha1", "events.k8s.io/v1beta1",
    "extensions/v1beta1", "imagepolicy.k8s.io/v1alpha1", "networking.k8s.io/v1", "policy/v1beta1",
    "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1alpha1", "rbac.authorization.k8s.io/v1beta1",
    "scheduling.k8s.io/v1alpha1", "settings.k8s.io/v1alpha1", "storage.k8s.io/v1", "storage.k8s.io/v1alpha1",
    "storage.k8s.io/v1beta1", "v1",
]  # fmt: skip
# Registered for their types only: no REST storage in kube-apiserver, so never served even when enabled.
TYPES_ONLY_GROUPS = frozenset({"admission.k8s.io", "componentconfig", "imagepolicy.k8s.io"})


def merge_api_resource_configs(overrides: dict[str, str]) -> list[str]:
    """The default versions with --runtime-config applied: `api/all=true|false` first, then each
    `group/version` (`api/v1` is the core v1) = true|false|"" (true); `group/version/resource`
    keys are checked but resource switches are not replicated.  Errors as BuildStorageFactory words them."""
    def fail(message: str) -> RunError:
        return RunError(f"error in initializing storage factory: {message}")

    versions = list(DEFAULT_ENABLED_VERSIONS)
    if overrides.get("api/all") == "false":
        versions = []
    elif overrides.get("api/all") == "true":
        versions += [gv for gv in REGISTERED_VERSIONS if gv not in versions]
    for size in (2, 3):  # group versions, then group version resources, as Go's two loops
        for key, value in overrides.items():
            tokens = key.split("/")
            if key in ("api/all", "api/legacy") or len(tokens) != size:
                continue
            gv = "v1" if tokens[:2] == ["api", "v1"] else "/".join(tokens[:2])
            if gv not in REGISTERED_VERSIONS:
                raise fail(f"group version {gv} that has not been registered")
            try:
                enabled = True if value == "" else parse_bool(value)
            except ValueError as exc:
                raise fail(f"invalid value of {key}: {value}, err: {exc}") from None
            if size == 2 and enabled and gv not in versions:
                versions.append(gv)
            elif size == 2 and not enabled and gv in versions:
                versions.remove(gv)
    return [gv for gv in versions if _group_version(gv)[0] not in TYPES_ONLY_GROUPS]


# ---------------------------------------------------------------- the servers of the chain


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: str


NOT_FOUND = Response(404, "text/plain; charset=utf-8", "404 page not found\n")  # Go's http.NotFound


def _json(value: object) -> Response:
    return Response(200, "application/json", json.dumps(value, indent=2) + "\n")


def _group_version(gv: str) -> tuple[str, str]:
    group, _, version_ = gv.rpartition("/")
    return group, version_


def _version_entry(gv: str) -> dict[str, str]:
    return {"groupVersion": gv, "version": _group_version(gv)[1]}


def api_group(name: str, versions: list[str]) -> dict[str, object]:
    """metav1.APIGroup: versions by priority, the first one preferred."""
    ordered = sorted(versions, key=lambda gv: -API_VERSION_PRIORITIES.get(gv, (0, 0))[1])
    return {"name": name, "versions": [_version_entry(gv) for gv in ordered],
            "preferredVersion": _version_entry(ordered[0]), "serverAddressByClientCIDRs": None}  # fmt: skip


@dataclass
class GenericAPIServer:
    """genericapiserver.GenericAPIServer, as far as discovery goes: its own routes, the group
    versions it serves, and the delegate that gets every path it does not handle."""

    name: str
    group_versions: list[str]
    delegate: GenericAPIServer | None = None  # None: genericapiserver.EmptyDelegate, the NotFound handler
    routes: dict[str, Callable[[], Response]] = field(default_factory=dict)
    prepared: bool = False

    def __post_init__(self) -> None:
        self.routes["/healthz"] = lambda: Response(200, "text/plain; charset=utf-8", "ok")
        self.routes["/version"] = lambda: Response(200, "application/json", version.get().json())
        for group in self.groups():
            versions = [gv for gv in self.group_versions if _group_version(gv)[0] == group]
            if group:  # named groups live under /apis; the legacy core group is /api
                self.routes[f"/apis/{group}"] = lambda g=group, v=versions: _json({"kind": "APIGroup", "apiVersion": "v1", **api_group(g, v)})

    def groups(self) -> list[str]:
        return list(dict.fromkeys(_group_version(gv)[0] for gv in self.group_versions))

    def chain(self) -> list[GenericAPIServer]:
        return [self] + (self.delegate.chain() if self.delegate else [])

    def handle(self, path: str) -> Response:
        path = path.split("?", 1)[0].rstrip("/") or "/"
        route = self.routes.get(path)
        if route is not None:
            return route()
        return self.delegate.handle(path) if self.delegate else NOT_FOUND

    def prepare_run(self) -> GenericAPIServer:
        """PrepareRun: installs the OpenAPI and health checks; here it marks the server ready."""
        self.prepared = True
        return self


@dataclass
class InMemoryStore:
    """Stands in for etcd: kube-apiserver would connect to these servers; the replica keeps
    objects in memory (and serves none of them)."""

    servers: list[str]
    prefix: str
    objects: dict[str, object] = field(default_factory=dict)


@dataclass
class KubeAPIServerConfig:
    store: InMemoryStore
    versions: list[str]
    request_timeout: int
    insecure_address: str | None  # host:port, None when --insecure-port is 0


# ---------------------------------------------------------------- the steps of CreateServerChain


def create_node_dialer(o: ServerRunOptions) -> tuple[str | None, str]:
    """CreateNodeDialer: an SSH tunneler only when --ssh-user is set (deprecated; simulated)."""
    tunneler = f"ssh tunnels as {o.SSHUser} (simulated)" if o.SSHUser else None
    return tunneler, "http.Transport to the nodes"


def default_options(o: ServerRunOptions) -> list[str]:
    """defaultOptions (app/server.go), the parts that decide values; returns what it logged."""
    logged = []
    advertise = o.GenericServerRunOptions.AdvertiseAddress or host_address()  # DefaultAdvertiseAddress
    if o.ServiceClusterIPRange is None:  # master.DefaultServiceIPRange
        o.ServiceClusterIPRange = "10.0.0.0/24"
        logged.append("Network range for service cluster IPs is unspecified. Defaulting to 10.0.0.0/24.")
    network = ipaddress.ip_network(o.ServiceClusterIPRange)
    host_bits = network.max_prefixlen - network.prefixlen
    too_wide = host_bits >= (31 if network.version == 4 else 63)  # ipallocator.RangeSize calls these 0
    if too_wide or (1 << host_bits) < 8:
        raise RunError("error determining service IP ranges: The service cluster IP range must be at least 8 IP addresses")
    service_ip = str(network.network_address + 1)  # the first address: the kubernetes service's
    logged += maybe_default_with_self_signed_certs(o, advertise, ["kubernetes.default.svc", "kubernetes.default", "kubernetes"], [service_ip])
    modes = o.Authorization.Mode.split(",")  # (*BuiltInAuthenticationOptions).ApplyAuthorization
    if o.Authentication.Anonymous is not None and o.Authentication.Anonymous.Allow and "AlwaysAllow" in modes:
        logged.append("AnonymousAuth is not allowed with the AllowAll authorizer.  Resetting AnonymousAuth to false. You should use a different authorizer")
        o.Authentication.Anonymous.Allow = False
    if o.Etcd.StorageConfig.DeserializationCacheSize == 0:  # sized from --target-ram-mb, at least 1000
        o.Etcd.StorageConfig.DeserializationCacheSize = max(1000, 25 * (o.GenericServerRunOptions.TargetRAMMB // 60))
    return logged


def maybe_default_with_self_signed_certs(o: ServerRunOptions, public_address: str, alternate_dns: list[str], alternate_ips: list[str]) -> list[str]:
    """(*SecureServingOptions).MaybeDefaultWithSelfSignedCerts: no --tls-cert-file and no readable
    <cert-dir>/apiserver.{crt,key} → write a new self-signed pair there (even when --secure-port is 0)."""
    key_cert = o.SecureServing.ServerCert.CertKey
    if key_cert.CertFile or key_cert.KeyFile:
        return []
    directory, pair = o.SecureServing.ServerCert.CertDirectory, o.SecureServing.ServerCert.PairName
    key_cert.CertFile, key_cert.KeyFile = f"{directory}/{pair}.crt", f"{directory}/{pair}.key"
    if os.access(key_cert.CertFile, os.R_OK) and os.access(key_cert.KeyFile, os.R_OK):
        return []
    bind = o.SecureServing.BindAddress
    if bind == "0.0.0.0":
        alternate_dns = [*alternate_dns, "localhost"]
    else:
        alternate_ips = [*alternate_ips, bind]
    try:
        cert, key = generate_self_signed_cert_key(public_address, alternate_ips, alternate_dns)
        _write_file(key_cert.CertFile, cert, 0o644)  # certutil.WriteCert
        _write_file(key_cert.KeyFile, key, 0o600)  # certutil.WriteKey
    except OSError as exc:
        raise RunError(f"error creating self-signed certificates: {exc}") from None
    return [f"Generated self-signed cert ({key_cert.CertFile}, {key_cert.KeyFile})"]


def validate(o: ServerRunOptions) -> list[str]:
    """(*ServerRunOptions).Validate (app/options/validation.go), in its order; the checks of
    authentication and audit files are not replicated."""
    errors = []
    if not o.Etcd.StorageConfig.ServerList:  # options.Etcd.Validate()
        errors.append("--etcd-servers must be specified")
    network = ipaddress.ip_network(o.ServiceClusterIPRange)  # validateClusterIPFlags
    if network.max_prefixlen - network.prefixlen > 20:
        errors.append("specified --service-cluster-ip-range is too large")
    port = o.KubernetesServiceNodePort  # validateServiceNodePort
    if port < 0 or port > 65535:
        errors.append(f"--kubernetes-service-node-port {port} must be between 0 and 65535, inclusive. If 0, the Kubernetes master service will be of type ClusterIP")
    node_ports = o.ServiceNodePortRange
    if port > 0 and not node_ports.Base <= port < node_ports.Base + node_ports.Size:
        shown = f"{node_ports.Base}-{node_ports.Base + node_ports.Size - 1}" if node_ports.Size else ""
        errors.append(f"kubernetes service port range {shown} doesn't contain {port}")
    if o.SecureServing.BindPort < 0 or o.SecureServing.BindPort > 65535:  # options.SecureServing.Validate()
        errors.append(f"--secure-port {o.SecureServing.BindPort} must be between 0 and 65535, inclusive. 0 for turning off secure port.")
    if o.InsecureServing.BindPort < 0 or o.InsecureServing.BindPort > 65535:  # options.InsecureServing.Validate(…)
        errors.append(f"--insecure-port {o.InsecureServing.BindPort} must be between 0 and 65535, inclusive. 0 for turning off secure port.")
    if o.MasterCount <= 0:
        errors.append(f"--apiserver-count should be a positive number, but value '{o.MasterCount}' provided")
    return errors


def create_kube_api_server_config(o: ServerRunOptions) -> KubeAPIServerConfig:
    """CreateKubeAPIServerConfig: defaultOptions, then Validate (errors joined as utilerrors.NewAggregate
    prints them), then the config."""
    for line in default_options(o):
        print(line, file=sys.stderr)
    errors = validate(o)
    if errors:
        raise RunError(errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]")
    insecure = None
    if o.InsecureServing.BindPort > 0:
        host = o.InsecureServing.BindAddress or "127.0.0.1"
        insecure = f"[{host}]:{o.InsecureServing.BindPort}" if ":" in host else f"{host}:{o.InsecureServing.BindPort}"
    store = InMemoryStore(list(o.Etcd.StorageConfig.ServerList or []), o.Etcd.StorageConfig.Prefix)
    return KubeAPIServerConfig(store, merge_api_resource_configs(o.APIEnablement.RuntimeConfig), int(o.GenericServerRunOptions.RequestTimeout // 10**9), insecure)


@dataclass
class Chain:
    """What CreateServerChain hands back: the server at the head, and the insecure address it serves on."""

    head: GenericAPIServer
    insecure_address: str | None
    store: InMemoryStore
    notes: list[str] = field(default_factory=list)


def create_server_chain(o: ServerRunOptions) -> Chain:
    # go: nodeTunneler, proxyTransport, err := CreateNodeDialer(runOptions)
    node_tunneler, proxy_transport = create_node_dialer(o)
    # go: if err != nil {
    # (errors raise RunError; nothing to check here)
    # go: kubeAPIServerConfig, sharedInformers, versionedInformers, insecureServingOptions, serviceResolver, pluginInitializer, err := CreateKubeAPIServerConfig(runOptions, nodeTunneler, proxyTransport)
    config = create_kube_api_server_config(o)
    # go: if err != nil {
    # (a failed options check raised RunError above)
    # go: apiExtensionsConfig, err := createAPIExtensionsConfig(*kubeAPIServerConfig.GenericConfig, versionedInformers, pluginInitializer, runOptions)
    extensions_versions = list(APIEXTENSIONS_VERSIONS)
    # go: if err != nil {
    # go: apiExtensionsServer, err := createAPIExtensionsServer(apiExtensionsConfig, genericapiserver.EmptyDelegate)
    api_extensions = GenericAPIServer("apiextensions-apiserver", extensions_versions, delegate=None)
    # go: if err != nil {
    # go: kubeAPIServer, err := CreateKubeAPIServer(kubeAPIServerConfig, apiExtensionsServer.GenericAPIServer, sharedInformers, versionedInformers)
    kube = GenericAPIServer("kube-apiserver", config.versions, delegate=api_extensions)
    if "v1" in config.versions:  # InstallLegacyAPI: the core group lives at /api
        kube.routes["/api"] = lambda: _json({"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": f"{o.SecureServing.BindAddress}:{o.SecureServing.BindPort}"}]})  # fmt: skip
    # go: if err != nil {
    # go: if len(os.Getenv("KUBE_API_VERSIONS")) > 0 {
    # (the test-only path that serves kube-apiserver without the aggregator is not replicated)
    # go: kubeAPIServer.GenericAPIServer.PrepareRun()
    kube.prepare_run()
    # go: apiExtensionsServer.GenericAPIServer.PrepareRun()
    api_extensions.prepare_run()
    # go: aggregatorConfig, err := createAggregatorConfig(*kubeAPIServerConfig.GenericConfig, runOptions, versionedInformers, serviceResolver, proxyTransport, pluginInitializer)
    aggregator_versions = list(AGGREGATOR_VERSIONS)
    # go: if err != nil {
    # go: aggregatorConfig.ExtraConfig.ProxyTransport = proxyTransport
    # go: aggregatorConfig.ExtraConfig.ServiceResolver = serviceResolver
    # (the aggregator would proxy to extension API servers through these; none are registered here)
    # go: aggregatorServer, err := createAggregatorServer(aggregatorConfig, kubeAPIServer.GenericAPIServer, apiExtensionsServer.Informers)
    aggregator = GenericAPIServer("kube-aggregator", aggregator_versions, delegate=kube)
    aggregator.routes["/apis"] = lambda: _json({"kind": "APIGroupList", "apiVersion": "v1", "groups": aggregated_groups(aggregator)})
    # go: if err != nil {
    # go: if insecureServingOptions != nil {
    # (the insecure handler chain is the same aggregator; run() starts serving it)
    # go: return aggregatorServer.GenericAPIServer, nil
    notes = [f"secure serving on {o.SecureServing.BindAddress}:{o.SecureServing.BindPort} is simulated: no TLS port is opened",
             f"an in-memory store stands in for etcd at {', '.join(config.store.servers)} (prefix {config.store.prefix})"]  # fmt: skip
    if node_tunneler:
        notes.append(node_tunneler)
    notes.append(f"proxy transport: {proxy_transport} (not used: no extension API servers)")
    return Chain(aggregator, config.insecure_address, config.store, notes)


def aggregated_groups(head: GenericAPIServer) -> list[dict[str, object]]:
    """The aggregator's /apis: its own group first, then every group the chain serves, by group
    priority (highest first), ties by name; the core group is not listed (it is /api)."""
    own = head.groups()
    served: dict[str, list[str]] = {}
    for server in head.chain()[1:]:
        for gv in server.group_versions:
            group = _group_version(gv)[0]
            if group:
                served.setdefault(group, []).append(gv)
    order = sorted(served, key=lambda g: (-max(API_VERSION_PRIORITIES.get(gv, (0, 0))[0] for gv in served[g]), g))
    return [api_group(g, [gv for gv in head.group_versions if _group_version(gv)[0] == g]) for g in own] + [api_group(g, served[g]) for g in order]


# ---------------------------------------------------------------- Run: serve until stopCh closes


def serve(chain: Chain) -> ThreadingHTTPServer:
    """kubeserver.NonBlockingRun for the insecure port: listen, serve in the background."""
    host, _, port = chain.insecure_address.rpartition(":")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            response = chain.head.handle(self.path)
            body = response.body.encode()
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet, as the apiserver is by default
            pass

    try:
        server = ThreadingHTTPServer((host.strip("[]"), int(port)), Handler)
    except OSError as exc:
        reason = "bind: address already in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc)).lower()
        raise RunError(f"failed to listen on {chain.insecure_address}: listen tcp {chain.insecure_address}: {reason}") from None
    threading.Thread(target=server.serve_forever, name="insecure-serving", daemon=True).start()
    return server


def run(o: ServerRunOptions, stop: threading.Event, ready: Callable[[Chain], None] | None = None) -> None:
    """app.Run: log the version, build the chain, PrepareRun, serve until `stop` is set."""
    # go: glog.Infof("Version: %+v", version.Get())
    print(f"Version: {version.get()}", file=sys.stderr)
    # go: server, err := CreateServerChain(runOptions, stopCh)
    chain = create_server_chain(o)
    # go: if err != nil {
    # (create_server_chain raised RunError, which main prints before exiting 1)
    # go: return server.PrepareRun().Run(stopCh)
    chain.head.prepare_run()
    for note in chain.notes:
        print(f"replica: {note}", file=sys.stderr)
    server = serve(chain) if chain.insecure_address else None
    if server is not None:
        print(f"Serving insecurely on {chain.insecure_address}", file=sys.stderr)
    if ready is not None:
        ready(chain)
    stop.wait()
    if server is not None:
        server.shutdown()
        server.server_close()
    print("stopped: the insecure port is closed", file=sys.stderr)


# ---------------------------------------------------------------- run it


# ---------------------------------------------------------------- helpers


def host_address() -> str:
    """utilnet.ChooseHostInterface, approximately: the address the default route leaves from
    (a UDP socket's local end after connect; nothing is sent), else 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 80))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def generate_self_signed_cert_key(host: str, alternate_ips: list[str], alternate_dns: list[str]) -> tuple[bytes, bytes]:
    """certutil.GenerateSelfSignedCertKey: RSA 2048, CN host@unixtime, one year, a CA that may serve."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.timezone.utc)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{host}@{int(now.timestamp())}")])
    try:
        names: list[x509.GeneralName] = [x509.IPAddress(ipaddress.ip_address(host))]
    except ValueError:
        names = [x509.DNSName(host)]
    names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in alternate_ips] + [x509.DNSName(d) for d in alternate_dns]
    usage = x509.KeyUsage(digital_signature=True, key_encipherment=True, key_cert_sign=True, content_commitment=False,
                          data_encipherment=False, key_agreement=False, crl_sign=False, encipher_only=False, decipher_only=False)  # fmt: skip
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(1)
        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(usage, critical=True).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def _write_file(path: str, data: bytes, mode: int) -> None:
    os.makedirs(os.path.dirname(path) or ".", mode=0o755, exist_ok=True)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode), "wb") as out:
        out.write(data)


def main(argv: list[str]) -> int:
    """The same as apiserver_main: flags, then Run (Ctrl-C stops it)."""
    from reader.replicas import apiserver_main

    return apiserver_main.main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
