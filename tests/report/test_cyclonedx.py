"""CycloneDX: the dependency audit as a bill of materials, valid against the official 1.6
schema, with package URLs as the purl specification spells them; a golden file."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from codevitals.report.cyclonedx.deps import purl
from tests.conftest import Repo
from tests.deps.fake_server import FakeServer
from tests.deps.test_cli_deps import ADVISORIES, deps, fixed_date, project, scrubbed, server
from tests.gold import compare

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cyclonedx"
SCHEMAS = dict(
    re.findall(r"- `([\w.-]+\.json)`: `([0-9a-f]{64})`", (FIXTURES / "PROVENANCE.md").read_text())
)
"""Each schema file and its sha256, as PROVENANCE.md records them."""
__all__ = ["fixed_date", "project", "server"]  # the fixtures, imported for the tests below


def validate(document: dict[str, Any]) -> None:
    """Against the official CycloneDX 1.6 JSON Schema, its references resolved offline."""
    schemas = {name: json.loads((FIXTURES / name).read_text()) for name in SCHEMAS}
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    jsonschema.Draft7Validator(schemas["bom-1.6.schema.json"], registry=registry).validate(document)


def test_the_schemas_are_the_official_ones() -> None:
    assert set(SCHEMAS) == {"bom-1.6.schema.json", "spdx.schema.json", "jsf-0.82.schema.json"}
    for name, digest in SCHEMAS.items():
        assert hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize(
    ("ecosystem", "name", "version", "expected"),
    [
        ("npm", "@babel/core", "7.24.0", "pkg:npm/%40babel/core@7.24.0"),
        ("npm", "left-pad", "1.3.0", "pkg:npm/left-pad@1.3.0"),
        ("Maven", "org.yaml:snakeyaml", "1.33", "pkg:maven/org.yaml/snakeyaml@1.33"),
        ("Go", "github.com/gin-gonic/gin", "v1.9.1", "pkg:golang/github.com/gin-gonic/gin@v1.9.1"),
        ("Go", "x.io/a", "v2.0.0+incompatible", "pkg:golang/x.io/a@v2.0.0%2Bincompatible"),
        ("PyPI", "Flask_SQLAlchemy", "3.1.1", "pkg:pypi/flask-sqlalchemy@3.1.1"),
        ("crates.io", "serde", "1.0.200", "pkg:cargo/serde@1.0.200"),
        ("Packagist", "laravel/framework", "v11.0.0", "pkg:composer/laravel/framework@v11.0.0"),
        ("NuGet", "Newtonsoft.Json", "13.0.3", "pkg:nuget/Newtonsoft.Json@13.0.3"),
        ("RubyGems", "rack", "3.0.8", "pkg:gem/rack@3.0.8"),
        ("PyPI", "urllib3", None, "pkg:pypi/urllib3"),
        ("Hex", "phoenix", "1.7.0", "pkg:generic/phoenix@1.7.0"),
    ],
)  # fmt: skip
def test_package_urls(ecosystem: str, name: str, version: str | None, expected: str) -> None:
    assert purl(ecosystem, name, version) == expected


def test_the_bom_is_valid_complete_and_matches_gold(project: Repo, server: FakeServer) -> None:
    args = ("--vuln-db", str(ADVISORIES), "-q")
    result = deps(project, server, *args, "-f", "cyclonedx",
                  "--ignore-vuln", "CVE-2023-46136=dev server only")  # fmt: skip
    assert result.exit_code == 1  # requests is still vulnerable, whatever the format
    document = json.loads(result.stdout)
    validate(document)
    totals = json.loads(deps(project, server, *args, "-f", "json").stdout)["totals"]
    components = document["components"]
    assert len(components) == totals["dependencies"]  # each package in use once
    assert len({c["bom-ref"] for c in components}) == len(components)
    marked = {"name": "codevitals:vulnerabilities", "value": "unknown"}
    unknown = [c for c in components if marked in c["properties"]]
    assert len(unknown) == totals["unchecked"]  # never an empty, clean-looking entry
    by_id = {v["id"]: v for v in document["vulnerabilities"]}
    assert set(by_id) == {"PYSEC-2023-221", "PYSEC-2018-28", "PYSEC-2023-74"}
    assert by_id["PYSEC-2023-221"]["analysis"] == {
        "response": ["will_not_fix"], "detail": "--ignore-vuln: dev server only"
    }  # fmt: skip
    assert by_id["PYSEC-2023-74"]["affects"] == [{"ref": "pkg:pypi/requests@2.19.1"}]
    assert by_id["PYSEC-2023-74"]["recommendation"] == "Upgrade requests to 2.31.0."
    text = re.sub(r"urn:uuid:[0-9a-f-]{36}", "urn:uuid:<uuid>", scrubbed(result.stdout, server))
    compare(text, "deps.cyclonedx.json")


def test_the_same_audit_gives_the_same_bom(project: Repo, server: FakeServer) -> None:
    args = ("--vuln-db", str(ADVISORIES), "-q", "-f", "cyclonedx")
    assert deps(project, server, *args).stdout == deps(project, server, *args).stdout
