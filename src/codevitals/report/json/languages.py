"""`codevitals languages --format json`: the catalog of front ends as one document."""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from codevitals.model.languages import FrontEndInfo, LanguageCatalog
from codevitals.report.json.lines import write_lines


class LanguagesJson:
    """`codevitals languages --format json`: the same catalog as one document."""

    format_name: ClassVar[str] = "json"

    def report(self, result: LanguageCatalog, out: TextIO) -> None:
        """Write one line per front end and per recognised language."""
        write_lines(languages_document(result), out)


def languages_document(result: LanguageCatalog) -> dict[str, Any]:
    """The JSON document of the catalog."""
    return {
        "kinds": [
            {"kinds": kinds.split(", "), "meaning": meaning} for kinds, meaning in result.kinds
        ],
        "languages": [_front_end(front) for front in result.front_ends],
        "recognised": [
            {"language": language, "suffixes": list(found)} for language, found in result.recognised
        ],
    }


def _front_end(front: FrontEndInfo) -> dict[str, Any]:
    return {
        "name": front.name,
        "language": front.language,
        "suffixes": list(front.suffixes),
        "interpreters": list(front.interpreters),
        "grammar": {"distribution": front.grammar, "version": front.grammar_version},
        "tests": list(front.tests),
        "generated": list(front.generated),
        "mccabe": list(front.mccabe),
        "nested_functions_count_in": front.nested_functions_count_in,
        "boolean_sequences": list(front.boolean_sequences),
        "recursion": front.recursion,
        "constructors": list(front.constructors),
        "constructs": {item.kind: list(item.syntax) for item in front.constructs},
    }
