"""Replicas: small, literate Python programs that do what a traced step of a v1.9.9 binary does,
each checked against the real binary (reader/lab) and the facts extracted from the Go source
(differences.py, steps.py).

A replica is named `<book>/<step>` (`kube-apiserver/main`, module reader/replicas/kube_apiserver/main.py)
or, when every book shares it, by its step alone (`pflag`, `cobra`, `version`, `clone`).  Which are
runnable, and in what order, is each book's `replicas` list (reader/books/*.json)."""

from __future__ import annotations

import importlib
from types import ModuleType


def module_name(replica: str) -> str:
    """`kube-apiserver/main` → `reader.replicas.kube_apiserver.main`; `pflag` → `reader.replicas.pflag`."""
    return "reader.replicas." + replica.replace("-", "_").replace("/", ".")


def module_path(replica: str) -> str:
    """The replica's file, relative to the project: reader/replicas/kube_apiserver/main.py."""
    return module_name(replica).replace(".", "/") + ".py"


def load(replica: str) -> ModuleType:
    return importlib.import_module(module_name(replica))


def runnable() -> tuple[str, ...]:
    """Every book's replicas, book by book, each once."""
    from reader.books import all_books

    return tuple(dict.fromkeys(r for book in all_books() for r in book.replicas))
