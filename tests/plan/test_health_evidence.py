"""The plan counts health as risk only where the repository's own backtest showed it predicts.

`codevitals validate` records what health added to a model of size and history; a later scan
of the same repository reads it back. Fixes landing in small unhealthy files make health
predict (it then weighs each file's risk); fixes landing in big healthy files do not, and
without a backtest health is no risk at all.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from codevitals.cache import Cache
from codevitals.history import HistoryOptions
from codevitals.history.since import parse
from codevitals.model import ScanResult
from codevitals.model.plan import HealthEvidence, Kind
from codevitals.plan import evidence
from codevitals.plan.refactoring import JUDGEMENT
from codevitals.plan.risk import MEASURED, NOT_SHOWN, NOT_VALIDATED, risk
from codevitals.scan import ScanOptions, scan
from codevitals.validate.replay import validate
from tests.conftest import Repo
from tests.validate.test_ablation_history import OPTIONS, build

PREDICTS = HealthEvidence("abc", auc=0.05, low=0.01, high=0.09, log_odds=0.3)


def test_evidence_is_kept_per_repository(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    try:
        assert evidence.recall(cache, tmp_path / "a") is None
        evidence.record(cache, tmp_path / "a", PREDICTS)
        assert evidence.recall(cache, tmp_path / "a") == PREDICTS
        assert evidence.recall(cache, tmp_path / "b") is None
    finally:
        cache.close()


def test_a_damaged_record_is_no_evidence(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    try:
        evidence.record(cache, tmp_path, PREDICTS)
        key = next(iter(cache.get_many([evidence._key(tmp_path)])))
        cache.put_many([(key, b"{not json")])
        assert evidence.recall(cache, tmp_path) is None
    finally:
        cache.close()


def test_only_an_interval_above_zero_predicts() -> None:
    assert PREDICTS.predicts
    assert not dataclasses.replace(PREDICTS, low=-0.01).predicts
    assert not dataclasses.replace(PREDICTS, low=None).predicts
    assert not dataclasses.replace(PREDICTS, log_odds=-0.1).predicts


def plan_after_backtest(tmp_path: Path, fixed: str, *, backtest: bool = True) -> ScanResult:
    repo = build(Repo(tmp_path / "repo").init(), fixed)
    if backtest:
        validate(repo.root, OPTIONS)
    return scan(repo.root, ScanOptions(jobs=1, findings=None, dependencies=None))


@pytest.mark.parametrize(("fixed", "backtest", "expected"), [
    ("knot", True, MEASURED),
    ("big", True, NOT_SHOWN),
    ("knot", False, NOT_VALIDATED),
])  # fmt: skip
def test_the_plan_says_whether_health_is_risk(
    tmp_path: Path, fixed: str, backtest: bool, expected: str
) -> None:
    result = plan_after_backtest(tmp_path, fixed, backtest=backtest)
    assert result.plan is not None
    assert result.plan.settings["health-risk"] == expected


def test_measured_health_weighs_each_files_risk(tmp_path: Path) -> None:
    repo = build(Repo(tmp_path / "repo").init(), "knot")
    # Every commit counts: the history ended in 2024, before any 12 months back from today.
    history = HistoryOptions(since=parse("all"))
    options = ScanOptions(jobs=1, findings=None, dependencies=None, history=history)
    before = scan(repo.root, options)
    validate(repo.root, OPTIONS)
    after = scan(repo.root, options)
    assert before.plan is not None
    assert after.plan is not None
    cache = Cache(tmp_path / "cache")
    try:
        kept = evidence.recall(cache, repo.root)
    finally:
        cache.close()
    assert kept is not None
    assert kept.predicts
    # Each file's risk is weighted by the odds its debt brings (none for no debt).
    weighed, plain = risk(after, kept), risk(before)
    health = {f.file.path: f.health for f in after.files}
    assert health["knot0.py"] < health["big0.py"]
    for path in ("knot0.py", "big0.py", "leaf0.py"):
        odds = math.exp(kept.log_odds * (10 - health[path]))
        assert weighed.scores[path] == pytest.approx(plain.scores[path] * odds)
    assert weighed.scores["knot0.py"] > plain.scores["knot0.py"] > 0


def test_refactoring_items_say_whether_health_is_measured(tmp_path: Path) -> None:
    repo = build(Repo(tmp_path / "repo").init(), "knot")
    options = ScanOptions(
        jobs=1, findings=None, dependencies=None, history=HistoryOptions(since=parse("all"))
    )

    def health_reasons() -> set[str]:
        result = scan(repo.root, options)
        assert result.plan is not None
        items = [i for i in result.plan.items if i.kind is Kind.REFACTOR]
        assert items
        return {r.text for i in items for r in i.reasons if r.signal == "health"}

    assert health_reasons() == {JUDGEMENT.text}
    validate(repo.root, OPTIONS)
    measured = health_reasons()
    assert JUDGEMENT.text not in measured
    assert all("(validated here, +" in text and "of its risk" in text for text in measured)
