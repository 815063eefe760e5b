"""A Dask worker plugin tying a LocalCluster's workers to this process.

Apart from `dask_executor` because it subclasses a Dask class: imported only once Dask is
known to be installed.
"""

from __future__ import annotations

from distributed import Worker, WorkerPlugin

from codevitals import processes


class DieWithParent(WorkerPlugin):
    """Each worker dies with the process that started the cluster, however that one ends."""

    name = "codevitals-die-with-parent"

    def __init__(self, parent: int) -> None:
        self.parent = parent

    def setup(self, worker: Worker) -> None:
        """Called by Dask in each worker as it starts, also in workers started again."""
        processes.die_with_parent(self.parent)
