"""Children of `lab up`: started with their output in log files, watched, and always stopped.

Nothing started here may outlive the command: every child is stopped (SIGTERM, then SIGKILL after
a grace period) when the supervisor's `with` block ends for any reason, and on Linux each child
also asks the kernel to kill it if its parent dies outright (PR_SET_PDEATHSIG), which covers the
one case no `finally` can: a SIGKILL of k8s-reader itself.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.lab.toolchain import LabError

STOP_GRACE_SECONDS = 10.0
TAIL_LINES = 15


@dataclass(frozen=True)
class ChildSpec:
    name: str
    argv: tuple[str, ...]
    log: Path
    ready_url: str  # answers 200 once the child is ready
    ready_body: Callable[[str], bool] = lambda body: True


class ChildDied(LabError):
    """A child exited before it was asked to; the message carries the tail of its log."""


@dataclass
class Child:
    spec: ChildSpec
    process: subprocess.Popen


def _die_with_parent() -> None:  # runs in the child between fork and exec
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Supervisor:
    """Starts children in order, waits for each to be ready, stops them all in reverse order."""

    def __init__(self) -> None:
        self.children: list[Child] = []

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_all()

    def start(self, spec: ChildSpec, timeout: float) -> Child:
        """Start `spec` and return once its ready URL answers; raise ChildDied or LabError on failure."""
        spec.log.parent.mkdir(parents=True, exist_ok=True)
        with spec.log.open("wb") as log:
            process = subprocess.Popen(
                spec.argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=_die_with_parent,
            )  # fmt: skip
        child = Child(spec, process)
        self.children.append(child)
        deadline = time.monotonic() + timeout
        while not _answers(spec):
            self.check()
            if time.monotonic() > deadline:
                raise LabError(f"{spec.name} did not get ready within {timeout:.0f} s ({spec.ready_url}); see {spec.log}")
            time.sleep(0.2)
        return child

    def check(self) -> None:
        """Raise ChildDied for the first child that has exited."""
        for child in self.children:
            code = child.process.poll()
            if code is not None:
                raise ChildDied(f"{child.spec.name} exited with code {code}; the end of {child.spec.log}:\n{tail(child.spec.log)}")

    def watch(self, interval: float = 0.5) -> None:
        """Block until a child dies (ChildDied) or we are interrupted."""
        while True:
            self.check()
            time.sleep(interval)

    def stop_all(self) -> None:
        for child in reversed(self.children):
            _stop(child.process)
        self.children.clear()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        process.wait()


def _answers(spec: ChildSpec) -> bool:
    try:
        with urllib.request.urlopen(spec.ready_url, timeout=2) as response:
            return response.status == 200 and spec.ready_body(response.read().decode(errors="replace"))
    except (urllib.error.URLError, OSError, ValueError):
        return False


def tail(log: Path, lines: int = TAIL_LINES) -> str:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return "  (no log)"
    return "\n".join("  " + line for line in text.splitlines()[-lines:]) or "  (empty log)"
