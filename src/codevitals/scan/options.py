"""Scan options: what a scan analyses, how, and which stages follow code health."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from codevitals.code import analyse, clones, health
from codevitals.discover import (
    Filters,
)
from codevitals.findings.presets import Selection
from codevitals.history.options import HistoryOptions
from codevitals.parse.base import Language
from codevitals.plan import PlanOptions

if TYPE_CHECKING:
    from codevitals.deps.audit import AuditOptions


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Everything a scan can be told."""

    filters: Filters = field(default_factory=Filters)
    policy: health.Policy = field(default_factory=health.Policy.build)
    min_tokens: int = 50
    """Smallest clone worth reporting, in tokens; `duplication` has it with the smallest in
    lines, which the health model's duplicated-code threshold sets."""
    jobs: int = 0
    """Worker processes; 0 means one per CPU."""
    cache_dir: Path | None = None
    """None means the default cache folder."""
    use_cache: bool = True
    findings: Selection | None = None
    """Finding rules to run; None or an empty selection runs none."""
    dependencies: AuditOptions | None = None
    """How to audit dependencies; None: do not (the library default: no network)."""
    history: HistoryOptions | None = field(default_factory=HistoryOptions)
    """None skips the history analyses (a revision scan never runs them)."""
    plan: PlanOptions | None = field(default_factory=PlanOptions)
    """None: no pay-down plan."""

    @property
    def duplication(self) -> clones.Duplication:
        """What counts as duplicated code under these options."""
        return clones.Duplication(int(self.policy.thresholds["duplicated-code"]), self.min_tokens)

    def checks_findings(self, path: str, blob_id: str) -> bool:
        """Whether an analysed file is checked for findings: here every one is.

        The gate's options (a subclass) check only the files a change touched.
        """
        return True

    def analysis_key(self, blob_id: str, language: Language) -> str:
        """Cache key of a blob's analysis by a front end under these options."""
        return analyse.cache_key(blob_id, self.filters.max_file_size, language)
