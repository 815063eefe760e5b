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

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from codevitals.workers.child import Background
    from codevitals.workers.pools import can_fork, map_processes, spawn_pool
    from codevitals.workers.sharded import map_pinned

__all__ = ["background", "can_fork", "map_pinned", "map_processes", "spawn_pool", "threads"]

T = TypeVar("T")

_LAZY = {
    "can_fork": "pools",
    "map_processes": "pools",
    "spawn_pool": "pools",
    "map_pinned": "sharded",
}
"""The submodule each name comes from, imported on first use (see above)."""


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value  # asked once
    return value


def background(function: Callable[[], T]) -> Background[T]:
    """`function()`, computed in a forked child from now on (or here, when asked, if not)."""
    from codevitals.workers.child import Background  # noqa: PLC0415

    return Background(function)


def threads(count: int, name: str = "codevitals") -> ThreadPoolExecutor:
    """A pool of `count` threads whose names begin with `name`."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    return ThreadPoolExecutor(count, thread_name_prefix=name)
