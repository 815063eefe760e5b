"""Everything a trend can be told, with its defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from codevitals.history import HistoryOptions
from codevitals.history.since import Since, parse
from codevitals.scan import ScanOptions

if TYPE_CHECKING:
    from codevitals.deps.audit import AuditOptions

DEFAULT_SINCE = "12m"
DEFAULT_EVERY = "1m"
DEFAULT_TOP = 5
"""Hotspot files (and their folders) whose own trend is shown."""
HOTSPOTS = 10
"""Production hotspots whose health makes up `hotspot health`."""
MAX_SNAPSHOTS = 1000
"""More sampled moments than this is a mistake (`--every 1d --since all`), not a trend."""


@dataclass(frozen=True, slots=True)
class TrendOptions:
    """What to sample, how to measure each snapshot, and where recorded scans live."""

    since: Since = field(default_factory=lambda: parse(DEFAULT_SINCE))
    """The start of the range, counted back from `until`; `all` for the first commit."""
    every: Since = field(default_factory=lambda: parse(DEFAULT_EVERY))
    """The step between sampled moments (a span)."""
    until: Since | None = None
    """The end of the range (a date, or a span back from now); None: now."""
    scan: ScanOptions = field(default_factory=lambda: ScanOptions(history=None, plan=None))
    """How each snapshot's code health is measured: a scan without findings, dependencies or
    history, whose trends are the `audit` and `history` beside it."""
    history: HistoryOptions = field(default_factory=HistoryOptions)
    """How hotspots are found at each snapshot (the window is the history default)."""
    audit: AuditOptions | None = None
    """How dependencies are audited at each snapshot; None: not at all."""
    store: Path | None = None
    """The scan store to read recorded scans from and write snapshots to; None: none."""
    top: int = DEFAULT_TOP
    now: float | None = None
    """The moment to count back from; None for the time of the run (a seam for tests)."""

    def __post_init__(self) -> None:
        scan = self.scan
        asked = {
            "findings": scan.findings is not None and not scan.findings.empty,
            "dependencies": scan.dependencies is not None,
            "history": scan.history is not None,
        }
        extra = [name for name, wanted in asked.items() if wanted]
        if extra:
            raise ValueError(
                f"a trend scans code health alone, not {', '.join(extra)}: its dependencies "
                "and history are its own `audit` and `history` options"
            )
