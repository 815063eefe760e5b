"""Trends: is the codebase getting better? Snapshots of history and recorded scans.

`trend` samples HEAD's first-parent line and measures each snapshot from git objects (health,
hotspot health, alert files, duplication, libyear, vulnerable dependencies), adding the scans
recorded in the scan store; `record.attach` records a scan there and gives it its trend.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codevitals.trend.options import TrendOptions
    from codevitals.trend.record import attach
    from codevitals.trend.run import trend
    from codevitals.trend.store import FILE as STORE_FILE

__all__ = ["STORE_FILE", "TrendOptions", "attach", "trend"]
_HOMES = {
    "STORE_FILE": ("codevitals.trend.store", "FILE"),
    "TrendOptions": ("codevitals.trend.options", "TrendOptions"),
    "attach": ("codevitals.trend.record", "attach"),
    "trend": ("codevitals.trend.run", "trend"),
}


def __getattr__(name: str) -> Any:
    """Load each name's module when it is first used.

    Recording a scan (every `codevitals scan`) needs the store, not the snapshots, the
    dependency audit at past moments or the runner.
    """
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _HOMES[name]
    return getattr(importlib.import_module(module), attribute)
