"""Results kept per repository and commit, so that an interrupted fleet run resumes.

Each result is stored in the cache (the same SQLite database as the analyses, WAL: safe
under concurrent runs, and a write is one transaction, so an interrupted run leaves every
result it finished) the moment it arrives. The key is the repository's identity, its commit,
the options that shape a result and the tool version: a later run skips a repository whose
HEAD has not moved since, whichever fleet list names it.

Results expire after `FRESH_FOR`: history is measured from the moment of a scan (recency
weights, windows, who is still active) and advisories are published every day, so a
result kept longer would silently age. Within a day, a stopped run continues where it was.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from pathlib import Path

from codevitals import __version__
from codevitals.cache import Cache, default_dir
from codevitals.fleet import codec
from codevitals.model.fleet import RepositoryResult

FRESH_FOR = 24 * 3600.0
"""Seconds a stored result is reused."""
FORMAT_VERSION = 1


class State:
    """Stored results of earlier runs under one set of options."""

    def __init__(self, cache_dir: Path | None, fingerprint: str, *, enabled: bool = True) -> None:
        self._cache = Cache((cache_dir or default_dir()) if enabled else None)
        self._fingerprint = fingerprint

    @property
    def notices(self) -> list[str]:
        """Problems met with the store (it then stores nothing, or was rebuilt)."""
        return self._cache.notices

    def key(self, identity: str, commit: str) -> str:
        """Where a repository's result at `commit` is kept."""
        material = "\0".join(
            (str(FORMAT_VERSION), __version__, self._fingerprint, identity, commit)
        )
        return "fleet:" + hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()

    def load(self, commits: Mapping[str, str], now: float) -> dict[str, RepositoryResult]:
        """Stored results still fresh at `now`, by identity, for the commits given by identity."""
        keys = {self.key(identity, commit): identity for identity, commit in commits.items()}
        found: dict[str, RepositoryResult] = {}
        for key, record in self._cache.get_many(list(keys)).items():
            result = _decode(record, now)
            if result is not None:
                found[keys[key]] = result
        return found

    def save(self, identity: str, result: RepositoryResult, now: float) -> None:
        """Keep a result under its repository and commit."""
        record = json.dumps({"stored": now}).encode() + b"\n" + codec.encode(result)
        self._cache.put_many([(self.key(identity, result.commit), record)])

    def close(self) -> None:
        """Release the database."""
        self._cache.close()


def fingerprint(settings: Mapping[str, object]) -> str:
    """A digest of the options that shape a repository's result."""
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def _decode(record: bytes, now: float) -> RepositoryResult | None:
    """The stored result, or None when it is stale or damaged (it is then scanned again)."""
    head, _, body = record.partition(b"\n")
    try:
        stored = float(json.loads(head)["stored"])
        result = codec.decode(body)
    except (ValueError, KeyError, TypeError):
        return None
    return result if 0 <= now - stored <= FRESH_FOR else None


def now() -> float:
    """The current time; a seam for tests."""
    return time.time()
