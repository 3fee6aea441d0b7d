"""TZ_OFFSET: a time zone's offset from UTC as Oracle prints it ('+05:30', '-07:00'), at the moment the statement
runs (so daylight saving time counts, as Oracle documents)."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from converters.rewrites.calls import args_of, call
from converters.rewrites.common import Context

_OFFSET = re.compile(r"[+-]\d{2}:\d{2}")  # TZ_OFFSET('-08:00') is '-08:00'

# a zone region's offset now: its wall-clock time minus UTC's, signed and zero-padded as Oracle prints it
_REGION = """(SELECT CASE WHEN o < INTERVAL '0' THEN '-' || to_char(-o, 'HH24:MI') ELSE '+' || to_char(o, 'HH24:MI')
END FROM (SELECT (statement_timestamp() AT TIME ZONE {zone}) - (statement_timestamp() AT TIME ZONE 'UTC') AS o)
AS zone_offset)"""


def _is_session_zone(node: exp.Expression) -> bool:
    """SESSIONTIMEZONE, which the rewrites have already made current_setting('TimeZone')."""
    args = args_of(node) if isinstance(node, exp.Anonymous) else []
    return (
        isinstance(node, exp.Anonymous)
        and node.name.lower() == "current_setting"
        and len(args) == 1
        and args[0].name.lower() == "timezone"
    )


def tz_offset(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TZ_OFFSET(SESSIONTIMEZONE) is the session zone's offset now: to_char's TZH:TZM. A literal '+hh:mi' is
    itself; a literal region name ('US/Eastern') is that region's offset now, an unknown one an error (Oracle:
    ORA-01882). Any other argument may be an offset, which AT TIME ZONE would read with the opposite sign (POSIX):
    flagged."""
    args = args_of(node)
    zone = args[0] if len(args) == 1 else None
    if zone is not None and _is_session_zone(zone):
        return call("to_char", call("statement_timestamp"), exp.Literal.string("TZH:TZM"))
    if isinstance(zone, exp.Literal) and zone.is_string and _OFFSET.fullmatch(zone.name):
        return zone.copy()
    if isinstance(zone, exp.Literal) and zone.is_string and zone.name.strip():
        return sqlglot.parse_one(_REGION.format(zone=zone.sql(dialect="postgres")), read="postgres")
    ctx.flag("CONV-ORA-FUNC-001", node, "TZ_OFFSET of a zone that is not a literal: an offset reads the other way")
    return node
