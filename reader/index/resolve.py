"""Resolving call sites: what each call expression calls, how we know, or why we cannot.

Rules, tried in Go's scoping order and recorded in `CallEdge.how`:
  func / package-func     a function of this package, or `pkg.F` through the file's imports
  conversion / builtin    a type used as a function, or a predeclared function
  method / promoted-method / method-expr
                          a concrete method picked on the receiver's type (fields, embedding,
                          pointer or value receivers), typed from receivers, parameters,
                          results, var declarations, := of composite literals and calls,
                          range and type-switch variables
  interface               an interface method: status dynamic, with the named types that
                          declare all of the interface's methods as candidates
  func-value / func-field / func-literal
                          a call of a function value: dynamic, the static type is all we have
  external                `pkg.F` of a package outside the tree (standard library)
Everything else is unresolved, with the reason.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from reader.index.models import DYNAMIC, RESOLVED, UNRESOLVED, CallEdge
from reader.index.types import BASIC, BUILTIN_FUNCS, Type, Universe, func_id
from reader.parse import models as m

_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "&&", "||"})
_LITERAL_TYPES = {"string": "string", "raw_string": "string", "int": "int", "float": "float64", "rune": "rune", "imaginary": "complex128"}
_BOOL = Type("named", name="bool")
_INT = Type("named", name="int")


@dataclass(frozen=True, slots=True)
class Callee:
    status: str
    how: str
    id: str | None = None
    reason: str = ""
    signature: Type | None = None  # the callee's func type (results in `items`)
    candidates: tuple[str, ...] = ()
    conversion: Type | None = None  # for conversions: the target type


class Scope:
    """Name lookup inside one function (or a package-level initialiser) of one file."""

    def __init__(self, pkg: str, file: str, func: m.FuncDecl | None) -> None:
        self.pkg = pkg
        self.file = file
        self.by_name: dict[str, list[m.Binding]] = {}
        for binding in func.bindings if func is not None else ():
            self.by_name.setdefault(binding.name, []).append(binding)

    def lookup(self, name: str, position: int) -> m.Binding | None:
        best: m.Binding | None = None
        for b in self.by_name.get(name, ()):
            if b.scope_start <= position < b.scope_end and b.position <= position:
                if best is None or (b.scope_start, b.position) > (best.scope_start, best.position):
                    best = b
        return best


class Resolver:
    def __init__(self, universe: Universe) -> None:
        self.u = universe
        self._binding_types: dict[int, Type | None] = {}
        self._value_types: dict[tuple[str, str], Type | None] = {}
        self._callees: dict[int, Callee] = {}
        self._in_progress: set[int] = set()
        self._candidate_ids: dict[tuple[str, str, str], tuple[str, ...]] = {}

    # ------------------------------------------------------------ entry point

    def resolve_file(self, pkg: str, file: m.GoFile) -> list[CallEdge]:
        edges: list[CallEdge] = []
        for func in file.funcs:
            caller = func_id(pkg, func)
            scope = Scope(pkg, file.path, func)
            edges.extend(self._edge(caller, file.path, site, scope) for site in func.calls)
        if file.init_calls:
            scope = Scope(pkg, file.path, None)
            edges.extend(self._edge(f"{pkg}.init", file.path, site, scope) for site in file.init_calls)
        self.forget_file()
        return edges

    def forget_file(self) -> None:
        """Drop what is cached by object identity (calls, local bindings): such objects belong to
        one parsed file, and once it is freed, another file's objects can reuse their ids."""
        self._callees.clear()
        self._binding_types.clear()

    def _edge(self, caller: str, path: str, site: m.CallSite, scope: Scope) -> CallEdge:
        callee = self.callee(site.call, scope)
        target = sys.intern(callee.id) if callee.id else None  # shared strings keep the cache small
        return CallEdge(caller, path, site.line, site.col, target, callee.status, callee.how, callee.reason, callee.candidates)

    # ------------------------------------------------------------ callees

    def callee(self, call: m.Call, scope: Scope) -> Callee:
        key = id(call)
        cached = self._callees.get(key)
        if cached is None:
            cached = self._callee(call.function, scope)
            self._callees[key] = cached
        return cached

    def _callee(self, fn: m.Expr, scope: Scope) -> Callee:
        if isinstance(fn, m.Ident):
            return self._ident_callee(fn, scope)
        if isinstance(fn, m.Selector):
            return self._selector_callee(fn, scope)
        if isinstance(fn, m.FuncLit):
            return Callee(DYNAMIC, "func-literal", reason="function literal called in place", signature=self._func_type(fn.type, scope.file))
        if isinstance(fn, m.TypeExpr):
            target = self.u.resolve_ref(fn.type, scope.file)
            return Callee(RESOLVED, "conversion", id=_type_id(target) or fn.type.text, conversion=target)
        if isinstance(fn, m.Unary) and fn.op == "*":
            target = self._as_type(fn.operand, scope)
            if target is not None:
                pointer = Type("pointer", elem=target)
                return Callee(RESOLVED, "conversion", id=f"*{_type_id(target)}", conversion=pointer)
        typ = self.type_of(fn, scope)
        if typ is not None:
            under = self.u.underlying(typ)
            if under is not None and under.kind == "func":
                return Callee(DYNAMIC, "func-value", reason="calls a function value", signature=under)
        return Callee(UNRESOLVED, "none", reason=f"callee is a {type(fn).__name__.lower()} expression of unknown type")

    def _ident_callee(self, fn: m.Ident, scope: Scope) -> Callee:
        name = fn.name
        binding = scope.lookup(name, fn.start)
        if binding is not None:
            typ = self.binding_type(binding, scope)
            under = self.u.underlying(typ)
            return Callee(DYNAMIC, "func-value", reason=f"calls local function value {name}", signature=under if under is not None and under.kind == "func" else None)
        for pkg in (scope.pkg, *self.u.file_dot_imports.get(scope.file, ())):
            found = self._package_member(pkg, name, scope)
            if found is not None:
                return found
        if name in BUILTIN_FUNCS:
            return Callee(RESOLVED, "builtin", id=f"builtin.{name}")
        if name in BASIC:
            return Callee(RESOLVED, "conversion", id=name, conversion=Type("named", name=name))
        return Callee(UNRESOLVED, "none", reason=f"undefined name {name}")

    def _package_member(self, pkg: str, name: str, scope: Scope) -> Callee | None:
        decls = self.u.packages.get(pkg)
        if decls is None:
            return None
        how = "func" if pkg == scope.pkg else "package-func"
        func = decls.funcs.get(name)
        if func is not None:
            return Callee(RESOLVED, how, id=f"{pkg}.{name}", signature=self._decl_type(pkg, func))
        if name in decls.types:
            target = Type("named", pkg=pkg, name=name)
            return Callee(RESOLVED, "conversion", id=f"{pkg}.{name}", conversion=target)
        if name in decls.values:
            typ = self.value_type(pkg, name)
            under = self.u.underlying(typ)
            return Callee(DYNAMIC, "func-value", id=None, reason=f"calls package variable {pkg}.{name}", signature=under if under is not None and under.kind == "func" else None)
        return None

    def _selector_callee(self, fn: m.Selector, scope: Scope) -> Callee:
        operand = fn.operand
        if isinstance(operand, m.Ident) and scope.lookup(operand.name, operand.start) is None:
            imported = self.u.file_imports.get(scope.file, {}).get(operand.name)
            if imported is not None and operand.name not in self.u.packages.get(scope.pkg, _EMPTY).values:
                if imported in self.u.packages:
                    found = self._package_member(imported, fn.field, scope)
                    if found is not None:
                        return found
                    return Callee(UNRESOLVED, "none", reason=f"{imported} has no {fn.field} for linux/amd64")
                return Callee(RESOLVED, "external", id=f"{imported}.{fn.field}")
        method_type = self._as_type(operand, scope)
        if method_type is not None:  # method expression T.M / (*T).M
            member = self.u.select(method_type, fn.field)
            if member is not None and member.kind != "field":
                return Callee(RESOLVED, "method-expr", id=member.id, signature=member.type)
        typ = self.type_of(operand, scope)
        if typ is None:
            return Callee(UNRESOLVED, "none", reason=self._why_untyped(operand, fn.field, scope))
        member = self.u.select(typ, fn.field)
        if member is None:
            return Callee(UNRESOLVED, "none", reason=f"no field or method {fn.field} on {_describe(typ)}")
        if member.kind == "method":
            return Callee(RESOLVED, "promoted-method" if member.promoted else "method", id=member.id, signature=member.type)
        if member.kind == "interface-method":
            return Callee(DYNAMIC, "interface", id=member.id, reason="interface method", signature=member.type, candidates=self._candidates(typ, fn.field))
        under = self.u.underlying(member.type)
        return Callee(DYNAMIC, "func-field", reason=f"calls function-typed field {fn.field}", signature=under if under is not None and under.kind == "func" else None)

    def _why_untyped(self, operand: m.Expr, field: str, scope: Scope) -> str:
        """Name the cause when a receiver's type is unknown: an undefined name, or a value that
        comes from a package outside the tree (whose declarations the index does not hold)."""
        root = operand
        while isinstance(root, (m.Selector, m.Call, m.Index, m.SliceExpr, m.TypeAssert, m.Unary)):
            root = root.function if isinstance(root, m.Call) else root.operand
        if isinstance(root, m.Ident) and scope.lookup(root.name, root.start) is None:
            imported = self.u.file_imports.get(scope.file, {}).get(root.name)
            if imported is not None and imported not in self.u.packages:
                return f"the receiver of .{field} has a type from {imported}, outside the tree"
            known = any(root.name in d.values or root.name in d.funcs for d in (self.u.packages.get(scope.pkg),) if d)
            if imported is None and not known and root.name not in BASIC:
                return f"undefined name {root.name}"
        return f"cannot infer the type of the receiver of .{field}"

    def _candidates(self, receiver: Type, name: str) -> tuple[str, ...]:
        """Implementations of method `name` of the receiver's interface type: method `name` of every
        named type that declares all of that interface's methods (the receiver's static type, which
        may embed the interface that declares `name`)."""
        typ = self.u.resolve_alias(receiver)
        if typ is None or typ.kind != "named" or typ.pkg not in self.u.packages:
            return ()  # an unnamed interface, or one outside the tree
        key = (typ.pkg, typ.name, name)
        if key not in self._candidate_ids:
            owners = self.u.implementers(typ)
            self._candidate_ids[key] = tuple(i for i in (self.u.method_of(p, t, name) for p, t in owners) if i)
        return self._candidate_ids[key]

    # ------------------------------------------------------------ types of expressions

    def _as_type(self, expr: m.Expr, scope: Scope) -> Type | None:
        """The type `expr` denotes when it is a type name rather than a value (T, pkg.T, *T)."""
        if isinstance(expr, m.Ident):
            if scope.lookup(expr.name, expr.start) is not None:
                return None
            return self.u.named_in_scope(expr.name, scope.file)
        if isinstance(expr, m.Selector) and isinstance(expr.operand, m.Ident):
            if scope.lookup(expr.operand.name, expr.operand.start) is not None:
                return None
            pkg = self.u.file_imports.get(scope.file, {}).get(expr.operand.name)
            decls = self.u.packages.get(pkg) if pkg else None
            if decls is not None and expr.field in decls.types:
                return Type("named", pkg=pkg, name=expr.field)  # type: ignore[arg-type]
            return None
        if isinstance(expr, m.Unary) and expr.op == "*":
            inner = self._as_type(expr.operand, scope)
            return Type("pointer", elem=inner) if inner is not None else None
        if isinstance(expr, m.TypeExpr):
            return self.u.resolve_ref(expr.type, scope.file)
        return None

    def type_of(self, expr: m.Expr, scope: Scope) -> Type | None:
        if isinstance(expr, m.Ident):
            return self._ident_type(expr, scope)
        if isinstance(expr, m.Selector):
            return self._selector_type(expr, scope)
        if isinstance(expr, m.Call):
            results = self.results_of(expr, scope)
            return results[0] if results else None
        if isinstance(expr, m.Unary):
            inner = self.type_of(expr.operand, scope)
            if expr.op == "&":
                return Type("pointer", elem=inner) if inner is not None else None
            if expr.op in ("*", "<-"):
                under = self.u.underlying(inner) if expr.op == "<-" else self.u.resolve_alias(inner)
                return under.elem if under is not None and under.kind in ("pointer", "chan") else None
            return _BOOL if expr.op == "!" else inner
        if isinstance(expr, m.Composite):
            return self.u.resolve_ref(expr.type, scope.file) if expr.type is not None else None
        if isinstance(expr, m.Binary):
            if expr.op in _COMPARISONS:
                return _BOOL
            return self.type_of(expr.left, scope) or self.type_of(expr.right, scope)
        if isinstance(expr, m.Index):
            under = self.u.underlying(self.type_of(expr.operand, scope))
            if under is not None and under.kind == "pointer":
                under = self.u.underlying(under.elem)
            if under is not None and under.kind in ("slice", "array", "map"):
                return under.elem
            if under is not None and under == Type("named", name="string"):
                return Type("named", name="byte")
            return None
        if isinstance(expr, m.SliceExpr):
            return self.type_of(expr.operand, scope)
        if isinstance(expr, m.TypeAssert):
            return self.u.resolve_ref(expr.type, scope.file)
        if isinstance(expr, m.FuncLit):
            return self._func_type(expr.type, scope.file)
        if isinstance(expr, m.Literal):
            return Type("named", name=_LITERAL_TYPES.get(expr.kind, "int"))
        return None

    def _ident_type(self, expr: m.Ident, scope: Scope) -> Type | None:
        binding = scope.lookup(expr.name, expr.start)
        if binding is not None:
            return self.binding_type(binding, scope)
        for pkg in (scope.pkg, *self.u.file_dot_imports.get(scope.file, ())):
            decls = self.u.packages.get(pkg)
            if decls is None:
                continue
            if expr.name in decls.values:
                return self.value_type(pkg, expr.name)
            if expr.name in decls.funcs:
                return self._decl_type(pkg, decls.funcs[expr.name])
        if expr.name in ("true", "false"):
            return _BOOL
        return None

    def _selector_type(self, expr: m.Selector, scope: Scope) -> Type | None:
        operand = expr.operand
        if isinstance(operand, m.Ident) and scope.lookup(operand.name, operand.start) is None:
            pkg = self.u.file_imports.get(scope.file, {}).get(operand.name)
            if pkg is not None and operand.name not in self.u.packages.get(scope.pkg, _EMPTY).values:
                decls = self.u.packages.get(pkg)
                if decls is None:
                    return None
                if expr.field in decls.values:
                    return self.value_type(pkg, expr.field)
                if expr.field in decls.funcs:
                    return self._decl_type(pkg, decls.funcs[expr.field])
                return None
        member = self.u.select(self.type_of(operand, scope), expr.field)
        return member.type if member is not None else None

    def results_of(self, call: m.Call, scope: Scope) -> tuple[Type | None, ...]:
        """The types a call yields (several for multi-value functions)."""
        callee = self.callee(call, scope)
        if callee.conversion is not None:
            return (callee.conversion,)
        if callee.how == "builtin":
            return self._builtin_result(callee.id or "", call, scope)
        if callee.signature is not None and callee.signature.kind == "func":
            return callee.signature.items
        return ()

    def _builtin_result(self, builtin: str, call: m.Call, scope: Scope) -> tuple[Type | None, ...]:
        name = builtin.removeprefix("builtin.")
        first = call.args[0] if call.args else None
        if name == "new" and first is not None:
            target = self._as_type(first, scope)
            return (Type("pointer", elem=target),) if target is not None else ()
        if name == "make" and first is not None:
            return (self._as_type(first, scope),)
        if name == "append" and first is not None:
            return (self.type_of(first, scope),)
        if name in ("len", "cap", "copy"):
            return (_INT,)
        return ()

    def binding_type(self, binding: m.Binding, scope: Scope) -> Type | None:
        key = id(binding)
        if key in self._binding_types:
            return self._binding_types[key]
        if key in self._in_progress:
            return None
        self._in_progress.add(key)
        try:
            typ = self._binding_type(binding, scope)
        finally:
            self._in_progress.discard(key)
        self._binding_types[key] = typ
        return typ

    def _binding_type(self, b: m.Binding, scope: Scope) -> Type | None:
        if b.type is not None:
            return self.u.resolve_ref(b.type, scope.file)
        value = b.value
        if value is None:
            return None
        if b.kind == "range":
            under = self.u.underlying(self.type_of(value, scope))
            if under is not None and under.kind == "pointer":
                under = self.u.underlying(under.elem)
            if under is None:
                return None
            if under.kind in ("slice", "array"):
                return _INT if b.index == 0 else under.elem
            if under.kind == "map":
                return under.key if b.index == 0 else under.elem
            if under.kind == "chan":
                return under.elem if b.index == 0 else None
            if under == Type("named", name="string"):
                return _INT if b.index == 0 else Type("named", name="rune")
            return None
        if b.tuple_size > 1:
            if isinstance(value, m.Call):
                results = self.results_of(value, scope)
                return results[b.index] if b.index < len(results) else None
            return self.type_of(value, scope) if b.index == 0 else _BOOL  # v, ok := m[k] / x.(T) / <-ch
        return self.type_of(value, scope)

    def value_type(self, pkg: str, name: str) -> Type | None:
        key = (pkg, name)
        if key in self._value_types:
            return self._value_types[key]
        self._value_types[key] = None  # guards against initialisers that refer to themselves
        decls = self.u.packages[pkg]
        value = decls.values[name]
        file = decls.decl_file[id(value)]
        if value.type is not None:
            typ = self.u.resolve_ref(value.type, file)
        elif value.value is not None:
            scope = Scope(pkg, file, None)
            if value.tuple_size > 1 and isinstance(value.value, m.Call):
                results = self.results_of(value.value, scope)
                typ = results[value.index] if value.index < len(results) else None
            else:
                typ = self.type_of(value.value, scope)
        else:
            typ = None
        self._value_types[key] = typ
        return typ

    def _decl_type(self, pkg: str, func: m.FuncDecl) -> Type | None:
        return self.u.func_type(func, self.u.packages[pkg].decl_file[id(func)])

    def _func_type(self, ref: m.TypeRef, file: str) -> Type | None:
        return self.u.resolve_ref(ref, file)


class _NoDecls:
    values: dict = {}


_EMPTY = _NoDecls()


def _type_id(typ: Type | None) -> str | None:
    if typ is None:
        return None
    if typ.kind == "named":
        return f"{typ.pkg}.{typ.name}" if typ.pkg else typ.name
    if typ.kind == "pointer":
        inner = _type_id(typ.elem)
        return f"*{inner}" if inner else None
    return None


def _describe(typ: Type) -> str:
    return _type_id(typ) or typ.kind
