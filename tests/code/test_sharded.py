"""Workers that each own a share of the files: same outcomes, every version of a file in one."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence

import pytest

from codevitals import measure, workers
from codevitals.code import analyse, incremental
from codevitals.code.batch import Outcome, Task, analyse_batch
from codevitals.measure import analyse_all, analyse_versions
from codevitals.workers import sharded

SOURCE = b"def f(x):\n    if x:\n        return %d\n    return 0\n"
VERSIONS = [
    (f"v{version}-{name}", name, SOURCE % version + b"\n\ndef g():\n    pass\n" * (version % 3))
    for name in ("a.py", "b.py", "c.py", "d.py", "e.py")
    for version in range(6)
]


def test_versions_in_workers_match_the_inline_results() -> None:
    pooled = decoded(analyse_versions(VERSIONS, 10_000, jobs=2))
    inline = decoded(analyse_all(VERSIONS, 10_000, jobs=1))
    assert pooled == inline
    assert len(pooled) == len(VERSIONS)
    assert all(analysis.metrics is not None for analysis in pooled.values())


def decoded(outcomes: Iterable[Outcome]) -> dict[str, analyse.Analysis]:
    return {name: analyse.decode(record) for name, record, _, _ in outcomes if record is not None}


def test_every_version_of_a_file_goes_to_one_worker_and_the_bytes_are_shared_evenly() -> None:
    sizes = {"big": 900, "mid": 500, "small": 400, "tiny": 10}
    tasks: list[Task] = [
        (f"{file}@{v}", file, b"x" * size) for v in range(3) for file, size in sizes.items()
    ]
    shares = measure._shares(tasks, 2)
    owners = {file: i for i, share in enumerate(shares) for _, file, _ in share}
    assert len(owners) == 4
    for i, share in enumerate(shares):
        assert all(owners[file] == i for _, file, _ in share)
        assert [name for name, _, _ in share] == [n for n, f, _ in tasks if owners[f] == i]
    loads = sorted(sum(len(data or b"") for _, _, data in share) for share in shares)
    assert loads == [2700, 2730]  # big and tiny against mid and small


def test_a_worker_that_dies_fails_its_batches_and_the_other_finishes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = incremental.analyse_encoded

    def fragile(data: bytes, *, max_size: int) -> bytes:
        if data.startswith(b"#die"):
            os._exit(1)  # a crash no exception handler sees (as a fault in a parser would)
        return real(data, max_size=max_size)

    monkeypatch.setattr(incremental, "analyse_encoded", fragile)
    monkeypatch.setattr(sharded, "_POLL_SECONDS", 0.1)
    tasks = [("doomed", "x.py", b"#die\n"), ("fine", "y.py", b"def f():\n    pass\n" * 50)]
    outcomes = {name: (record, reason) for name, record, reason, _ in pinned_outcomes(tasks)}
    assert outcomes["doomed"] == (None, "analysis-failed")
    assert outcomes["fine"][0] is not None


def pinned_outcomes(tasks: Sequence[Task]) -> list[Outcome]:
    work = functools.partial(analyse_batch, max_size=10_000, versions=True)
    shares = measure._shares(tasks, 2)
    batches = workers.map_pinned(work, shares, batch_size=8, failed=measure._died)
    return [outcome for batch in batches for outcome in batch]


def test_without_fork_versions_go_to_an_ordinary_pool_batched_by_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    monkeypatch.setattr(workers, "map_pinned", None)  # must not be reached
    pooled = decoded(analyse_versions(VERSIONS, 10_000, jobs=2))
    assert pooled == decoded(analyse_all(VERSIONS, 10_000, jobs=1))
    batches = measure._by_file(VERSIONS)
    assert all(len({file for _, file, _ in b}) == len(b) // 6 for b in batches)
