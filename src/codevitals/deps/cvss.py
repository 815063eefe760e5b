"""CVSS v3 base scores from vector strings, and the rating bands of the specification.

OSV advisories give severity as a CVSS vector; users expect "high" or "critical". This is
the base-score formula of CVSS v3.1 (FIRST, section 7), also applied to v3.0 vectors (the
two differ only in rounding at the fifth decimal). Other vector types get no score.
"""

from __future__ import annotations

import math

_WEIGHTS = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}
_PRIVILEGES = {"U": {"N": 0.85, "L": 0.62, "H": 0.27}, "C": {"N": 0.85, "L": 0.68, "H": 0.5}}
_BANDS = ((9.0, "critical"), (7.0, "high"), (4.0, "medium"), (0.1, "low"), (0.0, "none"))


def base_score(vector: str) -> float | None:
    """The base score of a `CVSS:3.x/…` vector, or None when it is not a valid one."""
    metrics = _metrics(vector)
    if metrics is None:
        return None
    try:
        return _score(metrics)
    except KeyError:
        return None


def rating(score: float) -> str:
    """none, low, medium, high or critical."""
    return next(name for floor, name in _BANDS if score >= floor)


def _metrics(vector: str) -> dict[str, str] | None:
    head, _, rest = vector.partition("/")
    if head not in ("CVSS:3.0", "CVSS:3.1"):
        return None
    pairs = (item.partition(":") for item in rest.split("/"))
    return {key: value for key, _, value in pairs}


def _score(m: dict[str, str]) -> float:
    changed = m["S"] == "C"
    kept = math.prod(1 - _WEIGHTS[key][m[key]] for key in ("C", "I", "A"))
    iss = 1 - kept
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if changed else 6.42 * iss
    if impact <= 0:
        return 0.0
    exploitability = (8.22 * _WEIGHTS["AV"][m["AV"]] * _WEIGHTS["AC"][m["AC"]]
                      * _PRIVILEGES[m["S"]][m["PR"]] * _WEIGHTS["UI"][m["UI"]])  # fmt: skip
    total = (impact + exploitability) * (1.08 if changed else 1.0)
    return _round_up(min(total, 10.0))


def _round_up(value: float) -> float:
    """CVSS v3.1's Roundup: the smallest one-decimal number at or above `value`."""
    scaled = round(value * 100_000)
    if scaled % 10_000 == 0:
        return scaled / 100_000.0
    return (math.floor(scaled / 10_000) + 1) / 10.0
