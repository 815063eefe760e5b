"""Which files of the population bug fixes landed in during the window, and how often.

The window's commits are followed across renames (`history.lineage`) to the names files have
at its end; each name is then mapped back to the file's name at the origin, so a file renamed
after the origin keeps its fixes. A fix commit counts once per file whose lines it changed (a
pure rename is no fix of the file); files created in the window are not in the population,
and files deleted in it stay there with the fixes they had before they went.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from codevitals.history.lineage import Followed


@dataclass(frozen=True, slots=True)
class Labels:
    """Fix commits per file of the population (files without fixes absent)."""

    fixes: dict[str, int]
    commits: int
    """Fix commits that changed at least one file of the population."""
    window_commits: int
    """Every commit in the window (bots left out)."""

    @property
    def events(self) -> int:
        """(fix commit, file) pairs."""
        return sum(self.fixes.values())


def label(window: Followed, fixes: Collection[str], population: Collection[str]) -> Labels:
    """The fixes each file of `population` (named as at the origin) received in `window`."""
    origin_name = _names_at_origin(window, population)
    counted: Counter[str] = Counter()
    commits = 0
    for revision in window.revisions:
        if revision.sha not in fixes:
            continue
        fixed = {
            origin_name[touch.path]
            for touch in revision.touches
            if touch.path in origin_name and touch.added + touch.deleted > 0
        }
        counted.update(fixed)
        commits += bool(fixed)
    return Labels(dict(counted), commits, len(window.revisions))


def _names_at_origin(window: Followed, population: Collection[str]) -> dict[str, str]:
    """Each population file's name at the end of the window → its name at the origin."""
    return {window.newest.get(path, path): path for path in sorted(population)}
