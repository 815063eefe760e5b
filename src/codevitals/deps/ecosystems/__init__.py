"""Every package ecosystem the audit reads, behind `base.Ecosystem`.

A new ecosystem is one module (its readers, version ordering and registry client) and one
line in `ECOSYSTEMS`.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from codevitals.deps.ecosystems.base import Ecosystem
from codevitals.deps.ecosystems.cargo import CARGO
from codevitals.deps.ecosystems.conan import CONAN
from codevitals.deps.ecosystems.go import GO
from codevitals.deps.ecosystems.maven import MAVEN
from codevitals.deps.ecosystems.npm import NPM
from codevitals.deps.ecosystems.nuget import NUGET
from codevitals.deps.ecosystems.packagist import PACKAGIST
from codevitals.deps.ecosystems.pypi import PYPI
from codevitals.deps.ecosystems.rubygems import RUBYGEMS
from codevitals.deps.ecosystems.swift import SWIFT

ECOSYSTEMS: tuple[Ecosystem, ...] = (
    PYPI, NPM, GO, CARGO, MAVEN, NUGET, RUBYGEMS, PACKAGIST, SWIFT, CONAN
)  # fmt: skip
_BY_NAME = {item.name: item for item in ECOSYSTEMS}


def ecosystem(name: str) -> Ecosystem | None:
    """The ecosystem OSV calls `name`, or None when codevitals does not read it."""
    return _BY_NAME.get(name)


def of_path(path: str) -> Ecosystem | None:
    """The ecosystem whose manifest or lockfile a file of this name is, or None."""
    pure = PurePosixPath(path)
    return next((e for e in ECOSYSTEMS if any(s.matches(pure) for s in e.sources)), None)


__all__ = ["ECOSYSTEMS", "Ecosystem", "ecosystem", "of_path"]
