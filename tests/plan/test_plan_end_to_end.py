"""The plan of a repository with known hotspots, a vulnerable pin, a security smell and an
island: order, reasons and points, each derived by hand from the scan's own figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codevitals.history import analysis
from codevitals.history.fixmodel import MODEL
from tests.conftest import Repo, run_cli
from tests.history.helpers import ADA, BEA, CY, NOW, days_ago
from tests.schemas import validator

ADVISORIES = Path(__file__).parents[1] / "deps" / "fixtures" / "advisories"
HOT = """\
def tangle(a, b, c, d, e, f):
    if a and b or c and d:
        return e
    return {}
"""
SOLO = """\
def knot(a, b, c, d, e):
    return a + b + c + d + {}
"""
DEPLOY = """\
import subprocess


def deploy(command):
    return subprocess.call(command, shell=True)
"""


@pytest.fixture
def project(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """hot.py changed four times by two authors; solo.py twice by Cy alone; one old pin."""
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    repo.write("app/hot.py", HOT.format(0))
    repo.write("app/deploy.py", DEPLOY)
    repo.write("requirements.txt", "werkzeug==2.3.3\n")
    repo.commit("start", date=days_ago(60), author=ADA)
    for day, author in ((50, BEA), (40, ADA), (30, BEA)):
        repo.write("app/hot.py", HOT.format(day))
        repo.commit("tweak", date=days_ago(day), author=author)
    for day in (20, 10):
        repo.write("app/solo.py", SOLO.format(day))
        repo.commit("knot", date=days_ago(day), author=CY)
    return repo


def _plan(repo: Repo, *args: str) -> dict[str, Any]:
    result = run_cli(
        "plan", str(repo.root), "-q", "--format", "json", "--half-life", "0",
        "--offline", "--vuln-db", str(ADVISORIES), *args,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    validator("plan.schema.json").validate(document)
    return document


def _scan(repo: Repo) -> dict[str, Any]:
    result = run_cli("scan", str(repo.root), "-q", "--format", "json", "--half-life", "0",
                     "--no-deps")  # fmt: skip
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _risk_points(scan: dict[str, Any]) -> dict[str, float]:
    """100 × each production hotspot's share of the summed scores.

    Each score is recomputed from the hotspot's own figures: the JSON rounds scores to 2
    decimals, and a share of rounded scores can be off by more than the plan's rounding.
    """
    spots = {
        h["path"]: MODEL.score(h["code_lines"], h["changes"], h["prior_fixes"])
        for h in scan["history"]["hotspots"]
    }
    total = sum(spots.values())
    return {path: 100 * score / total for path, score in spots.items()}


def test_order_reasons_and_points(project: Repo) -> None:
    plan = _plan(project)["plan"]
    scan = _scan(project)
    risk = _risk_points(scan)
    # Every production file changed, so each is a hotspot (change in healthy code counts
    # too): hot.py (4 changes), solo.py (2), deploy.py (1, healthy).
    assert set(risk) == {"app/hot.py", "app/solo.py", "app/deploy.py"}
    expected = {
        # Every biomarker of each file sits in its one function: the item is placed at the
        # file's whole risk (health does not cut it; it says what to fix).
        ("refactor", "app/hot.py", "tangle"): risk["app/hot.py"],
        ("refactor", "app/solo.py", "knot"): risk["app/solo.py"],
        ("upgrade", "requirements.txt", None): 25.0,  # PYSEC-2023-221 is rated high
        ("security", "app/deploy.py", "deploy"): 5.0,  # S602 is bandit's high B602
        # Cy wrote all of solo.py while Ada and Bea are active: an island, 0.15 of its risk;
        # Ada wrote all of deploy.py: another, with nothing to refactor.
        ("knowledge", "app/solo.py", None): 0.15 * risk["app/solo.py"],
        ("knowledge", "app/deploy.py", None): 0.15 * risk["app/deploy.py"],
    }
    got = {
        (i["kind"], i["target"]["path"], i["target"]["function"]): i["benefit"]
        for i in plan["items"]
    }
    # Points are rounded to 2 decimals in the plan and here: a hundredth apart at most.
    assert got == pytest.approx({key: round(value, 2) for key, value in expected.items()}, abs=0.02)
    ranked = sorted(expected, key=lambda key: -expected[key])
    assert [(i["kind"], i["target"]["path"], i["target"]["function"]) for i in plan["items"]] == (
        ranked
    )
    assert [item["rank"] for item in plan["items"]] == [1, 2, 3, 4, 5, 6]


def test_each_item_says_why(project: Repo) -> None:
    items = {str(i["action"]): i for i in _plan(project)["plan"]["items"]}
    tangle = items["name the conditions in `tangle`"]
    texts = [r["text"] for r in tangle["reasons"]]
    assert texts[-2] == "changed 4 times in 12 months by 2 authors"
    assert texts[-1] == "health: what to fix and why change costs (judgement, unmeasured)"
    signals = {r["signal"] for r in tangle["reasons"]}
    assert signals == {"biomarker:CV105", "biomarker:CV107", "change", "health"}
    assert tangle["effort"] == "small"
    werkzeug = items["upgrade `werkzeug` 2.3.3 → 2.3.8"]
    assert werkzeug["target"] == {
        "path": "requirements.txt", "function": None, "line": 1, "package": "werkzeug"
    }  # fmt: skip
    assert werkzeug["reasons"][0]["text"].startswith("PYSEC-2023-221 (CVE-2023-46136): high")
    assert werkzeug["effort"] == "small"  # within the same major version
    island = items["pair with Cy on `app/solo.py` before the knowledge is lost"]
    assert island["reasons"][0]["text"] == "Cy wrote 100% of its lines: a knowledge island"
    deploy = items["fix 1 security finding in `deploy`"]
    assert deploy["reasons"][0]["signal"] == "finding:S602"


def test_same_inputs_same_plan(project: Repo) -> None:
    assert _plan(project) == _plan(project)


def test_budget_keeps_what_fits_in_rank_order(project: Repo) -> None:
    whole = _plan(project)["plan"]["items"]
    fitted = _plan(project, "--budget", "1")["plan"]
    # Small items take half a day: the first two small ones fit in one day.
    small = [i["action"] for i in whole if i["effort"] == "small"][:2]
    assert [i["action"] for i in fitted["items"]] == small
    assert fitted["days"] == 1.0
    assert fitted["over_budget"] == len(whole) - 2


def test_weights_and_item_count_are_configurable(project: Repo) -> None:
    project.write(".codevitals.toml", 'plan-weight = {"vulnerability-high" = 500}\n')
    plan = _plan(project, "--top", "2")["plan"]
    assert plan["items"][0]["kind"] == "upgrade"
    assert plan["items"][0]["benefit"] == 500.0
    assert len(plan["items"]) == 2
    assert plan["candidates"] == 6


def test_an_unknown_weight_is_a_usage_error(project: Repo) -> None:
    result = run_cli("plan", str(project.root), "-q", "--plan-weight", "charm=3")
    assert result.exit_code == 2
    assert "unknown plan weight 'charm'" in result.stderr


def test_without_history_debt_and_size_rank_the_code(project: Repo) -> None:
    plan = _plan(project, "--no-history")["plan"]
    assert plan["basis"] == "debt-and-size"
    kinds = [i["kind"] for i in plan["items"]]
    assert "knowledge" not in kinds
    assert {i["target"]["path"] for i in plan["items"] if i["kind"] == "refactor"} == {
        "app/hot.py", "app/solo.py"
    }  # fmt: skip


def test_a_function_is_listed_once_with_all_its_reasons(project: Repo) -> None:
    shell = HOT.format(1).replace("return e", "return os.system(e)")
    project.write("app/hot.py", "import os\n\n\n" + shell)
    project.commit("shell out", date=days_ago(5), author=ADA)
    items = [i for i in _plan(project)["plan"]["items"] if i["target"]["function"] == "tangle"]
    assert len(items) == 1
    (tangle,) = items
    assert tangle["kinds"] == ["refactor", "security"]
    signals = [r["signal"] for r in tangle["reasons"]]
    assert "finding:S605" in signals
    assert {"biomarker:CV105", "biomarker:CV107"} <= set(signals)
    assert tangle["benefit"] == pytest.approx(sum(r["points"] for r in tangle["reasons"]), abs=0.02)


def test_a_file_item_names_the_function_of_each_biomarker(project: Repo) -> None:
    two = (
        "def tie(a, b, c, d, e, f):\n    return a\n\n\ndef knot(a, b, c, d, e, f):\n    return b\n"
    )
    project.write("app/two.py", two)
    project.commit("two knots", date=days_ago(5), author=ADA)
    # Without history every file is one item: nothing splits it into its functions.
    items = _plan(project, "--no-history")["plan"]["items"]
    (item,) = [i for i in items if i["target"]["path"] == "app/two.py"]
    assert item["target"]["function"] is None
    texts = {r["text"] for r in item["reasons"] if r["signal"] == "biomarker:CV107"}
    assert texts == {"6 arguments in tie", "6 arguments in knot"}
