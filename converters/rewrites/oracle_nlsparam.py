"""The NLS parameter of TO_CHAR / TO_DATE / TO_TIMESTAMP / TO_NUMBER (their last argument, 'NLS_DATE_LANGUAGE =
FRENCH', 'NLS_NUMERIC_CHARACTERS = '',.'''): PostgreSQL's functions have none, so the argument is dropped where it
changes nothing (the project's own language; numeric characters for a model without D, G or TM, or the territory's
own '.,' which the converted model writes out; currency symbols for one without L, C or U), and the call is a
finding everywhere else, instead of a silently different text."""

from __future__ import annotations

import re

from sqlglot import exp

from converters.rewrites.calls import args_of, call_name
from converters.rewrites.common import Context
from converters.rewrites.oracle_nls_views import NUMERIC_CHARACTERS

_SETTING = re.compile(r"\s*(NLS_[A-Z_]+)\s*=\s*('(?:[^']|'')*'|\"[^\"]*\"|[^\s'\"]+)\s*", re.IGNORECASE)
# which elements of a number model read each setting (a date model reads none of them)
_READ_BY = {"NLS_NUMERIC_CHARACTERS": "DG", "NLS_CURRENCY": "L", "NLS_ISO_CURRENCY": "C", "NLS_DUAL_CURRENCY": "U"}
# date languages that spell month and day names, their abbreviations, AM / PM and AD / BC alike: each -> the one
# standing for the group (Oracle's ENGLISH and AMERICAN locale data differ in territory settings, not in those words)
_SAME_NAMES = {"ENGLISH": "AMERICAN"}


def settings(text: str) -> list[tuple[str, str]] | None:
    """The (NAME, value) pairs of an NLS parameter, values unquoted; None when it is not such a list."""
    found, at = [], 0
    while at < len(text):
        match = _SETTING.match(text, at)
        if match is None:
            return None
        value = match.group(2)
        if value[:1] in ("'", '"'):
            value = value[1:-1].replace("''", "'")
        found.append((match.group(1).upper(), value))
        at = match.end()
    return found


def nls_parameter_kept(node: exp.Expression, ctx: Context, model: str | None, number: bool) -> bool:
    """False (with a finding) when the call's NLS parameter changes its result here; True when it has none or it
    changes nothing (then the converted call leaves it out). `model`: the Oracle format model, when a literal;
    `number`: a number model (TO_NUMBER, TO_CHAR of a number)."""
    args = args_of(node)
    if len(args) < 3:
        return True
    param = args[2]
    pairs = settings(param.name) if isinstance(param, exp.Literal) and param.is_string else None
    changed = [f"{name}={value}" for name, value in pairs or [] if not _unchanged(name, value, ctx, model, number)]
    if pairs is None or changed:
        detail = ", ".join(changed) if pairs is not None else f"{param.sql(dialect='oracle')} (known only at run time)"
        ctx.flag("CONV-ORA-FUNC-001", node, f"{call_name(node)} with the NLS parameter {detail}")
        return False
    return True


def _unchanged(name: str, value: str, ctx: Context, model: str | None, number: bool) -> bool:
    if name == "NLS_DATE_LANGUAGE":
        return number or _names(value) == _names(ctx.options.nls_language)
    if name == "NLS_CALENDAR":
        return value.upper() == "GREGORIAN"
    if name not in _READ_BY:
        return False
    if not number:
        return True
    if model is None:
        return False
    upper = model.upper()
    if name == "NLS_NUMERIC_CHARACTERS" and "TM" in upper:  # text minimum prints the decimal character
        return value[:1] == "." and not any(c in upper.replace("TM", "") for c in "DG")
    if name == "NLS_NUMERIC_CHARACTERS" and value == NUMERIC_CHARACTERS.get(ctx.options.nls_territory.upper()) == ".,":
        return True  # the territory's own: D and G are written out as '.' and ',' (oracle_builders)
    return not any(c in upper for c in _READ_BY[name])


def _names(language: str) -> str:
    return _SAME_NAMES.get(language.upper(), language.upper())
