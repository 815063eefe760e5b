"""What follows code health: findings, the dependency audit, history; and the result they finish."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from codevitals import findings
from codevitals.cache import Cache
from codevitals.discover import (
    Discovery,
    FoundFile,
)
from codevitals.model import (
    Notice,
    Role,
    ScanResult,
)
from codevitals.model.deps import DependencyReport
from codevitals.model.findings import Findings
from codevitals.parse.python import PYTHON
from codevitals.scan.context import Context, Load
from codevitals.scan.options import ScanOptions
from codevitals.scan.reading import Analysed, read_files

if TYPE_CHECKING:
    from codevitals.history.analysis import Outcome
    from codevitals.model.history import History


@dataclass(slots=True)
class Extras:
    """What follows code health: findings, the dependency audit, history."""

    findings: Findings | None = None
    dependencies: DependencyReport | None = None
    history: Outcome | None = None
    """None: history was not analysed."""

    @property
    def mined(self) -> History | None:
        """The history found: None when it was not analysed, or there was none to analyse."""
        return self.history.history if self.history is not None else None


def dependencies_of(
    found: Discovery, options: ScanOptions, cache: Cache
) -> DependencyReport | None:
    """The dependency audit, when asked for: of the working tree, or of the revision scanned."""
    if options.dependencies is None:
        return None
    # Imported here: the audit's modules (HTTP, OSV, manifest parsers) load only when it runs.
    from codevitals.tree_audit import audit_revision, audit_with  # noqa: PLC0415

    if found.revision is not None:
        return audit_revision(
            found.root, found.revision, options.filters, options.dependencies, cache
        )
    return audit_with(found.root, options.filters, options.dependencies, cache)


def history_of(
    found: Discovery, result: ScanResult, options: ScanOptions, cache: Cache
) -> Outcome | None:
    """The history analyses, when asked for: of a work tree or a bare repository's HEAD."""
    if options.history is None:
        return None
    # Imported here: the git log parser and the analyses load only when history is analysed.
    from codevitals.history import Inputs, Outcome, analyse, analyse_at  # noqa: PLC0415

    inputs = Inputs(found.root, result.files, options.filters, cache, options.jobs)
    if found.revision is None:
        return analyse(inputs, options.history)
    if found.bare:
        return analyse_at(found.root, found.revision, inputs, options.history)
    return Outcome(None)  # a past version (a gate's base, a snapshot): history is not its own


def finish(result: ScanResult, at: int, cache_notices: list[str], extras: Extras) -> ScanResult:
    """Add what followed code health, with its notices; the cache's notices after discovery's."""
    notices = list(result.notices)
    notices[at:at] = [Notice("", "cache", message) for message in cache_notices]
    outcome = extras.history
    history = extras.mined
    partial = result.partial or (history is not None and history.shallow)
    if outcome is not None:
        notices.extend(outcome.notices)
        partial = partial or outcome.partial
    if extras.dependencies is not None:
        partial = partial or extras.dependencies.partial
    if extras.findings is not None:
        notices.extend(extras.findings.notices)
        partial = partial or bool(extras.findings.notices)
    return dataclasses.replace(
        result,
        findings=extras.findings,
        dependencies=extras.dependencies,
        history=history,
        notices=tuple(notices),
        partial=partial,
    )


def findings_of(found: Discovery, analysed: Analysed, context: Context) -> Findings | None:
    """Findings of the analysed files the options check, when finding rules are chosen.

    Files analysis skipped (generated, binary) are left out here too: nobody fixes them.
    ruff checks Python files only; secrets are looked for in every language.
    """
    options = context.options
    selection = options.findings
    if selection is None or selection.empty:
        return None
    by_path = {c.path: c for c in found.files}
    sources = [
        findings.CheckedFile(
            path,
            blob_id,
            test=by_path[path].role is Role.TEST,
            python=by_path[path].language == PYTHON.language,
        )
        for path, blob_id in sorted(analysed.blob_ids.items())
        if path in by_path
        and (analysis := analysed.results.get(path)) is not None
        and analysis.metrics is not None
        and options.checks_findings(path, blob_id)
    ]
    return findings.find(sources, _by_path(by_path, context.load), selection, context.cache)


def _by_path(candidates: dict[str, FoundFile], load: Load | None) -> findings.Load:
    def read(paths: Sequence[str]) -> dict[str, bytes]:
        chosen = [candidates[path] for path in paths]
        if load is None:
            return read_files(chosen)
        contents = load([c.blob_id for c in chosen if c.blob_id is not None])
        return {c.path: contents[c.blob_id] for c in chosen if c.blob_id in contents}

    return read
