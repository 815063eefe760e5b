"""Analysing many files at once: in this process when there are few, else in worker processes.

Used by the scan (files in the work tree), by function-level hotspots and by trends (old
versions of files, handed over as bytes). The analysis core gives the work for one batch
(`codevitals.code.batch.analyse_batch`); this module cuts the files into batches and hands
them to `codevitals.workers`. Outcomes arrive as workers finish, in no particular order.
Versions of the same files are analysed piece by piece (`pieces`), every version of a file in
the same worker, so each worker meets again the pieces it measured.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence

from codevitals import workers
from codevitals.code.batch import Outcome, Progress, Task, analyse_batch, prepare
from codevitals.workers import processes

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
    if not workers.can_fork():
        return _in_pool(_by_file(tasks), work, jobs, progress)
    prepare(absolute for _, absolute, _ in tasks)
    batches = workers.map_pinned(work, _shares(tasks, jobs), batch_size=_BATCH_FILES, failed=_died)
    return _counted(batches, len(tasks), progress)


Work = Callable[[Sequence[Task]], list[Outcome]]
"""Analyses one batch: `analyse_batch` with its settings bound."""


def _one_by_one(tasks: Sequence[Task], work: Work, progress: Progress | None) -> Iterator[Outcome]:
    """In this process, reporting progress after each task."""
    return _counted((work([task]) for task in tasks), len(tasks), progress)


def _in_pool(
    batches: list[list[Task]], work: Work, jobs: int, progress: Progress | None
) -> Iterator[Outcome]:
    if workers.can_fork():  # what this process loads now, each forked worker inherits
        prepare(absolute for batch in batches for _, absolute, _ in batch)
    outcomes = workers.map_processes(work, batches, jobs, failed=_died)
    return _counted(outcomes, sum(len(batch) for batch in batches), progress)


def _died(batch: Sequence[Task]) -> list[Outcome]:
    """The outcomes of a batch whose worker process died."""
    return [(name, None, "analysis-failed", "a worker process died") for name, _, _ in batch]


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


def _in_order(tasks: Sequence[Task]) -> list[list[Task]]:
    return [list(tasks[i : i + _BATCH_FILES]) for i in range(0, len(tasks), _BATCH_FILES)]


def _by_file(tasks: Sequence[Task]) -> list[list[Task]]:
    """Batches that keep every version of a file together, the largest first.

    For a pool whose workers cannot each be given their files (`map_pinned` needs fork).
    Largest first: the batches handed out last are then small, and no worker waits long for
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


def _shares(tasks: Sequence[Task], jobs: int) -> list[list[Task]]:
    """The tasks split between workers by file, equal bytes each, each share in task order.

    Every version of a file goes to one worker: the pieces it remembers help only the
    versions it measures.
    """
    sizes: dict[str, int] = {}
    for _, file, data in tasks:
        sizes[file] = sizes.get(file, 0) + len(data or b"") + 1
    loads = [0] * max(1, min(jobs, len(sizes)))
    owner: dict[str, int] = {}
    for file, size in sorted(sizes.items(), key=lambda item: -item[1]):
        lightest = loads.index(min(loads))
        owner[file] = lightest
        loads[lightest] += size
    shares: list[list[Task]] = [[] for _ in loads]
    for task in tasks:
        shares[owner[task[1]]].append(task)
    return shares
