"""Advisories → the vulnerabilities a report lists: aliases merged, severity rated.

The same vulnerability often has several advisories (a PYSEC and a GHSA record for one
CVE, each naming the others as aliases); they are reported once, under the id of the
record that rates it (else the first id in sort order), with every other id as an alias.
"""

from __future__ import annotations

from collections.abc import Sequence

from codevitals.deps.advisory import Advisory
from codevitals.deps.cvss import base_score, rating
from codevitals.deps.ranges import fixed_versions, version
from codevitals.deps.versions import Ordered, Parse
from codevitals.model.deps import Vulnerability

URL = "https://osv.dev/vulnerability/"


def merge(
    advisories: Sequence[Advisory], current: Ordered, parse: Parse = version
) -> list[Vulnerability]:
    """One vulnerability per group of advisories linked by ids or aliases."""
    return sorted(
        (_vulnerability(group, current, parse) for group in _groups(advisories)),
        key=lambda v: (-(v.score or 0.0), v.id),
    )


def _groups(advisories: Sequence[Advisory]) -> list[list[Advisory]]:
    groups: list[tuple[set[str], list[Advisory]]] = []
    for advisory in sorted(advisories, key=lambda a: a.id):
        names = {advisory.id, *advisory.aliases}
        linked = [g for g in groups if g[0] & names]
        for group in linked:
            names |= group[0]
        members = [a for group in linked for a in group[1]] + [advisory]
        groups = [g for g in groups if g not in linked] + [(names, members)]
    return [members for _, members in groups]


def _vulnerability(group: list[Advisory], current: Ordered, parse: Parse) -> Vulnerability:
    rated = [a for a in group if _score(a) is not None or a.rating]
    lead = max(rated, key=lambda a: _score(a) or 0.0) if rated else group[0]
    best_score = max((s for s in map(_score, group) if s is not None), default=None)
    ids = {a.id for a in group} | {alias for a in group for alias in a.aliases}
    fixed = sorted({v for a in group for v in fixed_versions(a, current, parse)})
    return Vulnerability(
        id=lead.id,
        aliases=tuple(sorted(ids - {lead.id})),
        summary=next((a.summary for a in [lead, *group] if a.summary), ""),
        severity=rating(best_score) if best_score is not None else _rating(group),
        score=best_score,
        vector=_vector(lead),
        fixed=tuple(str(v) for v in fixed),
        url=URL + lead.id,
    )


def _score(advisory: Advisory) -> float | None:
    scores = [base_score(score) for _, score in advisory.severity]
    known = [s for s in scores if s is not None]
    return max(known) if known else None


def _vector(advisory: Advisory) -> str | None:
    return next((score for kind, score in advisory.severity if kind.startswith("CVSS")), None)


def _rating(group: list[Advisory]) -> str | None:
    order = ["low", "moderate", "medium", "high", "critical"]
    ratings = [a.rating for a in group if a.rating in order]
    best = max(ratings, key=order.index, default=None)
    return "medium" if best == "moderate" else best
