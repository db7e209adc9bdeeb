"""What the parse stage hands on: a frozen, tree-sitter-free summary of each Go file.

A small mirror of go/ast, only as deep as the index and the facts need: declarations with
their ranges and docs, type expressions (`TypeRef`), expressions (`Expr` subclasses) for
callees, arguments and initialisers, and per function the call sites and the local name
bindings that type inference works from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from operator import attrgetter


class _Compact:
    """Pickles as (class, field values): several times faster than the default for frozen,
    slotted dataclasses, which matters when worker processes hand back parsed files."""

    __slots__ = ()
    _getters: dict[type, attrgetter] = {}

    def __reduce__(self) -> tuple:
        cls = type(self)
        getter = _Compact._getters.get(cls)
        if getter is None:
            names = [f.name for f in dataclasses.fields(self)]  # type: ignore[arg-type]
            getter = _Compact._getters[cls] = attrgetter(*names) if len(names) > 1 else (lambda o, n=names[0]: (getattr(o, n),))
        return cls, getter(self)


@dataclass(frozen=True, slots=True)
class Span(_Compact):
    """A source range: bytes [start, end), 1-based lines, 1-based byte columns (Go's convention)."""

    start: int
    end: int
    line: int
    col: int
    end_line: int
    end_col: int


# ---------------------------------------------------------------- type expressions


@dataclass(frozen=True, slots=True)
class Field(_Compact):
    """A struct field, a parameter or a result; `name` is None when unnamed or embedded."""

    name: str | None
    type: TypeRef
    embedded: bool = False
    tag: str = ""
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class TypeRef(_Compact):
    """A Go type expression as written.

    kind: name (int, T), qualified (pkg.T), pointer, slice, array, map, chan, func, struct,
    interface, ellipsis (variadic ...T) or other.  `elem` is the pointee/element/value type,
    `key` a map key; func types carry params and results; structs their fields; interfaces
    their methods (as fields of func type) and embedded interfaces (fields with embedded=True).
    """

    kind: str
    name: str = ""
    package: str = ""  # the package *name* used in a qualified type (resolved by the index)
    elem: TypeRef | None = None
    key: TypeRef | None = None
    params: tuple[Field, ...] = ()
    results: tuple[Field, ...] = ()
    fields: tuple[Field, ...] = ()
    text: str = ""


# ---------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Expr(_Compact):
    """An expression; `start`/`end` are byte offsets in the file."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Ident(Expr):
    name: str


@dataclass(frozen=True, slots=True)
class Selector(Expr):
    operand: Expr
    field: str


@dataclass(frozen=True, slots=True)
class Call(Expr):
    function: Expr
    args: tuple[Expr, ...]
    variadic: bool = False  # f(xs...)


@dataclass(frozen=True, slots=True)
class Literal(Expr):
    kind: str  # string, raw_string, int, float, imaginary, rune
    value: str  # the literal as written


@dataclass(frozen=True, slots=True)
class Unary(Expr):
    op: str
    operand: Expr


@dataclass(frozen=True, slots=True)
class Binary(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Element(_Compact):
    key: Expr | None
    value: Expr


@dataclass(frozen=True, slots=True)
class Composite(Expr):
    type: TypeRef | None
    elements: tuple[Element, ...]


@dataclass(frozen=True, slots=True)
class Index(Expr):
    operand: Expr
    index: Expr


@dataclass(frozen=True, slots=True)
class SliceExpr(Expr):
    operand: Expr


@dataclass(frozen=True, slots=True)
class TypeAssert(Expr):
    operand: Expr
    type: TypeRef | None  # None for x.(type)


@dataclass(frozen=True, slots=True)
class FuncLit(Expr):
    type: TypeRef


@dataclass(frozen=True, slots=True)
class TypeExpr(Expr):
    """A type used where an expression stands: conversions like []byte(x), map[string]int{...}."""

    type: TypeRef


@dataclass(frozen=True, slots=True)
class OtherExpr(Expr):
    kind: str


# ---------------------------------------------------------------- statements (full detail only)


@dataclass(frozen=True, slots=True)
class Stmt(_Compact):
    """A statement; byte range and 1-based first and last lines."""

    start: int
    end: int
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class ExprStmt(Stmt):
    expr: Expr


@dataclass(frozen=True, slots=True)
class Assign(Stmt):
    """x = e, x := e, x += e, a, b = f(); `op` is the operator as written."""

    targets: tuple[Expr, ...]
    op: str
    values: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class IncDec(Stmt):
    target: Expr
    op: str  # ++ or --


@dataclass(frozen=True, slots=True)
class VarStmt(Stmt):
    """var/const declared inside a function body (one spec)."""

    names: tuple[str, ...]
    type: TypeRef | None
    values: tuple[Expr, ...]
    const: bool = False


@dataclass(frozen=True, slots=True)
class Return(Stmt):
    values: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class If(Stmt):
    init: Stmt | None
    cond: Expr
    then: tuple[Stmt, ...]
    otherwise: tuple[Stmt, ...]  # an else-if is a single If here


@dataclass(frozen=True, slots=True)
class For(Stmt):
    init: Stmt | None
    cond: Expr | None
    post: Stmt | None
    body: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class Range(Stmt):
    key: Expr | None
    value: Expr | None
    define: bool
    over: Expr
    body: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class Case(_Compact):
    exprs: tuple[Expr, ...]  # empty for default
    body: tuple[Stmt, ...]
    default: bool


@dataclass(frozen=True, slots=True)
class Switch(Stmt):
    init: Stmt | None
    tag: Expr | None
    cases: tuple[Case, ...]


@dataclass(frozen=True, slots=True)
class BlockStmt(Stmt):
    body: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class OtherStmt(Stmt):
    """go, defer, select, type switches, labels, ...: kept by kind and range only."""

    kind: str
    expr: Expr | None = None  # the call of a go/defer statement


# ---------------------------------------------------------------- function bodies


@dataclass(frozen=True, slots=True)
class Binding(_Compact):
    """A name brought into scope inside a function.

    kind: receiver, param, result, var, define (:=), range, typeswitch, const.  The type is
    `type` when written, else inferred from `value` (the `index`-th result when one
    expression yields several); range bindings take `index` 0/1 of the ranged-over `value`.
    """

    name: str
    kind: str
    position: int  # byte offset where the name becomes visible
    scope_start: int
    scope_end: int
    type: TypeRef | None = None
    value: Expr | None = None
    index: int = 0
    tuple_size: int = 1  # how many names the value is spread over


@dataclass(frozen=True, slots=True)
class CallSite(_Compact):
    call: Call
    line: int  # 1-based line and byte column of the call's start (Go's convention)
    col: int
    in_literal: bool = False  # inside a function literal of the enclosing declaration


@dataclass(frozen=True, slots=True)
class Receiver(_Compact):
    name: str | None
    type_name: str
    pointer: bool


@dataclass(frozen=True, slots=True)
class FuncDecl(_Compact):
    name: str
    receiver: Receiver | None
    params: tuple[Field, ...]
    results: tuple[Field, ...]
    span: Span
    name_span: Span
    body: Span | None
    doc: str
    signature: str  # "func (s *T) Name(a int) error", as written, on one line
    calls: tuple[CallSite, ...]
    bindings: tuple[Binding, ...]
    statements: tuple[Stmt, ...] = ()  # full detail only


@dataclass(frozen=True, slots=True)
class TypeDecl(_Compact):
    name: str
    type: TypeRef
    alias: bool
    span: Span
    name_span: Span
    doc: str


@dataclass(frozen=True, slots=True)
class ValueDecl(_Compact):
    """One name of a package-level const or var declaration."""

    name: str
    kind: str  # const | var
    type: TypeRef | None
    value: Expr | None
    index: int  # position in a multi-name spec: var a, b = f()
    tuple_size: int
    iota: int  # the const spec's index in its group (for iota)
    span: Span
    name_span: Span
    doc: str


@dataclass(frozen=True, slots=True)
class Import(_Compact):
    path: str
    name: str | None  # alias, "_" or "." when given
    span: Span


@dataclass(frozen=True, slots=True)
class NameUse(_Compact):
    """A name in the source that may refer to a declaration elsewhere (for linking pages).

    kind: selector (`expr` is the whole x.F, the name is F), qualified (pkg.T: `package` is the
    import name), type (a plain type name), key (a field name in a composite literal of type
    `type`) or ident (a plain identifier)."""

    kind: str
    name: str
    start: int  # byte range of the name itself
    end: int
    expr: Expr | None = None
    package: str = ""
    type: TypeRef | None = None


@dataclass(frozen=True, slots=True)
class Problem(_Compact):
    """Something odd about a file that did not stop the index."""

    kind: str  # syntax-error, missing, non-utf8, large-file
    line: int
    col: int
    detail: str


@dataclass(frozen=True, slots=True)
class GoFile(_Compact):
    path: str  # relative to the repository root, as checked out
    package: str
    imports: tuple[Import, ...]
    funcs: tuple[FuncDecl, ...]
    types: tuple[TypeDecl, ...]
    values: tuple[ValueDecl, ...]
    init_calls: tuple[CallSite, ...]  # calls in package-level initialisers
    problems: tuple[Problem, ...]
    size: int
    lines: int
