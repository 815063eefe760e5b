"""Running a fleet on Dask: an existing cluster (`tcp://host:8786`) or a `LocalCluster`.

The only module that imports Dask (`pip install 'codevitals[dask]'`). One task per
repository; each task scans in its worker's process, single-process, since Dask's worker
processes are daemonic and may not start a process pool. A worker runs one task per
thread: `LocalCluster` is started with one thread per worker process, and a cluster of
your own should be too (`dask worker --nthreads 1`), as scanning is CPU-bound Python.

Every worker must have codevitals installed (the same version), git on its PATH, the
repositories' paths (for local repositories) and room for clones in its work folder.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from codevitals.errors import UsageError
from codevitals.fleet.task import Job, run
from codevitals.model.fleet import RepositoryFailure, RepositoryResult
from codevitals.workers import processes

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

LOCAL = "local"
"""`--scheduler local`: a `LocalCluster` on this machine."""
INSTALL = "pip install 'codevitals[dask]'"
CONNECT_SECONDS = 30
Outcome = RepositoryResult | RepositoryFailure


class DaskPool:
    """Jobs as Dask futures on a cluster's workers."""

    def __init__(self, scheduler: str, workers: int | None = None) -> None:
        distributed = _import()
        self._cluster: LocalCluster | None = None
        if scheduler == LOCAL:
            _quiet_workers()
            processes.isolate()
            self._cluster = distributed.LocalCluster(
                n_workers=processes.workers(workers or 0),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client: Client = distributed.Client(self._cluster)
        else:
            self._client = _connect(distributed, scheduler)
        self._wait = distributed.wait

    def submit(self, job: Job) -> Future[Outcome]:
        """Send `job` to the cluster."""
        key = f"codevitals-fleet-{job.repository.name}-{job.attempt}-{uuid.uuid4().hex[:8]}"
        future: Future[Outcome] = self._client.submit(run, job, key=key, pure=False)
        return future

    def finished(self, handles: Sequence[Future[Outcome]]) -> Sequence[Future[Outcome]]:
        """Wait for the first of `handles` to finish."""
        return list(self._wait(list(handles), return_when="FIRST_COMPLETED").done)

    def outcome(self, handle: Future[Outcome]) -> Outcome:
        """The job's outcome; raises the task's exception (KilledWorker when workers died)."""
        outcome: Outcome = handle.result()
        return outcome

    def close(self, *, interrupted: bool = False) -> None:
        """Disconnect, and stop the `LocalCluster` when there is one."""
        self._client.close()  # type: ignore[no-untyped-call]
        if self._cluster is not None:
            self._cluster.close()


def _quiet_workers() -> None:
    """LocalCluster settings: no statistical profiler sampling every worker thread.

    The profiler wakes every 10 ms to walk each thread's stack; against a task that is pure
    Python from start to end, it takes a share of the GIL the scan needs. Workers started by
    a LocalCluster inherit the client's configuration.
    """
    import dask  # noqa: PLC0415 - Dask is an optional extra

    dask.config.set({"distributed.worker.profile.enabled": False})


def _import() -> Any:
    try:
        import distributed  # noqa: PLC0415 - Dask is an optional extra
    except ImportError as error:
        raise UsageError(f"--scheduler needs Dask: {INSTALL}") from error
    return distributed


def _connect(distributed: Any, address: str) -> Client:
    try:
        client: Client = distributed.Client(address, timeout=f"{CONNECT_SECONDS}s")
    except (OSError, TimeoutError, ValueError) as error:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    return client
