"""Packagist: Composer's `composer.json` and `composer.lock`, packages from Packagist.

Versions are normalised and ordered as Composer does (`deps.composerversion`); names are
`vendor/package`, case-insensitive, kept in lower case.
"""

from __future__ import annotations

from codevitals.deps.composerversion import parse
from codevitals.deps.ecosystems.base import Ecosystem
from codevitals.deps.manifests import PACKAGIST_SOURCES
from codevitals.deps.packagist import PACKAGIST as PACKAGIST_URL
from codevitals.deps.packagist import PackagistClient

PACKAGIST = Ecosystem(
    name="Packagist",
    sources=PACKAGIST_SOURCES,
    parse=parse,
    normalise=str.lower,  # Composer names are case-insensitive
    client=PackagistClient,
    registry_url=PACKAGIST_URL,
)
