"""Running the dependency audit on a folder or a commit: find its manifests, audit them.

Manifests are found the way source files are (git's files, or a walk honouring
`.gitignore`, minus the excludes: vendored code and virtual environments hold manifests
that are not the project's). The audit gets the analysis cache as its store.

A commit's manifests live in git objects. Their bytes — manifests, and the `.txt`/`.in`
files requirements may include — are read from there and given to the readers as they are
(`MemoryFiles`): nothing is checked out or written to disk.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath

from codevitals import git
from codevitals.cache import Cache, default_dir
from codevitals.deps.audit import AuditOptions, audit
from codevitals.deps.manifests import DiskFiles, Files, MemoryFiles, source_for
from codevitals.deps.unread import is_unread_kind, unread_notices
from codevitals.discover import Filters, kept, listed
from codevitals.errors import InputError
from codevitals.model import Notice
from codevitals.model.deps import DependencyReport


def audit_folder(
    root: Path,
    filters: Filters,
    options: AuditOptions,
    cache_dir: Path | None = None,
    *,
    use_cache: bool = True,
) -> DependencyReport:
    """Audit the dependencies declared under `root` (`cache_dir` None: the default cache).

    When `root` is one manifest or lockfile, that file alone is audited, as pip-audit's `-r`
    and osv-scanner's `--lockfile` do: nothing beside it is read.
    """
    one_file = root.is_file()
    if one_file and source_for(root.name) is None:
        raise InputError(f"{root}: not a manifest or lockfile codevitals reads")
    if not one_file and not root.is_dir():
        raise InputError(f"{root}: neither a folder nor a manifest or lockfile")
    cache = Cache((cache_dir or default_dir()) if use_cache else None)
    commit = git.head(root) if not one_file and git.is_bare(root) else None  # HEAD's files
    try:
        if one_file:
            report = audit(root.parent, [root.name], options, cache if cache.enabled else None)
        elif commit is not None:
            report = audit_revision(root, commit, filters, options, cache)
        else:
            report = audit_with(root, filters, options, cache)
    finally:
        cache.close()
    cache_notices = tuple(Notice("", "cache", message) for message in cache.notices)
    return replace(report, notices=cache_notices + report.notices)


def audit_with(
    root: Path, filters: Filters, options: AuditOptions, cache: Cache
) -> DependencyReport:
    """Audit with a cache that is already open (a scan's)."""
    paths = listed(root, filters)
    manifests = [path for path in paths if source_for(path) is not None]
    report = audit(root, manifests, options, cache if cache.enabled else None)
    return _with_unread(report, paths, DiskFiles(root))


def _with_unread(report: DependencyReport, paths: list[str], files: Files) -> DependencyReport:
    """The report, partial and with a notice per kind, where some dependency files go unread."""
    unread = unread_notices(paths, files)
    if not unread:
        return report
    return replace(report, notices=(*report.notices, *unread), partial=True)


_UNREAD = "blob missing from git (not fetched, or damaged); its dependencies are unknown"
INCLUDE_SUFFIXES = frozenset({".txt", ".in"})
"""Files a requirements file may include with `-r`/`-c` under any name."""
INCLUDE_NAMES = frozenset({"gradle.properties"})
"""Files a manifest reads values from: a Gradle script's version variables."""
MAX_MANIFEST_BYTES = 4_000_000
"""Larger files are no manifest a person wrote (lockfiles of big projects stay far below)."""


def audit_revision(
    top: Path, commit: str, filters: Filters, options: AuditOptions, cache: Cache
) -> DependencyReport:
    """Audit the manifests of `commit` in the repository at `top`, read from git objects."""
    tree = git.tree(top, commit)
    entries = [e for e in tree if _manifest_like(e)]
    with git.BlobReader(top) as blobs:
        contents = blobs.read([entry.blob_id for entry in entries])
    files = MemoryFiles({e.path: contents[e.blob_id] for e in entries if e.blob_id in contents})
    manifests = [path for path in kept(files.contents, filters) if source_for(path) is not None]
    report = audit(files, manifests, options, cache if cache.enabled else None)
    report = _with_unread(report, kept((e.path for e in tree), filters), files)
    unread = [e.path for e in entries if e.blob_id not in contents and source_for(e.path)]
    if not unread:
        return report
    notices = tuple(Notice(path, "unreadable", _UNREAD) for path in unread)
    return replace(report, notices=report.notices + notices, partial=True)


def _manifest_like(entry: git.TreeEntry) -> bool:
    if entry.mode == git.SYMLINK_MODE or entry.size > MAX_MANIFEST_BYTES:
        return False
    if source_for(entry.path) is not None or is_unread_kind(entry.path):
        return True  # an unread kind is read only to see whether it declares anything
    path = PurePosixPath(entry.path)
    return path.suffix in INCLUDE_SUFFIXES or path.name in INCLUDE_NAMES
