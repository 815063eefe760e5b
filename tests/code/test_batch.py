"""Analysing many files: in-process for a few, in workers for many, the same results."""

from __future__ import annotations

from pathlib import Path

from codevitals.code import analyze
from codevitals.code.batch import analyse_all

SOURCE = b"def f(x):\n    if x:\n        return 1\n    return 2\n"


def test_bytes_given_are_analysed_without_reading_a_file() -> None:
    outcomes = list(analyse_all([("blob", "/nonexistent", SOURCE)], max_size=1000))
    assert len(outcomes) == 1
    name, record, _, _ = outcomes[0]
    assert name == "blob"
    assert record is not None
    metrics = analyze.decode(record).metrics
    assert metrics is not None
    assert [(f.name, f.cyclomatic) for f in metrics.functions] == [("f", 2)]


def test_many_tasks_in_workers_match_the_inline_results(tmp_path: Path) -> None:
    tasks = [(f"t{i}", "", SOURCE + b"\n" * i) for i in range(40)]
    pooled = {name: record for name, record, _, _ in analyse_all(tasks, 10_000, jobs=2)}
    inline = {name: record for name, record, _, _ in analyse_all(tasks, 10_000, jobs=1)}
    assert pooled == inline
    assert len(pooled) == 40


def test_unreadable_file_is_an_outcome_not_an_exception(tmp_path: Path) -> None:
    outcomes = list(analyse_all([("gone", str(tmp_path / "gone.py"), None)], max_size=1000))
    assert outcomes[0][1] is None
    assert outcomes[0][2] == "unreadable"
