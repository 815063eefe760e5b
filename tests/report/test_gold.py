"""Every output format of a sample project, compared with its golden file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

from tests.conftest import Repo, run_cli
from tests.gold import compare
from tests.sample import build

SCHEMAS = Path(__file__).parents[2] / "src" / "codevitals" / "schemas"
SCHEMA = SCHEMAS / "scan.schema.json"


def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for one of the schemas, resolving references between them by `$id`."""
    schemas = [json.loads(path.read_text()) for path in SCHEMAS.glob("*.schema.json")]
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas
    )
    schema = json.loads((SCHEMAS / name).read_text())
    return jsonschema.Draft202012Validator(schema, registry=registry)


@pytest.fixture
def sample(repo: Repo) -> Repo:
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
