"""Stored repository results come back exactly as they were, and damage is detected."""

from __future__ import annotations

import pytest

from codevitals.fleet import codec
from codevitals.model import HealthTotals, Notice
from codevitals.model.deps import DependencyTotals
from codevitals.model.fleet import HistoryBrief, Pin, RepositoryHotspot, RepositoryResult

RESULT = RepositoryResult(
    name="api",
    location="https://example.com/org/api.git",
    commit="a" * 40,
    as_of=1_700_000_000,
    production=HealthTotals(files=3, lines=90, code_lines=80, weighted_health=640.0, warning=1),
    tests=HealthTotals(),
    hotspots=(RepositoryHotspot("app/core.py", 123.5, 7, 2, 6.5, 40),),
    hotspot_risk=123.5,
    knowledge=HistoryBrief(12, 3, 1, 1, ("Ada",), 3),
    dependencies=DependencyTotals(dependencies=2, vulnerable=1, libyear=1.5),
    pins=(Pin("requests", "2.19.0", "requirements.txt", ("PYSEC-2018-28",), "high", "2.20.0"),),
    notices=(Notice("app/x.py", "syntax-error", "does not parse", 3),),
    notice_count=4,
    partial=True,
)


def test_a_result_survives_encoding() -> None:
    assert codec.decode(codec.encode(RESULT)) == RESULT


@pytest.mark.parametrize("record", [b"", b"{}", b"[1, 2]", b'{"name": 3}', b"\xff"])
def test_a_damaged_record_is_rejected(record: bytes) -> None:
    with pytest.raises(ValueError, match="malformed"):
        codec.decode(record)
