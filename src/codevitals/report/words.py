"""The words more than one format says, so a terminal, Markdown and HTML report agree.

Each format package renders on its own and may import none of the others; what they must say
alike (a count and its noun, the gate's verdict, the plan's caveat, the languages a scan
analysed) lives here, as plain strings any format can style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from codevitals.model import ScanResult, Summary
    from codevitals.model.gate import GateResult
    from codevitals.model.plan import Plan

RUFF_LANGUAGE = "python"
"""The one language ruff's rules read; other languages' files get no ruff finding."""
RUFF_NOTE = "ruff's rules check Python files only"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 file`, `2 files` (or the plural given), with thousands separators."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def verdict(result: GateResult) -> tuple[str, str]:
    """(passed, warning or failed; the words): FAILED names what failed the gate."""
    unchecked = plural(len(result.unchecked), "new dependency", "new dependencies")
    if result.passed:
        if result.unchecked:
            return "warning", f"PASSED, but {unchecked} not checked"
        return "passed", "PASSED"
    failures = [plural(len(result.problems), "new problem")] if result.problems else []
    if result.strict and result.unchecked:
        failures.append(f"{unchecked} not checked (--strict)")
    return "failed", f"FAILED: {', '.join(failures)}"


def unchecked_note(plan: Plan) -> str:
    """What the plan cannot know: upgrades of packages no vulnerability lookup checked."""
    count = plural(plan.unchecked_dependencies, "dependency", "dependencies")
    return f"{count} not checked for vulnerabilities: upgrades they need may be missing"


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
