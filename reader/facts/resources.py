"""The API resource lists kube-apiserver serves (GET /api/v1, GET /apis/<group>/<version>), read from the source.

What each server of the chain installs is the storage map its REST storage providers build
(`VersionedResourcesStorageMap`), and what discovery prints for each entry follows from the
storage's Go type: `APIInstaller.registerResourceHandlers`
(staging/src/k8s.io/apiserver/pkg/endpoints/installer.go) asks which `rest.*` interfaces it
implements, turns the actions those allow into verbs through `toDiscoveryKubeVerb`, takes the
kind from `New()` (or a `GroupVersionKindProvider` / `KindProvider`), the scope from the
group's RESTMapper (the install package's `RootScopedKinds`), short names and categories from
the providers of those.

How it is read:
  * the storage maps by running the providers with the facts interpreter (`_Registry` below
    adds what they need: function literals such as `NewFunc`, maps keyed by structs such as
    `ResourceConfig`'s, and pointer-ness of values), against the default `ResourceConfig`
    of `master.DefaultAPIResourceConfigSource` (plus versions a caller enables, like
    `--runtime-config`);
  * interface satisfaction statically, from method sets (declared and promoted through
    embedding) compared with the interfaces of k8s.io/apiserver/pkg/registry/rest, by name and
    signature;
  * values of `New()`, `ShortNames()`, `Categories()`, `GroupVersionKind()`, `Kind()` by
    running those methods on the storage values.
Whatever could not be decided is a note (file:line and why), never a guess.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.facts.externals import Externals
from reader.facts.interpret import Env, Interpreter
from reader.facts.values import Cell, FieldRef, GoFunc, Named, Struct, Unknown, unwrap
from reader.facts.world import World
from reader.index.models import Index
from reader.index.types import BASIC
from reader.parse import models as m

REST = "k8s.io/apiserver/pkg/registry/rest"
ENDPOINTS = "k8s.io/apiserver/pkg/endpoints"
DISCOVERY = "k8s.io/apiserver/pkg/endpoints/discovery"
GENERIC_SERVER = "k8s.io/apiserver/pkg/server"
SCHEMA = "k8s.io/apimachinery/pkg/runtime/schema"
MASTER = "k8s.io/kubernetes/pkg/master"
LEGACY_SCHEME = "k8s.io/kubernetes/pkg/api/legacyscheme"
ANNOUNCED = "k8s.io/apimachinery/pkg/apimachinery/announced"

# kube-apiserver's providers are listed in master's completedConfig.New; the other servers of
# the chain build their APIGroupInfo inside their own constructors, which are run whole.
MASTER_NEW = f"{MASTER}.(completedConfig).New"
DEFAULT_CONFIG = f"{MASTER}.DefaultAPIResourceConfigSource"
OTHER_SERVERS = (
    "k8s.io/apiextensions-apiserver/pkg/apiserver.(completedConfig).New",
    "k8s.io/kube-aggregator/pkg/apiserver.(completedConfig).NewWithDelegate",
)
# Install packages whose RootScopedKinds decide the scope of each group's kinds (the RESTMapper
# of announced.GroupMetaFactory.newRESTMapper): kube-apiserver's, and the two other servers'.
INSTALL_PACKAGE_PREFIXES = ("k8s.io/kubernetes/pkg/apis/",)
INSTALL_PACKAGES = (
    "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/install",
    "k8s.io/kube-aggregator/pkg/apis/apiregistration/install",
)

# The interfaces registerResourceHandlers checks (installer.go:232-244, 869-875, and
# getResourceKind 146-150), by their names in package rest.
INTERFACES = (
    "Creater", "NamedCreater", "Lister", "Getter", "GetterWithOptions", "Deleter", "GracefulDeleter",
    "CollectionDeleter", "Updater", "Patcher", "Watcher", "Redirector", "Connecter", "KindProvider",
    "ShortNamesProvider", "CategoriesProvider", "GroupVersionKindProvider", "Storage",
)  # fmt: skip


@dataclass(frozen=True)
class APIResource:
    """One entry of an APIResourceList, as metav1.APIResource prints it."""

    name: str
    singular_name: str
    namespaced: bool
    kind: str
    verbs: tuple[str, ...]
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    group: str = ""  # set only by a GroupVersionKindProvider (installer.go:875-879)
    version: str = ""

    def to_json(self) -> dict[str, Any]:
        """The JSON the server prints: metav1.APIResource's field order, omitempty fields left out."""
        out: dict[str, Any] = {"name": self.name, "singularName": self.singular_name, "namespaced": self.namespaced}
        if self.group:
            out["group"] = self.group
        if self.version:
            out["version"] = self.version
        out["kind"] = self.kind
        out["verbs"] = list(self.verbs)
        if self.short_names:
            out["shortNames"] = list(self.short_names)
        if self.categories:
            out["categories"] = list(self.categories)
        return out


@dataclass(frozen=True)
class ServedResources:
    """Resource lists by group version ("v1", "apps/v1", …) and what could not be read."""

    lists: dict[str, tuple[APIResource, ...]]
    notes: tuple[str, ...]
    unversioned: frozenset[str] = frozenset()  # groups whose lists are written without apiVersion (discovery keepUnversioned)

    def bodies(self) -> dict[str, dict[str, Any]]:
        """Every group version's body, as the replica serves them (and the lab hands it as JSON)."""
        return {gv: self.to_json(gv) for gv in self.lists}

    def to_json(self, group_version: str) -> dict[str, Any]:
        """The APIResourceList body GET /api/v1 or /apis/<group>/<version> answers."""
        group = group_version.rpartition("/")[0]
        body: dict[str, Any] = {"kind": "APIResourceList"}
        if group not in self.unversioned:
            body["apiVersion"] = "v1"
        body["groupVersion"] = group_version
        body["resources"] = [r.to_json() for r in self.lists[group_version]]
        return body


# ---------------------------------------------------------------- the interpreter, extended


class _ValueKeyed(dict):
    """A Go map whose keys may be structs: Go compares struct keys by value, the interpreter's
    Struct by identity.  Keys are stored canonicalised; iteration gives back the first key
    stored for each value."""

    def __init__(self, items: Iterable[tuple[Any, Any]] = ()) -> None:
        super().__init__()
        self._keys: dict[Any, Any] = {}
        for key, value in items:
            self[key] = value

    def __setitem__(self, key: Any, value: Any) -> None:
        canon = _canonical_key(key)
        self._keys.setdefault(canon, key)
        super().__setitem__(canon, value)

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__(_canonical_key(key))

    def __contains__(self, key: object) -> bool:
        return super().__contains__(_canonical_key(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(_canonical_key(key), default)

    def pop(self, key: Any, *default: Any) -> Any:
        canon = _canonical_key(key)
        self._keys.pop(canon, None)
        return super().pop(canon, *default)

    def __iter__(self) -> Iterator[Any]:
        return iter([self._keys[k] for k in super().keys()])

    def keys(self):  # type: ignore[override]
        return [self._keys[k] for k in super().keys()]

    def items(self):  # type: ignore[override]
        return [(self._keys[k], v) for k, v in super().items()]


def _canonical_key(key: Any) -> Any:
    key = unwrap(key)
    if isinstance(key, Struct):
        # unset fields are zero values: "" and 0 and False and nil compare equal to them
        fields = tuple(sorted((n, _canonical_key(v)) for n, v in key.fields.items() if unwrap(v) not in ("", 0, False, None)))
        return ("\0struct", key.type, fields)
    try:
        hash(key)
    except TypeError:
        return ("\0id", id(key))
    return key


@dataclass(frozen=True)
class _CapturedGroup:
    """An APIGroupInfo genericapiserver.NewDefaultAPIGroupInfo returned, with the group it was asked for."""

    group: Any
    info: Any
    site: str


class _Pointee(Struct):
    """A struct some pointer points at.  The interpreter lets a struct value stand for pointers
    to it and copies it on assignment; copying a pointer must keep the one pointee."""

    def copy(self) -> Struct:
        return self


_RUN_TIME_PACKAGES = ("/clientset", "/client-go/", "/informers", "/listers", "k8s.io/kubernetes/pkg/printers")


class _Registry(Interpreter):
    """The facts interpreter plus what REST storage construction needs.

    * function literals run (their bodies are parsed on demand): `NewFunc: func() runtime.Object { return &api.Pod{} }`;
    * maps compare struct keys by value (ResourceConfig is keyed by schema.GroupVersion);
    * structs reached through `&` or `new` become `_Pointee`s, so a storage's method set is
      that of *T or of T as Go would have it;
    * every APIGroupInfo made by genericapiserver.NewDefaultAPIGroupInfo is captured with its group.
    """

    def __init__(self, world: World) -> None:
        # API clients, informers and table printers only matter once the server runs: their
        # functions are not run (an unregistered client scheme would otherwise make
        # NewLegacyRESTStorage return early; the printers' column handlers cost a second to run)
        clients = {p for p in world.index.packages if any(part in p for part in _RUN_TIME_PACKAGES)}
        super().__init__(world, Externals(), opaque=frozenset({"github.com/golang/glog", *clients}))
        self.captured: list[_CapturedGroup] = []

    def _invoke_go(self, fn: GoFunc, args: list[Any]) -> list[Any]:
        results = super()._invoke_go(fn, args)
        if fn.decl is not None and fn.decl.receiver is None and fn.pkg == GENERIC_SERVER and fn.decl.name == "NewDefaultAPIGroupInfo":
            self.captured.append(_CapturedGroup(args[0] if args else Unknown("no group"), results[0] if results else None, fn.file))
        return results

    def composite(self, ref: m.TypeRef | None, expr: m.Composite, env: Env, type_file: str | None = None) -> Any:
        value = super().composite(ref, expr, env, type_file)
        return _ValueKeyed(value.items()) if type(value) is dict else value

    def _made(self, ref: m.TypeRef, file: str) -> Any:
        value = super()._made(ref, file)
        if type(value) is dict:
            return _ValueKeyed()
        if isinstance(value, Named) and type(value.value) is dict:
            return Named(_ValueKeyed(), value.type)
        return value

    def _unary(self, expr: m.Unary, env: Env) -> Any:
        value = super()._unary(expr, env)
        if expr.op == "&" and isinstance(value, Struct):
            value.__class__ = _Pointee
        return value

    def _builtin(self, name: str, call: m.Call, env: Env) -> list[Any]:
        values = super()._builtin(name, call, env)
        if name == "new" and values and isinstance(values[0], Struct):
            values[0].__class__ = _Pointee
        if name == "new" and values and isinstance(values[0], Cell) and hasattr(values[0].value, "go_method"):
            return [values[0].value]  # new(sync.Once): the emulated object answers its own methods
        return values

    @staticmethod
    def is_pointer(value: Struct) -> bool:
        return isinstance(value, _Pointee)


class _Registered:
    """legacyscheme.Registry as kube-apiserver has it after package initialisation: with
    KUBE_API_VERSIONS unset every version an install package announces is enabled
    (registered.NewOrDie(""), then RegisterAndEnable in each install package's init)."""

    def __init__(self, versions: set[tuple[str, str]]) -> None:
        self.versions = versions

    def go_method(self, name: str, args: list[Any], site: Any, interp: Any) -> list[Any]:
        if name == "IsEnabledVersion" and args:
            gv = _deref(args[0])
            if isinstance(gv, Struct):
                return [_group_version_of(gv) in self.versions]
        return [Unknown(f"legacyscheme.Registry.{name}")]


# ---------------------------------------------------------------- method sets and interfaces


@dataclass(frozen=True)
class _Method:
    name: str
    params: tuple[str, ...]  # canonical parameter types
    results: tuple[str, ...]
    where: str  # file:line of the declaration


class _Types:
    """Method sets of named types and the rest.* interfaces, with canonical type spellings."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.interfaces = {name: self._interface_methods(REST, name) for name in INTERFACES}
        self.wanted = {method.name for methods in self.interfaces.values() for method in methods}
        self._sets: dict[tuple[str, str, bool], dict[str, _Method]] = {}

    def canonical(self, ref: m.TypeRef | None, file: str) -> str:
        """A type expression as the same text wherever it is written: package paths, not names."""
        if ref is None:
            return "?"
        kind = ref.kind
        if kind == "name":
            if ref.name in BASIC:
                return ref.name
            return f"{self.world.package_of(file)}.{ref.name}"
        if kind == "qualified":
            return f"{self.world.imports(file).get(ref.package, '?' + ref.package)}.{ref.name}"
        if kind == "pointer":
            return "*" + self.canonical(ref.elem, file)
        if kind in ("slice", "ellipsis"):
            return ("[]" if kind == "slice" else "...") + self.canonical(ref.elem, file)
        if kind == "map":
            return f"map[{self.canonical(ref.key, file)}]{self.canonical(ref.elem, file)}"
        if kind == "func":
            params = ",".join(self.canonical(f.type, file) for f in ref.params)
            results = ",".join(self.canonical(f.type, file) for f in ref.results)
            return f"func({params})({results})"
        return ref.text.replace(" ", "")

    def _signature(self, name: str, params: tuple[m.Field, ...], results: tuple[m.Field, ...], file: str, where: str) -> _Method:
        return _Method(name, tuple(self.canonical(p.type, file) for p in params), tuple(self.canonical(r.type, file) for r in results), where)

    def _interface_methods(self, pkg: str, name: str, depth: int = 0) -> tuple[_Method, ...]:
        located = self.world.type(pkg, name)
        if located is None or depth > 5:
            return ()
        decl = located.decl
        assert isinstance(decl, m.TypeDecl)
        methods: list[_Method] = []
        for f in decl.type.fields:
            if f.embedded:
                inner = _named(f.type, located.file, self.world)
                if inner is not None:
                    methods.extend(self._interface_methods(*inner, depth + 1))
            elif f.name and f.type.kind == "func":
                methods.append(self._signature(f.name, f.type.params, f.type.results, located.file, ""))
        return tuple(methods)

    def method_set(self, pkg: str, name: str, pointer: bool) -> dict[str, _Method]:
        """The methods (of the names the interfaces use) of T or *T, promoted ones included:
        Go's shallowest-depth rule; at the same depth two candidates cancel each other."""
        key = (pkg, name, pointer)
        if key not in self._sets:
            found: dict[str, _Method] = {}
            # (pkg, name, addressable) at the current depth; `addressable`: pointer methods count
            level: list[tuple[str, str, bool]] = [(pkg, name, pointer)]
            seen: set[tuple[str, str]] = set()
            at_depth_next: dict[str, list[_Method]] = {}  # methods of embedded interfaces, one level down
            for _ in range(8):
                at_depth: dict[str, list[_Method]] = at_depth_next
                at_depth_next = {}
                following: list[tuple[str, str, bool]] = []
                for tpkg, tname, addressable in level:
                    if (tpkg, tname) in seen:
                        continue
                    seen.add((tpkg, tname))
                    for method_name in self.wanted:
                        located = self.world.method(tpkg, tname, method_name)
                        if located is None:
                            continue
                        decl = located.decl
                        assert isinstance(decl, m.FuncDecl)
                        if decl.receiver is not None and decl.receiver.pointer and not addressable:
                            continue
                        where = f"{located.file}:{decl.name_span.line}"
                        at_depth.setdefault(method_name, []).append(self._signature(method_name, decl.params, decl.results, located.file, where))
                    following.extend(self._embedded(tpkg, tname, addressable))
                    for method in self._embedded_interface_methods(tpkg, tname):
                        at_depth_next.setdefault(method.name, []).append(method)
                for method_name, candidates in at_depth.items():
                    if method_name not in found and len(candidates) == 1:
                        found[method_name] = candidates[0]
                    elif method_name not in found:
                        found[method_name] = _Method(method_name, ("ambiguous",), (), "")
                level = following
                if not level and not at_depth_next:
                    break
            self._sets[key] = {k: v for k, v in found.items() if v.params != ("ambiguous",)}
        return self._sets[key]

    def _embedded_fields(self, pkg: str, name: str) -> list[tuple[m.Field, str]]:
        located = self.world.type(pkg, name)
        if located is None or not isinstance(located.decl, m.TypeDecl) or located.decl.type.kind != "struct":
            return []
        return [(f, located.file) for f in located.decl.type.fields if f.embedded]

    def _embedded_interface_methods(self, pkg: str, name: str) -> list[_Method]:
        """Methods an embedded interface field promotes (all of the interface's, whatever its value)."""
        methods: list[_Method] = []
        for f, file in self._embedded_fields(pkg, name):
            named = _named(f.type, file, self.world)
            target = self.world.type(*named) if named is not None else None
            if target is not None and isinstance(target.decl, m.TypeDecl) and target.decl.type.kind == "interface":
                where = f"{file}:{f.span.line if f.span else 0}"
                methods.extend(dataclasses.replace(x, where=where) for x in self._interface_methods(*named) if x.name in self.wanted)  # type: ignore[misc]
        return methods

    def _embedded(self, pkg: str, name: str, addressable: bool) -> list[tuple[str, str, bool]]:
        """Embedded struct types of a named struct type, one level down (embedded *S: S's pointer methods count)."""
        located = self.world.type(pkg, name)
        if located is None:
            return []
        decl = located.decl
        assert isinstance(decl, m.TypeDecl)
        if decl.type.kind != "struct":
            return []
        inner: list[tuple[str, str, bool]] = []
        for f in decl.type.fields:
            if not f.embedded:
                continue
            is_pointer = f.type.kind == "pointer"
            named = _named(f.type.elem if is_pointer else f.type, located.file, self.world)
            if named is None:
                continue
            target = self.world.type(*named)
            if target is not None and isinstance(target.decl, m.TypeDecl) and target.decl.type.kind == "interface":
                continue  # see _embedded_interface_methods
            inner.append((named[0], named[1], addressable or is_pointer))
        return inner

    def implements(self, methods: dict[str, _Method], interface: str) -> bool:
        wanted = self.interfaces[interface]
        return bool(wanted) and all(
            w.name in methods and methods[w.name].params == w.params and methods[w.name].results == w.results for w in wanted
        )  # fmt: skip


def _named(ref: m.TypeRef | None, file: str, world: World) -> tuple[str, str] | None:
    if ref is None:
        return None
    if ref.kind == "name":
        return (world.package_of(file), ref.name)
    if ref.kind == "qualified":
        pkg = world.imports(file).get(ref.package)
        return (pkg, ref.name) if pkg else None
    return None


# ---------------------------------------------------------------- reading the source


def api_resources(index: Index, root: Path, enable: Iterable[str] = ()) -> ServedResources:
    """The resource lists every server of the kube-apiserver chain serves with default flags;
    `enable` adds group versions ("batch/v2alpha1") as --runtime-config=<gv>=true would."""
    world = World(root, index)
    interp = _Registry(world)
    types = _Types(world)
    notes: list[str] = []

    installs = _install_groups(world, interp, notes)
    registered = {(g, v) for g, (_, versions) in installs.items() for v in versions}
    interp._globals[(LEGACY_SCHEME, "Registry")] = Cell(_Registered(registered), "Registry")

    config = _default_config(world, interp, enable, notes)
    verbs_by_action = _discovery_verbs(world, interp, notes)
    groups: list[tuple[str, Any]] = []  # (group name, APIGroupInfo)
    groups.extend(_kube_apiserver_groups(world, interp, config, notes))
    for entry in OTHER_SERVERS:
        groups.extend(_server_groups(world, interp, entry, notes))

    lists: dict[str, tuple[APIResource, ...]] = {}
    for group, info in groups:
        storage_maps = unwrap(interp.get_field(info, "VersionedResourcesStorageMap")) if isinstance(info, Struct) else None
        if not isinstance(storage_maps, dict):
            notes.append(f"group {group!r}: its VersionedResourcesStorageMap could not be evaluated")
            continue
        root_kinds = installs.get(group, (None, ()))[0]
        if root_kinds is None:
            notes.append(f"group {group!r}: no install package with its RootScopedKinds; scope not known")
        for version, storage in storage_maps.items():
            storage = unwrap(storage)
            gv = f"{group}/{version}" if group else str(version)
            if not isinstance(storage, dict):
                notes.append(f"{gv}: storage map could not be evaluated")
                continue
            # genericapiserver.go getAPIGroupVersion: storage[strings.ToLower(k)] = v
            lowered = {str(unwrap(k)).lower(): v for k, v in storage.items()}
            reader = _ResourceReader(interp, types, verbs_by_action, group, str(version), lowered, root_kinds, notes)
            lists[gv] = tuple(r for path in sorted(lowered) if (r := reader.resource(path)) is not None)  # Install sorts the paths
    unversioned = frozenset(g for g, _ in groups if _keeps_unversioned(world, interp, g, notes))
    return ServedResources(lists, tuple(dict.fromkeys(notes + interp.notes)), unversioned)


def _keeps_unversioned(world: World, interp: _Registry, group: str, notes: list[str]) -> bool:
    """discovery.keepUnversioned: the lists of these groups are written through
    stripVersionNegotiatedSerializer, without apiVersion (discovery/version.go)."""
    if world.func(DISCOVERY, "keepUnversioned") is None:
        notes.append(f"{DISCOVERY}.keepUnversioned is not in this tree: lists are shown with apiVersion")
        return False
    return unwrap(interp.call_function(DISCOVERY, "keepUnversioned", [group])[0]) is True


def _locate(world: World, symbol: str) -> tuple[m.FuncDecl, str, str] | None:
    """(declaration, file, package) of a function or method id."""
    sym = world.index.symbols.get(symbol)
    if sym is None:
        return None
    pkg = sym.package
    if "(" in symbol:
        receiver = symbol[len(pkg) + 1 :].split(")")[0].strip("(*")
        located = world.method(pkg, receiver, sym.name)
    else:
        located = world.func(pkg, sym.name)
    if located is None or not isinstance(located.decl, m.FuncDecl):
        return None
    return located.decl, located.file, pkg


def _walk(node: Any) -> Iterator[Any]:
    """Every statement and expression under a statement or expression, depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (tuple, list)):
            stack.extend(reversed(current))
            continue
        if not dataclasses.is_dataclass(current) or isinstance(current, (m.TypeRef, m.Span)):
            continue
        yield current
        for f in dataclasses.fields(current):
            value = getattr(current, f.name)
            if isinstance(value, (tuple, list)) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
                stack.append(value)


def _composites_of(statements: tuple[m.Stmt, ...], file: str, world: World, pkg: str, name: str, slice_of: bool = False) -> list[m.Composite]:
    """Composite literals of type pkg.name (or []pkg.name) in a function body."""
    found = []
    for node in _walk(statements):
        if isinstance(node, m.Composite) and node.type is not None:
            ref = node.type.elem if slice_of and node.type.kind == "slice" else node.type if not slice_of else None
            if _named(ref, file, world) == (pkg, name):
                found.append(node)
    return found


def _install_groups(world: World, interp: _Registry, notes: list[str]) -> dict[str, tuple[frozenset[str] | None, tuple[str, ...]]]:
    """group name -> (RootScopedKinds, announced versions), from each install package's
    announced.GroupMetaFactoryArgs and VersionToSchemeFunc literals."""
    groups: dict[str, tuple[frozenset[str] | None, tuple[str, ...]]] = {}
    packages = [p for p in world.index.packages if p in INSTALL_PACKAGES or (p.startswith(INSTALL_PACKAGE_PREFIXES) and p.endswith("/install"))]
    for pkg in sorted(packages):
        for file in world.index.packages[pkg].files:
            for func in world.file(file).funcs:
                args = _composites_of(func.statements, file, world, ANNOUNCED, "GroupMetaFactoryArgs")
                if not args:
                    continue
                env = Env(file, pkg)
                fields = {e.key.name: e.value for e in args[0].elements if isinstance(e.key, m.Ident)}
                group = unwrap(interp.eval(fields["GroupName"], env)) if "GroupName" in fields else None
                if not isinstance(group, str):
                    notes.append(f"{file}:{world.line(file, args[0].start)}: GroupName could not be evaluated")
                    continue
                root: frozenset[str] | None = frozenset()
                if "RootScopedKinds" in fields:
                    kinds = unwrap(interp.eval(fields["RootScopedKinds"], env))
                    root = frozenset(str(k) for k in kinds) if isinstance(kinds, dict) else None
                    if root is None:
                        notes.append(f"{file}:{world.line(file, args[0].start)}: RootScopedKinds of {group!r} could not be evaluated")
                versions: list[str] = []
                for literal in _composites_of(func.statements, file, world, ANNOUNCED, "VersionToSchemeFunc"):
                    for element in literal.elements:
                        version = unwrap(interp.eval(element.key, env)) if element.key is not None else None
                        if isinstance(version, str):
                            versions.append(version)
                if group in groups:
                    notes.append(f"{file}: group {group!r} announced by more than one install package; the first is kept")
                    continue
                groups[group] = (root, tuple(versions))
    return groups


def _group_version_struct(interp: _Registry, world: World, group_version: str) -> Struct | None:
    located = world.type(SCHEMA, "GroupVersion")
    if located is None:
        return None
    gv = interp.zero(m.TypeRef("name", name="GroupVersion", text="GroupVersion"), located.file)
    if not isinstance(gv, Struct):
        return None
    group, _, version = group_version.rpartition("/")
    gv.fields.update(Group=group, Version=version)
    return gv


def _default_config(world: World, interp: _Registry, enable: Iterable[str], notes: list[str]) -> Any:
    """master.DefaultAPIResourceConfigSource(), with `enable` turned on through its own EnableVersions."""
    pkg, _, name = DEFAULT_CONFIG.rpartition(".")
    if world.func(pkg, name) is None:
        notes.append(f"{DEFAULT_CONFIG} is not in this tree: no resource configuration")
        return Unknown("no resource configuration")
    config = interp.call_function(pkg, name)[0]
    extra = [gv for gv in (_group_version_struct(interp, world, v) for v in enable) if gv is not None]
    if extra:
        interp.call_method(config, "EnableVersions", extra)
    return config


def _discovery_verbs(world: World, interp: _Registry, notes: list[str]) -> dict[str, str]:
    """installer.go's toDiscoveryKubeVerb: action verb -> discovery verb ("" for not listed)."""
    located = world.value(ENDPOINTS, "toDiscoveryKubeVerb")
    verbs = unwrap(interp.package_member(ENDPOINTS, "toDiscoveryKubeVerb", located.file)) if located else None
    if not isinstance(verbs, dict):
        notes.append(f"{ENDPOINTS}.toDiscoveryKubeVerb could not be evaluated: no verbs")
        return {}
    return {str(k): str(unwrap(v)) for k, v in verbs.items()}


def _kube_apiserver_groups(world: World, interp: _Registry, config: Any, notes: list[str]) -> list[tuple[str, Any]]:
    """The legacy provider and the []RESTStorageProvider master's New builds, run as
    InstallLegacyAPI and InstallAPIs run them (master.go)."""
    located = _locate(world, MASTER_NEW)
    if located is None:
        notes.append(f"{MASTER_NEW} is not in this tree: no kube-apiserver groups")
        return []
    decl, file, pkg = located
    env = Env(file, pkg)
    if decl.receiver is not None and decl.receiver.name:
        env.define(decl.receiver.name, Unknown("the server's run-time configuration"))
    options = Unknown("RESTOptionsGetter: etcd storage is not read")
    groups: list[tuple[str, Any]] = []
    legacy = _composites_of(decl.statements, file, world, "k8s.io/kubernetes/pkg/registry/core/rest", "LegacyRESTStorageProvider")
    for literal in legacy[:1]:
        provider = interp.eval(literal, env)
        results = interp.call_method(provider, "NewLegacyRESTStorage", [options])
        group = unwrap(interp.call_method(provider, "GroupName")[0])
        if len(results) > 1 and isinstance(group, str):
            groups.append((group, _deref(results[1])))
        else:
            notes.append(f"{file}:{world.line(file, literal.start)}: NewLegacyRESTStorage could not be evaluated")
    for literal in _composites_of(decl.statements, file, world, MASTER, "RESTStorageProvider", slice_of=True)[:1]:
        for element in literal.elements:
            where = f"{file}:{world.line(file, element.value.start)}"
            provider = interp.eval(element.value, env)
            group = unwrap(interp.call_method(provider, "GroupName")[0])
            if not isinstance(group, str):
                notes.append(f"{where}: provider's GroupName() could not be evaluated")
                continue
            # InstallAPIs: skipped unless AnyResourcesForGroupEnabled(groupName), and unless NewRESTStorage says enabled
            wanted = unwrap(interp.call_method(config, "AnyResourcesForGroupEnabled", [group])[0])
            if wanted is not True:
                if wanted is not False:
                    notes.append(f"{where}: AnyResourcesForGroupEnabled({group!r}) could not be evaluated")
                continue
            results = interp.call_method(provider, "NewRESTStorage", [config, options])
            enabled = unwrap(results[1]) if len(results) > 1 else None
            if enabled is True:
                groups.append((group, _deref(results[0])))
            elif enabled is not False:
                notes.append(f"{where}: NewRESTStorage of {group!r} could not be evaluated")
    return groups


def _server_groups(world: World, interp: _Registry, entry: str, notes: list[str]) -> list[tuple[str, Any]]:
    """Run a server constructor whole and keep the APIGroupInfos it made through NewDefaultAPIGroupInfo."""
    located = _locate(world, entry)
    if located is None:
        notes.append(f"{entry} is not in this tree")
        return []
    decl, file, pkg = located
    before = len(interp.captured)
    fn = GoFunc(decl, file, pkg, receiver=Unknown("the server's run-time configuration"), has_receiver=True)
    interp.invoke(fn, [Unknown("the delegation target") for _ in decl.params])
    groups = []
    for captured in interp.captured[before:]:
        group = unwrap(captured.group)
        if isinstance(group, str) and isinstance(captured.info, Struct):
            groups.append((group, captured.info))
        else:
            notes.append(f"{entry}: an APIGroupInfo whose group could not be evaluated")
    return groups


# ---------------------------------------------------------------- one resource


def _deref(value: Any) -> Any:
    while isinstance(value, (Cell, FieldRef)):
        value = value.get() if isinstance(value, FieldRef) else value.value
    return value


def _group_version_of(gv: Struct) -> tuple[str, str]:
    return (str(unwrap(gv.fields.get("Group", "")) or ""), str(unwrap(gv.fields.get("Version", "")) or ""))


class _ResourceReader:
    """registerResourceHandlers for one group version's storage map."""

    def __init__(
        self, interp: _Registry, types: _Types, verbs_by_action: dict[str, str], group: str, version: str,
        storage: dict[str, Any], root_kinds: frozenset[str] | None, notes: list[str],
    ) -> None:  # fmt: skip
        self.interp, self.types, self.verbs_by_action = interp, types, verbs_by_action
        self.group, self.version, self.storage, self.root_kinds, self.notes = group, version, storage, root_kinds, notes
        self.gv = f"{group}/{version}" if group else version

    def _methods(self, value: Any) -> dict[str, _Method] | None:
        value = _deref(value)
        if isinstance(value, Struct) and value.type is not None:
            return self.types.method_set(value.type[0], value.type[1], self.interp.is_pointer(value))
        return None

    def _call(self, value: Any, name: str, args: list[Any] | None = None) -> Any:
        return unwrap(_deref(self.interp.call_method(_deref(value), name, args or [])[0]))

    def _kind(self, path: str, value: Any, methods: dict[str, _Method]) -> tuple[str, str, str] | None:
        """(group, version, kind) as getResourceKind decides it (installer.go:146-176)."""
        if self.types.implements(methods, "GroupVersionKindProvider"):
            gv = _group_version_struct(self.interp, self.interp.world, self.gv)
            gvk = self._call(value, "GroupVersionKind", [gv])
            if isinstance(gvk, Struct) and isinstance(unwrap(gvk.fields.get("Kind")), str):
                group, version = _group_version_of(gvk)
                return group, version, unwrap(gvk.fields["Kind"])
            self.notes.append(f"{self.gv} {path}: GroupVersionKind() ({methods['GroupVersionKind'].where}) could not be evaluated")
            return None
        obj = self._call(value, "New")
        if isinstance(obj, Struct) and obj.type is not None:
            # the scheme registers each type under its Go type name (runtime.Scheme.AddKnownTypes)
            return "", "", obj.type[1]
        where = methods["New"].where if "New" in methods else "no New method"
        self.notes.append(f"{self.gv} {path}: New() ({where}) could not be evaluated: {obj}")
        return None

    def resource(self, path: str) -> APIResource | None:
        value = self.storage[path]
        methods = self._methods(value)
        if methods is None:
            self.notes.append(f"{self.gv} {path}: the storage's type could not be evaluated ({_deref(value)!s:.80})")
            return None
        resource, _, _subresource = path.partition("/")
        kind = self._kind(path, value, methods)
        if kind is None:
            return None
        has = {name: self.types.implements(methods, name) for name in INTERFACES}
        resource_kind = kind[2]
        if has["KindProvider"]:  # installer.go:375-380
            provided = self._call(value, "Kind")
            if not isinstance(provided, str):
                self.notes.append(f"{self.gv} {path}: Kind() ({methods['Kind'].where}) could not be evaluated: {provided}")
                return None
            resource_kind = provided
        # scope: the RESTMapper of the parent resource's kind (restMapping, installer.go:182-194)
        namespaced = self._namespaced(path, resource)
        if namespaced is None:
            return None
        verbs = self._verbs(has)
        short_names = self._strings(path, value, methods, "ShortNames") if has["ShortNamesProvider"] else ()
        categories = self._strings(path, value, methods, "Categories") if has["CategoriesProvider"] else ()
        if has["GroupVersionKindProvider"]:  # installer.go:875-879 replaces group, version and kind
            return APIResource(path, "", namespaced, kind[2], verbs, short_names, categories, kind[0], kind[1])
        return APIResource(path, "", namespaced, resource_kind, verbs, short_names, categories)

    def _namespaced(self, path: str, resource: str) -> bool | None:
        parent = self.storage.get(resource)
        parent_methods = self._methods(parent) if parent is not None else None
        if parent_methods is None:
            self.notes.append(f"{self.gv} {path}: no storage for its parent resource {resource!r}")
            return None
        parent_kind = self._kind(resource, parent, parent_methods)
        if parent_kind is None:
            return None
        if self.root_kinds is None:
            self.notes.append(f"{self.gv} {path}: scope of kind {parent_kind[2]} not known")
            return None
        return parent_kind[2] not in self.root_kinds

    def _verbs(self, has: dict[str, bool]) -> tuple[str, ...]:
        """The actions registerResourceHandlers appends (installer.go:259-466), as discovery verbs."""
        is_creater = has["Creater"] or has["NamedCreater"]
        is_getter = has["Getter"] or has["GetterWithOptions"]
        is_deleter = has["Deleter"] or has["GracefulDeleter"]
        actions = {
            "LIST": has["Lister"], "POST": is_creater, "DELETECOLLECTION": has["CollectionDeleter"],
            "WATCHLIST": has["Watcher"] and has["Lister"], "GET": is_getter, "PUT": has["Updater"],
            "PATCH": has["Patcher"], "DELETE": is_deleter, "WATCH": has["Watcher"], "PROXY": has["Redirector"],
            "CONNECT": has["Connecter"],
        }  # fmt: skip
        verbs = set()
        for action, present in actions.items():
            if not present:
                continue
            verb = self.verbs_by_action.get(action)
            if verb is None:
                self.notes.append(f"{self.gv}: action {action} has no discovery verb in toDiscoveryKubeVerb")
            elif verb:
                verbs.add(verb)
        return tuple(sorted(verbs))

    def _strings(self, path: str, value: Any, methods: dict[str, _Method], name: str) -> tuple[str, ...]:
        result = self._call(value, name)
        if isinstance(result, list) and all(isinstance(unwrap(s), str) for s in result):
            return tuple(unwrap(s) for s in result)
        if result is None:
            return ()
        self.notes.append(f"{self.gv} {path}: {name}() ({methods[name].where}) could not be evaluated: {result}")
        return ()


__all__ = ["APIResource", "ServedResources", "api_resources"]
