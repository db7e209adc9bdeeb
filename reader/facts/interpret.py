"""A small Go interpreter over the parse models: enough to run constructors and AddFlags.

It executes function bodies statement by statement with Go's value semantics for what
constructors and flag registration do — composite literals, field assignment, pointers to
fields, method calls (with embedding), range loops, append, conversions, package-level
variables and constants (iota) across packages.  Standard-library functions are emulated
where known (`externals.py`); anything else becomes `Unknown(why)`, never a guess.  Special
objects (the flag recorders) receive method calls on themselves through `go_method`.

Every branch the interpreter could not decide is noted with its file:line in `notes`.

Functions can be *emulated* instead of run (`emulated`: symbol id → Python function, e.g. the
runtime.Scheme of facts/scheme.py), and a run can *stop* at a call (`stop_at`: the book's
hand-over, raised as `HandOver` with the callee and its arguments).  Every value a field or
variable receives carries its origin: where it was written as a literal (a constant's
declaration, a literal in a constructor), followed through copies, conversions and `&`/`*`.

Not supported (each becomes `Unknown(why)` or a note, never a guess): goroutines and channels
(`go` statements are skipped, channel operations unknown), `defer` (skipped), `select`, labels
and goto, reflection (except reflect.ValueOf(m).MapKeys() in externals.py), method
expressions, type switches on dynamic types (type assertions pass the value through, and
`v, ok := x.(T)` has an unknown ok), generics, and recursion deeper than MAX_DEPTH.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from reader.facts.values import (
    Cell, Duration, ErrorValue, External, FieldRef, GoFunc, IPNet, Named, Struct, TypeValue, Unknown, unwrap,
)  # fmt: skip
from reader.facts.world import Located, World
from reader.index.types import func_id
from reader.parse import models as m
from reader.parse import parse_file

BASIC_ZERO: dict[str, Any] = {
    "string": "", "bool": False, "error": None, "byte": 0, "rune": 0, "uintptr": 0,
    "float32": 0.0, "float64": 0.0, "complex64": 0j, "complex128": 0j,
    **{t: 0 for t in ("int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64")},
}  # fmt: skip
MAX_DEPTH = 60
MAX_LOOP = 10_000


@dataclass(frozen=True)
class Site:
    """Where a call happens: for flag registrations and notes."""

    file: str
    line: int
    call: m.Call
    env: Env | None = field(default=None, compare=False, repr=False)  # the caller's scope: origins of the arguments


class HandOver(Exception):
    """Raised when the run reaches a `stop_at` function: startup hands over there."""

    def __init__(self, function: str, fn: GoFunc) -> None:
        super().__init__(function)
        self.fn = fn  # with its receiver bound: the cobra command Execute is called on
        self.site: Site | None = None  # the call, filled in by the caller's frame


class _Return(Exception):
    def __init__(self, values: list[Any]) -> None:
        self.values = values


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Env:
    """A lexical scope: variables as cells, plus the file and package the code is in."""

    def __init__(self, file: str, pkg: str, parent: Env | None = None) -> None:
        self.vars: dict[str, Cell] = {}
        self.file = file
        self.pkg = pkg
        self.parent = parent

    def lookup(self, name: str) -> Cell | None:
        env: Env | None = self
        while env is not None:
            cell = env.vars.get(name)
            if cell is not None:
                return cell
            env = env.parent
        return None

    def child(self) -> Env:
        return Env(self.file, self.pkg, self)

    def define(self, name: str, value: Any) -> Cell:
        cell = Cell(value, name)
        if name != "_":
            self.vars[name] = cell
        return cell


class Interpreter:
    def __init__(
        self, world: World, externals: Any, intercept: dict[str, Any] | None = None, opaque: frozenset[str] = frozenset(),
        emulated: dict[str, Any] | None = None, stop_at: frozenset[str] = frozenset(), lazy_init: bool = False,
    ) -> None:  # fmt: skip
        self.world = world
        self.emulated = emulated or {}  # symbol id -> fn(interp, args, site) -> results, run instead of the Go
        self.stop_at = stop_at  # symbol ids whose call raises HandOver
        self.lazy_init = lazy_init
        self._initialised: set[str] = set()  # packages whose initialisation ran (or runs)
        self._literal_bodies: dict[tuple[str, int], m.FuncDecl | None] = {}
        self.opaque = opaque  # packages whose functions (not methods, not init) are not run: logging
        self.externals = externals
        self.intercept = intercept or {}  # package path -> object whose go_method takes package-level calls
        self.notes: list[str] = []
        self._globals: dict[tuple[str, str], Cell] = {}
        self._initialising: set[tuple[str, str]] = set()
        self._depth = 0
        self.executed_calls: set[tuple[str, int, int]] = set()  # (file, line, col) of calls run at least once
        self.executed_functions: set[str] = set()

    # ------------------------------------------------------------ entry points

    def call_function(self, pkg: str, name: str, args: list[Any] | None = None) -> list[Any]:
        located = self.world.func(pkg, name)
        if located is None:
            return [Unknown(f"no function {pkg}.{name}")]
        return self.invoke(GoFunc(located.decl, located.file, pkg), args or [])

    def call_method(self, receiver: Any, name: str, args: list[Any] | None = None) -> list[Any]:
        method = self.method_value(receiver, name)
        if method is None:
            return [Unknown(f"no method {name}")]
        return self.invoke(method, args or [])

    def note(self, file: str, offset: int, text: str) -> None:
        self.notes.append(f"{file}:{self.world.line(file, offset)}: {text}")

    # ------------------------------------------------------------ calls

    def invoke(self, fn: Any, args: list[Any], site: Site | None = None) -> list[Any]:
        fn = unwrap(fn) if isinstance(fn, Cell) else fn
        if isinstance(fn, GoFunc):
            try:
                return self._invoke_go(fn, args)
            except HandOver as handed:
                handed.site = handed.site or site
                raise
        if isinstance(fn, TypeValue):
            return [self.convert(fn.ref, fn.file, args[0] if args else None)]
        if isinstance(fn, External):
            return self.externals.call(self, fn.pkg, fn.name, args, site)
        if isinstance(fn, _BoundSpecial):
            return fn.target.go_method(fn.name, args, site, self)
        if isinstance(fn, Unknown):
            return [fn]
        return [Unknown(f"cannot call {type(fn).__name__}")]

    def _invoke_go(self, fn: GoFunc, args: list[Any]) -> list[Any]:
        decl = fn.decl
        if decl is None:
            return self._invoke_literal(fn, args)
        if fn.pkg in self.opaque and decl.receiver is None and decl.name != "init":
            return [Unknown(f"{fn.pkg} is not interpreted")]
        function = func_id(fn.pkg, decl)
        if function in self.stop_at:
            raise HandOver(function, fn)
        emulation = self.emulated.get(function)
        if emulation is not None:
            return emulation(self, fn, args)
        self.executed_functions.add(function)
        if self._depth >= MAX_DEPTH:
            return [Unknown(f"call depth over {MAX_DEPTH} at {decl.name}")]
        env = Env(fn.file, fn.pkg)
        if fn.has_receiver and decl.receiver is not None and decl.receiver.name:
            receiver = fn.receiver
            if not decl.receiver.pointer and isinstance(receiver, Struct):
                receiver = receiver.copy()
            env.define(decl.receiver.name, receiver)
        self._depth += 1
        try:
            return self.run_body(decl, env, args, fn.file)
        finally:
            self._depth -= 1

    def _invoke_literal(self, fn: GoFunc, args: list[Any]) -> list[Any]:
        """A function literal: its body parsed on demand, run in the environment it closes over."""
        if not isinstance(fn.literal, m.FuncLit):
            return [Unknown("calls a function value with no body")]
        decl = self._literal_decl(fn.file, fn.literal)
        if decl is None:
            return [Unknown("function literal could not be parsed")]
        closure = fn.closure if isinstance(fn.closure, Env) else Env(fn.file, fn.pkg)
        if self._depth >= MAX_DEPTH:
            return [Unknown(f"call depth over {MAX_DEPTH} in a function literal")]
        self._depth += 1
        try:
            return self.run_body(decl, Env(fn.file, fn.pkg, closure), args, fn.file)
        finally:
            self._depth -= 1

    def _literal_decl(self, file: str, literal: m.FuncLit) -> m.FuncDecl | None:
        """The literal parsed as `func _(…) … {…}` placed so that its byte offsets are the real file's."""
        key = (file, literal.start)
        if key not in self._literal_bodies:
            source = (self.world.root / file).read_bytes()
            text = source[literal.start : literal.end]
            head = b"package p\n"
            decl = None
            if text.startswith(b"func") and literal.start - 2 >= len(head):
                synthetic = head + b" " * (literal.start - 2 - len(head)) + b"func _" + text[4:]
                funcs = parse_file(file, synthetic, full=True).funcs
                decl = funcs[0] if funcs else None
            self._literal_bodies[key] = decl
        return self._literal_bodies[key]

    def run_body(self, decl: m.FuncDecl, env: Env, args: list[Any], file: str) -> list[Any]:
        """Bind the parameters in `env`, run the body, and return what it returns (named results included)."""
        self._bind_params(env, decl.params, args)
        named_results = [f for f in decl.results if f.name]
        for result in named_results:
            env.define(result.name, self.zero(result.type, file))  # type: ignore[arg-type]
        try:
            self.exec_block(decl.statements, env)
        except _Return as returned:
            if returned.values or not named_results:
                return returned.values
        except (_Break, _Continue):
            pass
        return [env.vars[r.name].value for r in named_results if r.name in env.vars] if named_results else []  # type: ignore[index]

    def _bind_params(self, env: Env, params: tuple[m.Field, ...], args: list[Any]) -> None:
        for i, param in enumerate(params):
            if param.type.kind == "ellipsis":
                value = args[i] if len(args) == i + 1 and isinstance(args[i], Spread) else list(args[i:])
                value = value.items if isinstance(value, Spread) else value
            else:
                value = args[i] if i < len(args) else Unknown(f"missing argument {param.name}")
            if param.name:
                env.define(param.name, value)

    # ------------------------------------------------------------ statements

    def exec_block(self, stmts: tuple[m.Stmt, ...], env: Env) -> None:
        for stmt in stmts:
            self.exec(stmt, env)

    def exec(self, stmt: m.Stmt, env: Env) -> None:
        if isinstance(stmt, m.ExprStmt):
            self.eval_multi(stmt.expr, env)
        elif isinstance(stmt, m.Assign):
            self._assign(stmt, env)
        elif isinstance(stmt, m.VarStmt):
            values = self._spread_values(stmt.values, len(stmt.names), env)
            for i, name in enumerate(stmt.names):
                value = values[i] if values else self.zero(stmt.type, env.file)
                env.define(name, self.convert(stmt.type, env.file, value) if stmt.type is not None and values else value)
        elif isinstance(stmt, m.Return):
            raise _Return(self._spread_values(stmt.values, -1, env))
        elif isinstance(stmt, m.If):
            scope = env.child()
            if stmt.init is not None:
                self.exec(stmt.init, scope)
            cond = unwrap(self.eval(stmt.cond, scope))
            if isinstance(cond, bool):
                self.exec_block(stmt.then if cond else stmt.otherwise, scope.child())
            else:
                self.note(env.file, stmt.start, "condition could not be evaluated; neither branch was run")
        elif isinstance(stmt, m.For):
            self._for(stmt, env)
        elif isinstance(stmt, m.Range):
            self._range(stmt, env)
        elif isinstance(stmt, m.Switch):
            self._switch(stmt, env)
        elif isinstance(stmt, m.IncDec):
            value = unwrap(self.eval(stmt.target, env))
            if isinstance(value, int):
                self.store(stmt.target, value + (1 if stmt.op == "++" else -1), env)
        elif isinstance(stmt, m.BlockStmt):
            # `var ( a T; b U )` is parsed as a block of VarStmts, but declares in the enclosing scope
            grouped = stmt.body and all(isinstance(s, m.VarStmt) for s in stmt.body) and self.world.text(env.file, stmt.start, stmt.start + 1) != "{"
            self.exec_block(stmt.body, env if grouped else env.child())
        elif isinstance(stmt, m.OtherStmt):
            if stmt.kind == "break_statement":
                raise _Break
            if stmt.kind == "continue_statement":
                raise _Continue
            if stmt.kind not in ("defer_statement", "go_statement", "empty_statement"):
                self.note(env.file, stmt.start, f"{stmt.kind.replace('_', ' ')} not interpreted")

    def _spread_values(self, exprs: tuple[m.Expr, ...], want: int, env: Env) -> list[Any]:
        if len(exprs) == 1 and want != 1:
            expr = exprs[0]
            if want == 2 and isinstance(expr, m.Index):  # v, ok := m[k]
                container = unwrap(self.deref(self.eval(expr.operand, env)))
                key = unwrap(self.eval(expr.index, env))
                if isinstance(container, dict) and not isinstance(key, Unknown):
                    return [container.get(key), key in container]
                return [Unknown("comma-ok index of an unknown map"), Unknown("comma-ok")]
            values = self.eval_multi(expr, env)
            if want == 2 and len(values) == 1 and isinstance(expr, m.TypeAssert):
                return [values[0], Unknown("type assertion result")]  # v, ok := x.(T): the dynamic type is not tracked
            return values
        return [self.eval(e, env) for e in exprs]

    def _assign(self, stmt: m.Assign, env: Env) -> None:
        if stmt.op not in ("=", ":="):  # x += e and friends
            current = self.eval(stmt.targets[0], env)
            value = self.binary(stmt.op[:-1], current, self.eval(stmt.values[0], env))
            self.store(stmt.targets[0], value, env)
            return
        values = self._spread_values(stmt.values, len(stmt.targets), env)
        if len(values) < len(stmt.targets):
            values = values + [Unknown("too few values")] * (len(stmt.targets) - len(values))
        paired = len(stmt.values) == len(stmt.targets)  # a, b = x, y (not a, b = f())
        for i, (target, value) in enumerate(zip(stmt.targets, values)):
            if isinstance(value, Struct) and not isinstance(stmt.values[0], (m.Unary, m.Call)):
                value = value.copy()  # struct assignment copies
            origin = self.origin(stmt.values[i], env) if paired else None
            if stmt.op == ":=" and isinstance(target, m.Ident):
                if target.name in env.vars:
                    env.vars[target.name].value = value
                    env.vars[target.name].origin = origin or ""
                else:
                    env.define(target.name, value).origin = origin or ""
            else:
                self.store(target, value, env, origin)

    def store(self, target: m.Expr, value: Any, env: Env, origin: str | None = None) -> None:
        """Assign `value` to `target`; `origin` is where the value was written ("": nowhere, a zero
        value copied; None: here).  A non-zero value of unknown origin counts as written here."""
        if origin is None or (not origin and not zero_like(value)):
            origin = f"{env.file}:{self.world.line(env.file, target.start)}"
        if isinstance(target, m.Ident):
            if target.name == "_":
                return
            cell = env.lookup(target.name) or self._global_cell(env.pkg, target.name)
            if cell is not None:
                cell.value, cell.origin = value, origin
            return
        if isinstance(target, m.Selector):
            owner = self.deref(self.eval(target.operand, env))
            if isinstance(owner, Struct):
                holder = self._field_holder(owner, target.field)
                holder.fields[target.field] = value
                holder.origins[target.field] = origin
            return
        if isinstance(target, m.Unary) and target.op == "*":
            pointer = self.eval(target.operand, env)
            if isinstance(pointer, FieldRef):
                pointer.set(value)
                pointer.owner.origins[pointer.name] = origin
            elif isinstance(pointer, Cell):
                pointer.value, pointer.origin = value, origin
            elif isinstance(pointer, Struct) and isinstance(value, Struct):
                pointer.fields.update(value.fields)
                pointer.origins.update(value.origins)
            return
        if isinstance(target, m.Index):
            container = unwrap(self.eval(target.operand, env))
            key = unwrap(self.eval(target.index, env))
            if isinstance(container, dict) and not isinstance(key, Unknown) and _hashable(key):
                container[key] = value
            elif isinstance(container, list) and isinstance(key, int) and 0 <= key < len(container):
                container[key] = value

    def _for(self, stmt: m.For, env: Env) -> None:
        scope = env.child()
        if stmt.init is not None:
            self.exec(stmt.init, scope)
        for _ in range(MAX_LOOP):
            if stmt.cond is not None:
                cond = unwrap(self.eval(stmt.cond, scope))
                if not isinstance(cond, bool):
                    self.note(env.file, stmt.start, "loop condition could not be evaluated; loop not run")
                    return
                if not cond:
                    return
            elif stmt.init is None and stmt.post is None:
                self.note(env.file, stmt.start, "endless loop not run")
                return
            try:
                self.exec_block(stmt.body, scope.child())
            except _Break:
                return
            except _Continue:
                pass
            if stmt.post is not None:
                self.exec(stmt.post, scope)

    def _range(self, stmt: m.Range, env: Env) -> None:
        over = unwrap(self.deref(self.eval(stmt.over, env)))
        if isinstance(over, dict):
            pairs = list(over.items())
        elif isinstance(over, (list, tuple)):
            pairs = list(enumerate(over))
        elif isinstance(over, str):
            pairs = list(enumerate(ord(c) for c in over))
        elif isinstance(over, int) or over is None:
            pairs = []
        else:
            self.note(env.file, stmt.start, "range over an unknown value not run")
            return
        for key, value in pairs[:MAX_LOOP]:
            scope = env.child()
            for target, item in ((stmt.key, key), (stmt.value, value)):
                if target is None:
                    continue
                if stmt.define and isinstance(target, m.Ident):
                    scope.define(target.name, item)
                else:
                    self.store(target, item, scope)
            try:
                self.exec_block(stmt.body, scope)
            except _Break:
                return
            except _Continue:
                continue

    def _switch(self, stmt: m.Switch, env: Env) -> None:
        scope = env.child()
        if stmt.init is not None:
            self.exec(stmt.init, scope)
        tag = unwrap(self.eval(stmt.tag, scope)) if stmt.tag is not None else True
        if isinstance(tag, Unknown):
            self.note(env.file, stmt.start, "switch value could not be evaluated; no case was run")
            return
        default: m.Case | None = None
        for case in stmt.cases:
            if case.default:
                default = case
                continue
            for expr in case.exprs:
                value = unwrap(self.eval(expr, scope))
                if isinstance(value, Unknown):
                    self.note(env.file, stmt.start, "case value could not be evaluated; no case was run")
                    return
                if self._equal(value, tag) is True:  # Go's ==: struct tags compare by value
                    self._run_case(case, scope)
                    return
        if default is not None:
            self._run_case(default, scope)

    def _run_case(self, case: m.Case, env: Env) -> None:
        try:
            self.exec_block(case.body, env.child())
        except _Break:
            pass

    # ------------------------------------------------------------ expressions

    def eval(self, expr: m.Expr, env: Env) -> Any:
        values = self.eval_multi(expr, env)
        return values[0] if values else None

    def eval_multi(self, expr: m.Expr, env: Env) -> list[Any]:
        if isinstance(expr, m.Call):
            return self._call(expr, env)
        return [self._eval(expr, env)]

    def _eval(self, expr: m.Expr, env: Env) -> Any:
        if isinstance(expr, m.Literal):
            return literal_value(expr)
        if isinstance(expr, m.Ident):
            return self._ident(expr.name, env)
        if isinstance(expr, m.Selector):
            return self._selector(expr, env)
        if isinstance(expr, m.Binary):
            if expr.op in ("&&", "||"):
                left = unwrap(self.eval(expr.left, env))
                if isinstance(left, bool) and (left if expr.op == "||" else not left):
                    return left
            return self.binary(expr.op, self.eval(expr.left, env), self.eval(expr.right, env))
        if isinstance(expr, m.Unary):
            return self._unary(expr, env)
        if isinstance(expr, m.Composite):
            return self.composite(None, expr, env)
        if isinstance(expr, m.Index):
            container = unwrap(self.deref(self.eval(expr.operand, env)))
            key = unwrap(self.eval(expr.index, env))
            if isinstance(container, dict) and _hashable(key):
                return container.get(key)
            if isinstance(container, (list, str)) and isinstance(key, int) and 0 <= key < len(container):
                return container[key]
            return Unknown("index of an unknown value")
        if isinstance(expr, m.SliceExpr):
            return self.eval(expr.operand, env)
        if isinstance(expr, m.TypeAssert):
            return self.eval(expr.operand, env)
        if isinstance(expr, m.FuncLit):
            return GoFunc(None, env.file, env.pkg, closure=env, literal=expr)
        if isinstance(expr, m.TypeExpr):
            return TypeValue(expr.type, env.file)
        return Unknown(f"{getattr(expr, 'kind', type(expr).__name__)} expression")

    def _ident(self, name: str, env: Env) -> Any:
        cell = env.lookup(name)
        if cell is not None:
            return cell.value
        if name in ("true", "false"):
            return name == "true"
        if name == "nil":
            return None
        if name == "iota":
            iota = env.lookup("\0iota")
            return iota.value if iota is not None else 0
        return self.package_member(env.pkg, name, env.file)

    def package_member(self, pkg: str, name: str, from_file: str) -> Any:
        """A package-level name: function, variable (initialised once), constant or type."""
        special = self.intercept.get(pkg)
        if special is not None and name == "CommandLine":
            return special
        if not self.world.has_package(pkg):
            if special is not None:
                return _BoundSpecial(special, name)
            return self.externals.value(pkg, name) if pkg != "" else Unknown(f"undefined {name}")
        cell = self._global_cell(pkg, name)
        if cell is not None:
            return cell.value
        located = self.world.func(pkg, name)
        if located is not None:
            if special is not None:
                return _BoundSpecial(special, name)
            return GoFunc(located.decl, located.file, pkg)  # type: ignore[arg-type]
        typ = self.world.type(pkg, name)
        if typ is not None:
            return TypeValue(m.TypeRef("name", name=name, text=name), typ.file)
        if name in BASIC_ZERO:
            return TypeValue(m.TypeRef("name", name=name, text=name), from_file)
        if name in _BUILTINS:
            return _Builtin(name)
        return Unknown(f"undefined name {name} in {pkg}")

    def initialise(self, pkg: str, variables: bool = True) -> None:
        """Go's package initialisation, once per package: the variables with initialisers (for
        their side effects; without `variables`, each is computed only when first read), then
        the init functions."""
        if pkg in self._initialised:
            return
        self._initialised.add(pkg)
        files = self.world.index.packages[pkg].files
        for path in files if variables else ():
            for value in self.world.file(path).values:
                if value.kind == "var" and value.value is not None:
                    self.package_member(pkg, value.name, path)
        for path in files:
            for func in self.world.file(path).funcs:
                if func.name == "init" and func.receiver is None:
                    self.invoke(GoFunc(func, path, pkg), [])

    def _global_cell(self, pkg: str, name: str) -> Cell | None:
        key = (pkg, name)
        cell = self._globals.get(key)
        if cell is not None:
            return cell
        located = self.world.value(pkg, name)
        if located is None:
            return None
        if self.lazy_init and pkg not in self._initialised and pkg in self.world.index.packages:
            # Go has run every init before main; here a package's init runs, at the latest, when the
            # run first reads one of its variables (its init may fill them: scheme builders)
            self.initialise(pkg, variables=False)
            if key in self._globals:
                return self._globals[key]
        if key in self._initialising:
            return Cell(Unknown(f"initialisation cycle through {pkg}.{name}"))
        self._initialising.add(key)
        try:
            value = self._initial_value(located)
        finally:
            self._initialising.discard(key)
        cell = self._globals[key] = Cell(value, name)
        return cell

    def _initial_value(self, located: Located) -> Any:
        decl = located.decl
        assert isinstance(decl, m.ValueDecl)
        env = Env(located.file, located.pkg)
        env.define("\0iota", decl.iota)
        if decl.value is None:
            return self.zero(decl.type, located.file)
        if decl.tuple_size > 1:
            values = self.eval_multi(decl.value, env)
            value = values[decl.index] if decl.index < len(values) else Unknown("too few values")
        else:
            value = self.eval(decl.value, env)
        return self.convert(decl.type, located.file, value) if decl.type is not None else value

    def _selector(self, expr: m.Selector, env: Env) -> Any:
        operand = expr.operand
        if isinstance(operand, m.Ident) and env.lookup(operand.name) is None:
            pkg = self.world.imports(env.file).get(operand.name)
            if pkg is not None:
                return self.package_member(pkg, expr.field, env.file)
        owner = self.eval(operand, env)
        if isinstance(owner, Unknown):
            return owner
        if hasattr(owner, "go_method"):
            return _BoundSpecial(owner, expr.field)
        target = self.deref(owner)
        if isinstance(operand, m.Ident) and not isinstance(target, Struct) and not isinstance(owner, (Cell, FieldRef)):
            # x.M() on an addressable variable: Go takes &x for a pointer method
            owner = env.lookup(operand.name) or self._global_cell(env.pkg, operand.name) or owner
        if isinstance(target, Struct):
            if expr.field in target.field_types or expr.field in target.fields:
                return self.get_field(target, expr.field)
            method = self.method_value(owner, expr.field)
            if method is not None:
                return method
            value = self.get_field(target, expr.field)
            return value
        if isinstance(target, TypeValue):  # method expression T.M
            return Unknown("method expression")
        method = self.method_value(owner, expr.field)
        if method is not None:
            return method
        return Unknown(f"selector .{expr.field} on {type(target).__name__}")

    def _unary(self, expr: m.Unary, env: Env) -> Any:
        if expr.op == "&":
            inner = expr.operand
            if isinstance(inner, m.Composite):
                return self.eval(inner, env)  # &T{...}: the struct itself stands for its pointer
            if isinstance(inner, m.Selector):
                owner = self.deref(self.eval(inner.operand, env))
                if isinstance(owner, Struct):
                    holder = self._field_holder(owner, inner.field)
                    value = self.get_field(holder, inner.field)
                    return value if isinstance(value, Struct) else FieldRef(holder, inner.field)
            if isinstance(inner, m.Ident):
                cell = env.lookup(inner.name) or self._global_cell(env.pkg, inner.name)
                if cell is not None:
                    return cell.value if isinstance(cell.value, Struct) else cell
            value = self.eval(inner, env)
            return value if isinstance(value, Struct) else Cell(value)
        value = self.eval(expr.operand, env)
        if expr.op == "*":
            if isinstance(value, TypeValue):
                return TypeValue(m.TypeRef("pointer", elem=value.ref, text="*" + value.ref.text), value.file)
            return self.deref(value)
        plain = unwrap(value)
        if isinstance(plain, Unknown):
            return plain
        if expr.op == "-" and isinstance(plain, (int, float)):
            return type(value)(-plain) if isinstance(value, Duration) else -plain
        if expr.op == "!" and isinstance(plain, bool):
            return not plain
        if expr.op == "+":
            return value
        if expr.op == "^" and isinstance(plain, int):
            return ~plain
        return Unknown(f"unary {expr.op}")

    def binary(self, op: str, left: Any, right: Any) -> Any:
        a, b = unwrap(left), unwrap(right)
        if isinstance(a, Unknown):
            return a
        if isinstance(b, Unknown):
            return b
        try:
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                if isinstance(a, int) and isinstance(b, int):
                    quotient = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
                    return Duration(quotient) if isinstance(a, Duration) and not isinstance(b, Duration) else quotient
                return a / b
            if op == "%":
                return a % b
            if op == "<<":
                return a << b
            if op == ">>":
                return a >> b
            if op == "&":
                return a & b
            if op == "|":
                return a | b
            if op == "^":
                return a ^ b
            if op == "&^":
                return a & ~b
            if op in ("==", "!="):
                equal = self._equal(a, b)
                return equal if op == "==" or isinstance(equal, Unknown) else not equal
            if op == "<":
                return a < b
            if op == "<=":
                return a <= b
            if op == ">":
                return a > b
            if op == ">=":
                return a >= b
            if op == "&&":
                return bool(a) and bool(b)
            if op == "||":
                return bool(a) or bool(b)
        except (TypeError, ZeroDivisionError, ValueError):
            return Unknown(f"{op} of {type(a).__name__} and {type(b).__name__}")
        return Unknown(f"operator {op}")

    def _equal(self, a: Any, b: Any) -> Any:
        """Go's ==: structs compare field by field."""
        a, b = unwrap(a), unwrap(b)
        if isinstance(a, Struct) and isinstance(b, Struct):
            if a is b:
                return True
            if a.type != b.type:
                return False
            for name in a.field_types:
                equal = self._equal(self.get_field(a, name), self.get_field(b, name))
                if equal is not True:
                    return equal
            return True
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            return Unknown("comparison with an unknown value")
        return a == b

    # ------------------------------------------------------------ origins

    def origin(self, expr: m.Expr, env: Env) -> str:
        """Where the value of `expr` was written as a literal: a package-level const or var's
        declaration, a field's or variable's own origin when `expr` copies it (through `&`, `*`
        and conversions), else `expr`'s own line."""
        here = f"{env.file}:{self.world.line(env.file, expr.start)}"
        if isinstance(expr, m.Unary) and expr.op == "*" and _is_path(expr.operand):
            pointer = self.eval(expr.operand, env)  # *p: where the value p points at was written
            if isinstance(pointer, FieldRef):
                return pointer.owner.origins.get(pointer.name, "")
            if isinstance(pointer, Cell):
                return pointer.origin
        if isinstance(expr, m.Unary) and expr.op in ("&", "*"):
            return self.origin(expr.operand, env)
        if isinstance(expr, m.Call) and len(expr.args) == 1 and self._is_conversion(expr.function, env):
            return self.origin(expr.args[0], env)
        if isinstance(expr, m.Ident):
            cell = env.lookup(expr.name)
            if cell is not None:
                return cell.origin
            return self._declared_at(env.pkg, expr.name) or here
        if isinstance(expr, m.Selector):
            operand = expr.operand
            if isinstance(operand, m.Ident) and env.lookup(operand.name) is None:
                pkg = self.world.imports(env.file).get(operand.name)
                if pkg is not None:
                    return self._declared_at(pkg, expr.field) or here
            if _is_path(operand):
                owner = self.deref(self.eval(operand, env))
                if isinstance(owner, Struct):
                    return self._field_holder(owner, expr.field).origins.get(expr.field, "")
        return here

    def _declared_at(self, pkg: str, name: str) -> str:
        located = self.world.value(pkg, name)
        if located is None:
            return ""
        return f"{located.file}:{located.decl.span.line}"  # type: ignore[union-attr]

    def _is_conversion(self, function: m.Expr, env: Env) -> bool:
        """T(x), (*T)(x) or unsafe.Pointer(x): the value passes through unchanged."""
        if isinstance(function, m.Selector) and isinstance(function.operand, m.Ident) and function.operand.name == "unsafe" and function.field == "Pointer":
            return True
        if isinstance(function, m.TypeExpr):
            return True
        return _is_path(function) and isinstance(self.eval(function, env), TypeValue)

    # ------------------------------------------------------------ calls of expressions

    def _call(self, call: m.Call, env: Env) -> list[Any]:
        self.executed_calls.add((env.file, *self.world.position(env.file, call.start)))
        fn = call.function
        if isinstance(fn, m.Ident) and env.lookup(fn.name) is None and fn.name in _BUILTINS and self._is_universe(fn.name, env):
            return self._builtin(fn.name, call, env)
        callee = self.eval(fn, env)
        if isinstance(callee, _Builtin):
            return self._builtin(callee.name, call, env)
        args: list[Any] = []
        for i, arg in enumerate(call.args):
            if len(call.args) == 1 and isinstance(arg, m.Call):
                args.extend(self.eval_multi(arg, env))  # f(g()) spreads g's results
            else:
                value = self.eval(arg, env)
                args.append(Spread(unwrap(value) or []) if call.variadic and i == len(call.args) - 1 else value)
        site = Site(env.file, self.world.line(env.file, call.start), call, env)
        return self.invoke(callee, args, site)

    def _is_universe(self, name: str, env: Env) -> bool:
        return self.world.func(env.pkg, name) is None and self.world.value(env.pkg, name) is None

    def _builtin(self, name: str, call: m.Call, env: Env) -> list[Any]:
        args = call.args
        if name == "new" and args:
            target = self._type_of_expr(args[0], env)
            zero = self.zero(target.ref, target.file) if target is not None else Unknown("new of an unknown type")
            return [zero if isinstance(zero, Struct) else Cell(zero)]
        if name == "make" and args:
            target = self._type_of_expr(args[0], env)
            if target is None:
                return [Unknown("make of an unknown type")]
            made = self._made(target.ref, target.file)
            length = unwrap(self.eval(args[1], env)) if len(args) > 1 else 0
            items = unwrap(made)
            if isinstance(items, list) and length:  # make([]T, n): n zero values
                if not isinstance(length, int):
                    return [Unknown("make with an unknown length")]
                elem = self._underlying_ref(target.ref, target.file) if target.ref.kind not in ("slice", "array") else (target.ref, target.file)
                items.extend(self.zero(elem[0].elem, elem[1]) for _ in range(min(length, MAX_LOOP)))
            return [made]
        values = [self.eval(a, env) for a in args]
        if name == "append" and values:
            base = unwrap(values[0])
            items = list(base) if isinstance(base, list) else [] if base is None else None
            if items is None:
                return [Unknown("append to an unknown value")]
            if call.variadic and len(values) == 2:
                extra = unwrap(values[1])
                if not isinstance(extra, (list, str)):
                    return [Unknown("append of an unknown slice")]
                items.extend(extra)
            else:
                items.extend(values[1:])
            return [Named(items, values[0].type) if isinstance(values[0], Named) else items]
        if name in ("len", "cap") and values:
            value = unwrap(self.deref(values[0]))
            return [len(value)] if isinstance(value, (list, dict, str)) else [0] if value is None else [Unknown("len of unknown")]
        if name == "delete" and len(values) == 2:
            container = unwrap(values[0])
            if isinstance(container, dict):
                container.pop(unwrap(values[1]), None)
            return []
        if name == "panic":
            return [Unknown("panic")]
        return [Unknown(f"builtin {name}")]

    def _made(self, ref: m.TypeRef, file: str) -> Any:
        """make(T): an empty map or slice, wrapped when T is a named map or slice type."""
        if ref.kind == "map":
            return {}
        if ref.kind in ("slice", "array"):
            return []
        named = self.resolve_type(ref, file)
        underlying = self._underlying_ref(ref, file)
        if named is None or underlying is None:
            return Unknown(f"make({ref.text})")
        return Named(self._made(*underlying), named)

    def _type_of_expr(self, expr: m.Expr, env: Env) -> TypeValue | None:
        value = self.eval(expr, env)
        return value if isinstance(value, TypeValue) else None

    # ------------------------------------------------------------ methods and fields

    def method_value(self, receiver: Any, name: str) -> GoFunc | None:
        target = self.deref(receiver)
        type_key = target.type if isinstance(target, (Struct, Named)) else None
        if type_key is not None:
            located = self.world.method(type_key[0], type_key[1], name)
            if located is not None:
                # a pointer receiver binds the pointer itself: `*sb = append(*sb, f)` must reach the variable
                pointer = located.decl.receiver is not None and located.decl.receiver.pointer and isinstance(receiver, (Cell, FieldRef))  # type: ignore[union-attr]
                return GoFunc(located.decl, located.file, type_key[0], receiver=receiver if pointer else target, has_receiver=True)  # type: ignore[arg-type]
        if isinstance(target, Struct):
            for embedded in target.embedded:
                inner = self.get_field(target, embedded)
                if inner is not None and not isinstance(inner, Unknown):
                    found = self.method_value(inner, name)
                    if found is not None:
                        return found
        return None

    def get_field(self, owner: Struct, name: str) -> Any:
        """A field's value (promoted through embedded structs); unset fields read as zero values."""
        holder = self._field_holder(owner, name)
        if name in holder.fields:
            return holder.fields[name]
        if name in holder.field_types:
            ref, file = holder.field_types[name]
            value = holder.fields[name] = self.zero(ref, file)
            return value
        return Unknown(f"no field {name}")

    def _field_holder(self, owner: Struct, name: str) -> Struct:
        """The struct that really holds field `name` (following embedded structs)."""
        if name in owner.field_types or name in owner.fields:
            return owner
        for embedded in owner.embedded:
            inner = self.deref(self.get_field(owner, embedded))
            if isinstance(inner, Struct):
                holder = self._field_holder(inner, name)
                if name in holder.field_types or name in holder.fields:
                    return holder
        return owner

    @staticmethod
    def deref(value: Any) -> Any:
        if isinstance(value, FieldRef):
            return value.get()
        if isinstance(value, Cell):
            return value.value
        return value

    # ------------------------------------------------------------ types, zero values, conversions

    def resolve_type(self, ref: m.TypeRef | None, file: str) -> tuple[str, str] | None:
        """(package, name) of a named type reference, the package '' for predeclared types."""
        if ref is None:
            return None
        if ref.kind == "name":
            if ref.name in BASIC_ZERO:
                return ("", ref.name)
            return (self.world.package_of(file), ref.name)
        if ref.kind == "qualified":
            pkg = self.world.imports(file).get(ref.package)
            return (pkg, ref.name) if pkg else None
        return None

    def zero(self, ref: m.TypeRef | None, file: str) -> Any:
        if ref is None:
            return None
        if ref.kind in ("pointer", "slice", "map", "chan", "func", "interface", "ellipsis"):
            return None
        if ref.kind == "array":
            return []
        if ref.kind == "struct":
            return self._struct_of(None, ref, file)
        named = self.resolve_type(ref, file)
        if named is None:
            return Unknown(f"zero value of {ref.text}")
        pkg, name = named
        if pkg == "":
            return BASIC_ZERO[name]
        if not self.world.has_package(pkg):
            return self.externals.zero(pkg, name)
        located = self.world.type(pkg, name)
        if located is None:
            return Unknown(f"unknown type {pkg}.{name}")
        decl = located.decl
        assert isinstance(decl, m.TypeDecl)
        if decl.alias:
            return self.zero(decl.type, located.file)
        if decl.type.kind == "struct":
            return self._struct_of((pkg, name), decl.type, located.file)
        inner = self.zero(decl.type, located.file)
        return Named(inner, (pkg, name))

    def _struct_of(self, type_key: tuple[str, str] | None, ref: m.TypeRef, file: str) -> Struct:
        field_types = {f.name: (f.type, file) for f in ref.fields if f.name}
        embedded = tuple(f.name for f in ref.fields if f.embedded and f.name)
        return Struct(type_key, {}, field_types, embedded)

    def convert(self, ref: m.TypeRef | None, file: str, value: Any) -> Any:
        """T(x): named types wrap, durations become Duration, basic types unwrap."""
        if ref is None or isinstance(value, Unknown):
            return value
        named = self.resolve_type(ref, file)
        plain = unwrap(value)
        if named is None:
            return value
        pkg, name = named
        if pkg == "":
            if name == "string" and isinstance(plain, int) and not isinstance(plain, bool):
                return chr(plain)
            if name in ("float32", "float64") and isinstance(plain, int):
                return float(plain)
            if name.startswith(("int", "uint")) and isinstance(plain, float):
                return int(plain)
            return plain
        if not self.world.has_package(pkg):
            return self.externals.convert(pkg, name, plain)
        located = self.world.type(pkg, name)
        if located is not None and isinstance(located.decl, m.TypeDecl):
            if located.decl.alias:
                return self.convert(located.decl.type, located.file, value)
            if located.decl.type.kind in ("struct", "interface"):
                return value  # struct conversions keep the value; interfaces hold the dynamic value
        return Named(plain, (pkg, name))

    def composite(self, ref: m.TypeRef | None, expr: m.Composite, env: Env, type_file: str | None = None) -> Any:
        """T{...}: elements are evaluated in `env`; the type is resolved in `type_file` (where it is
        written — the literal's own file, or the declaration of a named type's underlying type)."""
        if ref is None:
            ref, type_file = expr.type, None
        if ref is None:
            return Unknown("composite literal of an elided type")
        tf = type_file or env.file
        kind = ref.kind
        if kind in ("slice", "array"):
            return [self._element(e.value, ref.elem, env, tf) for e in expr.elements]
        if kind == "map":
            return {
                unwrap(self._element(e.key, ref.key, env, tf)) if e.key else None: self._element(e.value, ref.elem, env, tf)
                for e in expr.elements
            }  # fmt: skip
        if kind == "struct":
            target = self._struct_of(None, ref, tf)
            self._fill(target, expr, env)
            return target
        base = self.zero(ref, tf)
        if hasattr(base, "go_method") and not expr.elements:  # &sync.Mutex{}, &atomic.Value{}
            return base
        if isinstance(base, Struct):
            self._fill(base, expr, env)
            return base
        if isinstance(base, Named):
            underlying = self._underlying_ref(ref, tf)
            inner = self.composite(underlying[0], expr, env, underlying[1]) if underlying else Unknown("composite")
            return Named(inner, base.type)
        return Unknown(f"composite literal of {ref.text}")

    def _underlying_ref(self, ref: m.TypeRef, file: str) -> tuple[m.TypeRef, str] | None:
        named = self.resolve_type(ref, file)
        if named is None or named[0] == "" or not self.world.has_package(named[0]):
            return None
        located = self.world.type(*named)
        if located is None or not isinstance(located.decl, m.TypeDecl):
            return None
        return located.decl.type, located.file

    def _element(self, expr: m.Expr | None, elem_ref: m.TypeRef | None, env: Env, type_file: str | None = None) -> Any:
        if expr is None:
            return None
        if isinstance(expr, m.Composite) and expr.type is None and elem_ref is not None:
            if elem_ref.kind == "pointer" and elem_ref.elem is not None:
                return self.composite(elem_ref.elem, expr, env, type_file)
            return self.composite(elem_ref, expr, env, type_file)
        return self.eval(expr, env)

    def _fill(self, target: Struct, expr: m.Composite, env: Env) -> None:
        names = list(target.field_types)
        for i, element in enumerate(expr.elements):
            if element.key is not None and isinstance(element.key, m.Ident):
                name = element.key.name
            elif i < len(names):
                name = names[i]
            else:
                continue
            ref, ref_file = target.field_types.get(name, (None, env.file))
            value = self._element(element.value, ref, env, ref_file)
            if isinstance(value, Struct) and isinstance(element.value, m.Ident):
                value = value.copy()
            target.fields[name] = value
            origin = self.origin(element.value, env)
            target.origins[name] = origin if origin or zero_like(value) else f"{env.file}:{self.world.line(env.file, element.value.start)}"


class Spread:
    """The last argument of f(xs...)."""

    def __init__(self, items: Any) -> None:
        self.items = items if isinstance(items, list) else list(items) if isinstance(items, (tuple, str)) else []


@dataclass(frozen=True)
class _Builtin:
    name: str


@dataclass(frozen=True)
class _BoundSpecial:
    """A method of an object that handles calls itself (flag recorders, durations)."""

    target: Any
    name: str


def zero_like(value: Any) -> bool:
    """Whether a value reads as a zero value (a copy of one says nothing about where it was written)."""
    plain = unwrap(value)
    return plain is None or (not isinstance(plain, Struct) and type(plain) in (str, int, float, bool, list, dict) and not plain)


def _hashable(key: Any) -> bool:
    """Whether a value can key a Python dict (a Go map key the interpreter holds as a list cannot)."""
    try:
        hash(key)
    except TypeError:
        return False
    return True


def _is_path(expr: m.Expr) -> bool:
    """x, x.f.g, *x, (*T): expressions whose evaluation calls nothing."""
    while isinstance(expr, (m.Selector, m.Unary)):
        if isinstance(expr, m.Unary) and expr.op != "*":
            return False
        expr = expr.operand
    return isinstance(expr, m.Ident)


_BUILTINS = frozenset({"new", "make", "append", "len", "cap", "delete", "panic"})


def literal_value(expr: m.Literal) -> Any:
    """A Go literal's value (strings unquoted, ints in any base, runes as ints); Unknown when malformed."""
    text = expr.value
    try:
        if expr.kind == "string":
            return ast.literal_eval(text)
        if expr.kind == "raw_string":
            return text[1:-1].replace("\r", "")
        if expr.kind == "int":
            if len(text) > 1 and text[0] == "0" and text[1].isdigit():
                return int(text, 8)
            return int(text, 0)
        if expr.kind == "float":
            return float(text)
        if expr.kind == "rune":
            return ord(ast.literal_eval(text))
    except (ValueError, SyntaxError, TypeError):
        pass
    return Unknown(f"literal {text}")


__all__ = ["Env", "ErrorValue", "HandOver", "IPNet", "Interpreter", "Site", "Spread", "literal_value", "zero_like"]
