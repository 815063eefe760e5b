"""One task of a fleet: scan one repository where the task runs, return its compact result.

A task runs in a worker process (local mode) or on a Dask worker, possibly on another
machine, so everything it needs travels in its `Job` and what it returns is small and
picklable. Every repository is scanned at its HEAD commit from git objects (`scan_revision`)
and its history analysed up to that commit: the result depends on the commit alone, which
is what lets a later run reuse it, and work trees, bare repositories and clones are scanned
alike. Nothing is checked out.

A task scans in its own process, one file after another (`jobs=1`): the fleet's parallelism
is across repositories. Dask's worker processes are daemonic and may not start a process
pool of their own; in local mode, one process per repository keeps every core busy without
the oversubscription of pools inside pools.

Failures a user can cause (a missing path, a folder that is not a repository, a corrupt
repository, a clone that fails) come back as a `RepositoryFailure`, never as an exception, so that
they cross process and machine boundaries intact.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path

from codevitals import git
from codevitals.cache import Cache, default_dir
from codevitals.errors import CodevitalsError, InputError
from codevitals.fleet.clone import CloneOptions, cloned
from codevitals.fleet.sources import Repository, is_repository
from codevitals.fleet.summary import summarise
from codevitals.history import Inputs, Outcome, analyse_at
from codevitals.model import ScanResult
from codevitals.model.fleet import RepositoryFailure, RepositoryResult
from codevitals.scan import ScanOptions, scan_revision


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a task needs: which repository, how to scan it, where to clone it."""

    repository: Repository
    options: ScanOptions
    clones: CloneOptions = field(default_factory=CloneOptions)
    attempt: int = 1


def run(job: Job) -> RepositoryResult | RepositoryFailure:
    """Scan the job's repository; a failure a user can cause is returned, not raised."""
    try:
        return _scan(job)
    except CodevitalsError as error:
        return failure(job, error.slug, str(error))
    except OSError as error:
        return failure(job, "unreadable", f"{error.strerror or error}")


def failure(job: Job, reason: str, message: str) -> RepositoryFailure:
    """A failure of the job's repository at the job's attempt."""
    repository = job.repository
    return RepositoryFailure(repository.name, repository.location, reason, message, job.attempt)


def _scan(job: Job) -> RepositoryResult:
    repository = job.repository
    if repository.url is not None:
        with cloned(repository, job.clones) as top:
            return _scan_at(job, top)
    assert repository.path is not None  # noqa: S101 - a repository is a path or a URL
    return _scan_at(job, local_top(repository.path, repository.location))


def local_top(path: Path, shown: str) -> Path:
    """The repository at `path` (`shown` as listed): a work tree's top, or a bare repository."""
    if not path.exists():
        raise InputError(f"{shown}: no such file or directory", slug="missing")
    if not path.is_dir() or not is_repository(path):
        raise InputError(f"{shown}: not a git repository", slug="not-a-repository")
    if git.run(path, "rev-parse", "--is-bare-repository").strip() == b"true":
        return path
    return git.toplevel(path) or path


def _scan_at(job: Job, top: Path) -> RepositoryResult:
    commit = git.resolve(top, "HEAD")
    options = job.options
    started = time.time()
    scanned = scan_revision(top, commit, dataclasses.replace(options, history=None))
    outcome = _history(top, commit, scanned, options)
    moment = options.history.now if options.history and options.history.now else started
    return summarise(job.repository, scanned, outcome, int(moment))


def _history(top: Path, commit: str, scanned: ScanResult, options: ScanOptions) -> Outcome:
    if options.history is None:
        return Outcome(None)
    cache = Cache((options.cache_dir or default_dir()) if options.use_cache else None)
    try:
        inputs = Inputs(top, scanned.files, options.filters, cache, jobs=1)
        return analyse_at(top, commit, inputs, options.history)
    finally:
        cache.close()
