"""One function run in a forked child while this process goes on with other work.

For work that mostly waits on git and parses its output (a trend reads its window's log while
the snapshots are measured): a thread would hold the interpreter lock the measuring needs, and
a child forked while a thread runs can inherit that thread's locks. So the child is forked at
once, before anything here starts a thread, and only when no other thread runs; where that is
not possible (no fork, threads running) or the child fails, the function simply runs here when
its result is asked for. Either way the result is the function's.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from codevitals.workers import processes

T = TypeVar("T")


class Background(Generic[T]):
    """`function()`, computed in a child process from now on."""

    def __init__(self, function: Callable[[], T]) -> None:
        self._function = function
        self._child: tuple[BaseProcess, Connection] | None = None
        if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
            context = multiprocessing.get_context("fork")
            receiver, sender = context.Pipe(duplex=False)
            processes.isolate()
            process = context.Process(
                target=_run, args=(function, sender, os.getpid()), daemon=True
            )
            process.start()
            sender.close()
            self._child = (process, receiver)

    def result(self) -> T:
        """The function's result: the child's, or computed here if the child had none."""
        if self._child is None:
            return self._function()
        process, receiver = self._child
        self._child = None
        try:
            succeeded, value = receiver.recv()
        except (EOFError, OSError):
            succeeded, value = False, None  # the child died
        finally:
            receiver.close()
            process.join()
        return value if succeeded else self._function()


def _run(function: Callable[[], Any], sender: Connection, parent: int) -> None:
    processes.die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        sender.send((True, function()))
    except Exception:
        sender.send((False, None))
