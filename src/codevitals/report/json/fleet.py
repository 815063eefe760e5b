"""JSON for a fleet run, described by `schemas/fleet.schema.json`.

Top-level keys one per line, one line per list element: each repository is one line,
however large, so the document diffs and greps well from one run to the next.

The document is the model's dataclasses as `codec.encode` writes them; `SHAPES` says only
where a key's name, order or rounding differs from the fields'.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model import SCHEMA_VERSION, HealthTotals, Notice
from codevitals.model.deps import DependencyTotals
from codevitals.model.fleet import (
    Entry,
    FleetTotals,
    Organisation,
    OrganisationHotspot,
    Pin,
    RepositoryHotspot,
    RepositoryResult,
    SharedPin,
)
from codevitals.report.json import deps, scan
from codevitals.report.json.codec import Shape, Shapes, encode
from codevitals.report.json.lines import NOTICE, write_lines


class FleetJsonReporter:
    """Writes the organisation's view as one JSON document."""

    format_name: ClassVar[str] = "json"

    def report(self, result: Organisation, out: TextIO) -> None:
        """Write the document."""
        write_lines(document(result), out, nested=frozenset({"totals"}))


def document(result: Organisation) -> dict[str, Any]:
    """The whole document as plain data."""
    tool = {"name": "codevitals", "version": result.tool_version}
    return {"schema_version": SCHEMA_VERSION, "tool": tool, **encode(result, SHAPES)}


_ADVICE = ("vulnerabilities", "severity", "fix", "latest", "behind", "libyear")
"""What is known about a package version: advisories, the fix, how far behind it is."""

SHAPES: Shapes = {
    Organisation: Shape(
        order=("name", "as_of", "settings", "totals", "entries", "by_risk", "hotspots",
               "vulnerable", "outdated", "truck_risks"),
        names={"name": "fleet", "entries": "repositories"},
    ),
    FleetTotals: Shape(
        order=("repositories", "scanned", "resumed", "failed", "partial", "production", "tests",
               "dependencies", "vulnerable_pins", "outdated_pins", "commits", "authors"),
        names={"vulnerable_pins": "vulnerable_versions", "outdated_pins": "outdated_versions"},
    ),
    # An entry is its status and, in the same object, its result or its failure.
    Entry: Shape(inline=frozenset({"result", "failure"})),
    RepositoryResult: Shape(
        order=("name", "location", "commit", "as_of", "partial", "production", "tests",
               "hotspot_risk", "hotspots", "knowledge", "dependencies", "pins", "notice_count",
               "notices"),
        digits={"hotspot_risk": 2},
    ),
    RepositoryHotspot: Shape(digits={"score": 2}),
    OrganisationHotspot: Shape(inline=frozenset({"hotspot"})),
    Pin: Shape(order=("name", "ecosystem", "version", "path", *_ADVICE)),
    SharedPin: Shape(order=("name", "ecosystem", "version", "repositories", *_ADVICE)),
    Notice: NOTICE,
    # Written as the scan and deps documents write them.
    HealthTotals: scan.SHAPES[HealthTotals],
    DependencyTotals: deps.SHAPES[DependencyTotals],
}  # fmt: skip
"""Where the fleet document differs from its dataclasses; the rest is their fields as declared."""
