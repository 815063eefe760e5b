"""OSV advisories as the audit uses them, read from OSV records (JSON or YAML alike).

Only what the audit needs is kept: the entries of `affected` for one package of one
ecosystem (PyPI unless said otherwise), the ids,
the severity and the withdrawn date. `reduce` keeps the same fields as a plain dict, which
is what caches store, so a cached advisory and a fresh one go through the same parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from codevitals.deps.ecosystems import ECOSYSTEMS

ECOSYSTEM = "PyPI"
_BY_NAME = {item.name: item for item in ECOSYSTEMS}
_KEPT = ("id", "modified", "aliases", "summary", "details", "severity", "withdrawn",
         "database_specific")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Event:
    """One event of a range: introduced, fixed, last_affected or limit, at a version."""

    kind: str
    version: str


@dataclass(frozen=True, slots=True)
class VersionRange:
    """A range of affected versions (ECOSYSTEM and SEMVER are evaluated; GIT is not)."""

    kind: str
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Affected:
    """One `affected` entry for the package: its ranges and its explicit versions."""

    ranges: tuple[VersionRange, ...] = ()
    versions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Advisory:
    """An OSV advisory as it applies to one package."""

    id: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    severity: tuple[tuple[str, str], ...] = ()
    """(type, score) pairs, e.g. ("CVSS_V3", "CVSS:3.1/AV:N/…")."""
    rating: str | None = None
    """A rating the database gives (GitHub's `database_specific.severity`)."""
    withdrawn: str | None = None
    affected: tuple[Affected, ...] = ()
    modified: str = ""


def packages_of(record: Mapping[str, Any], ecosystem: str = ECOSYSTEM) -> set[str]:
    """Normalised names of the packages of `ecosystem` an OSV record is about."""
    return {name for found, name in all_packages_of(record) if found == ecosystem}


def all_packages_of(record: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(ecosystem, normalised name) of each package an OSV record is about.

    Only ecosystems codevitals reads are kept (OSV also has Debian, Alpine, …).
    """
    found: set[tuple[str, str]] = set()
    for entry in _list(record.get("affected")):
        package = entry.get("package") if isinstance(entry, dict) else None
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            continue
        known = _BY_NAME.get(str(package.get("ecosystem")))
        if known is not None:
            found.add((known.name, known.normalise(package["name"])))
    return found


def reduce(record: Mapping[str, Any], package: str, ecosystem: str = ECOSYSTEM) -> dict[str, Any]:
    """The fields of an OSV record the audit reads, with only `package`'s affected entries."""
    kept = {key: record[key] for key in _KEPT if key in record}
    entries = _list(record.get("affected"))
    kept["affected"] = [entry for entry in entries if _is_for(entry, package, ecosystem)]
    return kept


def parse(record: Mapping[str, Any], package: str, ecosystem: str = ECOSYSTEM) -> Advisory:
    """An `Advisory` for `package` of `ecosystem` from an OSV record (or a reduced one)."""
    return Advisory(
        id=str(record.get("id", "")),
        aliases=tuple(str(alias) for alias in _list(record.get("aliases"))),
        summary=_summary(record),
        severity=_severity(record, package, ecosystem),
        rating=_rating(record),
        withdrawn=str(record["withdrawn"]) if record.get("withdrawn") else None,
        affected=tuple(
            _affected(e) for e in _list(record.get("affected")) if _is_for(e, package, ecosystem)
        ),
        modified=str(record.get("modified", "")),
    )


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_for(entry: object, package: str, ecosystem: str) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("package"), dict):
        return False
    found = entry["package"]
    name = found.get("name")
    known = _BY_NAME.get(ecosystem)
    return (
        known is not None
        and found.get("ecosystem") == ecosystem
        and isinstance(name, str)
        and known.normalise(name) == package
    )


def _summary(record: Mapping[str, Any]) -> str:
    text = record.get("summary") or record.get("details") or ""
    first = str(text).strip().split("\n\n", 1)[0]
    return " ".join(first.split())


def _severity(
    record: Mapping[str, Any], package: str, ecosystem: str
) -> tuple[tuple[str, str], ...]:
    found = _list(record.get("severity"))
    for entry in _list(record.get("affected")):
        if _is_for(entry, package, ecosystem):
            found += _list(entry.get("severity"))
    return tuple(
        (str(item.get("type")), str(item.get("score")))
        for item in found
        if isinstance(item, dict) and item.get("score")
    )


def _rating(record: Mapping[str, Any]) -> str | None:
    specific = record.get("database_specific")
    rating = specific.get("severity") if isinstance(specific, dict) else None
    return rating.lower() if isinstance(rating, str) and rating else None


def _affected(entry: dict[str, Any]) -> Affected:
    ranges = tuple(
        VersionRange(str(item.get("type", "")), _events(item.get("events")))
        for item in _list(entry.get("ranges"))
        if isinstance(item, dict)
    )
    return Affected(ranges, tuple(str(v) for v in _list(entry.get("versions"))))


def _events(events: object) -> tuple[Event, ...]:
    found: list[Event] = []
    for event in _list(events):
        if isinstance(event, dict):
            found += [Event(str(kind), str(version)) for kind, version in event.items()]
    return tuple(found)
