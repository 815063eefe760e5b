"""JSON for the dependency audit, described by `schemas/deps.schema.json`.

`codevitals deps --format json` writes a document whose top-level lists (manifests,
dependencies, notices) have one element per line; `codevitals scan --format json` carries
the same content as its `dependencies` object (see `section`).

The document is the model's dataclasses as `codec.encode` writes them; `SHAPES` says only
where a key's name, order or rounding differs from the fields'.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model import Notice
from codevitals.model.deps import (
    Declaration,
    Dependency,
    DependencyReport,
    DependencyTotals,
    Freshness,
    Manifest,
)
from codevitals.report import deps_counts as counts
from codevitals.report.json.codec import Shape, Shapes, encode_object
from codevitals.report.json.lines import NOTICE, header, write_lines


class DepsJsonReporter(counts.DepsReporter):
    """Writes a dependency report as one JSON document."""

    format_name: ClassVar[str] = "json"

    def report(self, result: DependencyReport, out: TextIO) -> None:
        """Write the document, one line per list element."""
        head = header(self.tool_version, self.root, self.commit)
        write_lines({**head, **section(result)}, out)


def section(result: DependencyReport) -> dict[str, Any]:
    """The audit as a JSON object: sources, totals, manifests, dependencies, notices."""
    return encode_object(result, SHAPES)


SHAPES: Shapes = {
    DependencyReport: Shape(
        order=("partial", "sources", "totals", "manifests", "dependencies", "notices"),
    ),
    DependencyTotals: Shape(digits={"libyear": 2}),
    Manifest: Shape(order=("path", "kind", "lockfile", "declarations")),
    # A dependency is its declaration and, in the same object, what the audit learnt.
    Dependency: Shape(
        order=("declaration", "freshness", "vulnerabilities", "vulnerability_source", "fix",
               "unknowns", "ignored"),
        inline=frozenset({"declaration"}),
    ),
    Declaration: Shape(
        order=("name", "ecosystem", "path", "line", "requirement", "version", "locked_in",
               "group", "relation", "markers", "unresolvable"),
    ),
    Freshness: Shape(digits={"libyear": 2}),
    Notice: NOTICE,
}  # fmt: skip
"""Where the audit's JSON differs from its dataclasses; the rest is their fields as declared."""
