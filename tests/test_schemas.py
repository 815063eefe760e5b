"""The shipped JSON Schemas validate offline with plain `jsonschema`: each `$id` names its file."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from tests.conftest import Repo, run_cli
from tests.gold import GOLD
from tests.sample import build
from tests.schemas import SCHEMAS

NAMES = sorted(path.name for path in SCHEMAS.glob("*.schema.json"))


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


@pytest.mark.parametrize("name", NAMES)
def test_each_id_names_its_own_file_and_refs_name_sibling_files(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    assert re.fullmatch(r"https://\S+/" + re.escape(name), schema["$id"])
    jsonschema.Draft202012Validator.check_schema(schema)
    for ref in _refs(schema):
        target = ref.split("#", 1)[0]
        assert not target or (SCHEMAS / target).is_file(), f"{name}: {ref} names no file"


def _from_folder(uri: str) -> Resource[Any]:
    """What a user writes to resolve references from the schema folder: the URI's file name."""
    path = SCHEMAS / uri.rsplit("/", 1)[-1]
    if not path.is_file():
        raise NoSuchResource(uri)
    return Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))


def test_a_scan_validates_with_references_resolved_from_the_files(repo: Repo) -> None:
    build(repo)
    result = run_cli("scan", str(repo.root), "--format", "json", "--offline")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["dependencies"] is not None  # the reference into deps.schema.json is used
    schema = json.loads((SCHEMAS / "scan.schema.json").read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry(retrieve=_from_folder)  # type: ignore[call-arg]
    jsonschema.Draft202012Validator(schema, registry=registry).validate(document)
    document["dependencies"]["totals"] = "broken"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema, registry=registry).validate(document)


GOLD_SCHEMAS = {
    "sample.json": "scan.schema.json",
    "history.json": "scan.schema.json#/properties/history",
    "sample.plan.json": "plan.schema.json",
    "sample.gate.json": "gate.schema.json",
    "deps.json": "deps.schema.json",
    "fleet.json": "fleet.schema.json",
    "trend.json": "trend.schema.json",
    "validate.json": "validate.schema.json",
}
"""Each golden JSON document and the schema (or the part of one) that describes it."""
NOT_OURS = {
    "sample.sarif.json": "SARIF 2.1.0: OASIS publishes its schema",
    "sample.gate.sarif.json": "SARIF 2.1.0: OASIS publishes its schema",
    "deps.sarif.json": "SARIF 2.1.0: OASIS publishes its schema",
    "deps.cyclonedx.json": "CycloneDX 1.6: OWASP publishes its schema",
    "sample.html-data.json": "the HTML page's packed data, read only by the page's own script",
    "languages.json": "the catalog of `codevitals languages`, no versioned document",
}
"""Golden JSON files no schema of ours describes, and why."""
_PLACEHOLDERS = {'"<sha>"': '"' + "0" * 40 + '"'}
"""What `tests/gold.py` scrubbed, put back as values of the right shape."""


def _gold_document(name: str) -> Any:
    text = (GOLD / name).read_text(encoding="utf-8")
    for placeholder, value in _PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    return json.loads(text)


def test_every_golden_json_file_is_described_or_said_not_to_be() -> None:
    golden = {path.name for path in GOLD.glob("*.json")}
    assert golden == set(GOLD_SCHEMAS) | set(NOT_OURS)
    assert not set(GOLD_SCHEMAS) & set(NOT_OURS)


def test_every_schema_describes_a_golden_file() -> None:
    used = {target.partition("#")[0] for target in GOLD_SCHEMAS.values()}
    assert used == set(NAMES)


@pytest.mark.parametrize(("gold", "target"), sorted(GOLD_SCHEMAS.items()))
def test_plain_jsonschema_validates_each_golden_document_offline(gold: str, target: str) -> None:
    # Only the schema's file name and a registry that reads the schema folder: the `$id`s and
    # `$ref`s resolve to file names, so no reference goes to the network.
    name, _, pointer = target.partition("#")
    base = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))["$id"]
    schema = {"$ref": f"{base}#{pointer}"} if pointer else {"$ref": base}
    registry: Registry[Any] = Registry(retrieve=_from_folder)  # type: ignore[call-arg]
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_gold_document(gold))
    ]
    assert errors == []


def test_a_golden_document_broken_fails_its_schema() -> None:
    document = _gold_document("sample.gate.json")
    document["problems"] = [{"check": "health"}]
    schema = json.loads((SCHEMAS / "gate.schema.json").read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry(retrieve=_from_folder)  # type: ignore[call-arg]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema, registry=registry).validate(document)
