"""Workers and their life cycle, in one place: process pools, the background child, threads.

The rest of codevitals hands work to this package and gets results back; none of it starts a
process or a thread pool itself. The analysis core (`code/`, `parse/`) offers per-file and
per-batch functions and never imports this package (a contract in `pyproject.toml`).

- `map_processes`: batches run in worker processes, results as batches finish (fork where
  available, so workers inherit what the parent loaded; spawn otherwise).
- `map_pinned`: each worker owns a share of the work and runs it in order (fork only).
- `background`: one function run in a forked child while this process goes on.
- `spawn_pool`: a process pool of spawned workers (the fleet's local processes).
- `threads`: a thread pool, for work that waits on git or the network.
- `collector`: the garbage collector's settings around all of this.

Every worker process starts the way `processes` says: nothing imported from the current
directory, killed when its parent dies, never more than the CPUs. The submodules are imported
when first used: a warm scan starts no worker and need not import `multiprocessing`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    from codevitals.workers.child import Background

B = TypeVar("B")
R = TypeVar("R")
T = TypeVar("T")


def can_fork() -> bool:
    """Whether this platform starts processes by fork (not on Windows, nor macOS by default)."""
    from codevitals.workers import pools  # noqa: PLC0415 - see the module's docstring

    return pools.can_fork()


def map_processes(
    work: Callable[[B], R],
    batches: Sequence[B],
    jobs: int,
    *,
    failed: Callable[[B], R],
    before_fork: Callable[[], object] | None = None,
) -> Iterator[R]:
    """`work(batch)` for every batch in at most `jobs` worker processes, as each finishes.

    A batch whose worker died gives `failed(batch)`. `before_fork` runs first when workers
    are forked: what it loads, each worker inherits. `work` must be picklable.
    """
    from codevitals.workers import pools  # noqa: PLC0415

    return pools.map_processes(work, batches, jobs, failed=failed, before_fork=before_fork)


def map_pinned(
    work: Callable[[Sequence[T]], R],
    shares: Sequence[Sequence[T]],
    *,
    batch_size: int,
    failed: Callable[[Sequence[T]], R],
) -> Iterator[R]:
    """Each share in a forked worker of its own, `work` on batches of it in order.

    Results come as batches finish; the unfinished batches of a worker that died give
    `failed(batch)`. Only where `can_fork()`.
    """
    from codevitals.workers import sharded  # noqa: PLC0415

    return sharded.map_pinned(work, shares, batch_size=batch_size, failed=failed)


def background(function: Callable[[], T]) -> Background[T]:
    """`function()`, computed in a forked child from now on (or here, when asked, if not)."""
    from codevitals.workers.child import Background  # noqa: PLC0415

    return Background(function)


def spawn_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of `jobs` spawned worker processes (not forked: the caller runs threads)."""
    from codevitals.workers import pools  # noqa: PLC0415

    return pools.spawn_pool(jobs)


def threads(count: int, name: str = "codevitals") -> ThreadPoolExecutor:
    """A pool of `count` threads whose names begin with `name`."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    return ThreadPoolExecutor(count, thread_name_prefix=name)
