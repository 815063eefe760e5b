"""The workers package: pools give every batch's result, a dead worker fails only its own
batches, the collector comes back as it was, and no module imports itself through others."""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence

import grimp
import pytest

from codevitals import workers
from codevitals.workers import collector


def _double(batch: Sequence[int]) -> list[int]:
    if -1 in batch:
        os._exit(1)  # a crash no exception handler sees, as a fault in a parser would be
    return [2 * n for n in batch]


def _failed(batch: Sequence[int]) -> list[int]:
    return [0 for _ in batch]


def test_a_process_pool_gives_every_batchs_result() -> None:
    batches = [[n, n + 1] for n in range(0, 40, 2)]
    results = list(workers.map_processes(_double, batches, 2, failed=_failed))
    assert sorted(n for result in results for n in result) == [2 * n for n in range(40)]


def test_a_worker_that_dies_gives_the_failure_of_its_batch_not_an_exception() -> None:
    results = list(workers.map_processes(_double, [[-1], [3]], 2, failed=_failed))
    assert [0] in results
    assert len(results) == 2


@pytest.mark.skipif(not workers.can_fork(), reason="pinned workers are forked")
def test_pinned_workers_take_their_share_in_order() -> None:
    shares = [[1, 2, 3, 4, 5], [10, 20]]
    results = list(workers.map_pinned(_double, shares, batch_size=2, failed=_failed))
    first = [n for result in results for n in result if n < 20]
    assert first == [2, 4, 6, 8, 10]
    assert sorted(n for result in results for n in result) == [2, 4, 6, 8, 10, 20, 40]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_comes_back_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_no_module_imports_itself_through_others() -> None:
    # Imports only a type checker follows are left out: they run nothing.
    graph = grimp.build_graph("codevitals", exclude_type_checking_imports=True)
    cycles = [
        (module, other)
        for module in graph.modules
        for other in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=other, imported=module)
    ]
    assert cycles == []
