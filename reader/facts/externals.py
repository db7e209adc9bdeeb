"""The standard library, as far as constructors and flag registration use it.

Each emulation follows the Go function's documented behaviour (fmt verbs, strings, sort,
time constants, net parsing); everything else is `Unknown`, named, so a fact that depends on
it is reported as unevaluated rather than guessed.
"""

from __future__ import annotations

import ipaddress
import re
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
        handler = getattr(self, f"_{pkg.replace('/', '_')}_{name}", None)
        if handler is None:
            return [Unknown(f"calls {pkg}.{name}")]
        if any(isinstance(a, Unknown) for a in plain):
            return [next(a for a in plain if isinstance(a, Unknown))]
        return handler(*plain)

    # fmt
    def _fmt_Sprintf(self, template: Any, *args: Any) -> list[Any]:
        return [sprintf(template, list(args))]

    def _fmt_Fprintf(self, out: Any, template: Any, *args: Any) -> list[Any]:
        text = sprintf(template, list(args))
        if isinstance(out, _Buffer) and isinstance(text, str):
            out.parts.append(text)
            return [len(text), None]
        return [Unknown("fmt.Fprintf to an unknown writer"), None]

    def _fmt_Sprint(self, *args: Any) -> list[Any]:
        return ["".join(go_string(a) for a in args)]

    def _fmt_Errorf(self, template: Any, *args: Any) -> list[Any]:
        text = sprintf(template, list(args))
        return [ErrorValue(text) if isinstance(text, str) else text]

    # errors
    def _errors_New(self, text: str) -> list[Any]:
        return [ErrorValue(text)]

    # strings
    def _strings_Join(self, items: Any, sep: str) -> list[Any]:
        items = [unwrap(i) for i in (items or [])]
        if not all(isinstance(i, str) for i in items):
            return [Unknown("strings.Join of unknown items")]
        return [sep.join(items)]

    def _strings_ToLower(self, s: str) -> list[Any]:
        return [s.lower()]

    def _strings_ToUpper(self, s: str) -> list[Any]:
        return [s.upper()]

    def _strings_TrimSpace(self, s: str) -> list[Any]:
        return [s.strip(" \t\n\r\v\f")]

    def _strings_TrimSuffix(self, s: str, suffix: str) -> list[Any]:
        return [s.removesuffix(suffix)]

    def _strings_TrimPrefix(self, s: str, prefix: str) -> list[Any]:
        return [s.removeprefix(prefix)]

    def _strings_Split(self, s: str, sep: str) -> list[Any]:
        return [s.split(sep) if sep else list(s)]

    def _strings_Replace(self, s: str, old: str, new: str, n: int) -> list[Any]:
        return [s.replace(old, new) if n < 0 else s.replace(old, new, n)]

    def _strings_Contains(self, s: str, sub: str) -> list[Any]:
        return [sub in s]

    def _strings_HasPrefix(self, s: str, prefix: str) -> list[Any]:
        return [s.startswith(prefix)]

    def _strings_HasSuffix(self, s: str, suffix: str) -> list[Any]:
        return [s.endswith(suffix)]

    def _strings_Repeat(self, s: str, n: int) -> list[Any]:
        return [s * n]

    # sort
    def _sort_Strings(self, items: Any) -> list[Any]:
        if isinstance(items, list):
            items.sort()
        return []

    # strconv
    def _strconv_Itoa(self, n: int) -> list[Any]:
        return [str(n)]

    def _strconv_Quote(self, s: str) -> list[Any]:
        return ['"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"']

    def _strconv_FormatInt(self, n: int, base: int) -> list[Any]:
        return [format(n, {2: "b", 8: "o", 10: "d", 16: "x"}.get(base, "d"))]

    # path
    def _path_filepath_Join(self, *parts: str) -> list[Any]:
        return [_join(parts)]

    def _path_Join(self, *parts: str) -> list[Any]:
        return [_join(parts)]

    # net
    def _net_ParseIP(self, text: str) -> list[Any]:
        try:
            return [IP(str(ipaddress.ip_address(text)))]
        except ValueError:
            return [IP("")]

    def _net_ParseCIDR(self, text: str) -> list[Any]:
        try:
            network = ipaddress.ip_network(text, strict=False)
            address = ipaddress.ip_interface(text).ip
        except ValueError:
            return [IP(""), None, ErrorValue(f"invalid CIDR address: {text}")]
        return [IP(str(address)), IPNet(str(network)), None]

    def _net_IPv4(self, a: int, b: int, c: int, d: int) -> list[Any]:
        return [IP(f"{a}.{b}.{c}.{d}")]

    # os
    def _os_Getenv(self, name: str) -> list[Any]:
        return [Unknown(f"environment variable {name}")]

    # time
    def _time_Duration(self, n: int) -> list[Any]:
        return [Duration(n)]


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


__all__ = ["Externals", "format_float", "go_string", "sprintf"]
