"""Analysing many files at once: in this process when there are few, else in worker processes.

Used by the scan (files in the work tree) and by function-level hotspots (old versions of
files, handed over as bytes). Outcomes arrive as workers finish, in no particular order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from codevitals.code import analyze

if TYPE_CHECKING:
    from concurrent.futures import Future

Progress = Callable[[int, int], None]
"""Called with (files analysed, files to analyse) as analysis advances."""
Task = tuple[str, str, bytes | None]
"""(name, absolute path to read, or the bytes when already at hand)."""
Outcome = tuple[str, bytes | None, str, str]
"""(name, encoded analysis or None, and when None a reason slug and a message)."""

_INLINE_LIMIT = 16
"""Fewer files than this are analysed in-process: starting workers would cost more."""
_BATCH_FILES = 8


def analyse_all(
    tasks: Sequence[Task], max_size: int, jobs: int = 0, progress: Progress | None = None
) -> Iterator[Outcome]:
    """Analyse every task; `jobs` worker processes (0: one per CPU)."""
    jobs = jobs or os.cpu_count() or 1
    if len(tasks) < _INLINE_LIMIT or jobs == 1:
        for done, task in enumerate(tasks, start=1):
            yield from analyse_batch([task], max_size)
            if progress:
                progress(done, len(tasks))
        return
    yield from _in_pool(tasks, max_size, jobs, progress)


def _in_pool(
    tasks: Sequence[Task], max_size: int, jobs: int, progress: Progress | None
) -> Iterator[Outcome]:
    # Imported here: a warm scan never starts a pool, and these cost 15 ms to import.
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor, as_completed  # noqa: PLC0415

    batches = [list(tasks[i : i + _BATCH_FILES]) for i in range(0, len(tasks), _BATCH_FILES)]
    # Fork where available: workers inherit the loaded parser instead of importing it again.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=context) as pool:
        # Submit everything before any progress display starts a thread: forking is then safe.
        futures: dict[Future[list[Outcome]], list[Task]] = {
            pool.submit(analyse_batch, batch, max_size): batch for batch in batches
        }
        done = 0
        for future in as_completed(futures):
            yield from _collect(future, futures[future])
            done += len(futures[future])
            if progress:
                progress(done, len(tasks))


def _collect(future: Future[list[Outcome]], batch: list[Task]) -> list[Outcome]:
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    try:
        return future.result()
    except BrokenProcessPool:
        return [(path, None, "analysis-failed", "a worker process died") for path, _, _ in batch]


def analyse_batch(batch: Sequence[Task], max_size: int) -> list[Outcome]:
    """Analyse files in a worker: read each one (unless given its bytes) and encode the result."""
    outcomes: list[Outcome] = []
    for path, absolute, data in batch:
        try:
            content = data if data is not None else Path(absolute).read_bytes()
            record = analyze.encode(analyze.analyze(content, max_size=max_size))
            outcomes.append((path, record, "", ""))
        except OSError as error:
            outcomes.append((path, None, "unreadable", error.strerror or str(error)))
        except Exception as error:  # one file's failure must not end the scan
            outcomes.append((path, None, "analysis-failed", f"{type(error).__name__}: {error}"))
    return outcomes
