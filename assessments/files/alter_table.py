"""ALTER TABLE: the statement cut into its actions, each read by its reader (alter_columns, alter_drops,
alter_renames, alter_partitions) in the order the dialect's grammar says."""

from __future__ import annotations

from typing import Any

from assessments.files.alter_columns import add, alter_column, modify, set_check
from assessments.files.alter_drops import drop_columns, drop_constraint
from assessments.files.alter_grammar import Alter, grammar
from assessments.files.alter_partitions import add_partitions, attach_partition, drop_partitions, modify_partition
from assessments.files.alter_renames import rename_column, rename_constraint, rename_table
from assessments.files.builder import Builder
from migrate.sqltext.cursor import Cursor
from migrate.sqltext.lexer import Token
from migrate.sqltext.statement import Statement

Action = tuple[tuple[str, ...], Any, str]


def read_alter_table(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("ALTER", "TABLE")
    cur.accept("IF", "EXISTS")
    cur.accept("ONLY")
    schema, name = b.qualify(cur.name())
    qualified = f"{schema}.{name}"
    table = b.get("tables", schema, name)
    if table is None and b.is_partition(schema, name):
        b.record(stmt, "alter_table", qualified, "ignored", "a partition's copy of its parent's definition")
        return
    if table is None and b.defer(stmt):
        return  # its CREATE TABLE may be in a file read later
    if table is None:
        b.problem("SCAN-ORPHAN-001", f"ALTER TABLE {qualified}: the table is not in the scanned files", stmt)
        b.record(stmt, "alter_table", qualified, "unsupported", "table not in the scanned files")
        return
    validation = cur.accept_any("WITH CHECK", "WITH NOCHECK")
    alter = Alter(unchecked=validation == "WITH NOCHECK", checked=validation == "WITH CHECK")
    actions = alter_actions(cur)
    applied = False
    for action in actions:
        found = next(((reader, reason) for words, reader, reason in actions_of(cur) if action.at(*words)), None)
        if found is None:
            alter.not_read.append(action.rest())
            continue
        reader, reason = found
        done = reader(action, b, table, alter)
        if done is None:
            alter.ignored.append(reason)
        else:
            table, applied = done, True
    _report_notes(stmt, b, qualified)
    if applied:
        b.put("tables", table)
    kept: list[str] = []  # why the statement is kept for review: what of it is not in the inventory
    if alter.not_read or not actions:
        # with several actions, the message says which of them: the others are in the inventory
        which = f": {'; '.join(alter.not_read)[:300]}" if len(actions) > 1 else ""
        b.problem(
            "SCAN-UNSUPPORTED-001", f"ALTER TABLE {qualified}: this change is not read by the scanner{which}", stmt
        )
        kept.append(f"ALTER TABLE action not read{which}")
    if alter.missing:
        # a change to a column the table does not have applies nothing: the column comes from a file not scanned,
        # or from a statement the scanner did not read
        missing = "; ".join(alter.missing)[:300]
        b.problem("SCAN-ORPHAN-001", f"ALTER TABLE {qualified}: not applied: {missing}", stmt, "table", qualified)
        kept.append(f"not applied: {missing}")
    if kept:
        b.record(stmt, "alter_table", qualified, "unsupported", "; ".join(kept))
    elif applied:
        b.record(stmt, "alter_table", qualified)
    else:
        b.record(stmt, "alter_table", qualified, "ignored", "; ".join(dict.fromkeys(r for r in alter.ignored if r)))


def alter_actions(cur: Cursor) -> list[Cursor]:
    """The actions of an ALTER TABLE, from the cursor on, one cursor each. PostgreSQL separates actions
    by commas (`ALTER COLUMN a TYPE bigint, ADD COLUMN x int`); SQL Server lists the items of its one
    action (`ADD x int, CONSTRAINT c CHECK (...)`, each read as if the action's words came before it:
    `DROP COLUMN a, b` drops two columns, `DROP COLUMN a, CONSTRAINT c` a column and a constraint);
    Oracle writes column clauses one after another (`ADD (x NUMBER) MODIFY (a NULL)`) and keeps its lists
    in parentheses. A comma inside parentheses, brackets, quotes or CASE ... END separates nothing."""
    spans = _action_spans(cur)
    actions = [Cursor(cur.text, cur.quoting, begin, end) for begin, end in spans]
    if not grammar(cur).items_share_action or len(actions) < 2:
        return actions
    lead = _lead(cur, actions[0])
    if lead is None:  # an action the scanner does not read: reported whole, as one
        return [Cursor(cur.text, cur.quoting, spans[0][0], spans[-1][1])]
    for item in actions[1:]:
        item.tokens[0:0] = lead[:1]  # the verb; then the rest of the words before it, unless it names its own
        own = _lead(cur, item)
        if own is not None and len(own) > 1:
            lead = own
        else:
            item.tokens[1:1] = lead[1:]
    return actions


def _lead(cur: Cursor, action: Cursor) -> list[Token] | None:
    """The tokens a T-SQL item takes from the item before it: the action's words (`ADD`, `DROP COLUMN`, `NOCHECK
    CONSTRAINT`) and an IF EXISTS after them (`DROP COLUMN IF EXISTS a, b`); None for an action not read."""
    words = next((words for words, _, _ in actions_of(cur) if action.at(*words)), None)
    if words is None:
        return None
    return action.tokens[: len(words) + (2 if action.at(*words, "IF", "EXISTS") else 0)]


# Oracle column clauses that may follow one another in one ALTER TABLE: ADD (...) MODIFY (...) DROP (...).
ORACLE_CLAUSES = frozenset({"ADD", "MODIFY", "DROP"})


def _action_spans(cur: Cursor) -> list[tuple[int, int]]:
    tokens = cur.tokens[cur.pos :]
    if not tokens:
        return []
    commas = grammar(cur).commas_split
    spans: list[tuple[int, int]] = []
    depth = cases = 0
    begin: int | None = None
    previous: Token | None = None
    for token in tokens:
        at_top = depth == 0 and cases == 0
        if token.kind == "op" and token.text == "," and at_top and commas:
            if begin is not None:
                spans.append((begin, token.start))
            begin, previous = None, token
            continue
        if not commas and at_top and token.upper in ORACLE_CLAUSES and previous is not None and previous.text == ")":
            if begin is not None:
                spans.append((begin, token.start))
            begin = None
        if begin is None:
            begin = token.start
        if token.kind == "op" and token.text in ("(", "["):
            depth += 1
        elif token.kind == "op" and token.text in (")", "]"):
            depth = max(depth - 1, 0)
        elif token.upper == "CASE":
            cases += 1
        elif token.upper == "END" and cases:
            cases -= 1
        previous = token
    if begin is not None:
        spans.append((begin, tokens[-1].end))
    return spans


def _ignore(cur: Cursor, b: Builder, table: Any, alter: Alter) -> None:
    return None


def _not_read(cur: Cursor, b: Builder, table: Any, alter: Alter) -> None:
    alter.not_read.append(cur.rest())
    return None


# ALTER TABLE actions: (words, reader, why it is ignored when the reader returns None).
ALTER_ACTIONS = (
    (("ADD", "SUPPLEMENTAL"), _ignore, "supplemental logging is for replication from the source"),
    (("ADD",), add, "constraint kind not read"),
    (("MODIFY",), modify, ""),
    (("ATTACH", "PARTITION"), attach_partition, ""),
    (("ENABLE", "ROW", "MOVEMENT"), _ignore, "Oracle row movement: PostgreSQL moves rows between partitions itself"),
    (("DISABLE", "ROW", "MOVEMENT"), _ignore, "Oracle row movement: PostgreSQL moves rows between partitions itself"),
    (("ENABLE", "CONSTRAINT"), _ignore, "constraints are created enabled"),
    (("ENABLE", "ALL", "TRIGGERS"), _ignore, "triggers are created enabled"),
    (("CLUSTER", "ON"), _ignore, "physical row order of the source"),
    (("CHECK", "CONSTRAINT"), set_check, "enables constraints that are already enabled"),
    (("NOCHECK", "CONSTRAINT"), set_check, "disables constraints that are already disabled, or none"),
    (("ALTER", "COLUMN"), alter_column, ""),
    (("ENABLE", "TRIGGER"), _ignore, "triggers are created enabled on the target"),
    (("OWNER", "TO"), _ignore, "ownership is set when deploying to the target"),
    (("SET", "("), _ignore, "storage parameters: Aurora manages storage"),
    (("REPLICA", "IDENTITY"), _ignore, "logical replication setting of the source"),
)
# Oracle's partition clauses, read before ALTER_ACTIONS: PARTITION is not reserved in PostgreSQL or SQL Server,
# where `ADD partition int` adds a column. SPLIT, MERGE, TRUNCATE, EXCHANGE, MOVE, RENAME and COALESCE PARTITION
# are not read (SCAN-UNSUPPORTED-001, the statement kept for review).
ORACLE_ACTIONS = (
    (("ADD", "PARTITION"), add_partitions, ""),
    (("ADD", "SUBPARTITION"), _not_read, ""),
    (("DROP", "PARTITION"), drop_partitions, ""),
    (("DROP", "PARTITIONS"), drop_partitions, ""),
    (("MODIFY", "PARTITION"), modify_partition, ""),
    (("MODIFY", "SUBPARTITION"), _not_read, ""),
    (("MODIFY", "DEFAULT", "ATTRIBUTES"), _ignore, "default physical attributes of new partitions"),
    (("MODIFY", "LOB", "("), _ignore, "LOB storage: Aurora manages storage"),
)
# Oracle's drops and renames: DROP COLUMN c / DROP (a, b) / SET UNUSED, DROP CONSTRAINT / PRIMARY KEY / UNIQUE (cols).
ORACLE_DROPS = (
    (("DROP", "COLUMN"), drop_columns, ""),
    (("DROP", "("), drop_columns, ""),
    (("SET", "UNUSED"), drop_columns, ""),
    (("DROP", "UNUSED", "COLUMNS"), _ignore, "frees the storage of columns set unused, which are gone already"),
    (("DROP", "COLUMNS", "CONTINUE"), _ignore, "finishes an interrupted drop of columns, which are gone already"),
    (("DROP", "CONSTRAINT"), drop_constraint, ""),
    (("DROP", "PRIMARY", "KEY"), drop_constraint, ""),
    (("DROP", "UNIQUE"), drop_constraint, ""),
    (("RENAME", "COLUMN"), rename_column, ""),
    (("RENAME", "CONSTRAINT"), rename_constraint, ""),
    (("RENAME", "TO"), rename_table, ""),
)
# PostgreSQL's, read after ALTER_ACTIONS: `ALTER x TYPE ...` (the word COLUMN is optional), but not ALTER CONSTRAINT;
# `DROP x` and `RENAME x TO y` are a column's (COLUMN is optional there too).
POSTGRES_ACTIONS = (
    (("ALTER", "CONSTRAINT"), _not_read, ""),
    (("ALTER",), alter_column, ""),
    (("DROP", "CONSTRAINT"), drop_constraint, ""),
    (("DROP",), drop_columns, ""),
    (("RENAME", "CONSTRAINT"), rename_constraint, ""),
    (("RENAME", "TO"), rename_table, ""),
    (("RENAME",), rename_column, ""),
)
# SQL Server's drops: `DROP x` is a constraint's (the word CONSTRAINT is optional); DROP PERIOD is not read. Its
# renames are sp_rename calls, not ALTER TABLE.
SQLSERVER_ACTIONS = (
    (("DROP", "COLUMN"), drop_columns, ""),
    (("DROP", "PERIOD"), _not_read, ""),
    (("DROP", "CONSTRAINT"), drop_constraint, ""),
    (("DROP",), drop_constraint, ""),
)

# The actions each dialect's ALTER TABLE may have, in the order they are tried.
ACTIONS: dict[str, tuple[Action, ...]] = {
    "oracle": (*ORACLE_ACTIONS, *ORACLE_DROPS, *ALTER_ACTIONS),
    "postgresql": (*ALTER_ACTIONS, *POSTGRES_ACTIONS),
    "sqlserver": (*ALTER_ACTIONS, *SQLSERVER_ACTIONS),
}


def actions_of(cur: Cursor) -> tuple[tuple[tuple[str, ...], Any, str], ...]:
    """The ALTER TABLE actions the statement's dialect may have, in the order they are tried."""
    return ACTIONS[cur.quoting.name]


def _report_notes(stmt: Statement, b: Builder, qualified: str) -> None:
    """What the actions noted while they were read: parts not understood, behaviour changes, implicit objects."""
    if b.unread:
        unread = "; ".join(dict.fromkeys(b.unread))[:300]
        b.problem("SCAN-PARTIAL-001", f"ALTER TABLE {qualified}: not understood: {unread}", stmt, "table", qualified)
        b.unread.clear()
    for note in dict.fromkeys(b.behaviour):
        b.problem("SCAN-BEHAVIOUR-001", f"ALTER TABLE {qualified}: {note}", stmt, "table", qualified)
    b.behaviour.clear()
    for note in dict.fromkeys(b.implicit):
        b.problem("SCAN-IMPLICIT-001", f"ALTER TABLE {qualified}: {note}", stmt, "table", qualified)
    b.implicit.clear()
