"""Sealed cache files: a header naming the format and version, a checksum, then a pickle.

A file whose header, version or checksum does not match is reported as stale and never
unpickled; writes go to a temporary file that is renamed into place, so an interrupted
write leaves the previous cache (or none), never half of one.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

MAGIC = b"k8s-reader-cache"


def save(path: Path, kind: str, version: int, payload: Any) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    header = b"%s %s %d %s\n" % (MAGIC, kind.encode(), version, hashlib.sha256(data).hexdigest().encode())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(header)
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: Path, kind: str, version: int) -> tuple[Any, str]:
    """(payload, "") when valid; (None, why not) otherwise — missing, foreign, stale or corrupt."""
    try:
        with open(path, "rb") as handle:
            header = handle.readline()
            data = handle.read()
    except FileNotFoundError:
        return None, "missing"
    except OSError as exc:
        return None, f"unreadable ({exc.strerror})"
    fields = header.split()
    if len(fields) != 4 or fields[0] != MAGIC or fields[1] != kind.encode():
        return None, "not a k8s-reader cache file"
    if fields[2] != str(version).encode():
        return None, f"cache version {fields[2].decode(errors='replace')}, expected {version}"
    if hashlib.sha256(data).hexdigest().encode() != fields[3]:
        return None, "checksum mismatch (corrupted)"
    collecting = gc.isenabled()
    gc.disable()  # a pickle of a million immutable objects: collection passes only cost time
    try:
        return pickle.loads(data), ""
    except Exception as exc:  # a checksum-valid pickle that does not load: code changed under it
        return None, f"does not load ({type(exc).__name__})"
    finally:
        if collecting:
            gc.enable()
