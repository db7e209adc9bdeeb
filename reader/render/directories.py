"""Directories: what each top-level directory of the tree holds, counted and explained.

The counts (Go files, non-test Go files, lines) come from walking the tree; what each directory is
for is prose, written once per book as data beside its chapters, `chapters/<book>/directories.json`,
in every language the site has:

    {"cmd": {"zh": "…", "en": "…"}, "pkg": {"zh": "…", "en": "…"}, …}

Every top-level directory with Go files needs an entry and every entry must name such a directory:
`problems` lists what is missing or stale, and the `layout()` directive refuses to render with any.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from reader.errors import UsageError
from reader.render.meanings import LANGUAGES

FILE_NAME = "directories.json"


@dataclass(frozen=True)
class DirectoryTally:
    """One top-level directory's Go files: all of them, those that are not tests, their lines."""

    name: str
    go_files: int
    non_test_files: int
    lines: int


def tally(root: Path) -> list[DirectoryTally]:
    """Every non-hidden top-level directory of `root` that holds Go files, by name (symlinks are
    not followed: vendor/k8s.io/* point into staging/, whose files count there)."""
    out = []
    for entry in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        total = tests = lines = 0
        for folder, dirs, files in os.walk(entry):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.endswith(".go"):
                    total += 1
                    tests += name.endswith("_test.go")
                    with open(os.path.join(folder, name), "rb") as handle:
                        lines += handle.read().count(b"\n")
        if total:
            out.append(DirectoryTally(entry.name, total, total - tests, lines))
    return out


def directories_file(book: str) -> str:
    """The book's directories file, relative to the project (how errors name it)."""
    return f"chapters/{book}/{FILE_NAME}"


def load_directories(project: Path, book: str) -> dict[str, dict[str, str]]:
    """Directory name → {language → text}; a missing or malformed file is a one-line error."""
    where = directories_file(book)
    path = project / where
    if not path.exists():
        raise UsageError(f'{where}: missing; write what each top-level directory is for: {{"<dir>": {{"zh": "…", "en": "…"}}}}')
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UsageError(f"{where}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) and all(isinstance(s, str) for s in t.values()) for t in data.values()):
        raise UsageError(f"{where}: expected an object mapping directory names to {{language: text}} ({', '.join(LANGUAGES)})")
    return data


def problems(purposes: dict[str, dict[str, str]], present: list[str], where: str) -> list[str]:
    """What keeps `purposes` from covering the directories `present`: a directory without an
    entry or without a text in some language, an entry for a directory that has no Go files."""
    out = [f"{where}: no entry for {name}/" for name in present if name not in purposes]
    out += [f"{where}: {name!r} names no top-level directory with Go files" for name in sorted(set(purposes) - set(present))]
    for name, texts in sorted(purposes.items()):
        out += [f"{where}: {name!r} has an unknown language {lang!r}" for lang in sorted(set(texts) - set(LANGUAGES))]
        out += [f"{where}: {name!r} has no {lang} text" for lang in LANGUAGES if name in present and not texts.get(lang, "").strip()]
    return out


__all__ = ["DirectoryTally", "directories_file", "load_directories", "problems", "tally"]
