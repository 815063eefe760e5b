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
I64 = npt.NDArray[np.int64]


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


def _seed_pairs(corpus: _Corpus, width: int) -> tuple[I64, I64]:
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
    return firsts[by_position], others[by_position]


def _extend(corpus: _Corpus, seeds: tuple[I64, I64], min_lines: int) -> list[tuple[int, int, int]]:
    """Grow each seed to the longest run of equal lines, skipping seeds already covered."""
    firsts, others = seeds
    files = corpus.file_of[firsts]
    room = np.minimum(corpus.file_end[firsts] - firsts, corpus.file_end[others] - others)
    same_file = files == corpus.file_of[others]
    room = np.where(
        same_file, np.minimum(room, others - firsts), room
    )  # a copy may not overlap itself
    covered: dict[tuple[int, int], int] = {}  # (file pair offset) -> end of the covering run
    found: list[tuple[int, int, int]] = []
    for a, b, file, limit in zip(
        firsts.tolist(), others.tolist(), files.tolist(), room.tolist(), strict=True
    ):
        key = (file, b - a)
        if a < covered.get(key, -1) or min_lines > limit:
            continue
        length = _equal_run(corpus.hashes, (a, b), min_lines, limit)
        covered[key] = a + length
        found.append((a, b, length))
    return found


def _equal_run(hashes: U64, pair: tuple[int, int], start: int, limit: int) -> int:
    """Length of the run of equal lines at the pair's positions, from `start` on, at most `limit`.

    Compared in slices of doubling size: a run thousands of lines long (a generated table of
    equal rows pairs with itself at every offset) costs a few numpy calls instead of a
    Python step per line, and a short run costs one call.
    """
    a, b = pair
    length, step = start, 16
    while length < limit:
        end = min(limit, length + step)
        differ = np.flatnonzero(hashes[a + length : a + end] != hashes[b + length : b + end])
        if len(differ):
            return length + int(differ[0])
        length, step = end, step * 2
    return length


def _regions(
    corpus: _Corpus, clones: Sequence[tuple[int, int, int]]
) -> dict[str, tuple[Region, ...]]:
    """Merge each file's duplicated position ranges into regions.

    Both copies of every clone are a range of their file; a file's ranges, by start (longest
    first), merge while they overlap, and a region names the other copy of its first range.
    In numpy: a running maximum of range ends, kept apart per file by an offset, tells where
    each region starts.
    """
    if not clones:
        return {}
    pairs = np.array(clones, dtype=np.int64)
    # Each clone gives two ranges, interleaved: (a, its copy b), then (b, its copy a).
    starts = pairs[:, :2].ravel()
    others = pairs[:, 1::-1].ravel()
    lengths = np.repeat(pairs[:, 2], 2)
    files = corpus.file_of[starts]
    order = np.lexsort((-(starts + lengths), starts, files))  # stable: ties keep clone order
    starts, others, lengths, files = starts[order], others[order], lengths[order], files[order]
    ends = starts + lengths
    apart = files * (len(corpus.hashes) + 1)  # every position of a file above the last one's
    reach = np.maximum.accumulate(ends + apart)
    opens = np.ones(len(starts), dtype=bool)
    opens[1:] = starts[1:] + apart[1:] >= reach[:-1]
    firsts = np.flatnonzero(opens)
    lasts = np.append(firsts[1:], len(starts)) - 1
    region_ends = reach[lasts] - apart[lasts]
    found: dict[int, list[Region]] = {}
    for first, end in zip(firsts.tolist(), region_ends.tolist(), strict=True):
        other = corpus.location(int(others[first]), int(lengths[first]))
        found.setdefault(int(files[first]), []).append(
            _region(corpus, int(starts[first]), end, other)
        )
    # Files in the order their first range comes among the clones (as the clones list them).
    listed, first_at = np.unique(corpus.file_of[pairs[:, :2].ravel()], return_index=True)
    appearance = dict(zip(listed.tolist(), first_at.tolist(), strict=True))
    return {corpus.paths[f]: tuple(found[f]) for f in sorted(found, key=appearance.__getitem__)}


def _region(corpus: _Corpus, start: int, end: int, other: Location) -> Region:
    return Region(
        line=int(corpus.lines[start]),
        end_line=int(corpus.lines[end - 1]),
        lines=end - start,
        other=f"{other.path}:{other.line}",
    )
