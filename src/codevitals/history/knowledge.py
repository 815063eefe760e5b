"""Knowledge: who wrote each file, how scattered that is, and what is lost when people leave.

Over the whole history (bots left out), for each source file present at the tip:

* ownership: each author's share of the lines added to the file, across renames;
* main author: the largest share; fragmentation: 1 − Σ share² (Herfindahl's complement);
* minor contributors: authors of less than 5 % of the file's commits (Bird et al. 2011,
  "Don't touch my code!");
* knowledge loss: the share of lines whose authors have not committed for the inactivity
  period (after Avelino et al. 2019, who call a developer gone after a year without commits);
* recent authors: who changed the file within that period (active authors, by definition),
  those who keep its knowledge alive when its main author has left;
* code age: months since the last change.

Files add up into top-level folders; the truck factor is computed for the repository and for
each top-level folder (see `truck`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from codevitals.history import truck
from codevitals.history.lineage import Revision
from codevitals.history.scope import Scope, is_source, top_folder
from codevitals.model.history import (
    ISLAND_SHARE,
    Authorship,
    Contributor,
    FileKnowledge,
    FolderKnowledge,
    TruckFactor,
)

MONTH = 365.2425 / 12 * 86_400
"""Seconds in an average month."""


@dataclass(slots=True)
class _FileRecord:
    creator: str
    created: int
    last_change: int
    lines: dict[str, int] = field(default_factory=dict)
    commits: dict[str, int] = field(default_factory=dict)
    recent: set[str] = field(default_factory=set)
    """Authors who changed the file since the inactivity cutoff."""


@dataclass(slots=True)
class _Person:
    first: int
    last: int
    commits: int = 0
    lines: int = 0


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Per-file and per-folder knowledge, the repository's truck factor and its people."""

    files: list[FileKnowledge]
    folders: list[FolderKnowledge]
    truck_factor: TruckFactor
    contributors: list[Contributor]


def assess(revisions: Sequence[Revision], scope: Scope, now: float, cutoff: float) -> Knowledge:
    """Knowledge over `revisions` (newest first); authors idle since `cutoff` are inactive."""
    records, people = _gather(reversed(revisions), scope, cutoff)
    inactive = frozenset(name for name, person in people.items() if person.last < cutoff)
    files = [_file(path, r, now, inactive) for path, r in sorted(records.items())]
    contributors = [
        Contributor(name, p.commits, p.lines, p.first, p.last, name not in inactive)
        for name, p in sorted(people.items(), key=lambda item: (-item[1].commits, item[0]))
    ]
    return Knowledge(files, _folders(files, inactive), _truck(files), contributors)


def _gather(
    oldest_first: Iterable[Revision], scope: Scope, cutoff: float
) -> tuple[dict[str, _FileRecord], dict[str, _Person]]:
    records: dict[str, _FileRecord] = {}
    people: dict[str, _Person] = {}
    for revision in oldest_first:
        author, time = revision.author, revision.time
        person = people.setdefault(author, _Person(time, time))
        person.first, person.last = min(person.first, time), max(person.last, time)
        person.commits += 1
        for touch in revision.touches:
            path = scope.local(touch.path)
            if path is None or not is_source(path):
                continue
            record = records.setdefault(path, _FileRecord(author, time, time))
            record.last_change = max(record.last_change, time)
            record.lines[author] = record.lines.get(author, 0) + touch.added
            record.commits[author] = record.commits.get(author, 0) + 1
            if time >= cutoff:
                record.recent.add(author)
            person.lines += touch.added
    return records, people


def _file(path: str, record: _FileRecord, now: float, inactive: frozenset[str]) -> FileKnowledge:
    authorship = Authorship(record.lines, record.commits)
    main = authorship.main_author
    return FileKnowledge(
        path=path,
        authorship=authorship,
        creator=record.creator,
        created=record.created,
        last_change=record.last_change,
        age_months=max(now - record.last_change, 0.0) / MONTH,
        inactive_share=authorship.inactive_share(inactive),
        main_author_inactive=main is not None and main in inactive,
        doa_authors=truck.file_authors(record.commits, record.creator),
        recent_authors=tuple(sorted(record.recent)),
    )


def _truck(files: Iterable[FileKnowledge]) -> TruckFactor:
    return truck.truck_factor({item.path: item.doa_authors for item in files})


def _folders(files: Sequence[FileKnowledge], inactive: frozenset[str]) -> list[FolderKnowledge]:
    grouped: dict[str, list[FileKnowledge]] = {}
    for item in files:
        folder = top_folder(item.path)
        if folder is not None:
            grouped.setdefault(folder, []).append(item)
    return [_folder(name, members, inactive) for name, members in sorted(grouped.items())]


def _folder(name: str, files: list[FileKnowledge], inactive: frozenset[str]) -> FolderKnowledge:
    authorship: Authorship = sum((item.authorship for item in files), Authorship())
    return FolderKnowledge(
        folder=name,
        files=len(files),
        authorship=authorship,
        inactive_share=authorship.inactive_share(inactive),
        truck_factor=_truck(files),
        islands=sum(1 for item in files if is_island(item)),
    )


def is_island(item: FileKnowledge) -> bool:
    """Whether one author wrote at least 90 % of the file's lines."""
    return item.authorship.total_lines > 0 and item.authorship.main_share >= ISLAND_SHARE
