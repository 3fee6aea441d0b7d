"""UPDATING('column') in an Oracle row trigger -> an exact PostgreSQL test.

Oracle's UPDATING('c') is true when the triggering UPDATE names c in its SET list, even when the value does not
change, so `NEW.c IS DISTINCT FROM OLD.c` is not the same test. PostgreSQL knows the SET list in one place only:
`CREATE TRIGGER ... UPDATE OF c` fires when the statement names c (CREATE TRIGGER reference). So:

- a trigger that fires on `UPDATE OF c` alone: UPDATING('c') is UPDATING (TG_OP = 'UPDATE');
- otherwise, per tested column, a statement trigger `BEFORE UPDATE OF c FOR EACH STATEMENT` marks the column in a
  transaction-local setting before any row trigger of the statement fires; the row trigger reads the marks. The
  marks are a stack of frames (`/` starts one, `,C,` marks a column): `BEFORE UPDATE FOR EACH STATEMENT` pushes a
  frame (its name sorts before the markers', PostgreSQL fires triggers of one event in name order) and
  `AFTER UPDATE FOR EACH STATEMENT` pops it after the statement's AFTER ROW triggers, so an UPDATE run inside the
  trigger (or by a function the statement calls) has a frame of its own and the outer rows read theirs again. A
  rolled-back statement or subtransaction undoes its set_config with it.

An AFTER statement trigger reads the marks too (its name sorts before `_9_pop`, and PostgreSQL fires the triggers of
one event in name order); BEFORE statement triggers and INSTEAD OF triggers keep AM-PLSQL-015: the markers cannot be
made to fire before them.
"""

from __future__ import annotations

import re

from converters.names import quote
from converters.procedural.plpgsql import Lines, routine_ddl
from converters.procedural.plsql_parse import Source
from converters.procedural.plsql_scope import Scope
from migrate.model import Trigger

PREDICATE = "UPDATING"


def tested_columns(src: Source, first: int) -> list[str]:
    """The upper column names of every UPDATING('col') in the body (from token `first` on), in order."""
    tokens, out = src.tokens, []
    for i in range(first, len(tokens) - 3):
        if tokens[i].upper == PREDICATE and tokens[i + 1].text == "(" and tokens[i + 3].text == ")":
            literal = tokens[i + 2]
            if literal.kind == "string" and literal.text.startswith("'"):
                name = literal.text[1:-1].strip().upper()
                if name not in out and re.fullmatch(r"[A-Z_][A-Z0-9_$#]*", name):
                    out.append(name)
    return out


def setting_name(scope: Scope, trigger_name: str) -> str:
    return "aurora_updating." + re.sub(r"\W", "_", f"{scope.schema}_{trigger_name}".lower())


def prepare(scope: Scope, trigger: Trigger, src: Source, first: int, update_of: list[str], name: str) -> bool:
    """Fill scope.updating with the PostgreSQL test of each UPDATING('col'); True when marker triggers are needed."""
    columns = tested_columns(src, first)
    if not columns:
        return False
    if [c.upper() for c in update_of] == columns[:1] and len(columns) == 1:
        scope.updating[columns[0]] = "(TG_OP = 'UPDATE')"  # the trigger fires only when the SET list names it
        return False
    timing = trigger.timing.upper()
    if timing not in ("BEFORE", "AFTER") or (trigger.level != "row" and timing != "AFTER"):
        return False  # the predicate stays AM-PLSQL-015: the markers cannot be made to fire before it
    known = _table_columns(scope, trigger)
    if known is not None:
        for column in [c for c in columns if c not in known]:  # never in a SET list: always false
            scope.updating[column] = "false"
            columns.remove(column)
        if not columns:
            return False
    setting = setting_name(scope, name)
    frame = f"substring(coalesce(current_setting('{setting}', true), '') from '[^/]*$')"
    for column in columns:
        scope.updating[column] = f"(TG_OP = 'UPDATE' AND {frame} LIKE '%,{column},%')"
    return True


def marker_sql(scope: Scope, name: str, table: str, columns: list[str]) -> str:
    """The function and the statement triggers that keep the frame of marked columns (see the module doc)."""
    setting = setting_name(scope, name)
    function = f"{quote(scope.schema)}.{quote(f'{name}_updating_fn')}"
    body = Lines()
    body.line(f"DECLARE\n    frames text := coalesce(current_setting('{setting}', true), '');")
    body.line("BEGIN")
    body.indent()
    body.line("IF TG_ARGV[0] = 'push' THEN\n    frames := frames || '/';")
    body.line("ELSIF TG_ARGV[0] = 'pop' THEN\n    frames := substring(frames from '^(.*)/[^/]*$');")
    body.line("ELSE\n    frames := frames || ',' || TG_ARGV[1] || ',';\nEND IF;")
    body.line(f"PERFORM set_config('{setting}', coalesce(frames, ''), true);")
    body.line("RETURN NULL;")
    body.dedent()
    body.line("END;")
    sql = routine_ddl(
        "function", function, [], "trigger", body.text(), (f"SET search_path = {quote(scope.schema)}, public",)
    )
    triggers = [(f"{name}_0_push", "BEFORE UPDATE", "'push'")]
    names = scope.ctx.names
    triggers += [(f"{name}_1_{c.lower()}", f"BEFORE UPDATE OF {quote(names.name(c))}", f"'mark', '{c}'")
                 for c in columns]  # fmt: skip
    triggers.append((f"{name}_9_pop", "AFTER UPDATE", "'pop'"))
    for trigger, event, args in triggers:
        if scope.ctx.target_version < 14:
            sql += f"DROP TRIGGER IF EXISTS {quote(trigger)} ON {table};\n"
        create = "CREATE OR REPLACE TRIGGER" if scope.ctx.target_version >= 14 else "CREATE TRIGGER"
        sql += (f"{create} {quote(trigger)}\n    {event} ON {table}\n    FOR EACH STATEMENT\n"
                f"    EXECUTE FUNCTION {function}({args});\n")  # fmt: skip
    return sql


def _table_columns(scope: Scope, trigger: Trigger) -> set[str] | None:
    """The upper column names of the trigger's table, when the run has it."""
    parts = trigger.table.split(".")
    owner = parts[0] if len(parts) > 1 else trigger.schema
    table = scope.ctx.tables.get((owner.strip('"').upper(), parts[-1].strip('"').upper()))
    return None if table is None else {c.name.upper() for c in table.columns}
