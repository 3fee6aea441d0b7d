"""An expression where PL/SQL wants text (a VARCHAR2 variable assigned or initialised, a VARCHAR2 function's
RETURN): a NUMBER there is TO_CHAR(n), Oracle's number text (PL/pgSQL would assign numeric's own text, '200.00'
for 200). See plsql_argtypes for which expressions are known to be NUMBERs."""

from __future__ import annotations

from converters.procedural.plsql_argtypes import as_text
from converters.procedural.plsql_expr import Walk, convert_span, convert_text, rewrite_span
from converters.procedural.plsql_scope import Scope


def text_value(scope: Scope, first: int, end: int) -> str:
    """A DATE or TIMESTAMP variable alone is TO_CHAR(v) too: Oracle assigns its NLS_DATE_FORMAT /
    NLS_TIMESTAMP_FORMAT text (PL/pgSQL would assign PostgreSQL's)."""
    word = scope.src.tokens[first].text.lower() if end == first + 1 else ""
    if not (word and (word in scope.dates or word in scope.timestamps)) and not as_text(scope, first, end, Walk):
        return convert_span(scope, (first, end))
    text, values = rewrite_span(scope, (first, end), False)
    return convert_text(scope, f"TO_CHAR({text})", values, first, statement=False)
