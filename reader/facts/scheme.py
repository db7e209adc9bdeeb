"""runtime.Scheme, emulated: what componentconfig defaulting needs of it.

A real Scheme works by reflection (types keyed by reflect.Type, conversion and defaulting
functions looked up by their argument types), which the interpreter does not do.  This
stand-in keeps what registration hands it and does the two calls `ApplyDefaults`-style code
makes, with the functions the source registered — nothing is hard-coded per type:

- `AddKnownTypes(gv, &T{}…)` records which package holds group version gv's types;
- `AddTypeDefaultingFunc(&T{}, fn)` records T's defaulter; `Default(obj)` calls it;
- `AddGeneratedConversionFuncs(fn…)` / `AddConversionFuncs(fn…)` record conversion functions
  by name; `ConvertToVersion(in, gv)` makes a zero value of in's type in gv's package and calls
  the registered `Convert_<from>_<T>_To_<to>_<T>` (conversion-gen's naming) on it.

The other registration methods return nil without effect (they register things no fact
reads: deep-copy functions, field label conversions); any other method returns Unknown(why).
"""

from __future__ import annotations

from typing import Any

from reader.facts.interpret import Spread
from reader.facts.values import GoFunc, Struct, Unknown, unwrap
from reader.parse import models as m

RUNTIME = "k8s.io/apimachinery/pkg/runtime"
_REGISTRATIONS = frozenset({
    "AddKnownTypes", "AddKnownTypeWithName", "AddUnversionedTypes", "AddTypeDefaultingFunc", "AddGeneratedConversionFuncs",
    "AddConversionFuncs", "AddFieldLabelConversionFunc", "AddGeneratedDeepCopyFuncs", "AddDeepCopyFuncs", "AddIgnoredConversionType",
    "RegisterInputDefaults",
})  # fmt: skip


class Scheme:
    def __init__(self) -> None:
        self.packages: dict[tuple[str, str], str] = {}  # (group, version) -> the package of its types
        self.defaulters: dict[tuple[str, str], Any] = {}  # type -> its defaulting function
        self.conversions: dict[str, GoFunc] = {}  # function name -> function

    def go_string(self) -> str:
        """How the defaults tree shows it."""
        return f"runtime.Scheme (emulated: {len(self.packages)} group versions, {len(self.defaulters)} defaulters, {len(self.conversions)} conversions registered)"

    def go_method(self, name: str, args: list[Any], site: Any, interp: Any) -> list[Any]:
        if name == "AddKnownTypes" and args:
            for typ in _spread(args[1:]):
                value = interp.deref(typ)
                if isinstance(value, Struct) and value.type:
                    self.packages[_group_version(args[0])] = value.type[0]
        elif name == "AddTypeDefaultingFunc" and len(args) == 2:
            value = interp.deref(args[0])
            if isinstance(value, Struct) and value.type:
                self.defaulters[value.type] = args[1]
        elif name in ("AddGeneratedConversionFuncs", "AddConversionFuncs"):
            for fn in _spread(args):
                fn = unwrap(fn)
                if isinstance(fn, GoFunc) and fn.decl is not None:
                    self.conversions[fn.decl.name] = fn
        elif name == "Default" and args:
            return self._default(args[0], site, interp)
        elif name == "ConvertToVersion" and len(args) == 2:
            return self._convert(args[0], args[1], site, interp)
        elif name not in _REGISTRATIONS:
            return [Unknown(f"runtime.Scheme.{name} is not emulated")]
        return [None]

    def _default(self, obj: Any, site: Any, interp: Any) -> list[Any]:
        value = interp.deref(obj)
        defaulter = self.defaulters.get(value.type) if isinstance(value, Struct) and value.type else None
        if defaulter is not None:
            interp.invoke(defaulter, [obj], site)
        return []

    def _convert(self, obj: Any, target: Any, site: Any, interp: Any) -> list[Any]:
        value = interp.deref(obj)
        to_pkg = self.packages.get(_group_version(target))
        if not isinstance(value, Struct) or not value.type or to_pkg is None:
            return [Unknown(f"ConvertToVersion to {_group_version(target)}: no known types there"), None]
        from_pkg, type_name = value.type
        name = f"Convert_{_package_name(from_pkg)}_{type_name}_To_{_package_name(to_pkg)}_{type_name}"
        fn = self.conversions.get(name)
        located = interp.world.type(to_pkg, type_name)
        if fn is None or located is None:
            return [Unknown(f"ConvertToVersion: no registered {name}"), None]
        out = interp.zero(m.TypeRef("name", name=type_name, text=type_name), located.file)
        error = unwrap((interp.invoke(fn, [value, out, None], site) or [None])[0])
        return [out, error]


def new_scheme(interp: Any, fn: GoFunc, args: list[Any]) -> list[Any]:
    """runtime.NewScheme(): a Scheme that records what registration hands it."""
    return [Scheme()]


# symbol id -> emulation, for the interpreter's `emulated` table
EMULATED = {f"{RUNTIME}.NewScheme": new_scheme}


def _spread(values: list[Any]) -> list[Any]:
    """Variadic arguments arrive one by one (f(a, b)) or as one spread slice (f(xs...))."""
    if len(values) == 1:
        if isinstance(values[0], Spread):
            return list(values[0].items)
        if isinstance(unwrap(values[0]), list):
            return list(unwrap(values[0]))
    return list(values)


def _group_version(value: Any) -> tuple[str, str]:
    value = unwrap(value.get() if hasattr(value, "get") else value)
    if isinstance(value, Struct):
        return tuple(str(unwrap(value.fields.get(k, ""))) for k in ("Group", "Version"))  # type: ignore[return-value]
    return ("?", "?")


def _package_name(import_path: str) -> str:
    return import_path.rsplit("/", 1)[-1]


__all__ = ["EMULATED", "Scheme", "new_scheme"]
