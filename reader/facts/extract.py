"""Running the startup code to read its facts: flags, defaults, steps.

What to run is data (`startup.json`): the options constructor, the method that registers
the flags, what main calls after it.  The order is main's:
  1. package initialisation of every package kube-apiserver links that registers flags at
     package level (found through the index: its init reaches a pflag or flag registration),
     on pflag.CommandLine and Go's flag.CommandLine — the global flags;
  2. the options constructor, whose result is the defaults tree;
  3. AddFlags on pflag.CommandLine;
  4. what main calls next (flag.InitFlags: the Go flags join pflag's, `_` becoming `-`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.facts.externals import Externals, go_string
from reader.facts.flags import PFLAG, Flag, FlagRecorder, GoFlagRecorder
from reader.facts.interpret import Interpreter, Site
from reader.facts.models import DefaultFact, Facts, FlagFact, Registration, Step
from reader.facts.values import Cell, Duration, FieldRef, GoFunc, Struct, Unknown, unwrap
from reader.facts.world import World
from reader.index.models import Index
from reader.parse import models as m

STARTUP = json.loads((Path(__file__).parent / "startup.json").read_text())
_REGISTERING = (f"{PFLAG}.", "flag.")  # package-level registration functions, and pflag's FlagSet methods


@dataclass(frozen=True)
class Startup:
    """What to run, as symbol ids (see startup.json)."""

    options: str
    add_flags: str
    main: str
    after_add_flags: tuple[str, ...]
    steps: tuple[str, ...]
    api_resource_config: str
    registered_versions: str
    opaque_packages: frozenset[str]
    initialise_when_reaching: tuple[str, ...]

    @classmethod
    def default(cls) -> Startup:
        return cls(
            STARTUP["options"], STARTUP["add_flags"], STARTUP["main"], tuple(STARTUP["after_add_flags"]),
            tuple(STARTUP["steps"]), STARTUP["api_resource_config"], STARTUP["registered_versions"], frozenset(STARTUP["opaque_packages"]), tuple(STARTUP["initialise_when_reaching"]),
        )  # fmt: skip


def extract_facts(root: Path, index: Index, startup: Startup | None = None) -> Facts:
    startup = startup or Startup.default()
    world = World(root, index)

    def argument_text(site: Site, i: int) -> str:
        args = site.call.args
        return world.text(site.file, args[i].start, args[i].end) if i < len(args) else ""

    go_flags = GoFlagRecorder(argument_text, global_=True)
    command_line = FlagRecorder(argument_text, global_=True)
    interp = Interpreter(world, Externals(), intercept={PFLAG: command_line, "flag": go_flags}, opaque=startup.opaque_packages)

    # 1. package-level registrations of the packages main links
    main_pkg = startup.main.rpartition(".")[0]
    for pkg in _flag_registering_packages(index, main_pkg, (*_REGISTERING, *startup.initialise_when_reaching)):
        _initialise(interp, world, pkg)

    # 2. the options and their defaults
    options_pkg, _, options_func = startup.options.rpartition(".")
    options = interp.call_function(options_pkg, options_func)[0]
    defaults = tuple(_defaults(options, options_pkg, interp))

    # 3. AddFlags on pflag.CommandLine, 4. what main does next
    command_line.global_ = False
    interp.call_method(options, startup.add_flags, [command_line])
    paths, owners = _paths(options)  # after AddFlags: structs left zero until `&s.A.B` reached them exist now
    command_line.global_ = True
    for symbol in startup.after_add_flags:
        pkg, _, name = symbol.rpartition(".")
        interp.call_function(pkg, name)
    command_line.finish()

    flags = tuple(sorted((_fact(f, paths, owners) for f in command_line.flags.values()), key=lambda f: f.name))
    missed = tuple(_unreached_registrations(index, interp))
    steps = tuple(s for symbol in startup.steps for s in _steps(world, index, symbol))
    api_versions = tuple(_enabled_versions(interp, world, startup.api_resource_config))
    registered = tuple(_registered_versions(interp, world, startup.registered_versions))
    notes = tuple(dict.fromkeys(interp.notes + command_line.unhandled + go_flags.unhandled))
    return Facts(index.commit, flags, missed, defaults, steps, notes, api_versions, registered)


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
    return sorted(p for p in linked if p != main_pkg and _reaches(index, f"{p}.init", targets))


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


def _initialise(interp: Interpreter, world: World, pkg: str) -> None:
    """Go's package initialisation: variables with initialisers, then init functions."""
    files = world.index.packages[pkg].files
    for path in files:
        for value in world.file(path).values:
            if value.kind == "var" and value.value is not None:
                interp.package_member(pkg, value.name, path)
    for path in files:
        for func in world.file(path).funcs:
            if func.name == "init" and func.receiver is None:
                interp.invoke(GoFunc(func, path, pkg), [])


# ---------------------------------------------------------------- flags


def _fact(flag: Flag, paths: dict[int, str], owners: dict[int, tuple[Struct, str]]) -> FlagFact:
    target = flag.target
    if isinstance(target, Struct) and id(target) not in paths:  # a Value wrapping `&s.F`, e.g. NewNamedCertKeyArray(&s.SNICertKeys)
        target = next((v for v in target.fields.values() if isinstance(v, FieldRef) and id(v.owner) in paths), target)
    field = field_id = ""
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


def _defaults(root: Any, pkg: str, interp: Interpreter, limit: int = 6) -> list[DefaultFact]:
    rows: list[DefaultFact] = []
    seen: set[int] = set()

    def walk(value: Struct, prefix: str, depth: int) -> None:
        seen.add(id(value))
        for name, (ref, _file) in value.field_types.items():
            path = f"{prefix}.{name}" if prefix else name
            current = interp.get_field(value, name)
            inner = _deref(current)
            set_at = value.origins.get(name, "")
            if isinstance(inner, Struct) and id(inner) not in seen and depth < limit:
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
    func = world.func(pkg, name) if "(" not in symbol else None
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
