"""The type world the resolver reasons in: declarations by package, resolved types, member lookup.

`Universe` holds every indexed package's declarations and answers the questions Go's type
checker would: what a type expression written in some file denotes, what a named type's
underlying type is, which field or method a selector picks (with embedding, shallowest
depth first) and which named types implement an interface (by method names).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.parse.models import FuncDecl, GoFile, TypeDecl, TypeRef, ValueDecl

# Predeclared types; calls of these are conversions.
BASIC = frozenset(
    "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string "
    "uint uint8 uint16 uint32 uint64 uintptr".split()
)
_MISSING = object()
BUILTIN_FUNCS = frozenset("append cap close complex copy delete imag len make new panic print println real recover".split())


@dataclass(frozen=True, slots=True)
class Type:
    """A resolved type.

    kind: named (pkg + name; pkg "" for predeclared), pointer, slice, array, map, chan, func,
    struct, interface, tuple.  Struct, interface and func literals keep the `TypeRef` they
    were written as and the file it is written in (`ref`, `file`) so their fields and results
    can be resolved later.
    """

    kind: str
    pkg: str = ""
    name: str = ""
    elem: Type | None = None
    key: Type | None = None
    items: tuple[Type | None, ...] = ()  # tuple members, func results
    ref: TypeRef | None = field(default=None, compare=False)
    file: str = ""


@dataclass(frozen=True, slots=True)
class Member:
    """What a selector picked on a type."""

    kind: str  # field, method, interface-method
    id: str  # symbol id of the field or method
    type: Type | None  # a field's type; a method's func type
    promoted: bool = False


@dataclass
class PackageDecls:
    path: str
    name: str
    dir: str
    funcs: dict[str, FuncDecl] = field(default_factory=dict)
    types: dict[str, TypeDecl] = field(default_factory=dict)
    values: dict[str, ValueDecl] = field(default_factory=dict)
    methods: dict[str, dict[str, FuncDecl]] = field(default_factory=dict)  # type name -> method name -> decl
    decl_file: dict[int, str] = field(default_factory=dict)  # id(decl) -> file path


def method_id(pkg: str, decl: FuncDecl) -> str:
    assert decl.receiver is not None
    star = "*" if decl.receiver.pointer else ""
    return f"{pkg}.({star}{decl.receiver.type_name}).{decl.name}"


def func_id(pkg: str, decl: FuncDecl) -> str:
    """The symbol id of a declared function or method."""
    return method_id(pkg, decl) if decl.receiver is not None else f"{pkg}.{decl.name}"


class Universe:
    """All packages' declarations plus, per file, what its import names mean."""

    def __init__(self) -> None:
        self.packages: dict[str, PackageDecls] = {}
        self.file_imports: dict[str, dict[str, str]] = {}  # file -> import name -> package path ('.' names: dot imports)
        self.file_dot_imports: dict[str, list[str]] = {}
        self.file_package: dict[str, str] = {}
        self._method_names: dict[str, set[tuple[str, str]]] | None = None
        self._implementers: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self._resolved: dict[tuple[int, str], Type | None] = {}
        self._func_refs: dict[int, TypeRef] = {}

    # ------------------------------------------------------------ building

    def add_file(self, pkg: str, file: GoFile, imports: dict[str, str], dots: list[str]) -> None:
        decls = self.packages[pkg]
        self.file_imports[file.path] = imports
        self.file_dot_imports[file.path] = dots
        self.file_package[file.path] = pkg
        for func in file.funcs:
            decls.decl_file[id(func)] = file.path
            if func.receiver is None:
                if func.name != "init":
                    decls.funcs[func.name] = func
            else:
                decls.methods.setdefault(func.receiver.type_name, {})[func.name] = func
        for typ in file.types:
            decls.types[typ.name] = typ
            decls.decl_file[id(typ)] = file.path
        for value in file.values:
            decls.values[value.name] = value
            decls.decl_file[id(value)] = file.path

    # ------------------------------------------------------------ type expressions

    def resolve_ref(self, ref: TypeRef | None, file: str) -> Type | None:
        """What the type expression `ref`, written in `file`, denotes (memoised: refs live as long as the build)."""
        if ref is None:
            return None
        key = (id(ref), file)
        hit = self._resolved.get(key, _MISSING)
        if hit is _MISSING:
            hit = self._resolved[key] = self._resolve_ref(ref, file)
        return hit  # type: ignore[return-value]

    def _resolve_ref(self, ref: TypeRef, file: str) -> Type | None:
        kind = ref.kind
        if kind == "name":
            return self.named_in_scope(ref.name, file)
        if kind == "qualified":
            pkg = self.file_imports.get(file, {}).get(ref.package)
            return Type("named", pkg=pkg, name=ref.name) if pkg else Type("named", pkg=f"?{ref.package}", name=ref.name)
        if kind == "pointer":
            return Type("pointer", elem=self.resolve_ref(ref.elem, file))
        if kind in ("slice", "array", "ellipsis"):
            return Type("slice" if kind != "array" else "array", elem=self.resolve_ref(ref.elem, file))
        if kind == "map":
            return Type("map", key=self.resolve_ref(ref.key, file), elem=self.resolve_ref(ref.elem, file))
        if kind == "chan":
            return Type("chan", elem=self.resolve_ref(ref.elem, file))
        if kind == "func":
            results = tuple(self.resolve_ref(f.type, file) for f in ref.results)
            return Type("func", items=results, ref=ref, file=file)
        if kind in ("struct", "interface"):
            return Type(kind, ref=ref, file=file)
        return None

    def named_in_scope(self, name: str, file: str) -> Type | None:
        pkg = self.file_package.get(file, "")
        decls = self.packages.get(pkg)
        if decls is not None and name in decls.types:
            return Type("named", pkg=pkg, name=name)
        for dot in self.file_dot_imports.get(file, ()):
            if name in self.packages[dot].types:
                return Type("named", pkg=dot, name=name)
        if name in BASIC:
            return Type("named", name=name)
        return None

    def type_decl(self, typ: Type) -> TypeDecl | None:
        decls = self.packages.get(typ.pkg) if typ.kind == "named" else None
        return decls.types.get(typ.name) if decls is not None else None

    def underlying(self, typ: Type | None) -> Type | None:
        """Follow named types (and aliases) to their underlying type literal."""
        seen = 0
        while typ is not None and typ.kind == "named" and seen < 20:
            decl = self.type_decl(typ)
            if decl is None:
                return typ if typ.pkg == "" else None  # predeclared, or outside the tree: opaque
            typ = self.resolve_ref(decl.type, self.packages[typ.pkg].decl_file[id(decl)])
            seen += 1
        return typ

    def resolve_alias(self, typ: Type | None) -> Type | None:
        seen = 0
        while typ is not None and typ.kind == "named" and seen < 20:
            decl = self.type_decl(typ)
            if decl is None or not decl.alias:
                return typ
            typ = self.resolve_ref(decl.type, self.packages[typ.pkg].decl_file[id(decl)])
            seen += 1
        return typ

    # ------------------------------------------------------------ selectors

    def select(self, typ: Type | None, name: str) -> Member | None:
        """The field or method `name` selects on a value of type `typ` (Go's shallowest-depth rule)."""
        typ = self.resolve_alias(typ)
        if typ is not None and typ.kind == "pointer":
            typ = self.resolve_alias(typ.elem)
        if typ is None:
            return None
        level: list[Type] = [typ]
        seen: set[tuple[str, str]] = set()
        depth = 0
        while level and depth < 8:
            found: list[Member] = []
            next_level: list[Type] = []
            for current in level:
                if current.kind == "named":
                    key = (current.pkg, current.name)
                    if key in seen:
                        continue
                    seen.add(key)
                member, embedded = self._direct_member(current, name, depth > 0)
                if member is not None:
                    found.append(member)
                next_level.extend(embedded)
            if found:
                return found[0]
            level = next_level
            depth += 1
        return None

    def _direct_member(self, typ: Type, name: str, promoted: bool) -> tuple[Member | None, list[Type]]:
        """Methods declared on named `typ`, then fields/interface methods of its underlying type;
        also the embedded types to search one level deeper."""
        if typ.kind == "named":
            decls = self.packages.get(typ.pkg)
            if decls is not None:
                method = decls.methods.get(typ.name, {}).get(name)
                if method is not None:
                    return Member("method", method_id(typ.pkg, method), self.func_type(method, decls.decl_file[id(method)]), promoted), []
        under = self.underlying(typ)
        if under is None or under.ref is None:
            return None, []
        owner = typ if typ.kind == "named" else None
        if under.kind == "struct":
            embedded: list[Type] = []
            for f in under.ref.fields:
                if f.name == name:
                    field_id = f"{owner.pkg}.{owner.name}.{name}" if owner else f"struct.{name}"
                    return Member("field", field_id, self.resolve_ref(f.type, under.file), promoted), []
                if f.embedded:
                    inner = self.resolve_ref(f.type, under.file)
                    if inner is not None and inner.kind == "pointer":
                        inner = inner.elem
                    if inner is not None:
                        embedded.append(inner)
            return None, embedded
        if under.kind == "interface":
            return self._interface_member(under, owner, name, promoted), []
        return None, []

    def _interface_member(self, iface: Type, owner: Type | None, name: str, promoted: bool, depth: int = 0) -> Member | None:
        if iface.ref is None or depth > 10:
            return None
        for f in iface.ref.fields:
            if not f.embedded and f.name == name:
                member_id = f"{owner.pkg}.({owner.name}).{name}" if owner else f"interface.{name}"
                return Member("interface-method", member_id, self.resolve_ref(f.type, iface.file), promoted)
        for f in iface.ref.fields:
            if f.embedded:
                inner = self.resolve_ref(f.type, iface.file)
                under = self.underlying(inner)
                if under is not None and under.kind == "interface":
                    named = inner if inner is not None and inner.kind == "named" else None
                    hit = self._interface_member(under, named, name, promoted, depth + 1)
                    if hit is not None:
                        return hit
        return None

    def method_set_names(self, iface: Type, depth: int = 0) -> set[str]:
        """Names of an interface's methods, embedded interfaces included."""
        under = self.underlying(iface)
        if under is None or under.kind != "interface" or under.ref is None or depth > 10:
            return set()
        names = {f.name for f in under.ref.fields if not f.embedded and f.name}
        for f in under.ref.fields:
            if f.embedded:
                inner = self.resolve_ref(f.type, under.file)
                if inner is not None:
                    names |= self.method_set_names(inner, depth + 1)
        return names

    # ------------------------------------------------------------ implementations

    def implementers(self, iface: Type) -> tuple[tuple[str, str], ...]:
        """Named types (pkg, name) declaring every method of `iface` (promotion not followed)."""
        key = (iface.pkg, iface.name)
        if key not in self._implementers:
            names = self.method_set_names(iface)
            if self._method_names is None:
                self._method_names = {}
                for pkg, decls in self.packages.items():
                    for type_name, methods in decls.methods.items():
                        for method_name in methods:
                            self._method_names.setdefault(method_name, set()).add((pkg, type_name))
            sets = sorted((self._method_names.get(n, set()) for n in names), key=len)
            found = set.intersection(*sets) if sets else set()
            self._implementers[key] = tuple(sorted(found))
        return self._implementers[key]

    def func_type(self, decl: FuncDecl, file: str) -> Type | None:
        """The func type of a declared function or method (one TypeRef per declaration, kept)."""
        ref = self._func_refs.get(id(decl))
        if ref is None:
            ref = self._func_refs[id(decl)] = TypeRef("func", params=decl.params, results=decl.results, text=decl.signature)
        return self.resolve_ref(ref, file)

    def method_of(self, pkg: str, type_name: str, name: str) -> str | None:
        decl = self.packages[pkg].methods.get(type_name, {}).get(name)
        return method_id(pkg, decl) if decl is not None else None


