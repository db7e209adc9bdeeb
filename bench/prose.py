"""Benchmark: how much each chapter teaches — prose characters and line notes, per book, per language.

    python bench/prose.py            (no tree, no index: it reads chapters/ only)

Prose is a chapter file's text outside its `{{ … }}` directives, counted in non-whitespace
characters (so Chinese and English, indentation and blank lines compare fairly).  Notes are the
entries of the `notes={…}` dicts of its directives; their characters are counted apart.  A
directive that is not a Python-readable call (every chapter directive is) counts as no notes.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"
DIRECTIVE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def notes_of(expression: str) -> list[str]:
    """The note texts of one directive's notes= dicts."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        return []
    texts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "notes" and isinstance(node.value, ast.Dict):
            texts += [v.value for v in node.value.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return texts


def measure(path: Path) -> tuple[int, int, int]:
    """(prose characters, notes, note characters) of one chapter file."""
    text = path.read_text(encoding="utf-8")
    prose = DIRECTIVE.sub("", text)
    notes = [n for m in DIRECTIVE.finditer(text) for n in notes_of(m.group(1))]
    return len(re.sub(r"\s", "", prose)), len(notes), sum(len(re.sub(r"\s", "", n)) for n in notes)


def main() -> None:
    books = sys.argv[1:] or sorted(p.name for p in CHAPTERS.iterdir() if p.is_dir())
    print(f"{'chapter':<44} {'lang':<4} {'prose':>7} {'notes':>6} {'note chars':>10}")
    for book in books:
        totals: dict[str, list[int]] = {}
        for path in sorted((CHAPTERS / book).glob("*.md")):
            lang = "en" if path.name.endswith(".en.md") else "zh"
            prose, notes, note_chars = measure(path)
            print(f"{book + '/' + path.name:<44} {lang:<4} {prose:>7} {notes:>6} {note_chars:>10}")
            total = totals.setdefault(lang, [0, 0, 0])
            for i, value in enumerate((prose, notes, note_chars)):
                total[i] += value
        for lang, (prose, notes, note_chars) in sorted(totals.items(), key=lambda kv: kv[0] != "zh"):
            print(f"{book + ' (total)':<44} {lang:<4} {prose:>7} {notes:>6} {note_chars:>10}")


if __name__ == "__main__":
    main()
