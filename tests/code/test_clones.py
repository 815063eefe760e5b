"""Clone detection over line fingerprints: maximal runs, minimum size, stars, regions."""

from __future__ import annotations

import threading

import pytest

from codevitals.code import clones
from codevitals.code.lines import LineTable

HANG_SECONDS = 60

BLOCK = "".join(
    f"    total = total + values[{i}] * weights[{i}] - offsets[{i}]\n" for i in range(8)
)


def detect(files: dict[str, str], min_lines: int = 6, min_tokens: int = 50) -> clones.CloneReport:
    fingerprints = [
        (path, LineTable.of(text.encode(), []).fingerprints([])) for path, text in files.items()
    ]
    return clones.detect(fingerprints, clones.Duplication(min_lines, min_tokens))


def test_identical_blocks_in_two_files_are_one_maximal_clone() -> None:
    a = "def f(values, weights, offsets):\n    total = 0\n" + BLOCK + "    return total\n"
    b = (
        "x = 1\n\n\ndef g(values, weights, offsets):\n    total = 0\n"
        + BLOCK
        + "    return total\n"
    )
    report = detect({"a.py": a, "b.py": b})
    [clone] = report.clones
    assert (clone.first.path, clone.first.line, clone.first.end_line) == ("a.py", 2, 11)
    assert (clone.second.path, clone.second.line, clone.second.end_line) == ("b.py", 5, 14)
    assert clone.lines == 10
    assert report.duplicated_lines == 20


def test_layout_and_comments_do_not_hide_a_clone() -> None:
    spaced = BLOCK.replace(" = ", "  =  ").replace("\n", "  # note\n")
    report = detect({"a.py": BLOCK, "b.py": spaced})
    assert len(report.clones) == 1


def test_small_or_thin_copies_are_not_clones() -> None:
    assert detect({"a.py": BLOCK, "b.py": BLOCK}, min_lines=9).clones == ()
    assert detect({"a.py": BLOCK, "b.py": BLOCK}, min_tokens=10_000).clones == ()


def test_a_block_copied_three_times_gives_two_pairs_and_three_regions() -> None:
    report = detect({"a.py": BLOCK, "b.py": BLOCK, "c.py": BLOCK})
    assert len(report.clones) == 2
    assert sorted(report.regions) == ["a.py", "b.py", "c.py"]


def test_repetition_inside_one_file_never_overlaps_itself() -> None:
    report = detect({"a.py": BLOCK + BLOCK})
    [clone] = report.clones
    assert clone.first.end_line < clone.second.line


def test_report_survives_the_cache_codec() -> None:
    report = detect({"a.py": BLOCK, "b.py": BLOCK})
    assert clones.CloneReport.decode(report.encode()) == report


def test_overlapping_copies_make_one_region_naming_the_first_copy() -> None:
    lines = BLOCK.splitlines(keepends=True)
    other = [line.replace("total", "score").replace("+", "-") for line in lines]
    report = detect(
        {
            "a.py": "".join(lines + other),
            "b.py": "".join(lines + other[:3]),  # a's lines 1-11
            "c.py": "x = 1\n" + "".join(lines[3:] + other),  # a's lines 4-16
        }
    )
    assert len(report.clones) == 2
    [region] = report.regions["a.py"]
    assert (region.line, region.end_line, region.lines) == (1, 16, 16)
    assert region.other == "b.py:1"
    assert [(r.line, r.end_line, r.other) for r in report.regions["c.py"]] == [(2, 14, "a.py:4")]
    assert list(report.regions) == ["a.py", "b.py", "c.py"]


@pytest.mark.slow
def test_generated_tables_of_equal_rows_are_searched_in_bounded_time() -> None:
    # Tables of thousands of equal rows (black's profiling/list_big.py and list_huge.py) pair
    # at every offset of the longer one, and each pair is thousands of lines long: growing
    # them a line at a time in Python took minutes.
    small, large = 10_000, 60_000
    files = {"small.py": _table(small), "large.py": _table(large)}
    done: list[clones.CloneReport] = []
    search = threading.Thread(target=lambda: done.append(detect(files)), daemon=True)
    search.start()
    search.join(HANG_SECONDS)
    assert done, f"still searching after {HANG_SECONDS} s"
    across = [c for c in done[0].clones if c.first.path != c.second.path]
    # The whole small table (its opening line too) is found in the large one, and rows of
    # it at every later offset of the large one, as far as that has rows left.
    longest = max(across, key=lambda clone: clone.lines)
    assert (longest.first.line, longest.first.end_line) == (1, small + 1)
    assert (longest.second.line, longest.second.end_line) == (1, small + 1)
    assert {c.first.path for c in across} == {"small.py"}
    assert len(across) > large - small


def _table(rows: int) -> str:
    return "VALUES = [\n" + "    'some_rather_long_text_value',\n" * rows + "]\n"
