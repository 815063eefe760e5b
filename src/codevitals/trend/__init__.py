"""Trends: is the codebase getting better? Snapshots of history and recorded scans.

`trend` samples HEAD's first-parent line and measures each snapshot from git objects (health,
hotspot health, alert files, duplication, libyear, vulnerable dependencies), adding the scans
recorded in the scan store; `record.attach` records a scan there and gives it its trend.
"""

from __future__ import annotations

from codevitals.trend.options import TrendOptions
from codevitals.trend.record import attach
from codevitals.trend.run import trend
from codevitals.trend.store import FILE as STORE_FILE

__all__ = ["STORE_FILE", "TrendOptions", "attach", "trend"]
