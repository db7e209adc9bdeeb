"""The Go toolchain the lab builds with: found on PATH, its version checked, GOPATH-mode environment."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ReaderError
from reader.lab.models import Recipe

NO_GO = (
    "the lab needs Go to build the real v1.9.9 binaries: apt-get install golang-go (or any Go >= {minimum}); "
    "the rest of k8s-reader works without it"
)


class LabError(ReaderError):
    """The lab cannot build or start; the message says what to do."""


@dataclass(frozen=True)
class Go:
    path: str
    version: str  # go1.19.8

    def env(self, recipe: Recipe, gopath: Path, gocache: Path) -> dict[str, str]:
        """GOPATH mode, as v1.9.9's hack/ scripts build: the tree at $GOPATH/src/k8s.io/kubernetes."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
        return {**env, **recipe.go_env, "GOPATH": str(gopath), "GOCACHE": str(gocache)}


def find_go(recipe: Recipe) -> Go:
    minimum = ".".join(map(str, recipe.minimum_go))
    path = shutil.which("go")
    if path is None:
        raise LabError(NO_GO.format(minimum=minimum))
    try:
        out = subprocess.run([path, "env", "GOVERSION"], capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise LabError(f"{path} does not run ({exc}); " + NO_GO.format(minimum=minimum)) from None
    match = re.match(r"go(\d+)\.(\d+)", out)
    if match is None or (int(match[1]), int(match[2])) < recipe.minimum_go:
        raise LabError(f"{path} is {out or 'of unknown version'}; " + NO_GO.format(minimum=minimum))
    return Go(path, out)
