"""How stages talk to the person running them: progress and warnings.

Stages take a `Reporter` and never print; the CLI passes one that draws rich progress bars,
tests pass `RecordingReporter` and read what was said.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Reporter:
    """Silent by default; subclasses decide where messages go."""

    def progress(self, task: str, done: float, total: float | None = None) -> None:
        """`task` advanced to `done` of `total` (total None: unknown)."""

    def warn(self, message: str) -> None:
        """Something the user should know but that does not stop the build."""

    def info(self, message: str) -> None:
        """A line of ordinary status."""


@dataclass
class RecordingReporter(Reporter):
    """Keeps every message, for tests."""

    warnings: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    tasks: set[str] = field(default_factory=set)

    def progress(self, task: str, done: float, total: float | None = None) -> None:
        self.tasks.add(task)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def info(self, message: str) -> None:
        self.infos.append(message)
