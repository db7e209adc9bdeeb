"""What the index stage hands on: packages, symbols and resolved call sites.

Symbol ids follow Go's own spelling: `importpath.Func`, `importpath.(*T).Method` or
`importpath.(T).Method` by the receiver as declared, `importpath.(I).Method` for interface
methods, `importpath.T` for types, vars and consts, `importpath.T.Field` for struct fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.parse.models import GoFile, Problem, Span

RESOLVED = "resolved"
DYNAMIC = "dynamic"
UNRESOLVED = "unresolved"


@dataclass(frozen=True, slots=True)
class Symbol:
    id: str
    kind: str  # func, method, interface-method, type, var, const, field
    name: str
    package: str  # import path
    file: str  # repository-relative path (staging/src/... for staged repositories)
    span: Span
    name_span: Span
    doc: str = ""
    signature: str = ""  # for funcs and methods: as written; for others: a short declaration


@dataclass(frozen=True, slots=True)
class CallEdge:
    """One call site and what it calls.

    status: resolved (the callee is certain), dynamic (an interface method or function value:
    `callee` is the static callee when known, `candidates` the implementations found by method
    set), unresolved (`reason` says why).  `how` names the rule that decided.
    """

    caller: str
    file: str
    line: int
    col: int
    callee: str | None
    status: str
    how: str
    reason: str = ""
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Package:
    path: str  # import path, vendor prefix removed
    name: str  # the package clause
    dir: str  # repository-relative directory
    files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FileReport:
    """Why a file is not in the index, or what was odd about one that is."""

    file: str
    excluded: str = ""  # reason a .go file was left out (build constraints, test, cgo)
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Index:
    """The whole tree.  The lookup tables are derived from `calls` when the index is made."""

    commit: str
    packages: dict[str, Package]
    symbols: dict[str, Symbol]
    calls: tuple[CallEdge, ...]
    reports: tuple[FileReport, ...]
    _by_caller: dict[str, list[CallEdge]] = field(init=False, repr=False, compare=False)
    _by_callee: dict[str, list[CallEdge]] = field(init=False, repr=False, compare=False)
    _by_file: dict[str, list[CallEdge]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_caller: dict[str, list[CallEdge]] = {}
        by_callee: dict[str, list[CallEdge]] = {}
        by_file: dict[str, list[CallEdge]] = {}
        for call in self.calls:
            by_caller.setdefault(call.caller, []).append(call)
            by_file.setdefault(call.file, []).append(call)
            for target in {call.callee, *call.candidates} - {None}:
                by_callee.setdefault(target, []).append(call)  # type: ignore[arg-type]
        object.__setattr__(self, "_by_caller", by_caller)
        object.__setattr__(self, "_by_callee", by_callee)
        object.__setattr__(self, "_by_file", by_file)

    def __getstate__(self) -> dict:
        return {k: getattr(self, k) for k in ("commit", "packages", "symbols", "calls", "reports")}

    def __setstate__(self, state: dict) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        self.__post_init__()

    def calls_from(self, symbol_id: str) -> list[CallEdge]:
        return self._by_caller.get(symbol_id, [])

    def calls_to(self, symbol_id: str) -> list[CallEdge]:
        """Call sites whose callee, or one of whose candidate implementations, is `symbol_id`."""
        return self._by_callee.get(symbol_id, [])

    def calls_in_package(self, import_path: str) -> list[CallEdge]:
        package = self.packages.get(import_path)
        return [c for f in (package.files if package else ()) for c in self._by_file.get(f, [])]
