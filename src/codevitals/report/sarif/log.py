"""SARIF 2.1.0, as GitHub code scanning reads it: the log every SARIF report writes.

Rules carry their documentation and a `helpUri`; results carry relative locations, levels and
`partialFingerprints.primaryLocationLineHash`, and a duplicated region the other copies of it
as `relatedLocations`.

A run is assembled from *result sources*: each turns one kind of result into SARIF rules
and results (a `Contribution`). A scan has three (`sarif/scan.py`), the dependency audit one
(`sarif/deps.py`, also the scan's third), the gate one (`sarif/gate.py`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO
from urllib.parse import quote

from codevitals.model import Location, Severity

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/codevitals/codevitals"
DOCS_URI = f"{INFORMATION_URI}/blob/main/docs"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.MINOR: "note", Severity.MAJOR: "warning", Severity.CRITICAL: "error"}
LINE_HASH = re.compile(r"[0-9a-f]{16}:[0-9]+")
"""A `primaryLocationLineHash` as CodeQL writes it: a hash and an occurrence index."""
SECURITY_SEVERITY = {Severity.MINOR: "3.0", Severity.MAJOR: "6.0", Severity.CRITICAL: "9.0"}
"""GitHub ranks security alerts by `properties.security-severity` (CVSS-like, 0-10)."""


def line_hash(material: str, occurrence: int = 0) -> str:
    """The `primaryLocationLineHash` of what names a result wherever its line moves.

    Scan, gate and deps reports hash the same material the same way, so that code scanning
    sees one alert whichever of them uploaded it.
    """
    digest = hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()[:16]
    return f"{digest}:{occurrence}"


@dataclass(frozen=True, slots=True)
class SarifRule:
    """A reportingDescriptor: one rule's identity, documentation and default level."""

    id: str
    name: str
    short: str
    full: str
    help_markdown: str
    severity: Severity
    tags: tuple[str, ...]
    help_uri: str | None = None

    def document(self) -> dict[str, Any]:
        """The rule as SARIF JSON."""
        properties: dict[str, Any] = {"tags": list(self.tags), "precision": "high"}
        if "security" in self.tags:
            properties["security-severity"] = SECURITY_SEVERITY[self.severity]
        rule: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "shortDescription": {"text": self.short},
            "fullDescription": {"text": self.full},
            "help": {"text": self.help_markdown, "markdown": self.help_markdown},
            "defaultConfiguration": {"level": LEVELS[self.severity]},
            "properties": properties,
        }
        if self.help_uri:
            rule["helpUri"] = self.help_uri
        return rule


@dataclass(frozen=True, slots=True)
class SarifResult:
    """A result: which rule, where, and its fingerprint."""

    rule_id: str
    severity: Severity
    message: str
    path: str
    line: int
    fingerprint: str
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    new: bool = False
    """Marked `baselineState: new` (the gate reports only new debt)."""
    related: tuple[Location, ...] = ()
    """Other places the result concerns: the other copies of duplicated code."""
    suppressed: str | None = None
    """Why the team set it aside (an ignored vulnerability): an accepted external suppression,
    which code scanning shows dismissed rather than open."""

    def document(self, rule_index: int) -> dict[str, Any]:
        """The result as SARIF JSON."""
        region: dict[str, int] = {"startLine": max(1, self.line)}
        if self.column is not None:
            region["startColumn"] = max(1, self.column)
        if self.end_line is not None:
            region["endLine"] = max(region["startLine"], self.end_line)
        if self.end_column is not None and self.column is not None:
            region["endColumn"] = max(1, self.end_column)
        result: dict[str, Any] = {
            "ruleId": self.rule_id,
            "ruleIndex": rule_index,
            "level": LEVELS[self.severity],
            "message": {"text": self.message},
            "locations": [_location(self.path, region)],
            "partialFingerprints": {"primaryLocationLineHash": self.fingerprint},
        }
        if self.new:
            result["baselineState"] = "new"
        if self.suppressed is not None:
            suppression = {"kind": "external", "status": "accepted"}
            result["suppressions"] = [{**suppression, "justification": self.suppressed}]
        if self.related:
            result["relatedLocations"] = [
                {
                    "id": number,
                    **_location(copy.path, {"startLine": copy.line, "endLine": copy.end_line}),
                    "message": {"text": "another copy"},
                }
                for number, copy in enumerate(self.related, 1)
            ]
        return result


def _location(path: str, region: dict[str, int]) -> dict[str, Any]:
    # A relative URI reference: spaces, `#`, `%` and non-ASCII characters are percent-encoded.
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(path), "uriBaseId": SRCROOT},
            "region": region,
        }
    }


@dataclass(slots=True)
class Contribution:
    """What one result source adds to the run."""

    rules: list[SarifRule] = field(default_factory=list)
    results: list[SarifResult] = field(default_factory=list)


# -- the document ----------------------------------------------------------------------------


def sarif_document(
    version: str, contributions: Iterable[Contribution], languages: dict[str, str] | None = None
) -> dict[str, Any]:
    """One SARIF log with one run made of the contributions, rules indexed once each.

    With `languages` (path → language), each file a result is in is listed as an artifact
    with its `sourceLanguage`.
    """
    rules: list[SarifRule] = []
    index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    paths: dict[str, None] = {}
    for contribution in contributions:
        for rule in contribution.rules:
            if rule.id not in index:
                index[rule.id] = len(rules)
                rules.append(rule)
        results.extend(r.document(index[r.rule_id]) for r in contribution.results)
        paths.update(dict.fromkeys(r.path for r in contribution.results))
    driver = {
        "name": "codevitals",
        "version": version,
        "semanticVersion": version,
        "informationUri": INFORMATION_URI,
        "rules": [rule.document() for rule in rules],
    }
    run: dict[str, Any] = {"tool": {"driver": driver}}
    if languages:
        run["artifacts"] = [_artifact(path, languages[path]) for path in paths if path in languages]
    run.update(columnKind="unicodeCodePoints", results=results)
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


SARIF_LANGUAGES = {"cpp": "cplusplus"}
"""Our language names that SARIF's list of `sourceLanguage` values (appendix J) spells apart."""


def _artifact(path: str, language: str) -> dict[str, Any]:
    return {
        "location": {"uri": quote(path), "uriBaseId": SRCROOT},
        "sourceLanguage": SARIF_LANGUAGES.get(language, language),
    }


def write(document: dict[str, Any], out: TextIO) -> None:
    """Write the log, indented, with non-ASCII characters as they are."""
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")
