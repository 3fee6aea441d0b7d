"""Statement readers for CREATE TABLE and ALTER TABLE."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assessments.files.builder import Builder
from assessments.files.constraints import constraint_body, is_constraint_start, read_constraint_state, skip_physical
from assessments.files.cursor import Cursor, split_top_level
from assessments.files.lexer import Token
from assessments.files.partitions import read_partitioning
from assessments.files.statement import Statement
from assessments.files.tables import (
    TableDraft,
    freeze,
    read_column,
    read_column_attributes,
    read_elements,
    read_table_head,
)
from migrate.model import Feature, Partition, Partitioning

# ON COMMIT clauses of temporary tables: what happens to the rows, in the model's words.
ON_COMMIT = {
    ("DELETE", "ROWS"): "transaction",  # Oracle default for GTTs: rows vanish at COMMIT
    ("PRESERVE", "ROWS"): "session",  # rows live until the session ends
    ("DROP",): "transaction",  # PostgreSQL: the whole table goes at COMMIT
}


def read_create_table(stmt: Statement, cur: Cursor, b: Builder) -> None:
    kind = read_table_head(cur)
    schema, name = b.qualify(cur.name())
    draft = TableDraft(schema, name, kind)
    if cur.at("PARTITION", "OF"):
        _read_partition_of(stmt, cur, b, draft)
        return
    read_elements(cur, draft, cur.quoting.name)
    extras = _read_table_options(cur, draft)
    scheme = extras.pop("scheme", None)
    temporal = extras.pop("temporal", None)
    if temporal:
        b.features.append(Feature("temporal_table", f"{schema}.{name}", temporal, stmt.location))
    if scheme:
        b.table_schemes[(schema.upper(), name.upper())] = scheme.upper()
    table = freeze(draft, location=stmt.location, source_text=stmt.text, **extras)
    qualified = f"{schema}.{name}"
    if draft.unread:
        unread = "; ".join(dict.fromkeys(u for u in draft.unread if u))[:300]
        b.problem("SCAN-PARTIAL-001", f"table {qualified}: not understood: {unread}", stmt, "table", qualified)
    for note in draft.behaviour:
        b.problem("SCAN-BEHAVIOUR-001", f"table {qualified}: {note}", stmt, "table", qualified)
    b.put("tables", table)
    b.record(stmt, "table", qualified)


def _read_table_options(cur: Cursor, draft: TableDraft) -> dict[str, Any]:
    extras: dict[str, Any] = {}
    while not cur.done:
        if cur.accept("ORGANIZATION"):
            draft.kind = {"INDEX": "iot", "EXTERNAL": "external", "HEAP": draft.kind}.get(cur.next().upper, draft.kind)  # type: ignore[union-attr]
            cur.group()
        elif cur.accept("ON", "COMMIT"):
            extras["temporary_scope"] = next((scope for words, scope in ON_COMMIT.items() if cur.accept(*words)), None)
        elif cur.at("WITH", "("):
            cur.next()
            span = cur.group()
            options = " ".join(t.upper or t.text for t in Cursor(cur.text, cur.quoting, *span).tokens) if span else ""
            draft.kind = "memory_optimized" if "MEMORY_OPTIMIZED = ON" in options else draft.kind
            if "SYSTEM_VERSIONING = ON" in options:  # T-SQL temporal table: history kept by the engine
                extras["temporal"] = options
        elif cur.accept("DEFAULT", "COLLATION"):
            cur.name()  # Oracle 12.2: DBMS_METADATA also writes each column's own COLLATE
        elif cur.at("PARTITION", "BY"):
            extras["partitioning"] = read_partitioning(cur)
        elif cur.at("ON") and cur.peek(1) is not None and cur.peek(2) is not None and cur.peek(2).text == "(":  # type: ignore[union-attr]
            cur.next()
            scheme = ".".join(cur.name())
            columns = tuple(c.strip("[]") for c in cur.slice(*cur.group()).split(","))  # type: ignore[misc]
            # SQL Server partitions through a scheme; its function's boundaries are filled in at the end.
            extras["partitioning"] = Partitioning("range", columns)
            extras["scheme"] = scheme
        elif cur.at("AS") and not draft.columns:
            draft.unread.append(f"columns come from the query ({cur.rest()[:120]})")
            break
        elif not skip_physical(cur, draft.unread):
            token = cur.next()
            draft.unread.append(token.text if token else "")
    return extras


def _read_partition_of(stmt: Statement, cur: Cursor, b: Builder, draft: TableDraft) -> None:
    """PostgreSQL `CREATE TABLE child PARTITION OF parent FOR VALUES ...`: a partition of the parent."""
    cur.accept("PARTITION", "OF")
    parent_schema, parent = b.qualify(cur.name())
    bound = cur.rest()
    qualified = f"{parent_schema}.{parent}"

    def attach(table: Any) -> Any:
        scheme = table.partitioning or Partitioning("range", ())
        return replace(
            table, partitioning=replace(scheme, partitions=(*scheme.partitions, Partition(draft.name, bound)))
        )

    if b.change("tables", parent_schema, parent, attach):
        b.record(stmt, "partition", qualified)
    else:
        b.problem("SCAN-ORPHAN-001", f"partition {draft.name} of {qualified}, which is not in the files", stmt)
        b.record(stmt, "partition", qualified, "unsupported", "parent table not in the scanned files")


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
    if table is None:
        b.problem("SCAN-ORPHAN-001", f"ALTER TABLE {qualified}: the table is not in the scanned files", stmt)
        b.record(stmt, "alter_table", qualified, "unsupported", "table not in the scanned files")
        return
    unchecked = cur.accept_any("WITH CHECK", "WITH NOCHECK") == "WITH NOCHECK"
    actions = alter_actions(cur)
    applied = False
    ignored: list[str] = []  # why actions read change nothing
    not_read: list[str] = []  # actions the scanner does not read
    for action in actions:
        found = next(((reader, reason) for words, reader, reason in ALTER_ACTIONS if action.at(*words)), None)
        if found is None:
            not_read.append(action.rest())
            continue
        reader, reason = found
        done = reader(action, b, table, unchecked)
        if done is None:
            ignored.append(reason)
        else:
            table, applied = done, True
    if b.unread:
        unread = "; ".join(dict.fromkeys(b.unread))[:300]
        b.problem("SCAN-PARTIAL-001", f"ALTER TABLE {qualified}: not understood: {unread}", stmt, "table", qualified)
        b.unread.clear()
    for note in dict.fromkeys(b.behaviour):
        b.problem("SCAN-BEHAVIOUR-001", f"ALTER TABLE {qualified}: {note}", stmt, "table", qualified)
    b.behaviour.clear()
    if applied:
        b.put("tables", table)
    if not_read or not actions:
        # with several actions, the message says which of them: the others are in the inventory
        which = f": {'; '.join(not_read)[:300]}" if len(actions) > 1 else ""
        b.problem(
            "SCAN-UNSUPPORTED-001", f"ALTER TABLE {qualified}: this change is not read by the scanner{which}", stmt
        )
        b.record(stmt, "alter_table", qualified, "unsupported", f"ALTER TABLE action not read{which}")
    elif applied:
        b.record(stmt, "alter_table", qualified)
    else:
        b.record(stmt, "alter_table", qualified, "ignored", "; ".join(dict.fromkeys(ignored)))


def alter_actions(cur: Cursor) -> list[Cursor]:
    """The actions of an ALTER TABLE, from the cursor on, one cursor each. PostgreSQL separates actions
    by commas (`ALTER COLUMN a TYPE bigint, ADD COLUMN x int`); SQL Server lists the items of its one
    action (`ADD x int, CONSTRAINT c CHECK (...)`, each read as if the action's words came before it);
    Oracle writes column clauses one after another (`ADD (x NUMBER) MODIFY (a NULL)`) and keeps its lists
    in parentheses. A comma inside parentheses, brackets, quotes or CASE ... END separates nothing."""
    spans = _action_spans(cur)
    actions = [Cursor(cur.text, cur.quoting, begin, end) for begin, end in spans]
    if cur.quoting.name != "tsql" or len(actions) < 2:
        return actions
    lead = next((words for words, _, _ in ALTER_ACTIONS if actions[0].at(*words)), None)
    if lead is None:  # an action the scanner does not read: reported whole, as one
        return [Cursor(cur.text, cur.quoting, spans[0][0], spans[-1][1])]
    for item in actions[1:]:
        item.tokens[0:0] = actions[0].tokens[: len(lead)]
    return actions


# Oracle column clauses that may follow one another in one ALTER TABLE: ADD (...) MODIFY (...) DROP (...).
ORACLE_CLAUSES = frozenset({"ADD", "MODIFY", "DROP"})


def _action_spans(cur: Cursor) -> list[tuple[int, int]]:
    tokens = cur.tokens[cur.pos :]
    if not tokens:
        return []
    oracle = cur.quoting.name == "oracle"
    spans: list[tuple[int, int]] = []
    depth = cases = 0
    begin: int | None = None
    previous: Token | None = None
    for token in tokens:
        at_top = depth == 0 and cases == 0
        if token.kind == "op" and token.text == "," and at_top and not oracle:
            if begin is not None:
                spans.append((begin, token.start))
            begin, previous = None, token
            continue
        if oracle and at_top and token.upper in ORACLE_CLAUSES and previous is not None and previous.text == ")":
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


def _add(cur: Cursor, b: Builder, table: Any, unchecked: bool) -> Any:
    """ADD CONSTRAINT / ADD (elements) / ADD [COLUMN] definition / T-SQL ADD DEFAULT ... FOR col."""
    cur.accept("ADD")
    draft = TableDraft(table.schema, table.name, table.kind, list(table.columns), list(table.constraints))
    if cur.at("("):
        read_elements(cur, draft, cur.quoting.name)
    elif is_constraint_start(cur) or cur.at("DEFAULT"):
        text = cur.rest()
        name = _constraint_name(cur)
        if cur.at("DEFAULT"):
            return _add_default(cur, table)
        constraint = constraint_body(cur, name, None)
        if constraint is None:
            b.unread.append(text)  # EXCLUDE...: reported as in CREATE TABLE, even among other actions
            return None
        constraint = read_constraint_state(cur, constraint, draft.unread)
        draft.constraints.append(replace(constraint, validated=False) if unchecked else constraint)
        if not cur.done:
            draft.unread.append(cur.rest())
    else:
        cur.accept("COLUMN")
        read_column(cur, draft, cur.quoting.name)
    b.unread.extend(u for u in draft.unread if u)
    b.behaviour.extend(draft.behaviour)
    return replace(table, columns=tuple(draft.columns), constraints=tuple(draft.constraints))


def _constraint_name(cur: Cursor) -> str:
    if cur.accept("CONSTRAINT"):
        return ".".join(cur.name())
    return ""


def _add_default(cur: Cursor, table: Any) -> Any:
    cur.accept("DEFAULT")
    span = cur.skip_to(lambda c: c.word() == "FOR")
    default = cur.slice(*span)
    cur.accept("FOR")
    column = cur.name()[-1:] or ("",)
    columns = tuple(replace(c, default=default) if c.name.upper() == column[0].upper() else c for c in table.columns)
    return replace(table, columns=columns)


def _set_check(cur: Cursor, b: Builder, table: Any, unchecked: bool) -> Any:
    """T-SQL NOCHECK CONSTRAINT x: the constraint stays but is not enforced."""
    enforce = cur.accept_any("CHECK", "NOCHECK") == "CHECK"
    cur.accept("CONSTRAINT")
    target = (cur.name() or ("",))[-1].upper()
    if enforce:
        return None  # SSMS re-enables every constraint it created: nothing changes
    constraints = tuple(replace(c, enabled=False) if c.name.upper() == target else c for c in table.constraints)
    return replace(table, constraints=constraints)


def _alter_column(cur: Cursor, b: Builder, table: Any, unchecked: bool) -> Any:
    """ALTER COLUMN x ...: PostgreSQL's SET/DROP DEFAULT, SET/DROP NOT NULL, TYPE, ADD GENERATED
    (pg_dump writes identities and serial defaults this way); T-SQL's `ALTER COLUMN x type [NOT] NULL`."""
    cur.accept("ALTER")
    cur.accept("COLUMN")
    target = (cur.name() or ("",))[-1].upper()
    change = next((how for words, how in COLUMN_CHANGES if cur.accept(*words)), _retype)
    columns = tuple(change(cur, c) if c.name.upper() == target else c for c in table.columns)
    return replace(table, columns=columns)


def _set_attributes(cur: Cursor, column: Any) -> Any:
    return read_column_attributes(cur, column, TableDraft("", ""))


def _retype(cur: Cursor, column: Any) -> Any:
    """The new type, collation (and, in T-SQL, the nullability) of an altered column. PostgreSQL's
    `USING expr` only says how the stored rows convert: the column is read up to it, and nothing of
    the expression (a NULL, a cast, a CASE) reaches the column's type, default or nullability."""
    draft = TableDraft("", "")
    first = cur.peek()
    if first is None:
        return column
    _, end = cur.skip_to(lambda c: c.word() == "USING")
    element = Cursor(cur.text, cur.quoting, first.start, end)
    element.tokens.insert(0, first._replace(kind="word", text=column.name, upper=column.name.upper()))
    read_column(element, draft, cur.quoting.name)
    changed = draft.columns[0] if draft.columns else column
    said = column.name.upper() in draft.nullability_said
    # a new type without COLLATE takes the type's default collation, in PostgreSQL and in SQL Server alike
    return replace(
        column,
        type=changed.type,
        nullable=changed.nullable if said else column.nullable,
        collation=changed.collation,
    )


# ALTER COLUMN changes: (words after the column name, how the column changes).
COLUMN_CHANGES = (
    (("SET", "DEFAULT"), lambda cur, c: replace(c, default=cur.rest() or None)),
    (("DROP", "DEFAULT"), lambda cur, c: replace(c, default=None)),
    (("SET", "NOT", "NULL"), lambda cur, c: replace(c, nullable=False)),
    (("DROP", "NOT", "NULL"), lambda cur, c: replace(c, nullable=True)),
    (("ADD",), _set_attributes),  # ADD GENERATED ... AS IDENTITY (...)
    (("SET", "DATA", "TYPE"), _retype),
    (("TYPE",), _retype),
)


def _ignore(cur: Cursor, b: Builder, table: Any, unchecked: bool) -> None:
    return None


def _modify(cur: Cursor, b: Builder, table: Any, unchecked: bool) -> Any:
    """Oracle MODIFY (col [type] [DEFAULT e] [NOT NULL|NULL], ...): SQL Developer writes NOT NULL this way."""
    cur.accept("MODIFY")
    span = cur.group()
    spans = split_top_level(cur.text, cur.quoting, *span) if span else [cur.skip_to(lambda c: False)]
    columns = {c.name.upper(): c for c in table.columns}
    for begin, end in spans:
        element = Cursor(cur.text, cur.quoting, begin, end)
        if is_constraint_start(element):
            continue  # MODIFY CONSTRAINT x ENABLE/DISABLE: state only
        draft = TableDraft(table.schema, table.name)
        read_column(element, draft, cur.quoting.name)
        b.behaviour.extend(draft.behaviour)
        changed = draft.columns[0] if draft.columns else None
        old = columns.get(changed.name.upper()) if changed else None
        if changed is None or old is None:
            continue
        columns[old.name.upper()] = replace(
            old,
            type=changed.type if changed.type.raw else old.type,
            nullable=changed.nullable if old.name.upper() in draft.nullability_said else old.nullable,
            default=changed.default if changed.default is not None else old.default,
        )
    return replace(table, columns=tuple(columns[c.name.upper()] for c in table.columns))


def _attach_partition(cur: Cursor, b: Builder, table: Any, unchecked: bool) -> Any:
    """PostgreSQL (pg_dump) ATTACH PARTITION child FOR VALUES ...: the child becomes a partition."""
    cur.accept("ATTACH", "PARTITION")
    schema, child = b.qualify(cur.name())
    bound = cur.rest()
    b.objects["tables"].pop((schema.upper(), child.upper()), None)
    b.partitions[(schema.upper(), child.upper())] = (table.schema, table.name)
    b.retag("table", f"{schema}.{child}", "partition", f"{table.schema}.{table.name}")
    scheme = table.partitioning or Partitioning("range", ())
    return replace(table, partitioning=replace(scheme, partitions=(*scheme.partitions, Partition(child, bound))))


# ALTER TABLE actions: (words, reader, why it is ignored when the reader returns None).
ALTER_ACTIONS = (
    (("ADD", "SUPPLEMENTAL"), _ignore, "supplemental logging is for replication from the source"),
    (("ADD",), _add, "constraint kind not read"),
    (("MODIFY",), _modify, ""),
    (("ATTACH", "PARTITION"), _attach_partition, ""),
    (("ENABLE", "ROW", "MOVEMENT"), _ignore, "Oracle row movement: PostgreSQL moves rows between partitions itself"),
    (("DISABLE", "ROW", "MOVEMENT"), _ignore, "Oracle row movement: PostgreSQL moves rows between partitions itself"),
    (("ENABLE", "CONSTRAINT"), _ignore, "constraints are created enabled"),
    (("ENABLE", "ALL", "TRIGGERS"), _ignore, "triggers are created enabled"),
    (("CLUSTER", "ON"), _ignore, "physical row order of the source"),
    (("CHECK", "CONSTRAINT"), _set_check, "re-enables a constraint that is already enforced"),
    (("NOCHECK", "CONSTRAINT"), _set_check, ""),
    (("ALTER", "COLUMN"), _alter_column, ""),
    (("ENABLE", "TRIGGER"), _ignore, "triggers are created enabled on the target"),
    (("OWNER", "TO"), _ignore, "ownership is set when deploying to the target"),
    (("SET", "("), _ignore, "storage parameters: Aurora manages storage"),
    (("REPLICA", "IDENTITY"), _ignore, "logical replication setting of the source"),
)
