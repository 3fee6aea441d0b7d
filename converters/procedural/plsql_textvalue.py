"""An expression where PL/SQL wants text (a VARCHAR2 variable assigned or initialised, a VARCHAR2 function's
RETURN): a NUMBER there is TO_CHAR(n), Oracle's number text (PL/pgSQL would assign numeric's own text, '200.00'
for 200). See plsql_argtypes for which expressions are known to be NUMBERs."""

from __future__ import annotations

from converters.procedural.plsql_argtypes import as_text
from converters.procedural.plsql_expr import Walk, convert_span, convert_text, rewrite_span
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_tree import closing
from converters.rewrites.oracle_char_dates import IMPLICIT_TEXT
from migrate.sqltext.lexer import Token

# Oracle TIMESTAMP values by their first word: alone (or with a precision), or a call's result
_STAMP_WORDS = frozenset({"SYSTIMESTAMP", "LOCALTIMESTAMP", "CURRENT_TIMESTAMP"})
_STAMP_CALLS = frozenset({"TO_TIMESTAMP", "TO_TIMESTAMP_TZ", "FROM_TZ"})
_FIRST_ARGUMENT = frozenset({"NVL", "COALESCE"})  # the result has the first argument's type


def text_value(scope: Scope, first: int, end: int) -> str:
    """A DATE or TIMESTAMP variable alone is TO_CHAR(v) too: Oracle assigns its NLS_DATE_FORMAT /
    NLS_TIMESTAMP_FORMAT text (PL/pgSQL would assign PostgreSQL's). A RAW (a RAW variable, SYS_GUID, HEXTORAW(...))
    is its RAWTOHEX text, upper-case hex digits (PL/pgSQL would assign bytea's '\\x' text)."""
    word = scope.src.tokens[first].text.lower() if end == first + 1 else ""
    if is_raw_span(scope, first, end):
        text, values = rewrite_span(scope, (first, end), False)
        return convert_text(scope, f"RAWTOHEX({text})", values, first, statement=False)
    if (word and (word in scope.dates or word in scope.timestamps)) or as_text(scope, first, end, Walk):
        text, values = rewrite_span(scope, (first, end), False)
        return convert_text(scope, f"TO_CHAR({text})", values, first, statement=False)
    token = scope.src.tokens[first]
    if end == first + 1 and (token.kind == "string" or word in scope.texts):
        return convert_span(scope, (first, end))  # text already
    # anything else: Oracle's text where the rewrites know the value's kind (a collection's DATE, a CASE of NUMBERs)
    text, values = rewrite_span(scope, (first, end), False)
    return convert_text(scope, f"{IMPLICIT_TEXT}({text})", values, first, statement=False)


def is_raw_span(scope: Scope, first: int, end: int) -> bool:
    """first..end is a RAW: a RAW variable or parameter, SYS_GUID (with or without parentheses) or HEXTORAW(...)."""
    tokens = scope.src.tokens
    word = tokens[first].upper
    if end == first + 1:
        return tokens[first].text.lower() in scope.binaries or word == "SYS_GUID"
    whole = end - first >= 3 and tokens[first + 1].text == "(" and closes(tokens, first + 1, end)
    return whole and word in ("SYS_GUID", "HEXTORAW") and word not in scope.locals


def date_value(scope: Scope, first: int, end: int) -> str:
    """The expression where PL/SQL wants a DATE (a DATE variable assigned or initialised): a TIMESTAMP there loses
    its fractional seconds in Oracle; PL/pgSQL's assignment to timestamp(0) would round them (12:00:00.7 became
    12:00:01, 23:59:59.6 the next day)."""
    value = convert_span(scope, (first, end))
    return f"date_trunc('second', {value})" if is_timestamp_span(scope, first, end) else value


def is_timestamp_span(scope: Scope, first: int, end: int) -> bool:
    """first..end is a TIMESTAMP: a TIMESTAMP variable or parameter, SYSTIMESTAMP / LOCALTIMESTAMP /
    CURRENT_TIMESTAMP, TO_TIMESTAMP(...), or NVL / COALESCE whose first argument is one."""
    tokens = scope.src.tokens
    while end - first > 2 and tokens[first].text == "(" and closes(tokens, first, end):
        first, end = first + 1, end - 1
    word = tokens[first].upper if first < end else ""
    if end == first + 1:
        return word in _STAMP_WORDS or tokens[first].text.lower() in scope.timestamps
    if end - first < 3 or tokens[first + 1].text != "(" or not closes(tokens, first + 1, end):
        return False
    if word in _STAMP_WORDS or word in _STAMP_CALLS:
        return True
    if word in _FIRST_ARGUMENT:
        depth = 0
        for j in range(first + 2, end - 1):
            depth += {"(": 1, ")": -1}.get(tokens[j].text, 0)
            if depth == 0 and tokens[j].text == ",":
                return is_timestamp_span(scope, first + 2, j)
    return False


def closes(tokens: list[Token], at: int, end: int) -> bool:
    """The `(` at `at` is closed by the last token before `end`."""
    return closing(tokens, at, end) == end - 1
