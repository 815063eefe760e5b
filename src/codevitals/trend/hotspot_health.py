"""The health of a repository's top hotspots: one measure of a trend point.

Apart from the mining of snapshots' hotspots (`trend.hotspots`), so that recording a scan,
which has its hotspots already, loads none of that.
"""

from __future__ import annotations

from collections.abc import Sequence

from codevitals.model import Role
from codevitals.model.history import Hotspot
from codevitals.trend.options import HOTSPOTS


def hotspot_health(ranked: Sequence[Hotspot], window_commits: int) -> float | None:
    """Lines-weighted health of the top production hotspots.

    10 when commits were made in the window but no unhealthy production file changed; None
    when nothing was committed in the window, so there is nothing to judge.
    """
    top = [spot for spot in ranked if spot.role is Role.PRODUCTION][:HOTSPOTS]
    if not top:
        return 10.0 if window_commits else None
    lines = sum(spot.code_lines for spot in top)
    if not lines:
        return sum(spot.health for spot in top) / len(top)
    return sum(spot.health * spot.code_lines for spot in top) / lines
