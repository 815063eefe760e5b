"""The garbage collector's settings: how often it runs, and when it does not run at all.

codevitals builds hundreds of thousands of small acyclic objects (metrics, biomarkers, JSON
dicts) that reference counting frees; analysis makes no reference cycles (a test checks). The
cycle collector would only walk them again and again, so it runs rarely, not at all while
many revisions are scored, and never in a forked worker.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_THRESHOLD = 200_000
"""Allocations between young collections (Python's default is 700)."""


def collect_rarely() -> None:
    """For a whole command: collect cycles far less often than Python's defaults.

    With the default thresholds the collector rescans the objects a scan keeps: 30 % of a
    warm scan of a large repository. Cycles are rare here, and still collected.
    """
    gc.set_threshold(_THRESHOLD, 20, 50)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside (and the collector back as it was after).

    For work that keeps everything it makes, such as the analyses of every revision of a
    trend: each full collection would walk them all again (5 % of a trend's time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def off_in_forked_worker() -> None:
    """In a forked worker: never collect cycles, and leave what the parent made alone.

    The collector would walk what the worker keeps and what the parent made, copying every
    page it touches out of the memory shared with the parent; reference counting frees.
    """
    gc.freeze()
    gc.disable()
