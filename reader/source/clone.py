"""Cloning the pinned tag into the cache, atomically, with GitPython.

Strategy (measured in bench/clone.py): a shallow single-tag clone.  A blob-filtered partial
clone with a sparse checkout of the indexed directories is ~20% smaller on disk but slower
from a local mirror (blobs arrive in a second fetch) and would lose the directories chapter 1
tabulates, so the plain shallow clone is used.

Atomicity: git writes into `<cache>/source/.partial-<pid>-<random>`; the directory is renamed
to its final name only after HEAD is verified against the tag and the metadata is written.
An interrupted clone is removed on the spot (Ctrl-C, SIGTERM) or, after SIGKILL, by the next
run, which sweeps partial directories whose process is gone.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from git import Repo
from git.cmd import Git, handle_process_output
from git.exc import GitCommandError
from git.util import RemoteProgress, finalize_process

from reader.errors import ReaderError
from reader.partial import ensure_writable, sweep_abandoned
from reader.report import Reporter
from reader.source.models import SourceSpec, SourceTree
from reader.source.tags import nearest_tags

CACHE_VERSION = 1
METADATA = "k8s-reader-source.json"  # kept inside .git so the work tree stays pristine
_PARTIAL = ".partial-"


def fetch_source(spec: SourceSpec, cache_dir: Path, reporter: Reporter | None = None) -> SourceTree:
    """The verified work tree for `spec`: from the cache (no git process at all) or a fresh clone."""
    reporter = reporter or Reporter()
    store = cache_dir / "source"
    final = store / cache_name(spec)
    cached = cached_source(spec, cache_dir)
    if cached is not None:
        return cached
    _prepare_store(store)
    sweep_abandoned(store, _PARTIAL)
    if final.exists():
        reporter.warn(f"cached clone {final} has no valid metadata; cloning it again")
        shutil.rmtree(final)
    partial = Path(tempfile.mkdtemp(prefix=f"{_PARTIAL}{os.getpid()}-", dir=store))
    try:
        tree = _clone_into(spec, partial / "repo", reporter)
        (partial / "repo").rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    shutil.rmtree(partial, ignore_errors=True)
    if not tree.matches_upstream:
        reporter.warn(
            f"{spec.tag} in {spec.shown_as} is commit {tree.commit}, not upstream {tree.expected_commit}; "
            "pages will name the commit actually read"
        )
    return SourceTree(final, tree.url, tree.tag, tree.commit, tree.expected_commit)


# ---------------------------------------------------------------- cache bookkeeping


def cached_source(spec: SourceSpec, cache_dir: Path) -> SourceTree | None:
    """The verified work tree for `spec` if the cache holds it; never clones."""
    return _read_cached(cache_dir / "source" / cache_name(spec), spec)


def cache_name(spec: SourceSpec) -> str:
    digest = hashlib.sha256(spec.url.encode()).hexdigest()[:12]
    return f"kubernetes-{spec.tag}-{digest}"


def _read_cached(final: Path, spec: SourceSpec) -> SourceTree | None:
    try:
        meta = json.loads((final / ".git" / METADATA).read_text())
    except (OSError, ValueError):
        return None
    if meta.get("cache_version") != CACHE_VERSION or meta.get("url") != spec.url or meta.get("tag") != spec.tag:
        return None
    return SourceTree(final, spec.url, spec.tag, meta["commit"], spec.expected_commit)


def _prepare_store(store: Path) -> None:
    ensure_writable(store, f"cache dir {store.parent}", "use --cache-dir DIR or set K8S_READER_CACHE")


# ---------------------------------------------------------------- the clone itself


class _ProgressBridge(RemoteProgress):
    """GitPython's progress callback, forwarded to the reporter as one task per git phase."""

    _PHASES = {
        RemoteProgress.COUNTING: "counting objects",
        RemoteProgress.COMPRESSING: "compressing objects",
        RemoteProgress.RECEIVING: "receiving objects",
        RemoteProgress.RESOLVING: "resolving deltas",
        RemoteProgress.CHECKING_OUT: "checking out files",
    }

    def __init__(self, reporter: Reporter) -> None:
        super().__init__()
        self._reporter = reporter

    def update(self, op_code: int, cur_count, max_count=None, message: str = "") -> None:
        phase = self._PHASES.get(op_code & RemoteProgress.OP_MASK)
        if phase:
            self._reporter.progress(f"clone: {phase}", float(cur_count), float(max_count) if max_count else None)


def _clone_into(spec: SourceSpec, target: Path, reporter: Reporter) -> SourceTree:
    env = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "LC_ALL": "C"}
    git = Git()
    git.update_environment(**env)
    proc = git.clone(
        "--", spec.url, str(target),
        depth=1, branch=spec.tag, single_branch=True, progress=True, v=True,
        as_process=True, with_extended_output=True, universal_newlines=True,
    )  # fmt: skip
    bridge = _ProgressBridge(reporter)
    try:
        handle_process_output(proc, None, bridge.new_message_handler(), finalize_process, decode_streams=False)
    except GitCommandError:
        # the progress handler consumed stderr: git's messages are in its line lists
        raise _explain("\n".join(bridge.other_lines + bridge.error_lines), spec) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise ReaderError(f"disk full while cloning into {target.parent}; free space or use --cache-dir DIR") from None
        raise
    finally:
        if proc.proc is not None and proc.proc.poll() is None:
            proc.proc.kill()
            proc.proc.wait()
    return _verify(target, spec)


def _verify(target: Path, spec: SourceSpec) -> SourceTree:
    """HEAD must be the tag's commit; then record what was read."""
    repo = Repo(target)
    try:
        head = repo.head.commit.hexsha
        tagged = repo.commit(f"refs/tags/{spec.tag}").hexsha
    except (ValueError, GitCommandError) as exc:
        raise ReaderError(f"clone of {spec.shown_as} has no tag {spec.tag} after checkout ({exc}); the source is inconsistent") from None
    finally:
        repo.close()
    if head != tagged:
        raise ReaderError(f"clone of {spec.shown_as}: HEAD {head} is not {spec.tag} ({tagged}); refusing to cache it")
    meta = {"cache_version": CACHE_VERSION, "url": spec.url, "tag": spec.tag, "commit": head, "expected_commit": spec.expected_commit}
    (target / ".git" / METADATA).write_text(json.dumps(meta, indent=2) + "\n")
    return SourceTree(target, spec.url, spec.tag, head, spec.expected_commit)


_UNREACHABLE = re.compile(
    r"Could not resolve host|Failed to connect|Connection refused|Network is unreachable|"
    r"Connection timed out|unable to access|Could not read from remote repository|"
    r"does not appear to be a git repository|Name or service not known|Temporary failure in name resolution",
    re.IGNORECASE,
)


def _explain(stderr: str, spec: SourceSpec) -> ReaderError:
    """Turn git's stderr into one line that says what to do."""
    if "No space left on device" in stderr:
        return ReaderError("disk full while cloning; free space or use --cache-dir DIR on a larger disk")
    if re.search(r"Remote branch .* not found", stderr):
        return ReaderError(_missing_tag_message(spec))
    if _UNREACHABLE.search(stderr):
        return ReaderError(f"cannot reach {spec.shown_as}: {_reason(stderr)}; use --source PATH to build from a local mirror")
    return ReaderError(f"git clone of {spec.shown_as} failed: {_reason(stderr)}")


def _reason(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    picked = (fatal or lines or ["no output from git"])[-1]
    return re.sub(r"^(fatal|error):\s*", "", picked).strip("'\" ")


def _missing_tag_message(spec: SourceSpec) -> str:
    try:
        listing = Git().ls_remote("--tags", "--refs", "--", spec.url)
    except GitCommandError:
        listing = ""
    tags = [line.split("refs/tags/", 1)[1] for line in listing.splitlines() if "refs/tags/" in line]
    near = nearest_tags(spec.tag, tags)
    hint = f"nearest tags: {', '.join(near)}" if near else "the source has no tags"
    return f"tag {spec.tag} not found in {spec.shown_as}; {hint}"
