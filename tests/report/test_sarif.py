"""SARIF: valid against the official 2.1.0 schema, with every field GitHub code scanning
requires, for a scan and for the gate; golden files for SARIF and Markdown."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import Repo, run_cli
from tests.gold import compare
from tests.sample import build, change

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sarif"
SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
LINE_HASH = re.compile(r"^[0-9a-f]{16}:[0-9]+$")


@pytest.fixture
def sample(repo: Repo) -> Repo:
    return build(repo)


def _validate(document: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)


def assert_github_ready(document: dict[str, Any]) -> None:
    """What GitHub code scanning reads from an uploaded SARIF file, field by field."""
    assert document["version"] == "2.1.0"
    assert document["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "codevitals"
    assert driver["version"]
    rules = driver["rules"]
    assert len({rule["id"] for rule in rules}) == len(rules)
    for rule in rules:
        assert rule["id"]
        assert rule["name"]
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"]
        assert rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in {"note", "warning", "error"}
        assert isinstance(rule["properties"]["tags"], list)
        if "security" in rule["properties"]["tags"]:
            assert 0 <= float(rule["properties"]["security-severity"]) <= 10
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"note", "warning", "error"}
        assert result["message"]["text"]
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert not artifact["uri"].startswith(("/", "file:")), "URIs are relative to the root"
        assert artifact["uriBaseId"] == "%SRCROOT%"
        region = location["physicalLocation"]["region"]
        assert region["startLine"] >= 1
        assert region.get("endLine", region["startLine"]) >= region["startLine"]
        assert LINE_HASH.match(result["partialFingerprints"]["primaryLocationLineHash"])


def test_the_schema_fixture_is_the_official_one() -> None:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")


def test_scan_sarif_is_valid_complete_and_matches_gold(sample: Repo) -> None:
    result = run_cli("scan", str(sample.root), "--format", "sarif")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    _validate(document)
    assert_github_ready(document)
    rule_ids = {r["ruleId"] for r in document["runs"][0]["results"]}
    assert {"CV102", "CV203"} <= rule_ids  # biomarkers (cognitive, duplicated code)
    assert {"S602", "CVS113"} <= rule_ids  # findings (security smell, secret)
    compare(result.stdout, "sample.sarif.json")


def test_biomarker_fingerprints_survive_line_shifts(sample: Repo) -> None:
    def prints() -> set[str]:
        out = run_cli("scan", str(sample.root), "--format", "sarif").stdout
        results = json.loads(out)["runs"][0]["results"]
        return {r["partialFingerprints"]["primaryLocationLineHash"] for r in results}

    before = prints()
    orders = sample.root / "shop" / "orders.py"
    orders.write_text("\n\n\n" + orders.read_text(encoding="utf-8"), encoding="utf-8")
    assert prints() == before


def test_gate_sarif_is_valid_and_marks_new_results(sample: Repo) -> None:
    change(sample)
    result = run_cli("gate", str(sample.root), "--base", "main", "--format", "sarif")
    assert result.exit_code == 1, result.stderr
    document = json.loads(result.stdout)
    _validate(document)
    assert_github_ready(document)
    results = document["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"CV102", "CVS105", "health-decline"}
    assert all(r["baselineState"] == "new" for r in results)
    compare(result.stdout, "sample.gate.sarif.json")


def test_markdown_matches_gold(sample: Repo) -> None:
    result = run_cli("scan", str(sample.root), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    compare(result.stdout, "sample.md")


def test_gate_markdown_matches_gold(sample: Repo) -> None:
    change(sample)
    result = run_cli("gate", str(sample.root), "--base", "main", "--format", "markdown")
    assert result.exit_code == 1, result.stderr
    assert "`reconcile`" in result.stdout
    compare(result.stdout, "sample.gate.md")


def test_gate_terminal_and_json_match_gold(sample: Repo) -> None:
    change(sample)
    terminal = run_cli("gate", str(sample.root), "--base", "main", "-q")
    compare(terminal.stdout, "sample.gate.terminal.txt")
    document = run_cli("gate", str(sample.root), "--base", "main", "-q", "--format", "json")
    schema = Path(__file__).parents[2] / "src" / "codevitals" / "schemas" / "gate.schema.json"
    jsonschema.Draft202012Validator(json.loads(schema.read_text())).validate(
        json.loads(document.stdout)
    )
    compare(document.stdout, "sample.gate.json")


def test_markdown_escapes_repository_strings() -> None:
    from codevitals.report.markdown.text import code, escape  # noqa: PLC0415

    assert escape("a|b<script>\n") == "a\\|b&lt;script&gt; "
    assert code("x`y") == "`x'y`"


def test_uris_are_percent_encoded_relative_references(repo: Repo) -> None:
    repo.write("my app/ünï#1.py", 'KEY = "AKIA' + 'IOSFODNN7EXAMPLE"\n')
    repo.commit()
    result = run_cli("scan", str(repo.root), "--format", "sarif")
    (finding,) = json.loads(result.stdout)["runs"][0]["results"]
    uri = finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20app/%C3%BCn%C3%AF%231.py"


def test_gate_and_scan_give_a_biomarker_the_same_fingerprint(sample: Repo) -> None:
    change(sample)
    gate = json.loads(run_cli("gate", str(sample.root), "--base", "main", "-f", "sarif").stdout)
    scan = json.loads(run_cli("scan", str(sample.root), "-f", "sarif").stdout)

    def prints(document: dict[str, Any], rule: str) -> set[str]:
        return {
            r["partialFingerprints"]["primaryLocationLineHash"]
            for r in document["runs"][0]["results"]
            if r["ruleId"] == rule
        }

    assert prints(gate, "CV102") <= prints(scan, "CV102")
    assert prints(gate, "CVS105") == prints(scan, "CVS105")


def test_a_vulnerable_pin_is_a_result_on_its_manifest_line(sample: Repo) -> None:
    advisories = Path(__file__).parents[1] / "deps" / "fixtures" / "advisories"  # PyPA, CC-BY-4.0
    requirements = "flask==3.0.0\nrequests==2.30.0  # pinned for a reason\nurllib3>=1.26\n"
    sample.write("requirements.txt", requirements)
    sample.commit("pin")
    args = ("--offline", "--vuln-db", str(advisories), "--format", "sarif", "-q")
    result = run_cli("scan", str(sample.root), *args)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    _validate(document)
    assert_github_ready(document)
    (run,) = document["runs"]
    hits = [r for r in run["results"] if r["ruleId"] == "PYSEC-2023-74"]
    assert len(hits) == 1
    region = hits[0]["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "requirements.txt"
    assert region["region"]["startLine"] == 2
    rule = run["tool"]["driver"]["rules"][hits[0]["ruleIndex"]]
    assert "dependency" in rule["properties"]["tags"]
    assert "requests 2.30.0 (PyPI) is affected by PYSEC-2023-74" in hits[0]["message"]["text"]
    # The unpinned requirement could not be checked: a result, never silently clean, and the
    # same one `codevitals deps --format sarif` gives.
    (unchecked,) = [r for r in run["results"] if r["ruleId"] == "unchecked-dependency"]
    assert unchecked["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    deps = json.loads(run_cli("deps", str(sample.root), *args).stdout)["runs"][0]["results"]
    unindexed = [{k: v for k, v in r.items() if k != "ruleIndex"} for r in deps]
    assert {k: v for k, v in unchecked.items() if k != "ruleIndex"} in unindexed


def test_every_rule_links_its_documentation(sample: Repo) -> None:
    change(sample)
    for args in (("scan",), ("gate", "--base", "main")):
        out = run_cli(*args, str(sample.root), "--format", "sarif").stdout
        for rule in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]:
            assert rule["helpUri"].startswith("https://"), rule["id"]
            if rule["id"].startswith("CV") and not rule["id"].startswith("CVS"):
                page, anchor = rule["helpUri"].rsplit("#", 1)
                assert page.endswith("/docs/rules.md")
                docs = Path(__file__).parents[2] / "docs" / "rules.md"
                assert f"## {rule['id']} {rule['name']} — " in docs.read_text(encoding="utf-8")
                assert anchor.startswith(f"{rule['id'].lower()}-{rule['name']}--")


def test_duplicated_code_points_at_the_other_copies(sample: Repo) -> None:
    out = run_cli("scan", str(sample.root), "--format", "sarif").stdout
    results = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "CV203"]
    assert results
    places = set()
    for result in results:
        here = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        (related,) = result["relatedLocations"]
        there = related["physicalLocation"]
        assert there["artifactLocation"]["uri"] != here  # the sample's copies are in two files
        assert there["region"]["endLine"] > there["region"]["startLine"]
        places.add((here, there["artifactLocation"]["uri"]))
    assert places == {
        ("shop/invoices.py", "shop/orders.py"),
        ("shop/orders.py", "shop/invoices.py"),
    }


def test_hard_coded_passwords_carry_a_security_severity(repo: Repo) -> None:
    repo.write(
        "app.py",
        """\
        PASSWORD = "hunter22"


        def connect(client, password="hunter22"):
            return client.login(user="ada", password="hunter22")
        """,
    )
    repo.commit()
    result = run_cli("scan", str(repo.root), "--format", "sarif", "--no-deps", "--offline")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    _validate(document)
    assert_github_ready(document)
    rules = {r["id"]: r for r in document["runs"][0]["tool"]["driver"]["rules"]}
    for code in ("S105", "S106", "S107"):
        assert "security" in rules[code]["properties"]["tags"]
        assert rules[code]["properties"]["security-severity"] == "3.0"  # bandit rates them low
