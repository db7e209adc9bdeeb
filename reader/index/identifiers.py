"""What the names on a page refer to: selector fields and methods, types, package-level names,
composite-literal keys — resolved with the same universe and resolver as the call graph.

Rendering needs this for a few hundred functions, not the whole tree, so it runs on demand
over the declarations the index build keeps beside the index (declarations.pickle).
"""

from __future__ import annotations

from reader.index.resolve import Resolver, Scope
from reader.index.types import Universe
from reader.parse import models as m


class NameResolver:
    def __init__(self, universe: Universe) -> None:
        self.u = universe
        self.resolver = Resolver(universe)

    def resolve(self, pkg: str, file: m.GoFile, uses: tuple[m.NameUse, ...], symbols) -> list[tuple[int, int, str]]:
        """(start, end, symbol id) for each use that refers to a symbol the index knows."""
        funcs = sorted(file.funcs, key=lambda f: f.span.start)
        found: list[tuple[int, int, str]] = []
        for use in uses:
            func = next((f for f in funcs if f.span.start <= use.start < f.span.end), None)
            scope = Scope(pkg, file.path, func)
            target = self._target(pkg, file.path, scope, use)
            if target is not None and target in symbols:
                found.append((use.start, use.end, target))
        return found

    def _target(self, pkg: str, path: str, scope: Scope, use: m.NameUse) -> str | None:
        if use.kind == "selector" and isinstance(use.expr, m.Selector):
            operand = use.expr.operand
            if isinstance(operand, m.Ident) and scope.lookup(operand.name, operand.start) is None:
                imported = self.u.file_imports.get(path, {}).get(operand.name)
                if imported is not None:
                    return f"{imported}.{use.name}"
            typ = self.resolver.type_of(operand, scope)
            member = self.u.select(typ, use.name) if typ is not None else None
            return member.id if member is not None else None
        if use.kind == "qualified":
            imported = self.u.file_imports.get(path, {}).get(use.package)
            return f"{imported}.{use.name}" if imported else None
        if use.kind == "type":
            typ = self.u.named_in_scope(use.name, path)
            return f"{typ.pkg}.{typ.name}" if typ is not None and typ.pkg else None
        if use.kind == "key" and use.type is not None:
            typ = self.u.resolve_ref(use.type, path)
            member = self.u.select(typ, use.name) if typ is not None else None
            return member.id if member is not None and member.kind == "field" else None
        if use.kind == "ident" and scope.lookup(use.name, use.start) is None:
            decls = self.u.packages.get(pkg)
            if decls is not None and (use.name in decls.funcs or use.name in decls.values or use.name in decls.types):
                return f"{pkg}.{use.name}"
        return None
