"""The terminal side of `Reporter`: rich progress bars on stderr, warnings in yellow."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from reader.report import Reporter


class RichReporter(Reporter):
    """One progress bar per task name; bars vanish when the command ends."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._bars = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=self.console, transient=True,
        )  # fmt: skip
        self._tasks: dict[str, TaskID] = {}
        self._warned: set[str] = set()

    def __enter__(self) -> RichReporter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._tasks:
            self._bars.stop()

    def progress(self, task: str, done: float, total: float | None = None) -> None:
        if not self._tasks:  # start the live display only when there is something to show
            self._bars.start()
        if task not in self._tasks:
            self._tasks[task] = self._bars.add_task(task, total=total)
        self._bars.update(self._tasks[task], completed=done, total=total)

    def warn(self, message: str) -> None:
        if message not in self._warned:  # each warning once per run
            self._warned.add(message)
            self.console.print(Text.assemble(("warning: ", "yellow"), message), highlight=False, soft_wrap=True)

    def info(self, message: str) -> None:
        self.console.print(message, highlight=False, markup=False, soft_wrap=True)
