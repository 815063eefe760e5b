"""codevitals holds its own code to its bar: production health of this repository ≥ 9.5."""

from __future__ import annotations

from pathlib import Path

from codevitals.scan import ScanOptions, scan

ROOT = Path(__file__).parents[1]
BAR = 9.5


def test_codevitals_scores_its_own_code_at_least_the_bar(tmp_path: Path) -> None:
    result = scan(ROOT, ScanOptions(cache_dir=tmp_path / "cache"))
    health = result.summary.production.health
    assert health is not None
    worst = sorted(result.files, key=lambda f: f.health)[:3]
    assert health >= BAR, f"health {health:.2f}; worst: " + ", ".join(
        f"{f.file.path} {f.health}" for f in worst
    )
    assert not result.partial
