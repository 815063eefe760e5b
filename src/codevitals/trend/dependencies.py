"""Dependency measures of a snapshot: libyear and vulnerable dependencies, or unknown.

A snapshot's manifests are audited from git objects (nothing is checked out) as at the
snapshot's moment: libyear counts against the releases that existed then, because a release
made later could not have been adopted and would make every old snapshot look stale.
Vulnerabilities are the advisories known now (a vulnerable pin was vulnerable then, whether or
not anyone knew). Release and advisory data come from the cache where it has them (an
offline run uses cached data of any age).

What was not measured is never zero: without manifests both are None, and so is a figure for
which no package could be measured (offline with nothing cached, no network, nothing pinned).
A figure some packages could not add to counts them in `unknown_dependencies`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from codevitals.cache import Cache
from codevitals.discover import Filters
from codevitals.model.deps import Aspect, Dependency, DependencyReport
from codevitals.model.trend import Measures

if TYPE_CHECKING:
    from codevitals.deps.audit import AuditOptions


def measures(report: DependencyReport | None) -> Measures:
    """libyear, vulnerable and unknown dependencies of an audit (None: not audited)."""
    if report is None or not report.manifests:
        return Measures()
    found = report.dependencies
    totals = report.totals
    libyear = totals.libyear if _known(found, _has_libyear) else None
    vulnerable = totals.vulnerable if _known(found, _checked) else None
    return Measures(libyear=libyear, vulnerable=vulnerable, unknown_dependencies=totals.unknown)


@dataclass(frozen=True, slots=True)
class SnapshotAudit:
    """Audits the manifests of a repository's commits, each as at a moment."""

    top: Path
    options: AuditOptions
    filters: Filters
    cache: Cache

    def at(self, commit: str, moment: int) -> Measures:
        """The dependency measures of `commit`, judged at `moment`."""
        as_of = dt.datetime.fromtimestamp(moment, dt.UTC)
        options = dataclasses.replace(self.options, as_of=as_of)
        # Imported here: recording a scan reads `measures` only, and needs none of the audit.
        from codevitals.tree_audit import audit_revision  # noqa: PLC0415

        return measures(audit_revision(self.top, commit, self.filters, options, self.cache))


def _known(found: Sequence[Dependency], measured: Callable[[Dependency], bool]) -> bool:
    """Whether a figure means something: a package was measured, or nothing is unknown."""
    return any(measured(item) for item in found) or not any(item.unknowns for item in found)


def _has_libyear(item: Dependency) -> bool:
    return item.freshness is not None and item.freshness.libyear is not None


def _checked(item: Dependency) -> bool:
    """Pinned, and looked up in a vulnerability database."""
    pinned = item.declaration.version is not None and not item.declaration.unresolvable
    return pinned and not any(u.aspect is Aspect.VULNERABILITIES for u in item.unknowns)
