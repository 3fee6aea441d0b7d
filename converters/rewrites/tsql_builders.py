"""Builders for T-SQL calls whose PostgreSQL form differs (STUFF, CHOOSE, QUOTENAME, TRY_CAST, UTC clocks,
DATALENGTH). converters/functions.py maps each T-SQL function to one of these with the reason."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.calls import args_of, call
from converters.rewrites.common import Context, pg_type
from converters.rewrites.tsql_documented import national_datalength, stuff_out_of_range


def octet_length(node: exp.Expression, ctx: Context) -> exp.Expression:
    exact = national_datalength(node, ctx)
    if exact is not None:
        return exact
    ctx.flag("CONV-TSQL-DATALENGTH-001", node)
    return call("octet_length", *args_of(node))


def utc_now(node: exp.Expression, ctx: Context) -> exp.Expression:
    return exp.AtTimeZone(this=call("statement_timestamp"), zone=exp.Literal.string("UTC"))


# --- more T-SQL calls -------------------------------------------------------------------------------------------


def stuff(node: exp.Expression, ctx: Context) -> exp.Expression:
    """STUFF(s, start, n, r) replaces n characters from start: overlay(s placing r from start for n)."""
    overlay = exp.Overlay(
        this=node.this.copy(),
        expression=node.expression.copy(),
        from_=node.args["start"].copy(),
        for_=node.args.get("length"),
    )
    return stuff_out_of_range(node, ctx, overlay)


def choose(node: exp.Expression, ctx: Context) -> exp.Expression:
    """CHOOSE(i, a, b, ...) is the i-th value (NULL when out of range): (ARRAY[a, b, ...])[i]."""
    index, *values = args_of(node)
    array = exp.Paren(this=exp.Array(expressions=[v.copy() for v in values]))
    # offset=1: the index is already 1-based, as PostgreSQL's (sqlglot would otherwise add one)
    return exp.Bracket(this=array, expressions=[index.copy()], offset=1)


def quotename(node: exp.Expression, ctx: Context) -> exp.Expression:
    """QUOTENAME(x) -> '[' || replace(x, ']', ']]') || ']' (SQL Server's bracket quoting, NULL in NULL out)."""
    value = args_of(node)[0]
    inner = call("replace", value, exp.Literal.string("]"), exp.Literal.string("]]"))
    return exp.DPipe(this=exp.DPipe(this=exp.Literal.string("["), expression=inner), expression=exp.Literal.string("]"))


def try_cast(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TRY_CAST gives NULL where CAST would fail: pg_input_is_valid (PostgreSQL 16+) tests the text first."""
    value, to = (node.this, node.to) if isinstance(node, exp.TryCast) else (node.expression, node.this)
    if isinstance(node, exp.Convert) and (not node.args.get("safe") or node.args.get("style") is not None):
        return node
    if ctx.options.target_version < 16:
        ctx.flag("CONV-TSQL-FUNC-001", node, "TRY_CAST/TRY_CONVERT: PostgreSQL 16 has pg_input_is_valid()")
        return exp.Cast(this=value.copy(), to=to.copy())
    text = exp.cast(value.copy(), pg_type("text"))
    valid = call("pg_input_is_valid", text, exp.Literal.string(to.sql("postgres")))
    return exp.Case(ifs=[exp.If(this=valid, true=exp.Cast(this=text.copy(), to=to.copy()))])


def round_or_truncate(node: exp.Expression, ctx: Context) -> exp.Expression:
    """ROUND(x, n, f): a non-zero third argument truncates instead of rounding (trunc(x, n))."""
    flag = node.args.get("truncate")
    if flag is None or (isinstance(flag, exp.Literal) and flag.name == "0"):
        node.set("truncate", None)
        return node
    if isinstance(flag, exp.Literal):
        return call("trunc", node.this, node.args.get("decimals") or exp.Literal.number(0))
    ctx.flag("CONV-TSQL-FUNC-001", node, "ROUND with a computed third argument (round or truncate?)")
    return node


def next_value_for(node: exp.Expression, ctx: Context) -> exp.Expression:
    """NEXT VALUE FOR dbo.seq -> nextval('dbo.seq') (the name folds like every SQL Server name)."""
    name = ".".join(part.name.lower() for part in node.this.parts) if isinstance(node.this, exp.Column) else ""
    if not name:
        return node
    return call("nextval", exp.Literal.string(name))


def date_from_parts(node: exp.Expression, ctx: Context) -> exp.Expression:
    return call("make_date", node.args["year"], node.args["month"], node.args["day"])


# @@globals with a PostgreSQL spelling; the rest (@@ROWCOUNT, @@ERROR, @@FETCH_STATUS...) belong to procedural
# code (GET DIAGNOSTICS, exceptions, FOUND) and are flagged.
GLOBALS = {
    "SPID": lambda: call("pg_backend_pid"),  # this session's id
    "VERSION": lambda: call("version"),  # server version text
    "IDENTITY": lambda: call("lastval"),  # last generated value in this session
    "SERVERNAME": lambda: call("inet_server_addr"),  # the server (address, not name)
    "DBTS": None,
}


def global_variable(node: exp.Expression, ctx: Context) -> exp.Expression:
    """@@NAME (read as a parameter inside a parameter)."""
    if not (isinstance(node, exp.Parameter) and isinstance(node.this, exp.Parameter)):
        return node
    name = node.this.name.upper()
    build = GLOBALS.get(name)
    if build is None:
        ctx.flag("CONV-TSQL-VAR-001", node, f"@@{name} (procedural: GET DIAGNOSTICS, FOUND or an exception block)")
        ctx.flagged.add(id(node.this))
        return node
    return build()
