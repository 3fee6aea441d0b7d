"""Checksums: each side hashes its segments in the database; differing segments are bisected to keys.

`TableSQL` writes one side's queries from its normaliser (no driver); `SqlSides` runs them on both
sides at once and feeds `segments.bisect`; `checksum_table` turns the outcome into a CheckResult,
fetching the rows of differing keys to show which columns differ.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from validators.checkpoint import Checkpoint
from validators.normalize.base import BUCKET_SPACE, ColumnSpec, Normaliser, Policy
from validators.normalize.postgres import PostgresFastNormaliser
from validators.result import CheckResult
from validators.segments import FANOUT, BisectStats, Checksum, Grid, Level, RowDifference, bisect, plan_grid
from validators.side import SidePair
from validators.tables import TablePair

MAX_LISTED = 1000  # differences listed per table; the rest are counted
MAX_DETAILED = 100  # differing rows whose column values are fetched and shown
MAX_RANGES = 500  # beyond this many parent ranges, a level scans without a parent filter


@dataclass(frozen=True)
class TableSQL:
    """One side's queries for one table."""

    norm: Normaliser
    table: str  # quoted, schema-qualified
    specs: tuple[ColumnSpec, ...]
    key: tuple[int, ...]
    mode: str  # range (integer key) | bucket (md5 of the key) | multiset (md5 of the row)
    where: str = ""

    @property
    def key_specs(self) -> list[ColumnSpec]:
        return [self.specs[i] for i in self.key]

    def row_hash(self) -> str:
        return self.norm.row_hash(self.norm.row_text(list(self.specs)))

    def value(self) -> str:
        """The segment value each row is placed by."""
        if self.mode == "range":
            return self.norm.quote(self.key_specs[0].name)
        return self.norm.bucket(self.norm.row_text(self.key_specs if self.mode == "bucket" else list(self.specs)))

    def _where(self, *extra: str) -> str:
        parts = [f"({self.where})" if self.where else "", *extra]
        kept = [p for p in parts if p]
        return " WHERE " + " AND ".join(kept) if kept else ""

    def bounds(self) -> str:
        """Where the segment values lie, and how many rows to plan for: for an integer key MIN/MAX (two
        index probes) and the span as the row estimate; for hashed keys the whole bucket space and COUNT(*)."""
        if self.mode == "range":
            v = self.value()
            return f"SELECT MIN({v}), MAX({v}), MAX({v}) - MIN({v}) + 1 FROM {self.table}{self._where()}"
        return f"SELECT 0, {BUCKET_SPACE - 1}, COUNT(*) FROM {self.table}{self._where()}"

    def in_segments(self, low: int, width: int, ids: list[int]) -> str:
        """Rows in the segments `ids` of `width`. An integer key: merged ranges of the key (index range
        scans). A hashed key: the segment number IN (...), so the hash is computed once per row, not once
        per range. Too many segments: no filter (the level then scans everything, still correct)."""
        ranges = _ranges(ids)
        if not ids or len(ranges) > MAX_RANGES or (self.mode != "range" and len(ids) > MAX_RANGES):
            return ""
        v = self.value()
        if self.mode != "range":
            return f"{self.norm.segment_id(v, low, width)} IN ({', '.join(str(i) for i in sorted(ids))})"
        terms = [f"({v} >= {low + a * width} AND {v} < {low + b * width})" for a, b in ranges]
        return "(" + " OR ".join(terms) + ")"

    def level(self, low: int, width: int, parent_width: int | None, parents: list[int]) -> str:
        seg = self.norm.segment_id(self.value(), low, width)
        where = self._where(self.in_segments(low, parent_width, parents) if parent_width else "")
        return (
            f"SELECT seg, COUNT(*), {self.norm.hash_sum('h')} FROM "
            f"(SELECT {seg} AS seg, {self.row_hash()} AS h FROM {self.table}{where}) s GROUP BY seg"
        )

    def leaves(self, low: int, width: int, ids: list[int]) -> str:
        seg = self.norm.segment_id(self.value(), low, width)
        keys = [f"{self.norm.value(c)} AS k{i}" for i, c in enumerate(self.key_specs)]
        where = self._where(self.in_segments(low, width, ids))
        return f"SELECT {', '.join([f'{seg} AS seg', *keys, f'{self.row_hash()} AS h'])} FROM {self.table}{where}"

    def rows_by_key(self, keys: list[tuple[str, ...]]) -> str:
        """Key texts then every column's canonical text, for the rows with these keys."""
        values = [self.norm.value(c) for c in self.specs]
        key_values = [self.norm.value(c) for c in self.key_specs]
        if self.mode == "range" and len(self.key) == 1:  # the raw integer key: an index lookup
            match = f"{self.value()} IN ({', '.join(str(int(k[0])) for k in keys)})"
            return f"SELECT {', '.join(key_values + values)} FROM {self.table}{self._where(match)}"
        match = " OR ".join(
            "(" + " AND ".join(f"{expr} = {self.norm.literal(text)}" for expr, text in zip(key_values, key)) + ")"
            for key in keys
        )
        return f"SELECT {', '.join(key_values + values)} FROM {self.table}{self._where(f'({match})')}"

    def rows_by_hash(self, hashes: list[str]) -> str:
        values = [self.norm.value(c) for c in self.specs]
        match = f"{self.row_hash()} IN ({', '.join(hashes)})"
        return f"SELECT {self.row_hash()}, {', '.join(values)} FROM {self.table}{self._where(match)}"


def _ranges(ids: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for i in sorted(ids):
        if ranges and ranges[-1][1] == i:
            ranges[-1] = (ranges[-1][0], i + 1)
        else:
            ranges.append((i, i + 1))
    return ranges


class SqlSides:
    """segments.Sides over two databases."""

    def __init__(self, sides: SidePair, source: TableSQL, target: TableSQL, grid: Grid) -> None:
        self.sides, self.source, self.target, self.grid = sides, source, target, grid

    def level(self, width: int, parent_width: int | None, parent_ids: list[int]) -> Level:
        low = self.grid.low
        found = self.sides.both(
            self.source.level(low, width, parent_width, parent_ids),
            self.target.level(low, width, parent_width, parent_ids),
        )
        return _checksums(found[0]), _checksums(found[1])

    def leaf_rows(self, width: int, ids: list[int]) -> tuple[list[tuple[int, tuple[str, ...], int]], ...]:
        low = self.grid.low
        wanted = set(ids)
        found = self.sides.both(self.source.leaves(low, width, ids), self.target.leaves(low, width, ids))
        return tuple([(int(r[0]), tuple(r[1:-1]), int(r[-1])) for r in rows if int(r[0]) in wanted] for rows in found)


def _checksums(rows: list[tuple[Any, ...]]) -> dict[int, Checksum]:
    return {int(seg): Checksum(int(count), int(total or 0)) for seg, count, total in rows}


def side_sql(
    pair: TablePair, norms: tuple[Normaliser, Normaliser], policy: Policy, where: tuple[str, str]
) -> tuple[TableSQL, TableSQL]:
    mode = choose_mode(pair)
    built = []
    for role, norm, filter_ in zip(("source", "target"), norms, where):
        table_def = pair.source if role == "source" else pair.target
        assert table_def is not None
        specs = tuple(pair.specs(role, policy))
        table = f"{norm.quote(table_def.schema)}.{norm.quote(table_def.name)}"
        built.append(TableSQL(norm, table, specs, pair.key, mode, filter_))
    return built[0], built[1]


def choose_mode(pair: TablePair) -> str:
    if not pair.key:
        return "multiset"
    first = pair.columns[pair.key[0]]
    return "range" if first.kind == "integer" and first.target_family.value == "integer" else "bucket"


def method_label(source: TableSQL) -> str:
    hashing = source.norm.hash_label
    segments = {
        "range": "key ranges",
        "bucket": "md5 buckets of the normalised key",
        "multiset": "whole-table multiset of row hashes (no key)",
    }[source.mode]
    if source.mode == "bucket" and isinstance(source.norm, PostgresFastNormaliser):
        segments = "hash buckets of the normalised key"
    return f"{hashing}; {segments}"


def checksum_table(
    pair: TablePair,
    sides: SidePair,
    policy: Policy,
    where: tuple[str, str],
    segment_rows: int,
    leaf_rows: int,
    checkpoint: Checkpoint | None = None,
    on_state: Callable[[str], None] = lambda state: None,
) -> CheckResult:
    started = time.monotonic()
    source, target = side_sql(pair, (sides.source.normaliser, sides.target.normaliser), policy, where)
    (s_low, s_high, s_rows), (t_low, t_high, t_rows) = (r[0] for r in sides.both(source.bounds(), target.bounds()))
    result = CheckResult("checksums", pair.name, "match", method=method_label(source), key=pair.key_origin)
    result.source_rows = result.target_rows = 0
    lows = [int(v) for v in (s_low, t_low) if v is not None]
    highs = [int(v) for v in (s_high, t_high) if v is not None]
    if lows:
        grid = plan_grid(min(lows), max(highs) + 1, max(int(s_rows or 0), int(t_rows or 0)), segment_rows)
        stats = BisectStats()
        sql_sides = SqlSides(sides, source, target, grid)
        top = checkpoint.top(pair.name, grid) if checkpoint else None
        if top is None:
            on_state(f"hashing {max(1, (grid.high - grid.low) // grid.top_width)} segments on both sides")
            top = sql_sides.level(grid.top_width, None, [])
            if checkpoint:
                checkpoint.save_top(pair.name, grid, top)
        else:
            result.notes.append("top-level segment checksums reused from the checkpoint (--resume)")
        result.source_rows, result.target_rows = (sum(c.count for c in side.values()) for side in top)
        differences = bisect(
            sql_sides,
            grid,
            leaf_rows,
            bool(pair.key),
            stats,
            top,
            on_level=lambda level, pending: on_state(f"bisecting, level {level}: {pending} segment(s) differ"),
            journal=checkpoint.journal(pair.name) if checkpoint else None,
        )
        _collect(result, differences, source, target, sides)
        result.notes.append(
            f"{stats.segments_hashed} segment checksums, {stats.levels} bisection level(s), "
            f"{stats.rows_fetched} key/hash pairs fetched"
        )
        if stats.reused:
            result.notes.append(f"{stats.reused} bisection step(s) reused from the checkpoint (--resume)")
    if pair.notes:  # a column on one side only: the rows cannot be the same
        result.status = "differ"
        result.summary = "; ".join(pair.notes)
    result.elapsed = time.monotonic() - started
    return result


def _collect(result: CheckResult, differences: Any, source: TableSQL, target: TableSQL, sides: SidePair) -> None:
    listed: list[RowDifference] = []
    for difference in differences:
        result.difference_count += difference.count
        if len(listed) < MAX_LISTED:
            listed.append(difference)
    if listed:
        result.status = "differ"
    details = _column_details(listed, source, target, sides)
    result.differences = [
        {"kind": d.kind, "key": _key_dict(source, d), "count": d.count, **details.get(d.key, {})} for d in listed
    ]
    if result.difference_count > len(listed):
        result.notes.append(f"{result.difference_count - len(listed)} more differences not listed")


def _key_dict(source: TableSQL, difference: RowDifference) -> dict[str, str]:
    names = [c.name for c in source.key_specs] or ["row_hash"]
    return dict(zip(names, difference.key))


def _column_details(
    listed: list[RowDifference], source: TableSQL, target: TableSQL, sides: SidePair
) -> dict[tuple[str, ...], dict[str, Any]]:
    """For keys whose values differ: which columns, with both sides' canonical text."""
    if not source.key:
        return _multiset_details(listed, source, target, sides)
    keys = [d.key for d in listed if d.kind == "different"][:MAX_DETAILED]
    if not keys:
        return {}
    found = sides.both(source.rows_by_key(keys), target.rows_by_key(keys))
    width = len(source.key)
    by_key = [{tuple(r[:width]): r[width:] for r in rows} for rows in found]
    details: dict[tuple[str, ...], dict[str, Any]] = {}
    for key in keys:
        s_row, t_row = by_key[0].get(key), by_key[1].get(key)
        if s_row is None or t_row is None:
            continue
        columns = [
            {"column": spec.name, "source": s, "target": t} for spec, s, t in zip(source.specs, s_row, t_row) if s != t
        ]
        details[key] = {"columns": columns}
    return details


def _multiset_details(
    listed: list[RowDifference], source: TableSQL, target: TableSQL, sides: SidePair
) -> dict[tuple[str, ...], dict[str, Any]]:
    """For rows of a keyless table held by one side only: their values, from the side that holds them."""
    wanted = {"missing_in_target": [], "missing_in_source": []}  # type: dict[str, list[str]]
    for d in listed[:MAX_DETAILED]:
        wanted[d.kind].append(d.key[0])
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    for kind, side, sql in (("missing_in_target", sides.source, source), ("missing_in_source", sides.target, target)):
        if wanted[kind]:
            for row in side.rows(sql.rows_by_hash(wanted[kind])):
                values = [{"column": c.name, side.role: v} for c, v in zip(sql.specs, row[1:])]
                found[(str(row[0]),)] = {"columns": values}
    return found


__all__ = ["FANOUT", "TableSQL", "checksum_table"]
