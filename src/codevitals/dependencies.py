"""Running the dependency audit on a folder: find its manifests, open the cache, audit.

Manifests are found the way source files are (git's files, or a walk honouring
`.gitignore`, minus the excludes: vendored code and virtual environments hold manifests
that are not the project's). The audit gets the analysis cache as its store.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from codevitals.cache import Cache, default_dir
from codevitals.deps.audit import AuditOptions, audit
from codevitals.deps.manifests import source_for
from codevitals.discover import Filters, listed
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
    """Audit the dependencies declared under `root` (`cache_dir` None: the default cache)."""
    if not root.is_dir():
        raise InputError(f"{root}: not a directory")
    cache = Cache((cache_dir or default_dir()) if use_cache else None)
    try:
        report = audit_with(root, filters, options, cache)
    finally:
        cache.close()
    cache_notices = tuple(Notice("", "cache", message) for message in cache.notices)
    return replace(report, notices=cache_notices + report.notices)


def audit_with(
    root: Path, filters: Filters, options: AuditOptions, cache: Cache
) -> DependencyReport:
    """Audit with a cache that is already open (a scan's)."""
    manifests = [path for path in listed(root, filters) if source_for(path) is not None]
    return audit(root, manifests, options, cache if cache.enabled else None)
