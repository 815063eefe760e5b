"""Security items: a smell in example code weighs a share; a secret weighs in full anywhere."""

from __future__ import annotations

import pytest

from codevitals.model import HealthTotals, ScanResult, Severity, Summary
from codevitals.model.findings import Conformance, FileFindings, Finding, Findings
from codevitals.plan.options import PlanOptions
from codevitals.plan.security import security

OPTIONS = PlanOptions.build()
SMELL = Finding("S324", "hashlib-insecure-hash-function", "md5", "", 5, 1, 5, 9,
                Severity.CRITICAL, "fp:1")  # fmt: skip
SECRET = Finding("CVS101", "aws-access-key-id", "AKIA…", "", 9, 1, 9, 21, Severity.CRITICAL, "fp:2")


def points_of(path: str, *found: Finding) -> list[tuple[str, float]]:
    files = (FileFindings(path, Conformance(10, 1), found),)
    findings = Findings(("security",), ("S",), "0", files)
    summary = Summary(HealthTotals(), HealthTotals())
    result = ScanResult("repo", "0", (), summary, findings=findings)
    return [(c.action.verb, sum(r.points for r in c.reasons)) for c in security(result, OPTIONS)]


def test_a_smell_in_the_product_weighs_in_full() -> None:
    assert points_of("app/cache.py", SMELL) == [("fix 1 security finding in", 5.0)]


def test_a_smell_in_an_example_weighs_a_quarter() -> None:
    [(_, points)] = points_of("examples/caching/environment.py", SMELL)
    assert points == pytest.approx(5.0 * 0.25)


def test_a_secret_in_an_example_weighs_in_full() -> None:
    assert points_of("docs/conf.py", SECRET) == [("revoke and remove the secret in", 30.0)]
