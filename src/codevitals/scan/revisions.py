"""Scans of several revisions that share their work: each blob analysed and scored once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from codevitals.code import health
from codevitals.code.analyse import Analysis
from codevitals.code.biomarkers.base import Region
from codevitals.discover import (
    Discovery,
    FoundFile,
)
from codevitals.model import (
    FileHealth,
    FileMetrics,
    ScanResult,
    SourceFile,
)
from codevitals.scan.context import Context
from codevitals.scan.duplication import clones_of
from codevitals.scan.follow_ups import Extras, dependencies_of, findings_of, finish
from codevitals.scan.reading import Analysed, Analyser, fail
from codevitals.scan.scoring import assess

if TYPE_CHECKING:
    pass


class Revisions:
    """What the scans of several revisions share: each blob's analysis and each file's score."""

    def __init__(self, context: Context):
        self.context = context
        self.analyses: dict[str, Analysis] = {}
        """By blob id."""
        self.failures: dict[str, tuple[str, str]] = {}
        """Blobs that could not be analysed: (reason, message), by blob id."""
        self.scores: dict[tuple[SourceFile, tuple[Region, ...]], FileHealth] = {}
        self.cache_notices = 0
        """Cache notices already passed on (each goes with the first result after it)."""

    def scan_all(self, found: Sequence[Discovery]) -> Iterator[ScanResult]:
        """The result of each revision, in order, as soon as the blobs it holds are analysed.

        Blobs are analysed in the order of the revisions, so the first revisions are scored
        while the workers are still analysing the blobs of the later ones.
        """
        waiting = [{c.blob_id for c in d.files if c.blob_id is not None} for d in found]
        new: dict[str, FoundFile] = {}
        for discovery in found:
            new.update(
                (c.blob_id, c) for c in discovery.files if c.blob_id and c.blob_id not in new
            )
        analyser = Analyser(self.context, versions=True)
        ready = 0
        for blob_id in analyser.settle(list(new.values())):
            self._keep(analyser.analysed, blob_id)
            for blobs in waiting[ready:]:
                blobs.discard(blob_id)
            while ready < len(found) and not waiting[ready]:
                yield self.scan(found[ready])
                ready += 1
        for discovery in found[ready:]:
            yield self.scan(discovery)

    def scan(self, found: Discovery) -> ScanResult:
        """The result of one revision whose blobs are analysed, as `scan_revision` gives it."""
        options, cache = self.context.options, self.context.cache
        analysed = self._analysed(found.files)
        duplicates = clones_of(found.files, analysed, options, cache)
        result = assess(found, analysed, duplicates, options)
        extras = Extras(
            findings=findings_of(found, analysed, self.context),
            dependencies=dependencies_of(found, options, cache),
        )
        fresh = cache.notices[self.cache_notices :]
        self.cache_notices = len(cache.notices)
        return finish(result, len(found.notices), fresh, extras)

    def _keep(self, analysed: Analysed, blob_id: str) -> None:
        """Keep a blob's analysis, or the reason it has none."""
        if blob_id in analysed.results:
            self.analyses[blob_id] = analysed.results[blob_id]
        elif blob_id in analysed.failed:
            notice = next(n for n in reversed(analysed.notices) if n.path == blob_id)
            self.failures[blob_id] = (notice.reason, notice.message)

    def _analysed(self, files: Sequence[FoundFile]) -> Analysed:
        """The analyses of `files`."""
        analysed = Analysed(score=self._score)
        for candidate in files:
            blob_id = candidate.blob_id or ""
            if blob_id in self.analyses:
                analysed.results[candidate.path] = self.analyses[blob_id]
                analysed.blob_ids[candidate.path] = blob_id
            elif blob_id in self.failures:
                fail(analysed, candidate.path, *self.failures[blob_id])
        return analysed

    def _score(
        self,
        source: SourceFile,
        metrics: FileMetrics,
        regions: Sequence[Region],
        policy: health.Policy,
    ) -> FileHealth:
        key = (source, tuple(regions))
        scored = self.scores.get(key)
        if scored is None:
            scored = self.scores[key] = health.assess(source, metrics, regions, policy)
        return scored
