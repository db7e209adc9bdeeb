"""What the names on a page refer to: selector fields and methods, types, package-level names,
composite-literal keys — resolved with the same universe and resolver as the call graph.

Rendering needs this for a few hundred functions, not the whole tree, so it runs on demand
over the declarations the index build keeps beside the index (declarations.pickle).

Names from the standard library, whose declarations the index does not hold, resolve to ids of
the same spelling: `importpath.Name` for `http.StatusOK`, `time.Duration`, and
`importpath.Type.Member` for a field or method picked on a value of one of its types
(`srv.Addr`, `mu.Lock()` through an embedded `sync.Mutex`) — field or method, the index cannot
tell, and pkg.go.dev anchors both the same way.  The blank identifier `_` refers to nothing.
"""

from __future__ import annotations

import re

from reader.index.resolve import Resolver, Scope
from reader.index.types import Type, Universe
from reader.parse import models as m

_EMBEDDING_DEPTH = 8  # as deep as Universe.select looks
_STDLIB_PATH = re.compile(r"[a-z0-9_]+(/[a-z0-9_]+)*")  # no dot in the first element, nothing but a path


def is_stdlib(import_path: str) -> bool:
    """A standard-library import path: no dot in its first element (`net/http`, not `k8s.io/…`)."""
    return _STDLIB_PATH.fullmatch(import_path) is not None and import_path != "builtin"


class NameResolver:
    def __init__(self, universe: Universe) -> None:
        self.u = universe
        self.resolver = Resolver(universe)

    def resolve(self, pkg: str, file: m.GoFile, uses: tuple[m.NameUse, ...], symbols) -> list[tuple[int, int, str]]:
        """(start, end, target id) for each use that refers to a symbol the index knows or to a
        standard-library declaration."""
        funcs = sorted(file.funcs, key=lambda f: f.span.start)
        found: list[tuple[int, int, str]] = []
        for use in uses:
            if use.name == "_":
                continue
            func = next((f for f in funcs if f.span.start <= use.start < f.span.end), None)
            scope = Scope(pkg, file.path, func)
            target = self._target(pkg, file.path, scope, use)
            if target is not None and (target in symbols or self._outside(target)):
                found.append((use.start, use.end, target))
        self.resolver.forget_file()  # the next file may be parsed into objects with these ids
        return found

    def _outside(self, target: str) -> bool:
        """A target id in a standard-library package (which the universe does not hold)."""
        head, _, rest = target.rpartition("/")
        package = (head + "/" if head else "") + rest.split(".", 1)[0]
        return package not in self.u.packages and is_stdlib(package)

    def _target(self, pkg: str, path: str, scope: Scope, use: m.NameUse) -> str | None:
        if use.kind == "selector" and isinstance(use.expr, m.Selector):
            operand = use.expr.operand
            if isinstance(operand, m.Ident) and scope.lookup(operand.name, operand.start) is None:
                imported = self.u.file_imports.get(path, {}).get(operand.name)
                if imported is not None:
                    return f"{imported}.{use.name}"
            return self._member(self.resolver.type_of(operand, scope), use.name)
        if use.kind == "qualified":
            imported = self.u.file_imports.get(path, {}).get(use.package)
            return f"{imported}.{use.name}" if imported else None
        if use.kind == "type":
            typ = self.u.named_in_scope(use.name, path)
            return f"{typ.pkg}.{typ.name}" if typ is not None and typ.pkg else None
        if use.kind == "key" and use.type is not None:
            typ = self.u.resolve_ref(use.type, path)
            member = self.u.select(typ, use.name) if typ is not None else None
            if member is None:
                return self._outside_member(typ, use.name)  # a key is a field, where a type has fields
            return member.id if member.kind == "field" else None
        if use.kind == "ident" and scope.lookup(use.name, use.start) is None:
            decls = self.u.packages.get(pkg)
            if decls is not None and (use.name in decls.funcs or use.name in decls.values or use.name in decls.types):
                return f"{pkg}.{use.name}"
        return None

    def _member(self, typ: Type | None, name: str) -> str | None:
        """The field or method `name` of a value of type `typ`: in the tree, else from the one
        standard-library type it can come from."""
        if typ is None:
            return None
        member = self.u.select(typ, name)
        return member.id if member is not None else self._outside_member(typ, name)

    def _outside_member(self, typ: Type | None, name: str) -> str | None:
        """`importpath.Type.name` when a selector that the tree's declarations do not satisfy can
        only be satisfied by one standard-library type: `typ` itself, or the only one embedded in it
        (at any depth).  Several such types: which one declares `name` is unknown, so None."""
        owners: list[Type] = []
        level, seen = [typ], set()
        for _ in range(_EMBEDDING_DEPTH):
            deeper: list[Type | None] = []
            for current in level:
                current = self.u.resolve_alias(current)
                if current is not None and current.kind == "pointer":
                    current = self.u.resolve_alias(current.elem)
                if current is None or current.kind != "named" or (current.pkg, current.name) in seen:
                    continue
                seen.add((current.pkg, current.name))
                if current.pkg not in self.u.packages:
                    if is_stdlib(current.pkg):
                        owners.append(current)
                    continue
                under = self.u.underlying(current)
                if under is not None and under.kind in ("struct", "interface") and under.ref is not None:
                    deeper += [self.u.resolve_ref(f.type, under.file) for f in under.ref.fields if f.embedded]
            level = deeper
        return f"{owners[0].pkg}.{owners[0].name}.{name}" if len(owners) == 1 else None
