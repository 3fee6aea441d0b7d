"""PARTITION BY for Oracle and PostgreSQL; `ON scheme(column)` for SQL Server."""

from __future__ import annotations

from assessments.files.constraints import column_list
from migrate.model import Partition, Partitioning
from migrate.sqltext.cursor import Cursor, split_top_level

METHODS = ("RANGE", "LIST", "HASH", "REFERENCE", "SYSTEM")


def read_partitioning(cur: Cursor) -> Partitioning:
    """At `PARTITION BY method (cols) [INTERVAL (e)] [SUBPARTITION BY ...] [(partitions)]`."""
    cur.accept("PARTITION", "BY")
    method = (cur.accept_any(*METHODS) or "range").lower()
    columns = column_list(cur)
    interval = None
    if cur.accept("INTERVAL"):
        span = cur.group()
        interval = cur.slice(*span) if span else None
        method = "interval"
    sub_method: str | None = None
    sub_columns: tuple[str, ...] = ()
    if cur.accept("SUBPARTITION", "BY"):
        sub_method = (cur.accept_any(*METHODS) or "").lower() or None
        sub_columns = column_list(cur)
        if cur.accept("SUBPARTITION", "TEMPLATE"):
            cur.group()
        if cur.accept("SUBPARTITIONS"):
            cur.next()
    if cur.accept("PARTITIONS"):
        cur.next()
    partitions = read_partition_list(cur) if cur.at("(") else ()
    return Partitioning(method, columns, partitions, sub_method, sub_columns, interval)


def read_partition_list(cur: Cursor) -> tuple[Partition, ...]:
    span = cur.group()
    if span is None:
        return ()
    return tuple(read_partition(item) for item in partition_items(cur, *span))


def partition_items(cur: Cursor, begin: int, end: int) -> list[Cursor]:
    """The comma-separated `PARTITION ...` items between two offsets, one cursor each."""
    return [Cursor(cur.text, cur.quoting, b, e) for b, e in split_top_level(cur.text, cur.quoting, begin, end)]


def read_partition(item: Cursor) -> Partition:
    """`[SUB]PARTITION name [VALUES [LESS THAN] (...)] [physical attributes] [(SUBPARTITION ...)]`. A group
    after the bound is a subpartition list only if it starts with SUBPARTITION: LOB (c) STORE AS (...),
    STORE IN (...) and UPDATE INDEXES (...) are physical."""
    item.accept_any("PARTITION", "SUBPARTITION")
    name = ".".join(item.name())
    bound = ""
    if item.at("VALUES"):
        start = item.peek().start  # type: ignore[union-attr]
        item.accept("VALUES")
        item.accept("LESS", "THAN")
        group = item.group()
        bound = item.text[start : group[1] + 1] if group else ""
    subs: tuple[Partition, ...] = ()
    while not item.done:
        if item.at("(") and item.word(1) == "SUBPARTITION":
            subs = read_partition_list(item)
        elif item.at("("):
            item.group()
        else:
            item.next()
    return Partition(name, bound, subs)


def range_partitions(boundaries: list[str], right: bool) -> tuple[Partition, ...]:
    """SQL Server partition function boundaries as partitions. RANGE RIGHT puts a boundary in the
    partition above it, so each partition holds values below the next boundary (Oracle's VALUES
    LESS THAN); RANGE LEFT keeps the boundary in the partition below it."""
    below = "VALUES LESS THAN" if right else "VALUES LESS THAN OR EQUAL TO"
    parts = [Partition(f"p{n}", f"{below} ({b})") for n, b in enumerate(boundaries, 1)]
    parts.append(Partition(f"p{len(boundaries) + 1}", f"{below} (MAXVALUE)"))
    return tuple(parts)
