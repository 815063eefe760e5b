"""How worker processes start and end: apart from the current directory, tied to their parent.

The pools of this package (`pools`, `pinned`, `background`) and the fleet's Dask cluster
start their workers by these rules.

- **No import from the current directory.** A child started by spawn or forkserver (the
  fleet's local processes, a Dask LocalCluster's workers, multiprocessing's resource tracker)
  runs `python -c …`, and `-c` puts the current directory first on `sys.path` before the
  child imports `multiprocessing` itself: a folder `multiprocessing/` where the command runs
  would execute in every worker. `PYTHONSAFEPATH` (Python 3.11) tells those interpreters not
  to. Spawn then gives the child the parent's `sys.path`, whose first entry under
  `python -m codevitals` is the current directory; it is dropped from the parent's path
  before any worker starts (codevitals itself is loaded by then and finds its modules through
  its package). A forked child inherits that path too, and imports lazily from it.
- **Workers die with their parent.** A pool's workers wait on pipes they hold both ends of:
  when the parent is killed (`kill -9`, the OOM killer) nothing tells them, and they would
  wait forever. On Linux each worker asks the kernel for SIGKILL when its parent dies. (A
  LocalCluster's workers need nothing: Dask ends each when its pipe to the parent closes.)
- **No more workers than CPUs.** Analysis is CPU-bound Python: more processes than CPUs
  only add memory and switching.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path

_PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal this process receives when its parent thread ends."""


def cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers(jobs: int) -> int:
    """The number of worker processes for `jobs` (0: one per CPU), never more than the CPUs."""
    return min(jobs, cpus()) if jobs > 0 else cpus()


@functools.cache  # once: a second call would drop an entry the user put first on purpose
def isolate() -> None:
    """Keep worker processes started from now on from importing the current directory's code."""
    os.environ["PYTHONSAFEPATH"] = "1"
    if sys.flags.safe_path or not sys.path:
        return
    try:
        here = str(Path.cwd())
    except OSError:
        here = ""  # the current directory was removed: nothing there to import
    if sys.path[0] in ("", here):
        del sys.path[0]


def die_with_parent(parent: int) -> None:
    """In a new worker: be killed when `parent`, the process that started it, dies.

    Call it first thing in the worker, with the parent's pid as the parent saw it.
    """
    if sys.platform == "linux":
        # Imported only here, in a new worker: a scan that starts none need not load ctypes.
        import ctypes  # noqa: PLC0415

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl (an unusual libc): the check below still catches a dead parent
    # The parent may have died before the request above: then this process was already
    # handed to another parent and no signal will come.
    if os.getppid() != parent:
        os._exit(1)
