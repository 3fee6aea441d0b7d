"""Checksum bisection over segments: pure algorithm, no driver, no SQL.

A table's rows are placed on a line by a *segment value*: the integer key itself, or the first 32 bits
of the md5 of the normalised key (so both sides bucket a row identically whatever their collation).
The line is cut into a grid of segments whose width is a power of `FANOUT`; each side returns, for a
whole level at once, (count, sum of row hashes) per segment. Segments that differ are cut into
`FANOUT` children and only those are re-hashed, level by level, until they hold at most `leaf_rows`
rows; then their (key, row hash) pairs are fetched and compared to name each differing key.

Why count + sum: a row's hash is a 56-bit (or 64-bit on the fast path) uniform integer; a segment
whose rows differ by one changed row keeps the same sum only if the two hashes are equal, odds 2^-56
(2^-64). XOR would cancel a duplicated row; a sum does not, so multisets compare correctly too.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

FANOUT = 16


@dataclass(frozen=True)
class Checksum:
    count: int
    total: int


Checksums = dict[int, Checksum]  # segment number -> its checksum
Level = tuple[Checksums, Checksums]  # (source, target)


@dataclass(frozen=True)
class Grid:
    low: int  # the smallest segment value
    high: int  # one past the largest
    top_width: int  # a power of FANOUT

    def children(self, ids: Iterable[int]) -> list[int]:
        return [i * FANOUT + c for i in ids for c in range(FANOUT)]


# At most this many top segments are planned (up to FANOUT times as many on a sparse key range): the top level's
# checksums are held in memory on both sides, so a bigger table gets bigger top segments and one more bisection
# level instead of more memory (65,536 segments of both sides take about 15 MB).
MAX_TOP_SEGMENTS = 4096


def plan_grid(low: int, high: int, rows: int, segment_rows: int) -> Grid:
    """A grid whose top segments hold at most about `segment_rows` rows (and at least 1/FANOUT of that), unless
    that would make more than MAX_TOP_SEGMENTS of them."""
    wanted = min(max(1, -(-rows // max(1, segment_rows))), MAX_TOP_SEGMENTS)
    span = max(1, high - low)
    width = 1
    while width * FANOUT * wanted <= span:  # the largest power of FANOUT whose segments are not too big
        width *= FANOUT
    return Grid(low, high, width)


class Sides(Protocol):
    """Both databases, as the algorithm sees them (checksum.py implements it with SQL)."""

    def level(self, width: int, parent_width: int | None, parent_ids: list[int]) -> Level: ...

    def leaf_rows(self, width: int, ids: list[int]) -> tuple[list[tuple[int, tuple[str, ...], int]], ...]: ...


@dataclass(frozen=True)
class RowDifference:
    """One key that differs: missing_in_target | missing_in_source | different | duplicate_key_*."""

    kind: str
    key: tuple[str, ...]
    count: int = 1  # multisets: how many more copies one side holds


@dataclass
class BisectStats:
    levels: int = 0
    segments_hashed: int = 0
    rows_fetched: int = 0
    reused: int = 0  # bisection steps (a level's checksums, a leaf batch's differences) taken from the journal
    top: Level = field(default_factory=lambda: ({}, {}))


class Journal(Protocol):
    """A table's finished bisection steps, kept so that a resumed run does not redo them (checkpoint.py).
    Keys name a step exactly (its width and segments); `None` = not done yet."""

    def level(self, key: str) -> Level | None: ...

    def save_level(self, key: str, level: Level) -> None: ...

    def leaf(self, key: str) -> list[RowDifference] | None: ...

    def save_leaf(self, key: str, found: list[RowDifference]) -> None: ...


def _digest(ids: list[int]) -> str:
    return hashlib.sha1(",".join(map(str, ids)).encode(), usedforsecurity=False).hexdigest()[:16]


def mismatched(level: Level) -> dict[int, int]:
    """Segments whose checksums differ -> the larger row count of the two sides."""
    source, target = level
    empty = Checksum(0, 0)
    return {
        i: max(source.get(i, empty).count, target.get(i, empty).count)
        for i in sorted(set(source) | set(target))
        if source.get(i, empty) != target.get(i, empty)
    }


def bisect(
    sides: Sides,
    grid: Grid,
    leaf_rows: int,
    keyed: bool,
    stats: BisectStats,
    top: Level | None = None,
    batch_rows: int = 200_000,
    on_level: Callable[[int, int], None] = lambda level, pending: None,
    journal: Journal | None = None,
) -> Iterator[RowDifference]:
    """Every differing key (or row hash, when not `keyed`), level by level; memory ≤ one leaf batch.
    With a `journal`, every finished step is recorded, and a step recorded by an earlier run is reused."""
    width = grid.top_width
    level = top if top is not None else sides.level(width, None, [])
    stats.top = level
    pending = mismatched(level)
    stats.segments_hashed += len(level[0]) + len(level[1])
    while pending:
        stats.levels += 1
        on_level(stats.levels, len(pending))
        leaves = [i for i, rows in pending.items() if rows <= leaf_rows or width == 1]
        deeper = [i for i in pending if i not in set(leaves)]
        for chunk in _chunks(leaves, pending, batch_rows):
            key = f"{width}:{_digest(chunk)}"
            saved = journal.leaf(key) if journal else None
            if saved is not None:
                stats.reused += 1
                yield from saved
                continue
            source, target = sides.leaf_rows(width, chunk)
            stats.rows_fetched += len(source) + len(target)
            found = list((compare_keys if keyed else compare_multisets)(source, target))
            del source, target
            if journal:
                journal.save_leaf(key, found)
            yield from found
        if not deeper:
            return
        child = width // FANOUT
        level = _hashed(sides, journal, stats, child, width, deeper)
        stats.segments_hashed += len(level[0]) + len(level[1])
        pending, width = mismatched(level), child


def _hashed(
    sides: Sides, journal: Journal | None, stats: BisectStats, width: int, parent_width: int, parents: list[int]
) -> Level:
    """The checksums of `parents`' children: from the journal when an earlier run hashed them."""
    key = f"{width}:{parent_width}:{_digest(parents)}"
    saved = journal.level(key) if journal else None
    if saved is not None:
        stats.reused += 1
        return saved
    level = sides.level(width, parent_width, parents)
    if journal:
        journal.save_level(key, level)
    return level


MAX_BATCH_SEGMENTS = 400  # segments per leaf fetch: keeps the query's range filter short (see checksum.MAX_RANGES)


def _chunks(ids: list[int], rows: dict[int, int], batch_rows: int) -> Iterator[list[int]]:
    """Leaf segments in batches of at most `batch_rows` rows and MAX_BATCH_SEGMENTS segments: memory stays flat."""
    chunk: list[int] = []
    size = 0
    for i in ids:
        if chunk and (size + rows[i] > batch_rows or len(chunk) >= MAX_BATCH_SEGMENTS):
            yield chunk
            chunk, size = [], 0
        chunk.append(i)
        size += rows[i]
    if chunk:
        yield chunk


def compare_keys(
    source: list[tuple[int, tuple[str, ...], int]], target: list[tuple[int, tuple[str, ...], int]]
) -> Iterator[RowDifference]:
    src, src_dupes = _by_key(source)
    tgt, tgt_dupes = _by_key(target)
    yield from (RowDifference("duplicate_key_in_source", k, n) for k, n in src_dupes.items())
    yield from (RowDifference("duplicate_key_in_target", k, n) for k, n in tgt_dupes.items())
    # only the differing keys are sorted: a leaf batch holds up to 200,000 keys, of which few differ
    differing = [k for k, h in src.items() if tgt.get(k) != h] + [k for k in tgt if k not in src]
    for key in sorted(differing, key=natural):
        if key not in tgt:
            yield RowDifference("missing_in_target", key)
        elif key not in src:
            yield RowDifference("missing_in_source", key)
        else:
            yield RowDifference("different", key)


def natural(key: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    """Keys in the order a person expects: integers by value (9 before 10), text by code point."""
    return tuple((0, int(part), "") if part.lstrip("-").isdigit() else (1, 0, part) for part in key)


def _by_key(
    rows: list[tuple[int, tuple[str, ...], int]],
) -> tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], int]]:
    found: dict[tuple[str, ...], int] = {}
    dupes: Counter[tuple[str, ...]] = Counter()
    for _, key, row_hash in rows:
        if key in found:
            dupes[key] += 1
        found[key] = row_hash
    return found, {k: n + 1 for k, n in dupes.items()}


def compare_multisets(
    source: list[tuple[int, tuple[str, ...], int]], target: list[tuple[int, tuple[str, ...], int]]
) -> Iterator[RowDifference]:
    """Rows as (row hash) multisets: keys here are the row hash as text."""
    src = Counter(str(h) for _, _, h in source)
    tgt = Counter(str(h) for _, _, h in target)
    for row_hash in sorted(src.keys() | tgt.keys()):
        extra = src[row_hash] - tgt[row_hash]
        if extra > 0:
            yield RowDifference("missing_in_target", (row_hash,), extra)
        elif extra < 0:
            yield RowDifference("missing_in_source", (row_hash,), -extra)
