"""A rich progress display with one bar per stage, fed by the job's progress callback."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)


class StageProgress:
    """Context manager; call it as ``progress(stage, done, total, note)``. Quiet when not a terminal."""

    def __init__(self, console: Console | None = None, enabled: bool | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._progress = Progress(
            SpinnerColumn(), TextColumn("[bold]{task.fields[stage]:<9}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn("{task.fields[note]}", style="dim"),
            console=self.console, transient=False, disable=not self.enabled,
        )  # fmt: skip
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> StageProgress:
        self._progress.__enter__()
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self._progress.__exit__(et, ev, tb)

    def __call__(self, stage: str, done: int, total: int | None, note: str) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, stage=stage, note="", total=total)
        task = self._tasks[stage]
        self._progress.update(task, completed=done, total=total, note=note[:60])
