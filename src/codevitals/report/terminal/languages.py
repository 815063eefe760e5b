"""`codevitals languages` on a terminal: each front end and how its constructs map onto metrics.

The catalog is the one docs/languages.md is generated from, so the command and the
documentation cannot disagree.
"""

from __future__ import annotations

from typing import ClassVar, TextIO

from rich.console import Console
from rich.text import Text

from codevitals.model.languages import FrontEndInfo, LanguageCatalog


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
