"""Each biomarker fires exactly at its threshold, costs what the model says, and is documented."""

from __future__ import annotations

import pytest

from codevitals.code.biomarkers import RULES, FileSubject, Region, Rule, lookup
from codevitals.code.biomarkers.base import MAX_INTENSITY
from codevitals.errors import ConfigError
from codevitals.model import (
    Bump,
    ClassMetrics,
    Condition,
    FileMetrics,
    FunctionMetrics,
    Severity,
)

LIMITS = {rule.name: rule.threshold for rule in RULES}


def function(**values: object) -> FunctionMetrics:
    fields: dict[str, object] = {
        "name": "f", "qualified_name": "f", "line": 1, "end_line": 10, "lines": 10,
        "code_lines": 10, "cyclomatic": 1, "cognitive": 0, "nesting": 0, "arguments": 0,
    }  # fmt: skip
    fields.update(values)
    return FunctionMetrics(**fields)  # type: ignore[arg-type]


def fired(rule: Rule, subject: object) -> list[float]:
    readings = rule.detect(subject, rule.threshold, LIMITS)  # type: ignore[arg-type]
    return [reading.value for reading in readings]


@pytest.mark.parametrize(
    ("name", "field", "below", "at"),
    [
        ("complex-method", "cyclomatic", 8, 9),
        ("cognitive-complexity", "cognitive", 14, 15),
        ("deep-nesting", "nesting", 3, 4),
        ("large-method", "code_lines", 70, 71),
        ("excess-arguments", "arguments", 4, 5),
    ],
)
def test_function_rule_fires_from_its_threshold(name: str, field: str, below: int, at: int) -> None:
    rule = lookup(name)
    assert fired(rule, function(**{field: below})) == []
    assert fired(rule, function(**{field: at})) == [at]


def test_bumpy_road_counts_bumps() -> None:
    rule = lookup("bumpy-road")
    assert fired(rule, function(bumps=(Bump(3, 2),))) == []
    assert fired(rule, function(bumps=(Bump(3, 2), Bump(9, 3)))) == [2]


def test_complex_conditional_fires_per_condition() -> None:
    rule = lookup("complex-conditional")
    conditions = (Condition(2, 1), Condition(4, 2), Condition(8, 5))
    assert fired(rule, function(conditions=conditions)) == [2, 5]


def test_brain_method_needs_size_complexity_and_nesting_together() -> None:
    rule = lookup("brain-method")
    big = {"code_lines": 120, "cyclomatic": 20, "nesting": 5}
    assert fired(rule, function(**big)) == [120]
    for spoil in ({"code_lines": 70}, {"cyclomatic": 8}, {"nesting": 3}):
        assert fired(rule, function(**{**big, **spoil})) == []


def test_file_rules() -> None:
    units = tuple(function(cyclomatic=5, line=i) for i in range(1, 4))
    metrics = FileMetrics(lines=1200, code_lines=1001, functions=units)
    assert fired(lookup("large-file"), FileSubject(metrics)) == [1001]
    assert fired(lookup("overall-complexity"), FileSubject(metrics)) == [5]
    two = FileMetrics(lines=10, code_lines=10, functions=units[:2])
    assert fired(lookup("overall-complexity"), FileSubject(two)) == []  # too few functions


def test_overall_complexity_ignores_nested_functions() -> None:
    units = (function(cyclomatic=2), function(cyclomatic=2), function(cyclomatic=2),
             function(cyclomatic=30, nested=True))  # fmt: skip
    assert fired(lookup("overall-complexity"), FileSubject(FileMetrics(10, 10, units))) == []


def test_low_cohesion_counts_method_groups() -> None:
    groups = (("a", "b"), ("c",), ("d",))
    cls = ClassMetrics("K", "K", 3, 20, 4, groups)
    assert fired(lookup("low-cohesion"), FileSubject(FileMetrics(20, 20, classes=(cls,)))) == [3]
    cohesive = ClassMetrics("K", "K", 3, 20, 4, (("a", "b", "c", "d"),))
    assert (
        fired(lookup("low-cohesion"), FileSubject(FileMetrics(20, 20, classes=(cohesive,)))) == []
    )


def test_duplicated_code_fires_per_region() -> None:
    regions = (Region(1, 10, 8, "b.py:3"), Region(20, 24, 5, "c.py:1"))
    subject = FileSubject(FileMetrics(30, 30), regions)
    assert fired(lookup("duplicated-code"), subject) == [8]


def test_points_grow_with_log_of_excess_and_are_capped() -> None:
    rule = lookup("complex-method")
    assert rule.points(9, 9, 0.4) == 0.4
    assert rule.points(18, 9, 0.4) == 0.8  # twice the threshold, twice the weight
    assert rule.points(9 * 1000, 9, 0.4) == round(0.4 * MAX_INTENSITY, 2)


def test_lookup_by_code_or_name_and_suggests_on_typo() -> None:
    assert lookup("CV102") is lookup("cognitive-complexity")
    with pytest.raises(ConfigError, match="did you mean 'cognitive-complexity'"):
        lookup("cognitive-complexty")


def test_every_rule_is_documented_and_unique() -> None:
    assert len({rule.code for rule in RULES}) == len(RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert all((rule.what, rule.why, rule.example, rule.options)), rule.name
        assert rule.severity in Severity
        assert rule.weight > 0
