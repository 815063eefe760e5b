"""Clones across the analysed files of each language, cached under the set of blobs."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from codevitals.cache import Cache
from codevitals.code import analyse, clones
from codevitals.code.lines import Fingerprints
from codevitals.discover import (
    FoundFile,
)
from codevitals.scan.options import ScanOptions
from codevitals.scan.reading import Analysed

if TYPE_CHECKING:
    pass


def clones_of(
    files: Sequence[FoundFile], analysed: Analysed, options: ScanOptions, cache: Cache
) -> clones.CloneReport:
    """Clones across the analysed files of each language, cached under the set of blobs."""
    measured = [
        (c.path, analysed.blob_ids[c.path], analysed.results[c.path], c.language)
        for c in files
        if c.path in analysed.results and analysed.results[c.path].metrics is not None
    ]
    settings = options.duplication
    material = "\0".join(
        [analyse.ANALYZER_VERSION, *settings.key()]
        + [f"{path}\0{blob}" for path, blob, _, _ in measured]
    )
    key = "clones:" + hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()
    stored = cache.get_many([key]).get(key)
    if stored is not None:
        try:
            return clones.CloneReport.decode(stored)
        except ValueError:
            pass  # a damaged record is simply recomputed
    # Code is only ever copied within a language: lines alike across languages are chance.
    languages: dict[str, list[tuple[str, Fingerprints]]] = {}
    for path, _, result, language in measured:
        languages.setdefault(language, []).append((path, result.fingerprints))
    report = clones.CloneReport.merged(
        [clones.detect(group, settings) for group in languages.values()]
    )
    cache.put_many([(key, report.encode())])
    return report
