"""Meanings: what each flag and each options field is for, in the reader's words.

Written once per book as data, `chapters/<book>/meanings.json`, beside the chapters (it is prose,
like them), in every language the site has:

    {"flags":  {"etcd-servers": {"zh": "…", "en": "…"}, …},
     "fields": {"Etcd.StorageConfig.Prefix": {"zh": "…", "en": "…"}, …}}

A field that a flag writes takes that flag's meaning (`FlagFact.options_field`), so only fields
no flag sets need an entry of their own.  `problems` says what is missing or stale against a
book's facts; the tests hold every book to none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from reader.errors import UsageError
from reader.facts.models import Facts
from reader.render.strings import LANGUAGES

FILE_NAME = "meanings.json"


@dataclass(frozen=True)
class Meanings:
    """A book's meanings: flag name → {language → text}, field path → {language → text}."""

    flags: dict[str, dict[str, str]] = field(default_factory=dict)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)

    def flag(self, name: str, lang: str) -> str:
        return self.flags.get(name, {}).get(lang, "")

    def field(self, facts: Facts, path: str, lang: str) -> str:
        """A field's own meaning, else the meaning of the flag that writes it."""
        own = self.fields.get(path, {}).get(lang, "")
        if own:
            return own
        flag = next((f for f in facts.flags if f.options_field == path), None)
        return self.flag(flag.name, lang) if flag else ""


def meanings_file(project: Path, book: str) -> Path:
    return project / "chapters" / book / FILE_NAME


def load_meanings(project: Path, book: str) -> Meanings:
    """The book's meanings; none when the file does not exist; a bad file is a one-line error."""
    path = meanings_file(project, book)
    if not path.exists():
        return Meanings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or set(data) - {"flags", "fields"}:
        raise UsageError(f"{path}: expected an object with the keys 'flags' and 'fields'")
    for kind in ("flags", "fields"):
        for key, texts in data.get(kind, {}).items():
            if not isinstance(texts, dict) or not all(isinstance(t, str) for t in texts.values()):
                raise UsageError(f"{path}: {kind}[{key!r}] must map languages ({', '.join(LANGUAGES)}) to text")
    return Meanings(data.get("flags", {}), data.get("fields", {}))


def problems(meanings: Meanings, facts: Facts, where: str) -> list[str]:
    """What keeps `meanings` from covering `facts`: a flag or field without a meaning in a
    language, an entry for a flag or field the facts do not have, an unknown language."""
    out: list[str] = []
    flag_names = {f.name for f in facts.flags}
    field_paths = {d.path for d in facts.defaults}
    for kind, keys, have in (("flags", flag_names, meanings.flags), ("fields", field_paths, meanings.fields)):
        for key in sorted(set(have) - keys):
            out.append(f"{where}: {kind}[{key!r}] names no {kind[:-1]} of {facts.book}")
        for key, texts in sorted(have.items()):
            for lang in sorted(set(texts) - set(LANGUAGES)):
                out.append(f"{where}: {kind}[{key!r}] has an unknown language {lang!r}")
    for lang in LANGUAGES:
        for name in sorted(flag_names):
            if not meanings.flag(name, lang).strip():
                out.append(f"{where}: flag --{name} has no {lang} meaning")
        for path in sorted(field_paths):
            if not meanings.field(facts, path, lang).strip():
                out.append(f"{where}: field {path} has no {lang} meaning (nor a flag that writes it)")
    return out


__all__ = ["LANGUAGES", "Meanings", "load_meanings", "meanings_file", "problems"]
