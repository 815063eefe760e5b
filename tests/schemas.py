"""Validating documents against the JSON Schemas the package ships, references resolved."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

SCHEMAS = Path(__file__).parents[1] / "src" / "codevitals" / "schemas"


def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for one schema, resolving references between them by `$id` (no network)."""
    schemas = [json.loads(path.read_text()) for path in SCHEMAS.glob("*.schema.json")]
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas
    )
    schema = json.loads((SCHEMAS / name).read_text())
    return jsonschema.Draft202012Validator(schema, registry=registry)
