"""What every ALTER TABLE action reader shares: the statement being read, the table's column by name, and where
the dialects' ALTER TABLE grammar differs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migrate.sqltext.cursor import Cursor


@dataclass
class Alter:
    """One ALTER TABLE statement while its actions are read: what they came to besides the table they return."""

    unchecked: bool = False  # T-SQL WITH NOCHECK: the constraints it adds are not validated
    checked: bool = False  # T-SQL WITH CHECK: the constraints it adds or enables are validated
    ignored: list[str] = field(default_factory=list)  # why actions read change nothing
    not_read: list[str] = field(default_factory=list)  # actions the scanner does not read
    # actions naming a column, partition or constraint the table lacks, or that the engine refuses (a drop
    # something else depends on): the action applies nothing
    missing: list[str] = field(default_factory=list)


def find_column(table: Any, name: str) -> Any:
    return next((c for c in table.columns if c.name.upper() == name.upper()), None)


def unread_rest(cur: Cursor, b: Any) -> None:
    """What is left of an action once its reader is done: not understood (SCAN-PARTIAL-001), the rest applied."""
    if not cur.done:
        b.unread.append(cur.rest())


def find_constraint(table: Any, name: str) -> Any:
    """The table's constraint of that name (an unnamed constraint, name "", is never found by name)."""
    return next((c for c in table.constraints if name and c.name.upper() == name.upper()), None)


@dataclass(frozen=True)
class AlterGrammar:
    """Where the dialects' ALTER TABLE differ, as the action readers need it (the actions each dialect has are
    alter_table.ACTIONS)."""

    commas_split: bool  # actions (T-SQL: the items of its one action) are separated by top-level commas
    items_share_action: bool  # T-SQL: `ADD x int, CONSTRAINT c ...` is one ADD of several items
    column_word_optional: bool  # PostgreSQL: `ALTER a TYPE ...`
    bare_type: bool  # T-SQL: `ALTER COLUMN a bigint`, no keyword before the new type
    constraints_in_a_row: bool  # Oracle: `ADD CONSTRAINT a ... CONSTRAINT b ...`, no commas


ALTER_GRAMMAR = {
    "oracle": AlterGrammar(False, False, False, False, True),
    "postgresql": AlterGrammar(True, False, True, False, False),
    "sqlserver": AlterGrammar(True, True, False, True, False),
}


def grammar(cur: Cursor) -> AlterGrammar:
    return ALTER_GRAMMAR[cur.quoting.name]
