"""Every output format of a sample project, compared with its golden file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codevitals.history import analysis
from tests.conftest import Repo, run_cli
from tests.gold import compare
from tests.sample import NOW, build
from tests.schemas import validator


@pytest.fixture
def sample(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setattr(analysis, "now", lambda: NOW)  # ages and windows stay put
    return build(repo)


def test_terminal_matches_gold(sample: Repo) -> None:
    result = run_cli("scan", str(sample.root))
    assert result.exit_code == 0
    compare(result.stdout, "sample.terminal.txt")


def test_json_matches_gold_and_schema(sample: Repo) -> None:
    result = run_cli("scan", str(sample.root), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    validator("scan.schema.json").validate(document)
    compare(result.stdout, "sample.json")


def test_explain_function_matches_gold(sample: Repo) -> None:
    result = run_cli("explain", str(sample.root / "shop" / "orders.py") + ":price")
    assert result.exit_code == 0, result.stderr
    compare(result.stdout, "sample.explain-price.txt")


def test_explain_file_matches_gold(sample: Repo) -> None:
    result = run_cli("explain", str(sample.root / "shop" / "invoices.py"))
    assert result.exit_code == 0, result.stderr
    compare(result.stdout, "sample.explain-invoices.txt")


@pytest.mark.parametrize(
    ("form", "name"),
    [("terminal", "sample.plan.txt"), ("json", "sample.plan.json"), ("markdown", "sample.plan.md")],
)
def test_plan_matches_gold(sample: Repo, form: str, name: str) -> None:
    sample.write("requirements.txt", "werkzeug==2.3.3\n")  # PYSEC-2023-221, fixed in 2.3.8
    sample.commit("pin werkzeug", date="2024-02-01T09:00:00")
    advisories = Path(__file__).parents[1] / "deps" / "fixtures" / "advisories"
    args = ("--offline", "--vuln-db", str(advisories), "--format", form)
    result = run_cli("plan", str(sample.root), *args)
    assert result.exit_code == 0, result.stderr
    if form == "json":
        validator("plan.schema.json").validate(json.loads(result.stdout))
    compare(result.stdout, name)
