"""Worker processes that each own a share of the files: every version of a file goes to one.

The pieces (`pieces`) a worker remembers help only the versions that worker measures, and a
process pool hands each batch to whichever worker is free. So here each file belongs to one
worker (the files shared out so that each worker gets as many bytes), each worker takes its
tasks in the order given, and outcomes come back batch by batch as workers finish them. A
trend gives the tasks oldest revision first: the early revisions are complete, and can be
scored, while the workers are still on the later ones.

Workers are forked before any queue starts its feeding thread, so no thread is ever copied
into a child.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import TYPE_CHECKING, Any

from codevitals import processes
from codevitals.code.batch import Outcome, Task, analyse_batch

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext  # not on Windows, where nothing forks

_BATCH_FILES = 8
_POLL_SECONDS = 1.0
"""How often, while no outcome arrives, the workers are checked for one that died."""

_Key = tuple[int, int]
"""(worker, batch number)."""


def analyse_versions(tasks: Sequence[Task], max_size: int, jobs: int) -> Iterator[list[Outcome]]:
    """Analyse versions of files in `jobs` workers, each file's versions in one, in order."""
    context = multiprocessing.get_context("fork")
    results: Queue[tuple[_Key, list[Outcome]]] = context.Queue()
    shares = _shares(tasks, jobs)
    processes.isolate()
    # Every worker is forked before anything is put on a queue, which starts its thread.
    workers = [_start(context, results, max_size) for _ in shares]
    pending = _hand_out(workers, shares)
    try:
        yield from _gathered(results, pending, [worker.process for worker in workers])
    finally:
        for worker in workers:
            if worker.process.is_alive():
                worker.process.terminate()
            worker.process.join()


@dataclass(frozen=True, slots=True)
class _Worker:
    process: BaseProcess
    inbox: Queue[Any]


def _start(
    context: ForkContext, results: Queue[tuple[_Key, list[Outcome]]], max_size: int
) -> _Worker:
    inbox: Queue[Any] = context.Queue()
    process = context.Process(
        target=_serve, args=(inbox, results, max_size, os.getpid()), daemon=True
    )
    process.start()
    return _Worker(process, inbox)


def _hand_out(workers: list[_Worker], shares: list[list[Task]]) -> dict[_Key, list[Task]]:
    """Each worker's share in batches, then the word to stop; the batches by key."""
    pending: dict[_Key, list[Task]] = {}
    for number, (worker, share) in enumerate(zip(workers, shares, strict=True)):
        for index in range(0, len(share), _BATCH_FILES):
            pending[number, index] = batch = share[index : index + _BATCH_FILES]
            worker.inbox.put(((number, index), batch))
        worker.inbox.put(None)
    return pending


def _gathered(
    results: Queue[tuple[_Key, list[Outcome]]],
    pending: dict[_Key, list[Task]],
    workers: list[BaseProcess],
) -> Iterator[list[Outcome]]:
    """Outcomes as batches finish; a dead worker's unfinished batches as failures."""
    while pending:
        try:
            key, outcomes = results.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            yield from _lost(pending, workers)
            continue
        if pending.pop(key, None) is not None:
            yield outcomes


def _lost(pending: dict[_Key, list[Task]], workers: list[BaseProcess]) -> Iterator[list[Outcome]]:
    """The batches of workers that died, as failures (taken out of `pending`)."""
    dead = {number for number, worker in enumerate(workers) if not worker.is_alive()}
    for key in [key for key in pending if key[0] in dead]:
        yield [
            (name, None, "analysis-failed", "a worker process died")
            for name, _, _ in pending.pop(key)
        ]


def _serve(
    inbox: Queue[Any], results: Queue[tuple[_Key, list[Outcome]]], max_size: int, parent: int
) -> None:
    """A worker: analyse each batch that arrives, until told to stop."""
    processes.die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # Analysis makes no reference cycles (a test checks), so the cycle collector would only
    # walk, again and again, the pieces remembered and what the parent made (copying every
    # page it touches out of the memory shared with the parent). Reference counting frees.
    gc.freeze()
    gc.disable()
    while (work := inbox.get()) is not None:
        key, batch = work
        results.put((key, analyse_batch(batch, max_size, versions=True)))


def _shares(tasks: Sequence[Task], jobs: int) -> list[list[Task]]:
    """The tasks split between workers by file, equal bytes each, each share in task order."""
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
