"""The layout() directive (reader/render/directories.py): a row per top-level directory with Go
files, with what it is for from chapters/<book>/directories.json; a directory without an entry, an
entry without a directory, or no file at all stops the build naming the file."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from reader.render.chapters import Chapters, DirectiveError
from reader.render.strings import load_ui
from reader.render.directories import load_directories, problems, tally
from tests.conftest import write_tree

TREE = {
    "cmd/tool/main.go": "package main\n\nfunc main() {}\n",
    "pkg/lib/lib.go": "package lib\n\n// F does nothing.\nfunc F() {}\n",
    "pkg/lib/lib_test.go": "package lib\n",
    "docs/README.md": "no Go here\n",
    ".git/hooks/x.go": "package hidden\n",
}
PURPOSES = {"cmd": {"zh": "可执行程序", "en": "binaries"}, "pkg": {"zh": "库 | 代码", "en": "libraries"}}


PROJECT = Path(__file__).resolve().parents[1]


def layout(tmp_path: Path, purposes: dict | None, lang: str = "zh") -> str:
    root = write_tree(tmp_path / "tree", TREE)
    project = tmp_path / "project"
    (project / "chapters" / "fixture").mkdir(parents=True)
    if purposes is not None:
        (project / "chapters" / "fixture" / "directories.json").write_text(json.dumps(purposes), encoding="utf-8")
    ui = load_ui(PROJECT)  # the project's UI strings table
    chapters = Chapters(SimpleNamespace(index=None, ui=ui, src=SimpleNamespace(root=root, project=project)))
    chapters.book, chapters.lang, chapters.t = "fixture", lang, ui[lang]
    return chapters.layout()


def test_a_row_per_directory_with_go_files_and_its_purpose(tmp_path: Path) -> None:
    rows = layout(tmp_path, PURPOSES).splitlines()
    assert rows[0] == "| 目录 | 用途 | Go 文件 | 其中非测试 | Go 代码行数 |"
    assert rows[2:] == ["| `cmd/` | 可执行程序 | 1 | 1 | 3 |", "| `pkg/` | 库 \\| 代码 | 2 | 1 | 5 |"]  # no docs/, no .git/
    english = layout(tmp_path / "en", PURPOSES, "en").splitlines()
    assert english[0] == "| Directory | Purpose | Go files | not tests | Lines of Go |"
    assert english[2].startswith(f"| `cmd/` | {PURPOSES['cmd']['en']} |")


@pytest.mark.parametrize(
    ("purposes", "message"),
    [
        (None, r"chapters/fixture/directories\.json: missing"),
        ({"cmd": PURPOSES["cmd"]}, r"chapters/fixture/directories\.json: no entry for pkg/"),
        ({**PURPOSES, "docs": {"zh": "文档", "en": "docs"}}, r"chapters/fixture/directories\.json: 'docs' names no top-level directory with Go files"),
        ({**PURPOSES, "pkg": {"zh": "库"}}, r"chapters/fixture/directories\.json: 'pkg' has no en text"),
        ({"cmd": "binaries"}, r"chapters/fixture/directories\.json: expected an object"),
    ],
)
def test_missing_stale_or_malformed_entries_stop_the_directive(tmp_path: Path, purposes: dict | None, message: str) -> None:
    with pytest.raises(DirectiveError, match=message):
        layout(tmp_path, purposes)


@pytest.mark.realtree
def test_the_real_tree_is_covered(real_mirror: Path) -> None:
    project = Path(__file__).resolve().parents[1]
    present = [t.name for t in tally(real_mirror)]
    assert problems(load_directories(project, "kube-apiserver"), present, "directories.json") == []
