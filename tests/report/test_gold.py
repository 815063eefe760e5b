"""Every output format of a sample project, compared with its golden file."""

from __future__ import annotations

import json

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
