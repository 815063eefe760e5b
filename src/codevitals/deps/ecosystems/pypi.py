"""PyPI: pip requirements, pyproject, setup.cfg, Pipfile and every Python lockfile."""

from __future__ import annotations

from codevitals.deps.ecosystems.base import Ecosystem
from codevitals.deps.endpoints import PYPI as PYPI_URL
from codevitals.deps.manifests import PYPI_SOURCES
from codevitals.deps.manifests.base import canonicalize_name
from codevitals.deps.pypi import PypiClient
from codevitals.deps.versions import pep440

PYPI = Ecosystem(
    name="PyPI",
    sources=PYPI_SOURCES,
    parse=pep440,
    normalise=canonicalize_name,
    client=PypiClient,
    registry_url=PYPI_URL,
)
