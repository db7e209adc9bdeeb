"""The site's languages and its UI strings: every word of the chrome the render stage writes
(table headers, page titles, navigation, notes' "line N") in each language, from one table,
`templates/strings.yml`:

    note.line:
      zh: 第 {line} 行
      en: line {line}

A text may name fields in braces, filled in from `UI.__call__`'s keywords (str.format: a literal
brace is doubled).  The table is checked when it is read: every entry has a text in every
language and no other, and each language's text names the same fields; a key the code asks for
that the table lacks is a one-line error naming the key.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from reader.errors import ReaderError, UsageError

LANGUAGES = ("zh", "en")  # the site's editions, the default first
DEFAULT_LANGUAGE = LANGUAGES[0]  # at the site's root; the others under /<lang>/
STRINGS_FILE = "templates/strings.yml"


@dataclass(frozen=True)
class UI:
    """The UI strings of one language: `ui("note.line", line=12)`."""

    lang: str
    table: Mapping[str, Mapping[str, str]]

    def templates(self, prefix: str, keys: Iterable[str]) -> dict[str, str]:
        """The unformatted texts of `prefix + key` for each key, for code that fills them in itself
        (the diagrams); a missing key is the same one-line error as a call's."""
        for key in keys:
            if prefix + key not in self.table:
                self(prefix + key)
        return {key: self.table[prefix + key][self.lang] for key in keys}

    def __call__(self, key: str, **values: object) -> str:
        entry = self.table.get(key)
        if entry is None:
            raise ReaderError(f"{STRINGS_FILE}: no string {key!r}; add it with a text for each of {', '.join(LANGUAGES)}")
        try:
            return entry[self.lang].format(**values)
        except KeyError as exc:
            raise ReaderError(f"{STRINGS_FILE}: {key}.{self.lang} names {{{exc.args[0]}}}, which the page does not give") from None


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def load_ui(project: Path) -> dict[str, UI]:
    """Language → its UI strings, from the project's table; a bad table is a one-line error."""
    path = project / STRINGS_FILE
    try:
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the UI strings ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UsageError(f"{path}:{mark.line + 1 if mark else '?'}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(table, dict):
        raise UsageError(f"{path}: expected a mapping of keys to {{{', '.join(LANGUAGES)}}} texts")
    for key, texts in table.items():
        if not isinstance(texts, dict) or sorted(texts) != sorted(LANGUAGES) or not all(isinstance(t, str) for t in texts.values()):
            raise UsageError(f"{path}: {key!r} must give a text for exactly {', '.join(LANGUAGES)}")
        try:
            fields = {lang: _fields(text) for lang, text in texts.items()}
        except ValueError as exc:
            raise UsageError(f"{path}: {key!r}: {exc} (a literal brace is written twice)") from None
        if len({frozenset(f) for f in fields.values()}) > 1:
            raise UsageError(f"{path}: {key!r} names different fields in its languages: {fields}")
    return {lang: UI(lang, table) for lang in LANGUAGES}


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "STRINGS_FILE", "UI", "load_ui"]
