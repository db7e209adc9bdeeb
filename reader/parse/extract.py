"""From a tree-sitter tree to a `GoFile`: declarations, type expressions, expressions, bindings.

Declarations are the root's children; the `bodies.scm` query finds, in one pass, every call
site and every statement that binds a name (with the block it is visible in), which is all
the index needs to type receivers of method calls.  In the default (index) detail, call
arguments are kept only for builtins whose result type depends on them (new, make, append
...) and composite literals without their elements; `full` detail keeps everything, for
the facts stage.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from bisect import bisect_right

from reader.parse import models as m
from reader.parse.treesitter import Node, captures, parse_go

LARGE_FILE = 1 << 20  # bytes; such files are parsed, and reported as large (usually generated)

_LITERALS = {
    "interpreted_string_literal": "string",
    "raw_string_literal": "raw_string",
    "int_literal": "int",
    "float_literal": "float",
    "imaginary_literal": "imaginary",
    "rune_literal": "rune",
}
_NAMED_CONSTANTS = {"true", "false", "nil", "iota"}
_TYPE_NODES = {
    "slice_type", "array_type", "implicit_length_array_type", "map_type", "channel_type",
    "pointer_type", "function_type", "struct_type", "interface_type", "qualified_type",
    "type_identifier", "generic_type", "parenthesized_type",
}  # fmt: skip
# Nodes that open a scope for the names declared directly inside them.
_SCOPES = {
    "block", "if_statement", "for_statement", "expression_switch_statement", "type_switch_statement",
    "select_statement", "expression_case", "default_case", "type_case", "communication_case", "func_literal",
}  # fmt: skip
# Builtins whose result type comes from their arguments: the index keeps these arguments.
_TYPED_BY_ARGS = frozenset({"new", "make", "append", "real", "imag", "complex", "min", "max"})
# Deeper expressions are cut (kept as OtherExpr): they occur only in generated data and would
# exhaust the recursion limit here and when pickling.
_MAX_DEPTH = 120
_SPACE = re.compile(r"\s+")
_PLAIN_KINDS = frozenset({"type_identifier", "qualified_type", "pointer_type", "slice_type", "array_type", "map_type", "channel_type"})
_PLAIN_TYPES: dict[str, m.TypeRef] = {}  # type expressions without positions inside, by text


def _is_plain(ref: m.TypeRef | None) -> bool:
    """No struct, interface or func inside: nothing that carries source positions."""
    if ref is None:
        return True
    if ref.kind in ("name", "qualified"):
        return True
    return ref.kind in ("pointer", "slice", "array", "map", "chan") and _is_plain(ref.elem) and _is_plain(ref.key)


def line_starts(source: bytes) -> list[int]:
    """Byte offset of the start of every line (for 1-based line numbers: bisect_right - 1 + 1)."""
    starts = [0]
    newline = source.find(b"\n")
    while newline >= 0:
        starts.append(newline + 1)
        newline = source.find(b"\n", newline + 1)
    return starts


def parse_file(path: str, source: bytes, full: bool = False) -> m.GoFile:
    """Summarise one Go file; problems are recorded, never raised.

    `full` also keeps the elements of composite literals, which the index does not need
    and the facts (defaults set in constructors) do.
    """
    return _FileExtractor(path, source, full).run()


def name_uses(path: str, source: bytes, start: int, end: int) -> tuple[m.NameUse, ...]:
    """Names in bytes [start, end) of a file that may refer to declarations (for page links)."""
    return _FileExtractor(path, source, full=False).name_uses(start, end)


# Identifiers that declare rather than use a name: not links.
_DECLARING_PARENTS = frozenset({"function_declaration", "method_declaration", "type_spec", "type_alias", "parameter_declaration",
                                "variadic_parameter_declaration", "const_spec", "var_spec", "field_declaration", "package_clause",
                                "import_spec", "labeled_statement", "range_clause"})  # fmt: skip


class _FileExtractor:
    def __init__(self, path: str, source: bytes, full: bool) -> None:
        self.path = path
        self.src = source
        self.full = full
        self.depth = 0
        self.problems: list[m.Problem] = []
        self._calls: dict[tuple[int, int], m.Call] = {}

    # ------------------------------------------------------------ helpers

    def text(self, node: Node) -> str:
        # interned: names repeat across the tree, and pickles then carry each one once
        return sys.intern(self.src[node.start_byte : node.end_byte].decode("utf-8", "replace"))

    @staticmethod
    def span(node: Node) -> m.Span:
        (line, col), (end_line, end_col) = node.start_point, node.end_point
        return m.Span(node.start_byte, node.end_byte, line + 1, col + 1, end_line + 1, end_col + 1)

    def doc(self, node: Node) -> str:
        """The comment lines directly above `node` (or above its declaration when it is a lone spec)."""
        lines: list[str] = []
        row = node.start_point[0]
        prev = node.prev_sibling
        if prev is None or prev.type != "comment":
            parent = node.parent
            if parent is not None and parent.type in ("type_declaration", "const_declaration", "var_declaration"):
                if parent.named_child_count == 1:
                    prev, row = parent.prev_sibling, parent.start_point[0]
        while prev is not None and prev.type == "comment" and prev.end_point[0] == row - 1:
            lines.append(self.text(prev))
            row = prev.start_point[0]
            prev = prev.prev_sibling
        return "\n".join(_strip_comment(c) for c in reversed(lines))

    # ------------------------------------------------------------ file

    def run(self) -> m.GoFile:
        try:
            self.src.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = self.src.count(b"\n", 0, exc.start) + 1
            self.problems.append(m.Problem("non-utf8", line, exc.start - self.src.rfind(b"\n", 0, exc.start), str(exc.reason)))
        if len(self.src) > LARGE_FILE:
            self.problems.append(m.Problem("large-file", 1, 1, f"{len(self.src)} bytes"))
        tree = parse_go(self.src)
        root = tree.root_node
        if root.has_error:
            self._collect_errors(root)
        package = ""
        imports: list[m.Import] = []
        func_nodes: list[Node] = []
        types: list[m.TypeDecl] = []
        values: list[m.ValueDecl] = []
        # Declarations are the root's direct children: iterating them is far cheaper than a query.
        for node in root.named_children:
            kind = node.type
            if kind == "package_clause":
                package = self.text(node.named_children[0]) if node.named_child_count else ""
            elif kind == "import_declaration":
                specs = node.named_children
                if specs and specs[0].type == "import_spec_list":
                    specs = specs[0].named_children
                imports.extend(self._import(spec) for spec in specs if spec.type == "import_spec")
            elif kind in ("function_declaration", "method_declaration"):
                func_nodes.append(node)
            elif kind == "type_declaration":
                types.extend(
                    self._type_decl(spec, alias=spec.type == "type_alias")
                    for spec in node.named_children if spec.type in ("type_spec", "type_alias")
                )  # fmt: skip
            elif kind in ("const_declaration", "var_declaration"):
                values.extend(self._value_decl(node, kind=kind.split("_")[0]))
        calls, bindings, init_calls = self._body_facts(root, [(n.start_byte, n.end_byte) for n in func_nodes])
        funcs = [self._func(n, c, b) for n, c, b in zip(func_nodes, calls, bindings)]
        return m.GoFile(
            path=self.path, package=package, imports=tuple(imports), funcs=tuple(funcs), types=tuple(types),
            values=tuple(values), init_calls=tuple(init_calls), problems=tuple(self.problems),
            size=len(self.src), lines=self.src.count(b"\n") + (0 if self.src.endswith(b"\n") else 1),
        )  # fmt: skip

    def _collect_errors(self, node: Node) -> None:
        """ERROR and MISSING nodes, descending only where errors are."""
        stack = [node]
        while stack:
            current = stack.pop()
            if current.is_missing:
                line, col = current.start_point
                self.problems.append(m.Problem("missing", line + 1, col + 1, f"missing {current.type}"))
            elif current.type == "ERROR":
                line, col = current.start_point
                self.problems.append(m.Problem("syntax-error", line + 1, col + 1, self.text(current)[:60]))
                continue
            stack.extend(reversed([c for c in current.children if c.has_error or c.is_missing]))
        self.problems.sort(key=lambda p: (p.line, p.col))

    def _import(self, node: Node) -> m.Import:
        path_node = node.child_by_field_name("path")
        name_node = node.child_by_field_name("name")
        return m.Import(
            path=self.text(path_node).strip('"`') if path_node else "",
            name=self.text(name_node) if name_node else None,
            span=self.span(node),
        )

    # ------------------------------------------------------------ declarations

    def _func(self, node: Node, calls: list[m.CallSite], body_bindings: list[m.Binding]) -> m.FuncDecl:
        name_node = node.child_by_field_name("name")
        receiver = None
        bindings: list[m.Binding] = []
        body = node.child_by_field_name("body")
        scope = (body.start_byte, body.end_byte) if body else (node.end_byte, node.end_byte)
        recv_list = node.child_by_field_name("receiver")
        if recv_list is not None:
            fields = self._params(recv_list)
            if fields:
                recv_type = fields[0].type
                pointer = recv_type.kind == "pointer"
                base = recv_type.elem if pointer and recv_type.elem else recv_type
                receiver = m.Receiver(fields[0].name, base.name, pointer)
                if fields[0].name:
                    bindings.append(m.Binding(fields[0].name, "receiver", scope[0], *scope, type=recv_type))
        params = self._params(node.child_by_field_name("parameters"))
        results = self._results(node.child_by_field_name("result"))
        for kind, group in (("param", params), ("result", results)):
            bindings.extend(m.Binding(f.name, kind, scope[0], *scope, type=f.type) for f in group if f.name)
        bindings.extend(body_bindings)
        statements = self._block(body) if self.full and body is not None else ()
        head_end = body.start_byte if body else node.end_byte
        signature = _SPACE.sub(" ", self.src[node.start_byte : head_end].decode("utf-8", "replace")).strip()
        return m.FuncDecl(
            name=self.text(name_node), receiver=receiver, params=params, results=results,
            span=self.span(node), name_span=self.span(name_node), body=self.span(body) if body else None,
            doc=self.doc(node), signature=signature, calls=tuple(calls), bindings=tuple(bindings),
            statements=statements,
        )  # fmt: skip

    def _type_decl(self, node: Node, alias: bool) -> m.TypeDecl:
        name_node = node.child_by_field_name("name")
        return m.TypeDecl(
            name=self.text(name_node), type=self.typeref(node.child_by_field_name("type")), alias=alias,
            span=self.span(node), name_span=self.span(name_node), doc=self.doc(node),
        )  # fmt: skip

    def _value_decl(self, node: Node, kind: str) -> list[m.ValueDecl]:
        """Every name of a const/var declaration; const specs without values repeat the previous one."""
        decls: list[m.ValueDecl] = []
        previous: tuple[m.TypeRef | None, list[Node]] = (None, [])
        children = node.named_children
        if children and children[0].type == "var_spec_list":  # var ( ... ) groups are wrapped
            children = children[0].named_children
        for iota, spec in enumerate(c for c in children if c.type in ("const_spec", "var_spec")):
            names = spec.children_by_field_name("name")
            type_node = spec.child_by_field_name("type")
            value_node = spec.child_by_field_name("value")
            values = list(value_node.named_children) if value_node is not None else []
            typ = self.typeref(type_node) if type_node is not None else None
            if kind == "const" and not values and type_node is None:
                typ, values = previous
            previous = (typ, values)
            for i, name_node in enumerate(names):
                if len(values) == len(names):
                    value, index, size = values[i], 0, 1
                elif len(values) == 1:
                    value, index, size = values[0], i, len(names)
                else:
                    value, index, size = None, 0, 1
                decls.append(m.ValueDecl(
                    name=self.text(name_node), kind=kind, type=typ, value=self.expr(value) if value is not None else None,
                    index=index, tuple_size=size, iota=iota, span=self.span(spec), name_span=self.span(name_node),
                    doc=self.doc(spec) or self.doc(node),
                ))  # fmt: skip
        return decls

    def _params(self, node: Node | None) -> tuple[m.Field, ...]:
        if node is None:
            return ()
        fields: list[m.Field] = []
        for decl in node.named_children:
            if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            typ = self.typeref(decl.child_by_field_name("type"))
            if decl.type == "variadic_parameter_declaration":
                typ = m.TypeRef("ellipsis", elem=typ, text="..." + typ.text)
            names = decl.children_by_field_name("name")
            if names:
                fields.extend(m.Field(self.text(n), typ, span=self.span(n)) for n in names)
            else:
                fields.append(m.Field(None, typ, span=self.span(decl)))
        return tuple(fields)

    def _results(self, node: Node | None) -> tuple[m.Field, ...]:
        if node is None:
            return ()
        if node.type == "parameter_list":
            return self._params(node)
        return (m.Field(None, self.typeref(node), span=self.span(node)),)

    # ------------------------------------------------------------ type expressions

    def typeref(self, node: Node | None) -> m.TypeRef:
        if node is None:
            return m.TypeRef("other", text="")
        kind = node.type
        text = self.text(node)
        if "\n" in text or "\t" in text:
            text = _SPACE.sub(" ", text)
        if kind in _PLAIN_KINDS:
            # the same text is the same type expression in any file: share one object, so the
            # declarations that workers trade pickle each common type (string, *FlagSet, …) once
            shared = _PLAIN_TYPES.get(text)
            if shared is None:
                shared = self._typeref(node, kind, text)
                if _is_plain(shared):
                    _PLAIN_TYPES[text] = shared
            return shared
        return self._typeref(node, kind, text)

    def _typeref(self, node: Node, kind: str, text: str) -> m.TypeRef:
        if kind == "type_identifier":
            return m.TypeRef("name", name=text, text=text)
        if kind == "qualified_type":
            return m.TypeRef(
                "qualified", name=self.text(node.child_by_field_name("name")),
                package=self.text(node.child_by_field_name("package")), text=text,
            )  # fmt: skip
        if kind == "pointer_type":
            return m.TypeRef("pointer", elem=self.typeref(node.named_children[0]), text=text)
        if kind in ("slice_type", "array_type", "implicit_length_array_type"):
            return m.TypeRef("slice" if kind == "slice_type" else "array", elem=self.typeref(node.child_by_field_name("element")), text=text)
        if kind == "map_type":
            return m.TypeRef(
                "map", key=self.typeref(node.child_by_field_name("key")),
                elem=self.typeref(node.child_by_field_name("value")), text=text,
            )  # fmt: skip
        if kind == "channel_type":
            return m.TypeRef("chan", elem=self.typeref(node.child_by_field_name("value")), text=text)
        if kind == "function_type":
            return m.TypeRef(
                "func", params=self._params(node.child_by_field_name("parameters")),
                results=self._results(node.child_by_field_name("result")), text=text,
            )  # fmt: skip
        if kind == "struct_type":
            return m.TypeRef("struct", fields=self._struct_fields(node), text=text)
        if kind == "interface_type":
            return m.TypeRef("interface", fields=self._interface_elems(node), text=text)
        if kind in ("parenthesized_type", "type_elem") and node.named_child_count == 1:
            return self.typeref(node.named_children[0])
        if kind == "generic_type":
            return self.typeref(node.child_by_field_name("type"))
        return m.TypeRef("other", text=text)

    def _struct_fields(self, node: Node) -> tuple[m.Field, ...]:
        fields: list[m.Field] = []
        body = next((c for c in node.named_children if c.type == "field_declaration_list"), None)
        for decl in body.named_children if body is not None else ():
            if decl.type != "field_declaration":
                continue
            typ = self.typeref(decl.child_by_field_name("type"))
            tag_node = decl.child_by_field_name("tag")
            tag = self.text(tag_node) if tag_node is not None else ""
            names = decl.children_by_field_name("name")
            if names:
                fields.extend(m.Field(self.text(n), typ, tag=tag, span=self.span(n)) for n in names)
            else:  # embedded: T, *T, pkg.T, *pkg.T
                if any(c.type == "*" for c in decl.children):
                    typ = m.TypeRef("pointer", elem=typ, text="*" + typ.text)
                base = typ.elem if typ.kind == "pointer" and typ.elem else typ
                fields.append(m.Field(base.name, typ, embedded=True, tag=tag, span=self.span(decl)))
        return tuple(fields)

    def _interface_elems(self, node: Node) -> tuple[m.Field, ...]:
        elems: list[m.Field] = []
        for elem in node.named_children:
            if elem.type == "method_elem":
                name_node = elem.child_by_field_name("name")
                signature = m.TypeRef(
                    "func", params=self._params(elem.child_by_field_name("parameters")),
                    results=self._results(elem.child_by_field_name("result")), text=self.text(elem),
                )  # fmt: skip
                elems.append(m.Field(self.text(name_node), signature, span=self.span(elem)))
            elif elem.type == "type_elem":
                typ = self.typeref(elem)
                elems.append(m.Field(typ.name, typ, embedded=True, span=self.span(elem)))
        return tuple(elems)

    # ------------------------------------------------------------ expressions

    def expr(self, node: Node) -> m.Expr:
        """An expression tree; composite literal elements only in `full` detail."""
        self.depth += 1
        try:
            if self.depth > _MAX_DEPTH:  # e.g. generated "a" + "b" + ... chains of thousands
                return m.OtherExpr(node.start_byte, node.end_byte, "too-deep")
            return self._expr(node)
        finally:
            self.depth -= 1

    def _expr(self, node: Node) -> m.Expr:
        kind = node.type
        a, b = node.start_byte, node.end_byte
        if kind == "identifier" or kind in _NAMED_CONSTANTS:
            return m.Ident(a, b, self.text(node))
        if kind == "selector_expression":
            return m.Selector(a, b, self.expr(node.child_by_field_name("operand")), self.text(node.child_by_field_name("field")))
        if kind == "call_expression":
            return self._call(node)
        if kind in _LITERALS:
            return m.Literal(a, b, _LITERALS[kind], self.text(node))
        if kind == "parenthesized_expression" and node.named_child_count == 1:
            return self.expr(node.named_children[0])
        if kind == "unary_expression":
            return m.Unary(a, b, self.text(node.child_by_field_name("operator")), self.expr(node.child_by_field_name("operand")))
        if kind == "binary_expression":
            return m.Binary(
                a, b, self.text(node.child_by_field_name("operator")),
                self.expr(node.child_by_field_name("left")), self.expr(node.child_by_field_name("right")),
            )  # fmt: skip
        if kind == "composite_literal":
            type_node = node.child_by_field_name("type")
            elements = self._elements(node.child_by_field_name("body")) if self.full else ()
            return m.Composite(a, b, self.typeref(type_node) if type_node else None, elements)
        if kind == "literal_value":
            return m.Composite(a, b, None, self._elements(node) if self.full else ())
        if kind == "index_expression":
            return m.Index(a, b, self.expr(node.child_by_field_name("operand")), self.expr(node.child_by_field_name("index")))
        if kind == "slice_expression":
            return m.SliceExpr(a, b, self.expr(node.child_by_field_name("operand")))
        if kind == "type_assertion_expression":
            return m.TypeAssert(a, b, self.expr(node.child_by_field_name("operand")), self.typeref(node.child_by_field_name("type")))
        if kind == "func_literal":
            return m.FuncLit(a, b, m.TypeRef(
                "func", params=self._params(node.child_by_field_name("parameters")),
                results=self._results(node.child_by_field_name("result")), text="func",
            ))  # fmt: skip
        if kind == "type_conversion_expression":
            type_node = node.child_by_field_name("type")
            target = m.TypeExpr(type_node.start_byte, type_node.end_byte, self.typeref(type_node))
            return m.Call(a, b, target, (self.expr(node.child_by_field_name("operand")),))
        if kind in _TYPE_NODES:
            return m.TypeExpr(a, b, self.typeref(node))
        return m.OtherExpr(a, b, kind)

    def _call(self, node: Node) -> m.Call:
        # the body query captures every call, and a call inside a chain (`a.B().C()`) or on the
        # right of `x :=` is also part of another expression: build each one once
        key = (node.start_byte, node.end_byte)
        made = self._calls.get(key)
        if made is None:
            made = self._calls[key] = self._make_call(node)
        return made

    def _make_call(self, node: Node) -> m.Call:
        function = self.expr(node.child_by_field_name("function"))
        args_node = node.child_by_field_name("arguments")
        args: list[m.Expr] = []
        variadic = False
        if args_node is not None and (self.full or (isinstance(function, m.Ident) and function.name in _TYPED_BY_ARGS)):
            for child in args_node.named_children:
                if child.type == "variadic_argument":  # f(xs...)
                    variadic = True
                    args.append(self.expr(child.named_children[0]))
                elif child.type != "comment":
                    args.append(self.expr(child))
        return m.Call(node.start_byte, node.end_byte, function, tuple(args), variadic)

    def _elements(self, node: Node | None) -> tuple[m.Element, ...]:
        elements: list[m.Element] = []
        for child in node.named_children if node is not None else ():
            if child.type == "keyed_element":
                key_node = child.child_by_field_name("key")
                value_node = child.child_by_field_name("value")
                elements.append(m.Element(self._element(key_node), self._element(value_node)))
            elif child.type == "literal_element":
                elements.append(m.Element(None, self._element(child)))
        return tuple(elements)

    def _element(self, node: Node) -> m.Expr:
        inner = node.named_children[0] if node.type == "literal_element" and node.named_child_count else node
        return self.expr(inner)

    # ------------------------------------------------------------ function bodies

    def _body_facts(self, root: Node, funcs: list[tuple[int, int]]) -> tuple[list[list[m.CallSite]], list[list[m.Binding]], list[m.CallSite]]:
        """Call sites and bindings per function body (by byte range), plus calls outside any function."""
        calls: list[list[m.CallSite]] = [[] for _ in funcs]
        bindings: list[list[m.Binding]] = [[] for _ in funcs]
        literals: list[list[tuple[int, int]]] = [[] for _ in funcs]
        outside: list[m.CallSite] = []
        starts = [a for a, _ in funcs]
        for name, node in captures("bodies", root):
            where = bisect_right(starts, node.start_byte) - 1
            inside = where >= 0 and node.end_byte <= funcs[where][1]
            if name == "call":
                line, col = node.start_point
                site_literal = inside and any(a <= node.start_byte < b for a, b in literals[where])
                site = m.CallSite(self._call(node), line + 1, col + 1, site_literal)
                (calls[where] if inside else outside).append(site)
            elif not inside:
                continue
            elif name == "literal":
                literals[where].append((node.start_byte, node.end_byte))
                self._bind_literal_params(node, bindings[where])
            elif name == "define":
                self._bind_assignment(node, bindings[where])
            elif name in ("var", "const"):
                self._bind_spec(node, bindings[where])
            elif name == "range":
                self._bind_range(node, bindings[where])
            else:
                self._bind_type_switch(node, bindings[where])
        return calls, bindings, outside

    @staticmethod
    def _scope_of(node: Node) -> tuple[int, int]:
        """The block (or statement with an initialiser) a declaration's names are visible in."""
        scope = node.parent
        while scope is not None and scope.type not in _SCOPES:
            scope = scope.parent
        owner = scope if scope is not None else node
        return owner.start_byte, owner.end_byte

    def _bind_literal_params(self, node: Node, bindings: list[m.Binding]) -> None:
        body = node.child_by_field_name("body")
        if body is None:
            return
        for f in self._params(node.child_by_field_name("parameters")) + self._results(node.child_by_field_name("result")):
            if f.name:
                bindings.append(m.Binding(f.name, "param", body.start_byte, body.start_byte, body.end_byte, type=f.type))

    def _bind_assignment(self, node: Node, bindings: list[m.Binding]) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        names = left.named_children if left is not None else []
        values = right.named_children if right is not None else []
        start, end = self._scope_of(node)
        for i, name_node in enumerate(names):
            if name_node.type != "identifier" or self.text(name_node) == "_":
                continue
            if len(values) == len(names):
                value, index, size = values[i], 0, 1
            elif len(values) == 1:
                value, index, size = values[0], i, len(names)
            else:
                continue
            bindings.append(m.Binding(self.text(name_node), "define", node.end_byte, start, end, value=self.expr(value), index=index, tuple_size=size))

    def _bind_spec(self, node: Node, bindings: list[m.Binding]) -> None:
        type_node = node.child_by_field_name("type")
        value_node = node.child_by_field_name("value")
        values = value_node.named_children if value_node is not None else []
        names = node.children_by_field_name("name")
        typ = self.typeref(type_node) if type_node is not None else None
        start, end = self._scope_of(node)
        kind = "const" if node.type == "const_spec" else "var"
        for i, name_node in enumerate(names):
            value, index, size = None, 0, 1
            if typ is None and len(values) == len(names):
                value = values[i]
            elif typ is None and len(values) == 1:
                value, index, size = values[0], i, len(names)
            bindings.append(m.Binding(
                self.text(name_node), kind, node.end_byte, start, end, type=typ,
                value=self.expr(value) if value is not None else None, index=index, tuple_size=size,
            ))  # fmt: skip

    def _bind_range(self, node: Node, bindings: list[m.Binding]) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        loop = node.parent
        if left is None or right is None or loop is None or not any(c.type == ":=" for c in node.children):
            return
        ranged = self.expr(right)
        for i, name_node in enumerate(left.named_children[:2]):
            if name_node.type == "identifier" and self.text(name_node) != "_":
                bindings.append(m.Binding(self.text(name_node), "range", node.end_byte, loop.start_byte, loop.end_byte, value=ranged, index=i, tuple_size=2))

    def _bind_type_switch(self, node: Node, bindings: list[m.Binding]) -> None:
        alias = node.child_by_field_name("alias")
        value_node = node.child_by_field_name("value")
        if alias is None or value_node is None or not alias.named_children:
            return
        name = self.text(alias.named_children[0])
        subject = self.expr(value_node)
        for case in node.named_children:
            if case.type not in ("type_case", "default_case"):
                continue
            case_types = case.children_by_field_name("type") if case.type == "type_case" else []
            if len(case_types) == 1 and case_types[0].type != "nil":
                bindings.append(m.Binding(name, "typeswitch", case.start_byte, case.start_byte, case.end_byte, type=self.typeref(case_types[0])))
            else:  # several types or default: the variable keeps the subject's type
                bindings.append(m.Binding(name, "typeswitch", case.start_byte, case.start_byte, case.end_byte, value=subject))


    # ------------------------------------------------------------ names for links

    def name_uses(self, start: int, end: int) -> tuple[m.NameUse, ...]:
        root = parse_go(self.src).root_node
        uses: list[m.NameUse] = []
        for name, node in captures("identifiers", root):
            if not (start <= node.start_byte and node.end_byte <= end):
                continue
            parent = node.parent
            if name == "selector":
                field = node.child_by_field_name("field")
                if field is not None:
                    uses.append(m.NameUse("selector", self.text(field), field.start_byte, field.end_byte, expr=self.expr(node)))
            elif name == "qualified":
                type_name = node.child_by_field_name("name")
                package = node.child_by_field_name("package")
                if type_name is not None and package is not None:
                    uses.append(m.NameUse("qualified", self.text(type_name), type_name.start_byte, type_name.end_byte, package=self.text(package)))
            elif parent is None or parent.type in _DECLARING_PARENTS or parent.type in ("qualified_type", "selector_expression"):
                continue
            elif name == "type":
                uses.append(m.NameUse("type", self.text(node), node.start_byte, node.end_byte))
            elif parent.type == "literal_element" and parent.parent is not None and parent.parent.type == "keyed_element" \
                    and parent.parent.child_by_field_name("key") == parent:
                literal = parent.parent.parent.parent if parent.parent.parent is not None else None  # keyed_element -> literal_value -> composite_literal
                type_node = literal.child_by_field_name("type") if literal is not None and literal.type == "composite_literal" else None
                if type_node is not None:
                    uses.append(m.NameUse("key", self.text(node), node.start_byte, node.end_byte, type=self.typeref(type_node)))
            elif parent.type != "expression_list" or parent.parent is None or parent.parent.type != "short_var_declaration":
                uses.append(m.NameUse("ident", self.text(node), node.start_byte, node.end_byte))
        return tuple(uses)

    # ------------------------------------------------------------ statements (full detail)

    def _block(self, node: Node | None) -> tuple[m.Stmt, ...]:
        if node is None:
            return ()
        items = node.named_children
        if len(items) == 1 and items[0].type == "statement_list":
            items = items[0].named_children
        elif node.type == "statement_list":
            pass
        found: list[m.Stmt] = []
        for child in items:
            if child.type == "statement_list":
                found.extend(self._block(child))
            elif child.type != "comment":
                found.append(self._stmt(child))
        return tuple(found)

    def _stmt(self, node: Node) -> m.Stmt:
        kind = node.type
        where = (node.start_byte, node.end_byte, node.start_point[0] + 1, node.end_point[0] + 1)
        field = node.child_by_field_name
        if kind == "expression_statement":
            return m.ExprStmt(*where, self.expr(node.named_children[0]))
        if kind in ("assignment_statement", "short_var_declaration"):
            op = self.text(field("operator")) if kind == "assignment_statement" else ":="
            return m.Assign(*where, self._exprs(field("left")), op, self._exprs(field("right")))
        if kind in ("inc_statement", "dec_statement"):
            return m.IncDec(*where, self.expr(node.named_children[0]), "++" if kind == "inc_statement" else "--")
        if kind in ("var_declaration", "const_declaration"):
            specs = node.named_children
            if specs and specs[0].type == "var_spec_list":
                specs = specs[0].named_children
            stmts = [self._spec_stmt(spec, kind == "const_declaration") for spec in specs if spec.type in ("var_spec", "const_spec")]
            if len(stmts) == 1 and not any(c.type in ("(", "var_spec_list") for c in node.children):
                return dataclasses.replace(stmts[0], start=where[0], end=where[1], line=where[2], end_line=where[3])  # `var x T` starts at `var`
            return stmts[0] if len(stmts) == 1 else m.BlockStmt(*where, tuple(stmts))
        if kind == "return_statement":
            values = node.named_children[0] if node.named_child_count else None
            return m.Return(*where, self._exprs(values) if values is not None and values.type == "expression_list" else ((self.expr(values),) if values is not None else ()))
        if kind == "if_statement":
            alternative = field("alternative")
            otherwise: tuple[m.Stmt, ...] = ()
            if alternative is not None:
                otherwise = (self._stmt(alternative),) if alternative.type == "if_statement" else self._block(alternative)
            init = field("initializer")
            return m.If(*where, self._stmt(init) if init is not None else None, self.expr(field("condition")), self._block(field("consequence")), otherwise)
        if kind == "for_statement":
            clause = next((c for c in node.named_children if c.type in ("for_clause", "range_clause")), None)
            body = self._block(field("body"))
            if clause is not None and clause.type == "range_clause":
                left = clause.child_by_field_name("left")
                names = left.named_children if left is not None else []
                define = any(c.type == ":=" for c in clause.children)
                return m.Range(
                    *where, self.expr(names[0]) if len(names) > 0 else None, self.expr(names[1]) if len(names) > 1 else None,
                    define, self.expr(clause.child_by_field_name("right")), body,
                )  # fmt: skip
            if clause is not None:
                init, cond, post = (clause.child_by_field_name(n) for n in ("initializer", "condition", "update"))
                return m.For(*where, self._stmt(init) if init else None, self.expr(cond) if cond else None, self._stmt(post) if post else None, body)
            cond_node = next((c for c in node.named_children if c.type not in ("block",)), None)
            return m.For(*where, None, self.expr(cond_node) if cond_node is not None else None, None, body)
        if kind == "expression_switch_statement":
            cases = []
            for case in node.named_children:
                if case.type in ("expression_case", "default_case"):
                    values = case.child_by_field_name("value")
                    stmts = self._block(next((c for c in case.named_children if c.type == "statement_list"), None))
                    cases.append(m.Case(self._exprs(values) if values is not None else (), stmts, case.type == "default_case"))
            init, tag = field("initializer"), field("value")
            return m.Switch(*where, self._stmt(init) if init else None, self.expr(tag) if tag else None, tuple(cases))
        if kind == "block":
            return m.BlockStmt(*where, self._block(node))
        if kind in ("go_statement", "defer_statement"):
            return m.OtherStmt(*where, kind, self.expr(node.named_children[0]) if node.named_child_count else None)
        return m.OtherStmt(*where, kind)

    def _spec_stmt(self, spec: Node, const: bool) -> m.VarStmt:
        type_node = spec.child_by_field_name("type")
        value_node = spec.child_by_field_name("value")
        names = tuple(self.text(n) for n in spec.children_by_field_name("name"))
        where = (spec.start_byte, spec.end_byte, spec.start_point[0] + 1, spec.end_point[0] + 1)
        return m.VarStmt(*where, names, self.typeref(type_node) if type_node else None, self._exprs(value_node), const)

    def _exprs(self, node: Node | None) -> tuple[m.Expr, ...]:
        if node is None:
            return ()
        if node.type == "expression_list":
            return tuple(self.expr(c) for c in node.named_children if c.type != "comment")
        return (self.expr(node),)


def _strip_comment(comment: str) -> str:
    if comment.startswith("//"):
        return comment[2:].removeprefix(" ")
    return comment.removeprefix("/*").removesuffix("*/").strip()
