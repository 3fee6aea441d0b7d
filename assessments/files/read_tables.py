"""Statement readers for CREATE TABLE and ALTER TABLE."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from assessments.files.builder import Builder
from assessments.files.constraints import constraint_body, is_constraint_start, read_constraint_state, skip_physical
from assessments.files.partitions import partition_items, read_partition, read_partitioning
from assessments.files.tables import (
    TableDraft,
    freeze,
    read_column,
    read_column_attributes,
    read_elements,
    read_table_head,
)
from migrate.model import ConstraintKind, Feature, Partition, Partitioning
from migrate.sqltext.cursor import Cursor, split_top_level
from migrate.sqltext.lexer import Token
from migrate.sqltext.statement import Statement

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
    _alias_nullability(draft, b)
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


def _alias_nullability(draft: TableDraft, b: Builder) -> None:
    """A column of an alias type declared NOT NULL is NOT NULL unless it says otherwise (CREATE TYPE:
    "the nullability of the alias type applies to columns that do not state theirs")."""
    draft.columns[:] = [
        replace(c, nullable=False)
        if c.nullable and c.name.upper() not in draft.nullability_said and b.not_null_alias(c.type.name)
        else c
        for c in draft.columns
    ]


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


@dataclass
class Alter:
    """One ALTER TABLE statement while its actions are read: what they came to besides the table they return."""

    unchecked: bool = False  # T-SQL WITH NOCHECK: the constraints it adds are not validated
    checked: bool = False  # T-SQL WITH CHECK: the constraints it adds or enables are validated
    ignored: list[str] = field(default_factory=list)  # why actions read change nothing
    not_read: list[str] = field(default_factory=list)  # actions the scanner does not read
    missing: list[str] = field(default_factory=list)  # actions naming a column, partition or constraint it lacks


def alter_actions(cur: Cursor) -> list[Cursor]:
    """The actions of an ALTER TABLE, from the cursor on, one cursor each. PostgreSQL separates actions
    by commas (`ALTER COLUMN a TYPE bigint, ADD COLUMN x int`); SQL Server lists the items of its one
    action (`ADD x int, CONSTRAINT c CHECK (...)`, each read as if the action's words came before it);
    Oracle writes column clauses one after another (`ADD (x NUMBER) MODIFY (a NULL)`) and keeps its lists
    in parentheses. A comma inside parentheses, brackets, quotes or CASE ... END separates nothing."""
    spans = _action_spans(cur)
    actions = [Cursor(cur.text, cur.quoting, begin, end) for begin, end in spans]
    if not grammar(cur).items_share_action or len(actions) < 2:
        return actions
    lead = next((words for words, _, _ in actions_of(cur) if actions[0].at(*words)), None)
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


def _add(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """ADD CONSTRAINT / ADD (elements) / ADD [COLUMN] definition / T-SQL ADD DEFAULT ... FOR col."""
    cur.accept("ADD")
    draft = TableDraft(table.schema, table.name, table.kind, list(table.columns), list(table.constraints))
    if cur.at("("):
        read_elements(cur, draft, cur.quoting.name)
    elif is_constraint_start(cur) or cur.at("DEFAULT"):
        text = cur.rest()
        name = _constraint_name(cur)
        if cur.at("DEFAULT"):
            return _add_default(cur, table, alter, text)
        if not _add_constraints(cur, name, text, draft, alter, b):
            return None
    else:
        cur.accept("COLUMN")
        read_column(cur, draft, cur.quoting.name)
    b.unread.extend(u for u in draft.unread if u)
    b.behaviour.extend(draft.behaviour)
    return replace(table, columns=tuple(draft.columns), constraints=tuple(draft.constraints))


def _add_constraints(cur: Cursor, name: str, text: str, draft: TableDraft, alter: Alter, b: Builder) -> bool:
    """The constraint at the cursor (its name already read) and, in Oracle, the ones written after it without
    commas (`ADD CONSTRAINT a PRIMARY KEY (id) CONSTRAINT b UNIQUE (x)`: Oracle's ADD takes several
    out-of-line constraints). Each joins the draft; one that cannot be read is reported from where it starts,
    and the ones before it are kept. False if none was read."""
    added = 0
    while True:
        constraint = constraint_body(cur, name, None)
        if constraint is None:
            b.unread.append(text)  # EXCLUDE...: reported as in CREATE TABLE, even among other actions
            return added > 0
        constraint = read_constraint_state(cur, constraint, draft.unread)
        draft.constraints.append(replace(constraint, validated=False) if alter.unchecked else constraint)
        added += 1
        if not grammar(cur).constraints_in_a_row or not is_constraint_start(cur):
            break
        text = cur.rest()
        name = _constraint_name(cur)
    if not cur.done:
        draft.unread.append(cur.rest())
    return True


def _constraint_name(cur: Cursor) -> str:
    if cur.accept("CONSTRAINT"):
        return ".".join(cur.name())
    return ""


def _add_default(cur: Cursor, table: Any, alter: Alter, text: str) -> Any:
    cur.accept("DEFAULT")
    span = cur.skip_to(lambda c: c.word() == "FOR")
    default = cur.slice(*span)
    cur.accept("FOR")
    target = (cur.name() or ("",))[-1]
    if _column(table, target) is None:
        alter.missing.append(f"column {target} is not in the table ({text})")
        return None
    columns = tuple(replace(c, default=default) if c.name.upper() == target.upper() else c for c in table.columns)
    return replace(table, columns=columns)


def _column(table: Any, name: str) -> Any:
    return next((c for c in table.columns if c.name.upper() == name.upper()), None)


def _set_check(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """T-SQL `[WITH CHECK | WITH NOCHECK] {CHECK | NOCHECK} CONSTRAINT {ALL | name}`, as SQL Server applies it to
    foreign keys and check constraints (the only kinds that can be disabled). NOCHECK disables the constraint, and
    SQL Server no longer trusts it (is_not_trusted, read as not validated by the live scan too). CHECK enables it
    without checking the rows, so a constraint that was disabled stays not validated; WITH CHECK CHECK checks the
    rows and validates it. ALL is every foreign key and check constraint the table has at this point of the
    scripts: one added by a later statement is not affected (SQL Server, running the script in order, would not
    affect it either). A name the table does not have, or a key that cannot be disabled, changes nothing and is
    reported (SQL Server fails such a statement)."""
    verb = cur.accept_any("CHECK", "NOCHECK")
    cur.accept("CONSTRAINT")
    every = cur.peek() is not None and cur.peek().kind == "word" and cur.at("ALL")  # type: ignore[union-attr]
    written = cur.rest()  # the name as written: [ALL] is a constraint named ALL
    target = "" if every else (cur.name() or ("",))[-1]
    switchable = (ConstraintKind.FOREIGN_KEY, ConstraintKind.CHECK)
    if not every:
        named = next((c for c in table.constraints if c.name.upper() == target.upper()), None)
        if named is None:
            alter.missing.append(f"constraint {target} is not in the table ({verb} CONSTRAINT {written})")
            return None
        if named.kind not in switchable:
            alter.missing.append(
                f"constraint {target} is a {named.kind.value.replace('_', ' ')}: only foreign keys and check "
                f"constraints can be enabled or disabled ({verb} CONSTRAINT {written})"
            )
            return None

    def switch(c: Any) -> Any:
        if verb == "NOCHECK":
            return replace(c, enabled=False, validated=False)
        return replace(c, enabled=True, validated=c.validated or alter.checked)

    def affected(c: Any) -> bool:
        return c.kind in switchable and (every or c.name.upper() == target.upper())

    constraints = tuple(switch(c) if affected(c) else c for c in table.constraints)
    if constraints == tuple(table.constraints):
        return None  # already so: SSMS re-enables every constraint it has just created enabled
    return replace(table, constraints=constraints)


def _alter_column(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """ALTER [COLUMN] x ...: PostgreSQL's sub-commands (COLUMN_CHANGES; pg_dump writes identities, serial
    defaults and SET STATISTICS/STORAGE this way); T-SQL's `ALTER COLUMN x type [NOT] NULL` and its
    ADD/DROP of column flags. A sub-command not in COLUMN_CHANGES is reported, never read as a type."""
    text = cur.rest()
    cur.accept("ALTER")
    if not cur.accept("COLUMN") and not grammar(cur).column_word_optional:
        alter.not_read.append(text)  # only PostgreSQL may leave out the word COLUMN
        return None
    target = (cur.name() or ("",))[-1]
    column = _column(table, target)
    if column is None:
        alter.missing.append(f"column {target} is not in the table ({text})")
        return None
    change = next((how for words, how in COLUMN_CHANGES if cur.accept(*words)), None)
    if change is None and grammar(cur).bare_type and not cur.at("ADD") and not cur.at("DROP"):
        change = partial(_retype_tsql, table=table)  # T-SQL names the new type without a keyword before it
    if change is None:
        alter.not_read.append(text)
        return None
    changed = change(cur, column, b)
    if isinstance(changed, str):  # a setting with nothing to change in the inventory: why it is ignored
        alter.ignored.append(changed)
        return None
    return replace(table, columns=tuple(changed if c is column else c for c in table.columns))


def _set_attributes(cur: Cursor, column: Any, b: Builder, back: int = 0) -> Any:
    """The column attributes from `back` tokens before the cursor (GENERATED ... AS IDENTITY)."""
    cur.pos -= back
    draft = TableDraft("", "")
    changed = read_column_attributes(cur, column, draft)
    b.unread.extend(u for u in draft.unread if u)
    b.behaviour.extend(draft.behaviour)
    return changed


def _retype(cur: Cursor, column: Any, b: Builder) -> Any:
    """PostgreSQL `[SET DATA] TYPE x [COLLATE c] [USING expr]`: the new type and collation. The column keeps
    its nullability, as in PostgreSQL."""
    return _new_type(cur, column, b)[0]


def _retype_tsql(cur: Cursor, column: Any, b: Builder, table: Any) -> Any:
    """T-SQL `ALTER COLUMN x type [COLLATE c] [NULL | NOT NULL]`. Without NULL or NOT NULL the column becomes
    nullable, whatever it was: the ALTER TABLE documentation says "ANSI_NULL defaults are always on for ALTER
    COLUMN; if not specified, the column is nullable" (the session's ANSI_NULL_DFLT_ON/OFF apply to new columns
    only). A NOT NULL column made nullable this way is reported (SCAN-IMPLICIT-001): scripts that widen a type
    rarely mean it. An identity or primary key column stays NOT NULL: SQL Server refuses to make it nullable."""
    changed, said = _new_type(cur, column, b)
    if said or column.nullable:
        return changed
    key = table.primary_key
    if column.identity is not None or (key and column.name.upper() in {c.upper() for c in key.columns}):
        return changed
    b.implicit.append(
        f"ALTER COLUMN {column.name} names neither NULL nor NOT NULL: SQL Server makes the NOT NULL column "
        "nullable (ANSI_NULL defaults are always on for ALTER COLUMN, whatever the session's ANSI_NULL_DFLT "
        "settings), and it is read so; the live scan reads the column's real state"
    )
    return replace(changed, nullable=True)


def _new_type(cur: Cursor, column: Any, b: Builder) -> tuple[Any, bool]:
    """The new type, collation and, when the statement says it, nullability of an altered column; and whether
    it said NULL or NOT NULL. PostgreSQL's `USING expr` only says how the stored rows convert: the column is
    read up to it, and nothing of the expression (a NULL, a cast, a CASE) reaches the column's type, default
    or nullability."""
    draft = TableDraft("", "")
    first = cur.peek()
    if first is None:
        return column, False
    _, end = cur.skip_to(lambda c: c.word() == "USING")
    element = Cursor(cur.text, cur.quoting, first.start, end)
    element.tokens.insert(0, first._replace(kind="word", text=column.name, upper=column.name.upper()))
    read_column(element, draft, cur.quoting.name)
    b.unread.extend(u for u in draft.unread if u)
    changed = draft.columns[0] if draft.columns else column
    said = column.name.upper() in draft.nullability_said
    # a new type without COLLATE takes the type's default collation, in PostgreSQL and in SQL Server alike
    return replace(
        column,
        type=changed.type,
        nullable=changed.nullable if said else column.nullable,
        collation=changed.collation,
    ), said


def _identity_change(cur: Cursor, column: Any, b: Builder, word: str) -> Any:
    """PostgreSQL `SET GENERATED {ALWAYS | BY DEFAULT}`, `SET sequence_option` and `RESTART [[WITH] n]`, as many
    as are written one after another; `word` is the first one's keyword, already read (after SET for the
    options). START and INCREMENT change the identity; RESTART only sets the next value, which the data load
    resets; the other sequence options (CACHE, MINVALUE, CYCLE...) are not in the model, as in CREATE TABLE."""
    if column.identity is None:
        said = word if word == "RESTART" else f"SET {word}"
        b.unread.append(f"{column.name} is not an identity column: {said} {cur.rest()}".strip())
        return column
    identity = column.identity
    while word:
        if word == "GENERATED":
            identity = replace(identity, always=cur.accept_any("ALWAYS", "BY DEFAULT") == "ALWAYS")
        elif word in ("START", "INCREMENT"):
            cur.accept_any("WITH", "BY")
            number = _signed_number(cur)
            if number is None:
                b.unread.append(f"{column.name}: SET {word} {cur.rest()}")
            elif word == "START":
                identity = replace(identity, start=number)
            else:
                identity = replace(identity, increment=number)
        cur.skip_to(lambda c: c.word() in ("SET", "RESTART"))  # the rest of this option (RESTART WITH n, CACHE n...)
        word = _next_identity_option(cur)
    return replace(column, identity=identity)


def _next_identity_option(cur: Cursor) -> str:
    if cur.accept("RESTART"):
        return "RESTART"
    if cur.accept("SET") and not cur.done:
        return cur.next().upper  # type: ignore[union-attr]
    return ""


def _signed_number(cur: Cursor) -> int | None:
    sign = -1 if cur.accept("-") else 1
    token = cur.peek()
    if token is None or not token.text.isdigit():
        return None
    cur.next()
    return sign * int(token.text)


def _identity_option(word: str) -> Any:
    return lambda cur, c, b: _identity_change(cur, c, b, word)


def _ignored(reason: str) -> Any:
    return lambda cur, c, b: reason


def _unread(cur: Cursor, column: Any, b: Builder) -> Any:
    """A clause the model cannot hold that matters on the target: SCAN-PARTIAL-001, as in CREATE TABLE."""
    b.unread.append(cur.text[cur.tokens[0].start : cur.tokens[-1].end])
    return column


COLUMN_STATISTICS = "column statistics target and options (n_distinct...): planner settings of the source"
COLUMN_STORAGE = "column storage and compression: physical settings of the source, Aurora manages storage"
COLUMN_FLAG = "SQL Server column flag (ROWGUIDCOL, SPARSE, NOT FOR REPLICATION, HIDDEN): no PostgreSQL meaning"
# Sequence options of PostgreSQL's `ALTER COLUMN x SET option` on an identity column.
IDENTITY_OPTIONS = ("START", "INCREMENT", "MINVALUE", "MAXVALUE", "NO", "CACHE", "CYCLE", "AS", "OWNED", "SEQUENCE")

# ALTER COLUMN changes: (words after the column name, how the column changes). `how` returns the changed column,
# or a string: why the change is ignored (a setting the inventory does not keep). Anything else is not read.
COLUMN_CHANGES: tuple[tuple[tuple[str, ...], Any], ...] = (
    (("SET", "DEFAULT"), lambda cur, c, b: replace(c, default=cur.rest() or None)),
    (("DROP", "DEFAULT"), lambda cur, c, b: replace(c, default=None)),
    (("SET", "NOT", "NULL"), lambda cur, c, b: replace(c, nullable=False)),
    (("DROP", "NOT", "NULL"), lambda cur, c, b: replace(c, nullable=True)),
    (("SET", "DATA", "TYPE"), _retype),
    (("TYPE",), _retype),
    # PostgreSQL identities: DROP IDENTITY leaves the column NOT NULL, as PostgreSQL does
    (("ADD", "GENERATED"), lambda cur, c, b: _set_attributes(cur, c, b, back=1)),  # ... AS IDENTITY [(options)]
    (("DROP", "IDENTITY"), lambda cur, c, b: replace(c, identity=None)),
    (("SET", "GENERATED"), _identity_option("GENERATED")),
    (("RESTART",), _identity_option("RESTART")),
    *((("SET", word), _identity_option(word)) for word in IDENTITY_OPTIONS),
    # PostgreSQL generated columns: DROP EXPRESSION makes a plain column; SET EXPRESSION AS (expr) (17) changes it
    (("DROP", "EXPRESSION"), lambda cur, c, b: replace(c, generated=None, generated_stored=False)),
    (("SET", "EXPRESSION", "AS"), lambda cur, c, b: replace(c, generated=cur.slice(*(cur.group() or (0, 0))) or None)),
    # PostgreSQL physical and planner settings (pg_dump writes them after CREATE TABLE): the column is unchanged
    (("SET", "STATISTICS"), _ignored(COLUMN_STATISTICS)),
    (("SET", "("), _ignored(COLUMN_STATISTICS)),
    (("RESET", "("), _ignored(COLUMN_STATISTICS)),
    (("SET", "STORAGE"), _ignored(COLUMN_STORAGE)),
    (("SET", "COMPRESSION"), _ignored(COLUMN_STORAGE)),
    # SQL Server: { ADD | DROP } { ROWGUIDCOL | PERSISTED | NOT FOR REPLICATION | SPARSE | HIDDEN | MASKED }
    (("ADD", "PERSISTED"), lambda cur, c, b: replace(c, generated_stored=c.generated is not None)),
    (("DROP", "PERSISTED"), lambda cur, c, b: replace(c, generated_stored=False)),
    *(((verb, *flag), _ignored(COLUMN_FLAG)) for verb in ("ADD", "DROP")
      for flag in (("ROWGUIDCOL",), ("SPARSE",), ("NOT", "FOR", "REPLICATION"), ("HIDDEN",))),
    (("ADD", "MASKED"), _unread),  # dynamic data masking: SCAN-PARTIAL-001 in CREATE TABLE too
    (("DROP", "MASKED"), _unread),
)  # fmt: skip


def _ignore(cur: Cursor, b: Builder, table: Any, alter: Alter) -> None:
    return None


def _not_read(cur: Cursor, b: Builder, table: Any, alter: Alter) -> None:
    alter.not_read.append(cur.rest())
    return None


def _modify(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
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
        b.unread.extend(u for u in draft.unread if u)
        b.behaviour.extend(draft.behaviour)
        changed = draft.columns[0] if draft.columns else None
        old = columns.get(changed.name.upper()) if changed else None
        if changed is not None and old is None:
            alter.missing.append(f"column {changed.name} is not in the table (MODIFY {cur.slice(begin, end)})")
        if changed is None or old is None:
            continue
        columns[old.name.upper()] = replace(
            old,
            type=changed.type if changed.type.raw else old.type,
            nullable=changed.nullable if old.name.upper() in draft.nullability_said else old.nullable,
            default=changed.default if changed.default is not None else old.default,
        )
    return replace(table, columns=tuple(columns[c.name.upper()] for c in table.columns))


def _attach_partition(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """PostgreSQL (pg_dump) ATTACH PARTITION child FOR VALUES ...: the child becomes a partition."""
    cur.accept("ATTACH", "PARTITION")
    schema, child = b.qualify(cur.name())
    bound = cur.rest()
    b.objects["tables"].pop((schema.upper(), child.upper()), None)
    b.partitions[(schema.upper(), child.upper())] = (table.schema, table.name)
    b.retag("table", f"{schema}.{child}", "partition", f"{table.schema}.{table.name}")
    scheme = table.partitioning or Partitioning("range", ())
    return replace(table, partitioning=replace(scheme, partitions=(*scheme.partitions, Partition(child, bound))))


# Words after Oracle's PARTITION that are not a partition's name: `ADD PARTITION` of a hash table may leave the name
# to Oracle (SYS_Pn), and a name the model does not know cannot be converted.
NOT_A_PARTITION_NAME = frozenset(
    {"VALUES", "TABLESPACE", "STORAGE", "COMPRESS", "NOCOMPRESS", "LOGGING", "NOLOGGING", "PCTFREE", "SEGMENT",
     "LOB", "UPDATE", "INVALIDATE", "PARALLEL", "NOPARALLEL", "DEPENDENT", "INMEMORY", "NOINMEMORY", "READ", "FOR"}
)  # fmt: skip


def _listed_partitions(cur: Cursor, table: Any, alter: Alter) -> Partitioning | None:
    """The table's partitioning if the model holds its partition list (a hash table created with PARTITIONS n
    has none): only then can a partition be added to or dropped from it; otherwise the action is not read."""
    scheme: Partitioning | None = table.partitioning
    if scheme is None or not scheme.partitions:
        alter.not_read.append(cur.rest())
        return None
    return scheme


def _add_partitions(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """Oracle ADD PARTITION p VALUES ... [, PARTITION q VALUES ...]: the partitions join the table's list, after
    the others (a range partition can only be added above the highest bound)."""
    scheme = _listed_partitions(cur, table, alter)
    if scheme is None:
        return None
    text = cur.rest()
    cur.accept("ADD")
    first = cur.peek()
    items = partition_items(cur, first.start, cur.tokens[-1].end) if first else []
    if not items or any(not i.at("PARTITION") or i.word(1) in NOT_A_PARTITION_NAME or i.peek(1) is None for i in items):
        alter.not_read.append(text)  # a partition Oracle names itself (SYS_Pn): its name is not in the files
        return None
    added = tuple(read_partition(item) for item in items)
    return replace(table, partitioning=replace(scheme, partitions=(*scheme.partitions, *added)))


def _drop_partitions(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """Oracle DROP PARTITION[S] p [, q] [UPDATE INDEXES...]: the partitions leave the table's list (a range
    partition's rows then fall to the next one up, as the converted bounds say). DROP PARTITION FOR (value)
    names no partition: not read."""
    scheme = _listed_partitions(cur, table, alter)
    if scheme is None:
        return None
    text = cur.rest()
    cur.accept("DROP")
    cur.accept_any("PARTITIONS", "PARTITION")
    names: list[str] = []
    while cur.peek() is not None and cur.peek().kind in ("word", "qident") and cur.word() not in DROP_OPTIONS:  # type: ignore[union-attr]
        names.append(".".join(cur.name()))
        if not cur.accept(","):
            break
    if not names or cur.at("FOR"):
        alter.not_read.append(text)
        return None
    known = {p.name.upper() for p in scheme.partitions}
    for name in names:
        if name.upper() not in known:
            alter.missing.append(f"partition {name} is not in the table ({text})")
    drop = {n.upper() for n in names}
    kept = tuple(p for p in scheme.partitions if p.name.upper() not in drop)
    return replace(table, partitioning=replace(scheme, partitions=kept))


DROP_OPTIONS = frozenset({"UPDATE", "INVALIDATE", "PARALLEL", "NOPARALLEL", "FOR"})


def _modify_partition(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """Oracle MODIFY PARTITION p ADD SUBPARTITION s ... [, SUBPARTITION t ...]: the subpartitions join p's list.
    Every other MODIFY PARTITION (ADD VALUES, storage, indexes...) is not read."""
    text = cur.rest()
    scheme = _listed_partitions(cur, table, alter)
    if scheme is None:
        return None
    cur.accept("MODIFY", "PARTITION")
    name = ".".join(cur.name())
    if not cur.at("ADD", "SUBPARTITION"):
        alter.not_read.append(text)
        return None
    part = next((p for p in scheme.partitions if p.name.upper() == name.upper()), None)
    if part is None:
        alter.missing.append(f"partition {name} is not in the table ({text})")
        return None
    cur.accept("ADD")
    first = cur.peek()
    items = partition_items(cur, first.start, cur.tokens[-1].end)  # type: ignore[union-attr]
    if any(i.word(1) in NOT_A_PARTITION_NAME or i.peek(1) is None for i in items):
        alter.not_read.append(text)
        return None
    added = tuple(read_partition(item) for item in items)
    changed = replace(part, subpartitions=(*part.subpartitions, *added))
    parts = tuple(changed if p is part else p for p in scheme.partitions)
    return replace(table, partitioning=replace(scheme, partitions=parts))


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
    (("CHECK", "CONSTRAINT"), _set_check, "enables constraints that are already enabled"),
    (("NOCHECK", "CONSTRAINT"), _set_check, "disables constraints that are already disabled, or none"),
    (("ALTER", "COLUMN"), _alter_column, ""),
    (("ENABLE", "TRIGGER"), _ignore, "triggers are created enabled on the target"),
    (("OWNER", "TO"), _ignore, "ownership is set when deploying to the target"),
    (("SET", "("), _ignore, "storage parameters: Aurora manages storage"),
    (("REPLICA", "IDENTITY"), _ignore, "logical replication setting of the source"),
)
# Oracle's partition clauses, read before ALTER_ACTIONS: PARTITION is not reserved in PostgreSQL or SQL Server,
# where `ADD partition int` adds a column. SPLIT, MERGE, TRUNCATE, EXCHANGE, MOVE, RENAME and COALESCE PARTITION
# are not read (SCAN-UNSUPPORTED-001, the statement kept for review).
ORACLE_ACTIONS = (
    (("ADD", "PARTITION"), _add_partitions, ""),
    (("ADD", "SUBPARTITION"), _not_read, ""),
    (("DROP", "PARTITION"), _drop_partitions, ""),
    (("DROP", "PARTITIONS"), _drop_partitions, ""),
    (("MODIFY", "PARTITION"), _modify_partition, ""),
    (("MODIFY", "SUBPARTITION"), _not_read, ""),
    (("MODIFY", "DEFAULT", "ATTRIBUTES"), _ignore, "default physical attributes of new partitions"),
    (("MODIFY", "LOB", "("), _ignore, "LOB storage: Aurora manages storage"),
)
# PostgreSQL's, read after ALTER_ACTIONS: `ALTER x TYPE ...` (the word COLUMN is optional), but not ALTER CONSTRAINT.
POSTGRES_ACTIONS = (
    (("ALTER", "CONSTRAINT"), _not_read, ""),
    (("ALTER",), _alter_column, ""),
)


@dataclass(frozen=True)
class AlterGrammar:
    """Where the dialects' ALTER TABLE differ, as the readers above need it."""

    actions: tuple[tuple[tuple[str, ...], Any, str], ...]  # tried in this order
    commas_split: bool  # actions (T-SQL: the items of its one action) are separated by top-level commas
    items_share_action: bool  # T-SQL: `ADD x int, CONSTRAINT c ...` is one ADD of several items
    column_word_optional: bool  # PostgreSQL: `ALTER a TYPE ...`
    bare_type: bool  # T-SQL: `ALTER COLUMN a bigint`, no keyword before the new type
    constraints_in_a_row: bool  # Oracle: `ADD CONSTRAINT a ... CONSTRAINT b ...`, no commas


ALTER_GRAMMAR = {
    "oracle": AlterGrammar((*ORACLE_ACTIONS, *ALTER_ACTIONS), False, False, False, False, True),
    "postgresql": AlterGrammar((*ALTER_ACTIONS, *POSTGRES_ACTIONS), True, False, True, False, False),
    "tsql": AlterGrammar(ALTER_ACTIONS, True, True, False, True, False),
}


def grammar(cur: Cursor) -> AlterGrammar:
    return ALTER_GRAMMAR[cur.quoting.name]


def actions_of(cur: Cursor) -> tuple[tuple[tuple[str, ...], Any, str], ...]:
    """The ALTER TABLE actions the statement's dialect may have, in the order they are tried."""
    return grammar(cur).actions
