"""The clone replica: its git commands, run by hand, give the same tree the source stage gives."""

from __future__ import annotations

import subprocess
from pathlib import Path

from reader.replicas import clone
from tests.conftest import git


def test_commands_reproduce_the_stage(minikube_repo: Path, tmp_path: Path, capsys) -> None:
    assert clone.main(["--source", str(minikube_repo), "--cache-dir", str(tmp_path / "cache")]) == 0
    out = capsys.readouterr().out.splitlines()
    clone_cmd = out[0].removeprefix("$ ").split()
    assert clone_cmd[:7] == ["git", "clone", "--depth", "1", "--branch", "v1.9.9", "--single-branch"]
    staged = Path(out[-1].split()[0])
    # run the printed clone by hand into another place: same commit, same files
    by_hand = tmp_path / "by-hand"
    subprocess.run([*clone_cmd[:-1], str(by_hand)], check=True, capture_output=True)
    assert git(by_hand, "rev-parse", "HEAD") == git(staged, "rev-parse", "HEAD") == git(minikube_repo, "rev-parse", "v1.9.9^{commit}")
    assert git(by_hand, "ls-files") == git(staged, "ls-files")
    assert out[2] == f"$ mv {out[0].split()[-1]} {staged}"


def test_errors_are_one_line(tmp_path: Path, capsys) -> None:
    assert clone.main(["--source", str(tmp_path / "nope"), "--cache-dir", str(tmp_path / "c")]) == 2
    assert "does not exist" in capsys.readouterr().err
