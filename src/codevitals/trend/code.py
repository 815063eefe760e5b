"""The code measures of a snapshot: health, alert files, duplication and each file's health.

They depend only on the commit's tree and the scan settings, so they are cached per commit
(key `trend:code:…`): a second trend reads them and scans nothing. Commits not cached are
scanned together (`scan.scan_revisions`), so a blob that several snapshots share is analysed
once, and a blob any earlier scan analysed is not analysed again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from codevitals.cache import Cache
from codevitals.code import analyse
from codevitals.model import Notice, Role, ScanResult
from codevitals.scan import Progress, ScanOptions, scan_revisions

FORMAT_VERSION = 1
"""Bump when what a record holds changes; it is part of the key."""


@dataclass(frozen=True, slots=True)
class CodeMeasure:
    """What a scan says about the code of one commit or work tree."""

    health: float | None
    alert_files: int
    duplication: float | None
    """Percentage of code lines in duplicated blocks (production and tests)."""
    files: Mapping[str, tuple[float, int]] = field(default_factory=dict)
    """Production files: path → (health, code lines)."""
    partial: bool = False
    notices: int = 0
    """Notices the scan gave (files only partly read, …)."""

    @classmethod
    def of(cls, result: ScanResult) -> CodeMeasure:
        """The measures of a scan result."""
        summary = result.summary
        code_lines = summary.production.code_lines + summary.tests.code_lines
        files = {
            f.file.path: (f.health, f.metrics.code_lines)
            for f in result.files
            if f.file.role is Role.PRODUCTION
        }
        return cls(
            health=summary.production.health,
            alert_files=summary.production.alert,
            duplication=100.0 * summary.duplicated_lines / code_lines if code_lines else None,
            files=files,
            partial=result.partial,
            notices=len(result.notices),
        )

    def folder_health(self, folder: str) -> float | None:
        """Lines-weighted health of the production files under `folder` ("" is everything)."""
        prefix = folder + "/" if folder else ""
        inside = [value for path, value in self.files.items() if path.startswith(prefix)]
        lines = sum(code_lines for _, code_lines in inside)
        if not inside:
            return None
        if not lines:
            return 10.0
        return sum(health * code_lines for health, code_lines in inside) / lines

    def encode(self) -> bytes:
        """Serialise for the cache."""
        record = [self.health, self.alert_files, self.duplication, self.files, self.partial,
                  self.notices]  # fmt: skip
        return json.dumps([FORMAT_VERSION, record], separators=(",", ":")).encode()

    @classmethod
    def decode(cls, data: bytes) -> CodeMeasure:
        """Rebuild from `encode`'s bytes; ValueError on anything else."""
        try:
            version, record = json.loads(data)
            health, alerts, duplication, files, partial, notices = record
            if version != FORMAT_VERSION:
                raise ValueError(f"code record version {version}")
            restored = {str(path): (float(h), int(n)) for path, (h, n) in files.items()}
            return cls(health, int(alerts), duplication, restored, bool(partial), int(notices))
        except (TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"malformed code record: {error}") from error


def settings_key(options: ScanOptions) -> str:
    """A digest of every setting that changes code measures (filters, policy, analyser)."""
    filters = options.filters
    material = {
        "analyzer": analyse.ANALYZER_VERSION,
        "policy": options.policy.describe(),
        "min_tokens": options.min_tokens,
        "include": filters.include,
        "exclude": filters.exclude,
        "default_excludes": filters.default_excludes,
        "tests": filters.tests,
        "max_file_size": filters.max_file_size,
    }
    text = json.dumps(material, sort_keys=True, default=str)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class MeasuredCommits:
    """Code measures by commit, and what went wrong while measuring."""

    by_commit: dict[str, CodeMeasure]
    notices: list[Notice]


def measure(
    top: Path,
    commits: Sequence[str],
    options: ScanOptions,
    cache: Cache,
    progress: Progress | None = None,
) -> MeasuredCommits:
    """The code measures of each commit: from the cache, else by scanning the commits."""
    prefix = f"trend:code:{FORMAT_VERSION}:{settings_key(options)}:"
    stored = cache.get_many([prefix + commit for commit in commits])
    found: dict[str, CodeMeasure] = {}
    for commit in commits:
        record = stored.get(prefix + commit)
        if record is not None:
            try:
                found[commit] = CodeMeasure.decode(record)
            except ValueError:
                continue  # a damaged record: measure again
    missing = [commit for commit in commits if commit not in found]
    notices: list[Notice] = []
    for result in scan_revisions(top, missing, options, progress):
        commit = result.commit or ""
        found[commit] = CodeMeasure.of(result)
        # The scan's notices about the cache itself; file notices are summed per snapshot.
        notices.extend(notice for notice in result.notices if notice.reason == "cache")
        cache.put_many([(prefix + commit, found[commit].encode())])
    return MeasuredCommits(found, notices)
