"""The scan, top to bottom: discover, analyse, find clones, score, then what follows."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from codevitals import git, plan
from codevitals.cache import Cache, default_dir
from codevitals.code.batch import Progress, announce
from codevitals.discover import (
    Discovery,
    discover,
    discover_tree,
)
from codevitals.errors import InputError
from codevitals.model import (
    ScanResult,
)
from codevitals.model.plan import HealthEvidence
from codevitals.plan import evidence
from codevitals.scan.context import Context, Load
from codevitals.scan.duplication import clones_of
from codevitals.scan.follow_ups import Extras, dependencies_of, findings_of, finish, history_of
from codevitals.scan.options import ScanOptions
from codevitals.scan.reading import Analyser
from codevitals.scan.revisions import Revisions
from codevitals.scan.scoring import assess
from codevitals.workers import collector


def scan(
    root: Path, options: ScanOptions | None = None, progress: Progress | None = None
) -> ScanResult:
    """Scan a folder or repository and score its code health.

    A bare repository (a mirror, a server's copy) has no files to read: its HEAD commit is
    scanned from git objects, and its history analysed up to it, as hosted analysers treat
    a repository they cloned.
    """
    options = options or ScanOptions()
    # A work tree is no bare repository; asking for its top first saves a command run (in a
    # command's snapshot of the repository, discovery asks the same).
    if git.toplevel(root) is None and git.is_bare(root):
        return _scan_bare(root, options, progress)
    announce(progress, "discovering files")
    # Discovery remembers in the cache what it learns from a blob's content (a header's
    # language), so a warm scan reads no file it has seen.
    return _run(lambda cache: discover(root, options.filters, cache), options, progress, None)


def _scan_bare(root: Path, options: ScanOptions, progress: Progress | None) -> ScanResult:
    commit = git.head(root)
    if commit is None:
        raise InputError(f"{root}: a bare repository without commits; nothing to scan")
    with git.BlobReader(root) as blobs:
        found = discover_tree(root, commit, options.filters, blobs)
        found.bare = True
        return _run(lambda _: found, options, progress, blobs.read)


def scan_revision(
    top: Path, commit: str, options: ScanOptions | None = None, progress: Progress | None = None
) -> ScanResult:
    """Scan the tree of `commit` from git objects, without checking it out.

    Blob ids come from the tree, so files the cache knows are never read; the others are
    read through one `git cat-file --batch` process. `top` is the repository's top level.
    """
    options = options or ScanOptions()
    with git.BlobReader(top) as blobs:
        found = discover_tree(top, commit, options.filters, blobs)
        return _run(lambda _: found, options, progress, blobs.read)


def scan_revisions(
    top: Path,
    commits: Sequence[str],
    options: ScanOptions | None = None,
    progress: Progress | None = None,
) -> Iterator[ScanResult]:
    """Scan the trees of several commits, each as `scan_revision` would, sharing the work.

    A blob that several of the commits hold is read, decoded and scored once (scored again
    only if its duplicated regions differ), so snapshots of a history cost little more than
    the blobs that changed between them. Results come in the order of `commits`.
    """
    options = options or ScanOptions()
    cache = Cache((options.cache_dir or default_dir()) if options.use_cache else None)
    try:
        with git.BlobReader(top) as blobs:
            found = [discover_tree(top, commit, options.filters, blobs) for commit in commits]
            shared = Revisions(Context(options, cache, progress, blobs.read))
            # One batch for every blob: the workers stay busy from the first file to the last.
            with collector.paused():
                yield from shared.scan_all(found)
    finally:
        cache.close()


def _run(
    discovered: Callable[[Cache], Discovery],
    options: ScanOptions,
    progress: Progress | None,
    load: Load | None,
) -> ScanResult:
    """Discover (with the cache at hand), analyse, score and follow up."""
    cache = Cache((options.cache_dir or default_dir()) if options.use_cache else None)
    try:
        found = discovered(cache)
        announce(progress, "reading files")
        context = Context(options, cache, progress, load)
        analysed = Analyser(context).run(found.files)
        announce(progress, "finding clones")
        duplicates = clones_of(found.files, analysed, options, cache)
        result = assess(found, analysed, duplicates, options)
        announce(progress, "checking findings")
        found_findings = findings_of(found, analysed, context)
        announce(progress, "auditing dependencies")
        dependencies = dependencies_of(found, options, cache)
        announce(progress, "reading history")
        extras = Extras(
            findings=found_findings,
            dependencies=dependencies,
            history=history_of(found, result, options, cache),
        )
        health = _health_evidence(found, extras, options, cache)
    finally:
        cache.close()
    announce(progress, "planning")
    finished = finish(result, len(found.notices), cache.notices, extras)
    return _planned(finished, options, health)


def _health_evidence(
    found: Discovery, extras: Extras, options: ScanOptions, cache: Cache
) -> HealthEvidence | None:
    """What `codevitals validate` last found health to add here, if the plan can use it."""
    if options.plan is None or extras.mined is None:
        return None
    top = git.repository(found.root)
    return None if top is None else evidence.recall(cache, top)


def _planned(
    result: ScanResult, options: ScanOptions, health: HealthEvidence | None = None
) -> ScanResult:
    """The result with its pay-down plan, which draws on every stage before it."""
    if options.plan is None:
        return result
    return dataclasses.replace(result, plan=plan.build(result, options.plan, health))
