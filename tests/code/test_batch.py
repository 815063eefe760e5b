"""Analysing many files: in-process for a few, in workers for many, the same results."""

from __future__ import annotations

from pathlib import Path

import pytest

from codevitals.code import analyse
from codevitals.measure import analyse_all
from codevitals.parse import registry
from codevitals.parse.go import GO

SOURCE = b"def f(x):\n    if x:\n        return 1\n    return 2\n"


def test_bytes_given_are_analysed_without_reading_a_file() -> None:
    outcomes = list(analyse_all([("blob", "/nonexistent", SOURCE)], max_size=1000))
    assert len(outcomes) == 1
    name, record, _, _ = outcomes[0]
    assert name == "blob"
    assert record is not None
    metrics = analyse.decode(record).metrics
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


def test_the_languages_queries_are_compiled_before_workers_are_forked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Forked workers inherit what the parent compiled; else each compiles its own (Swift's
    # query costs a quarter of a second of CPU per worker).
    monkeypatch.setattr(GO, "_query", None)
    monkeypatch.setattr(GO, "_parser", None)
    source = tmp_path / "main.go"
    source.write_bytes(
        b"package main\n\nfunc f(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n\treturn 2\n}\n"
    )
    tasks = [(f"t{i}.go", str(source), None) for i in range(20)]
    outcomes = list(analyse_all(tasks, 10_000, jobs=2))
    assert all(record is not None for _, record, _, _ in outcomes)
    assert GO._query is not None


def test_front_ends_for_paths_are_those_of_their_suffixes() -> None:
    fronts = registry.for_paths(["src/a.go", "b.h", "c.GO", "README", "x/y.unknown", ".go"])
    assert [front.name for front in fronts] == ["go", "c"]
