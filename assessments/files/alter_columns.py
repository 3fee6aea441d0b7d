"""ALTER TABLE actions on columns and constraints: ADD (columns, constraints, T-SQL defaults), Oracle MODIFY,
ALTER COLUMN, and T-SQL CHECK / NOCHECK CONSTRAINT."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from assessments.files.alter_grammar import Alter, find_column, grammar
from assessments.files.builder import Builder
from assessments.files.constraints import constraint_body, is_constraint_start, read_constraint_state
from assessments.files.tables import TableDraft, read_column, read_column_attributes, read_elements
from migrate.model import ConstraintKind
from migrate.sqltext.cursor import Cursor, split_top_level


def add(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """ADD CONSTRAINT / ADD (elements) / ADD [COLUMN] definition / T-SQL ADD DEFAULT ... FOR col."""
    cur.accept("ADD")
    draft = TableDraft(table.schema, table.name, table.kind, list(table.columns), list(table.constraints))
    if cur.at("("):
        read_elements(cur, draft, cur.quoting.name)
    elif is_constraint_start(cur) or cur.at("DEFAULT"):
        text = cur.rest()
        name = _constraint_name(cur)
        if cur.at("DEFAULT"):
            return _add_default(cur, b, table, alter, (name, text))
        if not _add_constraints(cur, name, text, draft, alter, b):
            return None
    else:
        cur.accept("COLUMN")
        read_column(cur, draft, cur.quoting.name)
    existing = {c.name.upper() for c in table.columns}
    again = [c.name for c in draft.columns[len(table.columns) :] if c.name.upper() in existing]
    if again:  # every engine refuses it (ORA-01430, PostgreSQL 42701, SQL Server 2705): the table stays as it was
        alter.missing.append(f"column {again[0]}: the table has one of that name already")
        return None
    b.unread.extend(u for u in draft.unread if u)
    b.behaviour.extend(draft.behaviour)
    b.name_defaults(table.schema, table.name, draft.default_names)
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
        key = next((c for c in draft.constraints if c.kind is ConstraintKind.PRIMARY_KEY), None)
        if constraint.kind is ConstraintKind.PRIMARY_KEY and key is not None:
            # every engine refuses a second primary key (ORA-02260, PostgreSQL 42P16, SQL Server 1779)
            alter.missing.append(f"primary key {constraint.name or ''}: the table has one already ({key.name or ''})")
        else:
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


def _add_default(cur: Cursor, b: Builder, table: Any, alter: Alter, written: tuple[str, str]) -> Any:
    """T-SQL `ADD [CONSTRAINT name] DEFAULT expr FOR col`; `written` is (the name, the action's text)."""
    name, text = written
    cur.accept("DEFAULT")
    span = cur.skip_to(lambda c: c.word() == "FOR")
    default = cur.slice(*span)
    cur.accept("FOR")
    target = (cur.name() or ("",))[-1]
    if find_column(table, target) is None:
        alter.missing.append(f"column {target} is not in the table ({text})")
        return None
    columns = tuple(replace(c, default=default) if c.name.upper() == target.upper() else c for c in table.columns)
    if name:
        b.name_defaults(table.schema, table.name, {name: find_column(table, target).name})
    return replace(table, columns=columns)


def set_check(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
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


def alter_column(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
    """ALTER [COLUMN] x ...: PostgreSQL's sub-commands (COLUMN_CHANGES; pg_dump writes identities, serial
    defaults and SET STATISTICS/STORAGE this way); T-SQL's `ALTER COLUMN x type [NOT] NULL` and its
    ADD/DROP of column flags. A sub-command not in COLUMN_CHANGES is reported, never read as a type."""
    text = cur.rest()
    cur.accept("ALTER")
    if not cur.accept("COLUMN") and not grammar(cur).column_word_optional:
        alter.not_read.append(text)  # only PostgreSQL may leave out the word COLUMN
        return None
    target = (cur.name() or ("",))[-1]
    column = find_column(table, target)
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


def modify(cur: Cursor, b: Builder, table: Any, alter: Alter) -> Any:
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
