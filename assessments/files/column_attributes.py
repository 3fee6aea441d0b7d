"""What may follow a column's type, one reader per attribute (a table, not a chain of ifs)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from assessments.files.constraints import constraint_body, read_constraint_state, skip_physical
from assessments.files.problems import BEHAVIOUR_NOTES
from migrate.model import Column, Identity
from migrate.sqltext.cursor import Cursor

# Where a DEFAULT expression ends: the next column attribute.
DEFAULT_ENDS = frozenset(
    {"NOT", "NULL", "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "REFERENCES", "FOREIGN", "ENABLE", "DISABLE",
     "COLLATE", "GENERATED", "IDENTITY", "ROWGUIDCOL", "SPARSE", "MASKED", "ENCRYPT"}
)  # fmt: skip
_STATE_STOP = frozenset({"DEFAULT", "NOT", "NULL", "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "REFERENCES", "FOREIGN",
                         "GENERATED", "IDENTITY", "COLLATE", "AS"})  # fmt: skip


def read_default(cur: Cursor, column: Column, draft: Any, name: str) -> Column:
    cur.accept("DEFAULT")
    if name:  # T-SQL names its defaults, and drops them by that name
        draft.default_names[name] = column.name
    if cur.accept("ON", "NULL"):  # Oracle 12c DEFAULT ON NULL: the default also replaces explicit NULLs
        # 23ai: FOR INSERT ONLY is the 12c clause spelled out; FOR INSERT AND UPDATE also replaces NULL in updates
        on_update = cur.accept_any("FOR INSERT ONLY", "FOR INSERT AND UPDATE") == "FOR INSERT AND UPDATE"
        note = "default_on_null_update" if on_update else "default_on_null"
        draft.behaviour.append(BEHAVIOUR_NOTES[note].format(column=column.name))
        # Oracle: "the NOT NULL constraint and NOT DEFERRABLE constraint state are implicitly specified"
        column = _not_null(column, draft)
    if cur.at("NULL"):
        cur.next()
        return replace(column, default="NULL")
    begin, end = cur.skip_to(lambda c: c.word() in DEFAULT_ENDS)
    return replace(column, default=cur.slice(begin, end))


def read_not_null(cur: Cursor, column: Column, draft: Any, _name: str) -> Column:
    cur.accept("NOT", "NULL")
    read_constraint_state(cur, _dummy(), draft.unread, _STATE_STOP)
    return _not_null(column, draft)


def read_null(cur: Cursor, column: Column, draft: Any, _name: str) -> Column:
    cur.accept("NULL")
    draft.nullability_said.add(column.name.upper())
    return replace(column, nullable=True)


def _not_null(column: Column, draft: Any) -> Column:
    draft.nullability_said.add(column.name.upper())
    return replace(column, nullable=False)


def read_inline_constraint(cur: Cursor, column: Column, draft: Any, name: str) -> Column:
    constraint = constraint_body(cur, name, column.name)
    if constraint is None:
        draft.unread.append(cur.rest())
        cur.pos = len(cur.tokens)
        return column
    draft.constraints.append(read_constraint_state(cur, constraint, draft.unread, _STATE_STOP))
    return column


def read_generated(cur: Cursor, column: Column, draft: Any, _name: str) -> Column:
    """GENERATED ALWAYS|BY DEFAULT [ON NULL] AS IDENTITY [(...)], or GENERATED ALWAYS AS (expr) [VIRTUAL|STORED]."""
    cur.accept("GENERATED")
    always = cur.accept_any("ALWAYS", "BY DEFAULT") == "ALWAYS"
    if cur.accept("ON", "NULL"):
        draft.behaviour.append(BEHAVIOUR_NOTES["identity_on_null"].format(column=column.name))
    cur.accept("AS")
    if cur.accept("ROW"):  # T-SQL temporal period column: the engine fills it (PERIOD FOR SYSTEM_TIME names it)
        cur.accept_any("START", "END")
        if cur.accept("HIDDEN"):
            draft.hidden.append(column.name)
        return column
    if cur.accept("IDENTITY"):
        span = cur.group() or _bare_identity_options(cur)
        options = identity_from_options(cur.slice(*span)) if span else Identity()
        # an identity column is NOT NULL in Oracle and PostgreSQL, as their dictionaries say
        return replace(_not_null(column, draft), identity=replace(options, always=always))
    return read_expression_column(cur, column)


# Sequence options DBMS_METADATA writes after IDENTITY without parentheses (12c and later).
IDENTITY_OPTION_WORDS = frozenset(
    {"START", "WITH", "INCREMENT", "BY", "MINVALUE", "MAXVALUE", "NOMINVALUE", "NOMAXVALUE", "CACHE", "NOCACHE",
     "ORDER", "NOORDER", "CYCLE", "NOCYCLE", "KEEP", "NOKEEP", "SCALE", "NOSCALE", "EXTEND", "NOEXTEND", "LIMIT",
     "VALUE", "SESSION", "GLOBAL"}
)  # fmt: skip


def _bare_identity_options(cur: Cursor) -> tuple[int, int] | None:
    start = cur.peek()
    if start is None or start.upper not in IDENTITY_OPTION_WORDS:
        return None
    end = start.end
    while not cur.done:
        token = cur.peek()
        if token.upper in IDENTITY_OPTION_WORDS or token.kind == "number" or token.text == "-":  # type: ignore[union-attr]
            end = cur.next().end  # type: ignore[union-attr]
        else:
            break
    return start.start, end


def read_as(cur: Cursor, column: Column, draft: Any, _name: str) -> Column:
    """Oracle `AS (expr) VIRTUAL` short form, T-SQL computed `AS (expr) [PERSISTED]`."""
    cur.accept("AS")
    return read_expression_column(cur, column)


# Words that end a computed column's expression written without parentheses (T-SQL `AS a + b PERSISTED NOT NULL`).
EXPRESSION_ENDS = frozenset({"PERSISTED", "VIRTUAL", "STORED", "NOT", "NULL", "CONSTRAINT", "PRIMARY", "UNIQUE",
                             "CHECK", "REFERENCES", "FOREIGN", "COLLATE", "DEFAULT", "MASKED", "SPARSE"})  # fmt: skip


def read_expression_column(cur: Cursor, column: Column) -> Column:
    """The generation expression and VIRTUAL/STORED/PERSISTED; what follows (NOT NULL, a constraint...)
    is left to the other attribute readers. T-SQL needs no parentheses around the expression
    (`[AccountNumber] AS ISNULL('AW' + x, '')`, `[Level] AS Node.GetLevel()`)."""
    start = cur.pos
    span = cur.group()
    if span is None or not (cur.done or cur.word() in EXPRESSION_ENDS):
        cur.pos = start
        span = cur.skip_to(_expression_end())
    expression = cur.slice(*span) if span else ""
    stored = cur.accept_any("VIRTUAL", "STORED", "PERSISTED") in ("STORED", "PERSISTED")
    return replace(column, generated=expression, generated_stored=stored)


def _expression_end() -> Callable[[Cursor], bool]:
    """Stops at an attribute word outside any CASE ... END (whose WHEN x IS NOT NULL is expression)."""
    depth = 0

    def stop(cur: Cursor) -> bool:
        nonlocal depth
        word = cur.word()
        depth += {"CASE": 1, "END": -1}.get(word, 0)
        return depth == 0 and word in EXPRESSION_ENDS

    return stop


def read_identity(cur: Cursor, column: Column, draft: Any, _name: str) -> Column:
    """T-SQL IDENTITY[(seed, increment)]: explicit values are refused unless IDENTITY_INSERT is ON."""
    cur.accept("IDENTITY")
    span = cur.group()
    options = identity_from_options(cur.slice(*span)) if span else Identity()
    cur.accept("NOT", "FOR", "REPLICATION")
    # SQL Server refuses a nullable identity column (error 8147): sys.columns says is_nullable = 0
    return replace(_not_null(column, draft), identity=replace(options, always=True))


def read_collate(cur: Cursor, column: Column, draft: Any, _name: str) -> Column:
    cur.accept("COLLATE")
    name = cur.name()  # pg_dump writes pg_catalog."C"
    return replace(column, collation=name[-1] if name else None)


def read_masked(cur: Cursor, column: Column, draft: Any, _name: str) -> Column:
    """T-SQL MASKED WITH (FUNCTION = 'partial(1,"x",0)'): who sees the value is a permission, kept on the column."""
    cur.accept("MASKED")
    cur.accept("WITH")
    span = cur.group()
    text = cur.slice(*span) if span else ""
    function = text.split("=", 1)[-1].strip().strip("'") if "=" in text else text
    return replace(column, masked=function or "default()")


def read_flag(cur: Cursor, column: Column, draft: Any, _name: str) -> Column:
    """Attributes with no PostgreSQL meaning kept off the column: ROWGUIDCOL, SPARSE, VISIBLE..."""
    cur.next()
    return column


def read_ref_scope(cur: Cursor, column: Column, draft: Any, _name: str) -> Column:
    """Oracle `SCOPE IS t` / `WITH ROWID` of a REF column: which table its REFs point into, and how they are kept.
    A REF column has no PostgreSQL type (converters/ddl_objtypes.py leaves its table for a person)."""
    if cur.accept("SCOPE", "IS"):
        cur.name()
    else:
        cur.accept("WITH", "ROWID")
    return column


def read_unknown(cur: Cursor, draft: Any) -> None:
    if not skip_physical(cur, draft.unread):
        token = cur.next()
        if token is not None:
            draft.unread.append(token.text)


def _dummy() -> Any:
    from migrate.model import Constraint, ConstraintKind

    return Constraint("", ConstraintKind.CHECK)


Reader = Callable[[Cursor, Column, Any, str], Column]

# (words at the cursor, reader). First match wins; each row says why it is read this way.
ATTRIBUTE_READERS: tuple[tuple[tuple[str, ...], Reader], ...] = (
    (("DEFAULT",), read_default),  # default value, source dialect text
    (("NOT", "NULL"), read_not_null),  # may carry ENABLE/NOVALIDATE in Oracle
    (("NULL",), read_null),
    (("PRIMARY",), read_inline_constraint),
    (("UNIQUE",), read_inline_constraint),
    (("REFERENCES",), read_inline_constraint),
    # T-SQL takes a table constraint after a column with no comma between: `c bit DEFAULT 0 FOREIGN KEY (x)
    # REFERENCES t (y)` is a key on x, not on c
    (("FOREIGN", "KEY"), read_inline_constraint),
    (("CHECK",), read_inline_constraint),
    (("GENERATED",), read_generated),  # Oracle 12c / PostgreSQL identity, or virtual/stored column
    (("AS",), read_as),  # Oracle virtual short form / T-SQL computed column
    (("IDENTITY",), read_identity),  # T-SQL identity
    (("COLLATE",), read_collate),  # a column collation changes comparisons: kept for the rules
    (("MASKED",), read_masked),  # dynamic data masking: the converter flags it (PostgreSQL has no masking)
    (("ROWGUIDCOL",), read_flag),  # marks the GUID column for FILESTREAM/merge replication
    (("SPARSE",), read_flag),  # storage optimisation only
    (("FILESTREAM",), read_flag),  # the rules flag FILESTREAM from the type; nothing to keep here
    (("VISIBLE",), read_flag),  # Oracle invisible columns: visibility only
    (("INVISIBLE",), read_flag),
    (("SCOPE", "IS"), read_ref_scope),  # Oracle REF columns
    (("WITH", "ROWID"), read_ref_scope),
    (("ENABLE",), read_flag),  # constraint state after an inline constraint already read
    (("DISABLE",), read_flag),
)


def identity_from_options(text: str) -> Identity:
    """`START WITH 300 INCREMENT BY 1` / `(1,1)` into an Identity (ALWAYS decided by the caller)."""
    words = text.replace("(", " ").replace(")", " ").replace(",", " ").split()
    numbers = [w for w in words if w.lstrip("-").isdigit()]
    upper = [w.upper() for w in words]
    start = _after(upper, words, "WITH") or _after(upper, words, "START")
    increment = _after(upper, words, "BY") or _after(upper, words, "INCREMENT")
    if start is None and increment is None and len(numbers) == 2 and not any(w.isalpha() for w in words):
        start, increment = int(numbers[0]), int(numbers[1])  # T-SQL IDENTITY(seed, increment)
    return Identity(start=start if start is not None else 1, increment=increment if increment is not None else 1)


def _after(upper: list[str], words: list[str], key: str) -> int | None:
    if key in upper:
        at = upper.index(key) + 1
        if at < len(words) and words[at].lstrip("-").isdigit():
            return int(words[at])
    return None
