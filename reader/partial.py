"""Half-made directories: stages write into `<prefix><pid>-<random>` and rename when complete;
what a killed process left behind is swept by the next run."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from reader.errors import ReaderError


def ensure_writable(directory: Path, shown: str, advice: str) -> None:
    """Make `directory` and prove a file can be made in it, before any long work starts."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tempfile.NamedTemporaryFile(dir=directory, prefix=".probe-").close()
    except OSError as exc:
        raise ReaderError(f"{shown} is not writable ({exc.strerror or exc}); {advice}") from None


def sweep_abandoned(store: Path, prefix: str) -> None:
    """Remove `store/<prefix><pid>-*` entries whose process is gone."""
    for entry in store.glob(f"{prefix}*"):
        pid = entry.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
