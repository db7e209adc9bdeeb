"""Errors of the request replica, as v1.9.9 words them: field errors (k8s.io/apimachinery/pkg/util/validation/field)
and the metav1.Status a handler writes for each (k8s.io/apimachinery/pkg/api/errors).

A validation function returns a list of `FieldError`s; `new_invalid` turns them into the 422
Status whose message joins them and whose details list each as a cause.  Values inside a
message are printed as Go's fmt prints them (`%v` for numbers and bools, `%q` for strings,
`%#v` for the rest: `map[string]string{"app":"nginx"}`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# field.ErrorType values and the cause reasons they map to
REQUIRED, INVALID, DUPLICATE, NOT_SUPPORTED, FORBIDDEN, TOO_LONG, NOT_FOUND = (
    "Required value", "Invalid value", "Duplicate value", "Unsupported value", "Forbidden", "Too long", "Not found")
_REASONS = {REQUIRED: "FieldValueRequired", INVALID: "FieldValueInvalid", DUPLICATE: "FieldValueDuplicate", NOT_FOUND: "FieldValueNotFound",
            NOT_SUPPORTED: "FieldValueNotSupported", FORBIDDEN: "FieldValueForbidden", TOO_LONG: "FieldValueTooLong"}  # fmt: skip
_NO_VALUE = object()


@dataclass(frozen=True)
class GoValue:
    """A value printed with %#v exactly as given (for the shapes the replica cannot infer)."""

    text: str


@dataclass(frozen=True)
class FieldError:
    """field.Error: a path, a type, the bad value and a detail."""

    path: str
    type: str
    value: Any = _NO_VALUE
    detail: str = ""

    def body(self) -> str:
        """(*Error).ErrorBody."""
        if self.type in (REQUIRED, FORBIDDEN, TOO_LONG):
            text = self.type
        else:
            text = f"{self.type}: {go_format(self.value)}"
        return f"{text}: {self.detail}" if self.detail else text

    def __str__(self) -> str:
        return f"{self.path}: {self.body()}"


class Path(str):
    """field.Path: `.child(…)`, `.index(i)`, `.key(k)` as field.NewPath builds them."""

    def child(self, *names: str) -> Path:
        return Path(".".join([self, *names]) if self else ".".join(names))

    def index(self, i: int) -> Path:
        return Path(f"{self}[{i}]")

    def key(self, k: str) -> Path:
        return Path(f"{self}[{k}]")


def required(path: str, detail: str = "") -> FieldError:
    return FieldError(path, REQUIRED, detail=detail)


def invalid(path: str, value: Any, detail: str) -> FieldError:
    return FieldError(path, INVALID, value, detail)


def duplicate(path: str, value: Any) -> FieldError:
    return FieldError(path, DUPLICATE, value)


def not_found(path: str, value: Any) -> FieldError:
    return FieldError(path, NOT_FOUND, value)


def not_supported(path: str, value: Any, valid: list[str]) -> FieldError:
    detail = "supported values: " + ", ".join(f'"{v}"' for v in valid) if valid else ""
    return FieldError(path, NOT_SUPPORTED, value, detail)


def forbidden(path: str, detail: str) -> FieldError:
    return FieldError(path, FORBIDDEN, detail=detail)


def too_long(path: str, limit: int) -> FieldError:
    return FieldError(path, TOO_LONG, detail=f"must have at most {limit} characters")


def aggregate(errors: list[FieldError]) -> str:
    """ErrorList.ToAggregate().Error(): duplicates dropped, one message alone, several in brackets."""
    seen: list[str] = []
    for error in errors:
        if str(error) not in seen:
            seen.append(str(error))
    return seen[0] if len(seen) == 1 else "[" + ", ".join(seen) + "]"


# ---------------------------------------------------------------- Status errors


@dataclass
class StatusError(Exception):
    """errors.StatusError: the metav1.Status a handler writes, and its HTTP code."""

    code: int
    reason: str
    message: str
    details: dict[str, Any] | None = field(default=None)

    def status(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": self.message}
        if self.reason:  # StatusReasonUnknown is "", and reason is omitempty
            out["reason"] = self.reason
        if self.details is not None:
            out["details"] = self.details
        out["code"] = self.code
        return out


def new_bad_request(reason: str) -> StatusError:
    return StatusError(400, "BadRequest", reason)


def new_not_found(group: str, resource: str, name: str) -> StatusError:
    return StatusError(404, "NotFound", f"{_qualified(group, resource)} {go_quote(name)} not found", _details(name, group, resource))


def new_already_exists(group: str, resource: str, name: str) -> StatusError:
    return StatusError(409, "AlreadyExists", f"{_qualified(group, resource)} {go_quote(name)} already exists", _details(name, group, resource))


def new_conflict(group: str, resource: str, name: str, why: str) -> StatusError:
    return StatusError(409, "Conflict", f"Operation cannot be fulfilled on {_qualified(group, resource)} {go_quote(name)}: {why}", _details(name, group, resource))


def new_invalid(group: str, kind: str, name: str, errors: list[FieldError]) -> StatusError:
    causes = [{"reason": _REASONS[e.type], "message": e.body(), "field": e.path} for e in errors]
    details = _details(name, group, kind)
    details["causes"] = causes
    return StatusError(422, "Invalid", f"{_qualified(group, kind)} {go_quote(name)} is invalid: {aggregate(errors)}", details)


def new_unsupported_media_type(supported: list[str]) -> StatusError:
    return StatusError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: " + ", ".join(supported))


def new_method_not_supported(group: str, resource: str, action: str) -> StatusError:
    return StatusError(405, "MethodNotAllowed", f"{action} is not supported on resources of kind {go_quote(_qualified(group, resource))}",
                       {"group": group, "kind": resource} if group else {"kind": resource})  # fmt: skip


def internal(error: str) -> StatusError:
    """ErrorToAPIStatus of an error that is no StatusError: a 500 with the error's text and no reason."""
    return StatusError(500, "", error)


def not_replicated(what: str) -> StatusError:
    """An answer only the replica gives: it says which part of v1.9.9 it does not do."""
    return StatusError(501, "NotImplemented", f"replica: {what} is not replicated")


def _qualified(group: str, name: str) -> str:
    """schema.GroupResource/GroupKind String(): name.group, or name alone for the core group."""
    return f"{name}.{group}" if group else name


def _details(name: str, group: str, kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if name:
        out["name"] = name
    if group:
        out["group"] = group
    out["kind"] = kind
    return out


# ---------------------------------------------------------------- Go's fmt


def go_quote(text: str) -> str:
    """%q of a string (strconv.Quote for the printable text API objects carry)."""
    return json.dumps(text, ensure_ascii=False).replace("\\u007f", "\\x7f")


def go_format(value: Any) -> str:
    """The bad value as field.Error prints it: %v for numbers and bools, %q for strings, null for nil, %#v otherwise."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, GoValue):
        return value.text
    if hasattr(value, "go_value"):
        return value.go_value()
    if isinstance(value, dict):  # the maps validation reports are map[string]string
        return "map[string]string{" + ", ".join(f"{go_quote(k)}:{go_quote(v)}" for k, v in sorted(value.items())) + "}"
    raise TypeError(f"no Go format for {value!r}")
