"""The dependency audit as a CycloneDX 1.6 bill of materials (JSON).

Each package in use is a `library` component named by its package URL (purl); each known
vulnerability lists the components it affects, with its ratings, aliases and the smallest
upgrade that fixes it. Nothing unchecked looks clean: a component whose vulnerabilities could
not be looked up carries the property `codevitals:vulnerabilities` = `unknown` with the reason,
and a vulnerability `--ignore-vuln` set aside keeps its entry with an analysis saying why
(response `will_not_fix`). The document is deterministic for the same audit: its serial number
is derived from its content, and its time is the audit's (`SOURCE_DATE_EPOCH` fixes it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Iterable
from typing import Any, ClassVar, TextIO
from urllib.parse import quote

from codevitals.model.deps import Dependency, DependencyReport, Vulnerability, checked
from codevitals.report import deps_counts as counts

SPEC_VERSION = "1.6"
SCHEMA = "http://cyclonedx.org/schema/bom-1.6.schema.json"

PURL_TYPES = {
    "PyPI": "pypi",
    "npm": "npm",
    "Go": "golang",
    "crates.io": "cargo",
    "Maven": "maven",
    "NuGet": "nuget",
    "RubyGems": "gem",
    "Packagist": "composer",
    "SwiftURL": "swift",
    "ConanCenter": "conan",
}
"""Each ecosystem (as OSV names it) and its package-URL type; any other is `generic`."""
_NAMESPACED = {"npm": "/", "golang": "/", "maven": ":", "composer": "/", "swift": "/"}
"""Types whose names carry a namespace, and what separates it from the name."""
_METHODS = {"CVSS:3.1/": "CVSSv31", "CVSS:3.0/": "CVSSv3", "CVSS:4.0/": "CVSSv4", "AV:": "CVSSv2"}
"""CycloneDX's rating method of a CVSS vector, by how the vector starts."""


class DepsCycloneDxReporter(counts.DepsReporter):
    """The packages in use and their known vulnerabilities as a CycloneDX BOM."""

    format_name: ClassVar[str] = "cyclonedx"

    def report(self, result: DependencyReport, out: TextIO) -> None:
        """Write the BOM, indented, with non-ASCII characters as they are."""
        json.dump(self.document(result), out, indent=2, ensure_ascii=False)
        out.write("\n")

    def document(self, result: DependencyReport) -> dict[str, Any]:
        """The BOM as JSON data."""
        components = _components(result.dependencies)
        content = {
            "components": list(components.values()),
            "vulnerabilities": _vulnerabilities(result.dependencies),
        }
        material = json.dumps([self.root, self.commit, content], sort_keys=True)
        metadata = {
            "timestamp": _moment(),
            "tools": {"components": [
                {"type": "application", "name": "codevitals", "version": self.tool_version}
            ]},
            "component": {"type": "application", "bom-ref": "root", "name": self.root,
                          **({"version": self.commit} if self.commit else {})},
        }  # fmt: skip
        return {
            "$schema": SCHEMA,
            "bomFormat": "CycloneDX",
            "specVersion": SPEC_VERSION,
            "serialNumber": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, material)}",
            "version": 1,
            "metadata": metadata,
            **content,
        }


def purl(ecosystem: str, name: str, version: str | None) -> str:
    """The package URL of a package (the purl specification; each part percent-encoded).

    `@babel/core` is `pkg:npm/%40babel/core`, `org.yaml:snakeyaml` is
    `pkg:maven/org.yaml/snakeyaml`, `github.com/gin-gonic/gin` is
    `pkg:golang/github.com/gin-gonic/gin`.
    """
    kind = PURL_TYPES.get(ecosystem, "generic")
    separator = _NAMESPACED.get(kind)
    namespace, _, short = name.rpartition(separator) if separator else ("", "", name)
    if kind == "pypi":  # PEP 503 names, as the PyPI purl type asks
        short = short.lower().replace("_", "-")
    parts = [
        *(quote(part, safe="") for part in namespace.split("/") if part),
        quote(short, safe=""),
    ]
    at = f"@{quote(version, safe='')}" if version else ""
    return f"pkg:{kind}/{'/'.join(parts)}{at}"


def _reference(item: Dependency) -> str:
    """The component's `bom-ref`: its purl, or the requirement when no version is known."""
    d = item.declaration
    if d.version is None:
        return f"{purl(d.ecosystem, d.name, None)}?requirement={quote(d.requirement, safe='')}"
    return purl(d.ecosystem, d.name, d.version)


def _components(dependencies: Iterable[Dependency]) -> dict[str, dict[str, Any]]:
    """One component per package in use, however many files declare it, by `bom-ref`."""
    found: dict[str, dict[str, Any]] = {}
    for item in dependencies:
        reference = _reference(item)
        if reference in found:
            continue
        d = item.declaration
        component: dict[str, Any] = {"type": "library", "bom-ref": reference, "name": d.name}
        if d.version is not None:
            component["version"] = d.version
        component["purl"] = purl(d.ecosystem, d.name, d.version)
        component["scope"] = "optional" if d.group else "required"
        component["properties"] = _properties(item)
        found[reference] = component
    return found


def _properties(item: Dependency) -> list[dict[str, str]]:
    d = item.declaration
    found = [
        {"name": "codevitals:ecosystem", "value": d.ecosystem},
        {"name": "codevitals:declared-in", "value": f"{d.path}:{d.line}" if d.line else d.path},
        {"name": "codevitals:relation", "value": d.relation.value},
    ]
    if not checked(item):  # never an empty, clean-looking entry
        why = "; ".join(f"{u.reason}: {u.message}" for u in item.unknowns)
        found += [{"name": "codevitals:vulnerabilities", "value": "unknown"},
                  {"name": "codevitals:unknown-because", "value": why}]  # fmt: skip
    if item.freshness is not None and item.freshness.latest:
        found.append({"name": "codevitals:latest", "value": item.freshness.latest})
    return found


def _vulnerabilities(dependencies: Iterable[Dependency]) -> list[dict[str, Any]]:
    """One entry per vulnerability, affecting every component it was found in."""
    entries: dict[str, dict[str, Any]] = {}
    for item in dependencies:
        affected = {"ref": _reference(item)}
        for vulnerability, ignored in counts.known_vulnerabilities(item):
            entry = entries.setdefault(vulnerability.id, _vulnerability(vulnerability, ignored))
            affects: list[dict[str, str]] = entry["affects"]
            if affected not in affects:
                affects.append(affected)
            if item.fix and "recommendation" not in entry:
                entry["recommendation"] = f"Upgrade {item.declaration.name} to {item.fix}."
    return list(entries.values())


def _vulnerability(vulnerability: Vulnerability, ignored: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": vulnerability.id, "source": {"name": "OSV"}}
    if vulnerability.url:
        entry["source"]["url"] = vulnerability.url
    if vulnerability.aliases:
        entry["references"] = [{"id": alias, "source": {"name": "OSV"}}
                               for alias in vulnerability.aliases]  # fmt: skip
    rating = _rating(vulnerability)
    if rating:
        entry["ratings"] = [rating]
    if vulnerability.summary:
        entry["description"] = vulnerability.summary
    if ignored is not None:
        entry["analysis"] = {"response": ["will_not_fix"], "detail": f"--ignore-vuln: {ignored}"}
    entry["affects"] = []
    return entry


def _rating(vulnerability: Vulnerability) -> dict[str, Any]:
    rating: dict[str, Any] = {}
    if vulnerability.score is not None:
        rating["score"] = vulnerability.score
    if vulnerability.severity:
        rating["severity"] = vulnerability.severity.lower()
    if vulnerability.vector:
        vector = vulnerability.vector
        method = next((m for start, m in _METHODS.items() if vector.startswith(start)), "other")
        rating.update(method=method, vector=vector)
    return rating


def _moment() -> str:
    """The audit's idea of now, as `deps.audit.now` has it (`SOURCE_DATE_EPOCH` fixes it)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch.isdigit()
        else dt.datetime.now(dt.UTC)
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
