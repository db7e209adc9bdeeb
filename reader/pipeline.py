"""The pipeline, as one object: source → index (once) → per book: facts, trace, replica checks.

The CLI, the benchmarks and the tests all go through `Pipeline`, so a stage runs the same way
everywhere; each book's results are made on first use and kept.  Rendering gets what it reads
as `BookResult`s (`Pipeline.all`) and never runs a stage itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.books import Book, all_books, load_book
from reader.facts import Facts, extract_facts
from reader.index.models import Index
from reader.replicas.differences import CheckResult, check_all, marker_check
from reader.trace import TraceNode, trace


@dataclass(frozen=True)
class BookResult:
    """What the stages made of one book."""

    book: Book
    facts: Facts
    trace: TraceNode
    checks: tuple[CheckResult, ...]  # its replicas against its facts, and their markers against its source


def _run_book(root: Path, index: Index, book: Book, facts: Facts) -> BookResult:
    read = lambda p: _read(root, p)  # noqa: E731
    markers = (marker_check(replica, index.symbols, read) for replica in book.replicas)
    return BookResult(book, facts, trace(index, book.trace), (*check_all(book.name, facts, read), *(m for m in markers if m is not None)))


@dataclass
class Pipeline:
    """A source tree and its index, with each book's facts and results made when first asked for."""

    root: Path
    index: Index
    _facts: dict[str, Facts] = field(default_factory=dict)
    _books: dict[str, BookResult] = field(default_factory=dict)

    def facts(self, name: str | None = None) -> Facts:
        book = load_book(name)
        if book.name not in self._facts:
            self._facts[book.name] = extract_facts(self.root, self.index, book)
        return self._facts[book.name]

    def book(self, name: str | None = None) -> BookResult:
        book = load_book(name)
        if book.name not in self._books:
            self._books[book.name] = _run_book(self.root, self.index, book, self.facts(book.name))
        return self._books[book.name]

    def all(self, books: tuple[Book, ...] | None = None) -> dict[str, BookResult]:
        """Every book's results (all books by default), by name, in the books' order."""
        return {b.name: self.book(b.name) for b in (books or all_books())}


def _read(root: Path, path: str) -> bytes | None:
    try:
        return (root / path).read_bytes()
    except OSError:
        return None


__all__ = ["BookResult", "Pipeline"]
