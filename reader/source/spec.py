"""Turning a `--source` value into a safe `SourceSpec`.

Local paths become file:// URLs: git ignores --depth for plain-path clones, and a file://
clone behaves like a remote one (shallow, only the tag's objects).
"""

from __future__ import annotations

import re
from pathlib import Path

from git.cmd import Git
from git.exc import UnsafeProtocolError

from reader import settings
from reader.errors import UsageError
from reader.source.models import SourceSpec

# scheme://...  or  user@host:path (scp-like syntax git accepts for ssh)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SCP = re.compile(r"^[^/\s]+@[^/\s:]+:")
_SAFE_SCHEMES = ("https://", "http://", "git://", "ssh://", "file://")


def resolve_source(
    source: str | None = None,
    tag: str = settings.UPSTREAM_TAG,
    expected_commit: str = settings.UPSTREAM_COMMIT,
) -> SourceSpec:
    """Validate `source` (URL or path; None: environment, then upstream) and build a spec."""
    shown = source if source else settings.default_source()
    _refuse_unsafe(shown)
    if _URL.match(shown) or _SCP.match(shown):
        url = shown
    else:
        url = _local_repository(Path(shown).expanduser()).as_uri()
    return SourceSpec(url=url, shown_as=shown, tag=tag, expected_commit=expected_commit)


def _refuse_unsafe(source: str) -> None:
    """No option injection, no `ext::`/`fd::` transport helpers, no odd schemes."""
    how = "use an https:// URL or a local path"
    if source.startswith("-"):
        raise UsageError(f"refusing source {source!r}: it starts with '-' and would be read as a git option; {how}")
    try:
        Git.check_unsafe_protocols(source)
    except UnsafeProtocolError:
        raise UsageError(f"refusing source {source!r}: transport helpers like ext:: run commands; {how}") from None
    if "::" in source.split("/", 1)[0]:
        raise UsageError(f"refusing source {source!r}: '<transport>::' remote helpers are not allowed; {how}")
    if _URL.match(source) and not source.lower().startswith(_SAFE_SCHEMES):
        scheme = source.split(":", 1)[0]
        raise UsageError(f"refusing source {source!r}: unsupported scheme {scheme!r}; {how}")


def _local_repository(path: Path) -> Path:
    """An existing git repository (work tree or bare), or a one-line error saying what it is instead."""
    path = path.resolve()
    if not path.exists():
        raise UsageError(f"source path {path} does not exist; pass --source URL|PATH of a Kubernetes git repository")
    if not path.is_dir():
        raise UsageError(f"source path {path} is a file, not a git repository; pass the repository's directory")
    is_work_tree = (path / ".git").exists()
    is_bare = (path / "HEAD").is_file() and (path / "objects").is_dir()
    if not (is_work_tree or is_bare):
        raise UsageError(f"source path {path} is not a git repository (no .git); clone Kubernetes there or pass another --source")
    return path
