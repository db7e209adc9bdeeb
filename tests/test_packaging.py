"""Packaging: every data file the code reads is installed with it (a non-editable install
has only what package-data names)."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["*"]
    data_files = [p for p in (ROOT / "reader").rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert data_files, "expected .scm and .json files beside the code"
    missing = [str(p.relative_to(ROOT)) for p in data_files if not any(fnmatch.fnmatch(p.name, pat) for pat in patterns)]
    assert missing == []
