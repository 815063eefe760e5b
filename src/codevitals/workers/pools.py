"""Process pools: batches run in worker processes, results gathered as workers finish them.

Workers are forked where the platform can: they inherit what the parent loaded (the parser,
compiled queries) instead of loading it again. Elsewhere they are spawned. The fleet's pool is
always spawned (`spawn_pool`): its parent runs threads by then, and forking a threaded
process can leave a lock held forever in the child.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from codevitals.workers import processes

B = TypeVar("B")
R = TypeVar("R")


def can_fork() -> bool:
    """Whether processes can be started by fork here."""
    return "fork" in multiprocessing.get_all_start_methods()


def map_processes(
    work: Callable[[B], R],
    batches: Sequence[B],
    jobs: int,
    *,
    failed: Callable[[B], R],
) -> Iterator[R]:
    """`work(batch)` for every batch in at most `jobs` processes, as each finishes."""
    forking = can_fork()
    processes.isolate()
    with ProcessPoolExecutor(
        max_workers=max(1, min(jobs, len(batches))),
        mp_context=multiprocessing.get_context("fork" if forking else None),
        initializer=processes.die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        # Submit everything before any progress display starts a thread: forking is then safe.
        futures: dict[Future[R], B] = {pool.submit(work, batch): batch for batch in batches}
        for future in as_completed(futures):
            yield _result(future, futures[future], failed)


def _result(future: Future[R], batch: B, failed: Callable[[B], R]) -> R:
    try:
        return future.result()
    except BrokenProcessPool:  # a worker died
        return failed(batch)


def spawn_pool(jobs: int) -> ProcessPoolExecutor:
    """`jobs` spawned worker processes, isolated and tied to this one."""
    processes.isolate()
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=processes.die_with_parent,
        initargs=(os.getpid(),),
    )
