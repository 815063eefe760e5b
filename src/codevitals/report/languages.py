"""Languages in reports: what a scan analysed per language, and `codevitals languages`.

`language_summary` and `ruff_note` are the words every scan report shows (terminal,
Markdown, HTML); the two reporters render the catalog of front ends that docs/languages.md
is generated from, so the command and the documentation cannot disagree.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from rich.console import Console
from rich.text import Text

from codevitals.model import ScanResult, Summary
from codevitals.model.languages import FrontEndInfo, LanguageCatalog
from codevitals.report.json_lines import write_lines
from codevitals.report.style import plural

RUFF_LANGUAGE = "python"
"""The one language ruff's rules read; other languages' files get no ruff finding."""
RUFF_NOTE = "ruff's rules check Python files only"


def language_summary(summary: Summary) -> str | None:
    """One line: files and code lines per analysed language, then languages not analysed."""
    analysed = ", ".join(
        f"{item.language} {plural(item.files, 'file')} ({plural(item.code_lines, 'code line')})"
        for item in summary.languages
    )
    missing = ", ".join(
        f"{item.language} {plural(item.files, 'file')}" for item in summary.unanalysed
    )
    if not missing:
        return analysed or None
    return f"{analysed or 'none analysed'}; present but not analysed: {missing}"


def ruff_note(result: ScanResult) -> str | None:
    """Said where findings are shown when the scan measured files ruff does not read."""
    if result.findings is None:
        return None
    others = any(item.language != RUFF_LANGUAGE for item in result.summary.languages)
    return RUFF_NOTE if others else None


class LanguagesTerminal:
    """`codevitals languages`: each front end, its files and its construct → metric mapping."""

    format_name: ClassVar[str] = "terminal"

    def report(self, result: LanguageCatalog, out: TextIO) -> None:
        """Print one block per front end, then the languages recognised without one."""
        console = Console(file=out, highlight=False, soft_wrap=True)
        legend = Text.assemble(("Kinds", "bold"), " (what each construct does to the metrics)\n")
        for kinds, meaning in result.kinds:
            legend.append(f"  {kinds:<40}", style="dim")
            legend.append(f"{meaning}\n")
        console.print(legend)
        for front in result.front_ends:
            console.print(_front_end_block(front))
        if result.recognised:
            names = ", ".join(
                f"{language} ({' '.join(found)})" for language, found in result.recognised
            )
            console.print(Text.assemble(("Recognised, not analysed  ", "bold"), names))
        console.print(Text("\ndocs/languages.md explains each kind.", style="dim"))


def _front_end_block(front: FrontEndInfo) -> Text:
    rows: list[tuple[str, str]] = [
        ("reported as", front.language),
        ("suffixes", " ".join(front.suffixes)),
        ("interpreters", " ".join(front.interpreters) or "none"),
        ("grammar", f"{front.grammar} {front.grammar_version}"),
        ("tests", " ".join(front.tests) or "none"),
        ("generated", " ".join(front.generated) or "none"),
        ("McCabe", ", ".join(front.mccabe) + ", and each CASE that counts"),
        ("boolean runs", " ".join(front.boolean_sequences) or "none"),
        ("recursion", "a cognitive increment" if front.recursion else "not counted"),
        ("nested functions", "count in" if front.nested_functions_count_in else "apart"),
    ]
    text = Text.assemble((front.name, "bold cyan"), "\n")
    for label, value in rows:
        text.append(f"  {label:<17}", style="dim")
        text.append(f"{value}\n")
    text.append("  constructs\n", style="dim")
    for item in front.constructs:
        # One pattern a line: a kind can hold a dozen, and a terminal wraps none of them well.
        for index, pattern in enumerate(item.syntax):
            text.append(f"    {item.kind if index == 0 else '':<10}  ", style="bold")
            text.append(pattern + "\n")
    return text


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
