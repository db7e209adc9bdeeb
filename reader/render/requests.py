"""What the request chapter (chapters/kube-apiserver/06-request.*) shows beyond code: a handler
chain drawn from the function that builds it, a YAML file whose every key links to the Go field
it fills, and the answer the request replica gives to that YAML (the real server's beside it
when the lab ran when the site was built).

Nothing here is typed by hand: the chain is the order of the `With*` calls the index finds in
the function, the field links come from the json tags of staging/src/k8s.io/api (reader/facts/apitypes.py),
the answers from running reader/replicas/kube_apiserver/request.py at build time.
"""

from __future__ import annotations

import html
import json
from typing import Any

import yaml

from reader.facts.apitypes import MAP, POINTER, SLICE, STRUCT, GoField, GoType, StructType, api_types
from reader.facts.world import World
from reader.parse import models as m
from reader.lab.requests import CORPUS
from reader.render.pages import Renderer, table_head
from reader.render.strings import UI
from reader.replicas.kube_apiserver.request import APIServer, api_types_of, types_from
from reader.replicas.kube_apiserver.server_chain import Request

_CACHE: dict[int, RequestPages] = {}


class RequestPages:
    """One per renderer: the API types are read once (about a second)."""

    def __init__(self, renderer: Renderer) -> None:
        self.r = renderer
        self.index = renderer.index
        self._structs: dict[str, StructType] = {}
        self._replica_types: Any = None

    @classmethod
    def of(cls, renderer: Renderer) -> RequestPages:
        if id(renderer) not in _CACHE:
            _CACHE.clear()
            _CACHE[id(renderer)] = cls(renderer)
        return _CACHE[id(renderer)]

    # ------------------------------------------------------------ the handler chain

    def handler_chain(self, page: str, symbol_id: str, ui: UI) -> str:
        """The filters `symbol_id` wraps around the handler, in the order a request meets them
        (the reverse of the statements that wrap them), each linked to its function; the two
        branches of an `if` are one box with its condition."""
        symbol = self.index.symbols[symbol_id]
        world = World(self.r.src.root, self.index)
        located = world.func(symbol.package, symbol.name)
        if located is None:
            raise ValueError(f"{symbol_id}: not a function the index can show")
        calls = {e.line: e.callee for e in self.index.calls_from(symbol_id) if e.callee and e.callee.rsplit(".", 1)[-1].startswith("With")}
        returned = next((s.values[0] for s in reversed(located.decl.statements) if isinstance(s, m.Return) and s.values), None)
        chained = returned.name if isinstance(returned, m.Ident) else "handler"  # the variable the function returns
        # only the statements that wrap that variable (not, say, the handler for failed authentication)
        wraps = {s.line: calls[s.line] for s in _assignments(located.decl.statements) if s.line in calls and _assigns(s, chained)}
        boxes: list[tuple[str, list[tuple[str, int]]]] = []  # (condition, [(filter, line)])
        for statement in located.decl.statements:
            if isinstance(statement, m.If):
                branches = [(s.line, wraps.get(s.line)) for s in (*statement.then, *statement.otherwise)]
                found = [(callee, line) for line, callee in branches if callee]
                if found:
                    boxes.append((world.text(located.file, statement.cond.start, statement.cond.end), found))
            elif statement.line in wraps:
                boxes.append(("", [(wraps[statement.line], statement.line)]))
        if not boxes:
            raise ValueError(f"{symbol_id} wraps no With* filter around its handler")
        steps = [f"<span>{ui('requests.request')}</span>"]
        for condition, filters in reversed(boxes):
            names = " / ".join(self.r.symbol_link(page, callee, callee.rsplit(".", 1)[-1]) for callee, _ in filters)
            where = " · ".join(f"L{line}" for _, line in filters)
            note = f"<br><small>if {html.escape(condition)}</small>" if condition else ""
            steps.append(f"<span>{names}<br><small>{where}</small>{note}</span>")
        steps.append("<span>handler</span>")
        return '<div class="k8s-chain">' + "→".join(steps) + "</div>"

    # ------------------------------------------------------------ YAML keys → Go fields

    def structs(self, root: str) -> dict[str, StructType]:
        if root not in self._structs:
            self._structs.update(api_types(self.index, self.r.src.root, [root]))
        return self._structs

    def yaml_fields(self, page: str, seed: str, type_id: str, ui: UI) -> str:
        """The YAML of reader/lab/requests/seed/<seed>, each key a link to the Go field it fills,
        then a table of the same: key path, Go field, Go type, json tag."""
        return self.yaml_text_fields(page, _seed(seed), type_id, ui)

    def yaml_text_fields(self, page: str, text: str, type_id: str, ui: UI) -> str:
        """yaml_fields for a YAML text."""
        structs = self.structs(type_id)
        found = _keys(yaml.compose(text), GoType(STRUCT, type_id), structs, "")
        lines = text.splitlines()
        by_line: dict[int, list[tuple[int, int, GoField | None, str]]] = {}
        for line, column, length, field, path in found:
            by_line.setdefault(line, []).append((column, length, field, path))
        out = []
        for number, line in enumerate(lines):
            pieces, at = [], 0
            for column, length, field, path in sorted(by_line.get(number, [])):
                pieces.append(html.escape(line[at:column]))
                key = html.escape(line[column : column + length])
                if field is None:
                    pieces.append(f'<span class="k8s-yaml-key" title="{html.escape(path)}: map key">{key}</span>')
                else:
                    href = self.r.href(page, field.symbol) or ""
                    title = html.escape(f"{field.symbol.rsplit('/', 1)[-1]} · {self._signature(field)}")
                    pieces.append(f'<a class="k8s-yaml-key" href="{html.escape(href)}" title="{title}">{key}</a>')
                at = column + length
            pieces.append(html.escape(line[at:]))
            out.append("".join(pieces))
        listing = f'<pre class="k8s-yaml"><code>{chr(10).join(out)}</code></pre>'
        rows = table_head(ui("requests.fields_header"))
        for _, _, _, field, path in found:
            if field is not None:
                name = field.symbol.rsplit("/", 1)[-1]
                rows.append(f"| `{path}` | {self.r.symbol_link(page, field.symbol, name)} | `{_type_text(field.type)}` | "
                            f"`{field.json}{',omitempty' if field.omitempty else ''}` |")  # fmt: skip
        return listing + "\n\n" + "\n".join(rows) + "\n"

    def _signature(self, field: GoField) -> str:
        symbol = self.index.symbols.get(field.symbol)
        return symbol.signature if symbol is not None else field.name

    # ------------------------------------------------------------ the answer

    def answer(self, seed: str, path: str) -> tuple[int, str, list[str]]:
        """What the replica answers to a POST of the seed file to `path` (default namespace):
        status, the body as YAML in the server's field order, the etcd writes."""
        if self._replica_types is None:
            self._replica_types = types_from(api_types_of(self.index, self.r.src.root))
        server = APIServer(self._replica_types)
        before = len(server.memory.log)
        response = server.serve(Request(path, {}, "k8s-reader-site", "POST", _seed(seed).encode(), "application/yaml"))
        body = json.loads(response.body)
        return response.status, yaml.safe_dump(body, sort_keys=False, allow_unicode=True, default_flow_style=False), server.memory.log[before:]

    def answer_html(self, page: str, seed: str, path: str, oracle: Any, ui: UI) -> str:
        """The seed file beside the replica's answer (the keys the server added marked), then, when
        the lab ran at build time, the real v1.9.9's answer and the verdict (folded)."""
        status, answer, writes = self.answer(seed, path)
        added = self.added_lines(seed, answer)
        marked = "\n".join(f'<span class="k8s-added">{html.escape(line)}</span>' if n in added else html.escape(line)
                           for n, line in enumerate(answer.splitlines()))  # fmt: skip
        keys = "".join(f"<br><code>etcd: {html.escape(w)}</code>" for w in writes)
        out = [f'<div class="k8s-pair" markdown="0"><div class="k8s-pair-head">POST {html.escape(path)} → {status}{keys}</div>'
               f'<div><pre class="k8s-yaml"><code>{html.escape(_seed(seed))}</code></pre></div>'
               f'<div><pre class="k8s-yaml"><code>{marked}</code></pre></div></div>']  # fmt: skip
        case = f"seed-{seed.removesuffix('.yaml')} #1 "
        real = next((a for a in (oracle.answers if oracle is not None and oracle.ran else ()) if a.command.startswith(case)), None)
        if real is not None:
            verdict = next((r for r in oracle.results if r.name == real.command), None)
            status_line, _, body = real.output.partition("\n")
            shown = yaml.safe_dump(json.loads(body), sort_keys=True, allow_unicode=True, default_flow_style=False) if body.startswith("{") else body
            same = ui("requests.equal") if verdict is not None and verdict.equal else ui("requests.different", difference=verdict.difference if verdict else "?")
            out.append(f'<details class="{"success" if verdict is not None and verdict.equal else "failure"}"><summary>{ui("requests.real")} '
                       f"{html.escape(status_line.split()[0])} · {html.escape(same)}</summary>"
                       f"<p>{ui('requests.ignored')}</p>"
                       f'<pre class="k8s-yaml"><code>{html.escape(shown)}</code></pre></details>')  # fmt: skip
        return "\n".join(out) + "\n"

    def added_lines(self, seed: str, answer: str) -> set[int]:
        """Lines of the answer's YAML whose key the seed file did not have (what the server added)."""
        given = set(_paths(yaml.safe_load(_seed(seed)), ""))
        added = set()
        for line, path in _key_lines(yaml.compose(answer), ""):
            if path not in given:
                added.add(line)
        return added


def _assignments(statements: tuple[m.Stmt, ...]) -> list[m.Stmt]:
    """Assignments and := declarations, into if branches."""
    out = []
    for statement in statements:
        if isinstance(statement, m.If):
            out += _assignments((*statement.then, *statement.otherwise))
        elif isinstance(statement, (m.Assign, m.VarStmt)):
            out.append(statement)
    return out


def _assigns(statement: m.Stmt, name: str) -> bool:
    if isinstance(statement, m.Assign):
        return any(isinstance(t, m.Ident) and t.name == name for t in statement.targets)
    return isinstance(statement, m.VarStmt) and name in statement.names


def _seed(name: str) -> str:
    path = CORPUS / "seed" / name
    if not path.is_file():
        raise ValueError(f"no seed file {name!r} in {CORPUS / 'seed'}")
    return path.read_text()


def _keys(node: Any, go_type: GoType, structs: dict[str, StructType], path: str) -> list[tuple[int, int, int, GoField | None, str]]:
    """(line, column, length, Go field or None for a map key, YAML path) of every key under `node`."""
    out = []
    while go_type.kind == POINTER:
        go_type = go_type.elem
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            where = f"{path}.{key.value}" if path else key.value
            if go_type.kind == MAP:
                out.append((key.start_mark.line, key.start_mark.column, len(key.value), None, where))
                out += _keys(value, go_type.elem, structs, where)
            elif go_type.kind == STRUCT:
                field = _json_field(structs, go_type.name, key.value)
                out.append((key.start_mark.line, key.start_mark.column, len(key.value), field, where))
                if field is not None:
                    out += _keys(value, field.type, structs, where)
    elif isinstance(node, yaml.SequenceNode) and go_type.kind == SLICE:
        for item in node.value:
            out += _keys(item, go_type.elem, structs, f"{path}[]")
    return out


def _json_field(structs: dict[str, StructType], type_id: str, key: str) -> GoField | None:
    for field in structs[type_id].fields:
        if field.embedded and not field.json:
            inner = _json_field(structs, field.type.name, key)
            if inner is not None:
                return inner
        elif field.json == key:
            return field
    return None


def _type_text(go_type: GoType) -> str:
    if go_type.kind == POINTER:
        return "*" + _type_text(go_type.elem)
    if go_type.name:
        return go_type.name.rsplit("/", 1)[-1]
    if go_type.kind == SLICE:
        return "[]" + _type_text(go_type.elem)
    if go_type.kind == MAP:
        return f"map[{_type_text(go_type.key)}]{_type_text(go_type.elem)}"
    return go_type.basic


def _paths(value: Any, path: str) -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in [f"{path}.{k}" if path else str(k), *_paths(v, f"{path}.{k}" if path else str(k))]]
    if isinstance(value, list):
        return [p for item in value for p in _paths(item, f"{path}[]")]
    return []


def _key_lines(node: Any, path: str) -> list[tuple[int, str]]:
    out = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            where = f"{path}.{key.value}" if path else key.value
            out.append((key.start_mark.line, where))
            out += _key_lines(value, where)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out += _key_lines(item, f"{path}[]")
    return out


__all__ = ["RequestPages"]
