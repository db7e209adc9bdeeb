"""Source stage: clone, cache, verification and every way it refuses or fails."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.errors import ReaderError, UsageError
from reader.report import RecordingReporter
from reader.source import clone as clone_module
from reader.source import fetch_source, resolve_source
from tests.conftest import git


def _fetch(repo: Path, cache: Path, **kw):
    reporter = RecordingReporter()
    spec = resolve_source(repo.as_uri(), **kw)
    return fetch_source(spec, cache, reporter), reporter


def test_fresh_clone_checks_out_the_tag(minikube_repo: Path, tmp_path: Path) -> None:
    tree, reporter = _fetch(minikube_repo, tmp_path / "cache")
    assert (tree.root / "cmd/kube-apiserver/apiserver.go").is_file()
    assert tree.commit == git(minikube_repo, "rev-parse", "v1.9.9^{commit}")
    assert git(tree.root, "rev-parse", "--is-shallow-repository") == "true"
    assert tree.root.parent == tmp_path / "cache" / "source"
    assert [p.name for p in tree.root.parent.iterdir()] == [tree.root.name]  # no leftovers


def test_local_path_is_cloned_through_file_url(minikube_repo: Path) -> None:
    spec = resolve_source(str(minikube_repo))
    assert spec.url == minikube_repo.resolve().as_uri()


def test_commit_mismatch_warns_once_naming_both(minikube_repo: Path, tmp_path: Path) -> None:
    tree, reporter = _fetch(minikube_repo, tmp_path / "cache")
    assert not tree.matches_upstream
    assert len(reporter.warnings) == 1
    assert tree.commit in reporter.warnings[0] and tree.expected_commit in reporter.warnings[0]
    again, reporter2 = _fetch(minikube_repo, tmp_path / "cache")
    assert again.commit == tree.commit and reporter2.warnings == []


def test_matching_commit_does_not_warn(minikube_repo: Path, tmp_path: Path) -> None:
    actual = git(minikube_repo, "rev-parse", "v1.9.9^{commit}")
    tree, reporter = _fetch(minikube_repo, tmp_path / "cache", expected_commit=actual)
    assert tree.matches_upstream and reporter.warnings == []


def test_cache_hit_spawns_no_git_and_is_fast(minikube_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = _fetch(minikube_repo, tmp_path / "cache")

    def no_processes(*args, **kwargs):
        raise AssertionError(f"a process was spawned on a cache hit: {args}")

    monkeypatch.setattr(subprocess, "Popen", no_processes)
    started = time.perf_counter()
    second, _ = _fetch(minikube_repo, tmp_path / "cache")
    assert time.perf_counter() - started < 1.0
    assert second == first


def test_corrupt_metadata_is_not_trusted(minikube_repo: Path, tmp_path: Path) -> None:
    first, _ = _fetch(minikube_repo, tmp_path / "cache")
    (first.root / ".git" / clone_module.METADATA).write_text("{not json")
    second, reporter = _fetch(minikube_repo, tmp_path / "cache")
    assert second.commit == first.commit
    assert any("no valid metadata" in w for w in reporter.warnings)


def test_wrong_tag_lists_nearest_tags(minikube_repo: Path, tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as err:
        _fetch(minikube_repo, tmp_path / "cache", tag="v1.9.8")
    message = str(err.value)
    assert message.startswith("tag v1.9.8 not found in ")
    assert "nearest tags: v1.9.9, v1.9.10, v1.8.4, v1.10.0" in message
    assert not list((tmp_path / "cache" / "source").iterdir())


def test_unreachable_url_says_so_and_suggests_a_mirror(tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as err:
        fetch_source(resolve_source("http://127.0.0.1:1/kubernetes.git"), tmp_path / "cache")
    message = str(err.value)
    assert message.startswith("cannot reach http://127.0.0.1:1/kubernetes.git: ")
    assert message.endswith("; use --source PATH to build from a local mirror")
    assert "\n" not in message


@pytest.mark.parametrize(
    "source",
    ["--upload-pack=touch /tmp/x", "-u touch", "ext::sh -c touch% /tmp/pwned", "fd::17", "foo::bar", "javascript://x"],
)
def test_unsafe_sources_are_refused_before_git_runs(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: pytest.fail("git ran"))
    with pytest.raises(UsageError, match="refusing source"):
        resolve_source(source)


def test_path_that_is_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is not a git repository"):
        resolve_source(str(tmp_path))
    with pytest.raises(UsageError, match="does not exist"):
        resolve_source(str(tmp_path / "missing"))


def test_unwritable_cache_dir(minikube_repo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ReaderError, match=r"cache dir .* is not writable .*--cache-dir"):
        _fetch(minikube_repo, blocker / "cache")


def test_interrupted_clone_leaves_nothing(minikube_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C arrives while git is writing the clone."""

    def interrupt_once_git_writes(proc, *args, **kwargs):
        target = Path(proc.proc.args[-1])
        deadline = time.monotonic() + 10
        while not target.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        assert target.exists(), "git never started writing"
        raise KeyboardInterrupt

    monkeypatch.setattr(clone_module, "handle_process_output", interrupt_once_git_writes)
    with pytest.raises(KeyboardInterrupt):
        _fetch(minikube_repo, tmp_path / "cache")
    assert list((tmp_path / "cache" / "source").iterdir()) == []


def test_sigterm_during_clone_leaves_nothing(minikube_repo: Path, tmp_path: Path) -> None:
    """The CLI in its own process, stopped by SIGTERM while git is still writing."""
    cache = tmp_path / "cache"
    script = textwrap.dedent(
        f"""
        import sys, time
        from reader.source import clone
        real = clone._verify
        def slow_verify(target, spec):
            print("cloned", flush=True)
            time.sleep(60)
        clone._verify = slow_verify
        from reader.cli import main
        sys.exit(main(["fetch", "--source", {str(minikube_repo)!r}, "--cache-dir", {str(cache)!r}]))
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "cloned"
    assert any((cache / "source").glob(".partial-*"))
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert list((cache / "source").iterdir()) == []


def test_partial_clone_of_a_killed_process_is_swept(minikube_repo: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache" / "source"
    dead = subprocess.Popen(["true"])
    dead.wait()
    abandoned = store / f".partial-{dead.pid}-abc"
    (abandoned / "repo").mkdir(parents=True)
    tree, _ = _fetch(minikube_repo, tmp_path / "cache")
    assert not abandoned.exists()
    assert sorted(p.name for p in store.iterdir()) == [tree.root.name]


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "fetch", "--source", str(tmp_path / "nope"), "--cache-dir", str(tmp_path / "c")],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"},
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("k8s-reader: error: source path ") and "does not exist" in result.stderr


@pytest.mark.realtree
def test_real_tree_clone(real_mirror: Path, tmp_path: Path) -> None:
    tree = fetch_source(resolve_source(str(real_mirror)), tmp_path / "cache")
    assert (tree.root / "cmd/kube-apiserver/apiserver.go").is_file()
    assert (tree.root / "staging/src/k8s.io/apiserver").is_dir()
    assert (tree.root / "vendor/github.com/spf13/pflag/flag.go").is_file()
    assert (tree.root / "vendor/k8s.io/apiserver").resolve() == (tree.root / "staging/src/k8s.io/apiserver").resolve()


def test_disk_full_is_one_line_and_leaves_nothing(minikube_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def no_space(proc, *args, **kwargs):
        proc.proc.wait()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(clone_module, "handle_process_output", no_space)
    with pytest.raises(ReaderError, match=r"^disk full while cloning into .*; free space or use --cache-dir DIR$"):
        _fetch(minikube_repo, tmp_path / "cache")
    assert list((tmp_path / "cache" / "source").iterdir()) == []


def test_disk_full_reported_by_git_is_one_line(minikube_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from git.exc import GitCommandError

    def git_says_no_space(proc, stdout_handler, stderr_handler, *args, **kwargs):
        proc.proc.wait()
        stderr_handler("fatal: write error: No space left on device")
        raise GitCommandError(["git", "clone"], 128)

    monkeypatch.setattr(clone_module, "handle_process_output", git_says_no_space)
    with pytest.raises(ReaderError, match="^disk full while cloning; free space or use --cache-dir DIR on a larger disk$"):
        _fetch(minikube_repo, tmp_path / "cache")
    assert list((tmp_path / "cache" / "source").iterdir()) == []
