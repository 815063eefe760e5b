"""A biomarker's documentation under its fixed headings, in Markdown.

One text for every place a rule is explained: SARIF embeds it as a rule's help,
`codevitals rules NAME` prints it and docs/rules.md gathers every rule's, linking each by
`anchor`.
"""

from __future__ import annotations

from codevitals.code.biomarkers import Rule


def rule_markdown(rule: Rule, heading: str = "##") -> str:
    """One rule's documentation under the fixed headings."""
    return "\n".join(
        [
            f"{heading} {rule.code} {rule.name} — {rule.title}",
            "",
            f"Applies to: {rule.target.value} · severity: {rule.severity.value} · fires when "
            f"{rule.unit} {rule.comparison} {rule.threshold:g} · weight: {rule.weight:g} points"
            + (" · preview" if rule.preview else ""),
            "",
            f"{heading}# What it does",
            "",
            rule.what,
            "",
            f"{heading}# Why it matters",
            "",
            rule.why,
            "",
            f"{heading}# Example",
            "",
            "```python",
            rule.example,
            "```",
            "",
            f"{heading}# Options",
            "",
            rule.options,
            "",
        ]
    )


def anchor(rule: Rule) -> str:
    """GitHub's anchor for the rule's heading: lower case, punctuation dropped, spaces to -."""
    heading = f"{rule.code} {rule.name} — {rule.title}".lower()
    kept = "".join(c for c in heading if c.isalnum() or c in " -")
    return kept.replace(" ", "-")
