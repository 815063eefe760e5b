"""The gate's result as one JSON document, described by `schemas/gate.schema.json`.

The document is the model's dataclasses as `codec.encode` writes them; `SHAPES` says only
where a key's name or order differs from the fields'.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model import SCHEMA_VERSION, Notice
from codevitals.model.gate import GateResult, Problem
from codevitals.report.json.codec import Shape, Shapes, encode_object
from codevitals.report.json.lines import NOTICE, write_lines


class GateJsonReporter:
    """Writes the gate's result as one JSON document (`schemas/gate.schema.json`)."""

    format_name: ClassVar[str] = "json"

    def report(self, result: GateResult, out: TextIO) -> None:
        """Write the document with one line per problem and change."""
        write_lines(gate_document(result), out)


def gate_document(result: GateResult) -> dict[str, Any]:
    """The JSON document of a gate result."""
    tool = {"name": "codevitals", "version": result.tool_version}
    return {"schema_version": SCHEMA_VERSION, "tool": tool, **encode_object(result, SHAPES)}


SHAPES: Shapes = {
    GateResult: Shape(
        order=("passed", "base", "head", "checks", "tolerance", "suppressed", "partial", "strict",
               "changed_files", "problems", "unchecked", "resolved", "changes", "notices"),
        derived={
            "base": lambda result: {"ref": result.base_ref, "commit": result.base_commit},
            "head": lambda result: {"ref": result.head_ref, "commit": result.head_commit},
        },
    ),
    Problem: Shape(
        order=("check", "path", "line", "function", "code", "name", "severity", "before",
               "after", "message", "fingerprint"),
    ),
    Notice: NOTICE,
}  # fmt: skip
"""Where the gate's JSON differs from its dataclasses; the rest is their fields as declared."""
