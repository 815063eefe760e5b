"""What the stages of one scan share: its options, the open cache, progress and the loader."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from codevitals.cache import Cache
from codevitals.code.batch import Progress
from codevitals.scan.options import ScanOptions

Load = Callable[[Sequence[str]], dict[str, bytes]]
"""Reads git objects by blob id (a revision's files); an object it cannot read is left out."""


@dataclass(frozen=True, slots=True)
class Context:
    """One scan's settings and resources, handed to each stage that needs more than data."""

    options: ScanOptions
    cache: Cache
    progress: Progress | None = None
    load: Load | None = None
    """Where contents come from when they are not files on disk (a git revision's blobs)."""
