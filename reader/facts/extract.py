"""Running a book's startup code to read its facts: flags, defaults, steps.

What to run is the book (reader/books/<name>.json): the facts stage runs `main` itself, as the
binary would, up to the call where startup hands over (`app.Run`, `(*cobra.Command).Execute`):
  1. package initialisation of every package main links whose init reaches a flag registration
     (or one of the book's `initialise_when_reaching`: the feature gates, the scheme builders),
     on pflag.CommandLine and Go's flag.CommandLine — the global flags;
  2. main's statements, with every flag set recorded wherever it is made (pflag.CommandLine,
     pflag.NewFlagSet — so also a cobra command's Flags()) and runtime.Scheme emulated
     (facts/scheme.py: the registered defaulters and conversions run);
  3. at the hand-over, the flags the binary parses: pflag.CommandLine, or for a cobra command
     its Flags() with cobra's help flag and pflag.CommandLine merged in (cobra's
     mergePersistentFlags, which the interpreter does not run: it walks flag sets with closures);
  4. the book's options constructor's result, as main left it, is the defaults tree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.books import Book, FlagSetKind, Probe, load_book
from reader.facts import scheme
from reader.facts.externals import Externals, go_string
from reader.facts.flags import PFLAG, Flag, FlagRecorder, GoFlagRecorder
from reader.facts.interpret import HandOver, Interpreter, Site, literal_value
from reader.facts.models import AlgorithmFact, ControllerFact, DefaultFact, Facts, FlagFact, Registration, Step
from reader.facts.values import Cell, Duration, FieldRef, GoFunc, Struct, Unknown, unwrap
from reader.facts.world import World
from reader.index.models import Index
from reader.index.types import func_id
from reader.parse import models as m

_REGISTERING = (f"{PFLAG}.", "flag.")  # package-level registration functions, and pflag's FlagSet methods
_METAV1_DURATION = ("k8s.io/apimachinery/pkg/apis/meta/v1", "Duration")


class _Watch(Interpreter):
    """The interpreter, keeping the first result of the book's options constructor."""

    def __init__(self, *args: Any, options: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_symbol = options
        self.options: Any = None

    def _invoke_go(self, fn: GoFunc, args: list[Any]) -> list[Any]:
        results = super()._invoke_go(fn, args)
        if self.options is None and fn.decl is not None and results and func_id(fn.pkg, fn.decl) == self.options_symbol:
            self.options = results[0]
        return results


def extract_facts(root: Path, index: Index, book: Book | None = None) -> Facts:
    book = book or load_book()
    world = World(root, index)

    def argument_text(site: Site, i: int) -> str:
        args = site.call.args
        return world.text(site.file, args[i].start, args[i].end) if i < len(args) else ""

    go_flags = GoFlagRecorder(argument_text, global_=True)
    command_line = FlagRecorder(argument_text, global_=True)
    interp = _Watch(
        world, Externals(), intercept={PFLAG: command_line, "flag": go_flags}, opaque=book.opaque_packages,
        emulated=dict(scheme.EMULATED), stop_at=frozenset({book.hand_over}), lazy_init=book.lazy_init, options=book.options,
    )  # fmt: skip

    # 1. package-level registrations of the packages main links
    for pkg in _flag_registering_packages(index, book.main_package, (*_REGISTERING, *book.initialise_when_reaching)):
        interp.initialise(pkg)

    # 2. main, up to the hand-over
    command_line.global_ = False
    hand_over = _run_main(interp, world, book)
    command_line.global_ = True

    # 3. the flags the binary parses
    if book.flag_set is FlagSetKind.COBRA:
        parsed = _cobra_flags(interp, hand_over, command_line)
    else:
        parsed = command_line
    parsed.finish()
    options = interp.options
    paths, owners = _paths(options)
    flags = tuple(sorted((_fact(f, paths, owners) for f in parsed.flags.values()), key=lambda f: f.name))
    defaults = tuple(_defaults(options, interp, {f.options_field for f in flags}))
    missed = tuple(_unreached_registrations(index, interp))
    steps = tuple(s for symbol in book.steps for s in _steps(world, index, symbol))
    probes = book.probes
    api_versions = tuple(_enabled_versions(interp, world, probes[Probe.API_VERSIONS]["config"])) if Probe.API_VERSIONS in probes else ()
    registered = tuple(_registered_versions(interp, world, probes[Probe.REGISTERED_VERSIONS]["registry"])) if Probe.REGISTERED_VERSIONS in probes else ()
    controllers = tuple(_controllers(interp, world, probes[Probe.CONTROLLERS])) if Probe.CONTROLLERS in probes else ()
    algorithm = tuple(_algorithm_provider(interp, world, probes[Probe.ALGORITHM_PROVIDER])) if Probe.ALGORITHM_PROVIDER in probes else ()
    recorders = [command_line, go_flags, *command_line.made]
    notes = tuple(dict.fromkeys(interp.notes + [u for r in recorders for u in r.unhandled]))
    where = f"{hand_over.site.file}:{hand_over.site.line}" if hand_over and hand_over.site else ""
    root = _deref(options)
    options_type = root.type[1] if isinstance(root, Struct) and root.type else ""
    return Facts(book.name, index.commit, flags, missed, defaults, steps, notes, where, options_type, api_versions, registered, controllers, algorithm)


def _run_main(interp: Interpreter, world: World, book: Book) -> HandOver | None:
    """Run main; stop where it calls the hand-over.  None (and a note) when it never gets there."""
    main = world.func(book.main_package, "main")
    if main is None:
        interp.notes.append(f"{book.main}: no main function in this tree")
        return None
    try:
        interp.invoke(GoFunc(main.decl, main.file, book.main_package), [])  # type: ignore[arg-type]
    except HandOver as handed:
        return handed
    interp.notes.append(f"{book.main}: the run never reached {book.hand_over}")
    return None


def _cobra_flags(interp: Interpreter, hand_over: HandOver | None, command_line: FlagRecorder) -> FlagRecorder:
    """What cobra parses when Execute runs the root command: its Flags(), after initHelpFlag
    (run as written), and pflag.CommandLine's flags the command does not define itself
    (mergePersistentFlags: CommandLine joins the root's persistent flags, which join Flags())."""
    if hand_over is None or hand_over.fn.receiver is None:
        return command_line
    command = hand_over.fn.receiver
    interp.call_method(command, "initHelpFlag")
    flags = unwrap(interp.call_method(command, "Flags")[0])
    if not isinstance(flags, FlagRecorder):
        interp.notes.append("the command's Flags() could not be evaluated")
        return command_line
    flags.add_flag_set(command_line)
    return flags


def _controllers(interp: Interpreter, world: World, symbols: dict[str, str]) -> list[ControllerFact]:
    """The controller table: name → init function, in the order the source fills the map, and
    whether each is on by default (not in the disabled-by-default set)."""
    pkg, _, name = symbols["initializers"].rpartition(".")
    table = unwrap(interp.call_function(pkg, name)[0])
    disabled_pkg, _, disabled_name = symbols["disabled_by_default"].rpartition(".")
    disabled = unwrap(interp.package_member(disabled_pkg, disabled_name, ""))
    if not isinstance(table, dict) or not isinstance(disabled, dict):
        interp.notes.append(f"{symbols['initializers']}: the controller table could not be evaluated")
        return []
    located = world.func(pkg, name)
    sources = _map_assignments(world, located) if located else {}
    rows = []
    for key, fn in table.items():
        fn = unwrap(fn)
        function = func_id(fn.pkg, fn.decl) if isinstance(fn, GoFunc) and fn.decl is not None else ""
        rows.append(ControllerFact(str(key), function, sources.get(str(key), ""), key not in disabled))
    return rows


def _algorithm_provider(interp: Interpreter, world: World, symbols: dict[str, str]) -> list[AlgorithmFact]:
    """A scheduler algorithm provider as package initialisation registered it: which predicates
    and priorities it holds (the provider map), each priority's weight (the priority map), which
    predicates are mandatory; and, from the functions that build the provider's name sets
    (`predicate_keys`, `priority_keys`), the registering call of each name and the function it registers."""
    providers, priorities, mandatory = (_package_value(interp, symbols[k]) for k in ("providers", "priorities", "mandatory"))
    name = _package_value(interp, symbols["provider"])
    provider = _deref(providers.get(name)) if isinstance(providers, dict) else None
    if not isinstance(provider, Struct) or not isinstance(priorities, dict) or not isinstance(mandatory, dict):
        interp.notes.append(f"{symbols['providers']}[{name!r}]: the algorithm provider could not be evaluated")
        return []
    keys = {kind: unwrap(_deref(provider.fields.get(field))) for kind, field in (("predicate", "FitPredicateKeys"), ("priority", "PriorityFunctionKeys"))}
    sites = {**_registrations(interp, world, symbols["predicate_keys"]), **_registrations(interp, world, symbols["priority_keys"])}
    rows = []
    for kind in ("predicate", "priority"):
        names = keys[kind] if isinstance(keys[kind], dict) else {}
        for key in sorted(names, key=lambda k: (sites.get(k, ("", "", 10**9))[2], k)):
            source, function, _ = sites.get(key, ("", "", 0))
            weight = unwrap(_deref(_deref(priorities.get(key)).fields.get("Weight"))) if kind == "priority" and isinstance(_deref(priorities.get(key)), Struct) else None
            rows.append(AlgorithmFact(kind, key, function, weight, key in mandatory, source))
    return rows


def _package_value(interp: Interpreter, symbol: str) -> Any:
    pkg, _, name = symbol.rpartition(".")
    return unwrap(_deref(interp.package_member(pkg, name, "")))


def _registrations(interp: Interpreter, world: World, symbol: str) -> dict[str, tuple[str, str, int]]:
    """name → (file:line of the `factory.Register…(name, …)` call in `symbol`, the function the
    call registers, the call's offset): the first argument evaluated (a literal or a constant),
    the function read from the second (a function name, or the first call inside a factory literal)."""
    pkg, _, func_name = symbol.rpartition(".")
    located = world.func(pkg, func_name)
    if located is None:
        interp.notes.append(f"{symbol} is not in this tree: the provider's registrations have no lines")
        return {}
    imports = world.imports(located.file)
    out = {}
    for site in located.decl.calls:
        call = site.call
        callee = call.function
        if not (isinstance(callee, m.Selector) and callee.field.startswith("Register") and call.args):
            continue
        key = _name_argument(interp, world, located, imports, call.args[0])
        if not isinstance(key, str):
            continue
        function = _registered_function(located, imports, call)
        out[key] = (f"{located.file}:{site.line}", function, call.start)
    return out


def _name_argument(interp: Interpreter, world: World, located: Any, imports: dict[str, str], expr: m.Expr) -> Any:
    if isinstance(expr, m.Literal):
        return literal_value(expr)
    if isinstance(expr, m.Selector) and isinstance(expr.operand, m.Ident) and expr.operand.name in imports:
        return unwrap(_deref(interp.package_member(imports[expr.operand.name], expr.field, located.file)))
    if isinstance(expr, m.Ident):
        return unwrap(_deref(interp.package_member(located.pkg, expr.name, located.file)))
    return None


def _registered_function(located: Any, imports: dict[str, str], call: m.Call) -> str:
    """`pkg.Func` passed as the second argument, else the first `pkg.Func(…)` called inside it."""
    if len(call.args) < 2:
        return ""
    argument = call.args[1]
    if isinstance(argument, m.Selector) and isinstance(argument.operand, m.Ident) and argument.operand.name in imports:
        return f"{imports[argument.operand.name]}.{argument.field}"
    for site in located.decl.calls:
        inner = site.call.function
        if argument.start <= site.call.start < argument.end and isinstance(inner, m.Selector) and isinstance(inner.operand, m.Ident) and inner.operand.name in imports:
            return f"{imports[inner.operand.name]}.{inner.field}"
    return ""


def _map_assignments(world: World, located: Any) -> dict[str, str]:
    """`m["key"] = …` statements of a function: key → file:line."""
    out = {}
    for stmt in located.decl.statements:
        if isinstance(stmt, m.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], m.Index):
            key = stmt.targets[0].index
            if isinstance(key, m.Literal) and key.kind in ("string", "raw_string"):
                out[literal_value(key)] = f"{located.file}:{stmt.line}"
    return out


def _group_version(value: Any) -> str:
    group, version = (unwrap(value.fields.get(f)) for f in ("Group", "Version"))
    return f"{group}/{version}" if group else version


def _registered_versions(interp: Interpreter, world: World, symbol: str) -> list[str]:
    """Registry.RegisteredGroupVersions() of the registry package initialisation filled, sorted."""
    pkg, _, name = symbol.rpartition(".")
    located = world.value(pkg, name)
    if located is None:
        interp.notes.append(f"{symbol} is not in this tree: no registered API versions")
        return []
    registry = interp.package_member(pkg, name, located.file)
    versions = unwrap(interp.call_method(registry, "RegisteredGroupVersions")[0])
    if not isinstance(versions, list) or not all(isinstance(_deref(v), Struct) for v in versions):
        interp.notes.append(f"{symbol}.RegisteredGroupVersions() could not be evaluated")
        return []
    return sorted({_group_version(_deref(v)) for v in versions})


def _enabled_versions(interp: Interpreter, world: World, symbol: str) -> list[str]:
    """"group/version" ("v1" for the core group) of every version the default ResourceConfig
    enables, in the order the code enables them."""
    pkg, _, name = symbol.rpartition(".")
    if world.func(pkg, name) is None:
        interp.notes.append(f"{symbol} is not in this tree: no default API versions")
        return []
    config = _deref(interp.call_function(pkg, name)[0])
    versions = unwrap(config.fields.get("GroupVersionResourceConfigs")) if isinstance(config, Struct) else None
    if not isinstance(versions, dict):
        interp.notes.append(f"{symbol}: its ResourceConfig could not be evaluated")
        return []
    enabled = []
    for key, value in versions.items():
        if isinstance(_deref(value), Struct) and unwrap(_deref(value).fields.get("Enable")) is True:
            enabled.append(_group_version(key))
    return list(dict.fromkeys(enabled))


# ---------------------------------------------------------------- package initialisation


def _flag_registering_packages(index: Index, main_pkg: str, targets: tuple[str, ...]) -> list[str]:
    """Packages linked into main whose initialisation reaches a flag registration (or another target)."""
    linked: list[str] = []
    seen = {main_pkg}
    queue = [main_pkg]
    while queue:
        pkg = queue.pop()
        linked.append(pkg)
        for dep in index.packages[pkg].imports:
            if dep in index.packages and dep not in seen:
                seen.add(dep)
                queue.append(dep)
    found = sorted(p for p in linked if p != main_pkg and _reaches(index, f"{p}.init", targets))
    if _reaches(index, f"{main_pkg}.init", targets):
        found.append(main_pkg)  # main's own package initialises last, as in Go (its imports first)
    return found


def _reaches(index: Index, start: str, targets: tuple[str, ...], depth: int = 4) -> bool:
    frontier, seen = [start], {start}
    for _ in range(depth):
        following = []
        for symbol in frontier:
            for edge in index.calls_from(symbol):
                callee = edge.callee or ""
                if callee.startswith(targets) and not callee.startswith(f"{PFLAG}.(*FlagSet).Parse"):
                    return True
                if callee in index.symbols and callee not in seen:
                    seen.add(callee)
                    following.append(callee)
        frontier = following
    return False


# ---------------------------------------------------------------- flags


def _fact(flag: Flag, paths: dict[int, str], owners: dict[int, tuple[Struct, str]]) -> FlagFact:
    target = flag.target
    if isinstance(target, Struct) and id(target) not in paths:  # a Value wrapping `&s.F`, e.g. NewNamedCertKeyArray(&s.SNICertKeys)
        target = next((v for v in target.fields.values() if isinstance(v, FieldRef) and id(v.owner) in paths), target)
    field = field_id = ""
    if isinstance(target, FieldRef) and target.name == "Duration" and target.owner.type == _METAV1_DURATION and id(target.owner) in owners:
        target = FieldRef(*owners[id(target.owner)])  # `&s.X.Duration`: the option is X, one row like its value
    if isinstance(target, FieldRef):
        owner = paths.get(id(target.owner))
        field = f"{owner}.{target.name}".lstrip(".") if owner is not None else ""
        field_id = _field_id(target.owner, target.name)
    elif isinstance(target, Struct):
        field = paths.get(id(target), "")
        parent = owners.get(id(target))
        field_id = _field_id(*parent) if parent else ""
    return FlagFact(
        name=flag.name, type=flag.type, default=flag.default, default_written=flag.default_written, usage=flag.usage,
        source=flag.source, shorthand=flag.shorthand, deprecated=flag.deprecated, hidden=flag.hidden,
        no_opt_default=flag.no_opt_default, options_field=field, field_id=field_id, global_=flag.global_,
        unevaluated=flag.why_unevaluated,
    )  # fmt: skip


def _field_id(owner: Struct, name: str) -> str:
    return f"{owner.type[0]}.{owner.type[1]}.{name}" if owner.type else ""


def _unreached_registrations(index: Index, interp: Interpreter) -> list[Registration]:
    """Registration calls inside functions that ran, on lines that never ran."""
    missed = []
    for function in sorted(interp.executed_functions):
        for edge in index.calls_from(function):
            callee = edge.callee or ""
            if callee.startswith(f"{PFLAG}.(*FlagSet).") and _is_registration(callee):
                if (edge.file, edge.line, edge.col) not in interp.executed_calls:
                    missed.append(Registration(f"{edge.file}:{edge.line}", callee, "in a branch or loop the interpreter could not decide"))
    return missed


def _is_registration(callee: str) -> bool:
    name = callee.rsplit(".", 1)[-1]
    return name.startswith(("Var", "String", "Bool", "Int", "Uint", "Float", "Duration", "IP", "Count")) or name.endswith(("Var", "VarP"))


# ---------------------------------------------------------------- defaults


def _paths(root: Any) -> tuple[dict[int, str], dict[int, tuple[Struct, str]]]:
    """id(struct) -> field path from the root options struct, and -> (the struct holding it, field name)."""
    paths: dict[int, str] = {}
    owners: dict[int, tuple[Struct, str]] = {}

    def walk(value: Any, path: str, owner: tuple[Struct, str] | None) -> None:
        value = _deref(value)
        if not isinstance(value, Struct) or id(value) in paths:
            return
        paths[id(value)] = path
        if owner is not None:
            owners[id(value)] = owner
        for name in value.field_types:
            if name in value.fields:
                walk(value.fields[name], f"{path}.{name}".lstrip("."), (value, name))

    walk(root, "", None)
    return paths, owners


def _defaults(root: Any, interp: Interpreter, flagged: set[str], limit: int = 6) -> list[DefaultFact]:
    """The options tree's rows.  An unexported field is an option only when a flag writes it or
    options sit below it (kube-scheduler's `config`); otherwise it is the value's own state — a
    sync.Mutex, a plugin registry, a scheme — and left out."""
    rows: list[DefaultFact] = []
    seen: set[int] = set()

    def walk(value: Struct, prefix: str, depth: int) -> None:
        seen.add(id(value))
        for name, (ref, _file) in value.field_types.items():
            path = f"{prefix}.{name}" if prefix else name
            current = interp.get_field(value, name)
            inner = _deref(current)
            if not name[0].isupper() and path not in flagged and not (isinstance(inner, Struct) and any(n[0].isupper() for n in inner.field_types)):
                continue
            set_at = value.origins.get(name, "")
            if isinstance(inner, Struct) and inner.type == _METAV1_DURATION:
                # metav1.Duration wraps one time.Duration and prints as it: one row, not a sub-table
                rows.append(DefaultFact(path, ref.text, render(interp.get_field(inner, "Duration")), inner.origins.get("Duration") or set_at, depth))
            elif isinstance(inner, Struct) and id(inner) not in seen and depth < limit:
                rows.append(DefaultFact(path, ref.text, "{…}" if inner.field_types else "{}", set_at, depth))
                walk(inner, path, depth + 1)
            else:
                rows.append(DefaultFact(path, ref.text, render(current), set_at, depth))

    root = _deref(root)
    if isinstance(root, Struct):
        walk(root, "", 0)
    return rows


def render(value: Any) -> str:
    """A value as a Go reader would write it."""
    value = _deref(value)
    plain = unwrap(value)
    if isinstance(plain, Unknown):
        return f"? ({plain.why})"
    if isinstance(plain, str):
        return json.dumps(plain, ensure_ascii=False)
    if isinstance(plain, Duration):
        return plain.go_string()
    if isinstance(plain, list):
        return "[" + ", ".join(render(v) for v in plain) + "]"
    if isinstance(plain, dict):
        return "map[" + ", ".join(f"{render(k)}: {render(v)}" for k, v in sorted(plain.items(), key=lambda kv: str(kv[0]))) + "]"
    if plain is None:
        return "nil"
    if isinstance(plain, GoFunc):
        where = plain.file if plain.decl is None else f"{plain.pkg}.{plain.decl.name}"
        return f"func literal ({where})" if plain.decl is None else f"func {where}"
    if callable(getattr(plain, "go_string", None)):
        return plain.go_string()
    if isinstance(plain, Struct) or hasattr(plain, "go_method"):
        return "{…}"
    return go_string(plain)


def _deref(value: Any) -> Any:
    while isinstance(value, (Cell, FieldRef)):
        value = value.get() if isinstance(value, FieldRef) else value.value
    return value


# ---------------------------------------------------------------- steps


def _steps(world: World, index: Index, symbol: str) -> list[Step]:
    located = index.symbols.get(symbol)
    if located is None:
        return []
    pkg = located.package
    name = located.name
    receiver = symbol.split(".(", 1)[1].split(")", 1)[0].lstrip("*") if ".(" in symbol else ""
    func = world.method(pkg, receiver, name) if receiver else world.func(pkg, name)
    if func is None:
        return []
    decl = func.decl
    assert isinstance(decl, m.FuncDecl)
    edges = index.calls_from(symbol)
    steps = []
    for i, stmt in enumerate(decl.statements):
        text = world.text(func.file, stmt.start, stmt.end).splitlines()[0].strip()
        calls = tuple(dict.fromkeys(e.callee or "?" for e in edges if stmt.line <= e.line <= stmt.end_line))
        assigns: tuple[str, ...] = ()
        returns: tuple[str, ...] = ()
        kind = type(stmt).__name__.lower()
        if isinstance(stmt, m.Assign):
            assigns = tuple(world.text(func.file, t.start, t.end) for t in stmt.targets)
            kind = "assign"
        elif isinstance(stmt, m.Return):
            returns = tuple(world.text(func.file, v.start, v.end) for v in stmt.values)
        elif isinstance(stmt, m.ExprStmt):
            kind = "call" if isinstance(stmt.expr, m.Call) else "expr"
        elif isinstance(stmt, m.OtherStmt):
            kind = stmt.kind.removesuffix("_statement")
        elif isinstance(stmt, m.If) and isinstance(stmt.init, m.Assign):
            assigns = tuple(world.text(func.file, t.start, t.end) for t in stmt.init.targets)
        steps.append(Step(symbol, i, kind, stmt.line, stmt.end_line, text, calls, assigns, returns))
    return steps
