"""PRAGMA AUTONOMOUS_TRANSACTION in a DML trigger: its body becomes an autonomous procedure the trigger calls.

Oracle (PL/SQL Language Reference, "Autonomous Transactions" and "Autonomous Triggers"): an autonomous trigger's
body runs in a transaction of its own. What it commits stays when the triggering statement rolls back, it does not
see the triggering transaction's uncommitted changes, and an error it raises (after logging and committing, the
"log the attempt, then refuse" idiom) fails the triggering statement. That is an autonomous procedure called by the
trigger with the values the body reads, so the trigger is rewritten as PL/SQL text before it converts:

    CREATE OR REPLACE PROCEDURE schema.trigger_aurora(aurora_old_col IN table.col%TYPE, ...,
                                                      aurora_inserting IN BOOLEAN, ...) IS
        PRAGMA AUTONOMOUS_TRANSACTION; <the trigger's declarations>
    BEGIN <its body, :OLD.col / :NEW.col and INSERTING / UPDATING / DELETING / UPDATING('COL') the parameters> END;

and the trigger's body becomes `schema.trigger_aurora(:OLD.col, ..., INSERTING, ...);`. Both then convert with
the existing converters: the procedure through plsql_autonomous (its body `trigger_aurora_autonomous`, run through
dblink; its error reaches the trigger with its SQLSTATE and message, failing the statement), the trigger as any
other (its :OLD / :NEW, predicates and RETURN per timing). The procedure's text keeps the trigger's line numbers, so
its findings point at the trigger's lines. A body that ends with uncommitted changes behaves as the autonomous
procedure path does: the dblink call commits them (Oracle raises ORA-06519 and rolls them back).

Stays AM-PLSQL-007: a body that sets :NEW (a BEFORE row trigger changing the row: the other session cannot), uses
:NEW / :OLD as a whole row or a column the parameter name cannot carry, or writes the table it fires on (the other
session would wait for the rows the triggering statement locks: Oracle reports that deadlock, ORA-00060, while
PostgreSQL cannot see a wait through dblink and would wait for ever). Compound and non-DML triggers are left to the
trigger conversion, which flags them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from converters.ddl_context import DdlContext, qname
from converters.names import fold
from converters.procedural.plsql_autonomous_state import into_spans
from converters.procedural.plsql_parse import PlsqlSyntaxError, Source, Stmt
from converters.procedural.plsql_scope import run_state, unit_source
from converters.procedural.plsql_tree import dotted_name
from converters.procedural.plsql_trigger import referencing
from converters.procedural.plsql_units_parse import parse_trigger_body
from migrate.model import ConvertedObject, Routine, RoutineKind, Trigger
from migrate.sqltext.lexer import Token

SUFFIX = "_AURORA"  # schema.trigger_aurora: the procedure; plsql_autonomous adds `_autonomous` for its body
_PREDICATES = frozenset({"INSERTING", "UPDATING", "DELETING"})
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_$#]*")
_CALL_STARTS = frozenset({";", "BEGIN", "THEN", "ELSE", "LOOP", ">>"})  # what precedes a procedure call statement
_WRITES = {"UPDATE": 1, "INSERT": 2, "MERGE": 2, "DELETE": 1}  # DML verb -> tokens to its table (INTO / FROM)


@dataclass(frozen=True)
class AutonomousTrigger:
    procedure: Routine  # the body, a standalone autonomous procedure of the trigger's schema
    trigger: Trigger  # the trigger, its body one call of the procedure


@dataclass(frozen=True)
class _Use:
    first: int  # the tokens the body names it with
    end: int
    param: str  # the procedure's parameter
    type: str  # its PL/SQL type
    value: str  # what the trigger passes, as the source writes it


def autonomous_triggers(ctx: DdlContext) -> dict[str, AutonomousTrigger | str]:
    """The run's autonomous DML triggers by qualified name: their rewrite, or why they stay AM-PLSQL-007."""
    return run_state(ctx, "plsql_autonomous_triggers", dict[str, AutonomousTrigger | str])


def prepare_autonomous_triggers(triggers: list[Trigger], ctx: DdlContext) -> list[Routine]:
    """Rewrite each autonomous trigger; its procedures join the run's routines (calls to them resolve, the trigger
    depends on its procedure), to be read by prepare_plsql with the others."""
    found, made = autonomous_triggers(ctx), []
    for trigger in triggers:
        try:
            split = split_trigger(trigger, ctx)
        except (PlsqlSyntaxError, RecursionError):
            continue  # the trigger's own conversion reports it
        if split is None:
            continue
        found[trigger.qualified_name] = split
        if isinstance(split, AutonomousTrigger):
            made.append(split.procedure)
            target = qname(ctx.names.schema(split.procedure.schema), fold(split.procedure.name, ctx.source))
            ctx.routines.add(target)
            ctx.procedures[target] = split.procedure
    return made


def on_trigger(obj: ConvertedObject, trigger: Trigger, table_key: str) -> ConvertedObject:
    """The procedure made of a trigger's body answers for the trigger's statement, its findings on the trigger;
    its parameters are typed by the table's (or view's) columns, so it deploys after it."""
    found = tuple(f.on("trigger", trigger.qualified_name) for f in obj.findings)
    depends = tuple(dict.fromkeys((*obj.depends_on, table_key)))
    return replace(obj, source_name=trigger.qualified_name, findings=found, depends_on=depends)


def split_trigger(trigger: Trigger, ctx: DdlContext) -> AutonomousTrigger | str | None:
    """The rewrite of an autonomous DML trigger, why it stays AM-PLSQL-007, or None for any other trigger."""
    dml = trigger.events and all(e.upper() in ("INSERT", "UPDATE", "DELETE") for e in trigger.events)
    if not (ctx.settings.autonomous_server and dml and trigger.table and trigger.language in ("plsql", "sql")):
        return None
    src, block, special = parse_trigger_body(unit_source(trigger.source, trigger.name, ctx))
    if special or not any(d.kind == "pragma" and d.name == "AUTONOMOUS_TRANSACTION" for d in block.decls):
        return None
    uses, why = _uses(src, block, trigger)
    why = why or _writes_own_table(src.tokens, block, trigger)
    name = f"{trigger.name}{SUFFIX if trigger.name.isupper() else SUFFIX.lower()}"
    if not why and qname(ctx.names.schema(trigger.schema), fold(name, ctx.source)) in ctx.routines:
        why = f"its procedure's name {name.lower()} is a routine of the run already"
    if why:
        return f"{trigger.name.lower()}: {why}"
    procedure = f"{_word(trigger.schema)}.{_word(name)}"
    text = _procedure_text(src, block, uses, procedure)
    routine = Routine(trigger.schema, name, RoutineKind.PROCEDURE, text, "plsql", trigger.location)
    return AutonomousTrigger(routine, replace(trigger, source=_trigger_text(src, block, uses, procedure)))


def _uses(src: Source, block: Stmt, trigger: Trigger) -> tuple[list[_Use], str]:
    """Every :OLD.col / :NEW.col and trigger predicate the body names, in order, or why one cannot be a parameter."""
    tokens, rows = src.tokens, {"NEW": "NEW", "OLD": "OLD", **referencing(src)}
    after = trigger.timing.upper() == "AFTER"
    into, table = None if after else into_spans(tokens, block.first, block.end), _anchor(trigger)
    uses = []
    for at in range(block.first, min(block.end, len(tokens))):
        if tokens[at].text == ":" and at + 1 < len(tokens) and tokens[at + 1].upper in rows:
            use, why = _row_use(src, at, rows[tokens[at + 1].upper], table, into)
        elif tokens[at].upper in _PREDICATES and tokens[at - 1].text != ".":
            use, why = _predicate(src, at)
        else:
            continue
        if use is None:
            return [], why
        uses.append(use)
    return uses, ""


def _row_use(src: Source, at: int, role: str, table: str, into: list[range] | None) -> tuple[_Use | None, str]:
    """:NEW.col / :OLD.col read by the body: a parameter typed table.col%TYPE (`into`: the INTO lists where :NEW
    may be set, None in an AFTER trigger, where Oracle refuses to compile a write to :NEW, ORA-04084)."""
    tokens = src.tokens
    shown = f":{tokens[at + 1].text}"
    if at + 3 >= len(tokens) or tokens[at + 2].text != ".":
        return None, f"uses {shown} as a whole row"
    column = tokens[at + 3]
    if column.kind != "word" or not _PLAIN.fullmatch(column.text) or len(column.text) > 50:
        return None, f"reads {shown}.{column.text}, a column name a parameter's cannot carry"
    if role == "NEW" and into is not None and _written(tokens, at, at + 3, into):
        return None, (f"sets {shown}.{column.text} (the row the triggering statement writes), which the "
                      "autonomous procedure, in another session, cannot change")  # fmt: skip
    param = f"aurora_{role.lower()}_{column.text.lower()}"
    return _Use(at, at + 4, param, f"{table}.{column.text}%TYPE", _text(src, at, at + 4)), ""


def _predicate(src: Source, at: int) -> tuple[_Use | None, str]:
    """INSERTING / UPDATING / DELETING, UPDATING('COL'): a BOOLEAN parameter with the value the trigger sees."""
    tokens, word = src.tokens, src.tokens[at].upper
    if word == "UPDATING" and at + 3 < len(tokens) and tokens[at + 1].text == "(":
        column = tokens[at + 2].text[1:-1].upper() if tokens[at + 2].kind == "string" else ""
        if not _PLAIN.fullmatch(column) or tokens[at + 3].text != ")" or len(column) > 40:
            return None, f"tests {_text(src, at, at + 2)}..., a form the parameter name cannot carry"
        return _Use(at, at + 4, f"aurora_updating_{column.lower()}", "BOOLEAN", _text(src, at, at + 4)), ""
    return _Use(at, at + 1, f"aurora_{word.lower()}", "BOOLEAN", word), ""


def _written(tokens: list[Token], at: int, last: int, into: list[range]) -> bool:
    """Whether :NEW.col at tokens[at..last] may be set: assigned, in an INTO list, an OUT argument or a whole
    argument of a procedure call statement (whose parameter may be OUT)."""
    after = tokens[last + 1].text if last + 1 < len(tokens) else ""
    if after == ":=" or any(at in span for span in into) or tokens[at - 1].upper == "OUT":
        return True
    return tokens[at - 1].text in ("(", ",") and after in (")", ",") and _call_statement(tokens, at)


def _call_statement(tokens: list[Token], at: int) -> bool:
    """Whether the parenthesis around tokens[at] is the argument list of a procedure call statement."""
    depth = 0
    for back in range(at - 1, 0, -1):
        depth += (tokens[back].text == ")") - (tokens[back].text == "(")
        if depth < 0:
            start = back - 1
            while start >= 2 and tokens[start - 1].text == "." and tokens[start - 2].kind == "word":
                start -= 2
            return tokens[start].kind == "word" and (tokens[start - 1].upper or tokens[start - 1].text) in _CALL_STARTS
    return False


def _writes_own_table(tokens: list[Token], block: Stmt, trigger: Trigger) -> str:
    """Why the body's DML on the table the trigger fires on cannot run in another session ('' when it has none)."""
    parts = trigger.table.upper().split(".")
    schema, table = (parts[0] if len(parts) > 1 else trigger.schema.upper()), parts[-1]
    for at in range(block.first, min(block.end, len(tokens)) - 2):
        skip = _WRITES.get(tokens[at].upper)
        if skip is None or tokens[at - 1].upper == "FOR":  # SELECT ... FOR UPDATE locks in the caller's session
            continue
        if tokens[at].upper == "DELETE" and tokens[at + 1].upper != "FROM":
            skip = 0 if tokens[at + 1].kind == "word" else 1
        target = dotted_name(tokens, at + skip + (tokens[at].upper == "DELETE"))
        if target[-1] == table and (len(target) == 1 or target[-2] == schema):
            return (f"writes {trigger.table.lower()}, the table it fires on: the other session would wait for the "
                    "rows the triggering statement locks (Oracle reports that deadlock, ORA-00060; PostgreSQL "
                    "cannot see a wait through dblink)")  # fmt: skip
    return ""


def _procedure_text(src: Source, block: Stmt, uses: list[_Use], name: str) -> str:
    """CREATE PROCEDURE name(params) IS <the trigger's declarations> BEGIN <body> END; on the trigger's lines."""
    tokens, text = src.tokens, src.text
    start = tokens[block.first]
    params = dict.fromkeys(f"{u.param} IN {u.type}" for u in uses)
    head = f"CREATE OR REPLACE PROCEDURE {name}" + (f"({', '.join(params)})" if params else "") + " IS"
    pieces = [head + "\n" * text.count("\n", 0, start.start)]
    at = start.end if start.upper == "DECLARE" else start.start
    for use in uses:
        pieces += [text[at : tokens[use.first].start], use.param]
        at = tokens[use.end - 1].end
    pieces.append(text[at : tokens[min(block.end, len(tokens)) - 1].end])
    return "".join(pieces)


def _trigger_text(src: Source, block: Stmt, uses: list[_Use], name: str) -> str:
    """The trigger's header (events, REFERENCING, WHEN as written) with a body calling the procedure."""
    values: dict[str, str] = {}
    for use in uses:  # each parameter once, as the procedure declares it
        values.setdefault(use.param, use.value)
    call = name + (f"({', '.join(values.values())})" if values else "")
    return src.text[: src.tokens[block.first].start] + f"BEGIN\n    {call};\nEND;"


def _anchor(trigger: Trigger) -> str:
    """The table (or view) the trigger fires on, as PL/SQL names it for %TYPE."""
    parts = trigger.table.split(".")
    owner = parts[0] if len(parts) > 1 else trigger.schema
    quoted = '"' + owner.replace('"', '""') + '"'  # quoted: an owner may be a keyword (DEFAULT, an export's own)
    return f"{quoted}.{_word(parts[-1])}" if owner else _word(parts[-1])


def _word(name: str) -> str:
    return name.lower() if _PLAIN.fullmatch(name) and name.isupper() else '"' + name.replace('"', '""') + '"'


def _text(src: Source, first: int, end: int) -> str:
    return src.text[src.tokens[first].start : src.tokens[end - 1].end]
