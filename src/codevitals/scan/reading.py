"""Every file's analysis: from the cache where it can be, by the workers where it must.

Results are keyed by path, or by blob id when the versions of several revisions are analysed
together (each blob once, whatever its paths).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from codevitals import git
from codevitals.code import analyse, health
from codevitals.code.analyse import Analysis
from codevitals.code.biomarkers.base import Region
from codevitals.discover import (
    FoundFile,
)
from codevitals.measure import analyse_all, analyse_versions
from codevitals.model import (
    FileHealth,
    FileMetrics,
    Notice,
    SourceFile,
)
from codevitals.parse import registry
from codevitals.parse.base import Language
from codevitals.parse.python import PYTHON
from codevitals.scan.context import Context, Load

if TYPE_CHECKING:
    pass


STORE_EVERY = 64


Score = Callable[[SourceFile, FileMetrics, Sequence[Region], health.Policy], FileHealth]
"""Scores one file: `health.assess`, or a memo of it."""


@dataclass(slots=True)
class Analysed:
    """Analyses gathered so far, with what went wrong along the way."""

    results: dict[str, Analysis] = field(default_factory=dict)
    blob_ids: dict[str, str] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)
    score: Score = health.assess
    """Scores a file from its analysis: `health.assess`, or a memo of it that the scans of
    several revisions share."""


class Analyser:
    """Gathers every file's analysis: from the cache where it can, by parsing where it must.

    Results are keyed by path; with `versions`, by blob id: the blobs of several revisions,
    versions of the same files, each analysed once whatever its paths, piece by piece.
    """

    def __init__(self, context: Context, *, versions: bool = False) -> None:
        self.context = context
        self.versions = versions
        self.analysed = Analysed()
        self._keys: dict[str, str] = {}
        self._contents: dict[str, bytes] = {}

    def key(self, file: FoundFile) -> str:
        """What the file's results are filed under: its path, or with `versions` its blob."""
        return (file.blob_id or file.path) if self.versions else file.path

    def run(self, files: Sequence[FoundFile]) -> Analysed:
        """Analyse `files`, reusing and filling the cache."""
        for _ in self.settle(files):
            pass
        return self.analysed

    def settle(self, files: Sequence[FoundFile]) -> Iterator[str]:
        """Analyse `files` as `run` does, giving each one's key once its outcome is known."""
        self._identify(files)
        missing = self._restore(files)
        waiting = {self.key(c) for c in missing}
        yield from (key for key in map(self.key, files) if key not in waiting)
        yield from self._analyse(missing)

    def _identify(self, files: Sequence[FoundFile]) -> None:
        """Record each file's blob id: from the index when unmodified, else by reading it."""
        for file in files:
            key, blob_id = self.key(file), file.blob_id
            if blob_id is None:
                data = self._read(file)
                if data is None:
                    continue
                blob_id = git.blob_id(data)
                self._contents[key] = data  # not read twice
            self.analysed.blob_ids[key] = blob_id
            front: Language = registry.for_file(file.path, file.language) or PYTHON
            self._keys[key] = self.context.options.analysis_key(blob_id, front)

    def _read(self, file: FoundFile) -> bytes | None:
        try:
            return file.absolute.read_bytes()
        except FileNotFoundError:
            return None  # deleted since discovery
        except OSError as error:
            fail(self.analysed, self.key(file), "unreadable", error.strerror or str(error))
            return None

    def _restore(self, files: Sequence[FoundFile]) -> list[FoundFile]:
        """Take what the cache has; return the files still to analyse."""
        stored = self.context.cache.get_many(list(self._keys.values()))
        missing: list[FoundFile] = []
        for file in files:
            key = self.key(file)
            if key not in self._keys:
                continue
            record = stored.get(self._keys[key])
            if record is None or not self._decode(key, record, cached=True):
                missing.append(file)
        return missing

    def _decode(self, key: str, record: bytes, *, cached: bool) -> bool:
        try:
            self.analysed.results[key] = analyse.decode(record)
        except ValueError:
            if cached:
                self.analysed.notices.append(
                    Notice(key, "cache", "corrupt cache entry; analysed again")
                )
            return False
        return True

    def _analyse(self, missing: Sequence[FoundFile]) -> Iterator[str]:
        """Analyse files, storing records as they arrive, and give each key when done.

        Records go to the cache every `STORE_EVERY` files, so an interrupted cold scan keeps
        most of its work for the next run.
        """
        if self.context.load is not None:
            loaded = self._loaded(missing, self.context.load)
            yield from (key for key in map(self.key, missing) if key not in self._contents)
            missing = loaded
        tasks = [(self.key(c), str(c.absolute), self._contents.get(self.key(c))) for c in missing]
        context = self.context
        measure = analyse_versions if self.versions else analyse_all
        size, jobs = context.options.filters.max_file_size, context.options.jobs
        outcomes = measure(tasks, size, jobs, context.progress)
        fresh: list[tuple[str, bytes]] = []
        for key, record, reason, message in outcomes:
            if record is None:
                fail(self.analysed, key, reason, message)
            else:
                self._decode(key, record, cached=False)
                fresh.append((self._keys[key], record))
            if len(fresh) >= STORE_EVERY:
                self.context.cache.put_many(fresh)
                fresh = []
            yield key
        self.context.cache.put_many(fresh)

    def _loaded(self, missing: Sequence[FoundFile], load: Load) -> list[FoundFile]:
        """Read the contents of `missing` (from git objects); drop and note those absent."""
        contents = load([c.blob_id for c in missing if c.blob_id is not None])
        kept: list[FoundFile] = []
        for file in missing:
            if file.blob_id in contents:
                self._contents[self.key(file)] = contents[file.blob_id]
                kept.append(file)
            else:
                fail(self.analysed, self.key(file), "unreadable", "blob missing from git")
        return kept


def fail(analysed: Analysed, path: str, reason: str, message: str) -> None:
    """Note that the file filed under `path` has no analysis, and why."""
    analysed.notices.append(Notice(path, reason, message))
    analysed.failed.add(path)


def read_files(candidates: Sequence[FoundFile]) -> dict[str, bytes]:
    """The bytes of files on disk by path; a file gone or unreadable is left out."""
    contents: dict[str, bytes] = {}
    for candidate in candidates:
        try:
            contents[candidate.path] = candidate.absolute.read_bytes()
        except OSError:
            continue  # gone or unreadable since analysis, which noted it
    return contents
