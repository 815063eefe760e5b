"""Worker processes that each own a share of the work, run in the order given.

A process pool hands each batch to whichever worker is free. Some work gains from always
meeting the same worker: the pieces of a file a worker remembers help only the versions of it
that worker measures. So here each worker is given its share (the caller decides the shares),
takes it batch by batch in order, and results come back as batches finish. A trend gives its
tasks oldest revision first: the early revisions are complete, and can be scored, while the
workers are still on the later ones.

Workers are forked (so `work` need not be picklable, only its batches and results), and
before any queue starts its feeding thread, so no thread is ever copied into a child.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from codevitals.workers import collector, processes

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext  # not on Windows, where nothing forks

T = TypeVar("T")
R = TypeVar("R")

_POLL_SECONDS = 1.0
"""How often, while no result arrives, the workers are checked for one that died."""

_Key = tuple[int, int]
"""(worker, batch number)."""


def map_pinned(
    work: Callable[[Sequence[T]], R],
    shares: Sequence[Sequence[T]],
    *,
    batch_size: int,
    failed: Callable[[Sequence[T]], R],
) -> Iterator[R]:
    """Each share in a worker of its own, in batches of `batch_size`, results as they finish."""
    context = multiprocessing.get_context("fork")
    results: Queue[tuple[_Key, R]] = context.Queue()
    processes.isolate()
    # Every worker is forked before anything is put on a queue, which starts its thread.
    workers = [_start(context, results, work) for _ in shares]
    pending = _hand_out(workers, shares, batch_size)
    try:
        yield from _gathered(results, pending, [worker.process for worker in workers], failed)
    finally:
        for worker in workers:
            if worker.process.is_alive():
                worker.process.terminate()
            worker.process.join()


@dataclass(frozen=True, slots=True)
class _Worker(Generic[T]):
    process: BaseProcess
    inbox: Queue[tuple[_Key, Sequence[T]] | None]


def _start(
    context: ForkContext, results: Queue[tuple[_Key, R]], work: Callable[[Sequence[T]], R]
) -> _Worker[T]:
    inbox: Queue[tuple[_Key, Sequence[T]] | None] = context.Queue()
    process = context.Process(target=_serve, args=(inbox, results, work, os.getpid()), daemon=True)
    process.start()
    return _Worker(process, inbox)


def _hand_out(
    workers: list[_Worker[T]], shares: Sequence[Sequence[T]], batch_size: int
) -> dict[_Key, Sequence[T]]:
    """Each worker's share in batches, then the word to stop; the batches by key."""
    pending: dict[_Key, Sequence[T]] = {}
    for number, (worker, share) in enumerate(zip(workers, shares, strict=True)):
        for index in range(0, len(share), batch_size):
            pending[number, index] = batch = share[index : index + batch_size]
            worker.inbox.put(((number, index), batch))
        worker.inbox.put(None)
    return pending


def _gathered(
    results: Queue[tuple[_Key, R]],
    pending: dict[_Key, Sequence[T]],
    workers: list[BaseProcess],
    failed: Callable[[Sequence[T]], R],
) -> Iterator[R]:
    """Results as batches finish; a dead worker's unfinished batches as failures."""
    while pending:
        try:
            key, result = results.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            yield from _lost(pending, workers, failed)
            continue
        if pending.pop(key, None) is not None:
            yield result


def _lost(
    pending: dict[_Key, Sequence[T]], workers: list[BaseProcess], failed: Callable[[Sequence[T]], R]
) -> Iterator[R]:
    """The batches of workers that died, as failures (taken out of `pending`)."""
    dead = {number for number, worker in enumerate(workers) if not worker.is_alive()}
    for key in [key for key in pending if key[0] in dead]:
        yield failed(pending.pop(key))


def _serve(
    inbox: Queue[tuple[_Key, Sequence[Any]] | None],
    results: Queue[tuple[_Key, Any]],
    work: Callable[[Sequence[Any]], Any],
    parent: int,
) -> None:
    """A worker: run `work` on each batch that arrives, until told to stop."""
    processes.die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    collector.off_in_forked_worker()
    while (item := inbox.get()) is not None:
        key, batch = item
        results.put((key, work(batch)))
