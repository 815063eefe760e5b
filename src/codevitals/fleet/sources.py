"""Which repositories make up a fleet: from a list file or from a folder of repositories.

A list file holds one local path or clone URL a line; `#` starts a comment line and blank
lines are ignored. Relative paths are relative to the list file. A folder's children that
are git repositories (work trees or bare) are the fleet; anything else in it is ignored.

The same repository listed twice (the same folder by two paths, the same URL with and
without `.git`) is scanned once. Each repository gets a stable, unique name: the last part
of its path or URL, with parent parts added only as far as needed to tell two apart.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from codevitals.errors import UsageError

_SCP_LIKE = re.compile(r"^(?:[\w.+-]+@)?[\w.-]+:(?!//)(?P<path>.+)$")
"""`git@github.com:org/repo.git`: git's scp-like syntax (a colon before any slash)."""


@dataclass(frozen=True, slots=True)
class Repository:
    """One repository of a fleet."""

    name: str
    location: str
    """As shown to the user: the path, or the URL without credentials."""
    identity: str
    """What makes two entries the same repository: a resolved path or a normalised URL."""
    path: Path | None = None
    """A local repository; None for one to clone."""
    url: str | None = None
    """The URL to clone, exactly as listed."""


@dataclass(frozen=True, slots=True)
class _Listed:
    location: str
    identity: str
    parts: tuple[str, ...]
    path: Path | None
    url: str | None


def read(source: Path) -> list[Repository]:
    """The repositories a list file or a folder names, duplicates collapsed, names unique."""
    if source.is_dir():
        listed = [_local(child, str(child)) for child in _children(source)]
        where = "folder"
    elif source.is_file():
        listed = [_entry(line, source.parent) for line in _lines(source)]
        where = "list"
    else:
        raise UsageError(f"{source}: no such file or directory")
    unique = list({item.identity: item for item in reversed(listed)}.values())[::-1]
    if not unique:
        raise UsageError(f"{source}: the {where} names no repository")
    return _named(unique)


def _lines(source: Path) -> Iterable[str]:
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{source}: cannot read the repository list ({error})") from error
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield stripped


def _children(folder: Path) -> list[Path]:
    try:
        children = sorted(folder.iterdir())
    except OSError as error:
        raise UsageError(f"{folder}: cannot list ({error.strerror})") from error
    return [child for child in children if child.is_dir() and is_repository(child)]


def is_repository(folder: Path) -> bool:
    """Whether `folder` looks like a work tree (a `.git` inside) or a bare repository."""
    if (folder / ".git").exists():
        return True
    return (folder / "HEAD").is_file() and (folder / "objects").is_dir()


def is_url(text: str) -> bool:
    """Whether a list entry is a clone URL rather than a local path."""
    return "://" in text or (_SCP_LIKE.match(text) is not None and not Path(text).exists())


def _entry(text: str, base: Path) -> _Listed:
    if is_url(text):
        return _remote(text)
    return _local(base / Path(text).expanduser(), text)


def _local(path: Path, shown: str) -> _Listed:
    resolved = Path(os.path.realpath(path))
    parts = tuple(part for part in resolved.parts if part != os.sep)
    return _Listed(shown, str(resolved), _trimmed(parts), resolved, None)


def _remote(url: str) -> _Listed:
    shown, host, path = _split(url)
    parts = tuple(part for part in path.split("/") if part)
    identity = f"{host.lower()}/{'/'.join(parts)}".removesuffix(".git")
    return _Listed(shown, identity, _trimmed((host, *parts)), None, url)


def _split(url: str) -> tuple[str, str, str]:
    """The URL as shown (no credentials), its host and its path."""
    scp = _SCP_LIKE.match(url) if "://" not in url else None
    if scp is not None:
        host = url[: scp.start("path") - 1].rpartition("@")[2]
        return f"{host}:{scp['path']}", host, scp["path"]
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", "")), host, parts.path


def _trimmed(parts: tuple[str, ...]) -> tuple[str, ...]:
    """Path parts with a `.git` suffix dropped from the last one (`repo.git` is `repo`)."""
    if not parts:
        return ("repository",)
    last = parts[-1].removesuffix(".git") or parts[-1]
    return (*parts[:-1], last)


def _named(listed: Sequence[_Listed]) -> list[Repository]:
    names = unique_names([item.parts for item in listed])
    return [
        Repository(name, item.location, item.identity, item.path, item.url)
        for name, item in zip(names, listed, strict=True)
    ]


def unique_names(parts: Sequence[tuple[str, ...]]) -> list[str]:
    """For each path, its shortest suffix (in parts) no other path shares; `-2` if none."""
    depth = [1] * len(parts)
    while True:
        names = ["/".join(p[-d:]) for p, d in zip(parts, depth, strict=True)]
        clashing = {name for name, count in Counter(names).items() if count > 1}
        grown = False
        for index, name in enumerate(names):
            if name in clashing and depth[index] < len(parts[index]):
                depth[index] += 1
                grown = True
        if not grown:
            return _numbered(names)


def _numbered(names: list[str]) -> list[str]:
    """Names still the same after using every part get `-2`, `-3`, … (never expected)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return out
