"""PyPI JSON API documents as the index serves them, trimmed to the fields that matter."""

from __future__ import annotations

from typing import Any

Releases = dict[str, str | tuple[str, bool]]
"""version → upload date (YYYY-MM-DD), or (date, yanked)."""


def document(name: str, releases: Releases) -> dict[str, Any]:
    """A `/pypi/<name>/json` document with one wheel per release."""
    return {
        "info": {"name": name, "version": _newest(releases)},
        "releases": {version: [_file(name, version, when)] for version, when in releases.items()},
        "urls": [],
    }


def _file(name: str, version: str, when: str | tuple[str, bool]) -> dict[str, Any]:
    date, yanked = (when, False) if isinstance(when, str) else when
    return {
        "filename": f"{name}-{version}-py3-none-any.whl",
        "packagetype": "bdist_wheel",
        "upload_time": f"{date}T12:00:00",
        "upload_time_iso_8601": f"{date}T12:00:00.000000Z",
        "yanked": yanked,
        "yanked_reason": "broken metadata" if yanked else None,
    }


def _newest(releases: Releases) -> str:
    return list(releases)[-1] if releases else ""


REQUESTS: Releases = {
    "2.19.1": "2018-06-14",
    "2.20.0": "2018-10-18",
    "2.30.0": "2023-05-03",
    "2.31.0": "2023-05-22",
    "2.32.0": ("2024-05-20", True),
    "2.32.3": "2024-05-29",
}
FLASK: Releases = {"2.3.3": "2023-08-21", "3.0.0": "2023-09-30", "3.1.0rc1": "2024-10-01"}
OLDLIB: Releases = {"0.9": "2015-01-10", "1.0": "2016-03-01"}
