"""Queries on case-insensitive source columns (converters/collation.py decides each column's mode).

- icu: LIKE under a nondeterministic collation is refused before PostgreSQL 18: `col LIKE p` becomes
  `col COLLATE "und-x-icu" ILIKE p` (case-insensitive, accent-sensitive: SQL Server's `_CI_AS` LIKE). Substring
  searches (replace, strpos, split_part) are refused there too, and SQL Server's ignore case: a finding.
- citext: `citext = text` is a text comparison (case-sensitive): the other side, when it is not a literal or
  another citext column, is cast to citext.
- case_sensitive: every comparison, LIKE, substring search, ORDER BY, GROUP BY and DISTINCT on the column is a
  finding (results change when values differ only in case).

The rewrites know column names, not tables: a name is in a mode's set only when every table that has it converts
it that way (RewriteOptions.icu_columns, ...).
"""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context

DETERMINISTIC_ICU = "und-x-icu"  # created by PostgreSQL built with ICU: LIKE / ILIKE work under it
LIKE_ON_NONDETERMINISTIC = 18  # PostgreSQL 18: LIKE supports nondeterministic collations
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
_LIKES = (exp.Like, exp.ILike)
# functions that search one string in another: case-insensitive in SQL Server under a _CI_ collation
_SEARCHES = frozenset({"strpos", "position", "replace", "split_part", "charindex", "patindex", "strposition"})
_PATTERNS = (exp.SimilarTo, exp.RegexpLike, exp.RegexpILike)  # LIKE '[a-c]%' became SIMILAR TO (tsql.py)
APPLIES_TO = (*_COMPARISONS, *_LIKES, *_PATTERNS, exp.In, exp.Ordered, exp.Group, exp.Select, exp.Func, exp.Case)


def case_insensitive_columns(node: exp.Expression, ctx: Context) -> exp.Expression:
    options = ctx.options
    if not (options.icu_columns or options.citext_columns or options.case_sensitive_columns
            or options.insensitive_variables):  # fmt: skip
        return node
    if isinstance(node, (*_COMPARISONS, exp.In, *_LIKES)) and _between_variables(node, ctx):
        return _variables(node, ctx)
    if isinstance(node, (*_COMPARISONS, exp.In)) and _function_against_text(node, ctx):
        return _variables(node, ctx)
    if isinstance(node, exp.Case) and node.this is not None:
        return _simple_case(node, ctx)
    if isinstance(node, _LIKES):
        return _like(node, ctx)
    if isinstance(node, (*_COMPARISONS, exp.In)):
        return _comparison(node, ctx)
    if isinstance(node, (exp.Ordered, exp.Group, exp.Select)):
        return _ordering(node, ctx)
    if isinstance(node, _PATTERNS) or _function_name(node) in _SEARCHES:
        _search(node, ctx)
    return node


def _sides(node: exp.Expression) -> list[exp.Expression]:
    return [node.this, *(node.expressions if isinstance(node, exp.In) else [node.expression])]


def _between_variables(node: exp.Expression, ctx: Context) -> bool:
    """A comparison of a routine's character variables, string literals and string functions of them only
    (`@mode = 'next'`, `UPPER(@a) = @b`): it follows the database's collation (a column brings its own)."""
    names = ctx.options.insensitive_variables
    sides = _sides(node)
    return any(s.find(exp.Column) is not None for s in sides) and all(_stringish(s, names) for s in sides)


# string functions whose result T-SQL compares under the database's collation; REPLACE / CHARINDEX search inside
# the string, and SQL Server's search ignores case too, so they are not among them
_STRING_NODES = (exp.Upper, exp.Lower, exp.Trim, exp.Substring, exp.Left, exp.Right, exp.Concat, exp.DPipe,
                 exp.Initcap, exp.Chr, exp.Paren)  # fmt: skip


def _function_against_text(node: exp.Expression, ctx: Context) -> bool:
    """`dbo.f(@x) = 'yes'`, `CAST(@n AS varchar(9)) = 'abc'`: a function of variables and literals (no table
    column) compared with text that has letters. SQL Server gives the result the database's collation (so the
    comparison ignores case); PostgreSQL the default one. (Were the result not text, SQL Server would fail to
    convert 'yes', and PostgreSQL refuses COLLATE on it: an error either way, never a different result.)"""
    names = ctx.options.insensitive_variables
    if not names:
        return False
    sides = _sides(node)
    calls = [s for s in sides if isinstance(s, (exp.Anonymous, exp.Dot, exp.Cast)) and _of_variables(s, names)]
    texts = [s for s in sides if isinstance(s, exp.Literal) and s.is_string and not _caseless(s)]
    return bool(calls and texts) and all(s in calls or _stringish(s, names) for s in sides)


def _of_variables(node: exp.Expression, names: frozenset[str]) -> bool:
    if isinstance(node, exp.Cast) and not node.to.is_type(*exp.DataType.TEXT_TYPES):
        return False
    return all(c.name.lower() in names for c in node.find_all(exp.Column) if not isinstance(c.parent, exp.Dot))


def _stringish(node: exp.Expression | None, names: frozenset[str]) -> bool:
    if isinstance(node, exp.Literal):
        return node.is_string
    if isinstance(node, exp.Column):
        return node.name.lower() in names
    if isinstance(node, _STRING_NODES):
        return all(c.name.lower() in names for c in node.find_all(exp.Column))
    return False


def _variables(node: exp.Expression, ctx: Context) -> exp.Expression:
    """icu: the first variable compares under the database's case-insensitive collation (LIKE: ILIKE, which
    ignores case under the default deterministic collation); citext: cast to citext; case_sensitive: a finding."""
    options = ctx.options
    if all(_caseless(s) for s in _sides(node) if not _names(s, options.insensitive_variables)) and not isinstance(
        node, _LIKES
    ):
        return node  # 'x' = '' or = '42': case cannot matter
    if options.variables_mode == "case_sensitive":
        ctx.flag("CONV-COLLATION-001", node, node.sql(dialect="postgres")[:80])
        return node
    first = next(s for s in _sides(node) if not isinstance(s, exp.Literal))
    if options.variables_mode == "citext":
        first.replace(exp.cast(first.copy(), exp.DataType.build("citext", udt=True)))
        return node
    if isinstance(node, exp.Like):
        return _ilike(node)
    if isinstance(node, exp.ILike):
        return node
    first.replace(exp.Collate(this=first.copy(), expression=_collation(ctx)))
    return node


def _simple_case(node: exp.Expression, ctx: Context) -> exp.Expression:
    """`CASE @mode WHEN 'next' THEN ...` compares @mode with each value as `=` does."""
    names, subject = ctx.options.insensitive_variables, node.this
    values = [branch.this for branch in node.args.get("ifs") or []]
    if subject.find(exp.Column) is None or not all(_stringish(v, names) for v in (subject, *values)):
        return node
    if all(_caseless(v) for v in values):
        return node
    mode = ctx.options.variables_mode
    if mode == "case_sensitive":
        ctx.flag("CONV-COLLATION-001", node, node.sql(dialect="postgres")[:80])
    elif mode == "citext":
        subject.replace(exp.cast(subject.copy(), exp.DataType.build("citext", udt=True)))
    else:
        subject.replace(exp.Collate(this=subject.copy(), expression=_collation(ctx)))
    return node


def _collation(ctx: Context) -> exp.Expression:
    schema, name = ctx.options.variables_collation.rsplit(".", 1)
    return exp.Column(this=exp.to_identifier(name), table=exp.to_identifier(schema.strip('"'), quoted=True))


def _names(node: exp.Expression | None, names: frozenset[str]) -> bool:
    return isinstance(node, exp.Column) and node.name.lower() in names


def _like(node: exp.Expression, ctx: Context) -> exp.Expression:
    options = ctx.options
    sides = (node.this, node.expression)
    if any(_names(s, options.case_sensitive_columns) for s in sides):
        ctx.flag("CONV-COLLATION-001", node, node.sql(dialect="postgres")[:80])
        return node
    icu = [s for s in sides if _names(s, options.icu_columns)]
    if not icu or options.target_version >= LIKE_ON_NONDETERMINISTIC:
        return node
    for side in icu:
        side.replace(exp.Collate(this=side.copy(), expression=exp.Identifier(this=DETERMINISTIC_ICU, quoted=True)))
    ctx.flag("CONV-COLLATION-004", node)
    return _ilike(node)


def _ilike(node: exp.Expression) -> exp.Expression:
    """The same test with ILIKE: every argument kept (sqlglot writes `x NOT LIKE p` as Like(negate=True))."""
    return exp.ILike(**{k: v for k, v in node.args.items() if v is not None})


def _comparison(node: exp.Expression, ctx: Context) -> exp.Expression:
    options = ctx.options
    sides = [node.this, *(node.expressions if isinstance(node, exp.In) else [node.expression])]
    exact = [s for s in sides if _names(s, options.case_sensitive_columns)]
    if exact and not all(_caseless(s) for s in sides if s not in exact):
        ctx.flag("CONV-COLLATION-001", node, node.sql(dialect="postgres")[:80])
    elif any(_names(s, options.citext_columns) for s in sides):
        for side in sides:
            if side is not None and not _names(side, options.citext_columns) and not _constant(side):
                side.replace(exp.cast(side.copy(), exp.DataType.build("citext", udt=True)))
    return node


def _caseless(node: exp.Expression | None) -> bool:
    """A constant in which case cannot differ ('', '42', NULL, a number)."""
    if isinstance(node, exp.National):  # N'...'
        return node.this.lower() == node.this.upper()
    if isinstance(node, exp.Literal):
        return not node.is_string or node.this.lower() == node.this.upper()
    return isinstance(node, exp.Null)


def _constant(node: exp.Expression) -> bool:
    """A literal or NULL: PostgreSQL reads it as the column's type (citext), so the comparison ignores case."""
    return isinstance(node, (exp.Literal, exp.Null)) or (isinstance(node, exp.Neg) and _constant(node.this))


def _ordering(node: exp.Expression, ctx: Context) -> exp.Expression:
    names = ctx.options.case_sensitive_columns
    if isinstance(node, exp.Select):
        keys = node.expressions if node.args.get("distinct") else []
    elif isinstance(node, exp.Group):
        keys = node.expressions
    else:
        keys = [node.this]
    hit = next((k for k in keys if _names(k.unalias() if isinstance(k, exp.Alias) else k, names)), None)
    if hit is not None:
        ctx.flag("CONV-COLLATION-002", hit, hit.sql(dialect="postgres")[:80])
    return node


def _search(node: exp.Expression, ctx: Context) -> None:
    options = ctx.options
    names = options.icu_columns | options.citext_columns | options.case_sensitive_columns
    if any(_names(a, names) for a in node.iter_expressions()) or _search_in_variables(node, ctx):
        ctx.flag("CONV-COLLATION-003", node, node.sql(dialect="postgres")[:80])


def _search_in_variables(node: exp.Expression, ctx: Context) -> bool:
    """CHARINDEX('x', @s), REPLACE(@s, 'ab', ...): SQL Server searches under the database's case-insensitive
    collation, strpos / replace exactly. Exact when one of the two strings searched is a constant in which case
    cannot differ (CHARINDEX(',', @list)); otherwise a finding, as on a column."""
    names = ctx.options.insensitive_variables
    operands = list(node.iter_expressions())[:2]
    if not names or len(operands) < 2 or any(_caseless(o) for o in operands):
        return False
    return any(c.name.lower() in names for o in operands for c in o.find_all(exp.Column))


def _function_name(node: exp.Expression) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.name).lower()
    return node.key.lower() if isinstance(node, exp.Func) else ""
