"""What every package registry answers, and the cache in front of all of them.

A registry client (PyPI's JSON API, the npm registry, …) turns a package's document into a
`Project`: every release with its first upload time and whether it is withdrawn (yanked on
PyPI, deprecated on npm). `CachedRegistry` holds what they share: answers come from the
cache while fresh, the rest are fetched in parallel through the one `Fetcher`, and only
projects (and a registry's word that a package does not exist) are cached, never transient
errors. Offline (no fetcher), only the cache answers.

A cached project also keeps each release's place in its version order (`Places`), so a warm
audit compares integers instead of parsing a hundred thousand version strings again. The
places are stored with the parsers' `ORDERING` generation: an entry written by other rules
(or before places were stored) is read with its releases and placed again, never misread.
Entries are stored in columns (`FORMAT`); an entry of the first format (a row per release)
is still read, and placed again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import and_, attrgetter, not_
from typing import Any, NamedTuple, Protocol, TypeGuard

from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.store import Stamped
from codevitals.deps.versions import Parse, pep440

TTL = 24 * 3600.0
"""Seconds release metadata stays fresh in the cache."""

ORDERING = 1
"""The generation of the version parsers' order that cached places were made by: raise it
whenever an ecosystem's ordering rules change, so stored places are made again."""

FORMAT = 2
"""The layout of a cached project. 2: a column per field (versions, upload times, the
withdrawn ones, places), a few lists to decode instead of a list per release. 1 (no
`format`): a `releases` row of four per release and no places; still read."""


class Release(NamedTuple):
    """One version of a project on the index (a tuple: a warm audit restores 100,000)."""

    version: str
    uploaded: str | None
    """ISO 8601 time of its first file's upload (UTC); None when it has no files."""
    yanked: bool = False
    yanked_reason: str | None = None


class Places(NamedTuple):
    """Each release's place among its project's versions, its pre-release flag and major.

    Equal versions (`1.0` and `1.0.0` on PyPI) share a place; places compare only within
    one project. Columns, not an object per release: a warm audit reads 100,000 of them.
    """

    place: tuple[int, ...]
    """-1 for a release that is no version by its ecosystem's rules."""
    prerelease: tuple[bool, ...]
    major: tuple[int, ...]
    finals: tuple[int, ...]
    """The places of the final releases not withdrawn, in order: those a version is behind."""
    latest: int | None
    """The index of the latest release: the first listed of the highest final release not
    withdrawn, else of the highest version not withdrawn; None when there is no such one."""


def summed_up(
    place: Sequence[int], prerelease: Sequence[bool], major: Sequence[int], yanked: Iterable[bool]
) -> Places:
    """Places with what freshness needs of them all (`finals`, `latest`), worked out once.

    Columns are combined by C functions, not a Python step per release: a project can have
    thousands. Usable: a version (place -1 is none) and not withdrawn.
    """
    usable_mask = list(map(and_, map((-1).__lt__, place), map(not_, yanked)))
    usable = list(itertools.compress(itertools.count(), usable_mask))
    final_mask = map(and_, usable_mask, map(not_, prerelease))
    finals = list(itertools.compress(itertools.count(), final_mask))
    # The first listed of the highest, as `max` over parsed versions picks it.
    latest = max(finals or usable, key=place.__getitem__, default=None)
    ordered = tuple(sorted(map(place.__getitem__, finals)))
    return Places(tuple(place), tuple(prerelease), tuple(major), ordered, latest)


@dataclass(frozen=True, slots=True)
class Project:
    """A project's releases, as the index lists them, and how its ecosystem orders them."""

    name: str
    releases: tuple[Release, ...]
    order: Parse = field(default=pep440, compare=False, repr=False)
    """The ecosystem's version parser (PEP 440 on PyPI)."""
    unmaintained: str | None = None
    """The registry's own word that the project is no longer maintained (Packagist's
    `abandoned`), or None when it says nothing."""
    places: Places | None = field(default=None, compare=False, repr=False)
    """Each release's place in the order; None when not worked out yet (see `placed`)."""


def placed(project: Project) -> Places:
    """Each release's place among the project's versions.

    Made by parsing and sorting once when the project has none yet (a fresh answer, or an
    entry cached without them).
    """
    if project.places is not None and len(project.places.place) == len(project.releases):
        return project.places
    parsed = [project.order(r.version) for r in project.releases]
    places = [-1] * len(parsed)
    valid = [(i, at) for i, at in enumerate(parsed) if at is not None]
    place, previous = -1, None
    for i, at in sorted(valid, key=lambda pair: pair[1]):  # equal versions keep their order
        if previous is None or previous < at:
            place, previous = place + 1, at
        places[i] = place
    return summed_up(
        places,
        [at is not None and at.is_prerelease for at in parsed],
        [at.major if at is not None else 0 for at in parsed],
        map(attrgetter("yanked"), project.releases),
    )


def with_places(project: Project) -> Project:
    """The project with its releases' places filled in."""
    if project.places is not None:
        return project
    return dataclasses.replace(project, places=placed(project))


class RegistryClient(Protocol):
    """Where an ecosystem's release history comes from."""

    index_url: str

    def projects(self, names: Sequence[str]) -> dict[str, Project | Failure]:
        """Each of `names` (normalised) with its releases, or why they are unknown."""


class NoRegistry:
    """An ecosystem with no central registry to ask (SwiftPM: each package is a repository).

    Every release history is unknown, and says why: freshness is never taken as current.
    """

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str) -> None:
        """The same arguments as every client's; none is used."""
        del fetcher, cache
        self.index_url = index_url

    def projects(self, names: Sequence[str]) -> dict[str, Project | Failure]:
        """Each name, unknown."""
        failure = Failure("no-registry", "no central registry lists its releases")
        return dict.fromkeys(names, failure)


class CachedRegistry:
    """Looks up projects: from the cache while fresh, else from the registry, in parallel.

    A subclass says how to fetch one project (`_fetch`); `kind` keeps its cache keys apart.
    """

    kind = "registry"
    order: Parse = staticmethod(pep440)
    """How the registry's ecosystem orders versions (`Project.order`)."""

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        self._fetcher = fetcher
        self._cache = cache
        self.index_url = index_url.rstrip("/")
        digest = hashlib.sha1(self.index_url.encode(), usedforsecurity=False).hexdigest()
        self._prefix = f"{self.kind}:v1:{digest[:12]}:"

    def projects(self, names: Sequence[str]) -> dict[str, Project | Failure]:
        """Each of `names` (normalised) with its releases, or why they are unknown."""
        keys = {name: self._prefix + name for name in names}
        cached = self._cache.get_many(list(keys.values()))
        restored = {name: self._restore(name, cached.get(key)) for name, key in keys.items()}
        found = {name: item for name, item in restored.items() if item is not None}
        missing = [name for name in names if name not in found]
        if self._fetcher is None:
            offline = Failure("offline", "--offline and not in the cache")
            return {**found, **dict.fromkeys(missing, offline)}
        fetcher = self._fetcher
        fetched = [
            with_places(item) if isinstance(item, Project) else item
            for item in fetcher.map(lambda name: self._fetch(fetcher, name), missing)
        ]
        self._cache.put_many(
            {keys[name]: _compact(item) for name, item in zip(missing, fetched, strict=True)
             if _cacheable(item)}
        )  # fmt: skip
        found.update(zip(missing, fetched, strict=True))
        return found

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        raise NotImplementedError

    def _restore(self, name: str, payload: Any) -> Project | Failure | None:
        """A cached answer, or None when there is none (or it is not one we wrote)."""
        if not isinstance(payload, dict):
            return None
        if isinstance(payload.get("missing"), str):
            return Failure("not-found", payload["missing"])
        if payload.get("format") == FORMAT:
            releases = _columns(payload)
            places = _restore_places(payload, len(releases)) if releases is not None else None
        else:  # the first format: placed again when the audit needs the places
            releases, places = _rows(payload.get("releases")), None
        if releases is None:
            return None
        flag = payload.get("unmaintained")
        unmaintained = flag if isinstance(flag, str) else None
        return Project(name, releases, self.order, unmaintained, places)


def unknown_name(failure: Failure, name: str, where: str) -> Failure:
    """A failed lookup as the audit reports it.

    The index's 404 says that `name` (`crate 'serde'`) is not on `where`, likely a misspelt or
    private package; any other failure is kept as it came.
    """
    if failure.reason != "not-found":
        return failure
    return Failure("not-found", f"no {name} on {where} (misspelt, or private?)")


def _cacheable(item: Project | Failure) -> bool:
    """Projects, and the index's word that a project does not exist; not transient errors."""
    return isinstance(item, Project) or item.reason == "not-found"


def _compact(item: Project | Failure) -> Any:
    if isinstance(item, Failure):
        return {"missing": item.message}
    releases, places = item.releases, placed(item)
    compact: dict[str, Any] = {
        "format": FORMAT,
        "versions": [r.version for r in releases],
        "uploaded": [r.uploaded for r in releases],
        "withdrawn": [[i, r.yanked, r.yanked_reason] for i, r in enumerate(releases)
                      if r.yanked or r.yanked_reason is not None],
        "ordering": ORDERING,
        "places": list(places.place),
        "prereleases": [i for i, flag in enumerate(places.prerelease) if flag],
        "majors": list(places.major),
        "finals": list(places.finals),
        "latest": places.latest,
    }  # fmt: skip
    if item.unmaintained is not None:
        compact["unmaintained"] = item.unmaintained
    return compact


_TEXT: frozenset[type] = frozenset({str})
_TEXT_OR_NONE: frozenset[type] = frozenset({str, type(None)})
_INTEGER: frozenset[type] = frozenset({int})
_release: Any = partial(tuple.__new__, Release)
"""A `Release` from a (version, uploaded, yanked, reason) tuple, made without a Python call:
a warm audit makes a hundred thousand."""


def _columns(payload: dict[str, Any]) -> tuple[Release, ...] | None:
    """The releases of an entry of the current format, or None when it is not one we wrote."""
    versions, uploaded = payload.get("versions"), payload.get("uploaded")
    withdrawn = payload.get("withdrawn")
    if not (_list_of(versions, _TEXT) and _list_of(uploaded, _TEXT_OR_NONE)):
        return None
    count = len(versions)
    if len(uploaded) != count or type(withdrawn) is not list:
        return None
    yanked: list[bool] = [False] * count
    reasons: list[str | None] = [None] * count
    for entry in withdrawn:
        if not _is_withdrawn(entry, count):
            return None
        yanked[entry[0]], reasons[entry[0]] = entry[1], entry[2]
    return tuple(map(_release, zip(versions, uploaded, yanked, reasons, strict=True)))


def _is_withdrawn(entry: object, count: int) -> bool:
    """[index, yanked, reason], as `_compact` writes it."""
    return (
        type(entry) is list
        and len(entry) == 3
        and _is_index(entry[0], count)
        and type(entry[1]) is bool
        and (entry[2] is None or type(entry[2]) is str)
    )


def _list_of(values: object, types: frozenset[type]) -> TypeGuard[list[Any]]:
    """Whether `values` is a list of values of those types, checked without a Python call each."""
    return type(values) is list and set(map(type, values)) <= types


def _restore_places(payload: dict[str, Any], count: int) -> Places | None:
    """The stored places, or None when they were made by other rules or are not ours."""
    if payload.get("ordering") != ORDERING:
        return None
    columns = _integer_columns(payload, ("places", "majors", "prereleases", "finals"))
    if columns is None:
        return None
    place, majors, prereleases, finals = columns
    latest = payload.get("latest")
    if len({len(place), len(majors), count}) != 1 or not _is_index(latest, count, none=True):
        return None
    flags = [False] * count
    for index in prereleases:
        if not _is_index(index, count):
            return None
        flags[index] = True
    return Places(tuple(place), tuple(flags), tuple(majors), tuple(finals), latest)


def _integer_columns(payload: dict[str, Any], names: Sequence[str]) -> list[list[int]] | None:
    """The payload's lists of integers under `names`, or None when one is not."""
    columns: list[Any] = [payload.get(name) for name in names]
    return columns if all(_list_of(column, _INTEGER) for column in columns) else None


def _is_index(value: object, count: int, *, none: bool = False) -> bool:
    """Whether `value` is the index of one of `count` releases (or None, when allowed)."""
    return (none and value is None) or (type(value) is int and 0 <= value < count)


def _rows(rows: object) -> tuple[Release, ...] | None:
    """The releases of an entry of the first format: a row of four per release."""
    if not isinstance(rows, list) or not all(map(_is_row, rows)):
        return None
    return tuple(map(Release._make, rows))


def _is_row(row: object) -> bool:
    """[version, uploaded, yanked, reason], as the first format wrote it."""
    return type(row) is list and len(row) == 4 and type(row[0]) is str
