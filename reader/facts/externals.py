"""The standard library, as far as constructors and flag registration use it.

Each emulation follows the Go function's documented behaviour (fmt verbs, strings, sort,
time constants, net parsing); everything else is `Unknown`, named, so a fact that depends on
it is reported as unevaluated rather than guessed.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Any

from reader.facts.values import IP, Duration, ErrorValue, External, IPNet, Named, Struct, Unknown, unwrap

_TIME = {"Nanosecond": 1, "Microsecond": 1_000, "Millisecond": 1_000_000, "Second": 1_000_000_000,
         "Minute": 60_000_000_000, "Hour": 3_600_000_000_000}  # fmt: skip
_CONSTANTS: dict[tuple[str, str], Any] = {
    **{("time", k): Duration(v) for k, v in _TIME.items()},
    ("math", "MaxInt32"): 2**31 - 1, ("math", "MaxInt64"): 2**63 - 1, ("math", "MaxUint16"): 2**16 - 1,
    ("math", "MaxInt16"): 2**15 - 1, ("math", "MaxUint32"): 2**32 - 1,
    ("net", "IPv4len"): 4, ("net", "IPv6len"): 16, ("os", "PathSeparator"): "/",
}  # fmt: skip


def go_string(value: Any) -> str:
    """How fmt's %v prints a value."""
    value = unwrap(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "<nil>"
    if isinstance(value, Duration):
        return value.go_string()
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, (IP, IPNet)):
        return value.go_string()
    if isinstance(value, ErrorValue):
        return value.message
    if isinstance(value, list):
        return "[" + " ".join(go_string(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{go_string(k)}:{go_string(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))) + "]"
    if isinstance(value, Struct):
        return "{" + " ".join(go_string(v) for v in value.fields.values()) + "}"
    if isinstance(value, (str, int, float)):
        return str(value)
    return f"<{type(value).__name__}>"  # function values print as addresses in Go: nothing stable to show


def format_float(value: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64): shortest repr, exponent form below 1e-4 or from 1e21."""
    if value == 0:
        return "0"
    shortest = repr(value)
    mantissa, _, exponent = f"{value:e}".partition("e")
    exp = int(exponent)
    if -4 <= exp < 21:
        text = f"{value:f}" if "e" in shortest else shortest
        return text[:-2] if text.endswith(".0") else text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text
    digits = shortest.replace("-", "").split("e")[0].replace(".", "").lstrip("0").rstrip("0") or "0"
    body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return ("-" if value < 0 else "") + f"{body}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"


def sprintf(template: Any, args: list[Any]) -> Any:
    template = unwrap(template)
    if not isinstance(template, str):
        return Unknown("format string not known")
    if any(isinstance(unwrap(a), Unknown) for a in args):
        return next(unwrap(a) for a in args if isinstance(unwrap(a), Unknown))
    out: list[str] = []
    values = iter(args)
    pattern = re.compile(r"%([-+# 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])")
    position = 0
    for match in pattern.finditer(template):
        out.append(template[position : match.start()])
        position = match.end()
        flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
            continue
        value = unwrap(next(values, Unknown("missing argument")))
        if isinstance(value, Unknown):
            return value
        if verb in ("s", "v"):
            text = go_string(value)
        elif verb == "q":
            text = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        elif verb == "d":
            text = str(int(value))
        elif verb == "t":
            text = go_string(bool(value))
        elif verb in ("x", "X"):
            text = format(int(value), verb) if isinstance(value, int) else str(value).encode().hex()
        elif verb in ("f", "F"):
            text = f"{float(value):.{int(precision) if precision else 6}f}"
        elif verb == "g":
            text = format_float(float(value))
        else:
            return Unknown(f"fmt verb %{verb}")
        if width:
            text = text.ljust(int(width)) if "-" in flags else text.rjust(int(width), "0" if "0" in flags else " ")
        out.append(text)
    out.append(template[position:])
    return "".join(out)


# (package, name) -> the emulation: called with the arguments' plain values, returns the results
EMULATED: dict[tuple[str, str], Callable[..., list[Any]]] = {}
_RAW: set[tuple[str, str]] = set()  # emulations that take their arguments as they are (pointers stay pointers)


def emulates(pkg: str, name: str, raw: bool = False) -> Callable[[Callable[..., list[Any]]], Callable[..., list[Any]]]:
    def register(function: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
        EMULATED[(pkg, name)] = function
        if raw:
            _RAW.add((pkg, name))
        return function

    return register


class Externals:
    """Standard-library functions and constants the interpreter may call or read."""

    def value(self, pkg: str, name: str) -> Any:
        if (pkg, name) in _CONSTANTS:
            return _CONSTANTS[(pkg, name)]
        return External(pkg, name)

    def zero(self, pkg: str, name: str) -> Any:
        if (pkg, name) in (("sync", "Mutex"), ("sync", "RWMutex"), ("sync", "WaitGroup")):
            return _Lock()
        if (pkg, name) == ("bytes", "Buffer"):
            return _Buffer()
        if (pkg, name) == ("sync/atomic", "Value"):
            return _AtomicValue()
        if (pkg, name) == ("sync", "Once"):
            return _Once()
        if (pkg, name) == ("time", "Duration"):
            return Duration(0)
        if (pkg, name) == ("net", "IPNet"):
            return IPNet("")
        if (pkg, name) == ("net", "IP"):
            return IP("")
        return Unknown(f"zero value of {pkg}.{name}")

    def convert(self, pkg: str, name: str, value: Any) -> Any:
        if (pkg, name) == ("time", "Duration") and isinstance(value, (int, float)):
            return Duration(int(value))
        return Named(value, (pkg, name))

    def call(self, interp: Any, pkg: str, name: str, args: list[Any], site: Any) -> list[Any]:
        plain = [unwrap(a) for a in args]
        handler = EMULATED.get((pkg, name))
        if handler is None:
            return [Unknown(f"calls {pkg}.{name}")]
        if (pkg, name) in _RAW:
            return handler(*args)
        if any(isinstance(a, Unknown) for a in plain):
            return [next(a for a in plain if isinstance(a, Unknown))]
        try:
            return handler(*plain)
        except (TypeError, ValueError, AttributeError):  # arguments of a kind the emulation does not take (a nil, a struct)
            return [Unknown(f"{pkg}.{name} of arguments it is not emulated for")]


# ---------------------------------------------------------------- the emulated functions, by package


# fmt


@emulates("fmt", "Sprintf")
def _fmt_Sprintf(template: Any, *args: Any) -> list[Any]:
    return [sprintf(template, list(args))]


@emulates("fmt", "Fprintf")
def _fmt_Fprintf(out: Any, template: Any, *args: Any) -> list[Any]:
    text = sprintf(template, list(args))
    if isinstance(out, _Buffer) and isinstance(text, str):
        out.parts.append(text)
        return [len(text), None]
    return [Unknown("fmt.Fprintf to an unknown writer"), None]


@emulates("fmt", "Sprint")
def _fmt_Sprint(*args: Any) -> list[Any]:
    return ["".join(go_string(a) for a in args)]


@emulates("fmt", "Errorf")
def _fmt_Errorf(template: Any, *args: Any) -> list[Any]:
    text = sprintf(template, list(args))
    return [ErrorValue(text) if isinstance(text, str) else text]


# errors


@emulates("errors", "New")
def _errors_New(text: str) -> list[Any]:
    return [ErrorValue(text)]


# strings


@emulates("strings", "Join")
def _strings_Join(items: Any, sep: str) -> list[Any]:
    items = [unwrap(i) for i in (items or [])]
    if not all(isinstance(i, str) for i in items):
        return [Unknown("strings.Join of unknown items")]
    return [sep.join(items)]


@emulates("strings", "ToLower")
def _strings_ToLower(s: str) -> list[Any]:
    return [s.lower()]


@emulates("strings", "ToUpper")
def _strings_ToUpper(s: str) -> list[Any]:
    return [s.upper()]


@emulates("strings", "TrimSpace")
def _strings_TrimSpace(s: str) -> list[Any]:
    return [s.strip(" \t\n\r\v\f")]


@emulates("strings", "TrimSuffix")
def _strings_TrimSuffix(s: str, suffix: str) -> list[Any]:
    return [s.removesuffix(suffix)]


@emulates("strings", "TrimPrefix")
def _strings_TrimPrefix(s: str, prefix: str) -> list[Any]:
    return [s.removeprefix(prefix)]


@emulates("strings", "Split")
def _strings_Split(s: str, sep: str) -> list[Any]:
    return [s.split(sep) if sep else list(s)]


@emulates("strings", "Replace")
def _strings_Replace(s: str, old: str, new: str, n: int) -> list[Any]:
    return [s.replace(old, new) if n < 0 else s.replace(old, new, n)]


@emulates("strings", "Contains")
def _strings_Contains(s: str, sub: str) -> list[Any]:
    return [sub in s]


@emulates("strings", "HasPrefix")
def _strings_HasPrefix(s: str, prefix: str) -> list[Any]:
    return [s.startswith(prefix)]


@emulates("strings", "HasSuffix")
def _strings_HasSuffix(s: str, suffix: str) -> list[Any]:
    return [s.endswith(suffix)]


@emulates("strings", "Repeat")
def _strings_Repeat(s: str, n: int) -> list[Any]:
    return [s * n]


# sort


@emulates("sort", "Strings")
def _sort_Strings(items: Any) -> list[Any]:
    if isinstance(items, list):
        items.sort()
    return []


# strconv


@emulates("strconv", "Itoa")
def _strconv_Itoa(n: int) -> list[Any]:
    return [str(n)]


@emulates("strconv", "Quote")
def _strconv_Quote(s: str) -> list[Any]:
    return ['"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"']


@emulates("strconv", "FormatInt")
def _strconv_FormatInt(n: int, base: int) -> list[Any]:
    return [format(n, {2: "b", 8: "o", 10: "d", 16: "x"}.get(base, "d"))]


# path


@emulates("path/filepath", "Join")
def _path_filepath_Join(*parts: str) -> list[Any]:
    return [_join(parts)]


@emulates("path", "Join")
def _path_Join(*parts: str) -> list[Any]:
    return [_join(parts)]


# net


@emulates("net", "ParseIP")
def _net_ParseIP(text: str) -> list[Any]:
    try:
        return [IP(str(ipaddress.ip_address(text)))]
    except ValueError:
        return [IP("")]


@emulates("net", "ParseCIDR")
def _net_ParseCIDR(text: str) -> list[Any]:
    try:
        network = ipaddress.ip_network(text, strict=False)
        address = ipaddress.ip_interface(text).ip
    except ValueError:
        return [IP(""), None, ErrorValue(f"invalid CIDR address: {text}")]
    return [IP(str(address)), IPNet(str(network)), None]


@emulates("net", "IPv4")
def _net_IPv4(a: int, b: int, c: int, d: int) -> list[Any]:
    return [IP(f"{a}.{b}.{c}.{d}")]


# os


@emulates("os", "Getenv")
def _os_Getenv(name: str) -> list[Any]:
    return [Unknown(f"environment variable {name}")]


@emulates("net", "SplitHostPort")
def _net_SplitHostPort(hostport: str) -> list[Any]:
    """host, port, err: the port after the last colon; an IPv6 host in brackets."""
    def fail(why: str) -> list[Any]:
        return ["", "", ErrorValue(f"address {hostport}: {why}")]

    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0:
            return fail("missing ']' in address")
        host, rest = hostport[1:close], hostport[close + 1 :]
        return [host, rest[1:], None] if rest.startswith(":") else fail("missing port in address")
    host, colon, port = hostport.rpartition(":")
    if not colon:
        return fail("missing port in address")
    if ":" in host:
        return fail("too many colons in address")
    return [host, port, None]


@emulates("net", "JoinHostPort")
def _net_JoinHostPort(host: str, port: str) -> list[Any]:
    return [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]


@emulates("sort", "Sort")
def _sort_Sort(items: Any) -> list[Any]:
    """sort.Sort of a sortable slice of strings (sets.String.List's): sorted in place."""
    if isinstance(items, list) and all(isinstance(unwrap(i), str) for i in items):
        items.sort(key=unwrap)
        return []
    return [Unknown("sort.Sort of a slice that is not of strings")]


@emulates("strings", "Index")
def _strings_Index(s: str, sub: str) -> list[Any]:
    return [s.find(sub)]


# time


@emulates("time", "Duration")
def _time_Duration(n: int) -> list[Any]:
    return [Duration(n)]


# unsafe, reflect


@emulates("unsafe", "Pointer", raw=True)
def _unsafe_Pointer(pointer: Any) -> list[Any]:
    """Generated conversions cast between identical layouts: the value passes through."""
    return [pointer]


@emulates("reflect", "ValueOf")
def _reflect_ValueOf(value: Any) -> list[Any]:
    return [_ReflectValue(value)]


class _ReflectValue:
    """reflect.Value, as far as sets.StringKeySet uses it: MapKeys, Interface."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def go_method(self, name: str, args: list[Any], site: Any, interp: Any) -> list[Any]:
        if name == "MapKeys" and isinstance(self.value, dict):
            return [[_ReflectValue(k) for k in self.value]]
        if name == "Interface":
            return [self.value]
        return [Unknown(f"reflect.Value.{name}")]


class _Lock:
    """sync.Mutex / RWMutex / WaitGroup: single-threaded here, so every method is a no-op."""

    def go_method(self, name: str, args: list[Any], site: Any, interp: Any) -> list[Any]:
        return []


class _Buffer:
    """bytes.Buffer, for String() methods that build text."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def go_method(self, name: str, args: list[Any], site: Any, interp: Any) -> list[Any]:
        value = unwrap(args[0]) if args else None
        if name in ("WriteString", "WriteRune", "WriteByte", "Write") and value is not None:
            text = chr(value) if isinstance(value, int) else value if isinstance(value, str) else None
            if text is None:
                return [Unknown("bytes.Buffer write of an unknown value")]
            self.parts.append(text)
            return [len(text), None]
        if name == "String":
            return ["".join(self.parts)]
        if name == "Len":
            return [len("".join(self.parts))]
        return [Unknown(f"bytes.Buffer.{name}")]


class _AtomicValue:
    """sync/atomic.Value: Store and Load."""

    def __init__(self) -> None:
        self.value: Any = None

    def go_method(self, name: str, args: list[Any], site: Any, interp: Any) -> list[Any]:
        if name == "Store" and args:
            self.value = args[0]
            return []
        if name == "Load":
            return [self.value]
        return [Unknown(f"atomic.Value.{name}")]


class _Once:
    """sync.Once: Do runs its function the first time."""

    def __init__(self) -> None:
        self.done = False

    def go_method(self, name: str, args: list[Any], site: Any, interp: Any) -> list[Any]:
        if name == "Do" and args and not self.done:
            self.done = True
            interp.invoke(args[0], [], site)
        return []


def _join(parts: tuple[str, ...]) -> str:
    import posixpath

    joined = posixpath.join(*[p for p in parts if p]) if any(parts) else ""
    return posixpath.normpath(joined) if joined else ""


__all__ = ["EMULATED", "Externals", "emulates", "format_float", "go_string", "sprintf"]
