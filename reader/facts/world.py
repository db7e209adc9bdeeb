"""The source as the facts stage reads it: full-detail files on demand, found through the index.

The index knows where every symbol is; `World` parses those files again in full detail
(statements, composite literal elements), once each, and answers what an import name means
in a given file.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from reader.index.layout import ImportResolver, import_names
from reader.index.models import Index
from reader.parse import line_starts, parse_file
from reader.parse.models import GoFile


@dataclass(frozen=True)
class Located:
    """A declaration and where it is: its file and package import path."""

    decl: object
    file: str
    pkg: str


class World:
    def __init__(self, root: Path, index: Index) -> None:
        self.root = root
        self.index = index
        self._files: dict[str, GoFile] = {}
        self._line_starts: dict[str, list[int]] = {}
        self._imports: dict[str, dict[str, str]] = {}
        self._dir_key = {p.dir: key for key, p in index.packages.items()}
        self._resolver = ImportResolver(list(self._dir_key))
        self._package_of_file = {f: key for key, p in index.packages.items() for f in p.files}

    # ------------------------------------------------------------ files and imports

    def file(self, path: str) -> GoFile:
        parsed = self._files.get(path)
        if parsed is None:
            parsed = self._files[path] = parse_file(path, (self.root / path).read_bytes(), full=True)
        return parsed

    def line(self, path: str, offset: int) -> int:
        """1-based line of a byte offset in a file."""
        starts = self._line_starts.get(path)
        if starts is None:
            starts = self._line_starts[path] = line_starts((self.root / path).read_bytes())
        return bisect_right(starts, offset)

    def position(self, path: str, offset: int) -> tuple[int, int]:
        """(1-based line, 1-based byte column) of a byte offset."""
        line = self.line(path, offset)
        return line, offset - self._line_starts[path][line - 1] + 1

    def text(self, path: str, start: int, end: int) -> str:
        return (self.root / path).read_bytes()[start:end].decode("utf-8", "replace")

    def package_of(self, path: str) -> str:
        return self._package_of_file[path]

    def imports(self, path: str) -> dict[str, str]:
        """Import name -> package import path (in the tree or not) for one file."""
        names = self._imports.get(path)
        if names is None:
            names, _, _ = import_names(
                self.file(path).imports, path.rpartition("/")[0], self._resolver, self._dir_key, lambda key: self.index.packages[key].name
            )  # fmt: skip
            self._imports[path] = names
        return names

    # ------------------------------------------------------------ declarations by id

    def _locate(self, symbol_id: str) -> str | None:
        symbol = self.index.symbols.get(symbol_id)
        return symbol.file if symbol is not None else None

    def _package_level(self, pkg: str, name: str, declarations: str) -> Located | None:
        """The package-level function, value or type `name` (from GoFile.funcs/values/types)."""
        path = self._locate(f"{pkg}.{name}")
        if path is None:
            return None
        found = (d for d in getattr(self.file(path), declarations) if d.name == name and getattr(d, "receiver", None) is None)
        decl = next(found, None)
        return Located(decl, path, pkg) if decl is not None else None

    def func(self, pkg: str, name: str) -> Located | None:
        return self._package_level(pkg, name, "funcs")

    def method(self, pkg: str, type_name: str, name: str) -> Located | None:
        for star in ("*", ""):
            path = self._locate(f"{pkg}.({star}{type_name}).{name}")
            if path is not None:
                decl = next(
                    (f for f in self.file(path).funcs if f.receiver and f.receiver.type_name == type_name and f.name == name), None
                )  # fmt: skip
                if decl is not None:
                    return Located(decl, path, pkg)
        return None

    def value(self, pkg: str, name: str) -> Located | None:
        return self._package_level(pkg, name, "values")

    def type(self, pkg: str, name: str) -> Located | None:
        return self._package_level(pkg, name, "types")

    def has_package(self, pkg: str) -> bool:
        return pkg in self.index.packages

