"""Record types whose fields have defaults: `TYPE r IS RECORD (a NUMBER := 0, b VARCHAR2(1) DEFAULT 'N')`.

A PostgreSQL composite type has no defaults, so the defaults move to where Oracle applies them: a variable of the
type declared without a value of its own starts as ROW(0, 'N')::r (a field without a default is NULL), as a
package variable does. An EXTEND of a collection of such records adds elements Oracle initialises itself: that
stays AM-PLSQL-010 (plsql_bulk).
"""

from __future__ import annotations

from converters.procedural.plsql_expr import convert_span
from converters.procedural.plsql_scope import Scope, run_state
from converters.procedural.plsql_types import pending_defaults


def record_rows(scope: Scope) -> dict[str, str]:
    """The run's record types with field defaults: target type -> the value a new variable of it holds."""
    return run_state(scope.ctx, "plsql_record_rows", dict[str, str])


def finish_record(scope: Scope, type_: str) -> None:
    """After collection_type made `type_`: convert its field defaults (read from the unit being converted)."""
    spans = pending_defaults(scope).pop(type_, None)
    if spans is not None:
        values = ", ".join("NULL" if span is None else convert_span(scope, span) for span in spans)
        record_rows(scope)[type_] = f"ROW({values})::{type_}"


def initial_value(scope: Scope, type_: str) -> str:
    """The value a variable of `type_` declared without one starts with ('' when it starts NULL)."""
    return record_rows(scope).get(type_, "")
