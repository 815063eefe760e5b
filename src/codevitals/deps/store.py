"""The storage port of the audit: a key → bytes store, such as `codevitals.cache.Cache`.

The audit never opens the cache itself (it sits beside it in the layering); whoever runs it
passes a store in. Records that go stale carry the time they were made, so a time to live
needs no second table: `Stamped` wraps a JSON payload with it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol


class Store(Protocol):
    """What the audit needs of a cache."""

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored records for whichever of `keys` are present."""

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store records."""


class SerialStore:
    """A store used by one thread at a time.

    The index and OSV lookups run side by side, and one SQLite connection should not
    interleave two threads' transactions.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored records for whichever of `keys` are present."""
        with self._lock:
            return self._store.get_many(keys)

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store records."""
        rows = list(items)  # built outside the lock
        with self._lock:
            self._store.put_many(rows)


Clock = Callable[[], float]


class Stamped:
    """JSON records with the time they were stored, read back only while fresh enough."""

    def __init__(self, store: Store | None, ttl: float | None, clock: Clock = time.time) -> None:
        self._store = store
        self._ttl = ttl
        """Seconds a record stays fresh; None accepts records of any age (offline)."""
        self._clock = clock

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """Payloads of the fresh records among `keys`; stale or unreadable ones are absent."""
        if self._store is None or not keys:
            return {}
        found: dict[str, Any] = {}
        now = self._clock()
        for key, raw in self._store.get_many(keys).items():
            record = _load(raw)
            if record is not None and (self._ttl is None or now - record[0] < self._ttl):
                found[key] = record[1]
        return found

    def put_many(self, items: Mapping[str, Any]) -> None:
        """Store payloads, stamped with the current time."""
        if self._store is None or not items:
            return
        now = self._clock()
        self._store.put_many(
            (key, json.dumps([now, value], separators=(",", ":"), default=str).encode())
            for key, value in items.items()
        )


def _load(raw: bytes) -> tuple[float, Any] | None:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    if isinstance(record, list) and len(record) == 2 and isinstance(record[0], int | float):
        return float(record[0]), record[1]
    return None
