"""The clone search, in numpy: seed candidate pairs from repeated windows, then extend them.

Each file contributes its code lines as token hashes (`lines.Fingerprints`). A window of
`min_lines` consecutive hashes is hashed again, and windows whose hash occurs more than once
seed candidate pairs — all in numpy, so the cost is a few array passes however large the
repository. Only the candidates are then extended in Python, to the longest run of equal
lines, and kept when they hold at least `min_tokens` tokens.

Occurrences of the same window are paired with the first one (a star, not every pair), so a
block copied n times yields n - 1 pairs rather than n²/2.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from codevitals.code.biomarkers.base import Region
from codevitals.code.lines import Fingerprints
from codevitals.model import Clone, Location

_SEED = 0x9E3779B97F4A7C15
U64 = npt.NDArray[np.uint64]


class _Corpus:
    """All fingerprints of all files, concatenated, with each position's file bounds."""

    def __init__(self, files: Sequence[tuple[str, Fingerprints]]) -> None:
        self.paths = [path for path, _ in files]
        self.hashes = np.frombuffer(b"".join(f.hashes for _, f in files), dtype=np.uint64)
        self.lines = np.frombuffer(b"".join(f.lines for _, f in files), dtype=np.uint32)
        tokens = np.frombuffer(b"".join(f.tokens for _, f in files), dtype=np.uint8)
        self.token_sums = np.concatenate(([0], np.cumsum(tokens, dtype=np.int64)))
        sizes = np.array([len(f) for _, f in files], dtype=np.int64)
        ends = np.cumsum(sizes)
        self.file_of = np.repeat(np.arange(len(files)), sizes)
        self.file_end = np.repeat(ends, sizes)

    def tokens(self, start: int, length: int) -> int:
        return int(self.token_sums[start + length] - self.token_sums[start])

    def location(self, start: int, length: int) -> Location:
        path = self.paths[int(self.file_of[start])]
        return Location(path, int(self.lines[start]), int(self.lines[start + length - 1]))


def search(
    files: Sequence[tuple[str, Fingerprints]], *, min_lines: int, min_tokens: int
) -> tuple[tuple[Clone, ...], dict[str, tuple[Region, ...]]]:
    """Clone pairs across (and within) the given files, and the regions they cover per file."""
    min_lines = max(1, int(min_lines))
    corpus = _Corpus([(path, prints) for path, prints in files if len(prints) >= min_lines])
    if len(corpus.hashes) < 2 * min_lines:
        return (), {}
    pairs = _extend(corpus, _seed_pairs(corpus, min_lines), min_lines)
    kept = [(a, b, length) for a, b, length in pairs if corpus.tokens(a, length) >= min_tokens]
    clones = tuple(
        Clone(length, corpus.tokens(a, length), corpus.location(a, length),
              corpus.location(b, length))
        for a, b, length in kept
    )  # fmt: skip
    return clones, _regions(corpus, kept)


def _window_hashes(hashes: U64, width: int) -> U64:
    """Hash of each run of `width` consecutive line hashes (wrapping uint64 arithmetic)."""
    count = len(hashes) - width + 1
    multipliers = np.random.default_rng(_SEED).integers(
        1, 2**63, size=width, dtype=np.uint64
    ) | np.uint64(1)
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            combined += hashes[offset : offset + count] * multipliers[offset]
    return combined


def _seed_pairs(corpus: _Corpus, width: int) -> list[tuple[int, int]]:
    """(first occurrence, later occurrence) of every window that occurs more than once."""
    windows = _window_hashes(corpus.hashes, width)
    starts = np.arange(len(windows))
    inside = starts + width <= corpus.file_end[: len(windows)]
    starts, windows = starts[inside], windows[inside]
    order = np.argsort(windows)  # not stable, and four times faster than a stable sort
    ordered = windows[order]
    repeated = np.zeros(len(ordered), dtype=bool)
    same = ordered[1:] == ordered[:-1]
    repeated[1:] |= same
    repeated[:-1] |= same
    seeds = starts[order[repeated]]
    keys = ordered[repeated]
    # Only the few repeated windows need their starts in order within each run of equal ones.
    in_order = np.lexsort((seeds, keys))
    seeds, keys = seeds[in_order], keys[in_order]
    # Equal windows are contiguous and their starts ascending: the first of each run is the
    # first occurrence, and every other one pairs with it.
    opens = np.ones(len(keys), dtype=bool)
    opens[1:] = keys[1:] != keys[:-1]
    first = seeds[np.maximum.accumulate(np.where(opens, np.arange(len(keys)), 0))]
    later = ~opens
    firsts, others = first[later], seeds[later]
    by_position = np.lexsort((others, firsts))
    return list(zip(firsts[by_position].tolist(), others[by_position].tolist(), strict=True))


def _extend(
    corpus: _Corpus, seeds: list[tuple[int, int]], min_lines: int
) -> list[tuple[int, int, int]]:
    """Grow each seed to the longest run of equal lines, skipping seeds already covered."""
    hashes = corpus.hashes
    file_end = corpus.file_end
    covered: dict[tuple[int, int], int] = {}  # (file pair offset) -> end of the covering run
    found: list[tuple[int, int, int]] = []
    for a, b in seeds:
        key = (int(corpus.file_of[a]), b - a)
        if a < covered.get(key, -1):
            continue
        limit = min(int(file_end[a]) - a, int(file_end[b]) - b)
        if key[0] == int(corpus.file_of[b]):
            limit = min(limit, b - a)  # a copy may not overlap itself
        length = min_lines
        if length > limit:
            continue
        while length < limit and hashes[a + length] == hashes[b + length]:
            length += 1
        covered[key] = a + length
        found.append((a, b, length))
    return found


def _regions(
    corpus: _Corpus, clones: Sequence[tuple[int, int, int]]
) -> dict[str, tuple[Region, ...]]:
    """Merge each file's duplicated position ranges into regions."""
    spans: dict[int, list[tuple[int, int, Location]]] = {}
    for a, b, length in clones:
        spans.setdefault(int(corpus.file_of[a]), []).append(
            (a, a + length, corpus.location(b, length))
        )
        spans.setdefault(int(corpus.file_of[b]), []).append(
            (b, b + length, corpus.location(a, length))
        )
    regions: dict[str, tuple[Region, ...]] = {}
    for file_index, ranges in spans.items():
        merged: list[Region] = []
        ranges.sort(key=lambda item: (item[0], -item[1]))
        start, end, other = ranges[0]
        for next_start, next_end, next_other in ranges[1:]:
            if next_start < end:
                end = max(end, next_end)
                continue
            merged.append(_region(corpus, start, end, other))
            start, end, other = next_start, next_end, next_other
        merged.append(_region(corpus, start, end, other))
        regions[corpus.paths[file_index]] = tuple(merged)
    return regions


def _region(corpus: _Corpus, start: int, end: int, other: Location) -> Region:
    return Region(
        line=int(corpus.lines[start]),
        end_line=int(corpus.lines[end - 1]),
        lines=end - start,
        other=f"{other.path}:{other.line}",
    )
