"""The benchmark harness runs the codevitals it was pointed at, whatever folder it measures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_scan  # noqa: E402  (benchmarks/ is not a package)


def test_a_relative_pythonpath_is_resolved_where_the_benchmark_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `PYTHONPATH=src` in the measured repository's folder would name *its* src/ (black's).
    measured = tmp_path / "repository"
    measured.mkdir()
    seen = tmp_path / "seen.txt"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", "src")
    script = f"import os, pathlib; pathlib.Path({str(seen)!r}).write_text(os.environ['PYTHONPATH'])"
    done = bench_scan.run_once([sys.executable, "-c", script], measured, timeout=120)
    assert done.returncode == 0, done.stderr_tail
    assert seen.read_text() == str((tmp_path / "src").resolve())
