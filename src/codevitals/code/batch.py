"""Analysing many files at once: in this process when there are few, else in worker processes.

Used by the scan (files in the work tree), by function-level hotspots and by trends (old
versions of files, handed over as bytes). Outcomes arrive as workers finish, in no particular
order. Versions of the same files are analysed piece by piece (`pieces`), every version of a
file in the same worker, so each worker meets again the pieces it measured.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from codevitals import processes
from codevitals.code import analyze
from codevitals.parse import registry

if TYPE_CHECKING:
    from concurrent.futures import Future

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

_INLINE_LIMIT = 16
"""Fewer files than this are analysed in-process: starting workers would cost more."""
_BATCH_FILES = 8


def analyse_all(
    tasks: Sequence[Task], max_size: int, jobs: int = 0, progress: Progress | None = None
) -> Iterator[Outcome]:
    """Analyse every task; `jobs` worker processes (0: one per CPU; never more than CPUs)."""
    work = functools.partial(analyse_batch, max_size=max_size)
    jobs = processes.workers(jobs)
    if len(tasks) < _INLINE_LIMIT or jobs == 1:
        return _one_by_one(tasks, work, progress)
    return _in_pool(_in_order(tasks), work, jobs, progress)


def analyse_versions(
    tasks: Sequence[Task], max_size: int, jobs: int = 0, progress: Progress | None = None
) -> Iterator[Outcome]:
    """Analyse versions of files (tasks of one file share its path) piece by piece."""
    work = functools.partial(analyse_batch, max_size=max_size, versions=True)
    jobs = processes.workers(jobs)
    if len(tasks) < _INLINE_LIMIT or jobs == 1:
        return _one_by_one(tasks, work, progress)
    if "fork" not in _start_methods():
        return _in_pool(_by_file(tasks), work, jobs, progress)
    from codevitals.code import pinned  # noqa: PLC0415 - a scan of one tree never needs it

    _prepare(absolute for _, absolute, _ in tasks)
    return _counted(pinned.analyse_versions(tasks, max_size, jobs), len(tasks), progress)


Work = Callable[[Sequence[Task]], list[Outcome]]
"""Analyses one batch: `analyse_batch` with its settings bound."""


def _one_by_one(tasks: Sequence[Task], work: Work, progress: Progress | None) -> Iterator[Outcome]:
    """In this process, reporting progress after each task."""
    return _counted((work([task]) for task in tasks), len(tasks), progress)


def _counted(
    batches: Iterable[list[Outcome]], total: int, progress: Progress | None
) -> Iterator[Outcome]:
    """The outcomes of batches as they come, reporting progress after each batch."""
    done = 0
    for outcomes in batches:
        yield from outcomes
        done += len(outcomes)
        if progress:
            progress(done, total)


def _start_methods() -> list[str]:
    import multiprocessing  # noqa: PLC0415 - see _in_pool

    return multiprocessing.get_all_start_methods()


def _in_order(tasks: Sequence[Task]) -> list[list[Task]]:
    return [list(tasks[i : i + _BATCH_FILES]) for i in range(0, len(tasks), _BATCH_FILES)]


def _by_file(tasks: Sequence[Task]) -> list[list[Task]]:
    """Batches that keep every version of a file together, the largest first.

    For a pool whose workers cannot each be given their files (`pinned` needs fork). Largest
    first: the batches handed out last are then small, and no worker waits long for
    another to finish at the end.
    """
    files: dict[str, list[Task]] = {}
    for task in tasks:
        files.setdefault(task[1], []).append(task)
    batches: list[list[Task]] = [[]]
    for versions in files.values():
        if len(batches[-1]) >= _BATCH_FILES:
            batches.append([])
        batches[-1].extend(versions)
    return sorted(batches, key=lambda batch: -sum(len(data or b"") for _, _, data in batch))


def _in_pool(
    batches: list[list[Task]], work: Work, jobs: int, progress: Progress | None
) -> Iterator[Outcome]:
    # Imported here: a warm scan never starts a pool, and these cost 15 ms to import.
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor, as_completed  # noqa: PLC0415

    total = sum(len(batch) for batch in batches)
    # Fork where available: workers inherit the loaded parser instead of importing it again,
    # and the compiled queries of the files' languages instead of compiling them each.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    if "fork" in methods:
        _prepare(absolute for batch in batches for _, absolute, _ in batch)
    processes.isolate()
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(batches)),
        mp_context=context,
        initializer=processes.die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        # Submit everything before any progress display starts a thread: forking is then safe.
        futures: dict[Future[list[Outcome]], list[Task]] = {
            pool.submit(work, batch): batch for batch in batches
        }
        finished = (_collect(future, futures[future]) for future in as_completed(futures))
        yield from _counted(finished, total, progress)


def _prepare(paths: Iterable[str]) -> None:
    """Compile the queries of these files' languages before workers are forked.

    Each forked worker then inherits them instead of compiling its own (Swift's query alone
    costs a quarter of a second of CPU).
    """
    for front in registry.for_paths(paths):
        # A grammar that fails to load fails again in the workers, which report it per file.
        with contextlib.suppress(Exception):
            front.prepare()


def _collect(future: Future[list[Outcome]], batch: list[Task]) -> list[Outcome]:
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    try:
        return future.result()
    except BrokenProcessPool:
        return [(path, None, "analysis-failed", "a worker process died") for path, _, _ in batch]


def analyse_batch(batch: Sequence[Task], max_size: int, *, versions: bool = False) -> list[Outcome]:
    """Analyse files in a worker: read each one (unless given its bytes) and encode the result."""
    outcomes: list[Outcome] = []
    for path, absolute, data in batch:
        try:
            content = data if data is not None else Path(absolute).read_bytes()
            language = registry.for_content(absolute, content)
            if versions and language.by_pieces:
                from codevitals.code import pieces  # noqa: PLC0415 - numpy: only trends need it

                record = pieces.analyze_encoded(content, max_size=max_size)
            else:
                record = analyze.encode(
                    analyze.analyze(content, max_size=max_size, language=language)
                )
            outcomes.append((path, record, "", ""))
        except OSError as error:
            outcomes.append((path, None, "unreadable", error.strerror or str(error)))
        except Exception as error:  # one file's failure must not end the scan
            outcomes.append((path, None, "analysis-failed", f"{type(error).__name__}: {error}"))
    return outcomes
