"""app.Run and CreateServerChain, serving real HTTP on loopback.

Mirrors cmd/kube-apiserver/app/server.go `Run` and `CreateServerChain` at Kubernetes v1.9.9: the
configs built from the parsed options, the delegation chain aggregator → kube-apiserver →
apiextensions-apiserver → NotFound, PrepareRun, then serving until stopCh closes.

What is real here: defaultOptions and (*ServerRunOptions).Validate as CreateKubeAPIServerConfig runs them
(service IP range defaulted to 10.0.0.0/24, a self-signed pair in --cert-dir, the AnonymousAuth
reset, --etcd-servers required, port and range checks, same messages), insecure serving on
--insecure-bind-address:--insecure-port (127.0.0.1:8080 by default; port 0 turns it off), and
every server of the chain dispatching as genericapiserver's APIServerHandler does (go-restful
web services, then the path-recorder mux, then the delegate): /, /healthz and each health check,
/version, /api, /apis, /apis/<group> and the resource list of every group version v1.9.9 serves
by default (pkg/master DefaultAPIResourceConfigSource), changed by --runtime-config as
pkg/kubeapiserver mergeAPIResourceConfigs changes it, groups ordered as the aggregator orders them
(apiVersionPriorities in app/aggregator.go), the 404s of each place, JSON compact or indented as
the client asks.  The resource lists are facts read from the source (reader/facts/resources.py).
What is simulated, and says so when it runs: secure serving (no TLS port is opened), etcd (an
in-memory store stands in for the servers given: the objects of the resources request.py serves
are kept there), SSH tunnels; /metrics, /logs, swagger and OpenAPI are listed but answer 501.
Requests to resources go through the insecure handler chain to request.py's REST handlers.

Run it:  python -m reader.replicas.kube_apiserver.server_chain --etcd-servers=http://127.0.0.1:2379 --insecure-port=8080
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
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from reader.replicas import version
from reader.replicas.pflag import parse_bool
from reader.replicas.kube_apiserver.server_run_options import ServerRunOptions

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

# The health checks each server adds (besides "ping", which every server has), in the order it
# adds them: AddHealthzChecks and AddPostStartHook ("poststarthook/<name>") calls.
APIEXTENSIONS_CHECKS = [
    "etcd",  # the etcd storage's health check (server/options/etcd.go addEtcdHealthEndpoint)
    "poststarthook/generic-apiserver-start-informers",  # server/config.go: every server with shared informers
    "poststarthook/start-apiextensions-informers",  # apiextensions-apiserver pkg/apiserver/apiserver.go
    "poststarthook/start-apiextensions-controllers",
]
KUBE_APISERVER_CHECKS = [
    "etcd", "poststarthook/generic-apiserver-start-informers",  # already added below it in the chain: skipped
    "poststarthook/bootstrap-controller",  # pkg/master/master.go InstallLegacyAPI
    "poststarthook/ca-registration",  # pkg/master/master.go New
    "poststarthook/start-kube-apiserver-informers",  # cmd/kube-apiserver/app/server.go CreateKubeAPIServer
]
AGGREGATOR_CHECKS = [
    "poststarthook/start-kube-aggregator-informers",  # kube-aggregator pkg/apiserver/apiserver.go
    "poststarthook/apiservice-registration-controller",
    "poststarthook/apiservice-status-available-controller",
    "poststarthook/apiservice-openapi-controller",
    "poststarthook/kube-apiserver-autoregistration",  # cmd/kube-apiserver/app/aggregator.go
    "autoregister-completion",  # the same file: a health check, not a hook
]


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
#
# Each server of the chain is a genericapiserver.GenericAPIServer whose APIServerHandler decides,
# for every request, between three places (server/handler.go, director.ServeHTTP):
#   1. go-restful, when a registered web service's root path is a prefix of the path (at a "/"
#      boundary; the root "/apis" only for exactly /apis and /apis/): discovery, /version, the APIs;
#   2. else the "non-go-restful" mux (server/mux/pathrecorder.go): exact paths, then the longest
#      registered prefix: /, /healthz, /metrics, the aggregator's /apis and proxies;
#   3. else the mux's NotFound handler: the delegate's handler, so the request walks down the chain,
#      and at the end of the chain (EmptyDelegate) an index of the paths that server lists, as a 404.


@dataclass(frozen=True)
class Request:
    path: str
    query: dict[str, list[str]]
    user_agent: str
    method: str = "GET"
    body: bytes = b""
    content_type: str = ""
    accept: str = ""

    def pretty(self) -> bool:
        """negotiation.isPrettyPrint: a ?pretty=<bool> decides; else curl, Wget and browsers get indented JSON."""
        asked = self.query.get("pretty", [""])[0]
        if asked:
            try:
                return parse_bool(asked)
            except ValueError:  # Go ignores the ParseBool error: false
                return False
        return self.user_agent.startswith(("curl", "Wget", "Mozilla/5.0"))


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: str
    location: str | None = None


Handler = Callable[[Request], Response]
TEXT = "text/plain; charset=utf-8"  # what net/http sniffs for "ok"
NOT_FOUND = Response(404, TEXT, "404 page not found\n")  # http.NotFound


def write_object_negotiated(status: int, value: object, request: Request) -> Response:
    """responsewriters.WriteObjectNegotiated, JSON chosen: json-iterator compact with the Encoder's
    newline, or indented (and no newline) when the request is pretty."""
    body = go_indent(value) if request.pretty() else go_compact(value) + "\n"
    return Response(status, "application/json", body)


def write_raw_json(status: int, value: object) -> Response:
    """responsewriters.WriteRawJSON: encoding/json's MarshalIndent, whoever asks."""
    return Response(status, "application/json", json.dumps(value, indent=2, ensure_ascii=False))


def status_not_found(request: Request) -> Response:
    """go-restful found no route under a web service it owns: a metav1.Status, negotiated."""
    status = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
              "message": "the server could not find the requested resource", "reason": "NotFound", "details": {}, "code": 404}  # fmt: skip
    return write_object_negotiated(404, status, request)


def redirect(location: str) -> Handler:
    """http.Redirect with 307 (routes.UIRedirect)."""
    body = f'<a href="{location}">Temporary Redirect</a>.\n\n'
    return lambda request: Response(307, "text/html; charset=utf-8", body, location)


@dataclass
class APIServerHandler:
    """server.APIServerHandler: the go-restful container and the non-go-restful mux of one server."""

    web_services: dict[str, dict[str, Handler]] = field(default_factory=dict)  # root path → its routes
    mux: dict[str, Handler] = field(default_factory=dict)  # exact paths
    prefixes: dict[str, Handler] = field(default_factory=dict)  # HandlePrefix / UnlistedHandlePrefix
    listed: set[str] = field(default_factory=set)  # what this server reports at /
    not_found: Handler = lambda request: NOT_FOUND
    # the REST handlers of the resources under the web services (request.py); None for discovery only
    resources: Callable[[Request], Response | None] | None = None

    def add_web_service(self, root: str, routes: dict[str, Handler]) -> None:
        self.web_services[root] = routes
        self.listed.add(root)  # ListedPaths: every web service's root path

    def handle(self, path: str, handler: Handler, listed: bool = True) -> None:
        self.mux[path] = handler
        if listed:
            self.listed.add(path)

    def serve(self, request: Request) -> Response:  # director.ServeHTTP
        path = request.path
        for root in self.web_services:
            if root == "/apis":
                if path in ("/apis", "/apis/"):
                    return self.dispatch(request)
            elif path.startswith(root) and (len(path) == len(root) or path[len(root)] == "/"):
                return self.dispatch(request)
        return self.serve_mux(request)

    def dispatch(self, request: Request) -> Response:
        """go-restful's router over every web service: the route for the path (a trailing slash ignored)."""
        path = request.path.rstrip("/") or "/"
        for routes in self.web_services.values():
            if path in routes:
                return routes[path](request)
        answer = self.resources(request) if self.resources is not None else None
        return answer if answer is not None else status_not_found(request)

    def serve_mux(self, request: Request) -> Response:  # PathRecorderMux: exact, then longest prefix
        if request.path in self.mux:
            return self.mux[request.path](request)
        for prefix in sorted(self.prefixes, key=len, reverse=True):
            if request.path.startswith(prefix):
                return self.prefixes[prefix](request)
        return self.not_found(request)


@dataclass
class GenericAPIServer:
    """genericapiserver.GenericAPIServer as far as serving goes: its handler, the group versions it
    installs, its health checks, and the delegate that gets every path it does not handle."""

    name: str
    group_versions: list[str]
    delegate: GenericAPIServer | None  # None: genericapiserver.EmptyDelegate
    handler: APIServerHandler
    healthz_checks: list[str]
    resources: Callable[[str], dict[str, object] | None]  # group version → its APIResourceList (a fact)
    prepared: bool = False

    def groups(self) -> list[str]:
        return list(dict.fromkeys(_group_version(gv)[0] for gv in self.group_versions))

    def chain(self) -> list[GenericAPIServer]:
        return [self] + (self.delegate.chain() if self.delegate else [])

    def listed_paths(self) -> list[str]:
        """routes.ListedPathProviders{own, delegate}: the union, sorted."""
        own = set(self.handler.listed)
        return sorted(own | set(self.delegate.listed_paths() if self.delegate else ()))

    def prepare_run(self) -> GenericAPIServer:
        """PrepareRun: OpenAPI and swagger paths (listed, not replicated) and the health checks."""
        for path in OPENAPI_PATHS:
            self.handler.handle(path, not_replicated)
        self.handler.web_services.setdefault("/swaggerapi", {"/swaggerapi": not_replicated})
        self.handler.listed.add("/swaggerapi")
        install_healthz(self.handler, self.healthz_checks)
        self.prepared = True
        return self


OPENAPI_PATHS = ("/swagger.json", "/swagger-2.0.0.json", "/swagger-2.0.0.pb-v1", "/swagger-2.0.0.pb-v1.gz")


def not_replicated(request: Request) -> Response:
    return Response(501, TEXT, f"replica: {request.path} is listed as kube-apiserver lists it, but not replicated\n")


def new_generic_api_server(name: str, delegate: GenericAPIServer | None, group_versions: list[str], own_checks: list[str],
                           resources: Callable[[str], dict[str, object] | None], discovery: bool = True) -> GenericAPIServer:
    """completedConfig.New (server/config.go): a handler whose NotFound is the delegate's handler,
    health checks after the delegate's (a name the delegate has is not added twice), installAPI."""
    handler = APIServerHandler()
    inherited = delegate.healthz_checks if delegate else []
    checks = inherited + [c for c in ["ping", *own_checks] if c not in inherited]
    server = GenericAPIServer(name, group_versions, delegate, handler, checks, resources)
    # installAPI: the index, metrics, /version, and the discovery of the groups it serves
    index = lambda request: write_raw_json(200, {"paths": server.listed_paths()})  # noqa: E731
    handler.handle("/", index, listed=False)
    handler.handle("/index.html", index, listed=False)
    handler.handle("/metrics", not_replicated)
    handler.add_web_service("/version", {"/version": lambda request: Response(200, "application/json", version.get().json())})
    if discovery:
        groups = lambda request: write_object_negotiated(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [  # noqa: E731
            api_group(g, [gv for gv in server.group_versions if _group_version(gv)[0] == g]) for g in server.groups() if g]}, request)  # fmt: skip
        handler.add_web_service("/apis", {"/apis": groups})
    for gv in group_versions:
        install_api_group_version(server, gv)
    if delegate is not None:
        handler.not_found = delegate.handler.serve
    else:  # the end of the chain: an index of what this server lists, with 404
        handler.not_found = lambda request: write_raw_json(404, {"paths": server.listed_paths()})
    return server


def install_api_group_version(server: GenericAPIServer, gv: str) -> None:
    """InstallAPIGroup / InstallLegacyAPIGroup: a web service for the group version (its resource
    list) and, for a named group, one for the group itself (its versions)."""
    group, version_ = _group_version(gv)
    path = f"/apis/{gv}" if group else f"/api/{version_}"

    def resource_list(request: Request) -> Response:
        body = server.resources(gv)
        return not_replicated(request) if body is None else write_object_negotiated(200, body, request)

    server.handler.add_web_service(path, {path: resource_list})
    if group:
        versions = [v for v in server.group_versions if _group_version(v)[0] == group]
        group_doc = lambda request: write_object_negotiated(200, {"kind": "APIGroup", "apiVersion": "v1", **api_group(group, versions)}, request)  # noqa: E731
        server.handler.add_web_service(f"/apis/{group}", {f"/apis/{group}": group_doc})


def install_healthz(handler: APIServerHandler, checks: list[str]) -> None:
    """healthz.InstallHandler: /healthz (?verbose lists every check) and /healthz/<check>."""

    def root(request: Request) -> Response:
        if "verbose" not in request.query:
            return Response(200, TEXT, "ok")
        return Response(200, TEXT, "".join(f"[+]{c} ok\n" for c in checks) + "healthz check passed\n")

    handler.handle("/healthz", root)
    for check in checks:
        handler.handle(f"/healthz/{check}", lambda request: Response(200, TEXT, "ok"))


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
    resources, resources_from = resource_lists(config.versions)
    # go: if err != nil {
    # go: apiExtensionsServer, err := createAPIExtensionsServer(apiExtensionsConfig, genericapiserver.EmptyDelegate)
    api_extensions = new_generic_api_server("apiextensions-apiserver", None, list(APIEXTENSIONS_VERSIONS), APIEXTENSIONS_CHECKS, resources)
    # the CustomResourceDefinition handler owns every other /apis/… path; for a group no CRD serves it is http.NotFound
    api_extensions.handler.prefixes["/apis/"] = lambda request: NOT_FOUND
    api_extensions.handler.listed.add("/apis/")
    # go: if err != nil {
    # go: kubeAPIServer, err := CreateKubeAPIServer(kubeAPIServerConfig, apiExtensionsServer.GenericAPIServer, sharedInformers, versionedInformers)
    kube = new_generic_api_server("kube-apiserver", api_extensions, config.versions, KUBE_APISERVER_CHECKS, resources)
    from reader.replicas.kube_apiserver.request import resource_handlers

    kube.handler.resources = resource_handlers(o)  # what InstallAPIGroup's resource routes do (request.py)
    kube.handler.handle("/debug/replica/keys", lambda request: kube.handler.resources(request), listed=False)  # the replica's own: every etcd write
    if "v1" in config.versions:  # InstallLegacyAPI: the core group's versions at /api
        address = {"clientCIDR": "0.0.0.0/0", "serverAddress": f"{o.SecureServing.BindAddress}:{o.SecureServing.BindPort}"}
        kube.handler.add_web_service("/api", {"/api": lambda request: write_object_negotiated(
            200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [address]}, request)})  # fmt: skip
    kube.handler.add_web_service("/logs", {"/logs": not_replicated})  # routes.Logs
    for path in ("/ui", "/ui/"):  # routes.UIRedirect: to the dashboard's service proxy
        kube.handler.handle(path, redirect("/api/v1/namespaces/kube-system/services/https:kubernetes-dashboard:/proxy/"))
    # go: if err != nil {
    # go: if len(os.Getenv("KUBE_API_VERSIONS")) > 0 {
    # (the test-only path that serves kube-apiserver without the aggregator is not replicated)
    # go: kubeAPIServer.GenericAPIServer.PrepareRun()
    kube.prepare_run()
    # go: apiExtensionsServer.GenericAPIServer.PrepareRun()
    api_extensions.prepare_run()
    # go: aggregatorConfig, err := createAggregatorConfig(*kubeAPIServerConfig.GenericConfig, runOptions, versionedInformers, serviceResolver, proxyTransport, pluginInitializer)
    # (the aggregator does not install discovery itself: its /apis is its own handler, below)
    # go: if err != nil {
    # go: aggregatorConfig.ExtraConfig.ProxyTransport = proxyTransport
    # go: aggregatorConfig.ExtraConfig.ServiceResolver = serviceResolver
    # (the aggregator would proxy to extension API servers through these; none are registered here)
    # go: aggregatorServer, err := createAggregatorServer(aggregatorConfig, kubeAPIServer.GenericAPIServer, apiExtensionsServer.Informers)
    aggregator = new_generic_api_server("kube-aggregator", kube, list(AGGREGATOR_VERSIONS), AGGREGATOR_CHECKS, resources, discovery=False)
    install_api_services(aggregator)
    # go: if err != nil {
    # go: if insecureServingOptions != nil {
    # (the insecure handler chain is the same aggregator; run() starts serving it)
    # go: return aggregatorServer.GenericAPIServer, nil
    notes = [f"secure serving on {o.SecureServing.BindAddress}:{o.SecureServing.BindPort} is simulated: no TLS port is opened",
             f"an in-memory store stands in for etcd at {', '.join(config.store.servers)} (prefix {config.store.prefix})"]  # fmt: skip
    notes.append(resources_from)
    if node_tunneler:
        notes.append(node_tunneler)
    notes.append(f"proxy transport: {proxy_transport} (not used: no extension API servers)")
    return Chain(aggregator, config.insecure_address, config.store, notes)


def install_api_services(aggregator: GenericAPIServer) -> None:
    """What the aggregator's APIService controllers install for the local APIServices that
    autoregistration creates, one per group version of the chain (kube-aggregator apiserver.go):
    /apis (apisHandler), /apis/<group> (its versions), and /apis/<group>/<version> (/api/v1 for the
    core group) proxied to the local delegate, kube-apiserver's handler."""
    mux = aggregator.handler
    mux.handle("/apis", lambda request: write_object_negotiated(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": aggregated_groups(aggregator)}, request))
    mux.handle("/apis/", mux.mux["/apis"], listed=False)
    delegate = aggregator.delegate.handler.serve
    for gv in (gv for server in aggregator.chain() for gv in server.group_versions):
        group, version_ = _group_version(gv)
        proxy_path = f"/apis/{gv}" if group else f"/api/{version_}"
        mux.handle(proxy_path, delegate)
        mux.prefixes[proxy_path + "/"] = delegate
        if group:
            versions = [v for server in aggregator.chain() for v in server.group_versions if _group_version(v)[0] == group]
            group_doc = lambda request, g=group, v=versions: write_object_negotiated(200, {"kind": "APIGroup", "apiVersion": "v1", **api_group(g, v)}, request)  # noqa: E731
            mux.handle(f"/apis/{group}", group_doc)
            mux.handle(f"/apis/{group}/", group_doc, listed=False)


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

    from reader.replicas.kube_apiserver.request import build_insecure_handler_chain

    handle = build_insecure_handler_chain(lambda ctx: chain.head.handler.serve(ctx.request))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(url.path, urllib.parse.parse_qs(url.query, keep_blank_values=True), self.headers.get("User-Agent", ""),
                              self.command, self.rfile.read(length) if length else b"", self.headers.get("Content-Type", ""), self.headers.get("Accept", ""))  # fmt: skip
            response = handle(request)
            body = response.body.encode()
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(body)))
            if response.location:
                self.send_header("Location", response.location)
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_PUT = do_DELETE = do_GET  # noqa: N815 (the chain decides what each method may do)

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


RESOURCES_ENV = "K8S_READER_RESOURCES"  # a JSON file {group version: APIResourceList}, written by the lab


def resource_lists(enabled: list[str]) -> tuple[Callable[[str], dict[str, object] | None], str]:
    """Each group version's APIResourceList and where the lists come from.  They are facts, read
    from the Go source by reader/facts/resources.py (storage maps, method sets), not typed here:
    from $K8S_READER_RESOURCES when the lab's comparison hands them over, else computed from the
    cached tree's index the first time a list is asked for (a few seconds, once)."""
    path = os.environ.get(RESOURCES_ENV)
    if path:
        with open(path) as f:
            return json.load(f).get, f"resource lists from {path}"
    loaded: dict[str, dict[str, object]] = {}
    lock = threading.Lock()

    def body(gv: str) -> dict[str, object] | None:
        with lock:
            if not loaded:
                loaded.update(_facts_resource_lists(enabled))
        return loaded.get(gv)

    return body, "resource lists are read from the facts of the cached v1.9.9 tree when first asked for"


def _facts_resource_lists(enabled: list[str]) -> dict[str, dict[str, object]]:
    from reader import settings
    from reader.facts.resources import api_resources
    from reader.index import build_index
    from reader.source import resolve_source
    from reader.source.clone import cached_source

    tree = cached_source(resolve_source(None), settings.default_cache_dir())
    if tree is None:
        print("replica: no cached v1.9.9 tree, so no resource lists: run `k8s-reader index` first", file=sys.stderr)
        return {"": {}}  # remembered as "tried"
    index = build_index(tree.root, tree.commit, settings.default_cache_dir())
    return api_resources(index, tree.root, enable=enabled).bodies()


def go_compact(value: object) -> str:
    """Go's JSON (json-iterator in its standard-library mode): no spaces, <, > and & escaped."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def go_indent(value: object, level: int = 0) -> str:
    """json-iterator's MarshalIndent(v, "", "  "), including its quirk: an empty object is written
    as an opening brace, a line of indentation, and the closing brace."""
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{\n" + inner + "\n" + pad + "}"
        return "{\n" + ",\n".join(f"{inner}{go_compact(k)}: {go_indent(v, level + 1)}" for k, v in value.items()) + "\n" + pad + "}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + go_indent(v, level + 1) for v in value) + "\n" + pad + "]"
    return go_compact(value)


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
    from reader.replicas.kube_apiserver import main as apiserver_main

    return apiserver_main.main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
