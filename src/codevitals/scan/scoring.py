"""Scoring: each analysed file's health, the notices a user should see, and the summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from codevitals import __version__
from codevitals.code import clones, suppressions
from codevitals.code.analyse import Analysis
from codevitals.discover import (
    LANGUAGE_SKIP,
    Discovery,
)
from codevitals.model import (
    FileHealth,
    HealthTotals,
    LanguageTotals,
    Notice,
    Role,
    ScanResult,
    Skipped,
    SourceFile,
    Summary,
    Unanalysed,
)
from codevitals.scan.options import ScanOptions
from codevitals.scan.reading import Analysed

if TYPE_CHECKING:
    pass


def assess(
    found: Discovery, analysed: Analysed, report: clones.CloneReport, options: ScanOptions
) -> ScanResult:
    """Score every analysed file, with the notices a user should see and the summary."""
    policy = options.policy
    measured = [(c, analysed.results[c.path]) for c in found.files if c.path in analysed.results]
    scored: list[FileHealth] = []
    skipped = list(found.skipped)
    notices = [*found.notices, *analysed.notices]
    for candidate, analysis in measured:
        if analysis.metrics is None:
            skipped.append(Skipped(candidate.path, analysis.skip_reason or "skipped"))
            continue
        notices.extend(_file_notices(candidate.path, analysis))
        source = SourceFile(
            candidate.path, analysed.blob_ids[candidate.path], candidate.language, candidate.role
        )
        regions = report.regions.get(candidate.path, ())
        scored.append(analysed.score(source, analysis.metrics, regions, policy))
        notices.extend(_unused_notices(scored[-1]))
    notices.extend(
        Notice(item.path, item.reason, _SKIPS_WORTH_A_LINE[item.reason])
        for item in skipped
        if item.reason in _SKIPS_WORTH_A_LINE
    )
    partial = bool(analysed.failed) or any(n.reason == "syntax-error" for n in notices)
    return ScanResult(
        root=found.root.resolve().name,
        tool_version=__version__,
        files=tuple(scored),
        summary=_summary(scored, report, skipped),
        clones=report.clones,
        notices=tuple(notices),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        commit=found.commit,
        partial=partial,
        settings={**policy.describe(), "duplication-min-tokens": options.min_tokens},
    )


_SKIPS_WORTH_A_LINE = {
    "too-large": "larger than --max-file-size; skipped",
    "binary": "binary content (NUL bytes) in a source file; skipped",
}
"""Skips a user may not expect; vendored, generated and other-language files are routine."""


def _file_notices(path: str, analysis: Analysis) -> Iterator[Notice]:
    metrics = analysis.metrics
    if metrics is not None and metrics.syntax_error_line is not None:
        line = metrics.syntax_error_line
        yield Notice(
            path,
            "syntax-error",
            f"does not parse from line {line}; metrics cover what parsed",
            line,
        )
    if analysis.encoding_note:
        yield Notice(path, "encoding", analysis.encoding_note)
    if metrics is not None and metrics.suppressions:
        for line, message in suppressions.unknown(metrics.suppressions):
            yield Notice(path, suppressions.UNKNOWN, f"{message} in a suppression comment", line)


def _unused_notices(scored: FileHealth) -> Iterator[Notice]:
    for unused in scored.unused_suppressions:
        form = "ignore" if unused.target is not None else "ignore-file"
        rules = f"[{', '.join(unused.rules)}]" if unused.rules else ""
        yield Notice(
            scored.file.path,
            suppressions.UNUSED,
            f"`codevitals: {form}{rules}` silences nothing; remove it",
            unused.line,
        )


def _summary(
    scored: Sequence[FileHealth], report: clones.CloneReport, skipped: Sequence[Skipped]
) -> Summary:
    production = [HealthTotals.of(f) for f in scored if f.file.role is Role.PRODUCTION]
    tests = [HealthTotals.of(f) for f in scored if f.file.role is Role.TEST]
    return Summary(
        production=sum(production, HealthTotals()),
        tests=sum(tests, HealthTotals()),
        duplicated_lines=report.duplicated_lines,
        clones=len(report.clones),
        skipped=len(skipped),
        languages=_languages(scored),
        unanalysed=_unanalysed(skipped),
    )


def _languages(scored: Sequence[FileHealth]) -> tuple[LanguageTotals, ...]:
    """Files and lines analysed per language, most code lines first."""
    totals: dict[str, LanguageTotals] = {}
    for item in scored:
        language = item.file.language
        one = LanguageTotals(language, 1, item.metrics.lines, item.metrics.code_lines)
        totals[language] = totals[language] + one if language in totals else one
    return tuple(sorted(totals.values(), key=lambda t: (-t.code_lines, -t.files, t.language)))


def _unanalysed(skipped: Sequence[Skipped]) -> tuple[Unanalysed, ...]:
    """Languages discovery recognised by suffix but no front end measures, most files first."""
    counts = Counter(
        item.reason.removeprefix(LANGUAGE_SKIP)
        for item in skipped
        if item.reason.startswith(LANGUAGE_SKIP)
    )
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Unanalysed(language, files) for language, files in ranked)
