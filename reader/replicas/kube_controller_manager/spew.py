"""go-spew's `%#v`, as pkg/util/hash.DeepHashObject prints a value to hash it, for values whose
Go types come from the struct declarations the index holds.

The Deployment controller names a ReplicaSet after a hash of its pod template, and that hash is
FNV-32a over the text go-spew (vendor/github.com/davecgh/go-spew/spew/format.go) prints for the
template with `%#v` and the config DeepHashObject sets (Indent " ", SortKeys, DisableMethods,
SpewKeys).  So the text depends on every field of v1.PodTemplateSpec, in declaration order, with
its Go type spelled as reflect's Type.String() spells it (`v1.PodSpec`, `[]v1.Container`,
`*int64`).  This module does not carry a copy of those structs: `GoTypes` reads them from the
indexed source, so the printing follows the tree the book reads.

Values come in as JSON would decode them (dicts keyed by the fields' json tags).  What the module
knows beyond the tree: the layout of the one standard-library struct a pod template holds
(time.Time, inside metav1.Time; Go's own source is not indexed), and how the two API types with
their own JSON form decode (metav1.Time from null, intstr.IntOrString from a number or a
string).  resource.Quantity is refused with a one-line error: its unexported fields are filled
by parsing, which is not replicated.

    types = GoTypes.from_tree(root, index)
    text = spew_sprint(template, types.named("k8s.io/api/core/v1", "PodTemplateSpec"), types)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reader.parse.models import TypeRef

BASIC_INTS = frozenset("int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr byte rune".split())
# The one standard-library struct a pod template reaches (metav1.Time embeds time.Time); its
# fields as Go 1.9 to 1.19 declare them.  The index holds the Kubernetes tree, not Go's.
STDLIB_STRUCTS = {("time", "Time"): (("wall", "uint64"), ("ext", "int64"), ("loc", "*time.Location"))}
_JSON_TAG = re.compile(r'json:"([^"]*)"')


@dataclass(frozen=True)
class GoType:
    """A Go type as reflect sees it: kind basic / named / pointer / slice / map / struct.

    A named type keeps its package path and name; its underlying type is looked up on demand
    (`GoTypes.underlying`).  `string` is reflect's Type.String(): `v1.PodSpec`, `*int64`."""

    kind: str
    string: str
    pkg: str = ""
    name: str = ""
    elem: GoType | None = None
    key: GoType | None = None
    fields: tuple[StructField, ...] = ()


@dataclass(frozen=True)
class StructField:
    name: str
    type: GoType
    json: str  # the json tag's name; "" for an inline embedded struct, "-" for none
    embedded: bool


class SpewError(ValueError):
    """A value the replica cannot print as spew would (a type it does not replicate)."""


class GoTypes:
    """Struct declarations read from the index, resolved the way the Go compiler would."""

    def __init__(self, world) -> None:
        self.world = world
        self._underlying: dict[tuple[str, str], GoType] = {}

    @classmethod
    def from_tree(cls, root: Path, index) -> GoTypes:
        from reader.facts.world import World

        return cls(World(root, index))

    def named(self, pkg: str, name: str) -> GoType:
        if pkg == "time":
            return GoType("named", f"time.{name}", "time", name)
        if not self.world.has_package(pkg):
            raise SpewError(f"package {pkg} is not in the index")
        return GoType("named", f"{self.world.index.packages[pkg].name}.{name}", pkg, name)

    def underlying(self, named: GoType) -> GoType:
        key = (named.pkg, named.name)
        hit = self._underlying.get(key)
        if hit is None:
            hit = self._underlying[key] = self._resolve_underlying(named)
        return hit

    def _resolve_underlying(self, named: GoType) -> GoType:
        if (named.pkg, named.name) in STDLIB_STRUCTS:
            fields = tuple(StructField(n, self._parse_stdlib(t), "-", False) for n, t in STDLIB_STRUCTS[named.pkg, named.name])
            return GoType("struct", "struct", fields=fields)
        if named.pkg == "time":
            raise SpewError(f"time.{named.name}: the standard library's layout of this type is not replicated")
        located = self.world.type(named.pkg, named.name)
        if located is None:
            raise SpewError(f"type {named.pkg}.{named.name} is not in the index")
        resolved = self.resolve(located.decl.type, located.file, located.pkg)
        return self.underlying(resolved) if resolved.kind == "named" else resolved

    def resolve(self, ref: TypeRef, file: str, pkg: str) -> GoType:
        """What the type expression `ref`, written in `file` of package `pkg`, denotes."""
        kind = ref.kind
        if kind == "name":
            if ref.name in BASIC_INTS or ref.name in ("string", "bool", "float32", "float64"):
                return GoType("basic", {"byte": "uint8", "rune": "int32"}.get(ref.name, ref.name), name=ref.name)
            return self.named(pkg, ref.name)
        if kind == "qualified":
            path = self.world.imports(file).get(ref.package)
            if path is None:
                raise SpewError(f"{file}: import {ref.package!r} not found")
            return self.named(path, ref.name)
        if kind == "pointer":
            elem = self.resolve(ref.elem, file, pkg)
            return GoType("pointer", "*" + elem.string, elem=elem)
        if kind == "slice":
            elem = self.resolve(ref.elem, file, pkg)
            return GoType("slice", "[]" + elem.string, elem=elem)
        if kind == "map":
            key, elem = self.resolve(ref.key, file, pkg), self.resolve(ref.elem, file, pkg)
            return GoType("map", f"map[{key.string}]{elem.string}", key=key, elem=elem)
        if kind == "struct":
            fields = []
            for f in ref.fields:
                tag = _JSON_TAG.search(f.tag or "")
                json_name = tag.group(1).split(",")[0] if tag else ("" if f.embedded else f.name)
                fields.append(StructField(f.name, self.resolve(f.type, file, pkg), json_name, f.embedded))
            return GoType("struct", "struct", fields=tuple(fields))
        raise SpewError(f"{file}: type {ref.text} ({kind}) is not replicated")

    def _parse_stdlib(self, text: str) -> GoType:
        if text.startswith("*"):
            elem = self._parse_stdlib(text[1:])
            return GoType("pointer", text, elem=elem)
        if "." in text:
            pkg, name = text.split(".")
            return GoType("named", text, pkg, name)
        return GoType("basic", text, name=text)


# ---------------------------------------------------------------- printing, as format.go does


def spew_sprint(value: object, typ: GoType, types: GoTypes) -> str:
    """spew.ConfigState{Indent: " ", SortKeys, DisableMethods, SpewKeys}.Sprintf("%#v", value)
    for a value of type `typ` given as JSON decodes it."""
    out: list[str] = []
    _format(decode(value, typ, types), typ, types, out, ignore_type=False)
    return "".join(out)


def _format(value: object, typ: GoType, types: GoTypes, out: list[str], ignore_type: bool) -> None:
    """format.go's formatState.format with the '#' flag: `(type)value`, the type left out for
    slice elements, map keys and values, and what a pointer points to (ignoreNextType)."""
    if typ.kind == "pointer":
        _format_pointer(value, typ, types, out, ignore_type)
        return
    if not ignore_type:
        out.append(f"({typ.string})")
    under = types.underlying(typ) if typ.kind == "named" else typ
    if under.kind == "basic":
        out.append(_basic(value, under))
    elif under.kind == "slice":
        if value is None:
            out.append("<nil>")
            return
        out.append("[")
        for i, item in enumerate(value):
            out.append(" " if i else "")
            _format(item, under.elem, types, out, ignore_type=True)
        out.append("]")
    elif under.kind == "map":
        if value is None:
            out.append("<nil>")
            return
        out.append("map[")
        for i, key in enumerate(sorted(value, key=_sort_key(under.key, types))):
            out.append(" " if i else "")
            _format(key, under.key, types, out, ignore_type=True)
            out.append(":")
            _format(value[key], under.elem, types, out, ignore_type=True)
        out.append("]")
    elif under.kind == "struct":
        out.append("{")
        for i, field in enumerate(under.fields):
            out.append(" " if i else "")
            out.append(f"{field.name}:")
            _format(value[field.name], field.type, types, out, ignore_type=False)
        out.append("}")
    elif under.kind == "pointer":  # a named pointer type: none in a pod template
        raise SpewError(f"named pointer type {typ.string} is not replicated")


def _format_pointer(value: object, typ: GoType, types: GoTypes, out: list[str], ignore_type: bool) -> None:
    """formatPtr: a nil pointer is `(*T)<nil>` where types show and `<nil>` where not; a
    pointer is followed, its type written once with a star per indirection."""
    if value is None and ignore_type:
        out.append("<nil>")
        return
    indirects, target, pointee = 0, typ, value
    while target.kind == "pointer" and pointee is not None:
        indirects += 1
        target, pointee = target.elem, pointee.value
    nil_found = target.kind == "pointer"
    if not ignore_type:
        out.append(f"({'*' * indirects}{target.string})")
    else:
        out.append("<" + "*" * (indirects + (target.string.count("*") if nil_found else 0)) + ">")
    if nil_found:
        out.append("<nil>")
    else:
        _format(pointee, target, types, out, ignore_type=True)


def _basic(value: object, typ: GoType) -> str:
    if typ.name == "string":
        return str(value)
    if typ.name == "bool":
        return "true" if value else "false"
    if typ.name in BASIC_INTS:
        return str(int(value))
    raise SpewError(f"{typ.name} values are not replicated")


def _sort_key(key_type: GoType, types: GoTypes):
    under = types.underlying(key_type) if key_type.kind == "named" else key_type
    if under.kind != "basic" or under.name != "string":
        raise SpewError(f"map keys of type {key_type.string} are not replicated")
    return lambda key: key.encode()  # spew's sortValues: strings compare as Go compares them, bytewise


# ---------------------------------------------------------------- decoding, as encoding/json would


@dataclass(frozen=True)
class Pointer:
    """A non-nil Go pointer (None is the nil pointer)."""

    value: object


def decode(value: object, typ: GoType, types: GoTypes, own_json: bool = True) -> object:
    """The Go value `value` (as JSON decodes it) stands for, with every field present: missing
    fields take their zero value.  Empty lists and maps become nil, as they do on their way
    through v1.9.9's protobuf storage, which cannot tell `[]` from no list."""
    if typ.kind == "pointer":
        return None if value is None else Pointer(decode(value, typ.elem, types))
    special = _SPECIAL.get((typ.pkg, typ.name)) if typ.kind == "named" and own_json else None
    if special is not None:
        return special(value, typ, types)
    under = types.underlying(typ) if typ.kind == "named" else typ
    if under.kind == "basic":
        if value is None:
            return "" if under.name == "string" else (False if under.name == "bool" else 0)
        _expect(value, str if under.name == "string" else (bool if under.name == "bool" else int), typ)
        return value
    if under.kind == "slice":
        if not value:
            return None
        _expect(value, list, typ)
        return [decode(item, under.elem, types) for item in value]
    if under.kind == "map":
        if not value:
            return None
        _expect(value, dict, typ)
        return {decode(k, under.key, types): decode(v, under.elem, types) for k, v in value.items()}
    if under.kind == "struct":
        given = dict(value or {})
        _expect(given, dict, typ)
        out = {}
        for field in under.fields:
            if field.embedded and field.json == "":  # json:",inline": the embedded struct's fields sit beside ours
                out[field.name] = decode(given, field.type, types)
            else:
                out[field.name] = decode(given.pop(field.json, None), field.type, types)
        return out
    raise SpewError(f"values of type {typ.string} are not replicated")


def _expect(value: object, kind: type, typ: GoType) -> None:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SpewError(f"a {typ.string} cannot be {value!r}")


def _time(value: object, typ: GoType, types: GoTypes) -> object:
    if value is not None:
        raise SpewError(f"{typ.string} {value!r}: only the zero time (null) is replicated")
    return decode(None, typ, types, own_json=False)


def _int_or_string(value: object, typ: GoType, types: GoTypes) -> object:
    # intstr.IntOrString's UnmarshalJSON: a JSON string sets Type String (1) and StrVal; a number Type Int (0) and IntVal
    raw = {"Type": 1, "StrVal": value} if isinstance(value, str) else {"Type": 0, "IntVal": value or 0}
    return decode(raw, typ, types, own_json=False)


def _quantity(value: object, typ: GoType, types: GoTypes) -> object:
    raise SpewError(f"{typ.string} {value!r}: resource quantities (their parsed, unexported fields) are not replicated")


_SPECIAL = {
    ("k8s.io/apimachinery/pkg/apis/meta/v1", "Time"): _time,
    ("k8s.io/apimachinery/pkg/util/intstr", "IntOrString"): _int_or_string,
    ("k8s.io/apimachinery/pkg/api/resource", "Quantity"): _quantity,
}
