"""Repository-wide clone detection: what was found, and how it is cached.

The search itself lives in `clone_search` (numpy), imported only when a scan has to detect
clones again; a warm scan reads the report from the cache and never loads numpy.
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from codevitals.code.biomarkers.base import Region
from codevitals.code.lines import Fingerprints
from codevitals.model import Clone, Location


@dataclass(frozen=True, slots=True)
class CloneReport:
    """Clone pairs, and per file the merged regions they cover."""

    clones: tuple[Clone, ...]
    regions: dict[str, tuple[Region, ...]]

    @classmethod
    def merged(cls, reports: Sequence[CloneReport]) -> CloneReport:
        """One report of the clones of several (reports of disjoint sets of files)."""
        if len(reports) == 1:
            return reports[0]
        regions: dict[str, tuple[Region, ...]] = {}
        for report in reports:
            regions.update(report.regions)
        return cls(tuple(c for report in reports for c in report.clones), regions)

    @property
    def duplicated_lines(self) -> int:
        """Code lines that lie in some duplicated region."""
        return sum(region.lines for regions in self.regions.values() for region in regions)

    def encode(self) -> bytes:
        """Serialise for the cache (marshal of plain tuples)."""
        record: Any = (
            tuple((c.lines, c.tokens, _place(c.first), _place(c.second)) for c in self.clones),
            {path: tuple((r.line, r.end_line, r.lines, r.other) for r in regions)
             for path, regions in self.regions.items()},
        )  # fmt: skip
        return marshal.dumps(record)

    @classmethod
    def decode(cls, blob: bytes) -> CloneReport:
        """Rebuild from `encode`'s bytes; raises ValueError on anything malformed."""
        try:
            clones, regions = marshal.loads(blob)  # noqa: S302 - our own cache records
            return cls(
                tuple(Clone(n, t, Location(*a), Location(*b)) for n, t, a, b in clones),
                {path: tuple(Region(*r) for r in items) for path, items in regions.items()},
            )
        except (EOFError, TypeError, ValueError) as error:
            raise ValueError(f"malformed clone record: {error}") from error


def _place(location: Location) -> tuple[str, int, int]:
    return (location.path, location.line, location.end_line)


@dataclass(frozen=True, slots=True)
class Duplication:
    """What counts as duplicated code: regions alike token for token, long and big enough.

    `min_lines` is the duplicated-code biomarker's threshold in code lines, `min_tokens`
    the `--duplication-min-tokens` option.
    """

    min_lines: int = 6
    min_tokens: int = 50

    def key(self) -> list[str]:
        """Both settings, as a cached clone report's key names them."""
        return [str(self.min_lines), str(self.min_tokens)]


def detect(files: Sequence[tuple[str, Fingerprints]], settings: Duplication) -> CloneReport:
    """Find duplicated code across (and within) the given files."""
    from codevitals.code import clone_search  # noqa: PLC0415 - numpy only when needed

    clones, regions = clone_search.search(
        files, min_lines=settings.min_lines, min_tokens=settings.min_tokens
    )
    return CloneReport(clones, regions)
