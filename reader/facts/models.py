"""What the facts stage hands on: flags, the defaults tree and the startup steps, each with
the file:line it was read from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FlagFact:
    name: str
    type: str  # pflag's Value.Type(), e.g. string, stringSlice, duration, portRange
    default: str | None  # DefValue as pflag records it (None: could not be evaluated)
    default_written: str  # the default argument as written
    usage: str | None
    source: str  # file:line of the registering call
    shorthand: str = ""
    deprecated: str = ""
    hidden: bool = False
    no_opt_default: str = ""
    options_field: str = ""  # ServerRunOptions field path the flag sets
    field_id: str = ""  # that field's symbol id (importpath.Type.Field)
    global_: bool = False  # registered at package level and picked up by main
    unevaluated: str = ""  # why something about it could not be evaluated

    @property
    def help_default(self) -> str:
        """The ` (default …)` suffix --help prints, or '' when pflag prints none."""
        if self.default is None or _is_zero(self.type, self.default):
            return ""
        return f' (default "{self.default}")' if self.type == "string" else f" (default {self.default})"


def _is_zero(kind: str, value: str) -> bool:
    """pflag's defaultIsZeroValue.  The pflag replica has its own copy on purpose: the replica is
    checked against these facts, so the two must not share code."""
    if kind == "bool":
        return value == "false"
    if kind == "duration":
        return value in ("0", "0s")
    if kind in {"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "count", "float32", "float64"}:
        return value == "0"
    if kind == "string":
        return value == ""
    if kind in ("ip", "ipMask", "ipNet"):
        return value == "<nil>"
    if kind in ("intSlice", "stringSlice", "stringArray"):
        return value == "[]"
    return value in ("false", "<nil>", "", "0")


@dataclass(frozen=True)
class Registration:
    """A flag registration the interpreter never reached: listed, never dropped."""

    source: str
    callee: str
    reason: str


@dataclass(frozen=True)
class DefaultFact:
    path: str  # Etcd.StorageConfig.Prefix
    type: str  # the field's Go type as written
    value: str  # Go-like rendering; nested structs have their own rows
    set_at: str  # file:line where the value was set, or "" for a zero value
    depth: int


@dataclass(frozen=True)
class Step:
    function: str  # symbol id
    index: int
    kind: str  # assign, call, if, return, defer, go, ...
    line: int
    end_line: int
    text: str  # the statement's first line
    calls: tuple[str, ...]  # callee ids on those lines, in order
    assigns: tuple[str, ...]  # names or fields it assigns
    returns: tuple[str, ...]  # expressions it returns


@dataclass(frozen=True)
class ControllerFact:
    """One row of a controller table (kube-controller-manager's NewControllerInitializers)."""

    name: str  # the key: what --controllers names
    init_function: str  # symbol id of the function that starts it ("" when not a named function)
    source: str  # file:line where the table sets it
    enabled_by_default: bool


@dataclass(frozen=True)
class AlgorithmFact:
    """One predicate or priority of a scheduler algorithm provider (kube-scheduler's DefaultProvider)."""

    kind: str  # "predicate" or "priority"
    name: str  # as --policy-config-file and the scheduler's logs name it
    function: str  # symbol id of the Go function it registers, or of the constructor its factory calls ("" when neither)
    weight: int | None  # a priority's weight (None for a predicate)
    mandatory: bool  # registered with RegisterMandatoryFitPredicate: part of every provider
    source: str  # file:line of the registering call ("" when none was found)


@dataclass(frozen=True)
class Facts:
    book: str  # the component: kube-apiserver
    commit: str
    flags: tuple[FlagFact, ...]
    unevaluated: tuple[Registration, ...]
    defaults: tuple[DefaultFact, ...]
    steps: tuple[Step, ...]
    notes: tuple[str, ...]  # branches and statements the interpreter did not run, with file:line
    hand_over: str  # file:line where main handed over ("" when the run never reached it)
    options_type: str = ""  # the type of the defaults tree's root: ServerRunOptions
    api_versions: tuple[str, ...] = ()  # group versions served by default ("v1", "apps/v1beta1", …)
    registered_versions: tuple[str, ...] = ()  # every group version the binary registers, sorted
    controllers: tuple[ControllerFact, ...] = ()  # the controller table, in the order the source fills it
    algorithm: tuple[AlgorithmFact, ...] = ()  # the default scheduling algorithm provider, in registration order
