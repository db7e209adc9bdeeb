"""Where packages live: directories to Go import paths, and imports to packages (Go 1.9 rules).

The repository is GOPATH's `src/k8s.io/kubernetes`.  `staging/src/k8s.io/X` is the canonical
home of the staged repositories (`vendor/k8s.io/X` are symlinks to it, not walked), so their
import path is `k8s.io/X/...`.  Anything under a `vendor/` directory is imported without the
vendor prefix, visible from the vendor directory's parent down; the nearest enclosing vendor
directory wins.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from reader.parse.models import Import

REPO_IMPORT_PATH = "k8s.io/kubernetes"
STAGING = "staging/src/"
_SKIP_DIRS = {"testdata", "node_modules", ".git"}


@dataclass(frozen=True)
class GoSource:
    """A .go file found in the tree (before selection)."""

    path: str  # repository-relative, '/'-separated
    dir: str


def discover(root: str) -> list[GoSource]:
    """Every .go file below `root`, not following symlinks, skipping what the go tool ignores."""
    found: list[GoSource] = []
    for current, dirs, files in os.walk(root):
        rel = os.path.relpath(current, root).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith((".", "_")))
        found.extend(GoSource(f"{rel}/{name}" if rel else name, rel) for name in sorted(files) if name.endswith(".go"))
    return found


def import_path(directory: str) -> tuple[str, str]:
    """(vendor scope, import path) of a repository directory.

    The scope is the directory holding the governing vendor/ dir ("" for the top level) or None
    for packages outside any vendor tree.
    """
    parts = directory.split("/") if directory else []
    if "vendor" in parts:
        last = len(parts) - 1 - parts[::-1].index("vendor")
        return "/".join(parts[:last]), "/".join(parts[last + 1 :])
    if directory.startswith(STAGING):
        return None, directory[len(STAGING) :]  # type: ignore[return-value]
    return None, f"{REPO_IMPORT_PATH}/{directory}" if directory else REPO_IMPORT_PATH  # type: ignore[return-value]


class ImportResolver:
    """Finds the package directory an import path means, seen from a given directory."""

    def __init__(self, package_dirs: list[str]) -> None:
        self._vendored: dict[str, dict[str, str]] = {}  # scope -> import path -> dir
        self._global: dict[str, str] = {}
        for directory in package_dirs:
            scope, path = import_path(directory)
            if scope is None:
                self._global[path] = directory
            else:
                self._vendored.setdefault(scope, {})[path] = directory
        self._scopes_by_depth = sorted(self._vendored, key=lambda s: -len(PurePosixPath(s).parts) if s else 0)

    def resolve(self, path: str, from_dir: str) -> str | None:
        """The directory of the package `path` imported from `from_dir`, or None (not in the tree)."""
        for scope in self._scopes_by_depth:
            if scope == "" or from_dir == scope or from_dir.startswith(scope + "/"):
                hit = self._vendored[scope].get(path)
                if hit is not None:
                    return hit
        return self._global.get(path)


def guess_package_name(path: str) -> str:
    """For imports outside the tree: the last element, without a gopkg.in version or go- prefix."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if path.startswith("gopkg.in/"):
        last = last.split(".v", 1)[0]
    return last.removeprefix("go-").replace("-", "_").replace(".", "_")


def import_names(
    imports: Iterable[Import], directory: str, resolver: ImportResolver, dir_key: dict[str, str], package_name: Callable[[str], str]
) -> tuple[dict[str, str], list[str], list[str]]:
    """What one file's imports mean: (import name -> package key, dot-imported packages in the
    tree, every imported package).  Keys are import paths for packages outside the tree;
    `package_name(key)` gives the package clause of one inside it."""
    names: dict[str, str] = {}
    dots: list[str] = []
    targets: list[str] = []
    for imp in imports:
        found = resolver.resolve(imp.path, directory)
        target = dir_key[found] if found is not None else imp.path
        targets.append(target)
        if imp.name == ".":
            if found is not None:
                dots.append(target)
        elif imp.name != "_":
            names[imp.name or (package_name(target) if found is not None else guess_package_name(imp.path))] = target
    return names, dots, targets
