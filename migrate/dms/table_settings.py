"""DMS table-settings rules: parallel full load (by partition or key range) and LOB handling per table.

Both come from the Inventory: partitioning, row counts, the primary key, and each LOB column's
observed size. What cannot be decided with certainty becomes a Finding, never a silent default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from migrate.config import DmsSettings
from migrate.model import Finding, Severity, Table, TypeFamily

# Source engines whose DMS endpoint reads partitions one by one with "partitions-auto".
# (AWS DMS guide, "Table and collection settings rules": parallel-load types per source engine.)
# engine -> (type for partitioned tables, type for sub-partitioned tables, why)
PARTITION_LOAD: dict[str, tuple[str, str, str]] = {
    "oracle": ("partitions-auto", "subpartitions-auto", "Oracle sources read each (sub)partition in parallel"),
    "sqlserver": ("partitions-auto", "partitions-auto", "SQL Server sources support partitions-auto"),
    "postgresql": ("", "", "PostgreSQL sources have no partitions-auto: each partition is its own table in DMS"),
}

ROWS_PER_SEGMENT = 5_000_000  # one DMS sub-task per ~5M rows keeps each segment's SELECT short
MAX_SEGMENTS = 16  # DMS allows 49 sub-tasks; 16 keeps the extra load on the source moderate
LIMITED_LOB_CEILING_KB = 102_400  # above ~100 MB per value, limited LOB mode needs more memory than it saves
LOB_HEADROOM = 1.25  # observed maxima are a sample; leave room so a slightly larger value does not truncate
DEFAULT_LIMITED_LOB_KB = 64  # DMS's own default LobMaxSize is 32 KB; 64 KB when nothing was observed
FULL_LOB_CHUNK_KB = 64  # LobChunkSize for full LOB mode: DMS's default, good for most networks


@dataclass(frozen=True)
class LobDecision:
    table: str  # source qualified name
    mode: str  # limited | unlimited
    size_kb: int  # bulk-max-size: the truncation bound (limited) or the chunk size (unlimited)
    reason: str


def locator(table: Table) -> dict[str, str]:
    return {"schema-name": table.schema, "table-name": table.name}


def parallel_load(table: Table, engine: str, settings: DmsSettings) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The parallel-load block for one table, or None when it loads in one stream."""
    by_partition, by_subpartition, _why = PARTITION_LOAD.get(engine, ("", "", ""))
    if table.partitioning and table.partitioning.partitions and by_partition:
        return {"type": by_subpartition if table.partitioning.subpartition_method else by_partition}, []
    rows = table.row_count or 0
    if rows < settings.parallel_load_threshold_rows:
        return None, []
    key = _integer_key(table)
    if key is None:
        return None, [_finding(table, "DMS-LOAD-001", Severity.MEDIUM, _NO_RANGE_KEY.format(rows=rows))]
    boundaries = range_boundaries(table, key, rows)
    note = _RANGE_GUESS.format(column=key, first=boundaries[0][0], last=boundaries[-1][0])
    return {"type": "ranges", "columns": [key], "boundaries": boundaries}, [
        _finding(table, "DMS-RANGE-001", Severity.LOW, note)
    ]


def range_boundaries(table: Table, key: str, rows: int) -> list[list[str]]:
    """Segment upper bounds, assuming key values spread evenly from the identity start over `rows` values."""
    column = table.column(key)
    start = column.identity.start if column and column.identity else 1
    step_sign = column.identity.increment if column and column.identity else 1
    segments = max(2, min(MAX_SEGMENTS, math.ceil(rows / ROWS_PER_SEGMENT)))
    width = math.ceil(rows / segments) * step_sign
    return [[str(start + width * i)] for i in range(1, segments)]


def _integer_key(table: Table) -> str | None:
    """A one-column integer primary key: the only key whose ranges the row count lets us estimate."""
    pk = table.primary_key
    if pk is None or len(pk.columns) != 1:
        return None
    column = table.column(pk.columns[0])
    return column.name if column and column.type.family is TypeFamily.INTEGER else None


def lob_decision(table: Table, settings: DmsSettings) -> tuple[LobDecision | None, list[Finding]]:
    """Limited or full LOB mode for a table with LOB columns, and its size bound."""
    lobs = [c for c in table.columns if c.type.is_lob]
    if not lobs:
        return None, []
    findings = [] if _has_unique_key(table) else [_finding(table, "DMS-LOB-002", Severity.HIGH, _LOB_NO_KEY)]
    observed = [c.max_length_observed for c in lobs]
    decide = LOB_MODES.get(settings.lob_mode, _auto_lob)
    decision, more = decide(table, settings, observed)
    return decision, findings + more


def _auto_lob(table: Table, settings: DmsSettings, observed: list[int | None]) -> tuple[LobDecision, list[Finding]]:
    if settings.lob_max_size_kb:
        return _limited(table, settings.lob_max_size_kb, "dms.lob_max_size_kb in migration.toml"), []
    if any(size is None for size in observed):
        decision = LobDecision(table.qualified_name, "unlimited", FULL_LOB_CHUNK_KB, _FULL_UNKNOWN)
        return decision, [_finding(table, "DMS-LOB-001", Severity.LOW, _FULL_UNKNOWN)]
    largest_kb = math.ceil(max(s or 0 for s in observed) * LOB_HEADROOM / 1024)
    if largest_kb > LIMITED_LOB_CEILING_KB:
        reason = f"largest observed LOB is {largest_kb} KB with headroom, above the {LIMITED_LOB_CEILING_KB} KB limit"
        return LobDecision(table.qualified_name, "unlimited", FULL_LOB_CHUNK_KB, reason), []
    bound = max(1, largest_kb)
    return _limited(table, bound, f"largest observed LOB {max(s or 0 for s in observed)} bytes + 25% headroom"), []


def _forced_limited(
    table: Table, settings: DmsSettings, observed: list[int | None]
) -> tuple[LobDecision, list[Finding]]:
    size = settings.lob_max_size_kb or DEFAULT_LIMITED_LOB_KB
    findings = []
    known = [s for s in observed if s is not None]
    if len(known) < len(observed):
        findings.append(_finding(table, "DMS-LOB-003", Severity.MEDIUM, _LIMITED_UNKNOWN.format(size=size)))
    elif known and max(known) > size * 1024:
        message = f"observed LOB of {max(known)} bytes exceeds dms.lob_max_size_kb = {size}: the task will fail on it"
        findings.append(_finding(table, "DMS-LOB-004", Severity.HIGH, message))
    return _limited(table, size, "dms.lob_mode = limited"), findings


def _forced_full(table: Table, settings: DmsSettings, observed: list[int | None]) -> tuple[LobDecision, list[Finding]]:
    return LobDecision(table.qualified_name, "unlimited", FULL_LOB_CHUNK_KB, "dms.lob_mode = full"), []


def _limited(table: Table, size_kb: int, why: str) -> LobDecision:
    return LobDecision(table.qualified_name, "limited", size_kb, f"limited LOB mode, {size_kb} KB: {why}")


# dms.lob_mode -> how the per-table LOB mode is chosen
LOB_MODES = {
    "auto": _auto_lob,  # limited when every LOB column's size was observed, full otherwise
    "limited": _forced_limited,  # the user accepts a bound; truncation fails the task (FailTasksOnLobTruncation)
    "full": _forced_full,  # never truncates; slower, values fetched in chunks by primary key
}


def lob_settings_block(decision: LobDecision) -> dict[str, str]:
    return {"mode": decision.mode, "bulk-max-size": str(decision.size_kb)}


def _has_unique_key(table: Table) -> bool:
    return any(c.kind.value in ("primary_key", "unique") for c in table.constraints) or any(
        i.unique for i in table.indexes
    )


def _finding(table: Table, rule_id: str, severity: Severity, message: str) -> Finding:
    return Finding(
        rule_id=rule_id,
        severity=severity,
        message=message,
        object_kind="table",
        object_name=table.qualified_name,
        location=table.location,
        category="dms",
    )


_NO_RANGE_KEY = (
    "{rows} rows but no one-column integer primary key to split on: DMS loads it in one stream; "
    "add a ranges table-settings rule by hand (boundaries from SELECT MIN/MAX of a key) to load it in parallel"
)
_RANGE_GUESS = (
    "parallel load by {column} ranges ({first} .. {last}) assumes key values spread evenly from the first "
    "value over row_count values; check SELECT MIN({column}), MAX({column}) and edit the boundaries if not"
)
_LOB_NO_KEY = (
    "LOB columns on a table without a primary or unique key: DMS looks LOB values up by key during CDC "
    "and in full LOB mode, so their values are not replicated; add a primary key before the load"
)
_FULL_UNKNOWN = "LOB sizes were not observed (scan with statistics to get them): full LOB mode, which never truncates"
_LIMITED_UNKNOWN = (
    "dms.lob_mode = limited with unknown LOB sizes: a value above {size} KB fails the task "
    "(FailTasksOnLobTruncation); scan with statistics or raise dms.lob_max_size_kb"
)
