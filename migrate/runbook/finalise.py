"""Finalising a PostgreSQL database after rows arrived without its own sequences: the target after the load
(step 6), and a PostgreSQL source after the reverse task wrote to it (rollback).

DMS writes key values as the source had them; the sequences behind serial and identity columns never move, so
the first insert after the switch would collide. Each column sequence is set to the largest key (or kept where
it already is, when higher); a sequence owned by no column cannot be derived from the data and is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from migrate.engines.base import Connection

# Every sequence owned by a column (serial: deptype 'a', identity: deptype 'i') in the given schemas
OWNED_SEQUENCES = (
    "SELECT sn.nspname, s.relname, n.nspname, c.relname, a.attname, q.seqincrement "
    "FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
    "JOIN pg_namespace sn ON sn.oid = s.relnamespace JOIN pg_sequence q ON q.seqrelid = s.oid "
    "JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid "
    "WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
    "AND n.nspname = ANY(%s) ORDER BY 1, 2"
)
FREE_SEQUENCES = (
    "SELECT n.nspname, s.relname FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace "
    "WHERE s.relkind = 'S' AND n.nspname = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = s.oid "
    "AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) ORDER BY 1, 2"
)
NOT_VALID_FKS = (
    "SELECT n.nspname, c.relname, k.conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.contype = 'f' AND NOT k.convalidated AND n.nspname = ANY(%s)"
)
DISABLED_TRIGGERS = (
    "SELECT n.nspname, c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND t.tgenabled = 'D' AND n.nspname = ANY(%s)"
)
TABLES = (
    "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%s) ORDER BY 1, 2"
)
MATVIEWS = "SELECT schemaname, matviewname FROM pg_matviews WHERE schemaname = ANY(%s) ORDER BY 1, 2"


def q(*names: str) -> str:
    return ".".join('"' + n.replace('"', '""') + '"' for n in names)


@dataclass(frozen=True)
class SequenceState:
    sequence: str
    table: str
    column: str
    max_key: int | None
    next_value: int  # what nextval() returns now

    @property
    def above(self) -> bool:
        return self.max_key is None or self.next_value > self.max_key


def sequence_states(conn: Connection, schemas: list[str]) -> list[SequenceState]:
    states = []
    for seq_schema, seq, schema, table, column, increment in conn.rows(OWNED_SEQUENCES, (schemas,)):
        last, called = conn.rows(f"SELECT last_value, is_called FROM {q(seq_schema, seq)}")[0]
        top = conn.scalar(f"SELECT max({q(column)}) FROM {q(schema, table)}") if int(increment) > 0 else None
        next_value = int(last) + (int(increment) if called else 0)
        states.append(SequenceState(f"{seq_schema}.{seq}", f"{schema}.{table}", column,
                                    None if top is None else int(top), next_value))  # fmt: skip
    return states


def reset_sequences(conn: Connection, schemas: list[str]) -> list[str]:
    """setval(seq, max key) where the sequence is not above it already; idempotent."""
    done = []
    for state in sequence_states(conn, schemas):
        if state.above:
            continue
        schema, _, name = state.sequence.partition(".")
        conn.execute("SELECT setval(%s::regclass, %s, true)", (q(schema, name), state.max_key))
        done.append(f"setval({state.sequence}, {state.max_key}): next value {state.max_key + 1} "  # type: ignore[operator]
                    f"(max {state.table}.{state.column} = {state.max_key})")  # fmt: skip
    return done


def finalise_target(conn: Connection, schemas: list[str], app_role: str) -> dict[str, Any]:
    """Step 6 on the target; every part is safe to run again."""
    done: dict[str, Any] = {"sequences": reset_sequences(conn, schemas)}
    fks = conn.rows(NOT_VALID_FKS, (schemas,))
    for schema, table, name in fks:
        conn.execute(f"ALTER TABLE {q(schema, table)} VALIDATE CONSTRAINT {q(name)}")
    done["validated_foreign_keys"] = [f"{s}.{t}.{n}" for s, t, n in fks]
    triggers = conn.rows(DISABLED_TRIGGERS, (schemas,))
    for schema, table, name in triggers:
        conn.execute(f"ALTER TABLE {q(schema, table)} ENABLE TRIGGER {q(name)}")
    done["enabled_triggers"] = [f"{s}.{t}.{n}" for s, t, n in triggers]
    if app_role:
        for schema in schemas:
            for sql in (f"GRANT USAGE ON SCHEMA {q(schema)} TO {q(app_role)}",
                        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {q(schema)} TO {q(app_role)}",
                        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q(schema)} TO {q(app_role)}"):  # fmt: skip
                conn.execute(sql)
        done["grants"] = [f"{app_role} on {', '.join(schemas)}"]
    views = conn.rows(MATVIEWS, (schemas,))
    for schema, name in views:
        conn.execute(f"REFRESH MATERIALIZED VIEW {q(schema, name)}")
    done["refreshed_materialized_views"] = [f"{s}.{n}" for s, n in views]
    tables = conn.rows(TABLES, (schemas,))
    for schema, name in tables:
        conn.execute(f"ANALYZE {q(schema, name)}")
    done["analyzed_tables"] = len(tables)
    return done


def finalise_plan(schemas: list[str], app_role: str) -> list[str]:
    """What step 6 runs, for --dry-run and runbook.md (values are computed from the data at run time)."""
    plan = [
        f"for each serial/identity sequence in {', '.join(schemas) or '(the migrated schemas)'}: "
        "SELECT setval(seq, max(column), true) where max(column) >= its next value",
        "ALTER TABLE ... VALIDATE CONSTRAINT ... for each foreign key left NOT VALID by the load",
        "ALTER TABLE ... ENABLE TRIGGER ... for each user trigger disabled during the load",
    ]
    if app_role:
        plan.append(f"GRANT USAGE / SELECT, INSERT, UPDATE, DELETE / USAGE, SELECT ON SEQUENCES TO {app_role}")
    return [*plan, "REFRESH MATERIALIZED VIEW ... for each materialised view", "ANALYZE ... for each table"]


def free_sequences(conn: Connection, schemas: list[str]) -> list[str]:
    return [f"{s}.{n}" for s, n in conn.rows(FREE_SEQUENCES, (schemas,))]


def sequence_value(conn: Connection, name: str) -> int | None:
    """nextval()'s answer now, without calling it; None when there is no such sequence."""
    schema, _, seq = name.partition(".")
    if not conn.scalar("SELECT to_regclass(%s) IS NOT NULL", (q(schema, seq),)):
        return None
    last, called, increment = conn.rows(
        f"SELECT s.last_value, s.is_called, p.seqincrement FROM {q(schema, seq)} s, pg_sequence p "
        "WHERE p.seqrelid = %s::regclass",
        (q(schema, seq),),
    )[0]
    return int(last) + (int(increment) if called else 0)


def carry_free_sequences(
    source: Connection | None, target: Connection, names: list[str]
) -> tuple[list[str], list[str]]:
    """Sequences owned by no column take the source's next value when the source is PostgreSQL and has the same
    sequence; (set, left for a person)."""
    done, left = [], []
    for name in names:
        wanted = sequence_value(source, name) if source is not None else None
        have = sequence_value(target, name)
        if wanted is None or have is None:
            left.append(name)
            continue
        if have < wanted:
            schema, _, seq = name.partition(".")
            target.execute("SELECT setval(%s::regclass, %s, false)", (q(schema, seq), wanted))
        done.append(f"{name}: next value {max(have, wanted)} (the source's is {wanted})")
    return done, left
