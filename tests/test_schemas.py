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
