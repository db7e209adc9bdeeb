"""What the index stage hands on: packages, symbols and resolved call sites.

Symbol ids follow Go's own spelling: `importpath.Func`, `importpath.(*T).Method` or
`importpath.(T).Method` by the receiver as declared, `importpath.(I).Method` for interface
methods, `importpath.T` for types, vars and consts, `importpath.T.Field` for struct fields.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from reader.parse.models import Problem, Span, _Compact

RESOLVED = "resolved"
DYNAMIC = "dynamic"
UNRESOLVED = "unresolved"


@dataclass(frozen=True, slots=True)
class Symbol(_Compact):
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
class CallEdge(_Compact):
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
class Package(_Compact):
    path: str  # import path, vendor prefix removed
    name: str  # the package clause
    dir: str  # repository-relative directory
    files: tuple[str, ...]
    imports: tuple[str, ...] = ()  # import paths of the packages its files import (in the tree or not)


@dataclass(frozen=True, slots=True)
class FileReport(_Compact):
    """Why a file is not in the index, or what was odd about one that is."""

    file: str
    excluded: str = ""  # reason a .go file was left out (build constraints, test, cgo)
    problems: tuple[Problem, ...] = ()


def _span_row(span: Span) -> tuple[int, int, int, int, int, int]:
    # not dataclasses.astuple: it deep-copies, and a whole-tree index has half a million spans
    return (span.start, span.end, span.line, span.col, span.end_line, span.end_col)


class SymbolTable(Mapping[str, Symbol]):
    """Symbols by id, stored as plain rows and made into `Symbol`s when looked up: loading a
    cached index then costs one tuple per symbol, not a dozen objects."""

    def __init__(self, rows: dict[str, tuple]) -> None:
        self.rows = rows
        self._made: dict[str, Symbol] = {}

    @classmethod
    def of(cls, symbols: Iterable[Symbol]) -> SymbolTable:
        return cls({s.id: (s.id, s.kind, s.name, s.package, s.file, _span_row(s.span), _span_row(s.name_span), s.doc, s.signature) for s in symbols})

    def __getitem__(self, key: str) -> Symbol:
        made = self._made.get(key)
        if made is None:
            r = self.rows[key]
            made = self._made[key] = Symbol(r[0], r[1], r[2], r[3], r[4], Span(*r[5]), Span(*r[6]), r[7], r[8])
        return made

    def __contains__(self, key: object) -> bool:
        return key in self.rows

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __reduce__(self) -> tuple:
        return SymbolTable, (self.rows,)


class CallTable(Sequence[CallEdge]):
    """Call sites in file order, stored as plain rows and made into `CallEdge`s on access."""

    def __init__(self, rows: list[tuple]) -> None:
        self.rows = rows
        self._made: list[CallEdge | None] = [None] * len(rows)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.rows)))]
        made = self._made[i]
        if made is None:
            made = self._made[i] = CallEdge(*self.rows[i])
        return made

    def __len__(self) -> int:
        return len(self.rows)

    def statuses(self) -> Counter[str]:
        return Counter(r[5] for r in self.rows)

    def __reduce__(self) -> tuple:
        return CallTable, (self.rows,)


@dataclass(frozen=True)
class Index:
    """The whole tree.  Lookup tables (by caller, callee, file) are built on first use."""

    commit: str
    packages: dict[str, Package]
    symbols: SymbolTable
    calls: CallTable
    reports: tuple[FileReport, ...]
    _tables: dict[str, dict[str, list[int]]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _table(self, name: str) -> dict[str, list[int]]:
        table = self._tables.get(name)
        if table is None:
            table = {}
            rows = self.calls.rows
            if name == "callee":  # the static callee and every candidate implementation
                for i, row in enumerate(rows):
                    for key in ((row[4], *row[8]) if row[4] else row[8]):
                        table.setdefault(key, []).append(i)
            else:
                column = {"caller": 0, "file": 1}[name]
                for i, row in enumerate(rows):
                    table.setdefault(row[column], []).append(i)
            self._tables[name] = table
        return table

    def calls_from(self, symbol_id: str) -> list[CallEdge]:
        return [self.calls[i] for i in self._table("caller").get(symbol_id, ())]

    def calls_to(self, symbol_id: str) -> list[CallEdge]:
        """Call sites whose callee, or one of whose candidate implementations, is `symbol_id`."""
        return [self.calls[i] for i in self._table("callee").get(symbol_id, ())]

    def calls_in_file(self, path: str) -> list[CallEdge]:
        return [self.calls[i] for i in self._table("file").get(path, ())]

    def calls_in_package(self, import_path: str) -> list[CallEdge]:
        package = self.packages.get(import_path)
        table = self._table("file")
        return [self.calls[i] for f in (package.files if package else ()) for i in table.get(f, ())]

    def __getstate__(self) -> dict:
        return {k: getattr(self, k) for k in ("commit", "packages", "symbols", "calls", "reports")}

    def __setstate__(self, state: dict) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_tables", {})
