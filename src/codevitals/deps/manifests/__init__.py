"""Manifest and lockfile formats, one module each, all behind `base.ManifestSource`.

A new format is one module and one line in `SOURCES`.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from codevitals.deps.manifests.base import DiskFiles, Files, ManifestSource, Parsed
from codevitals.deps.manifests.pdm_lock import PdmLockSource
from codevitals.deps.manifests.pipfile import PipfileSource
from codevitals.deps.manifests.pipfile_lock import PipfileLockSource
from codevitals.deps.manifests.poetry_lock import PoetryLockSource
from codevitals.deps.manifests.pylock import PylockSource
from codevitals.deps.manifests.pyproject import PyprojectSource
from codevitals.deps.manifests.requirements import RequirementsSource
from codevitals.deps.manifests.setup_cfg import SetupCfgSource
from codevitals.deps.manifests.uv_lock import UvLockSource

SOURCES: tuple[ManifestSource, ...] = (
    RequirementsSource(),
    PyprojectSource(),
    SetupCfgSource(),
    PipfileSource(),
    PipfileLockSource(),
    PoetryLockSource(),
    UvLockSource(),
    PdmLockSource(),
    PylockSource(),
)


def source_for(path: str) -> ManifestSource | None:
    """The format a file of this name is in, or None when it is no manifest."""
    pure = PurePosixPath(path)
    return next((source for source in SOURCES if source.matches(pure)), None)


__all__ = ["SOURCES", "DiskFiles", "Files", "ManifestSource", "Parsed", "source_for"]
