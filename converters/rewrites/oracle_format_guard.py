"""Format models held in PL/SQL variables: the PostgreSQL call keeps the variable, and a run-time guard before the
statement raises unless the model holds only what PostgreSQL reads as Oracle does (so the result is Oracle's on
every model the guard admits, an error on the others, NULL on NULL as in Oracle).

The patterns are built from oracle_formats' tables: SAME (less UNGUARDED) in upper and lower case (and the
capitalised names), each followed by nothing that would make a longer element in either engine, a numeric one
(not CASED) by an optional suffix (TH); separators;
"quoted text" without a backslash (PostgreSQL's escape)."""

from __future__ import annotations

import functools
import re

from sqlglot import exp

from converters.rewrites.common import Context
from converters.rewrites.oracle_calls import is_oracle_date
from converters.rewrites.oracle_formats import (
    CAPITALISED,
    CASED,
    DIFFERENT,
    NUMBER_SAME,
    ONE_SIDED,
    READ_APPROXIMATE,
    SAME,
    SEPARATORS,
    SUFFIXES,
    UNGUARDED,
)
from converters.rewrites.oracle_numbers import number_kind_of
from converters.rewrites.temporal import is_date

FORMAT_GUARD_STATE = "UGF01"
_YEAR = "YYYY|YYY|YY|RRRR|RR|J"  # year elements a reading guard admits (Y alone is refused there)
_MONTH = "MM|MON|RM|DDD|J"  # elements that set the month  # a class of our own (PostgreSQL reserves no class starting with U)


def _caseless(text: str) -> str:
    """`text` matched in any case, inside a case-sensitive pattern: 'th' -> '[Tt][Hh]'."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in text)


def _spellings(element: str) -> list[str]:
    """The spellings both engines read alike: upper, lower, and the capitalised names (Month, Dy)."""
    spellings = [element, element.lower()] + ([element.capitalize()] if element in CAPITALISED else [])
    return list(dict.fromkeys(spellings))


def _element_pattern(element: str) -> str:
    """The element's spellings, not followed by what would make it the start of a longer element of either side."""
    longer = sorted({e for e in (*SAME, *DIFFERENT, *ONE_SIDED) if len(e) > len(element) and e.startswith(element)})
    rests = "|".join(_caseless(e[len(element) :]) for e in longer)
    spelled = "|".join(re.escape(s) for s in _spellings(element))
    return f"(?:{spelled})(?!{rests})" if rests else f"(?:{spelled})"


@functools.cache
def date_model_pattern(reading: bool = False) -> str:
    """The anchored pattern of the datetime models a guard admits (`reading`: a model that parses text, where Y,
    YY and YYY read otherwise: oracle_formats.READ_APPROXIMATE)."""
    refused = {*UNGUARDED, *SUFFIXES, *(READ_APPROXIMATE if reading else ())}
    admitted = sorted((e for e in SAME if e not in refused), key=len, reverse=True)
    suffix = "(?:" + "|".join(_element_pattern(s) for s in sorted(SUFFIXES)) + ")?"
    parts = [_element_pattern(e) + ("" if e in CASED else suffix) for e in admitted]  # numbers take suffixes
    separators = sorted(SEPARATORS, key=lambda c: c == "-")  # '-' last: a member, not a range
    parts += ["[" + "".join(separators) + "]", '"[^"\\\\]*"']
    return "^(?:" + "|".join(parts) + ")+$"


@functools.cache
def number_model_pattern() -> str:
    """The anchored pattern of the number models a guard admits: [FM][S] digits [decimal digits] [S|MI|PR], with a
    digit first (a group separator cannot begin the model) and at least one 9 or 0."""

    def of(where: str) -> str:
        return "|".join(re.escape(s) for e, w in NUMBER_SAME.items() if w == where for s in _spellings(e))

    digits, decimal = f"(?:{of('digits')})", f"(?:{of('decimal')})"
    nines = "(?:" + "|".join(e for e, w in NUMBER_SAME.items() if w == "digits" and e.isdigit()) + ")"
    body = f"(?:{nines}{digits}*(?:{decimal}{nines}*)?|{decimal}{nines}+)"
    sign, last = f"(?:{of('either end')})", f"(?:{of('either end')}|{of('last')})"
    return f"^(?:{of('first')})?(?:{sign}{body}|{body}{last}?)$"


def guard_text(variable: str, number: bool, reading: bool = False) -> str:
    """The PL/pgSQL statement that raises unless `variable` holds an admitted model (NULL passes: Oracle's NULL)."""
    pattern = number_model_pattern() if number else date_model_pattern(reading)
    what = "number" if number else "datetime"
    # a model that reads a date without a year or a month: Oracle takes the current ones, PostgreSQL year 1 BC and
    # January (literal models get them written in: oracle_builders); held in a variable, it is refused
    fields = f" OR {variable} !~* '{_YEAR}' OR {variable} !~* '{_MONTH}'" if reading and not number else ""
    return (
        f"IF {variable} !~ '{pattern}'{fields} THEN\n"
        f"    RAISE EXCEPTION USING ERRCODE = '{FORMAT_GUARD_STATE}', MESSAGE = format("
        f"'aurora-migrate: %s holds the {what} format model %s, which has an element PostgreSQL reads differently"
        f" (see CONV-ORA-FORMAT-004)', '{variable}', {variable});\n"
        "END IF;"
    )


def guarded_format(
    node: exp.Expression, ctx: Context, fmt: exp.Expression, number: bool, reading: bool = False
) -> bool:
    """Whether `fmt` is a variable a guard can check (RewriteOptions.guarded_variables): then the guard is recorded
    on the context for the statement, with its finding."""
    if not isinstance(fmt, exp.Column) or fmt.table or fmt.this.args.get("quoted"):
        return False
    name = fmt.name.lower()
    if name not in ctx.options.guarded_variables:
        return False
    guard = guard_text(name, number, reading)
    if guard not in ctx.guards:
        ctx.guards.append(guard)
    ctx.flag("CONV-ORA-FORMAT-004", node, f"{name} is checked before the statement: a model outside it raises")
    return True


def model_kind(value: exp.Expression, ctx: Context) -> bool | None:
    """Whether TO_CHAR's `value` takes a number model (True) or a datetime one (False); None when not known."""
    if number_kind_of(value, ctx):
        return True
    variable = isinstance(value, exp.Column) and not value.table
    if variable and value.name.lower() in ctx.options.datetime_variables:  # a DATE or TIMESTAMP of the routine
        return False
    return False if is_date(value, ctx) or is_oracle_date(value, ctx) else None
