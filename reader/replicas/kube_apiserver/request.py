"""A request's path through kube-apiserver v1.9.9: the insecure handler chain, then the REST
handlers that decode, default, admit, validate, store and answer.

Mirrors pkg/kubeapiserver/server/insecure_handler.go `BuildInsecureHandlerChain` (the filters a
request on the insecure port passes: panic recovery, request context, request info, wait group,
max-in-flight, timeout, CORS, authentication as the insecure superuser, audit; no authorization)
and the handlers of staging/src/k8s.io/apiserver/pkg/endpoints/handlers: `createHandler`
(create.go), `GetResource`, `ListResource` (get.go), `UpdateResource` (update.go),
`DeleteResource` (delete.go), for Namespaces, Deployments (apps/v1, apps/v1beta1, apps/v1beta2,
extensions/v1beta1), ReplicaSets (apps/v1, apps/v1beta2, extensions/v1beta1), Pods, Services and
ConfigMaps, in JSON and YAML.

What is real: decoding with v1.9.9's errors (a wrong apiVersion, an unknown kind, another kind,
bad JSON, bad YAML, an unsupported media type), defaulting as each version's SetDefaults_*
(defaults.py), conversion to the internal version (conversion.py), the strategies and their
validation (registry.py, validation.py; Status errors with reason, message, causes and code),
resourceVersion and generation, AlreadyExists, NotFound, Conflict, the garbage collector's
orphan finalizer on delete, Namespace deletion marking it Terminating, Service cluster IPs and
node ports from --service-cluster-ip-range and --service-node-port-range by the same random scan,
the etcd key (GET /debug/replica/keys lists every write).  The field types are facts read from
the Go source (reader/facts/apitypes.py).  What is simulated, and says so: storage is in memory
(the protobuf round trip is emulated), admission is AlwaysAdmit (the default), there is no watch,
no PATCH, no field or label selectors on lists, no protobuf bodies.  A request the replica cannot
answer as v1.9.9 would gets a 501 naming the part it does not replicate.

Run it:  k8s-reader replica kube-apiserver/request FILE.yaml     (what the server would answer, and the key)
         or serve it:  k8s-reader replica kube-apiserver/server_chain --etcd-servers=http://127.0.0.1:2379 --insecure-port=8080
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from reader.facts.apitypes import GoType, from_json
from reader.replicas.kube_apiserver import go_json
from reader.replicas.kube_apiserver.api_errors import (
    StatusError, new_bad_request, new_conflict, new_unsupported_media_type, not_replicated,
)  # fmt: skip
from reader.replicas.kube_apiserver.conversion import HOOKS
from reader.replicas.kube_apiserver.defaults import set_object_defaults
from reader.replicas.kube_apiserver.go_values import ConversionError, DecodeError, GoStruct, IntOrString, Types
from reader.replicas.kube_apiserver.registry import RESOURCES, IPAllocator, MemoryStore, PortAllocator, Resource, ServiceREST, Store, api_package, now
from reader.replicas.kube_apiserver.server_chain import Request, Response, go_compact, go_indent

MIRRORS = {
    "build_insecure_handler_chain": "k8s.io/kubernetes/pkg/kubeapiserver/server.BuildInsecureHandlerChain",
    "create_handler": "k8s.io/apiserver/pkg/endpoints/handlers.createHandler",
    "get_resource": "k8s.io/apiserver/pkg/endpoints/handlers.getResourceHandler",
    "list_resource": "k8s.io/apiserver/pkg/endpoints/handlers.ListResource",
    "update_resource": "k8s.io/apiserver/pkg/endpoints/handlers.UpdateResource",
    "delete_resource": "k8s.io/apiserver/pkg/endpoints/handlers.DeleteResource",
    "decode": "k8s.io/apimachinery/pkg/runtime/serializer/json.(*Serializer).Decode",
    "transform_decode_error": "k8s.io/apiserver/pkg/endpoints/handlers.transformDecodeError",
}
TYPES_ENV = "K8S_READER_API_TYPES"  # a JSON file of reader/facts/apitypes.py, written by whoever starts the replica


# ---------------------------------------------------------------- the handler chain


@dataclass
class RequestContext:
    """What the filters put into the request's context for the handler: request info, the user."""

    request: Request
    info: RequestInfo | None = None
    user: dict[str, Any] | None = None


Filter = Callable[[RequestContext, Callable[[RequestContext], Response]], Response]


def build_insecure_handler_chain(api_handler: Callable[[RequestContext], Response], max_in_flight: int = 400, max_mutating: int = 200) -> Callable[[Request], Response]:
    """BuildInsecureHandlerChain: each filter wraps the handler before it, so the last one wrapped
    is the first a request meets.  The order a request meets them: panic recovery, request context,
    request info, wait group, max in flight, timeout, CORS, authentication, audit, then the handler."""
    in_flight = {"read": 0, "mutating": 0}
    lock = threading.Lock()

    def with_audit(ctx: RequestContext, next_: Callable[[RequestContext], Response]) -> Response:
        return next_(ctx)  # no --audit-policy-file: the policy checker audits nothing

    def with_authentication(ctx: RequestContext, next_: Callable[[RequestContext], Response]) -> Response:
        # insecureSuperuser: whoever reaches the insecure port is system:unsecured in system:masters; no authorization follows
        ctx.user = {"name": "system:unsecured", "groups": ["system:masters", "system:authenticated"]}
        return next_(ctx)

    def with_cors(ctx: RequestContext, next_: Callable[[RequestContext], Response]) -> Response:
        return next_(ctx)  # --cors-allowed-origins is empty: WithCORS returns the handler unwrapped

    def with_timeout(ctx: RequestContext, next_: Callable[[RequestContext], Response]) -> Response:
        return next_(ctx)  # --request-timeout 1m0s; the replica answers well within it

    def with_max_in_flight(ctx: RequestContext, next_: Callable[[RequestContext], Response]) -> Response:
        kind = "mutating" if ctx.request.method in ("POST", "PUT", "PATCH", "DELETE") else "read"
        limit = max_mutating if kind == "mutating" else max_in_flight
        with lock:
            if limit and in_flight[kind] >= limit:
                return Response(429, "text/plain; charset=utf-8", "Too many requests, please try again later.\n")
            in_flight[kind] += 1
        try:
            return next_(ctx)
        finally:
            with lock:
                in_flight[kind] -= 1

    def with_wait_group(ctx: RequestContext, next_: Callable[[RequestContext], Response]) -> Response:
        return next_(ctx)  # lets a shutdown wait for requests in flight

    def with_request_info(ctx: RequestContext, next_: Callable[[RequestContext], Response]) -> Response:
        ctx.info = request_info(ctx.request)
        return next_(ctx)

    def with_request_context(ctx: RequestContext, next_: Callable[[RequestContext], Response]) -> Response:
        return next_(ctx)

    def with_panic_recovery(ctx: RequestContext, next_: Callable[[RequestContext], Response]) -> Response:
        try:
            return next_(ctx)
        except Exception as exc:  # noqa: BLE001 (runtime.HandleCrash: a 500 instead of a dead server)
            return Response(500, "text/plain; charset=utf-8", f"This request caused apiserver to panic. Look in the logs for details.\nreplica: {exc!r}\n")

    # go: handler := apiHandler
    handler = api_handler
    # go: handler = genericapifilters.WithAudit(handler, c.RequestContextMapper, c.AuditBackend, c.AuditPolicyChecker, c.LongRunningFunc)
    handler = _wrap(with_audit, handler)
    # go: handler = genericapifilters.WithAuthentication(handler, c.RequestContextMapper, insecureSuperuser{}, nil)
    handler = _wrap(with_authentication, handler)
    # go: handler = genericfilters.WithCORS(handler, c.CorsAllowedOriginList, nil, nil, nil, "true")
    handler = _wrap(with_cors, handler)
    # go: handler = genericfilters.WithTimeoutForNonLongRunningRequests(handler, c.RequestContextMapper, c.LongRunningFunc, c.RequestTimeout)
    handler = _wrap(with_timeout, handler)
    # go: handler = genericfilters.WithMaxInFlightLimit(handler, c.MaxRequestsInFlight, c.MaxMutatingRequestsInFlight, c.RequestContextMapper, c.LongRunningFunc)
    handler = _wrap(with_max_in_flight, handler)
    # go: handler = genericfilters.WithWaitGroup(handler, c.RequestContextMapper, c.LongRunningFunc, c.HandlerChainWaitGroup)
    handler = _wrap(with_wait_group, handler)
    # go: handler = genericapifilters.WithRequestInfo(handler, server.NewRequestInfoResolver(c), c.RequestContextMapper)
    handler = _wrap(with_request_info, handler)
    # go: handler = apirequest.WithRequestContext(handler, c.RequestContextMapper)
    handler = _wrap(with_request_context, handler)
    # go: handler = genericfilters.WithPanicRecovery(handler)
    handler = _wrap(with_panic_recovery, handler)
    # go: return handler
    return lambda request: handler(RequestContext(request))


def _wrap(filter_: Filter, next_: Callable[[RequestContext], Response]) -> Callable[[RequestContext], Response]:
    return lambda ctx: filter_(ctx, next_)


# ---------------------------------------------------------------- which resource: RequestInfo


@dataclass(frozen=True)
class RequestInfo:
    """request.RequestInfo for a resource request: /api/v1/namespaces/<ns>/<resource>/<name> or /apis/<group>/<version>/…"""

    verb: str  # create, get, list, update, delete
    group: str
    version: str
    namespace: str
    resource: str
    name: str
    path: str

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version


def request_info(request: Request) -> RequestInfo | None:
    """(*RequestInfoFactory).NewRequestInfo, for the resource paths (None for anything else)."""
    parts = [p for p in request.path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "api":
        group, version, rest = "", parts[1], parts[2:]
    elif len(parts) >= 3 and parts[0] == "apis":
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        return None
    namespace = ""
    if len(rest) >= 3 and rest[0] == "namespaces":  # /namespaces/<ns>/<resource>…; /namespaces/<name> is the namespace itself
        namespace, rest = rest[1], rest[2:]
    if not rest:
        return None
    resource, name = rest[0], rest[1] if len(rest) > 1 else ""
    if len(rest) > 2:
        return None  # subresources (status, scale, log…) are not replicated
    verbs = {"POST": "create", "GET": "get" if name else "list", "PUT": "update", "DELETE": "delete"}
    return RequestInfo(verbs.get(request.method, request.method.lower()), group, version, namespace, resource, name, request.path)


# ---------------------------------------------------------------- the API server's resources


class APIServer:
    """The REST storage of every resource the replica serves, sharing one in-memory etcd and one
    pair of allocators (as the Service registry does)."""

    def __init__(self, types: Types, service_cluster_ip_range: str = "10.0.0.0/24", node_port_base: int = 30000, node_port_size: int = 2768) -> None:
        self.t = types
        self.memory = MemoryStore()
        self.stores = {name: Store(types, resource, self.memory) for name, resource in {r.name: r for r in RESOURCES.values()}.items()}
        self.services = ServiceREST(self.stores["services"], IPAllocator(service_cluster_ip_range), PortAllocator(node_port_base, node_port_size))
        # standalone (the CLI, the tests): the chain in front of the resources alone
        self.serve = build_insecure_handler_chain(lambda ctx: self.handle(ctx.request) or Response(404, "text/plain; charset=utf-8", "404 page not found\n"))
        self.bootstrap()

    def bootstrap(self) -> None:
        """What the master's bootstrap controller creates when it starts: the system namespaces and
        the `kubernetes` Service on the first address of the range (pkg/master/controller.go)."""
        for name in ("default", "kube-system", "kube-public"):
            self.stores["namespaces"].create("", self.t.new("k8s.io/kubernetes/pkg/apis/core.Namespace", ObjectMeta=self.t.new(
                "k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta", Name=name)), "v1")  # fmt: skip
        first = str(self.services.ips.network.network_address + 1)
        # CreateOrUpdateMasterServiceIfNeeded: port 443 (ServiceReadWritePort) to 443, ClientIP affinity
        port = self.t.new("k8s.io/kubernetes/pkg/apis/core.ServicePort", Name="https", Protocol="TCP", Port=443, TargetPort=IntOrString.from_int(443))
        affinity = self.t.new("k8s.io/kubernetes/pkg/apis/core.SessionAffinityConfig", ClientIP=self.t.new("k8s.io/kubernetes/pkg/apis/core.ClientIPConfig", TimeoutSeconds=10800))
        spec = self.t.new("k8s.io/kubernetes/pkg/apis/core.ServiceSpec", Ports=[port], ClusterIP=first, Type="ClusterIP", SessionAffinity="ClientIP", SessionAffinityConfig=affinity)
        meta = self.t.new("k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta", Name="kubernetes", Labels={"component": "apiserver", "provider": "kubernetes"})
        self.services.create("default", self.t.new("k8s.io/kubernetes/pkg/apis/core.Service", ObjectMeta=meta, Spec=spec), "v1")

    def handle(self, request: Request) -> Response | None:
        """The route of a resource (the handlers InstallAPIGroup registers), or None for other paths."""
        info = request_info(request)
        if request.path == "/debug/replica/keys":
            return Response(200, "text/plain; charset=utf-8", "".join(line + "\n" for line in self.memory.log))
        resource = RESOURCES.get((info.group, info.version, info.resource)) if info else None
        if resource is None or (info.namespace and not resource.namespaced and info.name):
            return None  # not ours: go-restful answers (a 404 Status)
        scope = Scope(self, resource, info, request)
        handlers = {"create": create_handler, "get": get_resource, "list": list_resource, "update": update_resource, "delete": delete_resource}
        try:
            if info.verb not in handlers or (info.verb == "create" and info.name):
                raise not_replicated(f"{request.method} {request.path}")
            return handlers[info.verb](scope)
        except StatusError as err:
            return scope.err(err)


@dataclass
class Scope:
    """handlers.RequestScope: what every handler of one resource in one group version knows."""

    server: APIServer
    resource: Resource
    info: RequestInfo
    request: Request

    @property
    def t(self) -> Types:
        return self.server.t

    @property
    def storage(self) -> Store:
        return self.server.stores[self.resource.name]

    def err(self, err: StatusError) -> Response:
        """scope.err → ErrorNegotiated: the Status, in the client's format, with its code."""
        return write_object(self, err.code, err.status())


def resource_handlers(o: Any) -> Callable[[Request], Response | None]:
    """The REST handlers kube-apiserver's InstallAPIGroup registers, for the server chain: an
    APIServer made on the first resource request (reading the API types takes seconds), with the
    options' service IP and node port ranges."""
    made: list[APIServer] = []
    lock = threading.Lock()

    def handle(request: Request) -> Response | None:
        info = request_info(request)
        if request.path != "/debug/replica/keys" and (info is None or (info.group, info.version, info.resource) not in RESOURCES):
            return None  # not a resource the replica serves: no need to read the types
        with lock:
            if not made:
                ports = o.ServiceNodePortRange
                made.append(APIServer(api_types(), o.ServiceClusterIPRange or "10.0.0.0/24", ports.Base, ports.Size))
        return made[0].handle(request)

    return handle


# ---------------------------------------------------------------- the REST handlers


def create_handler(scope: Scope) -> Response:
    """createHandler (handlers/create.go): POST of a new object."""
    request = scope.request
    # go: namespace, err = scope.Namer.Namespace(req)
    namespace = scope.info.namespace
    # go: gv := scope.Kind.GroupVersion()
    gv = scope.resource.group_version
    # go: s, err := negotiation.NegotiateInputSerializer(req, scope.Serializer)
    serializer = negotiate_input_serializer(request.content_type)
    # go: decoder := scope.Serializer.DecoderToVersion(s.Serializer, schema.GroupVersion{Group: gv.Group, Version: runtime.APIVersionInternal})
    # go: body, err := readBody(req)
    body = request.body
    # go: obj, gvk, err := decoder.Decode(body, &defaultGVK, original)
    obj, actual = decode(scope, serializer, body)
    # go: if gvk.GroupVersion() != gv {
    if actual != gv:
        raise new_bad_request(f"the API version in the data ({actual}) does not match the expected API version ({gv})")
    # go: admissionAttributes := admission.NewAttributesRecord(obj, nil, scope.Kind, namespace, name, scope.Resource, scope.Subresource, admission.Create, userInfo)
    # go: if mutatingAdmission, ok := admit.(admission.MutationInterface); ok && mutatingAdmission.Handles(admission.Create) {
    # (--admission-control defaults to AlwaysAdmit: it admits everything and changes nothing)
    # go: result, err := finishRequest(timeout, func() (runtime.Object, error) {
    if scope.resource.name == "services":
        result = scope.server.services.create(namespace, obj, gv)
    else:
        result = scope.storage.create(namespace, obj, gv)
    # go: if err := setSelfLink(result, requestInfo, scope.Namer); err != nil {
    set_self_link(scope, result)
    # go: code := http.StatusCreated
    code = 201
    # go: transformResponseObject(ctx, scope, req, w, code, result)
    return transform_response_object(scope, code, result)


def get_resource(scope: Scope) -> Response:
    """GetResource → getResourceHandler (handlers/get.go): the stored object, in the request's version."""
    result = scope.storage.get(scope.info.namespace, scope.info.name, scope.resource.group_version)
    set_self_link(scope, result)
    return transform_response_object(scope, 200, result)


def list_resource(scope: Scope) -> Response:
    """ListResource: every object under the key root (a namespace's, or all), in one List."""
    if any(scope.request.query.get(k, [""])[0] for k in ("labelSelector", "fieldSelector", "watch", "limit", "continue")):
        raise not_replicated("list options (selectors, watch, limit)")
    items, revision = scope.storage.list(scope.info.namespace)
    for item in items:
        set_self_link(scope, item)
    return transform_list(scope, items, revision)


def update_resource(scope: Scope) -> Response:
    """UpdateResource (handlers/update.go): PUT of a whole object."""
    namespace, name, gv = scope.info.namespace, scope.info.name, scope.resource.group_version
    serializer = negotiate_input_serializer(scope.request.content_type)
    obj, actual = decode(scope, serializer, scope.request.body)
    if actual != gv:
        raise new_bad_request(f"the API version in the data ({actual}) does not match the expected API version ({gv})")
    if obj.Name != name:  # checkName
        raise new_bad_request(f"the name of the object ({obj.Name}) does not match the name on the URL ({name})")
    if obj.Namespace and obj.Namespace != namespace and scope.resource.namespaced:
        raise new_bad_request(f"the namespace of the object ({obj.Namespace}) does not match the namespace on the request ({namespace})")
    if scope.resource.name == "services":
        result, created = scope.server.services.update(namespace, name, obj, gv)
    else:
        result, created = scope.storage.update(namespace, name, obj, gv)
    set_self_link(scope, result)
    return transform_response_object(scope, 201 if created else 200, result)


def delete_resource(scope: Scope) -> Response:
    """DeleteResource (handlers/delete.go), with default DeleteOptions."""
    if scope.request.body or scope.request.query:
        raise not_replicated("DeleteOptions (grace period, propagation policy, preconditions)")
    namespace, name, gv = scope.info.namespace, scope.info.name, scope.resource.group_version
    resource = scope.resource
    if resource.name == "namespaces":
        namespace_object = delete_namespace(scope, name)
        set_self_link(scope, namespace_object)
        return transform_response_object(scope, 200, namespace_object)
    if resource.name == "services":  # (*REST).Delete returns a bare Status: no details, no code
        scope.server.services.delete(namespace, name, gv)
        return write_object(scope, 200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"})
    kept, last = scope.storage.delete(namespace, name, gv, graceful=resource.name == "pods")
    if kept is not None or resource.name == "pods":  # marked for deletion (a finalizer stays), or ReturnDeletedObject (pods)
        shown = kept if kept is not None else last
        set_self_link(scope, shown)
        return transform_response_object(scope, 200, shown)
    details = {"name": last.Name, "group": resource.group, "kind": resource.name, "uid": last.UID}  # finalizeDelete
    if not resource.group:
        del details["group"]
    return write_object(scope, 200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details})


def delete_namespace(scope: Scope, name: str) -> GoStruct:
    """pkg/registry/core/namespace/storage (*REST).Delete: the first DELETE only marks the namespace
    Terminating (the namespace controller empties it, then removes the finalizer)."""
    store = scope.storage
    namespace = store.get("", name, "v1")
    if namespace.DeletionTimestamp is None:
        namespace.DeletionTimestamp = now()
        namespace.Status.Phase = "Terminating"
        with store.memory.lock:
            return store._put(store.resource.key("", name), namespace)
    if namespace.Spec.Finalizers:
        raise new_conflict("", "namespaces", name, "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.")
    raise not_replicated("deleting a namespace without finalizers")


# ---------------------------------------------------------------- decoding


def negotiate_input_serializer(content_type: str) -> str:
    """NegotiateInputSerializer: the media type of the body (JSON when none is given)."""
    media_type = (content_type or "application/json").split(";")[0].strip().lower()
    if media_type in ("application/json", "application/yaml"):
        return media_type
    if media_type == "application/vnd.kubernetes.protobuf":
        raise not_replicated("protobuf request bodies")
    # MediaTypesForSerializer's second result, the streaming types, is what the message lists
    raise new_unsupported_media_type(["application/json;stream=watch", "application/vnd.kubernetes.protobuf;stream=watch"])


def decode(scope: Scope, media_type: str, body: bytes) -> tuple[GoStruct, str]:
    """The versioning decoder over the JSON or YAML serializer ((*Serializer).Decode, then
    codec.Decode): TypeMeta read first, kind and version defaulted from the URL, the versioned
    object decoded, defaulted, converted to the internal type.  Returns it and the body's group version."""
    t, resource = scope.t, scope.resource
    # go: if s.yaml {
    data = body
    if media_type == "application/yaml":
        try:
            data = go_json.yaml_to_json(body)
        except go_json.YAMLError as exc:
            if not exc.replicated:
                raise not_replicated(exc.message) from None
            raise transform_decode_error(resource, exc.message, None, body) from None
    # go: actual, err := s.meta.Interpret(data)
    problem = go_json.syntax_error(data)
    if problem is not None:
        raise transform_decode_error(resource, f"couldn't get version/kind; json parse error: {problem}", None, body)
    parsed = json.loads(data)
    api_version, kind = _type_meta(parsed)
    group, _, version = api_version.rpartition("/") if api_version.count("/") == 1 else ("", "", api_version)
    if api_version.count("/") > 1:
        raise transform_decode_error(resource, f"unexpected GroupVersion string: {api_version}", None, body)
    # go: if gvk != nil {
    if not kind:
        kind = resource.kind
    if not version and not group:
        group, version = resource.group, resource.version
    if not version and group == resource.group:
        version = resource.version
    actual = f"{group}/{version}" if group else version
    # go: obj, err := runtime.UseOrCreateObject(s.typer, s.creater, *actual, into)
    versioned_id = _versioned_type(t, actual, kind)
    if versioned_id is None:
        raise transform_decode_error(resource, f'no kind "{kind}" is registered for version "{actual}"', (actual, kind), body)
    # go: if err := caseSensitiveJsonIterator.Unmarshal(data, obj); err != nil {
    try:
        t.check_json(data, go_json.nodes(data), GoType("struct", versioned_id))
        obj = t.decode(parsed, GoType("struct", versioned_id), "")
    except DecodeError as exc:
        raise transform_decode_error(resource, str(exc), (actual, kind), body) from None
    except NotImplementedError as exc:
        raise not_replicated(str(exc)) from None
    # (then the versioning codec's Decode, which wraps this serializer: c.defaulter.Default(obj))
    set_object_defaults(t, obj)
    # (and c.convertor.Convert(obj, into, c.decodeVersion): to the internal version)
    if kind != resource.kind:
        raise transform_decode_error(resource, _conversion_error(t, versioned_id, resource.internal), (actual, kind), body)
    try:
        internal = t.convert(obj, GoType("struct", versioned_id), GoType("struct", resource.internal), HOOKS)
    except ConversionError as exc:
        raise transform_decode_error(resource, str(exc), (actual, kind), body) from None
    return internal, actual


def _type_meta(parsed: Any) -> tuple[str, str]:
    """findKind: apiVersion and kind, matched case-insensitively as encoding/json matches keys."""
    api_version = kind = ""
    if isinstance(parsed, dict):
        for key, value in parsed.items():
            if key.lower() == "apiversion" and isinstance(value, str):
                api_version = value
            elif key.lower() == "kind" and isinstance(value, str):
                kind = value
            elif key.lower() in ("apiversion", "kind") and value is not None:
                raise not_replicated("encoding/json's error for a non-string apiVersion or kind")
    elif parsed is not None:
        raise not_replicated("a body that is JSON but not an object")
    return api_version, kind


def _versioned_type(t: Types, group_version: str, kind: str) -> str | None:
    """The scheme's type for (group version, kind): k8s.io/api/<group>/<version>.<Kind> if the API
    types read from the source have it (a kind the replica does not know is not replicated)."""
    type_id = f"{api_package(group_version)}.{kind}"
    if type_id in t.structs:
        return type_id
    if t.registered is not None and (group_version, kind) in t.registered:
        raise not_replicated(f"decoding a {kind} of {group_version}")
    return None


def _conversion_error(t: Types, source: str, target: str) -> str:
    """The reflective converter's complaint when no conversion exists between two kinds: the first
    field of the target the source does not have."""
    source_fields = {f.name for f in t.struct(source).fields}
    missing = next((f.name for f in t.struct(target).fields if f.name not in source_fields), None)
    if missing is None:
        raise not_replicated(f"converting a {source} into a {target}")
    short = lambda type_id: type_id.rpartition("/")[2]  # noqa: E731
    return f"converting ({short(source)}) to ({short(target)}): {missing} not present in src"


def transform_decode_error(resource: Resource, error: str, gvk: tuple[str, str] | None, body: bytes) -> StatusError:
    """transformDecodeError: with a kind the message names it and its version, else the first bytes of the body."""
    if gvk is not None and gvk[1]:
        version = gvk[0].rpartition("/")[2]
        return new_bad_request(f'{gvk[1]} in version "{version}" cannot be handled as a {resource.kind}: {error}')
    return new_bad_request(f"the object provided is unrecognized (must be of type {resource.kind}): {error} ({summarize_data(body, 30)})")


def summarize_data(data: bytes, max_length: int) -> str:
    """summarizeData: the start of a JSON body as text, anything else in hex."""
    if not data:
        return "<empty>"
    if data[:1] == b"{":
        return data[:max_length].decode(errors="replace") + (" ..." if len(data) > max_length else "")
    return data[:max_length].hex() + (" ..." if len(data) > max_length else "")


# ---------------------------------------------------------------- answering


def set_self_link(scope: Scope, obj: GoStruct) -> None:
    """setSelfLink: the object's path in the request's group version."""
    resource = scope.resource
    root = f"/apis/{resource.group_version}" if resource.group else f"/api/{resource.version}"
    where = f"/namespaces/{obj.Namespace}" if resource.namespaced else ""
    obj.SelfLink = f"{root}{where}/{resource.name}/{obj.Name}"


def transform_response_object(scope: Scope, code: int, internal: GoStruct) -> Response:
    """transformResponseObject: converted to the request's version, kind and apiVersion set, encoded."""
    resource = scope.resource
    versioned = scope.t.convert(internal, GoType("struct", resource.internal), GoType("struct", resource.versioned), HOOKS)
    versioned.Kind, versioned.APIVersion = resource.kind, resource.group_version
    return write_object(scope, code, scope.t.encode(versioned, GoType("struct", resource.versioned)))


def transform_list(scope: Scope, items: list[GoStruct], revision: int) -> Response:
    """The List in the request's version: its selfLink is the request path, its resourceVersion the store's."""
    resource = scope.resource
    list_type = f"{resource.versioned}List"
    versioned = [scope.t.convert(i, GoType("struct", resource.internal), GoType("struct", resource.versioned), HOOKS) for i in items]
    body = scope.t.encode(scope.t.new(list_type, Kind=f"{resource.kind}List", APIVersion=resource.group_version,
                                      ListMeta=scope.t.new("k8s.io/apimachinery/pkg/apis/meta/v1.ListMeta", SelfLink=scope.request.path, ResourceVersion=str(revision)),
                                      Items=versioned), GoType("struct", list_type))  # fmt: skip
    if body.get("items") is None:
        body["items"] = []  # an empty list is written as [] (the List's Items is never nil after a list)
    return write_object(scope, 200, body)


def write_object(scope: Scope, code: int, body: dict[str, Any]) -> Response:
    """WriteObjectNegotiated: YAML when the client asks for it, else JSON (indented for ?pretty and curl)."""
    accept = scope.request.accept.split(",")[0].split(";")[0].strip()
    if accept == "application/yaml":
        return Response(code, "application/yaml", yaml.safe_dump(body, default_flow_style=False, sort_keys=True))
    pretty = scope.request.query.get("pretty", [""])[0] == "true" or scope.request.user_agent.startswith(("curl", "Wget", "Mozilla/5.0"))
    return Response(code, "application/json", go_indent(body) + "\n" if pretty else go_compact(body) + "\n")


# ---------------------------------------------------------------- the API types, read from the source


_TYPES: list[Types] = []
_LOCK = threading.Lock()


def types_from(raw: dict[str, Any]) -> Types:
    """Types of a read_api_types / api_types_of result."""
    return Types(from_json(json.dumps(raw["types"])), {(gv, kind) for gv, kinds in raw["registered"].items() for kind in kinds})


def api_types() -> Types:
    """The struct types of every object served, from $K8S_READER_API_TYPES when given, else read
    from the cached v1.9.9 tree (the index, a few seconds once)."""
    with _LOCK:
        if not _TYPES:
            path = os.environ.get(TYPES_ENV)
            if path:
                with open(path) as f:
                    raw = json.load(f)
            else:
                raw = read_api_types()
            _TYPES.append(types_from(raw))
        return _TYPES[0]


def read_api_types() -> dict[str, Any]:
    """{"types": api_types facts, "registered": {group version: kinds with a TypeMeta}} of the cached tree."""
    from reader import settings
    from reader.index import build_index
    from reader.source import resolve_source
    from reader.source.clone import cached_source

    tree = cached_source(resolve_source(None), settings.default_cache_dir())
    if tree is None:
        raise SystemExit("replica: no cached v1.9.9 tree to read the API types from: run `k8s-reader index` first")
    return api_types_of(build_index(tree.root, tree.commit, settings.default_cache_dir()), tree.root)


def api_types_of(index: Any, root: Any) -> dict[str, Any]:
    """The API types facts of one indexed tree (see read_api_types)."""
    from reader.facts.apitypes import api_types as facts_api_types, to_json

    roots = {r.versioned for r in RESOURCES.values()} | {r.internal for r in RESOURCES.values()} | {r.stored for r in RESOURCES.values()}
    roots |= {f"{r.versioned}List" for r in RESOURCES.values()}
    registered: dict[str, list[str]] = {}
    for symbol in index.symbols:
        if symbol.startswith("k8s.io/api/") and symbol.endswith(".TypeMeta") and symbol.count(".") >= 3:
            type_id = symbol.rpartition(".")[0]
            package, _, kind = type_id.rpartition(".")
            group, version = package.removeprefix("k8s.io/api/").rsplit("/", 1)
            registered.setdefault(version if group == "core" else f"{group}/{version}", []).append(kind)
    return {"types": json.loads(to_json(facts_api_types(index, root, sorted(roots)))), "registered": registered}


# ---------------------------------------------------------------- run it: one file, one answer


def main(argv: list[str]) -> int:
    """k8s-reader replica kube-apiserver/request FILE.yaml [--namespace NS] [--method PUT]: what
    v1.9.9 would answer to the objects in FILE (each document POSTed in turn), and the etcd keys written."""
    import argparse

    parser = argparse.ArgumentParser(prog="k8s-reader replica kube-apiserver/request", description="POST the objects of a YAML or JSON file to the request replica; print each answer and the etcd key.")
    parser.add_argument("file", help="a YAML (or JSON) file of one or more objects")
    parser.add_argument("--namespace", default="default", help="the namespace of the URL (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        text = open(args.file, "rb").read()
    except OSError as exc:
        print(f"replica: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    server = APIServer(api_types())
    written = len(server.memory.log)
    print("replica: storage is in memory; admission is AlwaysAdmit (the default)", file=sys.stderr)
    for document in [d for d in text.decode().split("\n---") if d.strip()]:
        kind = _kind_of(document)
        resource = next((r for r in RESOURCES.values() if r.kind == kind[1] and r.group_version == kind[0]), None)
        if resource is None:
            print(f"replica: {args.file}: no served resource for apiVersion {kind[0]!r} kind {kind[1]!r}", file=sys.stderr)
            return 1
        root = f"/apis/{resource.group_version}" if resource.group else f"/api/{resource.version}"
        path = f"{root}/namespaces/{args.namespace}/{resource.name}" if resource.namespaced else f"{root}/{resource.name}"
        response = server.serve(Request(path, {"pretty": ["true"]}, "k8s-reader", "POST", document.encode(), "application/yaml"))
        print(f"POST {path}\n{response.status}\n{response.body}", end="")
        for line in server.memory.log[written:]:
            print(f"etcd: {line}")
        written = len(server.memory.log)
    return 0


def _kind_of(document: str) -> tuple[str, str]:
    try:
        parsed = yaml.safe_load(document)
    except yaml.YAMLError:
        return "", ""
    return (str(parsed.get("apiVersion", "")), str(parsed.get("kind", ""))) if isinstance(parsed, dict) else ("", "")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
