"""`codevitals languages --format json`: the catalog of front ends as one document.

The document is the model's dataclasses as `codec.encode` writes them; `SHAPES` says only
where a key's name, order or derivation differs from the fields'.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model.languages import FrontEndInfo, LanguageCatalog
from codevitals.report.json.codec import Shape, Shapes, encode_object
from codevitals.report.json.lines import write_lines


class LanguagesJson:
    """`codevitals languages --format json`: the same catalog as one document."""

    format_name: ClassVar[str] = "json"

    def report(self, result: LanguageCatalog, out: TextIO) -> None:
        """Write one line per front end and per recognised language."""
        write_lines(languages_document(result), out)


def languages_document(result: LanguageCatalog) -> dict[str, Any]:
    """The JSON document of the catalog."""
    return encode_object(result, SHAPES)


SHAPES: Shapes = {
    LanguageCatalog: Shape(
        names={"front_ends": "languages"},
        through={
            "kinds": lambda kinds: [
                {"kinds": names.split(", "), "meaning": meaning} for names, meaning in kinds
            ],
            "recognised": lambda recognised: [
                {"language": language, "suffixes": found} for language, found in recognised
            ],
        },
    ),
    FrontEndInfo: Shape(
        order=("name", "language", "suffixes", "interpreters", "grammar", "tests", "generated",
               "mccabe", "nested_functions_count_in", "boolean_sequences", "recursion",
               "constructors", "constructs"),
        derived={
            "grammar": lambda front: {
                "distribution": front.grammar, "version": front.grammar_version
            },
        },
        through={"constructs": lambda constructs: {item.kind: item.syntax for item in constructs}},
    ),
}  # fmt: skip
"""Where the catalog's JSON differs from its dataclasses; the rest is their fields as declared."""
