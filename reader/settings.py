"""Where things come from and go: the pinned upstream release, environment variables, cache dir."""

from __future__ import annotations

import os
from pathlib import Path

UPSTREAM_URL = "https://github.com/kubernetes/kubernetes"
UPSTREAM_TAG = "v1.9.9"
UPSTREAM_COMMIT = "57729ea3d9a1b75f3fc7bbbadc597ba707d47c8a"

# Environment variables a user (or CI) sets instead of passing options.
SOURCE_ENV = "K8S_READER_SOURCE"  # URL or local path of a Kubernetes git repository
CACHE_ENV = "K8S_READER_CACHE"  # cache directory (clones, index)
LAB_ENV = "K8S_READER_LAB"  # the lab's directory (build copies, Go's build cache, binaries, runs); default <cache>/lab


def default_cache_dir() -> Path:
    """$K8S_READER_CACHE, else $XDG_CACHE_HOME/k8s-reader, else ~/.cache/k8s-reader."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "k8s-reader"


def default_source() -> str:
    """$K8S_READER_SOURCE, else the upstream GitHub repository."""
    return os.environ.get(SOURCE_ENV) or UPSTREAM_URL
