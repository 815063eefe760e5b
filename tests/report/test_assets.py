"""The HTML pages' templates, stylesheet and scripts ship with the package wherever they live."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from codevitals.report.html.templates import asset

ROOT = Path(__file__).parents[2]
PACKAGE = ROOT / "src" / "codevitals"


def _shipped() -> list[str]:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns: list[str] = settings["tool"]["setuptools"]["package-data"]["codevitals"]
    return patterns


def test_every_asset_the_pages_read_is_package_data() -> None:
    assets = sorted((PACKAGE / "report" / "html" / "assets").iterdir())
    assert len(assets) > 5  # a moved folder would leave nothing to check
    for path in assets:
        relative = path.relative_to(PACKAGE).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in _shipped()), relative
        assert asset(path.name) == path.read_text(encoding="utf-8")
