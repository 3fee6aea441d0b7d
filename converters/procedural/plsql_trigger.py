"""An Oracle trigger -> a trigger function and CREATE TRIGGER.

Row triggers return NEW (BEFORE / INSTEAD OF insert and update: the row written, with what the body set in it), OLD
for a BEFORE / INSTEAD OF DELETE (so the delete goes ahead), NULL after the fact or per statement, where PostgreSQL
ignores the value. :NEW / :OLD (and REFERENCING aliases) become NEW / OLD; INSERTING / UPDATING / DELETING test
TG_OP (UPDATING('col') as plsql_updating says); the WHEN condition and UPDATE OF columns stay on CREATE TRIGGER.
"""

from __future__ import annotations

from converters.names import qualified, quote
from converters.procedural.plpgsql import routine_ddl
from converters.procedural.plsql_compound import timing_points
from converters.procedural.plsql_expr import PLACEHOLDER, convert_text
from converters.procedural.plsql_parse import Decl, Source, Stmt
from converters.procedural.plsql_scope import Scope, unit_source
from converters.procedural.plsql_units import prescan, routine_body
from converters.procedural.plsql_units_parse import parse_trigger_body
from converters.procedural.plsql_updating import marker_sql, prepare
from migrate.model import Trigger
from migrate.sqltext.lexer import ORACLE, tokenize


def trigger_return(trigger: Trigger) -> str:
    if trigger.level != "row" or trigger.timing.upper() == "AFTER":
        return "RETURN NULL;"
    events = {e.upper() for e in trigger.events}
    if events == {"DELETE"}:
        return "RETURN OLD;"
    if "DELETE" in events:
        return "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
    return "RETURN NEW;"


def referencing(src: Source) -> dict[str, str]:
    """REFERENCING NEW AS n OLD AS o: the names the body uses for NEW and OLD."""
    tokens, names = src.tokens, {}
    for i, token in enumerate(tokens[:-2]):
        if token.upper in ("DECLARE", "BEGIN"):
            break
        if token.upper in ("NEW", "OLD") and tokens[i + 1].upper == "AS" and i > 0:
            names[tokens[i + 2].upper] = token.upper
        elif (token.upper in ("NEW", "OLD") and tokens[i - 1].upper in ("REFERENCING", "NEW", "OLD")
              and tokens[i + 1].kind == "word" and tokens[i + 1].upper not in ("NEW", "OLD", "AS", "FOR")):  # fmt: skip
            names[tokens[i + 1].upper] = token.upper
    return names


def update_columns(src: Source) -> list[str]:
    """The column list of UPDATE OF a, b in the trigger header."""
    tokens, columns = src.tokens, []
    for i, token in enumerate(tokens):
        if token.upper in ("DECLARE", "BEGIN", "COMPOUND"):
            break
        if token.upper == "UPDATE" and i + 1 < len(tokens) and tokens[i + 1].upper == "OF":
            j = i + 2
            while j < len(tokens) and tokens[j].kind in ("word", "qident") and tokens[j].upper not in ("ON", "OR"):
                columns.append(tokens[j].text)
                j += 2 if j + 1 < len(tokens) and tokens[j + 1].text == "," else 1
    return columns


# why a system or DDL trigger has no exact PostgreSQL form
SYSTEM_EVENTS = {
    "DDL": " (a PostgreSQL event trigger fires for fewer commands: none on roles, databases, tablespaces; it sees "
    "current_query(), the whole text the client sent, not ORA_SQL_TXT's one statement, and no ORA_* event attributes)",
    "LOGON": " (PostgreSQL has no login trigger before version 17)",
    "LOGOFF": " (PostgreSQL has no logoff event)",
}


def trigger_sql(scope: Scope, trigger: Trigger, function_name: str, trigger_name: str, table: str,
                autonomous_why: str = "") -> str:  # fmt: skip
    """`autonomous_why`: why its PRAGMA AUTONOMOUS_TRANSACTION stays AM-PLSQL-007 (plsql_autotrigger)."""
    src, block, special = parse_trigger_body(unit_source(trigger.source, trigger.name, scope.ctx))
    scope.src = src
    if autonomous_why:  # the pragma's action item says this (plsql_decl)
        scope.flag("AM-PLSQL-007", block.first, autonomous_why)
    dml = all(e.upper() in ("INSERT", "UPDATE", "DELETE") for e in trigger.events)
    if not trigger.table or not trigger.events or not dml:
        events = {e.upper() for e in trigger.events}
        scope.flag("AM-PLSQL-014", 0, f"{trigger.name}: {' OR '.join(trigger.events) or 'no event'} trigger"
                   + "".join(why for event, why in SYSTEM_EVENTS.items() if event in events))  # fmt: skip
        return ""
    if special and block.kind != "compound":
        scope.flag("AM-PLSQL-014", block.first, trigger.name)
        return ""
    header = {t.upper for t in src.tokens[: block.first]}
    if header & {"FOLLOWS", "PRECEDES"}:
        scope.flag("AM-PLSQL-028", 0, trigger.name)
    if special:
        return compound_sql(scope, trigger, src, block.first, function_name, trigger_name, table)
    return one_trigger(scope, trigger, block, block.decls, function_name, trigger_name, table)


def one_trigger(scope: Scope, trigger: Trigger, block: Stmt, decls: list[Decl], function_name: str,
                trigger_name: str, table: str, before_return: str = "") -> str:  # fmt: skip
    """The trigger function running `block` (after `decls`) and its CREATE TRIGGER."""
    src = scope.src
    scope.trigger_return = before_return + trigger_return(trigger)
    scope.row_names.update(referencing(src))
    prescan(scope, block.first, block.end, decls)
    markers = prepare(scope, trigger, src, block.first, update_columns(src), trigger_name)
    text = routine_body(scope, decls, block, tail=scope.trigger_return)
    function = routine_ddl("function", function_name, [], "trigger", text, scope.name_resolution())
    sql = function + create_trigger(scope, trigger, function_name, trigger_name, table, src)
    return sql + (marker_sql(scope, trigger_name, table, [c for c, f in scope.updating.items() if f != "false"])
                  if markers else "")  # fmt: skip


def compound_sql(scope: Scope, trigger: Trigger, src: Source, start: int, function_name: str, trigger_name: str,
                 table: str) -> str:  # fmt: skip
    """A compound trigger: one trigger and function per timing point (plsql_compound)."""
    points = timing_points(scope, trigger, src, start)
    if points is None:
        return ""
    out = []
    for n, point in enumerate(points):
        sub = Scope(scope.ctx, src, scope.owner, scope.schema, scope.location, "trigger")
        offset = src.tokens[point.decls[0].first if point.decls and not n else point.block.first].start
        sub.comment_at = next((n for n, (s, _) in enumerate(src.comments) if s >= offset), len(src.comments))
        head, _, tail = function_name.rpartition("_fn")
        name = f"{trigger_name}_{point.suffix}"
        if point.entry:  # state shared across the points (plsql_compound.frames)
            sub.entry = point.entry
            sub.extra["aurora_level"] = "text"
        out.append(one_trigger(sub, point.trigger, point.block, point.decls, f"{head}_{point.suffix}_fn{tail}", name,
                               table, point.before_return))  # fmt: skip
        scope.findings.extend(sub.findings)
        scope.prelude.extend(p for p in sub.prelude if p not in scope.prelude)  # helpers its points use
        scope.tables |= sub.tables
        scope.calls |= sub.calls
    return "".join(out)


def create_trigger(scope: Scope, trigger: Trigger, function: str, name: str, table: str, src: Source) -> str:
    """CREATE TRIGGER; a WHEN condition naming NEW on an event with no NEW row (DELETE), or OLD on one with no OLD
    row (INSERT), which PostgreSQL refuses, is one trigger per condition: Oracle reads such a row's columns as
    NULL, written `(NULL::table).col` (a NULL of the column's type)."""
    timing = trigger.timing.upper() or "BEFORE"
    level = "ROW" if trigger.level == "row" or timing == "INSTEAD OF" else "STATEMENT"
    groups: dict[str, list[str]] = {}
    for event in trigger.events:
        columns = update_columns(src) if event.upper() == "UPDATE" else []
        text = f"UPDATE OF {', '.join(quote(c.lower()) for c in columns)}" if columns else event.upper()
        condition = _condition(scope, trigger, event.upper(), table) if trigger.when else ""
        groups.setdefault(condition, []).append(text)
    create = "CREATE OR REPLACE TRIGGER" if scope.ctx.target_version >= 14 else "CREATE TRIGGER"
    sql = ""
    for n, (condition, events) in enumerate(groups.items()):
        own = name if not n else f"{name}_{'_'.join(e.split()[0].lower() for e in events)}"
        drop = "" if scope.ctx.target_version >= 14 else f"DROP TRIGGER IF EXISTS {quote(own)} ON {table};\n"
        when = f"\n    WHEN ({condition})" if condition else ""
        sql += (f"{drop}{create} {quote(own)}\n    {timing} {' OR '.join(events)} ON {table}\n    FOR EACH {level}"
                f"{when}\n    EXECUTE FUNCTION {function}();\n")  # fmt: skip
        if not trigger.enabled:
            sql += f"ALTER TABLE {table} DISABLE TRIGGER {quote(own)};\n"
    return sql


_ABSENT = {"INSERT": "OLD", "DELETE": "NEW"}  # the row an event has not


def _condition(scope: Scope, trigger: Trigger, event: str, table: str) -> str:
    """The WHEN condition for one event: its rows under their own names (REFERENCING aliases undone), the row the
    event has not as a NULL of the table's row type."""
    tokens = tokenize(trigger.when or "", ORACLE)
    values: list[str] = []
    parts = []
    for at, token in enumerate(tokens):
        role = scope.row_names.get(token.upper, "") if at + 1 < len(tokens) and tokens[at + 1].text == "." else ""
        if role and (at == 0 or tokens[at - 1].text != ".") and (token.upper != role or _ABSENT.get(event) == role):
            parts.append(f" {PLACEHOLDER}{len(values)}")
            values.append(f"(NULL::{table})" if _ABSENT.get(event) == role else role)
        else:
            parts.append(" " + token.text)
    return convert_text(scope, "".join(parts).strip(), values, 0, statement=False)


def trigger_table(scope: Scope, trigger: Trigger) -> tuple[str, str]:
    parts = trigger.table.split(".")
    schema, name = scope.ctx.target(parts[0] if len(parts) > 1 else trigger.schema, parts[-1])
    return qualified(schema, name), f"{schema}.{name}"
