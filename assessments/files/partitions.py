"""PARTITION BY for Oracle and PostgreSQL; `ON scheme(column)` for SQL Server."""

from __future__ import annotations

from assessments.files.constraints import column_list
from assessments.files.cursor import Cursor, split_top_level
from migrate.model import Partition, Partitioning

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
    sub_method, sub_columns = None, ()
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
    found = []
    for begin, end in split_top_level(cur.text, cur.quoting, *span):
        item = Cursor(cur.text, cur.quoting, begin, end)
        item.accept_any("PARTITION", "SUBPARTITION")
        name = ".".join(item.name())
        bound = ""
        if item.at("VALUES"):
            start = item.peek().start  # type: ignore[union-attr]
            item.accept("VALUES")
            item.accept("LESS", "THAN")
            group = item.group()
            bound = cur.text[start : group[1] + 1] if group else ""
        subs: tuple[Partition, ...] = ()
        while not item.done:
            if item.at("("):
                subs = read_partition_list(item)
            else:
                item.next()
        found.append(Partition(name, bound, subs))
    return tuple(found)
