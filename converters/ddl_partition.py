"""Range / list / hash partitioning -> PostgreSQL declarative partitions; partition bounds go through the
expression rewriter (TO_DATE(...) and friends). Oracle interval partitioning keeps its existing partitions and
gets a finding pointing at pg_partman, which creates future ones."""

from __future__ import annotations

import sqlglot
from sqlglot import exp

from converters.ddl_context import DdlContext, blocking, finding
from converters.dialects import SOURCE_DIALECTS
from converters.names import qualified, quote
from migrate.model import ConstraintKind as K
from migrate.model import Finding, Partition, Partitioning, Severity, Table

# source method -> PostgreSQL PARTITION BY method
METHODS: dict[str, str] = {
    "range": "RANGE",
    "interval": "RANGE",  # interval partitioning is range partitioning with automatic new partitions
    "list": "LIST",
    "hash": "HASH",
}
BOUND_PREFIXES = ("VALUES LESS THAN", "VALUES")  # Oracle spells bounds this way; longest first
OPEN_BOUNDS = {"MAXVALUE": "MAXVALUE", "DEFAULT": "DEFAULT"}


def effective(table: Table) -> Partitioning | None:
    """The partitioning the target table really gets: none when the method has no PostgreSQL form, when the
    export lists no partitions (a partitioned table without partitions would reject every row), or when a primary
    key, unique key or unique index lacks the partition columns (PostgreSQL has no global unique index on a
    partitioned table: the key is kept, the partitioning, a storage choice, is not)."""
    p = table.partitioning
    if p is None or p.method.lower() not in METHODS or global_key(table, p):
        return None
    return p if p.partitions or p.method.lower() == "interval" else None


def global_key(table: Table, p: Partitioning) -> str:
    """The first primary/unique key or unique index that lacks a partition column ("" when there is none)."""
    keys = [(c.name, c.columns) for c in table.constraints if c.kind in (K.PRIMARY_KEY, K.UNIQUE)]
    keys += [(i.name, tuple(c.expression for c in i.columns if not c.is_expression)) for i in table.indexes if i.unique]
    for name, columns in keys:
        have = {col.upper() for col in columns}
        if any(col.upper() not in have for col in p.columns):
            return name
    return ""


def partition_clause(table: Table, ctx: DdlContext, findings: list[Finding]) -> str:
    p = table.partitioning
    if p is None:
        return ""
    method = METHODS.get(p.method.lower())
    listed = bool(p.partitions) or p.method.lower() == "interval"
    if method is not None and listed and global_key(table, p):
        findings.append(finding("partition_for_key", Severity.MEDIUM,
                                f"{p.method} partitioning on {', '.join(p.columns)}: key {global_key(table, p)} does "
                                "not include the partition column(s) and PostgreSQL enforces a partitioned table's "
                                "unique keys per partition only, so the table is created unpartitioned with its key"))  # fmt: skip
        return ""
    if effective(table) is None:
        why = "has no PostgreSQL equivalent" if method is None else "lists no partitions in the export"
        findings.append(finding("partition_unsupported", Severity.MEDIUM,
                                f"{p.method} partitioning {why}; the table is created unpartitioned",
                                "partition it by hand (range, list or hash) if it is needed"))  # fmt: skip
        return ""
    if p.method.lower() == "interval":
        findings.append(finding("interval_partition", Severity.MEDIUM,
                                f"interval partitioning (INTERVAL {p.interval or '?'}): the existing partitions are "
                                "created, and a DEFAULT partition takes later rows; PostgreSQL will not add new partitions by itself",
                                "use pg_partman (create_parent with the same interval, then partition_data_proc to "
                                "move rows out of the default partition)"))  # fmt: skip
    if p.subpartition_method:
        findings.append(finding("partition_unsupported", Severity.MEDIUM,
                                f"subpartitioning by {p.subpartition_method} is not created; partitions are leaf tables",
                                "add sub-partitions by hand (PARTITION OF ... PARTITION BY ...) if needed"))  # fmt: skip
    columns = ", ".join(quote(ctx.names.name(c)) for c in p.columns)
    return f" PARTITION BY {method} ({columns})"


def partition_objects(table: Table, schema: str, name: str, ctx: DdlContext, findings: list[Finding]) -> str:
    """CREATE TABLE ... PARTITION OF for every partition, in the table's own SQL (they live and die with it)."""
    p = effective(table)
    if p is None:
        return ""
    out, previous = [], None
    for index, part in enumerate(p.partitions):
        target, _ = ctx.names.relation(schema, part.name, "partition", table.location)
        values = _bound_values(part, table, ctx, findings)
        if values is not None and p.method.lower() == "list" and len(p.columns) == 1:
            values = _storable(values, part, table, p.columns[0], findings)
        if values is None:
            continue
        bound = _bound(p.method.lower(), values, previous, index, len(p.partitions), len(p.columns))
        previous = values
        out.append(
            f"CREATE TABLE IF NOT EXISTS {qualified(schema, target)} PARTITION OF {qualified(schema, name)} {bound};"
        )
    if p.method.lower() == "interval":
        # rows past the last existing partition must still load: they land here until pg_partman moves them
        suffix = "_DEFAULT" if table.name.isupper() else "_default"  # folds like the table's own name
        default, _ = ctx.names.relation(schema, f"{table.name}{suffix}", "partition", table.location)
        out.append(
            f"CREATE TABLE IF NOT EXISTS {qualified(schema, default)} PARTITION OF {qualified(schema, name)} DEFAULT;"
        )
    return "\n".join(out) + ("\n" if out else "")


def _bound(method: str, values: list[str], previous: list[str] | None, index: int, count: int, width: int) -> str:
    if method == "hash":
        return f"FOR VALUES WITH (MODULUS {count}, REMAINDER {index})"
    if values == ["DEFAULT"]:
        return "DEFAULT"
    if method == "list":
        return f"FOR VALUES IN ({', '.join(values)})"
    lower = previous if previous is not None else ["MINVALUE"] * width
    return f"FOR VALUES FROM ({', '.join(lower)}) TO ({', '.join(values)})"


def _bound_values(part: Partition, table: Table, ctx: DdlContext, findings: list[Finding]) -> list[str] | None:
    """The bound's values in PostgreSQL, or None (with a finding) when one could not be converted."""
    text = part.bound.strip()
    upper = text.upper()
    prefix = next((p for p in BOUND_PREFIXES if upper.startswith(p)), "")
    inner = text[len(prefix) :].strip()
    if not inner:
        return []  # hash partitions carry no bound
    try:
        select = sqlglot.parse_one(
            f"SELECT {inner.removeprefix('(').removesuffix(')')}", read=SOURCE_DIALECTS[ctx.source]
        )
    except sqlglot.errors.SqlglotError:
        select = None
    if not isinstance(select, exp.Select):
        findings.append(_bound_finding(part, text))
        return None
    values = []
    for value in select.expressions:
        keyword = OPEN_BOUNDS.get(value.name.upper()) if isinstance(value, exp.Column) else None
        if keyword:
            values.append(keyword)
            continue
        rewritten = ctx.expression(
            value.sql(dialect=SOURCE_DIALECTS[ctx.source]), "partition", part.name, table.location
        )
        if blocking(rewritten.findings):
            findings.append(_bound_finding(part, text))
            return None
        findings.extend(rewritten.findings)
        values.append(rewritten.sql)
    return values


def _storable(
    values: list[str], part: Partition, table: Table, column: str, findings: list[Finding]
) -> list[str] | None:
    """List values longer than the column can never occur in it; PostgreSQL rejects them where the source did
    not, so they are left out (with a finding). A partition left with no value is not created."""
    source_column = table.column(column)
    limit = source_column.type.length if source_column is not None else None
    if not limit or limit < 0:
        return values
    kept = [v for v in values if not (_string(v) is not None and len(_string(v) or "") > limit)]
    if len(kept) != len(values):
        dropped = ", ".join(v for v in values if v not in kept)
        findings.append(finding("partition_unsupported", Severity.LOW,
                                f"partition {part.name}: value(s) {dropped} are longer than {column} "
                                f"({limit} characters) and can never occur; left out of the bound"))  # fmt: skip
    return kept or None


def _string(value: str) -> str | None:
    try:
        literal = sqlglot.parse_one(value, read="postgres")
    except sqlglot.errors.SqlglotError:
        return None
    return literal.this if isinstance(literal, exp.Literal) and literal.is_string else None


def _bound_finding(part: Partition, text: str) -> Finding:
    return finding("partition_unsupported", Severity.MEDIUM,
                   f"partition {part.name}: bound {text!r} could not be converted; the partition is not created "
                   "(rows in its range will fail to load)", "create the partition by hand", text)  # fmt: skip
