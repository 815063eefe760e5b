"""The oracle check over the whole PyPA advisory database, when it is beside the project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
DATABASE = ROOT.parent / "shared" / "data" / "pypa-advisory-database"


@pytest.mark.slow
@pytest.mark.skipif(not DATABASE.is_dir(), reason="the PyPA advisory database is not beside us")
def test_every_real_advisory_agrees_with_the_range_evaluator(tmp_path: Path) -> None:
    script = ROOT / "benchmarks" / "check_osv_ranges.py"
    done = subprocess.run(
        [sys.executable, str(script), str(DATABASE), "--results", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "agreement: 100.0000%" in done.stdout
