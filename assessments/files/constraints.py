"""Constraint bodies and their states, shared by CREATE TABLE (inline and out-of-line) and ALTER TABLE."""

from __future__ import annotations

from dataclasses import replace

from migrate.model import Constraint, ConstraintKind
from migrate.model.engines import engine
from migrate.sqltext.cursor import Cursor, split_top_level

K = ConstraintKind

# Referential actions as the sources spell them (Oracle has no ON UPDATE; T-SQL and PostgreSQL do).
ACTIONS = ("CASCADE", "SET NULL", "SET DEFAULT", "NO ACTION", "RESTRICT")

# Physical attributes that come with constraints and tables. None of them means anything on Aurora
# (storage is managed), so they are passed over; the number says how many arguments follow.
PHYSICAL_WORDS: dict[str, int] = {
    **dict.fromkeys(
        ("PCTFREE", "PCTUSED", "INITRANS", "MAXTRANS", "PCTTHRESHOLD", "PARALLEL", "FREELISTS", "INITIAL",
         "NEXT", "MINEXTENTS", "MAXEXTENTS", "PCTINCREASE", "CHUNK", "RETENTION", "PCTVERSION"),
        1,
    ),
    **dict.fromkeys(("TABLESPACE", "BUFFER_POOL", "FLASH_CACHE", "CELL_FLASH_CACHE", "TEXTIMAGE_ON",
                     "FILESTREAM_ON", "LOCK_ESCALATION", "DATA_COMPRESSION", "FILLFACTOR"), 1),
    **dict.fromkeys(
        ("COMPUTE", "STATISTICS", "LOGGING", "NOLOGGING", "COMPRESS", "NOCOMPRESS", "SEGMENT", "CREATION",
         "IMMEDIATE", "DEFERRED", "STORAGE", "FREELIST", "GROUPS", "CACHE", "NOCACHE", "MONITORING",
         "NOMONITORING", "ROWDEPENDENCIES", "NOROWDEPENDENCIES", "NOPARALLEL", "ONLINE", "NOSORT", "SORT",
         "VISIBLE", "INVISIBLE", "LOCAL", "GLOBAL", "OVERFLOW", "INCLUDING", "MAPPING", "ROW", "MOVEMENT",
         "SECUREFILE", "BASICFILE", "INMEMORY", "NO", "MEMCOMPRESS", "PRIORITY", "RESULT_CACHE", "MODE",
         "INDEXING", "OFF", "FULL", "PARTIAL", "READS", "DEDUPLICATE", "KEEP_DUPLICATES", "WITH", "PAD_INDEX",
         "STATISTICS_NORECOMPUTE", "IGNORE_DUP_KEY", "ALLOW_ROW_LOCKS", "ALLOW_PAGE_LOCKS",
         "OPTIMIZE_FOR_SEQUENTIAL_KEY", "SORT_IN_TEMPDB", "DROP_EXISTING", "NOVALIDATE", "VALIDATE", "RELY",
         "NORELY", "ENABLE", "DISABLE", "LOB", "STORE", "AS", "KEEP", "RECYCLE", "DEFAULT", "FOR",
         "REPLICATION", "NOT", "IN", "OLTP", "BASIC", "ADVANCED", "QUERY", "ARCHIVE", "HIGH", "LOW", "LEVEL",
         "MAXSIZE", "UNLIMITED", "EXTENT", "MANAGEMENT", "SPACE", "AUTO", "MANUAL", "NOCOMPRESS", "CELL_MEMORY",
         "DUPLICATE", "DISTRIBUTE", "SERVICE", "NOMAPPING", "HASH"),
        0,
    ),
}  # fmt: skip


def is_constraint_start(cur: Cursor) -> bool:
    return cur.word() in ("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE")


def column_list(cur: Cursor) -> tuple[str, ...]:
    span = cur.group()
    if span is None:
        return ()
    names = []
    for begin, end in split_top_level(cur.text, cur.quoting, *span):
        item = Cursor(cur.text, cur.quoting, begin, end)
        names.append(".".join(item.name()) or cur.text[begin:end].strip())
    return tuple(names)


def nulls_equal(cur: Cursor) -> bool:
    """Whether the dialect's UNIQUE keys and unique indexes count NULLs as equal without saying so (one NULL key
    only; a filtered index: among the rows it covers): the engine descriptor's unique_nulls_equal."""
    return engine(cur.quoting.name).unique_nulls_equal


def constraint_body(cur: Cursor, name: str, column: str | None) -> Constraint | None:
    """PRIMARY KEY / UNIQUE / FOREIGN KEY / REFERENCES / CHECK at the cursor; None if it is none."""
    own = (column,) if column else ()
    if cur.accept("PRIMARY", "KEY"):
        cur.accept_any("CLUSTERED", "NONCLUSTERED")
        return Constraint(name, K.PRIMARY_KEY, column_list(cur) or own)
    if cur.accept("UNIQUE"):
        cur.accept("KEY")
        cur.accept_any("CLUSTERED", "NONCLUSTERED")
        # PostgreSQL 15: UNIQUE NULLS [NOT] DISTINCT (a, b); NOT DISTINCT counts NULLs as equal (one NULL key only)
        said = cur.accept_any("NULLS NOT DISTINCT", "NULLS DISTINCT")
        nulls_not_distinct = said == "NULLS NOT DISTINCT" or nulls_equal(cur)
        return Constraint(name, K.UNIQUE, column_list(cur) or own, nulls_not_distinct=nulls_not_distinct)
    if cur.accept("FOREIGN", "KEY"):
        columns = column_list(cur) or own  # T-SQL's column form `c int FOREIGN KEY REFERENCES t (id)` is on c
        return references(cur, Constraint(name, K.FOREIGN_KEY, columns)) if cur.at("REFERENCES") else None
    if cur.at("REFERENCES"):
        return references(cur, Constraint(name, K.FOREIGN_KEY, own))
    if cur.accept("CHECK"):
        cur.accept("NOT", "FOR", "REPLICATION")
        span = cur.group()
        return Constraint(name, K.CHECK, own, check_expression=cur.slice(*span)) if span else None
    return None


def references(cur: Cursor, constraint: Constraint) -> Constraint:
    cur.accept("REFERENCES")
    target = cur.name()
    ref_schema = target[-2] if len(target) >= 2 else None
    constraint = replace(constraint, ref_schema=ref_schema, ref_table=target[-1] if target else None)
    constraint = replace(constraint, ref_columns=column_list(cur))
    while cur.at("ON", "DELETE") or cur.at("ON", "UPDATE"):
        cur.next()
        event = cur.next().upper  # type: ignore[union-attr]
        action = cur.accept_any(*ACTIONS)
        constraint = replace(constraint, **{"on_delete" if event == "DELETE" else "on_update": action or None})
    return constraint


def read_constraint_state(
    cur: Cursor, constraint: Constraint, unread: list[str], stop: frozenset[str] = frozenset()
) -> Constraint:
    """DEFERRABLE / INITIALLY / ENABLE / DISABLE / NOVALIDATE / USING INDEX ... after a constraint."""
    while not cur.done and cur.word() not in stop:
        if cur.accept("NOT", "DEFERRABLE"):
            continue
        if cur.accept("DEFERRABLE"):
            constraint = replace(constraint, deferrable=True)
        elif cur.accept("INITIALLY", "DEFERRED"):
            constraint = replace(constraint, initially_deferred=True)
        elif cur.accept("INITIALLY", "IMMEDIATE"):
            pass
        elif cur.accept("DISABLE"):
            constraint = replace(constraint, enabled=False)
        elif cur.accept("NOVALIDATE") or cur.accept("NOT", "VALID"):
            constraint = replace(constraint, validated=False)
        elif cur.accept("USING", "INDEX"):
            # USING INDEX (CREATE INDEX ...) or USING INDEX schema.name: the key makes its index on the target
            if (
                cur.group() is None
                and cur.peek() is not None
                and cur.peek().kind in ("word", "qident")
                and cur.word() not in PHYSICAL_WORDS
            ):  # type: ignore[union-attr]
                cur.name()
        elif cur.accept("EXCEPTIONS", "INTO"):
            cur.name()
        elif not skip_physical(cur, unread):
            break
    return constraint


def skip_physical(cur: Cursor, unread: list[str]) -> bool:
    """Pass over one physical attribute (and its arguments); False if the word is not one."""
    token = cur.peek()
    if token is None:
        return False
    if token.kind == "op" and token.text == "(":
        cur.group()  # STORAGE (...), WITH (...), LOB (...) arguments
        return True
    if cur.accept("ON") and not cur.at("COMMIT"):
        cur.name()  # T-SQL ON [PRIMARY] / ON scheme(col) is read by the table reader first
        cur.group()
        return True
    if token.kind in ("number", "qident", "string") or token.text in ("=", ","):
        cur.next()
        return True
    arity = PHYSICAL_WORDS.get(token.upper)
    if arity is None:
        return False
    cur.next()
    for _ in range(arity):
        if cur.peek() is not None and cur.peek().kind in ("word", "qident", "number"):  # type: ignore[union-attr]
            cur.next()
    return True
