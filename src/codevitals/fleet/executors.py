"""Running a fleet's tasks: one per repository, results gathered as they finish.

Every executor is a `Pool`: submit a job, wait until some submitted jobs are done, take a
job's outcome. `gather` drives any pool the same way: a repository whose task fails (a
`RepositoryFailure`, or an exception such as a worker process that died) is submitted once more, and
if it fails again it is reported on its own while the others go on.

`LocalPool` is the default: a process pool on this machine. The Dask pool lives in
`dask_executor`, the only module that imports Dask, so the core install never needs it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol, TypeVar

from codevitals import workers
from codevitals.fleet.task import Job, failure, run
from codevitals.model.fleet import RepositoryFailure, RepositoryResult
from codevitals.workers import processes

ATTEMPTS = 2
"""A failing repository is tried once more before it is reported."""

Outcome = RepositoryResult | RepositoryFailure
H = TypeVar("H", bound=Hashable)


class Pool(Protocol[H]):
    """Runs jobs somewhere, each behind a handle."""

    def submit(self, job: Job) -> H:
        """Start `job`; its handle says when it is done."""

    def finished(self, handles: Sequence[H]) -> Sequence[H]:
        """Wait until at least one of `handles` is done; return those that are."""

    def outcome(self, handle: H) -> Outcome:
        """The result of a finished job; raises what the job raised."""

    def close(self, *, interrupted: bool = False) -> None:
        """Stop the workers (at once when `interrupted`)."""


def gather(pool: Pool[H], jobs: Sequence[Job]) -> Iterator[Outcome]:
    """Every job's outcome, as jobs finish; a failed job is retried once."""
    waiting: dict[H, Job] = {pool.submit(job): job for job in jobs}
    while waiting:
        for handle in pool.finished(list(waiting)):
            job = waiting.pop(handle)
            outcome = _outcome(pool, handle, job)
            if isinstance(outcome, RepositoryFailure) and job.attempt < ATTEMPTS:
                again = dataclasses.replace(job, attempt=job.attempt + 1)
                waiting[pool.submit(again)] = again
                continue
            yield outcome


def _outcome(pool: Pool[H], handle: H, job: Job) -> Outcome:
    try:
        return pool.outcome(handle)
    except Exception as error:  # a dead worker or a bug: this repository fails, not the fleet
        return failure(job, "task-failed", f"{type(error).__name__}: {error}")


class LocalPool:
    """Worker processes on this machine, `jobs` of them (0: one per CPU).

    Workers are spawned, not forked: the parent runs threads (the progress bar, git
    probes) by the time a retry starts a worker, and forking a threaded process can leave
    a lock held forever in the child. A worker that dies breaks a process pool for good,
    so the next submission starts a fresh one.
    """

    def __init__(self, jobs: int) -> None:
        self._jobs = processes.workers(jobs)
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return workers.spawn_pool(self._jobs)

    def submit(self, job: Job) -> Future[Outcome]:
        """Run `job` in a worker process."""
        try:
            return self._executor.submit(run, job)
        except BrokenProcessPool:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            return self._executor.submit(run, job)

    def finished(self, handles: Sequence[Future[Outcome]]) -> Sequence[Future[Outcome]]:
        """Wait for the first of `handles` to finish."""
        done, _ = wait(handles, return_when=FIRST_COMPLETED)
        return list(done)

    def outcome(self, handle: Future[Outcome]) -> Outcome:
        """The job's outcome."""
        return handle.result()

    def close(self, *, interrupted: bool = False) -> None:
        """Stop the workers; after an interruption, without waiting for running jobs."""
        self._executor.shutdown(wait=not interrupted, cancel_futures=True)
