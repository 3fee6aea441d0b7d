"""Constructors of the collection types Oracle supplies (plsql_facts.SUPPLIED_VARRAYS: SYS.ODCIVARCHAR2LIST,
SYS.ODCINUMBERLIST ...), which become arrays of their element type (plsql_facts.PLSQL_TYPES):

    sys.odcivarchar2list('a', 'b')   -> ARRAY['a', 'b']
    sys.odcinumberlist()             -> '{}'::numeric[]      (an empty collection: COUNT is 0)

Without SYS. the name is the public synonym, unless the run has a type or the unit a variable of that name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.procedural.plsql_facts import PLSQL_TYPES, SUPPLIED_VARRAYS
from converters.procedural.plsql_scope import object_types

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk


def supplied_constructor(w: Walk, i: int) -> tuple[str, int] | None:
    if i > w.first and w.text(i - 1) == ".":
        return None
    at = i + 2 if w.word(i) == "SYS" and w.text(i + 1) == "." else i
    name = f"SYS.{w.word(at)}"
    if name not in SUPPLIED_VARRAYS or w.text(at + 1) != "(":
        return None
    scope = w.scope
    if at == i and (w.word(i) in scope.locals or w.word(i) in object_types(scope.ctx)):
        return None
    close = w.matching(at + 1)
    if close == at + 2:
        return w.placeholder(f"'{{}}'::{PLSQL_TYPES[name][0]}"), close + 1
    w.closers[close] = "]"
    return "ARRAY[", at + 2
