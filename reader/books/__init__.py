"""Books: the components the site reads, one JSON file each (kube-apiserver.json, …), loaded into
frozen `Book`s.  Adding a component is a data file here plus its chapters."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from reader.books.models import Book, FlagSetKind, Probe, TraceScope
from reader.errors import UsageError

BOOKS_DIR = Path(__file__).parent
DEFAULT_BOOK = "kube-apiserver"

__all__ = ["Book", "FlagSetKind", "Probe", "TraceScope", "DEFAULT_BOOK", "all_books", "book_names", "load_book", "parse_book"]


def _summary(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not value or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise UsageError(f"{where}: 'summary' must map each language to one sentence: {{\"zh\": \"…\", \"en\": \"…\"}}")
    return dict(value)


def parse_book(data: dict, where: str) -> Book:
    """A Book from its JSON; a missing or unknown key is a one-line error naming `where`."""
    try:
        scope = data["trace"]
        return Book(
            name=data["name"], title=data["title"], summary=_summary(data["summary"], where), main=data["main"], hand_over=data["hand_over"],
            flag_set=FlagSetKind(data["flag_set"]), options=data["options"], steps=tuple(data["steps"]),
            trace=TraceScope(scope["root"], scope["depth"], tuple(scope["descend"]), tuple(scope["hide"]), scope["max_candidates"]),
            opaque_packages=frozenset(data.get("opaque_packages", ())),
            initialise_when_reaching=tuple(data.get("initialise_when_reaching", ())), lazy_init=bool(data.get("lazy_init", False)),
            probes={Probe(k): dict(v) for k, v in data.get("probes", {}).items()},
            replicas=tuple(data["replicas"]), main_replica=data["main_replica"],
        )  # fmt: skip
    except KeyError as exc:
        raise UsageError(f"{where}: missing key {exc.args[0]!r}") from None
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from None


@cache
def all_books() -> tuple[Book, ...]:
    """Every book, in the order of their `order` key (the cluster's: apiserver, scheduler, controller-manager)."""
    files = sorted(BOOKS_DIR.glob("*.json"), key=lambda p: (json.loads(p.read_text(encoding="utf-8")).get("order", 99), p.name))
    return tuple(parse_book(json.loads(p.read_text(encoding="utf-8")), str(p)) for p in files)


def book_names() -> tuple[str, ...]:
    return tuple(b.name for b in all_books())


def load_book(name: str | None = None) -> Book:
    name = name or DEFAULT_BOOK
    for book in all_books():
        if book.name == name:
            return book
    raise UsageError(f"no book {name!r}; books: {', '.join(book_names())}")
