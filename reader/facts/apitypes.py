"""The Go types of API objects as encoding/json sees them, read from the source: every struct's
fields with their json names, `omitempty`, `,inline`, and what type each field holds.

kube-apiserver turns the bytes a client sends into Go structs with encoding/json semantics
(json-iterator in its standard-library mode) and writes them back the same way, so the shape of
a Deployment on the wire is exactly its Go declaration: the json tag names the key, `omitempty`
decides whether a zero value is written, an embedded struct without a name (or with `,inline`)
lends its fields to the parent.  `api_types` walks from a few root types (say `k8s.io/api/apps/v1.Deployment`)
through every field type it reaches and returns each struct once, so that

  * the request replica (reader/replicas/kube_apiserver/request.py) decodes, converts and
    encodes objects field by field as Go would, without a single field typed by hand, and
  * a chapter can link each YAML key to the Go field it fills (the field's symbol id).

Types with their own MarshalJSON/UnmarshalJSON (IntOrString, Quantity, Time …) are not walked
into: they are `custom`, and the replica knows each by name.  Internal types (pkg/apis/…) have no
json tags; their fields are keyed by Go name like every other, json names left empty.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from reader.facts.world import World
from reader.index.models import Index
from reader.index.types import BASIC
from reader.parse import models as m

# kinds of GoType
STRUCT, POINTER, SLICE, MAP, BASIC_KIND, CUSTOM, INTERFACE = "struct", "pointer", "slice", "map", "basic", "custom", "interface"
_JSON_TAG = re.compile(r'json:"([^"]*)"')


@dataclass(frozen=True)
class GoType:
    """A field's type: `kind` one of struct, pointer, slice, map, basic, custom, interface.
    `name` is the named type's id (`k8s.io/api/core/v1.Protocol`) or, for predeclared types,
    the Go name (`int32`); `basic` is the predeclared type underneath a named one."""

    kind: str
    name: str = ""
    basic: str = ""
    elem: GoType | None = None
    key: GoType | None = None


@dataclass(frozen=True)
class GoField:
    name: str  # the Go field name (an embedded field: its type's name)
    json: str  # the key on the wire; "" for an embedded struct whose fields are flattened
    omitempty: bool
    embedded: bool
    type: GoType
    symbol: str  # the field's symbol id in the index: <type id>.<Name>
    line: int


@dataclass(frozen=True)
class StructType:
    id: str  # k8s.io/api/apps/v1.Deployment
    file: str
    line: int
    fields: tuple[GoField, ...]

    def field(self, name: str) -> GoField:
        return next(f for f in self.fields if f.name == name)


def api_types(index: Index, root: Path, roots: Iterable[str]) -> dict[str, StructType]:
    """Every struct type reachable from `roots` (type ids), by id, each once."""
    world = World(root, index)
    found: dict[str, StructType] = {}
    todo = list(roots)
    while todo:
        type_id = todo.pop()
        if type_id in found:
            continue
        struct = _struct(world, type_id)
        found[type_id] = struct
        for field in struct.fields:
            todo.extend(_structs_in(field.type))
    return dict(sorted(found.items()))


def to_json(types: dict[str, StructType]) -> str:
    return json.dumps({k: asdict(v) for k, v in types.items()})


def from_json(text: str) -> dict[str, StructType]:
    def go_type(raw: dict | None) -> GoType | None:
        return None if raw is None else GoType(raw["kind"], raw["name"], raw["basic"], go_type(raw["elem"]), go_type(raw["key"]))

    return {
        k: StructType(v["id"], v["file"], v["line"], tuple(GoField(**{**f, "type": go_type(f["type"])}) for f in v["fields"]))
        for k, v in json.loads(text).items()
    }  # fmt: skip


def _struct(world: World, type_id: str) -> StructType:
    pkg, _, name = type_id.rpartition(".")
    located = world.type(pkg, name)
    if located is None or located.decl.type.kind != "struct":
        raise LookupError(f"{type_id}: no struct type of that name in the index")
    fields = []
    for field in located.decl.type.fields:
        go_type = _resolve(world, field.type, located.file, pkg)
        go_name = field.name or go_type.name.rpartition(".")[2]
        json_name, omitempty = _json_tag(field.tag)
        if json_name == "-":
            continue
        if field.embedded and not json_name:
            json_name = ""  # flattened into the parent, as encoding/json does with an unnamed embedded struct
        elif not json_name:
            json_name = go_name if not field.name or field.name[0].isupper() else ""
        if field.name and not field.name[0].isupper():
            continue  # unexported: encoding/json never sees it
        line = field.span.line if field.span else located.decl.span.line
        fields.append(GoField(go_name, json_name, omitempty, field.embedded, go_type, f"{type_id}.{go_name}", line))
    return StructType(type_id, located.file, located.decl.span.line, tuple(fields))


def _json_tag(tag: str) -> tuple[str, bool]:
    match = _JSON_TAG.search(tag)
    if match is None:
        return "", False
    name, *options = match[1].split(",")
    return name, "omitempty" in options


def _resolve(world: World, ref: m.TypeRef, file: str, pkg: str) -> GoType:
    kind = ref.kind
    if kind == "pointer":
        return GoType(POINTER, elem=_resolve(world, ref.elem, file, pkg))
    if kind in ("slice", "array"):
        elem = _resolve(world, ref.elem, file, pkg)
        return GoType(BASIC_KIND, basic="[]byte") if elem.kind == BASIC_KIND and elem.basic in ("byte", "uint8") and not elem.name.count(".") else GoType(SLICE, elem=elem)
    if kind == "map":
        return GoType(MAP, key=_resolve(world, ref.key, file, pkg), elem=_resolve(world, ref.elem, file, pkg))
    if kind == "interface":
        return GoType(INTERFACE)
    if kind == "name" and ref.name in BASIC:
        return GoType(BASIC_KIND, ref.name, ref.name)
    if kind == "name":
        return _named(world, pkg, ref.name)
    if kind == "qualified":
        target = world.imports(file).get(ref.package)
        if target is None:
            raise LookupError(f"{file}: import {ref.package!r} of {ref.text} is not in the index")
        return _named(world, target, ref.name)
    raise LookupError(f"{file}: cannot read the type {ref.text!r} ({kind})")


def _named(world: World, pkg: str, name: str) -> GoType:
    type_id = f"{pkg}.{name}"
    if _has_custom_json(world, pkg, name):
        return GoType(CUSTOM, type_id)
    located = world.type(pkg, name)
    if located is None:
        raise LookupError(f"{type_id}: not in the index")
    underlying = located.decl.type
    if underlying.kind == "struct":
        return GoType(STRUCT, type_id)
    resolved = _resolve(world, underlying, located.file, pkg)
    return GoType(resolved.kind, type_id, resolved.basic, resolved.elem, resolved.key)


def _has_custom_json(world: World, pkg: str, name: str) -> bool:
    symbols = world.index.symbols
    return any(f"{pkg}.({star}{name}).UnmarshalJSON" in symbols for star in ("*", ""))


def _structs_in(go_type: GoType | None) -> list[str]:
    if go_type is None:
        return []
    if go_type.kind == STRUCT:
        return [go_type.name]
    return _structs_in(go_type.elem) + _structs_in(go_type.key)
