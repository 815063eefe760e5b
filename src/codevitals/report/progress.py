"""Progress on standard error (stages, files analysed, repositories scanned), only on a terminal.

A run's stages without a count (reading history, auditing dependencies, finding clones) show
their name, a spinner and the time spent, so that no long stage passes in silence; analysis
shows a bar with the files done and left.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

MIN_FILES = 50
"""Fewer files than this finish before a bar would be worth drawing."""


class _Bar:
    """A rich progress bar drawn only when enabled and stderr is a terminal; stopped on exit."""

    def __init__(self, *, enabled: bool = True) -> None:
        self._enabled = enabled and sys.stderr.isatty()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()


class AnalysisProgress(_Bar):
    """A `(done, total)` callback that also announces stages; silent unless on a terminal.

    One bar can follow several analyses in turn (the backtest scans a tree per origin): each
    call sets the total as well as the count. A stage replaces the count with its name
    until the next count arrives.
    """

    def __enter__(self) -> AnalysisProgress:
        return self

    def __call__(self, done: int, total: int) -> None:
        """Advance the bar, starting it the first time there is enough work to show."""
        if not self._enabled:
            return
        if self._task is None:
            if total < MIN_FILES:
                return
            self._start()
        if self._bar is not None and self._task is not None:
            # A new total: a new run.
            self._bar.update(self._task, total=total, completed=done, description="analysing")

    def stage(self, name: str) -> None:
        """Show that stage `name` is under way: its name, a spinner and the time it takes."""
        if not self._enabled:
            return
        if self._task is None:
            self._start()
        if self._bar is not None and self._task is not None:
            self._bar.reset(self._task, total=None, description=name)

    def _start(self) -> None:
        # Imported only when progress is drawn; most runs (piped, CI) never need it.
        from rich.console import Console  # noqa: PLC0415
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("starting", total=None)


class FleetProgress(_Bar):
    """Repositories done, failed and remaining, on standard error; only on a terminal."""

    def __init__(self, total: int, *, enabled: bool = True) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        super().__init__(enabled=enabled)

    def __enter__(self) -> FleetProgress:
        if self._enabled:
            self._start()
        return self

    def advance(self, *, failed: bool = False) -> None:
        """One more repository finished (or failed)."""
        self.done += 1
        self.failed += int(failed)
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self.done, status=self.status())

    def status(self) -> str:
        """`3 failed · 12 remaining`."""
        return f"{self.failed} failed · {self.total - self.done} remaining"

    def _start(self) -> None:
        from rich.console import Console  # noqa: PLC0415
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar = Progress(
            TextColumn("repositories"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("repositories", total=self.total, status=self.status())
