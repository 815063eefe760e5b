"""`setup.cfg`: `[options] install_requires` and `[options.extras_require]`.

Read with configparser, as setuptools reads it, without interpolation; each value holds one
requirement per line. `file:` directives are left to the requirements files they name.
"""

from __future__ import annotations

import configparser
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Lines, Parsed, Where, from_pep508, read_text


class SetupCfgSource:
    """setuptools' declarative configuration."""

    kind: ClassVar[str] = "setup.cfg"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `setup.cfg`."""
        return path.name == "setup.cfg"

    def read(self, files: Files, path: str) -> Parsed:
        """`install_requires` and every extra."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        config = _config(text, path, parsed) if text is not None else None
        if config is None or text is None:
            return parsed
        lines = Lines(text)
        if config.has_option("options", "install_requires"):
            value = config.get("options", "install_requires")
            _requirements(value, Where(path, None), lines.header("options"), lines, parsed)
        if config.has_section("options.extras_require"):
            start = lines.header("options.extras_require")
            for extra, value in config.items("options.extras_require"):
                _requirements(value, Where(path, None, extra), start, lines, parsed)
        return parsed


def _config(text: str, path: str, parsed: Parsed) -> configparser.ConfigParser | None:
    config = configparser.ConfigParser(interpolation=None)
    try:
        config.read_string(text, source=path)
    except configparser.Error as error:
        line = getattr(error, "lineno", None)
        parsed.note(path, "invalid-ini", str(error).splitlines()[0], line)
        return None
    return config


def _requirements(value: str, where: Where, start: int, lines: Lines, parsed: Parsed) -> None:
    if value.strip().startswith("file:"):
        parsed.note(where.path, "file-directive", f"{value.strip()}: read the named files instead")
        return
    for item in value.splitlines():
        text = item.split(" #", 1)[0].strip()
        if not text:
            continue
        line = lines.find(text, start=start)
        declaration = from_pep508(text, Where(where.path, line, where.group), parsed)
        if declaration is not None:
            parsed.declarations.append(declaration)
