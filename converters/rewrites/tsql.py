"""SQL Server (T-SQL) -> PostgreSQL query rewrites: ordered pipelines of small functions on sqlglot nodes.

sqlglot's T-SQL reader already turns ISNULL into COALESCE, IIF into CASE, TOP into LIMIT, CROSS/OUTER APPLY into
[LEFT] JOIN LATERAL ... ON TRUE and [brackets] into identifiers; the steps here fix what it leaves wrong or silent.
"""

from __future__ import annotations

from sqlglot import exp

import converters.rewrites.catalog as catalog
import converters.rewrites.collation as collation
import converters.rewrites.tsql_builders as tsql_builders
import converters.rewrites.tsql_dates as tsql_dates
import converters.rewrites.tsql_documented as tsql_documented
import converters.rewrites.tsql_json as tsql_json
import converters.rewrites.tsql_pivot as tsql_pivot
import converters.rewrites.tsql_statements as tsql_statements
import converters.rewrites.tsql_xml as tsql_xml
from converters.functions import TSQL_FUNCTIONS, apply_mapping, unknown_function
from converters.rewrites.common import (
    Context,
    Step,
    cast_types,
    derived_table_alias,
    immutable_only,
    merge_needs_15,
    pg_type,
    user_routine_immutable,
)


def table_hints_removed(node: exp.Expression, ctx: Context) -> exp.Expression:
    """WITH (NOLOCK) and friends: PostgreSQL has no table hints and readers never block writers under MVCC."""
    if isinstance(node, exp.Table) and node.args.get("hints"):
        hints = ", ".join(h.sql(dialect="tsql") for h in node.args["hints"])
        ctx.flag("CONV-TSQL-HINT-001", node, hints)
        node.set("hints", None)
    return node


# Calls known to return strings: `x + <one of these>` is concatenation, not arithmetic.
_STRING_CALLS = (
    exp.Upper,
    exp.Lower,
    exp.Substring,
    exp.Trim,
    exp.Concat,
    exp.DPipe,
    exp.Left,
    exp.Right,
    exp.National,
    exp.Replace,
    exp.Initcap,
    exp.Chr,  # CHAR(13) + CHAR(10)
)
# T-SQL string functions sqlglot keeps as plain calls
_STRING_FUNCTIONS = frozenset({"NCHAR", "QUOTENAME", "REPLICATE", "SPACE", "STUFF", "REVERSE", "LTRIM", "RTRIM"})


def _is_string(node: exp.Expression, ctx: Context) -> bool:
    if isinstance(node, exp.Literal):
        return node.is_string
    if isinstance(node, exp.Column):
        return node.name.lower() in ctx.options.string_columns
    if isinstance(node, exp.Cast):
        return node.to.this in (exp.DType.VARCHAR, exp.DType.NVARCHAR, exp.DType.CHAR, exp.DType.NCHAR, exp.DType.TEXT)
    if isinstance(node, exp.Add):
        return _is_string(node.this, ctx) or _is_string(node.expression, ctx)
    if isinstance(node, exp.Paren):
        return _is_string(node.this, ctx)
    if isinstance(node, exp.Anonymous):
        return str(node.name).upper() in _STRING_FUNCTIONS
    if isinstance(node, exp.Case):  # a string function rewritten as CASE (QUOTENAME over 128 characters is NULL)
        results = [i.args.get("true") for i in node.args.get("ifs") or []] + [node.args.get("default")]
        known = [r for r in results if r is not None and not isinstance(r, exp.Null)]
        return bool(known) and all(_is_string(r, ctx) for r in known)
    return isinstance(node, (_STRING_CALLS, exp.DPipe))


def plus_concatenation(node: exp.Expression, ctx: Context) -> exp.Expression:
    """'a' + x -> 'a' || x. SQL Server's + on strings gives NULL when either side is NULL (CONCAT_NULL_YIELDS_NULL
    is ON by default and cannot be turned off in Azure/2017+); PostgreSQL's || does the same, so it is the exact
    equivalent (concat() would not be: it skips NULLs). Columns count as strings when the caller names them
    (RewriteOptions.string_columns); `a + b` on two columns of unknown type stays `+`: if they are strings
    PostgreSQL rejects it at deploy (no text + text operator), it never silently computes."""
    if isinstance(node, exp.Add) and (_is_string(node.this, ctx) or _is_string(node.expression, ctx)):
        return exp.DPipe(this=node.this, expression=node.expression, safe=False)
    return node


def len_ignores_trailing_spaces(node: exp.Expression, ctx: Context) -> exp.Expression:
    """LEN(x) does not count trailing spaces (LEN('a  ') = 1): length(rtrim(x))."""
    if isinstance(node, exp.Length) and not node.args.get("binary"):
        value = node.this.this if isinstance(node.this, exp.Cast) and node.this.to.this is exp.DType.TEXT else node.this
        text = exp.cast(value, pg_type("text"))
        return exp.Length(this=exp.Anonymous(this="rtrim", expressions=[text]))
    return node


def top_percent(node: exp.Expression, ctx: Context) -> exp.Expression:
    """TOP n PERCENT has no PostgreSQL clause. TOP 100 PERCENT (the idiom that lets a view carry an ORDER BY)
    keeps every row: the limit is simply dropped."""
    options = node.args.get("limit_options") if isinstance(node, exp.Limit) else None
    if options is None or not options.args.get("percent"):
        return node
    count = node.expression
    if isinstance(count, exp.Literal) and count.name in ("100", "100.0"):
        node.pop()
        return node
    ctx.flag("CONV-TSQL-TOP-001", node)
    return node


def variable_outside_procedure(node: exp.Expression, ctx: Context) -> exp.Expression:
    """@name in a view or query: PostgreSQL SQL has no session variables; procedural converters keep them."""
    if isinstance(node.parent, exp.Parameter) or id(node) in ctx.flagged:
        return node  # the inner part of @@NAME: its outer node is the one flagged
    if isinstance(node, exp.Parameter) and isinstance(node.this, exp.Parameter):
        return tsql_builders.global_variable(node, ctx)
    if isinstance(node, exp.Parameter) and not ctx.options.procedural:
        ctx.flag("CONV-TSQL-VAR-001", node, f"@{node.name}")
    return node


def select_into_temp(node: exp.Expression, ctx: Context) -> exp.Expression:
    """SELECT ... INTO #t -> SELECT ... INTO TEMPORARY t (PostgreSQL's CREATE TEMP TABLE AS)."""
    if isinstance(node, exp.Into) and node.args.get("temporary"):
        ctx.flag("CONV-TSQL-TEMP-001", node)
    return node


# Characters SIMILAR TO reads as regular-expression syntax that T-SQL's LIKE takes literally.
_SIMILAR_SPECIAL = str.maketrans({c: "\\" + c for c in "|*+?{}()\\"})


def like_character_classes(node: exp.Expression, ctx: Context) -> exp.Expression:
    """T-SQL LIKE knows [a-c] and [^0-9]; PostgreSQL's LIKE reads '[' literally and would silently match nothing.
    SIMILAR TO has the same %, _ and [...] and is exact once its own regex characters are escaped."""
    pattern = node.expression if isinstance(node, exp.Like) else None
    if not (isinstance(pattern, exp.Literal) and pattern.is_string and "[" in pattern.name):
        return node
    if isinstance(node.parent, exp.Escape):
        ctx.flag("CONV-TSQL-LIKE-001", node.parent)
        return node
    similar = exp.SimilarTo(this=node.this, expression=exp.Literal.string(pattern.name.translate(_SIMILAR_SPECIAL)))
    return exp.Not(this=similar) if node.args.get("negate") else similar


def date_literal_argument(node: exp.Expression, ctx: Context) -> exp.Expression:
    """DATEADD(day, 1, '2024-01-01'): SQL Server converts the string; PostgreSQL needs it typed."""
    if isinstance(node, exp.DateAdd) and isinstance(node.this, exp.Literal) and node.this.is_string:
        node.set("this", exp.cast(node.this, pg_type("timestamp")))
    return node


def format_needs_dotnet(node: exp.Expression, ctx: Context) -> exp.Expression:
    """FORMAT with a .NET standard format ('D', 'N2', 'C') or a culture: no to_char template reproduces those."""
    if node.meta.get("tsql_format") if node._meta else None:
        ctx.flag("CONV-TSQL-FORMAT-001", node, f"FORMAT(..., '{node.meta['tsql_format']}')")
    return node


def openjson_flagged(node: exp.Expression, ctx: Context) -> exp.Expression:
    """OPENJSON (with or without WITH): no PostgreSQL function of that name; its default schema (key, value, type)
    and its typed WITH columns each need their own jsonb rewrite, so a person chooses."""
    if isinstance(node, exp.OpenJSON):
        ctx.flag("CONV-TSQL-OPENJSON-001", node)
    return node


# Methods of SQL Server's CLR types, called as column.Method(...). A hierarchyid column is kept as the text of
# its ToString() path ('/', '/1/', '/1/3/'), on which two of them have an exact form.
CLR_METHODS = frozenset(
    {"GETANCESTOR", "GETDESCENDANT", "GETLEVEL", "GETREPARENTEDVALUE", "ISDESCENDANTOF", "TOSTRING", "GETROOT",
     "PARSE", "VALUE", "QUERY", "EXIST", "NODES", "MODIFY", "STDISTANCE", "STINTERSECTS", "STASTEXT", "STBUFFER",
     "STCONTAINS", "STWITHIN", "STAREA", "STLENGTH", "LAT", "LONG", "STX", "STY", "STSRID", "STGEOMETRYTYPE"}
)  # fmt: skip


def _path_level(path: exp.Expression) -> exp.Expression:
    """hierarchyid GetLevel() on the path text: one '/' per level plus the leading one ('/' is level 0); smallint
    as SQL Server returns; NULL stays NULL."""
    slashes = exp.Sub(
        this=exp.Length(this=path.copy()),
        expression=exp.Length(this=exp.func("replace", path.copy(), exp.Literal.string("/"), exp.Literal.string(""))),
    )
    return exp.Cast(
        this=exp.Paren(this=exp.Sub(this=slashes, expression=exp.Literal.number(1))), to=pg_type("smallint")
    )


def _whole_number(args: list[exp.Expression]) -> int | None:
    """The one argument when it is a literal whole number >= 0 (GetAncestor(1)), else None."""
    if len(args) != 1 or not isinstance(args[0], exp.Literal) or args[0].is_string or not args[0].name.isdigit():
        return None
    return int(args[0].name)


def _path_ancestor(path: exp.Expression, levels: int) -> exp.Expression:
    """hierarchyid GetAncestor(n) on the path text: the path without its last n components ('/1/3/' -> '/1/'
    for n = 1; a component such as '1.2' or '-1' has no '/'); NULL when the node has fewer than n levels above it
    (GetAncestor(1) of the root '/'), or when the path is NULL, as SQL Server returns."""
    trimmed = exp.func(
        "regexp_replace", path.copy(), exp.Literal.string(f"([^/]+/){{{levels}}}$"), exp.Literal.string("")
    )
    enough = exp.GTE(this=_path_level(path), expression=exp.Literal.number(levels))
    return exp.Case(ifs=[exp.If(this=enough, true=trimmed)])


def clr_type_methods(node: exp.Expression, ctx: Context) -> exp.Expression:
    """column.Method(): hierarchyid GetLevel(), ToString() and GetAncestor(n) are exact on the path text; every other CLR type
    method is flagged (sqlglot would write it as a call of a function in a schema named after the column)."""
    call = node.expression if isinstance(node, exp.Dot) else None
    if not isinstance(call, exp.Anonymous) or call.name.upper() not in CLR_METHODS:
        return node
    target = node.this
    column = exp.column(target.name, quoted=target.quoted) if isinstance(target, exp.Identifier) else target
    if call.name.upper() == "GETLEVEL" and not call.expressions:
        return _path_level(column)
    if call.name.upper() == "TOSTRING" and not call.expressions:
        return column.copy()
    if call.name.upper() == "GETANCESTOR" and (levels := _whole_number(call.expressions)) is not None:
        return _path_ancestor(column, levels)
    if call.name.upper() == "VALUE" and (value := tsql_xml.xml_value(column, call)) is not None:
        return value
    ctx.flag("CONV-TSQL-METHOD-001", node, f"{node.sql(dialect='tsql')}")
    return node


def recursive_ctes(node: exp.Expression, ctx: Context) -> exp.Expression:
    """T-SQL has no RECURSIVE keyword: a CTE that reads itself is recursive. PostgreSQL needs WITH RECURSIVE
    (without it the CTE's own name is looked up as a table); the keyword changes nothing for the other CTEs."""
    if not isinstance(node, exp.With) or node.args.get("recursive"):
        return node
    for cte in node.expressions:
        name = cte.alias_or_name.lower()
        if any(t.name.lower() == name and not t.args.get("db") for t in cte.this.find_all(exp.Table)):
            node.set("recursive", True)
            break
    return node


def mapped_function(node: exp.Expression, ctx: Context) -> exp.Expression:
    return apply_mapping(node, TSQL_FUNCTIONS, ctx)


STATEMENT_STEPS = (
    catalog.existence_tests,  # before the catalog step flags sysobjects
    tsql_statements.output_into,
    tsql_statements.xml_path_to_string_agg,
    tsql_pivot.pivots_rewritten,
    tsql_xml.nodes_tables,
)

NODE_STEPS = (
    Step((exp.Cast, exp.TryCast, exp.Convert), cast_types),  # first: only source-written casts are mapped
    Step(exp.Table, table_hints_removed),
    Step(exp.Table, catalog.system_catalog),
    Step(exp.Coalesce, tsql_documented.isnull_first_type),
    Step(exp.Literal, tsql_documented.seven_digit_fraction),
    Step((exp.Repeat, exp.Space), tsql_documented.negative_count_null),
    Step((exp.EQ, exp.NEQ, exp.Nullif), tsql_documented.padded_literals),
    Step((exp.Cast, exp.Convert), tsql_documented.integer_cast_truncates),
    Step((exp.Cast, exp.Convert), tsql_documented.number_text),
    Step(exp.Add, plus_concatenation),
    Step(exp.Length, len_ignores_trailing_spaces),
    Step((exp.TimeToStr, exp.NumberToStr), format_needs_dotnet),
    Step(exp.Like, like_character_classes),
    Step(exp.DateAdd, date_literal_argument),
    Step(exp.DateDiff, tsql_dates.datediff_boundaries),
    Step(exp.Extract, tsql_dates.datepart_fields),
    Step(exp.Convert, tsql_dates.convert_styles),
    Step(exp.CurrentTimestamp, tsql_dates.getdate),
    Step((exp.Add, exp.Sub), tsql_dates.datetime_plus_days),  # after getdate: GETDATE() - 1
    Step(exp.Limit, top_percent),
    Step(exp.Parameter, variable_outside_procedure),
    Step(exp.Into, select_into_temp),
    Step(exp.OpenJSON, openjson_flagged),
    Step((exp.JSONExtractScalar, exp.JSONExtract), tsql_json.json_paths_flagged),
    Step(exp.Anonymous, tsql_json.isjson),  # before unknown_function
    Step(exp.With, recursive_ctes),
    Step(exp.Dot, clr_type_methods),  # before unknown_function, which leaves dotted calls alone
    Step(exp.Dot, user_routine_immutable),  # after: what is left is a routine in a schema
    Step(exp.Func, mapped_function),
    Step(exp.Merge, merge_needs_15),
    Step(exp.Update, tsql_statements.update_with_join),
    Step(exp.Delete, tsql_statements.delete_with_join),
    Step(exp.Returning, tsql_statements.output_columns),
    Step((exp.Select, exp.Update, exp.Delete), tsql_statements.query_options_removed),
    Step(exp.With, tsql_statements.recursive_cte),
    Step(exp.Subquery, derived_table_alias),
    Step(exp.Anonymous, unknown_function),  # last: after every mapping had its chance
    Step(exp.Anonymous, immutable_only),
    Step(collation.APPLIES_TO, collation.case_insensitive_columns),  # last: LIKE as the steps above left it
)
