"""Analysing files a batch at a time: the work a worker process is given, and what it returns.

The analysis core starts no process: `codevitals.measure` hands batches to the workers
(`codevitals.workers`). Versions of the same files are analysed piece by piece (`pieces`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from codevitals.code import analyse
from codevitals.parse import registry
from codevitals.parse.base import ParseTooSlowError

Progress = Callable[[int, int], None]
"""Called with (files analysed, files to analyse) as analysis advances."""


@runtime_checkable
class StagedProgress(Protocol):
    """A progress display that also shows which stage of a run is under way."""

    def __call__(self, done: int, total: int) -> None:
        """Files analysed, of how many."""

    def stage(self, name: str) -> None:
        """A stage without a count begins: `reading history`, `auditing dependencies`."""


def announce(progress: Progress | None, name: str) -> None:
    """Tell the progress display, if it shows stages, that stage `name` begins."""
    if isinstance(progress, StagedProgress):
        progress.stage(name)


Task = tuple[str, str, bytes | None]
"""(name, absolute path to read, or the bytes when already at hand). Versions of one file
share the absolute path, whose suffix (else the content's `#!` line) chooses the language."""
Outcome = tuple[str, bytes | None, str, str]
"""(name, encoded analysis or None, and when None a reason slug and a message)."""


def prepare(paths: Iterable[str]) -> None:
    """Compile the queries of these files' languages now, before workers are forked.

    Each forked worker then inherits them instead of compiling its own (Swift's query alone
    costs a quarter of a second of CPU).
    """
    for front in registry.for_paths(paths):
        # A grammar that fails to load fails again in the workers, which report it per file.
        with contextlib.suppress(Exception):
            front.prepare()


def analyse_batch(batch: Sequence[Task], max_size: int, *, versions: bool = False) -> list[Outcome]:
    """Analyse files in a worker: read each one (unless given its bytes) and encode the result."""
    outcomes: list[Outcome] = []
    for path, absolute, data in batch:
        try:
            content = data if data is not None else Path(absolute).read_bytes()
            language = registry.for_content(absolute, content)
            if versions and language.by_pieces:
                from codevitals.code import incremental  # noqa: PLC0415 - numpy: only trends need it

                record = incremental.analyse_encoded(content, max_size=max_size)
            else:
                record = analyse.encode(
                    analyse.analyse(content, max_size=max_size, language=language)
                )
            outcomes.append((path, record, "", ""))
        except OSError as error:
            outcomes.append((path, None, "unreadable", error.strerror or str(error)))
        except ParseTooSlowError as error:
            outcomes.append((path, None, "too-slow", str(error)))
        except Exception as error:  # one file's failure must not end the scan
            outcomes.append((path, None, "analysis-failed", f"{type(error).__name__}: {error}"))
    return outcomes
