"""The truck factor, by Avelino et al.'s degree-of-authorship model (ICPC 2016).

A developer's degree of authorship (DOA) of a file, from how it was built:

    DOA = 3.293 + 1.098·FA + 0.164·DL − 0.321·ln(1 + AC)

FA is 1 for the developer who created the file; DL counts their later commits to it, AC the
later commits of everybody else (the creating commit is in neither, as in the authors'
reference implementation). The file's authors are the developers whose DOA is more than 0.75
of the file's highest and who either reach 3.293 or created it.

The truck factor is then found greedily: while at least half the files still have an
author, remove the developer who authors most files. The number removed is the truck factor:
the fewest people whose departure would leave most of the code without anyone who knows it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from codevitals.model.history import TruckFactor

_BASE = 3.293
_CREATOR = 1.098
_DELIVERY = 0.164
_ACCEPTANCE = 0.321
_NORMALISED = 0.75
_COVERAGE = 0.5


def degree_of_authorship(*, creator: bool, deliveries: int, acceptances: int) -> float:
    """Avelino et al.'s DOA of one developer for one file."""
    return (
        _BASE
        + _CREATOR * creator
        + _DELIVERY * deliveries
        - _ACCEPTANCE * math.log(1 + acceptances)
    )


def file_authors(commits: Mapping[str, int], creator: str) -> tuple[str, ...]:
    """The authors of a file, from each developer's commits to it (creation included)."""
    later = sum(commits.values()) - 1  # every commit but the one creating the file
    degrees: dict[str, float] = {}
    for developer, count in commits.items():
        own = count - (developer == creator)
        degrees[developer] = degree_of_authorship(
            creator=developer == creator, deliveries=own, acceptances=later - own
        )
    best = max(degrees.values(), default=0.0)
    if best <= 0:
        return ()
    return tuple(
        sorted(
            developer
            for developer, degree in degrees.items()
            if degree / best > _NORMALISED and (degree >= _BASE or developer == creator)
        )
    )


def truck_factor(authors: Mapping[str, tuple[str, ...]]) -> TruckFactor:
    """The greedy truck factor over files (path → its authors)."""
    files_of: dict[str, set[str]] = {}
    for path, developers in authors.items():
        for developer in developers:
            files_of.setdefault(developer, set()).add(path)
    removed: list[str] = []
    while files_of and _coverage(files_of, len(authors)) >= _COVERAGE:
        top = min(files_of, key=lambda d: (-len(files_of[d]), d))
        removed.append(top)
        del files_of[top]
    return TruckFactor(len(removed), tuple(removed), len(authors))


def _coverage(files_of: Mapping[str, set[str]], total: int) -> float:
    covered: set[str] = set().union(*files_of.values())
    return len(covered) / total if total else 0.0
