"""Generated documentation stays in step with the code."""

from __future__ import annotations

from pathlib import Path

from codevitals.parse.languages_doc import languages_markdown
from codevitals.report.markdown.rules import rules_markdown

DOCS = Path(__file__).parents[1] / "docs"


def test_rules_reference_is_generated_from_the_rule_table() -> None:
    current = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(), (
        "regenerate: codevitals rules --format markdown > docs/rules.md"
    )


def test_languages_reference_is_generated_from_the_registry() -> None:
    current = (DOCS / "languages.md").read_text(encoding="utf-8")
    assert current == languages_markdown(), (
        "regenerate: python -m codevitals.parse.languages_doc > docs/languages.md"
    )
