"""Manifest and lockfile formats, one module each, all behind `base.ManifestSource`.

A new format is one module and one line in its ecosystem's list.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from codevitals.deps.manifests.base import DiskFiles, Files, ManifestSource, MemoryFiles, Parsed
from codevitals.deps.manifests.bun_lock import BunLockSource
from codevitals.deps.manifests.cargo_lock import CargoLockSource
from codevitals.deps.manifests.cargo_toml import CargoTomlSource
from codevitals.deps.manifests.composer_json import ComposerJsonSource
from codevitals.deps.manifests.composer_lock import ComposerLockSource
from codevitals.deps.manifests.conan_lock import ConanLockSource
from codevitals.deps.manifests.conanfile_txt import ConanfileTxtSource
from codevitals.deps.manifests.csproj import CsprojSource
from codevitals.deps.manifests.directory_packages import DirectoryPackagesSource
from codevitals.deps.manifests.gemfile_lock import GemfileLockSource
from codevitals.deps.manifests.go_mod import GoModSource
from codevitals.deps.manifests.go_sum import GoSumSource
from codevitals.deps.manifests.gradle_build import GradleBuildSource
from codevitals.deps.manifests.gradle_catalog import GradleCatalogSource
from codevitals.deps.manifests.gradle_lockfile import GradleLockfileSource
from codevitals.deps.manifests.nuget_lock import NuGetLockSource
from codevitals.deps.manifests.package_json import PackageJsonSource
from codevitals.deps.manifests.package_lock import PackageLockSource
from codevitals.deps.manifests.package_resolved import PackageResolvedSource
from codevitals.deps.manifests.packages_config import PackagesConfigSource
from codevitals.deps.manifests.pdm_lock import PdmLockSource
from codevitals.deps.manifests.pipfile import PipfileSource
from codevitals.deps.manifests.pipfile_lock import PipfileLockSource
from codevitals.deps.manifests.pnpm_lock import PnpmLockSource
from codevitals.deps.manifests.poetry_lock import PoetryLockSource
from codevitals.deps.manifests.pom_xml import PomXmlSource
from codevitals.deps.manifests.pylock import PylockSource
from codevitals.deps.manifests.pyproject import PyprojectSource
from codevitals.deps.manifests.requirements import RequirementsSource
from codevitals.deps.manifests.sbt_build import SbtBuildSource
from codevitals.deps.manifests.setup_cfg import SetupCfgSource
from codevitals.deps.manifests.setup_py import SetupPySource
from codevitals.deps.manifests.uv_lock import UvLockSource
from codevitals.deps.manifests.yarn_lock import YarnLockSource

PYPI_SOURCES: tuple[ManifestSource, ...] = (
    RequirementsSource(),
    PyprojectSource(),
    SetupCfgSource(),
    SetupPySource(),
    PipfileSource(),
    PipfileLockSource(),
    PoetryLockSource(),
    UvLockSource(),
    PdmLockSource(),
    PylockSource(),
)
NPM_SOURCES: tuple[ManifestSource, ...] = (
    PackageJsonSource(),
    PackageLockSource(),
    YarnLockSource(),
    PnpmLockSource(),
    BunLockSource(),
)
GO_SOURCES: tuple[ManifestSource, ...] = (GoModSource(), GoSumSource())
CARGO_SOURCES: tuple[ManifestSource, ...] = (CargoTomlSource(), CargoLockSource())
MAVEN_SOURCES: tuple[ManifestSource, ...] = (
    PomXmlSource(),
    GradleLockfileSource(),
    GradleCatalogSource(),
    GradleBuildSource(),
    SbtBuildSource(),
)
NUGET_SOURCES: tuple[ManifestSource, ...] = (
    CsprojSource(),
    DirectoryPackagesSource(),
    NuGetLockSource(),
    PackagesConfigSource(),
)
RUBYGEMS_SOURCES: tuple[ManifestSource, ...] = (GemfileLockSource(),)
PACKAGIST_SOURCES: tuple[ManifestSource, ...] = (ComposerJsonSource(), ComposerLockSource())
SWIFT_SOURCES: tuple[ManifestSource, ...] = (PackageResolvedSource(),)
CONAN_SOURCES: tuple[ManifestSource, ...] = (ConanfileTxtSource(), ConanLockSource())
SOURCES = (
    PYPI_SOURCES
    + NPM_SOURCES
    + GO_SOURCES
    + CARGO_SOURCES
    + MAVEN_SOURCES
    + NUGET_SOURCES
    + RUBYGEMS_SOURCES
    + PACKAGIST_SOURCES
    + SWIFT_SOURCES
    + CONAN_SOURCES
)
"""Every format of every ecosystem (`deps.ecosystems` says which is whose)."""


def source_for(path: str) -> ManifestSource | None:
    """The format a file of this name is in, or None when it is no manifest."""
    pure = PurePosixPath(path)
    return next((source for source in SOURCES if source.matches(pure)), None)


__all__ = [
    "CARGO_SOURCES",
    "GO_SOURCES",
    "MAVEN_SOURCES",
    "NPM_SOURCES",
    "NUGET_SOURCES",
    "PACKAGIST_SOURCES",
    "PYPI_SOURCES",
    "RUBYGEMS_SOURCES",
    "SOURCES",
    "DiskFiles",
    "Files",
    "ManifestSource",
    "MemoryFiles",
    "Parsed",
    "source_for",
]
