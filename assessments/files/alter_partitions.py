"""ALTER TABLE actions on partitions: PostgreSQL ATTACH PARTITION, Oracle ADD / DROP / MODIFY PARTITION."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assessments.files.alter_grammar import Alter
from assessments.files.builder import Builder
from assessments.files.partitions import partition_items, read_partition
from migrate.model import Partition, Partitioning
from migrate.sqltext.cursor import Cursor


def attach_partition(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """PostgreSQL (pg_dump) ATTACH PARTITION child FOR VALUES ...: the child becomes a partition."""
    cur.accept("ATTACH", "PARTITION")
    schema, child = b.qualify(cur.name())
    bound = cur.rest()
    b.objects["tables"].pop((schema.upper(), child.upper()), None)
    b.partitions[(schema.upper(), child.upper())] = (table.schema, table.name)
    b.retag("table", f"{schema}.{child}", "partition", f"{table.schema}.{table.name}")
    scheme = table.partitioning or Partitioning("range", ())
    return replace(table, partitioning=replace(scheme, partitions=(*scheme.partitions, Partition(child, bound))))


# Words after Oracle's PARTITION that are not a partition's name: `ADD PARTITION` of a hash table may leave the name
# to Oracle (SYS_Pn), and a name the model does not know cannot be converted.
NOT_A_PARTITION_NAME = frozenset(
    {"VALUES", "TABLESPACE", "STORAGE", "COMPRESS", "NOCOMPRESS", "LOGGING", "NOLOGGING", "PCTFREE", "SEGMENT",
     "LOB", "UPDATE", "INVALIDATE", "PARALLEL", "NOPARALLEL", "DEPENDENT", "INMEMORY", "NOINMEMORY", "READ", "FOR"}
)  # fmt: skip


def _listed_partitions(cur: Cursor, table: Any, alter: Alter) -> Partitioning | None:
    """The table's partitioning if the model holds its partition list (a hash table created with PARTITIONS n
    has none): only then can a partition be added to or dropped from it; otherwise the action is not read."""
    scheme: Partitioning | None = table.partitioning
    if scheme is None or not scheme.partitions:
        alter.not_read.append(cur.rest())
        return None
    return scheme


def add_partitions(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """Oracle ADD PARTITION p VALUES ... [, PARTITION q VALUES ...]: the partitions join the table's list, after
    the others (a range partition can only be added above the highest bound)."""
    scheme = _listed_partitions(cur, table, alter)
    if scheme is None:
        return None
    text = cur.rest()
    cur.accept("ADD")
    first = cur.peek()
    items = partition_items(cur, first.start, cur.tokens[-1].end) if first else []
    if not items or any(not i.at("PARTITION") or i.word(1) in NOT_A_PARTITION_NAME or i.peek(1) is None for i in items):
        alter.not_read.append(text)  # a partition Oracle names itself (SYS_Pn): its name is not in the files
        return None
    added = tuple(read_partition(item) for item in items)
    return replace(table, partitioning=replace(scheme, partitions=(*scheme.partitions, *added)))


def drop_partitions(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """Oracle DROP PARTITION[S] p [, q] [UPDATE INDEXES...]: the partitions leave the table's list (a range
    partition's rows then fall to the next one up, as the converted bounds say). DROP PARTITION FOR (value)
    names no partition: not read."""
    scheme = _listed_partitions(cur, table, alter)
    if scheme is None:
        return None
    text = cur.rest()
    cur.accept("DROP")
    cur.accept_any("PARTITIONS", "PARTITION")
    names: list[str] = []
    while cur.peek() is not None and cur.peek().kind in ("word", "qident") and cur.word() not in DROP_OPTIONS:  # type: ignore[union-attr]
        names.append(".".join(cur.name()))
        if not cur.accept(","):
            break
    if not names or cur.at("FOR"):
        alter.not_read.append(text)
        return None
    known = {p.name.upper() for p in scheme.partitions}
    for name in names:
        if name.upper() not in known:
            alter.missing.append(f"partition {name} is not in the table ({text})")
    drop = {n.upper() for n in names}
    kept = tuple(p for p in scheme.partitions if p.name.upper() not in drop)
    return replace(table, partitioning=replace(scheme, partitions=kept))


DROP_OPTIONS = frozenset({"UPDATE", "INVALIDATE", "PARALLEL", "NOPARALLEL", "FOR"})


def modify_partition(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """Oracle MODIFY PARTITION p ADD SUBPARTITION s ... [, SUBPARTITION t ...]: the subpartitions join p's list.
    Every other MODIFY PARTITION (ADD VALUES, storage, indexes...) is not read."""
    text = cur.rest()
    scheme = _listed_partitions(cur, table, alter)
    if scheme is None:
        return None
    cur.accept("MODIFY", "PARTITION")
    name = ".".join(cur.name())
    if not cur.at("ADD", "SUBPARTITION"):
        alter.not_read.append(text)
        return None
    part = next((p for p in scheme.partitions if p.name.upper() == name.upper()), None)
    if part is None:
        alter.missing.append(f"partition {name} is not in the table ({text})")
        return None
    cur.accept("ADD")
    first = cur.peek()
    items = partition_items(cur, first.start, cur.tokens[-1].end)  # type: ignore[union-attr]
    if any(i.word(1) in NOT_A_PARTITION_NAME or i.peek(1) is None for i in items):
        alter.not_read.append(text)
        return None
    added = tuple(read_partition(item) for item in items)
    changed = replace(part, subpartitions=(*part.subpartitions, *added))
    parts = tuple(changed if p is part else p for p in scheme.partitions)
    return replace(table, partitioning=replace(scheme, partitions=parts))
