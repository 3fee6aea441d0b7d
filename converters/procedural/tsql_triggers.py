"""T-SQL DML triggers -> a PL/pgSQL trigger function and CREATE TRIGGER, one pair per event.

SQL Server fires a trigger once per statement with every affected row in `inserted` / `deleted`. AFTER triggers
become FOR EACH STATEMENT triggers whose transition tables carry those names (REFERENCING NEW TABLE AS inserted).
PostgreSQL allows transition tables on single-event triggers only, so `AFTER INSERT, UPDATE` becomes one function and
trigger per event; the table an event lacks (`deleted` for INSERT) is an empty relation of the same columns.
INSTEAD OF triggers (on views) must be FOR EACH ROW in PostgreSQL: `inserted` / `deleted` are the row (NEW / OLD).
"""

from __future__ import annotations

from converters.names import qualified
from converters.procedural.tsql_body import body_text
from converters.procedural.tsql_header import Header
from converters.procedural.tsql_parse import Lexed
from converters.procedural.tsql_scope import Scope, fold_name
from migrate.model import Routine, Trigger
from migrate.sqltext.lexer import Token

# event -> (transition tables it has, the replacement of each one it lacks)
AFTER_TABLES = {
    "INSERT": ("REFERENCING NEW TABLE AS inserted", {"DELETED": "(SELECT * FROM inserted WHERE false)"}),
    "DELETE": ("REFERENCING OLD TABLE AS deleted", {"INSERTED": "(SELECT * FROM deleted WHERE false)"}),
    "UPDATE": ("REFERENCING OLD TABLE AS deleted NEW TABLE AS inserted", {}),
}
ROW_TABLES = {
    "INSERT": {"INSERTED": "(SELECT NEW.*)", "DELETED": "(SELECT NEW.* WHERE false)"},
    "DELETE": {"INSERTED": "(SELECT OLD.* WHERE false)", "DELETED": "(SELECT OLD.*)"},
    "UPDATE": {"INSERTED": "(SELECT NEW.*)", "DELETED": "(SELECT OLD.*)"},
}
WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE"})
ROW_RESULT = {"INSERT": "NEW", "UPDATE": "NEW", "DELETE": "OLD"}
ROWS_AFFECTED = {"INSERT": "inserted", "DELETE": "deleted", "UPDATE": "inserted"}


def trigger_sql(header: Header, lexed: Lexed, scope: Scope, schema: str, name: str, item: Routine | Trigger) -> str:
    columns = _updated_columns(lexed.tokens[header.body :])
    if any(t.upper == "COLUMNS_UPDATED" for t in lexed.tokens[header.body :]):
        scope.flag("PROC-TSQL-TRIGGER-003", 1)
    if columns is None:
        scope.flag("PROC-TSQL-TRIGGER-001", 1, "UPDATE() of an expression")
    if columns and header.timing == "INSTEAD OF":
        scope.flag("PROC-TSQL-TRIGGER-001", 1, "UPDATE(column) in an INSTEAD OF trigger")
    parts = [p.text.strip('[]"') for p in header.on]
    table_schema, table_name = (parts[-2], parts[-1]) if len(parts) > 1 else (item.schema, parts[-1] if parts else "")
    target_schema, target_table = scope.ctx.target(table_schema, table_name)
    table = qualified(target_schema, target_table)
    scope.reads.add(f"{target_schema}.{target_table}")
    row_level = header.timing == "INSTEAD OF"
    if row_level:
        scope.flag("PROC-TSQL-TRIGGER-002", 1)
        if (table_schema.upper(), table_name.upper()) in scope.ctx.tables:  # a table, not a view
            scope.flag("PROC-TSQL-TRIGGER-004", 1, f"INSTEAD OF {', '.join(header.events)} ON {table}")
    body_words = {t.text.strip('[]"').upper() for t in lexed.tokens[header.body :]}
    if not row_level and table_name.upper() in body_words and body_words & WRITES:
        # SQL Server's RECURSIVE_TRIGGERS is OFF by default: a trigger that writes its own table does not fire
        # itself again; PostgreSQL would, endlessly. A transaction-local flag keeps SQL Server's rule.
        scope.guard = f"aurora_migrate.{schema}_{name}".lower()
    out = []
    flags = {c: f"aurora_migrate.{schema}_{name}__{c}".lower() for c in columns or ()}
    if flags and "UPDATE" in header.events and not row_level:
        out.append(_mark_columns(schema, name, table, flags))
    for event in header.events:
        function = qualified(schema, name if len(header.events) == 1 else f"{name}_{event.lower()}")
        scope.tables = dict(ROW_TABLES[event] if row_level else AFTER_TABLES[event][1])
        scope.updated = {c: _updated_value(event, c, flags) for c in flags}
        scope.updated_flags = flags if event == "UPDATE" else {}
        scope.kind = "trigger"
        scope.result = ROW_RESULT[event] if row_level else "NULL"
        body = body_text(lexed, header.body, scope, rows_affected=None if row_level else ROWS_AFFECTED[event])
        out.append(
            f"CREATE OR REPLACE FUNCTION {function}()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $tsql$\n{body}\n$tsql$;\n"
        )
        trigger = qualified("", name if len(header.events) == 1 else f"{name}_{event.lower()}")
        if row_level:
            out.append(f"DROP TRIGGER IF EXISTS {trigger} ON {table};\nCREATE TRIGGER {trigger} INSTEAD OF {event} ON {table}\n"
                       f"FOR EACH ROW EXECUTE FUNCTION {function}();\n")  # fmt: skip
        else:
            out.append(f"DROP TRIGGER IF EXISTS {trigger} ON {table};\nCREATE TRIGGER {trigger} AFTER {event} ON {table}\n"
                       f"{AFTER_TABLES[event][0]}\nFOR EACH STATEMENT EXECUTE FUNCTION {function}();\n")  # fmt: skip
    return "\n".join(out)


def _updated_columns(tokens: list[Token]) -> list[str] | None:
    """The columns named in UPDATE(col) checks (lower case); None when one names something else."""
    found: list[str] = []
    for at in range(len(tokens) - 3):
        if tokens[at].upper == "UPDATE" and tokens[at + 1].text == "(":
            if tokens[at + 3].text != ")" or tokens[at + 2].kind not in ("word", "qident"):
                return None
            name = fold_name(tokens[at + 2].text)
            if name not in found:
                found.append(name)
    return found


def _updated_value(event: str, column: str, flags: dict[str, str]) -> str:
    """UPDATE(col) is true for every column in an INSERT, false in a DELETE, and in an UPDATE true when the
    statement's SET list names the column: a BEFORE UPDATE OF col statement trigger (PostgreSQL fires it exactly
    then) sets a transaction-local flag that the AFTER trigger reads into v_updated_<col> and clears."""
    return {"INSERT": "true", "DELETE": "false"}.get(event, f"v_updated_{column}")


def _mark_columns(schema: str, name: str, table: str, flags: dict[str, str]) -> str:
    marker = qualified(schema, f"{name}_mark")
    lines = [f"CREATE OR REPLACE FUNCTION {marker}()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $tsql$\nBEGIN\n"
             "    PERFORM set_config(TG_ARGV[0], 'on', true);  -- the UPDATE statement's SET list names the column\n"
             "    RETURN NULL;\nEND;\n$tsql$;\n"]  # fmt: skip
    for column, flag in flags.items():
        trigger = f"{name}_mark_{column}"
        lines.append(f"DROP TRIGGER IF EXISTS {trigger} ON {table};\nCREATE TRIGGER {trigger} BEFORE UPDATE OF "
                     f"{column} ON {table}\nFOR EACH STATEMENT EXECUTE FUNCTION {marker}('{flag}');\n")  # fmt: skip
    return "\n".join(lines)
