"""A fleet run: resume what is stored, scan the rest in parallel, assemble the organisation.

Before anything is scanned, each repository's HEAD is read (`git rev-parse` for a local
repository, `git ls-remote` for a URL, a few at a time in threads): a repository whose
result at that commit is stored is not scanned, or cloned, again. Each result is stored
the moment it arrives, so a run stopped half-way keeps everything it finished.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codevitals import git, workers
from codevitals.errors import CodevitalsError
from codevitals.fleet import organisation
from codevitals.fleet.clone import NETWORK_CONFIG, PROBE_TIMEOUT, CloneOptions
from codevitals.fleet.executors import LocalPool, Outcome, Pool, gather
from codevitals.fleet.sources import Repository
from codevitals.fleet.state import State, fingerprint
from codevitals.fleet.task import Job, local_top
from codevitals.model.fleet import Entry, Organisation, RepositoryResult, Status
from codevitals.scan import ScanOptions
from codevitals.workers import processes

PROBES = 8
"""HEADs read at once (mostly waiting on `git ls-remote` over the network)."""

Advance = Callable[[Outcome | None], None]
"""Told of each repository done: its outcome, or None for a stored result reused."""


@dataclass(frozen=True, slots=True)
class Fleet:
    """What to scan, how, and where."""

    name: str
    repositories: Sequence[Repository]
    options: ScanOptions
    as_of: float
    """The moment every repository's history is measured from."""
    clones: CloneOptions = field(default_factory=CloneOptions)
    scheduler: str | None = None
    """None: local processes; `local`: a Dask LocalCluster; else a Dask scheduler address."""
    workers: int | None = None
    jobs: int = 0
    fresh: bool = False
    """Scan everything, ignoring stored results."""
    settings: dict[str, object] = field(default_factory=dict)
    """The options that shape results, as reported (and part of the store's key)."""


def run(fleet: Fleet, advance: Advance = lambda _: None) -> Organisation:
    """Scan the fleet (resuming stored results) and assemble the organisation's view."""
    options = fleet.options
    state = State(options.cache_dir, fingerprint(fleet.settings), enabled=options.use_cache)
    try:
        stored = {} if fleet.fresh else _stored(fleet, state)
        entries = [Entry(Status.RESUMED, result) for result in stored.values()]
        for _ in entries:
            advance(None)
        todo = [r for r in fleet.repositories if r.identity not in stored]
        entries += _scan(fleet, todo, state, advance)
    finally:
        state.close()
    return organisation.assemble(fleet.name, entries, int(fleet.as_of), fleet.settings)


def _stored(fleet: Fleet, state: State) -> dict[str, RepositoryResult]:
    def probe(repository: Repository) -> str | None:
        return head(repository, fleet.clones)

    with workers.threads(PROBES) as threads:
        heads = dict(zip(fleet.repositories, threads.map(probe, fleet.repositories), strict=True))
    commits = {r.identity: commit for r, commit in heads.items() if commit is not None}
    return state.load(commits, fleet.as_of)


def head(repository: Repository, clones: CloneOptions) -> str | None:
    """The commit a repository's HEAD is at; None when that cannot be told from here."""
    try:
        if repository.url is not None:
            if not clones.allows(repository.url):
                return None
            return _remote_head(repository.url, min(PROBE_TIMEOUT, clones.timeout))
        assert repository.path is not None  # noqa: S101 - a repository is a path or a URL
        return git.head(local_top(repository.path, repository.location))
    except (CodevitalsError, OSError):
        return None


def _remote_head(url: str, timeout: float) -> str | None:
    here = Path(tempfile.gettempdir())
    listed = git.run(
        here, "ls-remote", "--", url, "HEAD", config=NETWORK_CONFIG, timeout=timeout
    ).split()
    return listed[0].decode() if listed else None


def _scan(fleet: Fleet, todo: Sequence[Repository], state: State, advance: Advance) -> list[Entry]:
    if not todo:
        return []
    by_name = {r.name: r for r in todo}
    largest_first = sorted(todo, key=weight, reverse=True)
    jobs = [Job(r, fleet.options, fleet.clones) for r in largest_first]
    entries: list[Entry] = []
    pool = _pool(fleet, len(jobs))
    interrupted = True
    try:
        for outcome in gather(pool, jobs):
            entries.append(_entry(outcome, by_name, state, fleet.as_of))
            advance(outcome)
        interrupted = False
    finally:
        pool.close(interrupted=interrupted)
    return entries


def weight(repository: Repository) -> int:
    """Bytes of a local repository's git objects: how long its scan will take, roughly.

    Jobs start largest first, so the longest scan is not the last one started, leaving
    the other workers idle while it runs (longest-processing-time-first scheduling). A
    repository to clone, or one whose objects cannot be found, weighs nothing.
    """
    if repository.path is None:
        return 0
    git_dir = repository.path / ".git"
    objects = (git_dir if git_dir.is_dir() else repository.path) / "objects"
    try:
        return sum(entry.stat().st_size for entry in _files(objects))
    except OSError:
        return 0


def _files(folder: Path) -> Iterator[os.DirEntry[str]]:
    """Every file under `folder`, packs and loose objects alike."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                yield entry


def _entry(outcome: Outcome, by_name: dict[str, Repository], state: State, now: float) -> Entry:
    if isinstance(outcome, RepositoryResult):
        state.save(by_name[outcome.name].identity, outcome, now)
        return Entry(Status.SCANNED, result=outcome)
    return Entry(Status.FAILED, failure=outcome)


def _pool(fleet: Fleet, count: int) -> Pool[Any]:
    if fleet.scheduler is None:
        return LocalPool(min(processes.workers(fleet.jobs), count))
    from codevitals.fleet.dask_executor import DaskPool  # noqa: PLC0415 - optional extra

    return DaskPool(fleet.scheduler, fleet.workers)


def describe(options: ScanOptions, *, shallow: bool) -> dict[str, object]:
    """The options that shape every repository's result, as reported and stored."""
    filters = options.filters
    audit = options.dependencies
    return {
        "health": {**options.policy.describe(), "duplication-min-tokens": options.min_tokens},
        "filters": {
            "include": list(filters.include),
            "exclude": list(filters.exclude),
            "default-excludes": filters.default_excludes,
            "tests": list(filters.tests),
            "max-file-size": filters.max_file_size,
        },
        "history": options.history.describe() if options.history is not None else None,
        "dependencies": None
        if audit is None
        else {
            "offline": audit.offline,
            "vuln-db": str(audit.vuln_db) if audit.vuln_db is not None else None,
            "index-url": audit.index_url,
            "osv-url": audit.osv_url,
            "unmaintained-after-days": audit.unmaintained_after.days,
        },
        "shallow-clones": shallow,
    }
