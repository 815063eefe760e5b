"""A function run in a forked child gives the result it would give here, whatever happens.

The forking cases run in a fresh interpreter: the test process may hold threads of its own
(Dask's, from the fleet tests), and with threads running nothing is forked, by design.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

from codevitals.workers.child import Background

CHILD_CASES = textwrap.dedent(
    """
    import os
    from codevitals.workers.child import Background

    parent = os.getpid()

    def only_here():
        if os.getpid() != parent:
            raise RuntimeError("not in the child")
        return 42

    def dies_in_child():
        if os.getpid() != parent:
            os._exit(3)
        return "here"

    print(Background(lambda: (os.getpid() != parent, [1, 2, 3])).result())
    print(Background(only_here).result())
    print(Background(dies_in_child).result())
    """
)


def test_the_child_computes_and_a_failing_or_dying_child_leaves_the_work_here() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD_CASES], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == ["(True, [1, 2, 3])", "42", "here"]
    assert done.stderr == ""  # no traceback from a child


def test_with_another_thread_running_nothing_is_forked() -> None:
    parent = os.getpid()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert Background(lambda: os.getpid() == parent).result() is True
    finally:
        stop.set()
        thread.join()
