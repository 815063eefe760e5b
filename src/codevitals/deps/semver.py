"""Semantic Versioning 2.0.0 as npm orders it (and OSV's `SEMVER` ranges).

Precedence (semver.org §11): major, minor and patch numerically; a pre-release is below its
release; pre-release identifiers compare one by one, numeric ones numerically and below
alphanumeric ones (ASCII order), and a shorter list is below a longer one it begins. Build
metadata (`+…`) takes no part in precedence, so `1.0.0+a` and `1.0.0+b` are equal. As npm
does, a leading `v` or `=` is dropped; OSV's `introduced: "0"` reads as 0.0.0. No library
is added for it: the rules are a screenful, and the tests pin semver.org's own examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_SEMVER = re.compile(
    r"^[v=]?\s*(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)
_NUMERIC = re.compile(r"^(0|[1-9]\d*)$")

Identifier = tuple[int, int, str]
"""A pre-release identifier as a sort key: (0, n, "") for numbers, (1, 0, text) for words."""


@dataclass(frozen=True, slots=True, order=True)
class SemVer:
    """A SemVer version; ordering and equality follow precedence (build metadata ignored)."""

    major: int
    minor: int
    patch: int
    _release: int = field(repr=False)
    """1 for a release, 0 for a pre-release: a pre-release sorts below its release."""
    prerelease: tuple[Identifier, ...] = ()
    build: str = field(default="", compare=False)

    @property
    def is_prerelease(self) -> bool:
        """Whether it has pre-release identifiers (`1.0.0-rc.1`)."""
        return not self._release

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(str(n) if k == 0 else s for k, n, s in self.prerelease)
        return text + (f"+{self.build}" if self.build else "")


@lru_cache(maxsize=65_536)
def parse(text: str) -> SemVer | None:
    """The version, or None when the text is not SemVer."""
    text = text.strip()
    if text == "0":
        return SemVer(0, 0, 0, 1)
    found = _SEMVER.match(text)
    if found is None:
        return None
    major, minor, patch, pre, build = found.groups()
    identifiers = tuple(_identifier(part) for part in pre.split(".")) if pre else ()
    if any(ident is None for ident in identifiers):
        return None
    return SemVer(
        int(major), int(minor), int(patch), 0 if pre else 1,
        tuple(i for i in identifiers if i is not None), build or "",
    )  # fmt: skip


def _identifier(part: str) -> Identifier | None:
    if _NUMERIC.match(part):
        return (0, int(part), "")
    if part.isdigit():  # a number with a leading zero is not allowed (§9)
        return None
    return (1, 0, part)


def go(text: str) -> SemVer | None:
    """A Go version, as OSV's `Go` ecosystem orders them.

    A module's (`v1.2.3`, `v2.0.0+incompatible`, pseudo-versions such as
    `v0.0.0-20191109021931-daa7c04131f5`, all SemVer) or the toolchain's (`go1.22.3`,
    `1.21`, `1.21rc2`).

    `+incompatible` is build metadata: no part of the order. A toolchain version with two
    parts is its `.0` release, and `rc`/`beta` become SemVer pre-releases, as the Go
    vulnerability database writes them (`1.21.0-rc.2`).
    """
    text = text.strip().removeprefix("go")
    found = parse(text)
    if found is not None or text.startswith("v"):
        return found
    toolchain = _TOOLCHAIN.match(text)
    if toolchain is None:
        return None
    major, minor, patch, kind, number = toolchain.groups()
    pre = f"-{kind}.{number}" if kind else ""
    return parse(f"{major}.{minor}.{patch or 0}{pre}")


_TOOLCHAIN = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?$")


# -- npm ranges ---------------------------------------------------------------------------------

Bound = tuple[str, SemVer]
"""A comparator: an operator (`<`, `<=`, `>`, `>=`, `=`) and a version."""
_COMPARATOR = re.compile(
    r"^(<=|>=|<|>|=|~>|~|\^)?\s*v?([0-9xX*]+(?:\.[0-9xX*]+){0,2})(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"
)
_HYPHEN = re.compile(r"^\s*(\S+)\s+-\s+(\S+)\s*$")


def satisfies(version: SemVer, spec: str) -> bool | None:
    """Whether an npm range (`^1.2.0`, `~1.2`, `1.x || >=3 <4`, `1.0 - 2`) holds `version`.

    As npm decides it: a pre-release only when a comparator of the same major.minor.patch
    names one. None when the range cannot be read.
    """
    verdicts = [_set_holds(version, part.strip()) for part in spec.split("||")]
    if any(v is None for v in verdicts):
        return None
    return any(verdicts)


def _set_holds(version: SemVer, text: str) -> bool | None:
    bounds = _bounds(text)
    if bounds is None:
        return None
    if not all(_holds(version, op, at) for op, at in bounds):
        return False
    if not version.is_prerelease:
        return True
    core = (version.major, version.minor, version.patch)
    return any(at.is_prerelease and (at.major, at.minor, at.patch) == core for _, at in bounds)


def _holds(version: SemVer, op: str, at: SemVer) -> bool:
    return {"<": version < at, "<=": version <= at, ">": version > at,
            ">=": version >= at, "=": version == at}[op]  # fmt: skip


def _bounds(text: str) -> list[Bound] | None:
    if text in ("", "*", "x", "X", "latest"):
        return []
    hyphen = _HYPHEN.match(text)
    if hyphen is not None:
        low, high = _comparator(">=" + hyphen.group(1)), _upper(hyphen.group(2))
        return None if low is None or high is None else low + high
    bounds: list[Bound] = []
    for part in re.sub(r"(<=|>=|<|>|=|~>|~|\^)\s+", r"\1", text).split():
        found = _comparator(part)
        if found is None:
            return None
        bounds += found
    return bounds


def _upper(text: str) -> list[Bound] | None:
    """The upper end of a hyphen range: inclusive when full, below the next when partial."""
    found = _comparator(text)
    if found is None:
        return None
    return [(op, at) for op, at in found if op in ("<", "<=")] or [("<=", at) for _, at in found]


def _comparator(part: str) -> list[Bound] | None:
    found = _COMPARATOR.match(part)
    if found is None:
        return None
    op, core, pre, _ = found.groups()
    numbers = [None if n in ("x", "X", "*") else int(n) for n in core.split(".")]
    numbers += [None] * (3 - len(numbers))
    if None in numbers:
        numbers = numbers[: numbers.index(None)]
    if pre and len(numbers) == 3:
        exact = parse(f"{core}{pre}")
        if exact is None:
            return None
        return _full(op or "=", exact)
    return _full(op or "=", _at(numbers)) if len(numbers) == 3 else _partial(op or "=", numbers)


def _at(numbers: list[int | None], pre: bool = False) -> SemVer:
    major, minor, patch = ([*(n or 0 for n in numbers), 0, 0, 0])[:3]
    return SemVer(major, minor, patch, 0, ((0, 0, ""),)) if pre else SemVer(major, minor, patch, 1)


def _next(numbers: list[int | None], index: int) -> SemVer:
    """The lowest version (`-0`) above every version starting with `numbers[: index + 1]`."""
    bumped = [n or 0 for n in numbers[: index + 1]]
    bumped[index] += 1
    return _at([*bumped], pre=True)


def _full(op: str, at: SemVer) -> list[Bound]:
    if op == "^":
        index = 0 if at.major else 1 if at.minor else 2
        return [(">=", at), ("<", _next([at.major, at.minor, at.patch], index))]
    if op in ("~", "~>"):
        return [(">=", at), ("<", _next([at.major, at.minor], 1))]
    return [(op, at)]


def _partial(op: str, numbers: list[int | None]) -> list[Bound]:
    """A comparator with missing or wildcard parts (`1.2`, `^0`, `>1`, `1.x`)."""
    if not numbers:
        return [] if op in ("=", "^", "~", "~>", ">=", "<=") else [("<", _at([0], pre=True))]
    low = _at(numbers)
    last = len(numbers) - 1
    if op == "^":
        index = next((i for i, n in enumerate(numbers) if n), last)
        return [(">=", low), ("<", _next(numbers, index))]
    if op in ("=", "~", "~>"):
        return [(">=", low), ("<", _next(numbers, last))]
    if op == ">":
        return [(">=", _at([*(n or 0 for n in _bump(numbers, last))]))]
    if op == "<=":
        return [("<", _next(numbers, last))]
    return [(op, _at(numbers, pre=op == "<"))]


def _bump(numbers: list[int | None], index: int) -> list[int]:
    bumped = [n or 0 for n in numbers]
    bumped[index] += 1
    return bumped
