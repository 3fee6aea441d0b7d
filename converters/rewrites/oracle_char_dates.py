"""A character value compared with a DATE or a TIMESTAMP: Oracle converts the character value to the datetime's
type ("Implicit Data Conversion"), reading it with NLS_DATE_FORMAT (NLS_TIMESTAMP_FORMAT for a TIMESTAMP). So
`hire_date > '01-JAN-60'` is 1 January 1960 under the default DD-MON-RR, and `TO_CHAR(d, 'DD-MON-YY') >= p_date`
compares dates. PostgreSQL reads a literal with its own date parser ('01-JAN-60' is 2060) and refuses text
compared with a timestamp: the character side is read as TO_DATE / TO_TIMESTAMP without a model reads it
(oracle_builders.to_timestamp, the sessions' formats written out), exact under the project's NLS settings."""

from __future__ import annotations

import re
from datetime import datetime

from sqlglot import exp

from converters.rewrites.calls import Builder
from converters.rewrites.common import Context, pg_type
from converters.rewrites.oracle_builders import to_timestamp
from converters.rewrites.oracle_calls import (
    is_oracle_date,
    is_timestamp,
    nls_date_text,
    nls_timestamp_text,
)
from converters.rewrites.oracle_numbers import (
    column_kind,
    is_assignment,
    is_character,
    number_kind_of,
    number_text,
    table_column_kind,
    text_arguments,
)
from converters.rewrites.oracle_raw import is_raw, raw_text

_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
_READ_DATE = to_timestamp("timestamp(0)")
_READ_TIMESTAMP = to_timestamp("timestamp")


def char_compared_with_date(node: exp.Expression, ctx: Context) -> exp.Expression:
    """`date_col op 'text'` (either side), `date_col BETWEEN 'a' AND 'b'`, `date_col IN ('a', 'b')`: the text read
    as the datetime's type."""
    if isinstance(node, _COMPARISONS):
        sides = (("this", node.expression), ("expression", node.this))
        for side, other in sides[1:] if is_assignment(node) else sides:  # SET col = v: only the value is read
            reader = _reader(other, ctx)
            if reader is not None and _is_text(node.args[side], ctx):
                node.set(side, _read(node.args[side], reader, ctx))
        return node
    if isinstance(node, exp.Between) and (reader := _reader(node.this, ctx)) is not None:
        for side in ("low", "high"):
            if _is_text(node.args[side], ctx):
                node.set(side, _read(node.args[side], reader, ctx))
    elif isinstance(node, exp.In) and (reader := _reader(node.this, ctx)) is not None:
        node.set("expressions", [_read(e, reader, ctx) if _is_text(e, ctx) else e for e in node.expressions])
    return node


def _reader(node: exp.Expression, ctx: Context) -> Builder | None:
    if is_oracle_date(node, ctx):
        return _READ_DATE
    return _READ_TIMESTAMP if is_timestamp(node, ctx) else None


def _is_text(node: exp.Expression, ctx: Context) -> bool:
    """Known to be character data: a non-empty string literal, a character column or variable, TO_CHAR, `a || b`."""
    if isinstance(node, exp.Paren):
        return _is_text(node.this, ctx)
    if isinstance(node, exp.Literal):
        return node.is_string and node.name != ""
    if isinstance(node, (exp.ToChar, exp.DPipe)):
        return True
    if isinstance(node, exp.Anonymous):
        return str(node.name).lower() == "to_char"
    return is_character(node, ctx)


# NLS_DATE_FORMAT elements a literal is folded by (the AMERICAN month abbreviations): the pattern each reads
_ELEMENTS = {"YYYY": r"(?P<year>\d{4})", "RRRR": r"(?P<year>\d{4})", "RR": r"(?P<year>\d{4})",
             "MONTH": r"(?P<month_name>[A-Za-z]+)", "MON": r"(?P<month_name>[A-Za-z]{3})", "MM": r"(?P<month>\d{1,2})",
             "DD": r"(?P<day>\d{1,2})", "HH24": r"(?P<hour>\d{1,2})", "MI": r"(?P<minute>\d{1,2})",
             "SS": r"(?P<second>\d{1,2})"}  # fmt: skip
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _folded(literal: exp.Expression, ctx: Context) -> exp.Expression | None:
    """A DATE literal written in NLS_DATE_FORMAT with a four-digit year ('01-JAN-2000' under DD-MON-RR) read at
    conversion time: the same date whenever it runs, so a CHECK or an index can hold it. A two-digit RR / YY year
    depends on the current year (Oracle reads it at run time), and other elements or languages are left to the
    run-time form."""
    if not (isinstance(literal, exp.Literal) and literal.is_string) or ctx.options.nls_language.upper() != "AMERICAN":
        return None
    pattern, model = "", ctx.options.nls_date_format.upper()
    for piece in re.findall(r"YYYY|RRRR|RR|MONTH|MON|MM|DD|HH24|MI|SS|[^A-Z0-9]+|[A-Z0-9]+", model):
        if piece in _ELEMENTS:
            pattern += _ELEMENTS[piece]
        elif re.fullmatch(r"[^A-Z0-9]+", piece):
            pattern += r"[^A-Za-z0-9]+"  # Oracle matches any punctuation for a separator
        else:
            return None
    found = re.fullmatch(pattern, literal.name.strip())
    if found is None:
        return None
    parts = found.groupdict()
    name = (parts.get("month_name") or "").upper()[:3]
    month = _MONTHS.index(name) + 1 if name in _MONTHS else int(parts.get("month") or 0)
    try:
        value = datetime(int(parts["year"]), month, int(parts["day"]), int(parts.get("hour") or 0),
                         int(parts.get("minute") or 0), int(parts.get("second") or 0))  # fmt: skip
    except (ValueError, KeyError, TypeError):
        return None  # not a date: the run-time form raises as Oracle does
    return exp.cast(exp.Literal.string(value.strftime("%Y-%m-%d %H:%M:%S")), exp.DataType.build("timestamp(0)"))


def _read(text: exp.Expression, reader: Builder, ctx: Context) -> exp.Expression:
    folded = _folded(text, ctx) if reader is _READ_DATE else None
    if folded is not None:
        return folded
    return reader(exp.Anonymous(this="TO_DATE", expressions=[text.copy()]), ctx)


def assigned_to_character(node: exp.Expression, ctx: Context) -> exp.Expression:
    """UPDATE t SET text_col = d, INSERT INTO t (text_col) VALUES (d): Oracle stores the DATE's text in
    NLS_DATE_FORMAT (a TIMESTAMP's in NLS_TIMESTAMP_FORMAT), a NUMBER's as TO_CHAR prints it; PostgreSQL's
    assignment cast would store its own text ('2024-05-21 00:00:00', '1.50'). The value is written out as Oracle's
    text. A TIMESTAMP stored into a DATE column loses its fractional seconds (_to_date)."""
    if is_assignment(node) and is_character(node.this, ctx):
        node.set("expression", _as_text(node.expression, ctx))
    elif is_assignment(node) and _is_number_column(node.this, ctx) and is_character(node.expression, ctx):
        node.set("expression", exp.cast(node.expression.copy(), pg_type("numeric")))  # Oracle's implicit TO_NUMBER
    elif is_assignment(node) and _is_date_column(node.this.name, ctx) and is_timestamp(node.expression, ctx):
        node.set("expression", _to_date(node.expression))
    elif isinstance(node, exp.Insert) and isinstance(node.this, exp.Schema) and isinstance(node.this.this, exp.Table):
        table, columns = node.this.this, node.this.expressions
        source = node.expression
        if isinstance(source, exp.SetOperation) and not _all_branches(source):
            _stored_after(node, source, table, columns, ctx)  # UNION / INTERSECT / MINUS: their rows as Oracle's
            return node
        rows = source.expressions if isinstance(source, exp.Values) else _branches(source)
        for row in rows:  # each VALUES row, or each select list of INSERT ... SELECT [UNION ALL SELECT ...]
            values = row.expressions if isinstance(row, (exp.Tuple, exp.Select)) else []
            for at, (column, value) in enumerate(zip(columns, values, strict=False)):
                inner = value.this if isinstance(value, exp.Alias) else value
                text = _stored(table, column, inner, ctx)
                if text is not inner:
                    if isinstance(value, exp.Alias):
                        value.set("this", text)
                    else:
                        values[at] = text
                        text.parent = row
    return node


def _stored(table: exp.Table, column: exp.Expression, value: exp.Expression, ctx: Context) -> exp.Expression:
    """What Oracle stores into table.column for value: a TIMESTAMP into a DATE column loses its fractional seconds, a
    DATE / TIMESTAMP / NUMBER into a character column is its Oracle text; else the value itself."""
    if _is_date_column(column.name, ctx) and is_timestamp(value, ctx):
        return _to_date(value)
    kind = table_column_kind(table.name, column.name, ctx)
    if kind == "string":
        return _as_text(value, ctx)
    if kind and is_character(value, ctx):  # a NUMBER column: Oracle reads character data as a number
        return exp.cast(value.copy(), pg_type("numeric"))
    return value


def _branches(source: exp.Expression) -> list[exp.Expression]:
    """The select lists of a SELECT or of the SELECTs a UNION ALL chain joins (each one's rows are stored as they
    are: converting each branch is converting each row)."""
    if isinstance(source, exp.Union) and not source.args.get("distinct"):
        return _branches(source.this) + _branches(source.expression)
    return [source] if isinstance(source, exp.Select) else []


def _all_branches(source: exp.SetOperation) -> bool:
    return (
        isinstance(source, exp.Union)
        and not source.args.get("distinct")
        and all(
            isinstance(side, exp.Select) or (isinstance(side, exp.SetOperation) and _all_branches(side))
            for side in (source.this, source.expression)
        )
    )


def _stored_after(
    node: exp.Insert, source: exp.SetOperation, table: exp.Table, columns: list[exp.Expression], ctx: Context
) -> None:
    """INSERT ... SELECT ... UNION / INTERSECT / MINUS SELECT ...: the set operation compares the values themselves
    (two DATEs of one day differ, their DD-MON-RR texts do not), so the stored form is taken after it, over its
    rows: SELECT f(u.c1), ... FROM (<set operation>) AS aurora_set(c1, ...), each column typed by the first
    branch's value (Oracle requires the branches' types to agree)."""
    first: exp.Expression = source
    while isinstance(first, (exp.SetOperation, exp.Subquery)):
        first = first.this
    if not isinstance(first, exp.Select) or len(first.expressions) != len(columns) or first.is_star:
        return  # a star's types are not known here, as in INSERT ... SELECT *
    names = [f"c{at + 1}" for at in range(len(columns))]
    selected: list[exp.Expression] = []
    changed = False
    for column, value, name in zip(columns, first.expressions, names, strict=True):
        inner = value.this if isinstance(value, exp.Alias) else value
        ref = exp.column(name, "aurora_set")
        stored = _stored(table, column, inner.copy(), ctx)
        if stored == inner:
            selected.append(ref)
            continue
        kind = number_kind_of(inner, ctx)
        if kind in ("integer", "bounded", "unbounded", "literal"):  # the branches' NUMBERs may differ in scale
            changed = True
            selected.append(number_text(ref, ctx, "unbounded" if kind == "unbounded" else "bounded"))
            continue
        spots = [n for n in stored.walk() if n == inner]
        if len(spots) != 1:  # each form _stored builds holds its value once
            raise RuntimeError(f"{table.name}.{column.name}: the stored form does not hold its value once")
        changed = True
        if spots[0] is stored:
            selected.append(ref)
            continue
        spots[0].replace(ref)
        selected.append(stored)
    if changed:
        alias = exp.TableAlias(this=exp.to_identifier("aurora_set"), columns=[exp.to_identifier(n) for n in names])
        wrapped = exp.Select(expressions=selected).from_(exp.Subquery(this=source.copy(), alias=alias))
        node.set("expression", wrapped)


def _is_number_column(column: exp.Expression, ctx: Context) -> bool:
    """SET col = ...: a NUMBER column of the statement's table, or a name that is a NUMBER in every table."""
    return isinstance(column, exp.Column) and column_kind(column, ctx) not in ("", "string")


def _is_date_column(name: str, ctx: Context) -> bool:
    """A column that is an Oracle DATE in every table that has it (RewriteOptions.oracle_date_columns)."""
    return name.lower() in ctx.options.oracle_date_columns


def _to_date(value: exp.Expression) -> exp.Expression:
    """A TIMESTAMP stored into a DATE: Oracle drops the fractional seconds; PostgreSQL's timestamp(0) would round
    them (12:00:00.7 would become 12:00:01)."""
    return exp.Anonymous(this="date_trunc", expressions=[exp.Literal.string("second"), value.copy()])


def as_text_argument(node: exp.Expression, ctx: Context) -> exp.Expression:
    """SUBSTR(n, 1, 2), REGEXP_LIKE(d, '^..-JAN'), LENGTH(n) of a NUMBER, DATE or TIMESTAMP: Oracle reads the
    value's text (TO_CHAR's number text, NLS_DATE_FORMAT, NLS_TIMESTAMP_FORMAT); so does the PostgreSQL call,
    instead of being refused (substr(numeric, integer), timestamp ~ text)."""
    for value, put in text_arguments(node):
        text = _as_text(value, ctx)
        if text is not value:
            put(text)
    return node


# the procedural converter's mark for a value PL/SQL converts to VARCHAR2 implicitly (a VARCHAR2 variable assigned,
# a VARCHAR2 parameter passed): implicit_text writes Oracle's text for what it knows, and the value as it is otherwise
IMPLICIT_TEXT = "aurora_implicit_text"


def implicit_text(node: exp.Expression, ctx: Context) -> exp.Expression:
    """IMPLICIT_TEXT(x) -> x's text as Oracle prints it when x is known to be a DATE, TIMESTAMP, NUMBER or RAW (a
    collection element, a CASE of those...); x itself otherwise."""
    if not isinstance(node, exp.Anonymous) or node.name.lower() != IMPLICIT_TEXT or len(node.expressions) != 1:
        return node
    return _as_text(node.expressions[0], ctx)


# and its mark for a value PL/SQL converts to NUMBER implicitly where PostgreSQL converts nothing (a parameter's
# DEFAULT: `p PLS_INTEGER := TO_CHAR(SYSDATE, 'YYYY')`)
IMPLICIT_NUMBER = "aurora_implicit_number"


def implicit_number(node: exp.Expression, ctx: Context) -> exp.Expression:
    """IMPLICIT_NUMBER(x) -> CAST(x AS numeric) when x is known to be character data (Oracle's TO_NUMBER of it:
    '2024' is 2024, 'x' an error in both); x itself otherwise."""
    if not isinstance(node, exp.Anonymous) or node.name.lower() != IMPLICIT_NUMBER or len(node.expressions) != 1:
        return node
    value = node.expressions[0]
    return exp.cast(value.copy(), pg_type("numeric")) if _is_text(value, ctx) else value


def _as_text(value: exp.Expression, ctx: Context) -> exp.Expression:
    if is_oracle_date(value, ctx):
        return nls_date_text(value, ctx)
    if is_timestamp(value, ctx):
        return nls_timestamp_text(value, ctx)
    if number_kind_of(value, ctx) in ("integer", "bounded", "unbounded", "literal"):
        return number_text(value, ctx)
    return raw_text(value) if is_raw(value) else value
