"""The bisection algorithm on its own: grids, mismatches, key and multiset comparison, over fake sides."""

from __future__ import annotations

import pytest

from validators.segments import (
    FANOUT,
    MAX_TOP_SEGMENTS,
    BisectStats,
    Checksum,
    RowDifference,
    bisect,
    compare_keys,
    compare_multisets,
    mismatched,
    plan_grid,
)


def test_grid_width_is_a_power_of_the_fanout_covering_the_span():
    grid = plan_grid(1, 1_000_001, rows=1_000_000, segment_rows=10_000)
    assert grid.top_width == FANOUT**3  # 245 segments of 4,096 keys: none above 10,000 rows


@pytest.mark.parametrize("rows", [10**9, 10**12])
def test_the_top_level_stays_bounded_however_big_the_table(rows):
    """Memory must not grow with the table: beyond MAX_TOP_SEGMENTS the segments get bigger instead."""
    for low, high in ((0, rows), (0, rows * 1000), (0, 2**32)):  # dense keys, sparse keys, hash buckets
        grid = plan_grid(low, high, rows=rows, segment_rows=10_000)
        segments = -(-(high - low) // grid.top_width)
        assert MAX_TOP_SEGMENTS <= segments <= MAX_TOP_SEGMENTS * FANOUT


def test_mismatched_lists_segments_missing_on_either_side():
    level = ({0: Checksum(2, 5), 1: Checksum(1, 1)}, {0: Checksum(2, 5), 2: Checksum(3, 9)})
    assert mismatched(level) == {1: 1, 2: 3}


def test_compare_keys_names_every_kind_of_difference():
    source = [(0, ("1",), 10), (0, ("2",), 20), (0, ("3",), 30)]
    target = [(0, ("2",), 20), (0, ("3",), 31), (0, ("4",), 40), (0, ("4",), 40)]
    assert list(compare_keys(source, target)) == [
        RowDifference("duplicate_key_in_target", ("4",), 2),
        RowDifference("missing_in_target", ("1",)),
        RowDifference("different", ("3",)),
        RowDifference("missing_in_source", ("4",)),
    ]


def test_multisets_count_extra_copies():
    assert list(compare_multisets([(0, (), 7), (0, (), 7)], [(0, (), 7)])) == [
        RowDifference("missing_in_target", ("7",), 1)
    ]


class FakeSides:
    """Rows as (segment value, key, hash) in memory: what the SQL would compute."""

    def __init__(self, source, target, low):
        self.rows, self.low = (source, target), low

    def _sums(self, rows, width, parent_width, parents):
        found = {}
        for v, _, h in rows:
            if parent_width and (v - self.low) // parent_width not in parents:
                continue
            seg = (v - self.low) // width
            c = found.get(seg, Checksum(0, 0))
            found[seg] = Checksum(c.count + 1, c.total + h)
        return found

    def level(self, width, parent_width, parent_ids):
        return tuple(self._sums(rows, width, parent_width, set(parent_ids)) for rows in self.rows)

    def leaf_rows(self, width, ids):
        return tuple(
            [((v - self.low) // width, k, h) for v, k, h in rows if (v - self.low) // width in ids]
            for rows in self.rows
        )


def test_bisect_descends_only_into_differing_segments():
    source = [(i, (str(i),), i * 7919 % 1000) for i in range(10_000)]
    target = [r if r[0] != 4321 else (4321, ("4321",), 1) for r in source if r[0] != 77]
    grid = plan_grid(0, 10_000, 10_000, 1_000)
    stats = BisectStats()
    found = list(bisect(FakeSides(source, target, 0), grid, leaf_rows=10, keyed=True, stats=stats))
    assert set(found) == {RowDifference("missing_in_target", ("77",)), RowDifference("different", ("4321",))}
    assert stats.rows_fetched < 100 and stats.levels >= 2


def test_differences_are_listed_in_natural_key_order():
    source = [(0, (k,), 1) for k in ("10", "9", "-3", "b", "a")]
    assert [d.key[0] for d in compare_keys(source, [])] == ["-3", "9", "10", "a", "b"]


def test_a_large_batch_of_equal_rows_yields_only_the_differing_keys_in_order():
    source = [(0, (str(k),), k) for k in range(50_000)]
    target = [(0, (str(k),), k + (k in (40_000, 7))) for k in range(50_000) if k != 123]
    assert [(d.kind, d.key[0]) for d in compare_keys(source, target)] == [
        ("different", "7"),
        ("missing_in_target", "123"),
        ("different", "40000"),
    ]


class MemoryJournal:
    def __init__(self):
        self.levels, self.leaves = {}, {}

    def level(self, key):
        return self.levels.get(key)

    def save_level(self, key, level):
        self.levels[key] = level

    def leaf(self, key):
        return self.leaves.get(key)

    def save_leaf(self, key, found):
        self.leaves[key] = found


class CountingSides(FakeSides):
    def __init__(self, *args):
        super().__init__(*args)
        self.calls = 0

    def level(self, *args):
        self.calls += 1
        return super().level(*args)

    def leaf_rows(self, *args):
        self.calls += 1
        return super().leaf_rows(*args)


def _tables():
    source = [(i, (str(i),), i * 7919 % 1000) for i in range(10_000)]
    changed = {77, 4321, 4400, 9000, 9001}  # several top segments, several leaves
    target = [(v, k, h + 1) if v in changed else (v, k, h) for v, k, h in source if v != 5]
    return source, target


def test_a_resumed_bisection_reuses_every_finished_step():
    source, target = _tables()
    grid = plan_grid(0, 10_000, 10_000, 1_000)
    journal = MemoryJournal()
    first = list(bisect(FakeSides(source, target, 0), grid, 10, True, BisectStats(), journal=journal))
    assert journal.levels and journal.leaves
    top = FakeSides(source, target, 0).level(grid.top_width, None, [])
    nothing = CountingSides([], [], 0)  # any query would be seen: none is made
    stats = BisectStats()
    again = list(bisect(nothing, grid, 10, True, stats, top=top, journal=journal))
    assert again == first and len(first) == 6
    assert (nothing.calls, stats.rows_fetched, stats.reused) == (0, 0, len(journal.levels) + len(journal.leaves))


def test_a_bisection_stopped_midway_goes_on_from_its_last_step():
    source, target = _tables()
    grid = plan_grid(0, 10_000, 10_000, 1_000)
    fresh_sides = CountingSides(source, target, 0)
    fresh = list(bisect(fresh_sides, grid, 10, True, BisectStats(), batch_rows=20))
    journal = MemoryJournal()
    stopped = bisect(FakeSides(source, target, 0), grid, 10, True, BisectStats(), batch_rows=20, journal=journal)
    next(stopped)  # the first difference, then the run stops
    stopped.close()
    resumed_sides = CountingSides(source, target, 0)
    stats = BisectStats()
    top = FakeSides(source, target, 0).level(grid.top_width, None, [])
    resumed = list(bisect(resumed_sides, grid, 10, True, stats, top=top, batch_rows=20, journal=journal))
    assert resumed == fresh
    assert stats.reused >= 2 and resumed_sides.calls < fresh_sides.calls - 1  # the fresh run also hashed the top
