"""SQL Server's JSON functions (JSON_VALUE, JSON_QUERY, ISJSON) on text holding JSON.

ISJSON(x) with no type constraint is 1 when x is a JSON object or array, 0 when not, NULL for NULL ("ISJSON"):
PostgreSQL 16's IS JSON predicate says the same, and neither checks that keys are unique.

JSON_VALUE and JSON_QUERY have no exact PostgreSQL form: PostgreSQL reads JSON as jsonb (json has no path
functions), which keeps the last of duplicate keys, respells numbers (1e2 becomes 100) and, for JSON_QUERY, lays
the fragment out again ({"a":1} becomes {"a": 1}); SQL Server returns the text as written. sqlglot's own output
(x ->> '$.a') is not even a path lookup on PostgreSQL. They are flagged with the nearest form as the remedy.
"""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context

# ISJSON's optional second argument (SQL Server 2022) -> the IS JSON type keyword
IS_JSON_TYPES = {"VALUE": "VALUE", "ARRAY": "ARRAY", "OBJECT": "OBJECT", "SCALAR": "SCALAR"}


def json_paths_flagged(node: exp.Expression, ctx: Context) -> exp.Expression:
    if isinstance(node, (exp.JSONExtractScalar, exp.JSONExtract)):
        ctx.flag("CONV-TSQL-JSON-001", node, "JSON_VALUE" if isinstance(node, exp.JSONExtractScalar) else "JSON_QUERY")
    return node


def isjson(node: exp.Expression, ctx: Context) -> exp.Expression:
    """ISJSON(x) -> CAST((x IS JSON OBJECT OR x IS JSON ARRAY) AS integer): 1, 0, or NULL for NULL."""
    if not (isinstance(node, exp.Anonymous) and node.name.upper() == "ISJSON"):
        return node
    if ctx.options.target_version < 16:
        ctx.flag("CONV-TSQL-ISJSON-001", node, f"target is PostgreSQL {ctx.options.target_version}")
        return node
    args = node.expressions
    kind = args[1].name.upper() if len(args) == 2 else ""
    if not args or len(args) > 2 or (len(args) == 2 and kind not in IS_JSON_TYPES):
        return node
    value = args[0].sql(dialect="postgres")
    if kind == "SCALAR":  # a number or a string (not true, false or null)
        test = (
            f"({value} IS JSON SCALAR AND ltrim({value}, ' ' || chr(9) || chr(10) || chr(13)) !~ '^(true|false|null)')"
        )
    elif kind:
        test = f"{value} IS JSON {IS_JSON_TYPES[kind]}"
    else:
        test = f"({value} IS JSON OBJECT OR {value} IS JSON ARRAY)"
    return exp.cast(exp.maybe_parse(test, dialect="postgres"), exp.DataType.build("int"))
