"""Run-time values of the facts interpreter: Go values as Python values, plus what is unknown.

Strings, ints, floats and bools are Python's own; slices are lists, maps dicts, nil is None.
Go-specific shapes get small classes: structs (mutable, with where each field was set),
pointers to variables and fields, values of named types (to dispatch their methods),
durations (printed as Go prints them), functions, and `Unknown` for whatever the
interpreter cannot compute — which carries why, and always propagates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reader.parse.models import FuncDecl, TypeRef


@dataclass(frozen=True)
class Unknown:
    """A value the interpreter could not compute; `why` says what stopped it."""

    why: str

    def __str__(self) -> str:
        return f"<unknown: {self.why}>"


@dataclass(eq=False)
class Struct:
    """A struct value.  Missing fields are zero values, made on first read from `field_types`."""

    type: tuple[str, str] | None  # (package, type name); None for anonymous structs
    fields: dict[str, Any] = field(default_factory=dict)
    field_types: dict[str, tuple[TypeRef, str]] = field(default_factory=dict)  # name -> (type, file it is written in)
    embedded: tuple[str, ...] = ()
    origins: dict[str, str] = field(default_factory=dict)  # name -> "file:line" where it was last set

    def copy(self) -> Struct:
        return Struct(self.type, dict(self.fields), self.field_types, self.embedded, dict(self.origins))


@dataclass(eq=False)
class Cell:
    """A variable: what `&x` points at for a non-struct x."""

    value: Any
    name: str = ""
    origin: str = ""  # file:line where the value it holds was written as a literal, when known


@dataclass(frozen=True, eq=False)
class FieldRef:
    """`&s.F` for a non-struct field F: a pointer into a struct."""

    owner: Struct
    name: str

    def get(self) -> Any:
        return self.owner.fields.get(self.name)

    def set(self, value: Any) -> None:
        self.owner.fields[self.name] = value


@dataclass(frozen=True)
class Named:
    """A value of a named non-struct type (`type Types []Type`), so its methods can be found."""

    value: Any
    type: tuple[str, str]


class Duration(int):
    """time.Duration: nanoseconds, printed as Go's Duration.String() prints them."""

    def __add__(self, other: Any) -> Any:
        return Duration(int(self) + int(other)) if isinstance(other, int) else NotImplemented

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        return Duration(int(self) - int(other)) if isinstance(other, int) else NotImplemented

    def __mul__(self, other: Any) -> Any:
        return Duration(int(self) * int(other)) if isinstance(other, int) else NotImplemented

    __rmul__ = __mul__

    def __floordiv__(self, other: Any) -> Any:
        return Duration(int(self) // int(other)) if isinstance(other, int) else NotImplemented

    def go_string(self) -> str:
        return go_duration(int(self))

    def go_method(self, name: str, args: list[Any], site: Any, interp: Any) -> list[Any]:
        return _string_method(self, name)


@dataclass(frozen=True)
class GoFunc:
    """A function or method value; `receiver` is bound for method values, `closure` for literals."""

    decl: FuncDecl | None
    file: str
    pkg: str
    receiver: Any = None
    has_receiver: bool = False
    closure: Any = None  # the defining environment of a function literal
    literal: Any = None  # the FuncLit expression (its body is parsed on demand)


@dataclass(frozen=True)
class TypeValue:
    """A type used as a value: the callee of a conversion, the argument of new/make."""

    ref: TypeRef
    file: str


@dataclass(frozen=True)
class External:
    """A function of a package outside the tree (the standard library); emulated where known."""

    pkg: str
    name: str


@dataclass(frozen=True)
class ErrorValue:
    message: str


@dataclass(frozen=True)
class IPNet:
    """net.IPNet, kept as text ('' for the zero value)."""

    cidr: str

    def go_string(self) -> str:
        return self.cidr or "<nil>"

    def go_method(self, name: str, args: list[Any], site: Any, interp: Any) -> list[Any]:
        return _string_method(self, name)


@dataclass(frozen=True)
class IP:
    text: str  # '' for nil

    def go_string(self) -> str:
        return self.text or "<nil>"

    def go_method(self, name: str, args: list[Any], site: Any, interp: Any) -> list[Any]:
        return _string_method(self, name)


def _string_method(value: Any, name: str) -> list[Any]:
    """Values of standard-library types answer String(); other methods are unknown."""
    return [value.go_string()] if name == "String" else [Unknown(f"{type(value).__name__}.{name}")]


def go_duration(ns: int) -> str:
    """Go's time.Duration.String()."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    if ns < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if ns >= size:
                return sign + _trim(ns / size) + unit
    hours = ns // 3_600_000_000_000
    minutes = (ns // 60_000_000_000) % 60
    seconds = (ns % 60_000_000_000) / 1e9
    text = _trim(seconds) + "s"
    if hours or minutes:
        text = f"{minutes}m" + text
    if hours:
        text = f"{hours}h" + text
    return sign + text


def _trim(value: float) -> str:
    text = f"{value:.9f}".rstrip("0").rstrip(".")
    return text or "0"


def unwrap(value: Any) -> Any:
    """The plain value under named types and cells."""
    while isinstance(value, (Named, Cell)):
        value = value.value
    return value
