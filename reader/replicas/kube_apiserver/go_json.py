"""What Go's parsers say about a body that is not JSON or not YAML, as kube-apiserver passes it on.

`syntax_error` walks the bytes with encoding/json's scanner (scanner.go: the same states, the
same messages: "invalid character 'x' looking for beginning of value", "unexpected end of JSON
input"); the json serializer's Interpret uses encoding/json, so these are the words a client sees.
`yaml_to_json` is ghodss/yaml's YAMLToJSON: YAML parsed (go-yaml, YAML 1.1) into plain values, a
go-yaml error message when it fails.  PyYAML and go-yaml are both ports of libyaml; their error
texts differ in a few words, mapped in `_YAML_PROBLEMS`, and a problem not listed there is
reported as not replicated rather than reworded by guess.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import yaml

_SPACE = b" \t\r\n"


class _Scan(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _quote_char(c: int) -> str:
    """quoteChar: 'x', with ' and " written as Go writes them."""
    if c == ord("'"):
        return "'\\''"
    if c == ord('"'):
        return "'\"'"
    text = json.dumps(chr(c))[1:-1] if c < 0x80 else chr(c)
    return f"'{text}'"


def syntax_error(data: bytes) -> str | None:
    """checkValid's error text for `data`, or None when it is one valid JSON value."""
    try:
        end = _value(data, _skip(data, 0), "looking for beginning of value")
        end = _skip(data, end)
        if end < len(data):
            raise _Scan(f"invalid character {_quote_char(data[end])} after top-level value")
    except _Scan as exc:
        return exc.message
    return None


def _skip(data: bytes, i: int) -> int:
    while i < len(data) and data[i] in _SPACE:
        i += 1
    return i


def _need(data: bytes, i: int) -> int:
    if i >= len(data):
        raise _Scan("unexpected end of JSON input")
    return data[i]


def _value(data: bytes, i: int, context: str) -> int:
    c = _need(data, i)
    if c == ord("{"):
        i = _skip(data, i + 1)
        if _need(data, i) == ord("}"):
            return i + 1
        while True:
            if _need(data, i) != ord('"'):
                raise _Scan(f"invalid character {_quote_char(data[i])} looking for beginning of object key string")
            i = _skip(data, _string(data, i))
            if _need(data, i) != ord(":"):
                raise _Scan(f"invalid character {_quote_char(data[i])} after object key")
            i = _skip(data, _value(data, _skip(data, i + 1), "looking for beginning of value"))
            c = _need(data, i)
            if c == ord("}"):
                return i + 1
            if c != ord(","):
                raise _Scan(f"invalid character {_quote_char(c)} after object key:value pair")
            i = _skip(data, i + 1)
    if c == ord("["):
        i = _skip(data, i + 1)
        if _need(data, i) == ord("]"):
            return i + 1
        while True:
            i = _skip(data, _value(data, i, "looking for beginning of value"))
            c = _need(data, i)
            if c == ord("]"):
                return i + 1
            if c != ord(","):
                raise _Scan(f"invalid character {_quote_char(c)} after array element")
            i = _skip(data, i + 1)
    if c == ord('"'):
        return _string(data, i)
    if c == ord("-") or ord("0") <= c <= ord("9"):
        return _number(data, i)
    for word in (b"true", b"false", b"null"):
        if c == word[0]:
            for k, expected in enumerate(word[1:], 1):
                got = _need(data, i + k)
                if got != expected:
                    raise _Scan(f"invalid character {_quote_char(got)} in literal {word.decode()} (expecting {_quote_char(expected)})")
            return i + len(word)
    raise _Scan(f"invalid character {_quote_char(c)} {context}")


def _string(data: bytes, i: int) -> int:
    i += 1
    while True:
        c = _need(data, i)
        if c == ord('"'):
            return i + 1
        if c == ord("\\"):
            escaped = _need(data, i + 1)
            if escaped == ord("u"):
                for k in range(2, 6):
                    h = _need(data, i + k)
                    if chr(h) not in "0123456789abcdefABCDEF":
                        raise _Scan(f"invalid character {_quote_char(h)} in \\u hexadecimal character escape")
                i += 6
                continue
            if chr(escaped) not in '"\\/bfnrt':
                raise _Scan(f"invalid character {_quote_char(escaped)} in string escape code")
            i += 2
            continue
        if c < 0x20:
            raise _Scan(f"invalid character {_quote_char(c)} in string literal")
        i += 1


def _number(data: bytes, i: int) -> int:
    def digits(i: int) -> int:
        while i < len(data) and ord("0") <= data[i] <= ord("9"):
            i += 1
        return i

    if data[i] == ord("-"):
        c = _need(data, i + 1)
        i += 1
        if not ord("0") <= c <= ord("9"):
            raise _Scan(f"invalid character {_quote_char(c)} in numeric literal")
    i = i + 1 if data[i] == ord("0") else digits(i)
    if i < len(data) and data[i] == ord("."):
        c = _need(data, i + 1)
        if not ord("0") <= c <= ord("9"):
            raise _Scan(f"invalid character {_quote_char(c)} after decimal point in numeric literal")
        i = digits(i + 1)
    if i < len(data) and data[i] in b"eE":
        i += 1
        if _need(data, i) in b"+-":
            i += 1
        c = _need(data, i)
        if not ord("0") <= c <= ord("9"):
            raise _Scan(f"invalid character {_quote_char(c)} in exponent of numeric literal")
        i = digits(i)
    return i


# ---------------------------------------------------------------- where each value starts


@dataclass(frozen=True)
class Node:
    """A JSON value and the offset of its first byte: kind is object, array, string, number, true, false or null;
    an object's items are (key, Node) in document order."""

    kind: str
    start: int
    items: tuple[tuple[str, Node], ...] = ()
    elements: tuple[Node, ...] = ()


def nodes(data: bytes) -> Node:
    """The value tree of valid JSON `data` (check it with syntax_error first), with offsets."""
    node, _ = _node(data, _skip(data, 0))
    return node


def _node(data: bytes, i: int) -> tuple[Node, int]:
    c = data[i]
    if c == ord("{"):
        items, j = [], _skip(data, i + 1)
        while data[j] != ord("}"):
            end = _string(data, j)
            key = json.loads(data[j:end])
            value, j = _node(data, _skip(data, _skip(data, end) + 1))
            items.append((key, value))
            j = _skip(data, j)
            if data[j] == ord(","):
                j = _skip(data, j + 1)
        return Node("object", i, tuple(items)), j + 1
    if c == ord("["):
        elements, j = [], _skip(data, i + 1)
        while data[j] != ord("]"):
            value, j = _node(data, j)
            elements.append(value)
            j = _skip(data, j)
            if data[j] == ord(","):
                j = _skip(data, j + 1)
        return Node("array", i, elements=tuple(elements)), j + 1
    if c == ord('"'):
        return Node("string", i), _string(data, i)
    if c == ord("-") or ord("0") <= c <= ord("9"):
        return Node("number", i), _number(data, i)
    word = {ord("t"): "true", ord("f"): "false", ord("n"): "null"}[c]
    return Node(word, i), i + len(word)


def iterator_error(data: bytes, head: int, operation: str, message: str) -> str:
    """(*Iterator).ReportError: the message, where (head minus the peek's start), 10 bytes either
    side and 50 for context.  Go prints the bytes as they are; the Status's JSON shows an invalid
    UTF-8 byte as U+FFFD."""
    peek_start, context_start = max(0, head - 10), max(0, head - 50)
    parsing = data[peek_start:min(head + 10, len(data))].decode("utf-8", "replace")
    context = data[context_start:min(head + 50, len(data))].decode("utf-8", "replace")
    return f"{operation}: {message}, error found in #{head - peek_start} byte of ...|{parsing}|..., bigger context ...|{context}|..."


# ---------------------------------------------------------------- YAML

# PyYAML's wording of a problem → libyaml's (and so go-yaml's)
_YAML_PROBLEMS = {
    "mapping values are not allowed here": "mapping values are not allowed in this context",
    "could not find expected ':'": "could not find expected ':'",
    "found unexpected end of stream": "found unexpected end of stream",
}


class YAMLError(Exception):
    """What go-yaml reports, or (replicated=False) a PyYAML problem whose go-yaml words are unknown."""

    def __init__(self, message: str, replicated: bool = True) -> None:
        super().__init__(message)
        self.message, self.replicated = message, replicated


class _GoYAMLLoader(yaml.SafeLoader):
    """YAML 1.1 as go-yaml v2 reads it into interface{}: no timestamps (they stay strings)."""


_GoYAMLLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def yaml_to_json(data: bytes) -> bytes:
    """yaml.YAMLToJSON: the first document as compact JSON (map keys sorted, as json.Marshal writes
    a map), or YAMLError with go-yaml's message."""
    try:
        value = yaml.load(data.decode("utf-8", "replace"), Loader=_GoYAMLLoader)
    except yaml.MarkedYAMLError as exc:
        problem = _YAML_PROBLEMS.get(exc.problem or "")
        if problem is None:
            raise YAMLError(f"the go-yaml message for {exc.problem!r}", replicated=False) from None
        line = exc.problem_mark.line if exc.problem_mark and exc.problem_mark.line else (exc.context_mark.line if exc.context_mark else 0)
        raise YAMLError(f"yaml: line {line}: {problem}" if line else f"yaml: {problem}") from None
    except yaml.YAMLError as exc:
        raise YAMLError(str(exc), replicated=False) from None
    return go_marshal(value).encode()


def go_marshal(value: Any) -> str:
    """encoding/json's Marshal of plain values (what ghodss/yaml hands it): map keys sorted and
    made strings, <, > and & escaped, floats in Go's shortest form (3.0 is 3)."""
    if isinstance(value, dict):
        keys = {(k if isinstance(k, str) else go_marshal(k).strip('"')): v for k, v in value.items()}
        return "{" + ",".join(f"{_go_string(k)}:{go_marshal(keys[k])}" for k in sorted(keys)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(go_marshal(v) for v in value) + "]"
    if isinstance(value, str):
        return _go_string(value)
    if isinstance(value, float) and not isinstance(value, bool):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e21:
            return str(int(value))
        return repr(value).replace("e+0", "e+").replace("e-0", "e-")
    return json.dumps(value)


def _go_string(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    return out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
