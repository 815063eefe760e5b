"""The files every page is made of: templates, stylesheet and script parts in `assets/`.

The pages are self-contained: each inlines what it uses of these files, so a report opened
from disk needs no network.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

_ASSETS = "assets"


@cache
def asset(name: str) -> str:
    """A file shipped in `assets/` (stylesheet, script part, template)."""
    return resources.files("codevitals.report.html").joinpath(_ASSETS, name).read_text("utf-8")


@cache
def template(name: str) -> jinja2.Template:
    """A page template from `assets/`, autoescaping every value it is given."""
    import jinja2  # noqa: PLC0415 - only a page needs it; every other report starts faster

    environment = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return environment.from_string(asset(name))
