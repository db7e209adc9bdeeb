"""Flags: what `(*ServerRunOptions).AddFlags` registers, found by running it.

The interpreter runs `NewServerRunOptions()` for the defaults, then `AddFlags` with a
`FlagRecorder` standing in for `*pflag.FlagSet`.  The recorder knows pflag's registration
API (`XVar`, `XVarP`, `X`, `XP`, `Var`, `VarP`, `MarkDeprecated`, `MarkHidden`, `Lookup`)
and computes each flag's DefValue as pflag does (the value's String() at registration).
Package-level registrations on `pflag.CommandLine` and Go's `flag.CommandLine` (added to
pflag by `AddGoFlagSet` with `_` normalised to `-`) are the global flags.

Registrations the interpreter never reached — inside branches it could not decide — are found
through the index (every call of a pflag registration method in the functions it ran) and
listed as unevaluated with their file:line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from reader.facts.externals import format_float
from reader.facts.interpret import Interpreter, Site, zero_like
from reader.facts.values import IP, Cell, Duration, FieldRef, IPNet, Named, Struct, Unknown, unwrap

PFLAG = "github.com/spf13/pflag"
# pflag registration method stem -> the flag's Value.Type()
PFLAG_TYPES = {
    "String": "string", "Bool": "bool", "Int": "int", "Int8": "int8", "Int16": "int16", "Int32": "int32",
    "Int64": "int64", "Uint": "uint", "Uint8": "uint8", "Uint16": "uint16", "Uint32": "uint32", "Uint64": "uint64",
    "Float32": "float32", "Float64": "float64", "Duration": "duration", "StringSlice": "stringSlice",
    "StringArray": "stringArray", "IntSlice": "intSlice", "UintSlice": "uintSlice", "BoolSlice": "boolSlice",
    "IP": "ip", "IPSlice": "ipSlice", "IPMask": "ipMask", "IPNet": "ipNet", "Count": "count",
}  # fmt: skip
_REGISTRATION = re.compile(r"^(?P<stem>[A-Z][A-Za-z0-9]*?)(?P<var>Var)?(?P<p>P)?$")


@dataclass
class Flag:
    name: str
    type: str  # pflag's Value.Type()
    default: str | None  # DefValue as pflag records it; None when it could not be evaluated
    default_written: str  # the default argument as written in the source
    usage: str | None
    source: str  # file:line of the registration
    shorthand: str = ""
    deprecated: str = ""  # MarkDeprecated message
    hidden: bool = False
    shorthand_deprecated: str = ""
    no_opt_default: str = ""
    options_field: str = ""  # the options field it sets (path from ServerRunOptions), when known
    target: Any = field(default=None, repr=False, compare=False)  # what the registration points at
    global_: bool = False  # registered at package level, picked up by main
    why_unevaluated: str = ""
    flag_struct: Struct | None = field(default=None, repr=False, compare=False)


def csv_field(text: str) -> str:
    """encoding/csv's quoting of one field (as pflag's writeAsCSV uses it)."""
    needs = text == "\\." or any(c in text for c in ',"\r\n') or (text[:1] in (" ", "\t"))
    return '"' + text.replace('"', '""') + '"' if needs and text else text


def pflag_string(kind: str, value: Any) -> str | None:
    """Value.String() of pflag's value types, for the default a flag records."""
    value = unwrap(value)
    if isinstance(value, Unknown):
        return None
    if kind == "string":
        return value if isinstance(value, str) else None
    if kind == "bool":
        return ("true" if value else "false") if isinstance(value, bool) else None
    if kind == "duration":
        return Duration(value).go_string() if isinstance(value, int) else None
    if kind in ("float32", "float64"):
        return format_float(float(value)) if isinstance(value, (int, float)) else None
    if kind in ("stringSlice", "stringArray"):
        items = [unwrap(v) for v in (value or [])] if isinstance(value, list) or value is None else None
        if items is None or not all(isinstance(i, str) for i in items):
            return None
        return "[" + ",".join(csv_field(i) for i in items) + "]"
    if kind in ("intSlice", "uintSlice"):
        items = [unwrap(v) for v in (value or [])]
        return "[" + ",".join(str(i) for i in items) + "]" if all(isinstance(i, int) for i in items) else None
    if kind in ("ip", "ipNet", "ipMask"):
        if value is None:
            return "<nil>"
        return value.go_string() if isinstance(value, (IP, IPNet)) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


class FlagRecorder:
    """Stands in for a *pflag.FlagSet: records registrations instead of making flags."""

    def __init__(self, expression_text, global_: bool = False) -> None:
        self.flags: dict[str, Flag] = {}
        self.order: list[str] = []
        self.unhandled: list[str] = []
        self.normalize = False
        self._text = expression_text  # Site -> argument index -> source text
        self.global_ = global_  # whether registrations now are package-level (main picks them up)
        self.go_flags: GoFlagRecorder | None = None
        self.made: list[FlagRecorder] = []  # the sets pflag.NewFlagSet made, when this records the package

    def add_flag_set(self, other: FlagRecorder) -> None:
        """pflag's AddFlagSet: the other set's flags this one does not have yet."""
        for name in other.order:
            if name not in self.flags:
                self._add(other.flags[name])

    # called by the interpreter for every method call on the recorder
    def go_method(self, name: str, args: list[Any], site: Site | None, interp: Interpreter) -> list[Any]:
        where = f"{site.file}:{site.line}" if site else "?"
        if name in ("MarkDeprecated", "MarkHidden", "MarkShorthandDeprecated"):
            return [self._mark(name, args, where)]
        if name == "Lookup":
            flag = self.flags.get(self._name(unwrap(args[0]))) if args else None
            return [flag.flag_struct if flag else None]
        if name == "SetNormalizeFunc":
            self.normalize = True
            self._normalize_registered()
            return []
        if name == "AddGoFlagSet":
            go = args[0] if args else None
            if isinstance(go, GoFlagRecorder):
                for flag in go.flags.values():
                    self._add(go.as_pflag(flag, self._name(flag.name), interp))
            return []
        if name == "NewFlagSet":  # pflag.NewFlagSet (called on the package): a set of its own
            made = FlagRecorder(self._text)
            self.made.append(made)
            return [made]
        if name == "AddFlagSet":
            other = args[0] if args else None
            if isinstance(other, FlagRecorder):
                self.add_flag_set(other)
            return []
        if name in ("Parse", "Set", "SortFlags", "Init", "SetOutput", "SetAnnotation", "SetInterspersed"):
            return [None]
        if name in ("Var", "VarP", "VarPF"):
            return self._register_value(args, name != "Var", site, interp)
        match = _REGISTRATION.match(name)
        if match and match["stem"] in PFLAG_TYPES:
            return self._register_typed(PFLAG_TYPES[match["stem"]], bool(match["var"]), bool(match["p"]), args, site, interp)
        self.unhandled.append(f"{where}: FlagSet.{name} not interpreted")
        return [Unknown(f"FlagSet.{name}")]

    def _normalize_registered(self) -> None:
        """pflag's SetNormalizeFunc renames the flags already registered (kube-controller-manager's
        --concurrent_rc_syncs, registered by AddFlags before InitFlags, is --concurrent-rc-syncs)."""
        renamed = {self._name(name): flag for name, flag in self.flags.items()}
        for name, flag in renamed.items():
            flag.name = name
            if flag.flag_struct is not None:
                flag.flag_struct.fields["Name"] = name
        self.flags = renamed
        self.order = list(dict.fromkeys(self._name(name) for name in self.order))

    def _name(self, name: Any) -> str:
        text = name if isinstance(name, str) else str(name)
        return text.replace("_", "-") if self.normalize else text

    def _mark(self, how: str, args: list[Any], where: str) -> Any:
        name = unwrap(args[0]) if args else None
        flag = self.flags.get(self._name(name)) if isinstance(name, str) else None
        if flag is None:
            self.unhandled.append(f"{where}: {how}({name!r}) of a flag not registered (yet)")
            return None
        message = unwrap(args[1]) if len(args) > 1 else ""
        if how == "MarkHidden":
            flag.hidden = True
        elif how == "MarkDeprecated":
            flag.deprecated = message if isinstance(message, str) else "(message not evaluated)"
            flag.hidden = True  # pflag: deprecated flags are hidden from help
        else:
            flag.shorthand_deprecated = message if isinstance(message, str) else "(message not evaluated)"
        return None

    def _register_typed(self, kind: str, var: bool, short: bool, args: list[Any], site: Site | None, interp: Interpreter) -> list[Any]:
        offset = 1 if var else 0
        target = args[0] if var else None
        name, shorthand = args[offset], args[offset + 1] if short else ""
        value_index = offset + (2 if short else 1)
        value = args[value_index] if value_index < len(args) else Unknown("missing default")
        usage = args[value_index + 1] if value_index + 1 < len(args) else Unknown("missing usage")
        written = self._text(site, value_index) if site else ""
        if kind == "duration" and type(unwrap(value)) is int:  # an untyped constant: DurationVar(&d, "x", 0, …) stores a time.Duration
            value = Duration(unwrap(value))
        flag = self._make(name, shorthand, kind, pflag_string(kind, value), written, usage, site, target, value)
        if kind == "bool":  # BoolVarP: a bare --flag means true
            flag.no_opt_default = flag.flag_struct.fields["NoOptDefVal"] = "true"
        if isinstance(target, FieldRef):  # pflag stores the default into the target
            target.set(value)
            if zero_like(value):  # a zero default says nothing about where a value was written
                target.owner.origins.pop(target.name, None)
            elif site is not None and site.env is not None and value_index < len(site.call.args):
                target.owner.origins[target.name] = interp.origin(site.call.args[value_index], site.env)
        elif isinstance(target, Cell):
            target.value = value
        return [Cell(value)] if not var else []

    def _register_value(self, args: list[Any], short: bool, site: Site | None, interp: Interpreter) -> list[Any]:
        value, name = (args + [None, None])[:2]
        shorthand = args[2] if short and len(args) > 2 else ""
        usage = args[3 if short else 2] if len(args) > (3 if short else 2) else Unknown("missing usage")
        kind = unwrap(interp.call_method(value, "Type")[0]) if value is not None else Unknown("nil value")
        default = unwrap(interp.call_method(value, "String")[0]) if value is not None else Unknown("nil value")
        kind_text = kind if isinstance(kind, str) else None
        default_text = default if isinstance(default, str) else None
        written = self._text(site, 0) if site else ""
        flag = self._make(name, shorthand, kind_text or "?", default_text, written, usage, site, value, value)
        if kind_text is None:
            flag.why_unevaluated = f"Type() of the value: {kind}"
        elif default_text is None:
            flag.why_unevaluated = f"String() of the value: {default}"
        return [flag.flag_struct] if short else []

    def _make(self, name: Any, shorthand: Any, kind: str, default: str | None, written: str, usage: Any, site: Site | None, target: Any, value: Any) -> Flag:
        name, usage, shorthand = unwrap(name), unwrap(usage), unwrap(shorthand)
        flag = Flag(
            name=self._name(name) if isinstance(name, str) else f"<unevaluated {name}>",
            type=kind, default=default, default_written=written,
            usage=usage if isinstance(usage, str) else None,
            source=f"{site.file}:{site.line}" if site else "?", shorthand=shorthand if isinstance(shorthand, str) else "",
            global_=self.global_,
        )  # fmt: skip
        reasons = [f"default: {v}" for v in (value,) if isinstance(unwrap(v), Unknown)] + [f"usage: {usage}" for _ in (1,) if not isinstance(usage, str)]
        if default is None and not reasons:
            reasons.append(f"default {unwrap(value)!r} has no {kind} form")
        flag.why_unevaluated = "; ".join(str(r) for r in reasons)
        flag.flag_struct = Struct((PFLAG, "Flag"), {"Name": flag.name, "NoOptDefVal": "", "Hidden": False, "Deprecated": ""})
        flag.target = target
        self._add(flag)
        return flag

    def _add(self, flag: Flag) -> None:
        if flag.name not in self.flags:
            self.order.append(flag.name)
        self.flags[flag.name] = flag

    def finish(self) -> None:
        """Fold back what code set on the *Flag structs that Lookup returned."""
        for flag in self.flags.values():
            fields = flag.flag_struct.fields if flag.flag_struct else {}
            if isinstance(fields.get("NoOptDefVal"), str):
                flag.no_opt_default = fields["NoOptDefVal"]
            if fields.get("Hidden") is True:
                flag.hidden = True
            if isinstance(fields.get("Deprecated"), str) and fields["Deprecated"]:
                flag.deprecated = fields["Deprecated"]
                flag.hidden = True


class GoFlagRecorder(FlagRecorder):
    """Go's standard `flag` package: same shapes, and Value types named as pflag's wrapper names
    them (the value's Go type name without a "Value" suffix)."""

    _GO_TYPES = {"String": "string", "Bool": "bool", "Int": "int", "Int64": "int64", "Uint": "uint", "Uint64": "uint64",
                 "Float64": "float64", "Duration": "duration"}  # fmt: skip

    def go_method(self, name: str, args: list[Any], site: Site | None, interp: Interpreter) -> list[Any]:
        if name == "Var":
            value = args[0] if args else None
            target = interp.deref(value)
            # pflag's wrapper names the type after the Go type: strings.TrimSuffix(t.Name(), "Value")
            kind = target.type[1].removesuffix("Value") if isinstance(target, (Struct, Named)) else "?"
            default = unwrap(interp.call_method(value, "String")[0])
            flag = self._make(args[1], "", kind, default if isinstance(default, str) else None, self._text(site, 0) if site else "", args[2] if len(args) > 2 else None, site, value, value)
            return [flag.flag_struct]
        match = _REGISTRATION.match(name)
        if match and match["stem"] in self._GO_TYPES and not match["p"]:
            return self._register_typed(self._GO_TYPES[match["stem"]], bool(match["var"]), False, args, site, interp)
        if name == "Set":
            return [self._set(args, site, interp)]
        if name in ("Parse", "Lookup"):
            return [None]
        self.unhandled.append(f"{site.file}:{site.line}: flag.{name} not interpreted" if site else f"flag.{name}")
        return [Unknown(f"flag.{name}")]

    def _set(self, args: list[Any], site: Site | None, interp: Interpreter) -> Any:
        """flag.Set(name, value) before pflag wraps Go's flags (k8s.io/apiserver/pkg/util/logs' init
        sets logtostderr): the value changes, so PFlagFromGoFlag's default, read later, does too."""
        name, text = (unwrap(a) for a in (args + [None, None])[:2])
        flag = self.flags.get(name) if isinstance(name, str) else None
        parse = self._SET_PARSERS.get(flag.type) if flag else None
        where = f"{site.file}:{site.line}" if site else "?"
        if flag is None or parse is None or not isinstance(text, str) or not isinstance(flag.target, (Cell, FieldRef)):
            self.unhandled.append(f"{where}: flag.Set({name!r}, {text!r}) not interpreted")
            return Unknown("flag.Set")
        value = parse(text)
        if value is None:
            self.unhandled.append(f"{where}: flag.Set({name!r}, {text!r}): not a {flag.type}")
            return Unknown("flag.Set")
        flag.target.set(value) if isinstance(flag.target, FieldRef) else setattr(flag.target, "value", value)
        return None

    # strconv.ParseBool's words; what flag's boolValue and stringValue Set accept
    _SET_PARSERS = {
        "bool": lambda t: True if t in ("1", "t", "T", "TRUE", "true", "True") else False if t in ("0", "f", "F", "FALSE", "false", "False") else None,
        "string": lambda t: t,
    }

    def as_pflag(self, flag: Flag, name: str, interp: Interpreter) -> Flag:
        """pflag's PFlagFromGoFlag: DefValue is the value's String() *now* (after the package's
        init ran), and one-letter names become shorthands too."""
        target = flag.target
        if isinstance(interp.deref(target), (Struct, Named)) and flag.type not in self._GO_TYPES.values():
            now = unwrap(interp.call_method(target, "String")[0])
            default = now if isinstance(now, str) else None
        else:
            default = pflag_string(flag.type, interp.deref(target)) if target is not None else flag.default
        return replace(flag, name=name, default=default, shorthand=name if len(name) == 1 else flag.shorthand, global_=True)


__all__ = ["Flag", "FlagRecorder", "GoFlagRecorder", "PFLAG", "PFLAG_TYPES", "pflag_string"]
