"""Go values of API types for the request replica: decoded from JSON, converted between versions,
written back to JSON and through the protobuf storage, as kube-apiserver v1.9.9 does it.

The types are not typed here: they are the facts of reader/facts/apitypes.py (every struct's
fields, json names, omitempty, field types, read from staging/src/k8s.io/api and pkg/apis).  A
struct value is a `GoStruct` whose attributes are the Go field names, so the defaulting and
validation functions of the replica read like the Go they mirror (`obj.Spec.Replicas is None`);
promoted fields work as in Go (`deployment.Name` is `deployment.ObjectMeta.Name`).

What a value is, by Go kind: struct → GoStruct (every field present, zero when not sent);
pointer, slice, map → None for nil, else the element / a list / a dict; string, ints, bool →
str, int, bool; the types with their own JSON methods → IntOrString, Quantity, or for
metav1.Time a string (RFC 3339) or None for the zero time.

Mirrors, by behaviour: json-iterator's case-sensitive decoder (k8s.io/apimachinery/pkg/runtime/serializer/json),
encoding/json's omitempty rules, conversion-gen's autoConvert (fields of the same name; the
manual Convert_* functions are the `hooks` the caller passes), and what a protobuf round trip
through etcd keeps (an empty slice or map comes back nil).
"""

from __future__ import annotations

import base64
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from typing import Any

from reader.facts.apitypes import CUSTOM, INTERFACE, MAP, POINTER, SLICE, STRUCT, GoType, StructType

INTSTR = "k8s.io/apimachinery/pkg/util/intstr.IntOrString"
QUANTITY = "k8s.io/apimachinery/pkg/api/resource.Quantity"
TIME = "k8s.io/apimachinery/pkg/apis/meta/v1.Time"
MICRO_TIME = "k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime"
_INTS = {"int8": 8, "int16": 16, "int32": 32, "int64": 64, "int": 64, "uint8": 8, "byte": 8, "uint16": 16, "uint32": 32, "uint64": 64, "uint": 64}


class DecodeError(Exception):
    """What the JSON decoder reports for a value of the wrong JSON type."""


class ConversionError(Exception):
    """What a conversion function returns as its error (the decoder reports it as a bad request)."""


class GoStruct:
    """A Go struct value: its fields by Go name, embedded structs' fields promoted."""

    __slots__ = ("_type", "_fields", "_types")

    def __init__(self, struct_type: StructType, fields: dict[str, Any], types: Types) -> None:
        object.__setattr__(self, "_type", struct_type)
        object.__setattr__(self, "_fields", fields)
        object.__setattr__(self, "_types", types)  # the registry its field types come from

    @property
    def go_type(self) -> StructType:
        return self._type

    def _owner(self, name: str) -> GoStruct | None:
        if name in self._fields:
            return self
        for field in self._type.fields:  # promotion through embedded structs, shallowest first
            inner = self._fields.get(field.name)
            if field.embedded and isinstance(inner, GoStruct):
                owner = inner._owner(name)
                if owner is not None:
                    return owner
        return None

    def __getattr__(self, name: str) -> Any:
        owner = self._owner(name)
        if owner is None:
            raise AttributeError(f"{self._type.id} has no field {name}")
        return owner._fields[name]

    def __setattr__(self, name: str, value: Any) -> None:
        owner = self._owner(name)
        if owner is None:
            raise AttributeError(f"{self._type.id} has no field {name}")
        owner._fields[name] = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoStruct) and self._type.id == other._type.id and self._fields == other._fields

    def __repr__(self) -> str:
        return f"{self._type.id.rpartition('/')[2]}{self._fields!r}"

    def __deepcopy__(self, memo: dict) -> GoStruct:
        return GoStruct(self._type, copy.deepcopy(self._fields, memo), self._types)

    def go_syntax(self) -> str:
        """fmt's %#v of the struct."""
        return self._types.go_syntax(self, GoType(STRUCT, self._type.id))


@dataclass(frozen=True)
class IntOrString:
    """intstr.IntOrString: Type 0 holds IntVal, Type 1 StrVal."""

    type: int
    int_val: int = 0
    str_val: str = ""

    @classmethod
    def from_int(cls, value: int) -> IntOrString:
        return cls(0, int_val=value)

    @classmethod
    def from_string(cls, value: str) -> IntOrString:
        return cls(1, str_val=value)

    def json(self) -> int | str:
        return self.str_val if self.type == 1 else self.int_val

    def go_value(self) -> str:
        """As %#v prints it inside an error message."""
        return f'intstr.IntOrString{{Type:{self.type}, IntVal:{self.int_val}, StrVal:"{self.str_val}"}}'


class Types:
    """The struct types of the facts, by id, and the zero value of any field type."""

    def __init__(self, structs: dict[str, StructType], registered: set[tuple[str, str]] | None = None) -> None:
        self.structs = structs
        self.registered = registered  # (group version, kind) of every kind the scheme knows, when read

    def struct(self, type_id: str) -> StructType:
        try:
            return self.structs[type_id]
        except KeyError:
            raise LookupError(f"{type_id}: not among the API types read from the source") from None

    def named(self, type_id: str) -> GoType:
        return GoType(STRUCT, type_id)

    def zero(self, go_type: GoType) -> Any:
        kind = go_type.kind
        if kind == STRUCT:
            struct = self.struct(go_type.name)
            return GoStruct(struct, {f.name: self.zero(f.type) for f in struct.fields}, self)
        if kind in (POINTER, SLICE, MAP, INTERFACE):
            return None
        if kind == CUSTOM:
            return {INTSTR: IntOrString(0), QUANTITY: Quantity.zero()}.get(go_type.name)
        if go_type.basic == "string":
            return ""
        if go_type.basic == "bool":
            return False
        if go_type.basic == "[]byte":
            return None
        if go_type.basic.startswith("float"):
            return 0.0
        return 0

    def new(self, type_id: str, **fields: Any) -> GoStruct:
        """A zero struct of `type_id` with `fields` set (Go's composite literal)."""
        value = self.zero(self.named(type_id))
        for name, field_value in fields.items():
            setattr(value, name, field_value)
        return value

    # ------------------------------------------------------------ JSON in

    def decode(self, data: Any, go_type: GoType, where: str) -> Any:
        """A JSON value (as json.loads gives it) into a Go value of `go_type`; `where` names the
        Go field for the error, as json-iterator does (`v1.Deployment.Spec`)."""
        kind = go_type.kind
        if data is None:  # null leaves a struct alone and makes everything else nil / zero
            return self.zero(go_type)
        if kind == POINTER:
            return self.decode(data, go_type.elem, where)
        if kind == STRUCT:
            return self._decode_struct(data, go_type.name, where)
        if kind == SLICE:
            if not isinstance(data, list):
                raise DecodeError(f"{where}: decode slice: expect [ or n, but found {_first_char(data)}")
            return [self.decode(item, go_type.elem, where) for item in data]
        if kind == MAP:
            if not isinstance(data, dict):
                raise DecodeError(f"{where}: ReadMapCB: expect {{ or n, but found {_first_char(data)}")
            return {k: self.decode(v, go_type.elem, where) for k, v in data.items()}
        if kind == INTERFACE:
            return data
        if kind == CUSTOM:
            return _decode_custom(data, go_type.name, where)
        return _decode_basic(data, go_type, where)

    def _decode_struct(self, data: Any, type_id: str, where: str) -> GoStruct:
        struct = self.struct(type_id)
        if not isinstance(data, dict):
            raise DecodeError(f"{where}: readObjectStart: expect {{ or n, but found {_first_char(data)}")
        value = self.zero(GoType(STRUCT, type_id))
        self._fill(value, struct, data, _short(type_id))
        return value

    def _fill(self, value: GoStruct, struct: StructType, data: dict[str, Any], name: str) -> None:
        for field in struct.fields:
            if field.embedded and not field.json:  # flattened: its keys are the parent's
                self._fill(value._fields[field.name], self.struct(field.type.name), data, name)
                continue
            if field.json in data:  # case-sensitive, as caseSensitiveJsonIterator matches keys
                value._fields[field.name] = self.decode(data[field.json], field.type, f"{name}.{field.name}")

    def check_json(self, data: bytes, node: Any, go_type: GoType) -> None:
        """json-iterator's first complaint about `data` decoded into `go_type`, as DecodeError with
        its words ("v1.ConfigMap.Data: ReadString: expects \" or n, but found t, error found in #10
        byte of ...|…|..."), or NotImplementedError for a mismatch whose message the replica does not have."""
        message = self._check(data, node, go_type)
        if message is not None:
            raise DecodeError(message)

    def _check(self, data: bytes, node: Any, go_type: GoType) -> str | None:
        from reader.replicas.kube_apiserver.go_json import iterator_error

        kind, json_kind = go_type.kind, node.kind
        if json_kind == "null" or kind == INTERFACE:
            return None
        if kind == POINTER:
            return self._check(data, node, go_type.elem)

        def report(operation: str, message: str) -> str:
            head = node.start + 1  # nextToken consumed the value's first byte
            following = data[head:].lstrip(b" \t\r\n")[:1]
            if following == b",":  # json-iterator reads on after the error and wraps it again: not replicated
                raise NotImplementedError("json-iterator's error text when decoding goes on after the first error")
            return iterator_error(data, head, operation, message)

        first = chr(data[node.start])
        if kind == STRUCT:
            if json_kind != "object":
                return report("readObjectStart", f"expect {{ or n, but found {first}")
            struct = self.struct(go_type.name)
            fields = self._json_fields(struct)
            for key, value in node.items:
                if key in fields:
                    field = fields[key]
                    inner = self._check(data, value, field.type)
                    if inner is not None:
                        return f"{_short(go_type.name)}.{field.name}: {inner}"
            return None
        if kind == SLICE:
            name = self._type_name(go_type)
            if json_kind != "array":
                return f"{name}: " + report("decode slice", f"expect [ or n, but found {first}")
            for element in node.elements:
                inner = self._check(data, element, go_type.elem)
                if inner is not None:
                    return f"{name}: {inner}"
            return None
        if kind == MAP:
            if json_kind != "object":
                return report("ReadMapCB", f"expect {{ or n, but found {first}")
            for _, value in node.items:
                inner = self._check(data, value, go_type.elem)
                if inner is not None:
                    return inner
            return None
        if kind == CUSTOM:
            if (go_type.name in (INTSTR, QUANTITY) and json_kind in ("string", "number")) or json_kind == "string":
                return None
            raise NotImplementedError(f"the error of {go_type.name}'s UnmarshalJSON for a JSON {json_kind}")
        basic = go_type.basic
        if basic == "string" or basic == "[]byte":
            return None if json_kind == "string" else report("ReadString", f'expects " or n, but found {first}')
        if basic == "bool":
            return None if json_kind in ("true", "false") else report("ReadBool", f"expect t or f, but found {first}")
        if basic.startswith("float"):
            if json_kind == "number":
                return None
            raise NotImplementedError("json-iterator's error for a float field")
        if json_kind == "number":
            end = node.start + 1
            while end < len(data) and chr(data[end]) in "0123456789-":
                end += 1
            if end < len(data) and chr(data[end]) in ".eE":
                raise NotImplementedError("json-iterator's error for a fraction in an integer field")
            return None
        reader = "readUint64" if basic in ("int", "int64", "uint", "uint64") else "readUint32"
        return report(reader, "unexpected character: \ufffd")  # string([]byte{0xff}): invalid UTF-8 in the Status

    def _json_fields(self, struct: StructType) -> dict[str, Any]:
        """The JSON keys of a struct, an unnamed embedded struct's keys included (as json-iterator binds them)."""
        out = {}
        for field in struct.fields:
            if field.embedded and not field.json:
                out.update(self._json_fields(self.struct(field.type.name)))
            elif field.json:
                out[field.json] = field
        return out

    # ------------------------------------------------------------ JSON out

    def encode(self, value: Any, go_type: GoType) -> Any:
        """A Go value as encoding/json writes it (json.loads' shape)."""
        kind = go_type.kind
        if kind == POINTER:
            return None if value is None else self.encode(value, go_type.elem)
        if kind == STRUCT:
            out: dict[str, Any] = {}
            self._encode_fields(value, self.struct(go_type.name), out)
            return out
        if kind == SLICE:
            return None if value is None else [self.encode(v, go_type.elem) for v in value]
        if kind == MAP:
            return None if value is None else {k: self.encode(v, go_type.elem) for k, v in sorted(value.items())}
        if kind == CUSTOM:
            return _encode_custom(value, go_type.name)
        if go_type.basic == "[]byte":
            return None if value is None else base64.b64encode(value).decode()
        return value

    def _encode_fields(self, value: GoStruct, struct: StructType, out: dict[str, Any]) -> None:
        for field in struct.fields:
            field_value = value._fields[field.name]
            if field.embedded and not field.json:
                self._encode_fields(field_value, self.struct(field.type.name), out)
            elif not (field.omitempty and is_empty(field_value, field.type)):
                out[field.json] = self.encode(field_value, field.type)

    # ------------------------------------------------------------ %#v

    def go_syntax(self, value: Any, go_type: GoType) -> str:
        """fmt's %#v of a value, as error messages print structs: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, …}."""
        kind = go_type.kind
        if kind == STRUCT:
            struct = self.struct(go_type.name)
            inner = ", ".join(f"{f.name}:{self.go_syntax(value._fields[f.name], f.type)}" for f in struct.fields)
            return f"{_short(go_type.name)}{{{inner}}}"
        if kind == POINTER:
            if value is None:
                return f"(*{self._type_name(go_type.elem)})(nil)"
            raise ValueError("%#v of a non-nil pointer prints an address")
        if kind in (SLICE, MAP):
            name = self._type_name(go_type)
            if value is None:
                return f"{name}(nil)"
            if kind == SLICE:
                return f"{name}{{" + ", ".join(self.go_syntax(v, go_type.elem) for v in value) + "}"
            return f"{name}{{" + ", ".join(f"{self.go_syntax(k, go_type.key)}:{self.go_syntax(v, go_type.elem)}" for k, v in sorted(value.items())) + "}"
        if kind == CUSTOM and go_type.name == INTSTR:
            return value.go_value()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            from reader.replicas.kube_apiserver.api_errors import go_quote

            return go_quote(value)
        return str(value)

    def _type_name(self, go_type: GoType) -> str:
        if go_type.name and "." in go_type.name:
            return _short(go_type.name)
        if go_type.kind == SLICE:
            return "[]" + self._type_name(go_type.elem)
        if go_type.kind == MAP:
            return f"map[{self._type_name(go_type.key)}]{self._type_name(go_type.elem)}"
        if go_type.kind == POINTER:
            return "*" + self._type_name(go_type.elem)
        return go_type.name or go_type.basic

    # ------------------------------------------------------------ versions

    def convert(self, value: Any, source: GoType, target: GoType, hooks: dict[tuple[str, str], Callable]) -> Any:
        """conversion-gen's autoConvert: each field of the target from the source field of the same
        name (a missing one stays zero); a pair of struct types with a manual Convert_* function
        in `hooks` ((source id, target id) → fn(types, in, out)) runs it after the automatic part,
        as the manual functions call autoConvert first."""
        if value is None:
            return None
        if target.kind == POINTER:
            return self.convert(value, source.elem if source.kind == POINTER else source, target.elem, hooks)
        if target.kind == STRUCT:
            source_id = (source.elem if source.kind == POINTER else source).name
            out = self.zero(target)
            for field in out.go_type.fields:
                if field.embedded and field.name == "TypeMeta":
                    continue  # conversion-gen opts TypeMeta out: the encoder sets kind and apiVersion
                if field.name in value._fields:
                    source_field = value.go_type.field(field.name)
                    out._fields[field.name] = self._convert_field(value._fields[field.name], source_field.type, field.type, hooks)
            hook = hooks.get((source_id, target.name))
            if hook is not None:
                hook(self, value, out)
            return out
        if target.kind == SLICE:
            return [self.convert(v, source.elem, target.elem, hooks) for v in value]
        if target.kind == MAP:
            return {k: self.convert(v, source.elem, target.elem, hooks) for k, v in value.items()}
        return copy.deepcopy(value)

    def _convert_field(self, value: Any, source: GoType, target: GoType, hooks: dict) -> Any:
        if (source.kind == POINTER) != (target.kind == POINTER) and source.kind != INTERFACE:
            return self.zero(target)  # no automatic conversion: a manual Convert_* function sets it
        return self.convert(value, source, target, hooks)

    def storage_round_trip(self, value: Any, go_type: GoType) -> Any:
        """What comes back from etcd after the protobuf encoding: an empty slice or map is not
        written, so it is read back as nil; everything else survives."""
        kind = go_type.kind
        if kind == POINTER:
            return None if value is None else self.storage_round_trip(value, go_type.elem)
        if kind == STRUCT:
            for field in value.go_type.fields:
                value._fields[field.name] = self.storage_round_trip(value._fields[field.name], field.type)
            return value
        if kind == SLICE:
            return [self.storage_round_trip(v, go_type.elem) for v in value] if value else None
        if kind == MAP:
            return {k: self.storage_round_trip(v, go_type.elem) for k, v in value.items()} if value else None
        if go_type.basic == "[]byte":
            return value if value else None
        return value

    def walk(self, value: Any, go_type: GoType, visit: Callable[[Any, str], None]) -> None:
        """Call visit(value, type id) for every named value in the tree, parents before children,
        fields in declaration order: the order defaulter-gen's SetObjectDefaults_* calls run in."""
        kind = go_type.kind
        if value is None:
            return
        if kind == POINTER:
            self.walk(value, go_type.elem, visit)
            return
        if go_type.name:
            visit(value, go_type.name)
        if kind == STRUCT:
            for field in value.go_type.fields:
                self.walk(value._fields[field.name], field.type, visit)
        elif kind == SLICE:
            for item in value:
                self.walk(item, go_type.elem, visit)
        elif kind == MAP and go_type.elem.kind == STRUCT:
            for item in value.values():
                self.walk(item, go_type.elem, visit)


def is_empty(value: Any, go_type: GoType) -> bool:
    """encoding/json's isEmptyValue: false, 0, "", nil, and empty slices and maps; a struct never."""
    if go_type.kind == STRUCT or (go_type.kind == CUSTOM and go_type.name != TIME):
        return False
    if go_type.kind == CUSTOM:
        return False  # metav1.Time is a struct too: written as null when zero
    if value is None:
        return True
    if go_type.kind == POINTER:
        return False  # a pointer to 0 or "" is not empty
    if isinstance(value, (list, dict, str, bytes)):
        return len(value) == 0
    return value == 0 or value is False


# ---------------------------------------------------------------- types with their own JSON methods


def _decode_custom(data: Any, type_id: str, where: str) -> Any:
    if type_id == INTSTR:  # IntOrString.UnmarshalJSON: a string, else an int
        if isinstance(data, str):
            return IntOrString.from_string(data)
        if isinstance(data, int) and not isinstance(data, bool):
            return IntOrString.from_int(data)
        raise DecodeError(f"{where}: json: cannot unmarshal {_json_kind(data)} into Go value of type int32")
    if type_id == QUANTITY:  # Quantity.UnmarshalJSON: the string (or number) parsed
        if isinstance(data, bool):
            raise DecodeError(f"{where}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
        try:
            return Quantity.parse(data if isinstance(data, str) else repr(data))
        except ValueError as exc:
            raise DecodeError(f"{where}: {exc}") from None
    if type_id in (TIME, MICRO_TIME):
        if not isinstance(data, str):
            raise DecodeError(f"{where}: json: cannot unmarshal {_json_kind(data)} into Go value of type string")
        return data or None
    return copy.deepcopy(data)  # e.g. runtime.RawExtension: kept as given


def _encode_custom(value: Any, type_id: str) -> Any:
    if type_id == INTSTR:
        return value.json()
    if type_id == QUANTITY:
        return str(value)
    return value


def _decode_basic(data: Any, go_type: GoType, where: str) -> Any:
    basic = go_type.basic
    if basic == "string":
        if not isinstance(data, str):
            raise DecodeError(f"{where}: ReadString: expects \" or n, but found {_first_char(data)}")
        return data
    if basic == "bool":
        if not isinstance(data, bool):
            raise DecodeError(f"{where}: ReadBool: expect t or f, but found {_first_char(data)}")
        return data
    if basic == "[]byte":
        if not isinstance(data, str):
            raise DecodeError(f"{where}: ReadString: expects \" or n, but found {_first_char(data)}")
        return base64.b64decode(data)
    if basic.startswith("float"):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise DecodeError(f"{where}: ReadFloat64: unexpected character: {_first_char(data)}")
        return float(data)
    bits = _INTS[basic]
    reader = ("readUint" if basic.startswith(("uint", "byte")) else "ReadInt") + ("64" if basic in ("int", "uint") else str(bits))
    if isinstance(data, bool) or not isinstance(data, int):
        raise DecodeError(f"{where}: {reader}: unexpected character: {_first_char(data)}")
    return data


def _json_kind(data: Any) -> str:
    return {bool: "bool", str: "string", list: "array", dict: "object"}.get(type(data), "number")


def _first_char(data: Any) -> str:
    return {bool: "t" if data else "f", str: '"', list: "[", dict: "{"}.get(type(data), str(data)[:1])


def _short(type_id: str) -> str:
    """v1.Deployment: the package name and the type, as reflect prints it."""
    pkg, _, name = type_id.rpartition(".")
    return f"{pkg.rpartition('/')[2]}.{name}"


# ---------------------------------------------------------------- resource.Quantity

_QUANTITY = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}


@dataclass(frozen=True)
class Quantity:
    """resource.Quantity as far as the replica needs it: the value (exact), its format
    (DecimalSI, BinarySI, DecimalExponent) and String()'s canonical form."""

    value: Decimal
    format: str

    @classmethod
    def zero(cls) -> Quantity:
        return cls(Decimal(0), "DecimalSI")

    @classmethod
    def parse(cls, text: str) -> Quantity:
        """resource.ParseQuantity: a number and a suffix (Ki…, n…E, or e<exp>)."""
        match = _QUANTITY.match(text.strip() if text != text.strip() else text)
        if not text or match is None:
            raise ValueError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
        number, suffix = match[1], match[2]
        try:
            amount = Decimal(number)
        except InvalidOperation:
            raise ValueError("unable to parse quantity's suffix") from None
        if suffix in _BINARY:
            return cls(amount * (2 ** _BINARY[suffix]), "BinarySI")
        if suffix in _DECIMAL:
            return cls(amount.scaleb(_DECIMAL[suffix]), "DecimalSI")
        if re.fullmatch(r"[eE][-+]?[0-9]+", suffix):
            return cls(amount.scaleb(int(suffix[1:])), "DecimalExponent")
        raise ValueError("unable to parse quantity's suffix")

    def round_up(self, scale: int) -> Quantity:
        """(*Quantity).RoundUp(scale): no digits below 10^scale (away from zero)."""
        unit = Decimal(1).scaleb(scale)
        rounded = (self.value / unit).to_integral_value(ROUND_CEILING if self.value >= 0 else "ROUND_FLOOR") * unit
        return Quantity(rounded, self.format)

    def __str__(self) -> str:
        """CanonicalizeBytes: the largest suffix that keeps the number an integer."""
        value = self.value
        if value == 0:
            return "0"
        sign = "-" if value < 0 else ""
        value = abs(value)
        if self.format == "BinarySI" and value == value.to_integral_value() and value >= 1024:
            number, exponent = int(value), 0
            while number % 1024 == 0 and exponent < 60:
                number //= 1024
                exponent += 10
            if exponent:
                return f"{sign}{number}{next(k for k, v in _BINARY.items() if v == exponent)}"
        # decimal: an integer mantissa with the largest exponent that is a multiple of 3
        mantissa, exponent = value, 0
        while mantissa != mantissa.to_integral_value():
            mantissa, exponent = mantissa * 1000, exponent - 3
        number = int(mantissa)
        while number % 1000 == 0 and exponent < 18:
            number //= 1000
            exponent += 3
        if self.format == "DecimalExponent":
            return f"{sign}{number}" + (f"e{exponent}" if exponent else "")
        return f"{sign}{number}{next(k for k, v in _DECIMAL.items() if v == exponent)}"
