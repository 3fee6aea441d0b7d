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
from converters.procedural.tsql_scope import Scope
from migrate.model import Routine, Trigger

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
    words = [t.upper for t in lexed.tokens[header.body :]]
    texts = [t.text for t in lexed.tokens[header.body + 1 :]]
    if "COLUMNS_UPDATED" in words or any(w == "UPDATE" and n == "(" for w, n in zip(words, texts)):
        scope.flag("PROC-TSQL-TRIGGER-001", 1, "UPDATE(column) / COLUMNS_UPDATED(): no statement-level equivalent")
    parts = [p.text.strip('[]"') for p in header.on]
    table_schema, table_name = (parts[-2], parts[-1]) if len(parts) > 1 else (item.schema, parts[-1] if parts else "")
    target_schema, target_table = scope.ctx.target(table_schema, table_name)
    table = qualified(target_schema, target_table)
    scope.reads.add(f"{target_schema}.{target_table}")
    row_level = header.timing == "INSTEAD OF"
    if row_level:
        scope.flag("PROC-TSQL-TRIGGER-002", 1)
    body_words = {t.text.strip('[]"').upper() for t in lexed.tokens[header.body :]}
    if not row_level and table_name.upper() in body_words and body_words & WRITES:
        # SQL Server's RECURSIVE_TRIGGERS is OFF by default: a trigger that writes its own table does not fire
        # itself again; PostgreSQL would, endlessly. A transaction-local flag keeps SQL Server's rule.
        scope.guard = f"aurora_migrate.{schema}_{name}".lower()
    out = []
    for event in header.events:
        function = qualified(schema, name if len(header.events) == 1 else f"{name}_{event.lower()}")
        scope.tables = dict(ROW_TABLES[event] if row_level else AFTER_TABLES[event][1])
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
