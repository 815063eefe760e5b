"""Fixtures the dependency tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from codevitals.cache import Cache


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    """An analysis cache of the test's own, closed after it."""
    store = Cache(tmp_path / "store")
    yield store
    store.close()
