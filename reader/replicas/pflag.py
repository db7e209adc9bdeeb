"""A replica of spf13/pflag as vendored in Kubernetes v1.9.9.

Mirrors `vendor/github.com/spf13/pflag`: flag.go (FlagSet, AddFlag, Parse, parseArgs,
parseLongArg, parseSingleShortArg, setFlag, MarkDeprecated/MarkHidden, FlagUsagesWrapped,
UnquoteUsage, defaultIsZeroValue) and the value types kube-apiserver uses (string.go, bool.go,
int.go, int32.go, int64.go, uint.go, float32.go, float64.go, duration.go, string_slice.go,
string_array.go, ip.go, ipnet.go).  Error messages are Go's, word for word.

Run it:  python -m reader.replicas.pflag --name=x -v --count 3 rest
"""

from __future__ import annotations

import csv
import ipaddress
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

# Python function → the Go function it follows (the replica pages put them side by side).
MIRRORS = {
    "FlagSet.add_flag": "github.com/spf13/pflag.(*FlagSet).AddFlag",
    "FlagSet.add_go_flag_set": "github.com/spf13/pflag.(*FlagSet).AddGoFlagSet",
    "FlagSet.parse": "github.com/spf13/pflag.(*FlagSet).parseArgs",
    "FlagSet._long": "github.com/spf13/pflag.(*FlagSet).parseLongArg",
    "FlagSet._single_short": "github.com/spf13/pflag.(*FlagSet).parseSingleShortArg",
    "FlagSet._set": "github.com/spf13/pflag.(*FlagSet).setFlag",
    "FlagSet.parse_exit_on_error": "github.com/spf13/pflag.(*FlagSet).Parse",
    "FlagSet.flag_usages": "github.com/spf13/pflag.(*FlagSet).FlagUsagesWrapped",
}


class FlagError(Exception):
    """A usage error: the message pflag prints, then usage; kube-apiserver exits with code 2."""


HELP_REQUESTED = "pflag: help requested"  # ErrHelp: --help or -h when no such flag is defined


# ---------------------------------------------------------------- Go parsing helpers (strconv, time, net)


def parse_int(text: str, bits: int = 64, signed: bool = True) -> int:
    """strconv.ParseInt(s, 0, bits) / ParseUint: base from the prefix (0x, 0, else 10)."""
    func = "ParseInt" if signed else "ParseUint"
    body = text[1:] if signed and text[:1] in "+-" else text
    try:
        if body.lower().startswith("0x"):
            value = int(body[2:], 16)
        elif len(body) > 1 and body.startswith("0"):
            value = int(body[1:], 8)
        else:
            if not body.isdigit():
                raise ValueError
            value = int(body, 10)
    except ValueError:
        raise ValueError(f'strconv.{func}: parsing "{text}": invalid syntax') from None
    value = -value if signed and text.startswith("-") else value
    low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if not low <= value <= high:
        raise ValueError(f'strconv.{func}: parsing "{text}": value out of range')
    return value


def parse_bool(text: str) -> bool:
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise ValueError(f'strconv.ParseBool: parsing "{text}": invalid syntax')


def parse_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f'strconv.ParseFloat: parsing "{text}": invalid syntax') from None


_UNITS = {"ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}
_DURATION_NUMBER = re.compile(r"(\d*)(?:\.(\d*))?")
_DURATION_UNIT = re.compile(r"[^.0-9]*")


def parse_duration(text: str) -> int:
    """time.ParseDuration as go1.9.3 (the release's Go) words its errors: "1h30m", "1.5s", "-2m";
    a bare "0" is allowed."""
    sign, body = (-1, text[1:]) if text.startswith("-") else (1, text[1:] if text.startswith("+") else text)
    if body == "0":
        return 0
    invalid = ValueError(f"time: invalid duration {text}")
    if not body:
        raise invalid
    position, total = 0, 0.0
    while position < len(body):
        number = _DURATION_NUMBER.match(body, position)
        whole, fraction = number.group(1), number.group(2)
        if not whole and not fraction:  # the next character must be [0-9.], and digits must follow
            raise invalid
        unit = _DURATION_UNIT.match(body, number.end()).group()
        if not unit:
            raise ValueError(f"time: missing unit in duration {text}")
        if unit not in _UNITS:
            raise ValueError(f"time: unknown unit {unit} in duration {text}")
        total += float(f"{whole or 0}.{fraction or 0}") * _UNITS[unit]
        position = number.end() + len(unit)
    return sign * int(round(total))


def format_duration(ns: int) -> str:
    """time.Duration.String()."""
    if ns == 0:
        return "0s"
    sign, ns = ("-", -ns) if ns < 0 else ("", ns)
    if ns < 10**9:
        for unit, size in (("ms", 10**6), ("µs", 10**3), ("ns", 1)):
            if ns >= size:
                return sign + _trim(ns / size) + unit
    hours, rest = divmod(ns, 3600 * 10**9)
    minutes, rest = divmod(rest, 60 * 10**9)
    text = _trim(rest / 10**9) + "s"
    if hours or minutes:
        text = f"{minutes}m{text}"
    if hours:
        text = f"{hours}h{text}"
    return sign + text


class Duration(int):
    """time.Duration: nanoseconds, printed as Go prints them (1h0m0s, 30s, 1.5s)."""

    def __str__(self) -> str:
        return format_duration(self)

    __repr__ = __str__


def _trim(value: float) -> str:
    return f"{value:.9f}".rstrip("0").rstrip(".") or "0"


def format_float(value: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64)."""
    if value == 0:
        return "0"
    exponent = int(f"{value:e}".split("e")[1])
    if -4 <= exponent < 21:
        text = repr(value) if "e" not in repr(value) else f"{value:f}"
        return text[:-2] if text.endswith(".0") else text
    mantissa = repr(abs(value)).split("e")[0].replace(".", "").lstrip("0").rstrip("0") or "0"
    body = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
    return ("-" if value < 0 else "") + f"{body}e{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"


def read_csv(text: str) -> list[str]:
    """encoding/csv's Read of one record (string_slice.go's readAsCSV)."""
    if text == "":
        return []
    return next(csv.reader([text]))


def write_csv(items: list[str]) -> str:
    """encoding/csv's Write of one record, without the newline (writeAsCSV)."""
    def quote(item: str) -> str:
        needs = item == "\\." or any(c in item for c in ',"\r\n') or item[:1] in (" ", "\t")
        return '"' + item.replace('"', '""') + '"' if needs and item else item

    return ",".join(quote(i) for i in items)


# ---------------------------------------------------------------- values (one class per pflag value type)


class Value:
    """pflag.Value: Set(string) error, String() string, Type() string (`type_name`)."""

    type_name: str

    def set(self, text: str) -> None:
        raise NotImplementedError

    def string(self) -> str:
        raise NotImplementedError


@dataclass
class Scalar(Value):
    """string, bool, int*, uint*, float*, duration: one parsed value and its Go String()."""

    type_name: str
    value: Any
    parse: Callable[[str], Any] = field(repr=False, default=str)
    show: Callable[[Any], str] = field(repr=False, default=str)

    def set(self, text: str) -> None:
        self.value = self.parse(text)

    def string(self) -> str:
        return self.show(self.value)


@dataclass
class StringSlice(Value):
    """stringSlice: comma-separated (CSV), the first Set replaces the default, later ones append.
    stringArray: each Set is one element, no splitting."""

    type_name: str
    value: list[str]
    changed: bool = False

    def set(self, text: str) -> None:
        items = read_csv(text) if self.type_name == "stringSlice" else [text]
        self.value = items if not self.changed else self.value + items
        self.changed = True

    def string(self) -> str:
        return "[" + write_csv(self.value) + "]"


@dataclass
class IPValue(Value):
    type_name = "ip"
    value: str  # "" is nil

    def set(self, text: str) -> None:
        try:
            self.value = str(ipaddress.ip_address(text.strip()))
        except ValueError:
            raise ValueError(f'failed to parse IP: "{text}"') from None

    def string(self) -> str:
        return self.value or "<nil>"


@dataclass
class IPNetValue(Value):
    type_name = "ipNet"
    value: str  # "" is the zero IPNet

    def set(self, text: str) -> None:
        try:
            if "/" not in text:  # net.ParseCIDR wants address/prefix
                raise ValueError
            self.value = str(ipaddress.ip_network(text.strip(), strict=False))
        except ValueError:
            raise ValueError(f"invalid CIDR address: {text.strip()}") from None

    def string(self) -> str:
        return self.value or "<nil>"


def _ints(bits: int, signed: bool = True) -> Callable[[str], int]:
    return lambda text: parse_int(text, bits, signed)


SCALARS: dict[str, tuple[Callable[[str], Any], Callable[[Any], str]]] = {
    "string": (str, str),
    "bool": (parse_bool, lambda v: "true" if v else "false"),
    "int": (_ints(64), str), "int32": (_ints(32), str), "int64": (_ints(64), str),
    "uint": (_ints(64, False), str), "uint16": (_ints(16, False), str), "uint32": (_ints(32, False), str),
    "float32": (parse_float, format_float), "float64": (parse_float, format_float),
    "duration": (lambda text: Duration(parse_duration(text)), format_duration), "count": (_ints(64), str),
}  # fmt: skip


def make_value(type_name: str, default: Any) -> Value:
    """A pflag value of `type_name` holding `default` (durations in nanoseconds, IPs as text)."""
    if type_name in SCALARS:
        parse, show = SCALARS[type_name]
        return Scalar(type_name, default, parse, show)
    if type_name in ("stringSlice", "stringArray"):
        return StringSlice(type_name, list(default or []))
    if type_name == "ip":
        return IPValue(default or "")
    if type_name == "ipNet":
        return IPNetValue(default or "")
    raise ValueError(f"no replica of pflag value type {type_name!r}")


# ---------------------------------------------------------------- flags and flag sets (flag.go)


@dataclass
class Pointer:
    """Go's `&s.Etcd.StorageConfig.Prefix`: where an XxxVar flag keeps its value."""

    owner: Any
    field: str

    def get(self) -> Any:
        return getattr(self.owner, self.field)

    def set(self, value: Any) -> None:
        setattr(self.owner, self.field, list(value) if isinstance(value, list) else value)


@dataclass
class Flag:
    name: str
    shorthand: str
    usage: str
    value: Value
    default: str  # DefValue: the value's String() when registered
    no_opt_default: str = ""
    deprecated: str = ""
    hidden: bool = False
    shorthand_deprecated: str = ""
    changed: bool = False
    target: Pointer | None = None


class FlagSet:
    def __init__(self, name: str = "", err: TextIO | None = None) -> None:
        self.name = name
        self.formal: dict[str, Flag] = {}
        self.shorthands: dict[str, Flag] = {}
        self.args: list[str] = []
        self.normalize: Callable[[str], str] = lambda n: n
        self.err = err or sys.stderr

    # -------------------------------------------------------- registration (AddFlag, VarP, XxxVarP)

    def set_normalize_func(self, normalize: Callable[[str], str]) -> None:
        """SetNormalizeFunc: flags already registered take their normalised name (--help prints it)."""
        self.normalize = normalize
        self.formal = {normalize(name): flag for name, flag in self.formal.items()}
        for name, flag in self.formal.items():
            flag.name = name

    def var(self, value: Value, name: str, usage: str, shorthand: str = "") -> Flag:
        flag = Flag(name=name, shorthand=shorthand, usage=usage, value=value, default=value.string())
        return self.add_flag(flag)

    def add(self, type_name: str, name: str, default: Any, usage: str, shorthand: str = "", into: Pointer | None = None) -> Flag:
        """XxxVarP: a value of the registering method's type, its default recorded as DefValue and,
        like Go's `*p = val`, written to `into`.  Bool flags take no value on the command line
        (BoolVarP sets NoOptDefVal = "true")."""
        value = make_value(type_name, default)
        flag = self.var(value, name, usage, shorthand)
        if into is not None:
            flag.target = into
            into.set(default)
        if type_name == "bool":
            flag.no_opt_default = "true"
        return flag

    def add_go_flag_set(self, go_flags: GoFlagSet) -> None:
        """AddGoFlagSet (golangflag.go): each Go flag not yet known, in name order, as PFlagFromGoFlag
        makes it: one-letter names double as shorthand, Go bool flags take no value."""
        for name in sorted(go_flags.formal):
            if self.lookup(name) is not None:
                continue
            value, usage = go_flags.formal[name]
            flag = Flag(name=name, shorthand=name if len(name) == 1 else "", usage=usage, value=value, default=value.string())
            if value.type_name == "bool":
                flag.no_opt_default = "true"
            self.add_flag(flag)

    def add_flag(self, flag: Flag) -> Flag:
        normal = self.normalize(flag.name)
        if normal in self.formal:
            raise FlagError(f"{self.name} flag redefined: {flag.name}")
        flag.name = normal
        self.formal[normal] = flag
        if flag.shorthand:
            if len(flag.shorthand) > 1:
                raise FlagError(f"{self.name} shorthand more than ASCII character: {flag.shorthand}")
            if flag.shorthand in self.shorthands:
                old = self.shorthands[flag.shorthand]
                raise FlagError(f"{self.name} shorthand reused: {flag.shorthand!r} for {flag.name} already used for {old.name}")
            self.shorthands[flag.shorthand] = flag
        return flag

    def lookup(self, name: str) -> Flag | None:
        return self.formal.get(self.normalize(name))

    def mark_deprecated(self, name: str, message: str) -> None:
        flag = self.lookup(name)
        if flag is None:
            raise FlagError(f'flag "{name}" does not exist')
        if not message:
            raise FlagError(f'deprecated message for flag "{name}" must be set')
        flag.deprecated = message

    def mark_hidden(self, name: str) -> None:
        flag = self.lookup(name)
        if flag is None:
            raise FlagError(f'flag "{name}" does not exist')
        flag.hidden = True

    # -------------------------------------------------------- parsing (parseArgs, parseLongArg, parseSingleShortArg)

    def parse(self, arguments: list[str]) -> None:
        args = list(arguments)
        while args:
            s = args.pop(0)
            if len(s) < 2 or s[0] != "-":
                self.args.append(s)
                continue
            if s[1] == "-":
                if len(s) == 2:  # "--" ends the flags
                    self.args.extend(args)
                    return
                args = self._long(s, args)
            else:
                args = self._short(s, args)

    def _long(self, s: str, args: list[str]) -> list[str]:
        name = s[2:]
        if not name or name[0] in "-=":
            raise FlagError(f"bad flag syntax: {s}")
        name, has_value, value = name.partition("=")
        flag = self.formal.get(self.normalize(name))
        if flag is None:
            if name == "help":
                raise FlagError(HELP_REQUESTED)
            raise FlagError(f"unknown flag: --{name}")
        if has_value:
            pass
        elif flag.no_opt_default:
            value = flag.no_opt_default
        elif args:
            value = args.pop(0)
        else:
            raise FlagError(f"flag needs an argument: {s}")
        self._set(flag, value, s)
        return args

    def _short(self, s: str, args: list[str]) -> list[str]:
        shorthands, rest = s[1:], args
        while shorthands:
            # v1.9.9's parseShortArg hands every shorthand the original args, as here
            shorthands, rest = self._single_short(shorthands, args)
        return rest

    def _single_short(self, shorthands: str, args: list[str]) -> tuple[str, list[str]]:
        c = shorthands[0]
        flag = self.shorthands.get(c)
        if flag is None:
            if c == "h":
                raise FlagError(HELP_REQUESTED)
            raise FlagError(f"unknown shorthand flag: {_go_quote_rune(c)} in -{shorthands}")
        rest, out = shorthands[1:], args
        if len(shorthands) > 2 and shorthands[1] == "=":
            value, rest = shorthands[2:], ""
        elif flag.no_opt_default:
            value = flag.no_opt_default
        elif len(shorthands) > 1:
            value, rest = shorthands[1:], ""
        elif args:
            value, out = args[0], args[1:]
        else:
            raise FlagError(f"flag needs an argument: {_go_quote_rune(c)} in -{shorthands}")
        self._set(flag, value, shorthands)
        return rest, out

    def _set(self, flag: Flag, value: str, original: str) -> None:
        try:
            flag.value.set(value)
        except ValueError as exc:
            raise FlagError(f"invalid argument {go_quote(value)} for {original}: {exc}") from None
        if flag.target is not None:
            flag.target.set(flag.value.value)
        flag.changed = True
        if flag.deprecated:
            print(f"Flag --{flag.name} has been deprecated, {flag.deprecated}", file=self.err)
        if flag.shorthand_deprecated and not original.startswith("-") and flag.shorthand in original.split("=")[0]:
            print(f"Flag shorthand -{flag.shorthand} has been deprecated, {flag.shorthand_deprecated}", file=self.err)

    def parse_exit_on_error(self, arguments: list[str]) -> bool:
        """Parse as a FlagSet made with ExitOnError does (pflag.CommandLine): on an error print it
        (for --help nothing) and then "Usage of <name>:" and every flag to stderr; False means
        the caller exits with code 2, which v1.9.9 does for --help too."""
        try:
            self.parse(arguments)
            return True
        except FlagError as exc:
            if str(exc) != HELP_REQUESTED:
                print(exc, file=self.err)
            print(f"Usage of {self.name}:\n{self.flag_usages()}", end="", file=self.err)
            return False

    # -------------------------------------------------------- help (FlagUsagesWrapped with cols = 0)

    def flag_usages(self) -> str:
        lines: list[str] = []
        widest = 0
        for name in sorted(self.formal):
            flag = self.formal[name]
            if flag.deprecated or flag.hidden:
                continue
            line = f"  -{flag.shorthand}, --{flag.name}" if flag.shorthand and not flag.shorthand_deprecated else f"      --{flag.name}"
            varname, usage = unquote_usage(flag)
            if varname:
                line += " " + varname
            if flag.no_opt_default:
                kind = flag.value.type_name
                if kind == "string":
                    line += f'[="{flag.no_opt_default}"]'
                elif kind == "bool":
                    line += f"[={flag.no_opt_default}]" if flag.no_opt_default != "true" else ""
                else:
                    line += f"[={flag.no_opt_default}]"
            line += "\x00"
            widest = max(widest, len(line))
            line += usage
            if not default_is_zero(flag):
                line += f' (default "{flag.default}")' if flag.value.type_name == "string" else f" (default {flag.default})"
            lines.append(line)
        out = []
        for line in lines:
            cut = line.index("\x00")
            out.append(line[:cut] + " " + " " * (widest - cut) + " " + line[cut + 1 :])
        return "".join(text + "\n" for text in out)


class GoFlagSet:
    """Go's standard `flag` FlagSet, as far as kube-apiserver uses it: package-level registrations
    (glog's flags and a few plugins') that InitFlags later hands to pflag."""

    def __init__(self) -> None:
        self.formal: dict[str, tuple[Value, str]] = {}

    def var(self, value: Value, name: str, usage: str) -> None:
        if name in self.formal:
            raise FlagError(f"flag redefined: {name}")
        self.formal[name] = (value, usage)

    def add(self, type_name: str, name: str, default: Any, usage: str) -> Value:
        value = make_value(type_name, default)
        self.var(value, name, usage)
        return value

    def set(self, name: str, text: str) -> None:
        """flag.Set: the value changes; the flag's own default (DefValue) does not."""
        if name not in self.formal:
            raise FlagError(f"no such flag -{name}")
        self.formal[name][0].set(text)


def unquote_usage(flag: Flag) -> tuple[str, str]:
    """A `backquoted` word in the usage names the value; else the type name (bool: none)."""
    usage = flag.usage
    first = usage.find("`")
    if first >= 0:
        second = usage.find("`", first + 1)
        if second >= 0:
            name = usage[first + 1 : second]
            return name, usage[:first] + name + usage[second + 1 :]
    name = flag.value.type_name
    return {"bool": "", "float64": "float", "int64": "int", "uint64": "uint"}.get(name, name), usage


def default_is_zero(flag: Flag) -> bool:
    """defaultIsZeroValue (flag.go); written apart from the facts stage's, which it is tested against."""
    kind, default = flag.value.type_name, flag.default
    if kind == "bool":
        return default == "false"
    if kind == "duration":
        return default in ("0", "0s")
    if kind in ("int", "int8", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "count", "float32", "float64"):
        return default == "0"
    if kind == "string":
        return default == ""
    if kind in ("ip", "ipMask", "ipNet"):
        return default == "<nil>"
    if kind in ("intSlice", "stringSlice", "stringArray"):
        return default == "[]"
    return flag.value.string() in ("false", "<nil>", "", "0")


def go_quote(text: str) -> str:
    """strconv.Quote (fmt's %q): printable runes as they are, the rest escaped as Go escapes them."""
    named = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", '"': '\\"', "\\": "\\\\"}
    out = []
    for c in text:
        if c in named:
            out.append(named[c])
        elif c.isprintable():
            out.append(c)
        elif ord(c) < 0x80:
            out.append(f"\\x{ord(c):02x}")
        else:
            out.append(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


def _go_quote_rune(c: str) -> str:
    return "'" + c.replace("\\", "\\\\").replace("'", "\\'") + "'"


# ---------------------------------------------------------------- run it


def main(argv: list[str]) -> int:
    """A small flag set, parsed from argv: shows what pflag would do with a command line."""
    fs = FlagSet("pflag-demo")
    fs.add("string", "name", "world", "who to greet")
    fs.add("bool", "verbose", False, "say more", shorthand="v")
    fs.add("int", "count", 1, "how many `times`")
    fs.add("duration", "timeout", 90 * 10**9, "how long to wait")
    fs.add("stringSlice", "tags", ["a", "b"], "comma-separated tags")
    if not fs.parse_exit_on_error(argv):
        return 2
    for name in sorted(fs.formal):
        flag = fs.formal[name]
        print(f"--{name} = {flag.value.string()}{'  (set)' if flag.changed else ''}")
    print("args:", fs.args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
