"""The health model: points per biomarker, diminishing returns per file, every point traceable."""

from __future__ import annotations

import pytest

from codevitals.code.biomarkers import Region
from codevitals.code.health import DECAY, Policy, assess, score
from codevitals.errors import ConfigError
from codevitals.model import FileMetrics, FunctionMetrics, Role, SourceFile

FILE = SourceFile("a.py", "0" * 40, "python", Role.PRODUCTION)


def function(name: str, line: int, *, nested: bool = False, **values: int) -> FunctionMetrics:
    """A function with the given metrics and harmless defaults for the rest."""
    measured = {"lines": 10, "code_lines": 10, "cyclomatic": 1, "cognitive": 0, "nesting": 0,
                "arguments": 0, **values}  # fmt: skip
    return FunctionMetrics(
        name, name, line, line + 9, measured["lines"], measured["code_lines"],
        measured["cyclomatic"], measured["cognitive"], measured["nesting"], measured["arguments"],
        nested=nested,
    )  # fmt: skip


def test_a_file_without_biomarkers_is_fully_healthy() -> None:
    result = assess(FILE, FileMetrics(20, 15, (function("f", 1),)), (), Policy.build())
    assert result.health == 10.0
    assert result.biomarkers == ()
    assert result.functions[0].health == 10.0


def test_function_health_is_ten_minus_its_points() -> None:
    metrics = FileMetrics(20, 15, (function("f", 1, cyclomatic=18, arguments=5),))
    result = assess(FILE, metrics, (), Policy.build())
    points = sorted(b.points for b in result.functions[0].biomarkers)
    # excess-arguments: 5 > 4 costs 0.2 x (1 + log2(5/4)); cyclomatic 18 is twice the threshold.
    assert points == [0.26, 0.8]
    assert result.functions[0].health == 8.94


def test_file_deficits_diminish_worst_first_and_add_up() -> None:
    worst = function("worst", 1, cyclomatic=18)  # 0.8 points
    second = function("second", 20, cyclomatic=9)  # 0.4 points
    metrics = FileMetrics(40, 30, (worst, second))
    result = assess(FILE, metrics, (), Policy.build())
    assert result.health == round(10 - (0.8 + DECAY * 0.4), 2)
    # Every point the file lost is traced to a biomarker.
    assert round(10 - sum(b.file_points for b in result.biomarkers), 2) == result.health


def test_nested_functions_are_scored_but_not_charged_to_the_file() -> None:
    outer = function("outer", 1, cyclomatic=12)
    inner = function("outer.inner", 3, nested=True, cyclomatic=11)
    result = assess(FILE, FileMetrics(20, 15, (outer, inner)), (), Policy.build())
    assert result.functions[1].health < 10
    assert {b.function for b in result.biomarkers} == {"outer"}


def test_health_never_drops_below_one() -> None:
    monsters = tuple(
        function(f"f{i}", i * 20 + 1, cyclomatic=100, cognitive=300, nesting=12, code_lines=500)
        for i in range(30)
    )
    result = assess(FILE, FileMetrics(20000, 15000, monsters), (), Policy.build())
    assert result.health == 1.0
    # Each biomarker is capped, so even the worst single function stays in the alert band.
    assert max(f.health for f in result.functions) < 4
    assert score(100) == 1.0


def test_duplicated_regions_become_file_biomarkers() -> None:
    regions = (Region(3, 12, 9, "b.py:40"),)
    result = assess(FILE, FileMetrics(30, 25), regions, Policy.build())
    [biomarker] = result.biomarkers
    assert biomarker.name == "duplicated-code"
    assert biomarker.function is None
    assert "b.py:40" in biomarker.message


def test_policy_overrides_thresholds_weights_and_ignores() -> None:
    metrics = FileMetrics(20, 15, (function("f", 1, cyclomatic=10),))
    strict = assess(FILE, metrics, (), Policy.build(thresholds={"complex-method": 5}))
    assert strict.biomarkers[0].threshold == 5
    heavy = assess(FILE, metrics, (), Policy.build(weights={"CV101": 2}))
    assert heavy.biomarkers[0].points > 2
    quiet = assess(FILE, metrics, (), Policy.build(ignore=["complex-method"]))
    assert quiet.biomarkers == ()


def test_policy_rejects_unknown_rules() -> None:
    with pytest.raises(ConfigError, match="unknown biomarker 'complex-methd'"):
        Policy.build(thresholds={"complex-methd": 3})
