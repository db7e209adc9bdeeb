"""Meanings (reader/render/meanings.py): every flag and options field of every book has a meaning
in every language, and no entry names a flag or field the book does not have."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.books import book_names, load_book
from reader.errors import UsageError
from reader.facts.models import DefaultFact, Facts, FlagFact
from reader.pipeline import Pipeline
from reader.render.meanings import LANGUAGES, Meanings, load_meanings, meanings_file, problems

PROJECT = Path(__file__).resolve().parents[1]


def _facts() -> Facts:
    flag = FlagFact("etcd-servers", "stringSlice", "[]", "nil", "etcd servers", "a.go:1", options_field="Etcd.Servers")
    rows = (DefaultFact("Etcd", "*EtcdOptions", "{…}", "a.go:2", 0), DefaultFact("Etcd.Servers", "[]string", "nil", "", 1))
    return Facts("fixture", "c0ffee", (flag,), (), rows, (), (), "")


def test_a_field_a_flag_writes_takes_the_flags_meaning() -> None:
    meanings = Meanings({"etcd-servers": {"zh": "etcd 地址", "en": "etcd URLs"}}, {"Etcd": {"zh": "存储", "en": "storage"}})
    assert meanings.field(_facts(), "Etcd.Servers", "en") == "etcd URLs"
    assert problems(meanings, _facts(), "m.json") == []


def test_missing_and_stale_entries_are_named() -> None:
    meanings = Meanings({"etcd-servers": {"zh": "etcd 地址"}, "etcd-server": {"zh": "x", "en": "x", "fr": "x"}}, {})
    found = problems(meanings, _facts(), "m.json")
    assert "m.json: flags['etcd-server'] names no flag of fixture" in found
    assert "m.json: flags['etcd-server'] has an unknown language 'fr'" in found
    assert "m.json: flag --etcd-servers has no en meaning" in found
    assert "m.json: field Etcd has no zh meaning (nor a flag that writes it)" in found
    assert "m.json: field Etcd.Servers has no zh meaning (nor a flag that writes it)" not in found  # the flag gives it


def test_a_bad_file_is_one_line_naming_it(tmp_path: Path) -> None:
    path = meanings_file(tmp_path, "b")
    path.parent.mkdir(parents=True)
    path.write_text('{"flags": {"x": "not an object"}}', encoding="utf-8")
    with pytest.raises(UsageError, match=r"meanings.json: flags\['x'\] must map languages"):
        load_meanings(tmp_path, "b")
    path.write_text('{"flags": {', encoding="utf-8")
    with pytest.raises(UsageError, match=r"meanings.json:1: not valid JSON"):
        load_meanings(tmp_path, "b")


def test_every_book_has_a_meanings_file_with_both_languages() -> None:
    assert LANGUAGES == ("zh", "en")
    for book in book_names():
        data = json.loads(meanings_file(PROJECT, book).read_text(encoding="utf-8"))
        assert data["flags"], book


@pytest.mark.realtree
@pytest.mark.parametrize("book", book_names())
def test_every_flag_and_field_of_the_real_tree_has_a_meaning(book: str, real_index) -> None:
    root, index = real_index
    facts = Pipeline(root, index).facts(book)
    found = problems(load_meanings(PROJECT, book), facts, str(meanings_file(PROJECT, load_book(book).name)))
    assert found == [], f"{len(found)} problems, first: " + "\n".join(found[:20])
