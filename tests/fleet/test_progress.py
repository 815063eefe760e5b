"""The fleet's progress counts repositories done, failed and remaining."""

from __future__ import annotations

from codevitals.report.progress import FleetProgress


def test_progress_counts_failures_and_what_remains() -> None:
    with FleetProgress(5, enabled=False) as progress:
        progress.advance()
        progress.advance(failed=True)
        progress.advance()
    assert (progress.done, progress.failed) == (3, 1)
    assert progress.status() == "1 failed · 2 remaining"
