"""DBMS_ASSERT in PL/SQL expressions (PL/SQL Packages and Types Reference, DBMS_ASSERT; Oracle Call Interface
Programmer's Guide, OCISimpleSqlNameCheck / OCIEnquoteName, which document the same checks):

    DBMS_ASSERT.NOOP(s)                 -> s
    DBMS_ASSERT.ENQUOTE_LITERAL(s)      -> "h".aurora_assert_enquote_literal(s)
    DBMS_ASSERT.ENQUOTE_NAME(s[, cap])  -> "h".aurora_assert_enquote_name(s, cap)
    DBMS_ASSERT.SIMPLE_SQL_NAME(s)      -> "h".aurora_assert_simple_sql_name(s)
    DBMS_ASSERT.QUALIFIED_SQL_NAME(s)   -> "h".aurora_assert_qualified_sql_name(s)

A check that fails raises inside an expression, so each is a helper function created in the routine's schema
before it. The errors keep Oracle's numbers: ORA-06502 is VALUE_ERROR's SQLSTATE 22003, ORA-44003 / ORA-44004 are
SQLSTATEs UA003 / UA004 (plsql_facts.SQLCODES), so SQLCODE gives the number back and EXCEPTION_INIT handlers catch
them. SCHEMA_NAME and SQL_OBJECT_NAME look names up in Oracle's data dictionary with Oracle's name resolution, which
PostgreSQL's catalog does not stand in for: they stay with the SQL rewriter's finding (or orafce's functions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.names import quote
from converters.procedural.plsql_facts import SQLCODES

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

# a simple SQL name: an unquoted one starts with a letter and goes on with letters, digits, _ $ # (letters of the
# character set: ICU's Unicode classes, whatever the database's locale); a quoted one holds any characters, a
# quote doubled; blanks around it are allowed and kept. Its length is not checked (OCISimpleSqlNameCheck).
_NAME = r"""[ \t\n\r\f\v]*([[:alpha:]][[:alnum:]_$#]*|"([^"]|"")*")[ \t\n\r\f\v]*"""
_SIMPLE = f"^{_NAME}$"
# a qualified SQL name (OCIQualifiedSqlNameCheck's grammar): <local> ::= <simple> {'.' <simple>};
# <qualified> ::= <local> ['@' <local> ['@' <simple>]] (a database link, then its connection string)
_LOCAL = rf"{_NAME}(\.{_NAME})*"
_QUALIFIED = rf"^{_LOCAL}(@{_LOCAL}(@{_NAME})?)?$"

# the name checks: (member, the pattern a valid name matches, Oracle's error number and message)
_NAME_CHECKS = (
    ("simple_sql_name", _SIMPLE, -44003, "invalid SQL name"),
    ("qualified_sql_name", _QUALIFIED, -44004, "invalid qualified SQL name"),
)
_STATES = {code: state for state, code in SQLCODES.items()}  # Oracle error number -> its SQLSTATE here

_NAME_CHECK = """CREATE OR REPLACE FUNCTION {{h}}.aurora_assert_{member}(str text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
    IF str IS NULL OR NOT (str COLLATE "und-x-icu") ~ '{pattern}' THEN
        RAISE EXCEPTION 'ORA-{number:05d}: {message}' USING ERRCODE = '{state}';
    END IF;
    RETURN str;
END $f$;
"""

_HELPERS = (
    "".join(
        _NAME_CHECK.format(member=member, pattern=pattern, number=-code, message=message, state=_STATES[code])
        for member, pattern, code, message in _NAME_CHECKS
    )
    + """CREATE OR REPLACE FUNCTION {h}.aurora_assert_enquote_literal(str text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $f$
DECLARE
    quoted boolean := length(str) >= 2 AND left(str, 1) = '''' AND right(str, 1) = '''';
BEGIN
    -- every quote but an enclosing pair must be doubled; an already quoted literal gets no more quotes
    IF coalesce(CASE WHEN quoted THEN substr(str, 2, length(str) - 2) ELSE str END, '') !~ '^([^'']|'''')*$' THEN
        RAISE EXCEPTION 'numeric or value error' USING ERRCODE = 'numeric_value_out_of_range';  -- ORA-06502
    END IF;
    RETURN CASE WHEN quoted THEN str ELSE '''' || coalesce(str, '') || '''' END;  -- Oracle's || skips a NULL
END $f$;
CREATE OR REPLACE FUNCTION {h}.aurora_assert_enquote_name(str text, capitalize boolean DEFAULT true) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $f$
DECLARE
    quoted boolean := length(str) >= 2 AND left(str, 1) = '"' AND right(str, 1) = '"';
    result text := CASE WHEN quoted THEN str
                        ELSE '"' || coalesce(CASE WHEN capitalize THEN upper(str) ELSE str END, '') || '"' END;
BEGIN
    IF result !~ '^"([^"]|"")*"$' THEN  -- the result must be a quoted simple SQL name: ORA-44003
        RAISE EXCEPTION 'ORA-44003: invalid SQL name' USING ERRCODE = '{invalid_name}';
    END IF;
    RETURN result;
END $f$;
"""
)

_CALLS = {
    "ENQUOTE_LITERAL": {1: "aurora_assert_enquote_literal({0})"},
    "ENQUOTE_NAME": {1: "aurora_assert_enquote_name({0})", 2: "aurora_assert_enquote_name({0}, {1})"},
    "SIMPLE_SQL_NAME": {1: "aurora_assert_simple_sql_name({0})"},
    "QUALIFIED_SQL_NAME": {1: "aurora_assert_qualified_sql_name({0})"},
}


def assert_form(w: Walk, member: str, args: list[str]) -> str | None:
    """The member's template ({0}, {1}: the arguments), its helpers added to the routine's prelude; None for a
    member or argument count with no exact form."""
    if member == "NOOP":
        return "({0})" if len(args) == 1 else None
    call = _CALLS.get(member, {}).get(len(args))
    if call is None:
        return None
    home = quote(w.scope.home or w.scope.schema)
    helpers = _HELPERS.format(h=home, invalid_name=_STATES[-44003])
    if helpers not in w.scope.prelude:
        w.scope.prelude.append(helpers)
    return f"{home}.{call}"


ASSERT_MEMBERS = ("NOOP", *_CALLS)
