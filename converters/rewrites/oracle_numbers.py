"""Oracle NUMBER -> text without a format model (TO_CHAR(n), 'x' || n): Oracle's own number text.

Oracle writes a NUMBER as its significant digits: no trailing zeros (200.00 in a NUMBER(10,2) is `200`, 1.50 is
`1.5`) and no zero before the point (0.5 is `.5`, -0.5 is `-.5`). PostgreSQL prints a numeric with its scale
(`200.00`, `0.50`). The exact form is `regexp_replace(trim_scale(n)::text, '^(-?)0\\.', '\\1.')` (trim_scale:
PostgreSQL 13). A number literal is written out as Oracle's text at conversion time.

Oracle switches to scientific notation (`1.0E+40`) for numbers whose digits do not fit in its 40-character text;
a NUMBER(p, s) with 0 <= s <= p <= 38 never does, integers of up to 38 digits neither. A bare NUMBER column (or
a product, whose digits add up) can, so the form is kept with a finding (CONV-ORA-NUMTEXT-001) naming that case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Context as DecimalContext
from decimal import Decimal, InvalidOperation
from functools import partial

from sqlglot import exp

from converters.rewrites.calls import call
from converters.rewrites.common import Context, column_name, pg_type
from converters.rewrites.oracle_elements import case_results, element_kind
from migrate.model import ColumnType, TypeFamily

# the longest fixed-notation text of a NUMBER(38, s): 38 digits, a sign and a point
_FIXED_LIMIT = 40
_LEADING_ZERO = re.compile(r"^(-?)0\.")
_TRIM_SCALE_SINCE = 13


def number_kind(column: ColumnType) -> str:
    """'integer' (text already Oracle's), 'bounded' (fixed notation for sure), 'unbounded', or '' (not NUMBER)."""
    if column.family is TypeFamily.INTEGER:
        return "integer"
    if column.family is not TypeFamily.DECIMAL:
        return ""  # FLOAT / BINARY_DOUBLE print differently again: not this rule
    precision, scale = column.precision, column.scale
    if precision is not None and scale is not None and 0 <= scale <= precision <= 38:
        return "integer" if scale == 0 else "bounded"
    return "unbounded"


def oracle_number_literal(text: str) -> str | None:
    """Oracle's text of a number literal, or None when it would be scientific (or is no number)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    fixed = format(value.normalize(DecimalContext(prec=200)), "f")
    if "." in fixed:
        fixed = fixed.rstrip("0").rstrip(".")
    fixed = "0" if fixed in ("-0", "") else _LEADING_ZERO.sub(r"\1.", fixed)
    return fixed if len(fixed.lstrip("-").replace(".", "")) <= 38 and len(fixed) <= _FIXED_LIMIT else None


def number_kind_of(node: exp.Expression, ctx: Context) -> str:
    """What `node` is, as number_kind says; '' when it is not known to be an Oracle NUMBER."""
    if isinstance(node, exp.Paren):
        return number_kind_of(node.this, ctx)
    if isinstance(node, exp.Neg):
        return number_kind_of(node.this, ctx)
    if isinstance(node, exp.Literal):
        return "literal" if not node.is_string else ""
    if isinstance(node, exp.Column) and not node.args.get("db"):
        kind = column_kind(node, ctx)
        return "" if kind == "string" else kind
    if isinstance(node, exp.Count):
        return "integer"
    if isinstance(node, exp.Anonymous) and node.name.lower() in ("nextval", "currval"):  # seq.NEXTVAL (common.py)
        return "integer"
    if isinstance(node, exp.Bracket):  # v(i) of a collection of NUMBERs
        kind = element_kind(node, ctx)
        return "" if kind == "date" else kind
    results = case_results(node)
    if results is not None:  # CASE: every value a NUMBER, of the widest kind among them
        kinds = {_aggregate_kind(number_kind_of(value, ctx)) for value in results}  # a literal: its own scale
        return "" if "" in kinds else next(k for k in ("unbounded", "bounded", "integer") if k in kinds)
    if isinstance(node, exp.Cast) and node.to.is_type("decimal") and not node.to.expressions:
        return "unbounded"  # CAST(x AS DECIMAL): a NUMBER of any scale (char_in_arithmetic's operand)
    if isinstance(node, (exp.Anonymous, exp.Dot)) and ctx.options.number_functions:
        kind = _function_kind(node, ctx)
        return "" if kind == "string" else kind
    if isinstance(node, (exp.Sum, exp.Min, exp.Max, exp.Abs, exp.Round)):
        return _aggregate_kind(number_kind_of(node.this, ctx))
    if isinstance(node, exp.Pow):  # a NUMBER of any scale (POWER(2, -1) = .5); its base may be cast to numeric
        base = node.this.this if isinstance(node.this, exp.Cast) and node.this.to.is_type("decimal") else node.this
        return "unbounded" if "" not in {number_kind_of(base, ctx), number_kind_of(node.expression, ctx)} else ""
    if isinstance(node, (exp.Add, exp.Sub, exp.Mul, exp.Mod)):  # MOD(a, b): of a's scale at most, as a - b*k
        kinds = {number_kind_of(node.left, ctx), number_kind_of(node.right, ctx)}
        if "" in kinds:
            return ""
        if isinstance(node, exp.Mul) or "unbounded" in kinds:
            return "unbounded"
        return "bounded" if "bounded" in kinds else "integer" if kinds <= {"integer", "literal"} else "bounded"
    return ""


def _function_kind(node: exp.Expression, ctx: Context) -> str:
    """A user function returning NUMBER, its kind, or 'string' for one returning VARCHAR2 (RewriteOptions.
    number_functions): f(x) or schema.f(x)."""
    if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous):
        name = f"{node.this.name}.{node.expression.name}"
    elif isinstance(node, exp.Anonymous) and not isinstance(node.parent, exp.Dot):
        name = str(node.name)
    else:
        return ""
    return _as_dict(ctx.options.number_functions).get(name.replace('"', "").lower(), "")


def _aggregate_kind(kind: str) -> str:
    """SUM / MIN / MAX / ABS / ROUND(n) of a NUMBER keep its scale; of a literal, a number with the literal's scale."""
    return "bounded" if kind == "literal" else kind


def number_text(node: exp.Expression, ctx: Context, kind: str = "") -> exp.Expression:
    """`node`, known to be a NUMBER (number_kind_of, or of the `kind` given), as the text Oracle prints for it."""
    kind = kind or number_kind_of(node, ctx)
    if kind == "literal":
        literal = node.this if isinstance(node, exp.Paren) else node
        text = oracle_number_literal(literal.sql(dialect="oracle"))
        if text is not None:
            return exp.Literal.string(text)
        kind = "unbounded"
    if kind == "integer":
        return exp.cast(node.copy(), pg_type("text"))
    if ctx.options.target_version < _TRIM_SCALE_SINCE:
        ctx.flag("CONV-ORA-NUMTEXT-001", node, f"trim_scale() needs PostgreSQL {_TRIM_SCALE_SINCE}")
        return node
    if kind == "unbounded":
        ctx.flag("CONV-ORA-NUMTEXT-001", node, "a NUMBER of more than 38 digits prints in scientific notation")
    trimmed = exp.cast(call("trim_scale", node.copy()), pg_type("text"))
    return call("regexp_replace", trimmed, exp.Literal.string(r"^(-?)0\."), exp.Literal.string(r"\1."))


_NUMBER_KINDS = frozenset({"integer", "bounded", "unbounded"})

# comparisons where Oracle converts a character operand to NUMBER when the other one is a number
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)


def char_compared_with_number(node: exp.Expression, ctx: Context) -> exp.Expression:
    """char_col = 1: Oracle converts the character value to a number ("Implicit Data Conversion": comparing a
    character value with a numeric value converts the character data), raising ORA-01722 on 'Y'. PostgreSQL
    rejects varchar = integer outright; CAST(char_col AS numeric) = 1 is Oracle's comparison, error included."""
    if isinstance(node, exp.In) and is_character(node.this, ctx) and node.expressions:
        if all(_is_number(e, ctx) for e in node.expressions):  # flag IN (0, 1): each is a comparison
            node.set("this", exp.cast(node.this.copy(), pg_type("numeric")))
        return node
    if not isinstance(node, _COMPARISONS) or is_assignment(node):
        return node
    left, right = node.this, node.expression
    if is_character(left, ctx) and _is_number(right, ctx):
        node.set("this", exp.cast(left.copy(), pg_type("numeric")))
    elif is_character(right, ctx) and _is_number(left, ctx):
        node.set("expression", exp.cast(right.copy(), pg_type("numeric")))
    return node


def char_in_arithmetic(node: exp.Expression, ctx: Context) -> exp.Expression:
    """v_text + 1, total_text / n, SUM(char_col): Oracle converts a character operand of + - * / or of SUM / AVG to a
    NUMBER ("Implicit Data Conversion"), raising ORA-01722 on a non-number. PostgreSQL rejects varchar + numeric: the character side is cast
    to numeric, error included. (Date arithmetic has no character side: oracle_calls.date_arithmetic.)"""
    if isinstance(node, (exp.Sum, exp.Avg)):  # SUM(char_col): each value read as a NUMBER, as Oracle does
        if is_character(node.this, ctx):
            node.set("this", exp.cast(node.this.copy(), pg_type("numeric")))
        return node
    if not isinstance(node, (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod)):
        return node
    left, right = node.this, node.expression
    numbers = (_is_number(left, ctx) or is_character(left, ctx), _is_number(right, ctx) or is_character(right, ctx))
    if not all(numbers) and not isinstance(node, (exp.Mul, exp.Div, exp.Mod)):  # * / MOD take only numbers
        return node  # + and - of a DATE are date arithmetic (oracle_calls.date_arithmetic)
    for side, operand in (("this", left), ("expression", right)):
        if is_character(operand, ctx):
            node.set(side, exp.cast(operand.copy(), pg_type("numeric")))
    return node


def is_assignment(node: exp.Expression) -> bool:
    """`col = value` of an UPDATE's (or a MERGE's) SET list: an assignment, not a comparison."""
    return isinstance(node, exp.EQ) and isinstance(node.parent, exp.Update) and node.arg_key == "expressions"


def _is_number(node: exp.Expression, ctx: Context) -> bool:
    if isinstance(node, exp.Literal):
        return not node.is_string
    return number_kind_of(node, ctx) in _NUMBER_KINDS


# meta key on an expression a rewrite built that is an Oracle VARCHAR2 (SYS_CONTEXT's value): character data to
# Oracle's implicit conversions, as a character column is
VARCHAR2 = "oracle_varchar2"


# built-ins whose result is character data (Oracle's VARCHAR2): an operand of + - * / MOD is converted to a NUMBER
_TEXT_RESULTS = (exp.Substring, exp.Trim, exp.Upper, exp.Lower, exp.Initcap, exp.Concat, exp.DPipe, exp.Pad,
                 exp.Reverse, exp.RegexpExtract, exp.RegexpReplace, exp.Replace)  # fmt: skip
_TEXT_CALLS = frozenset({"substr", "replace", "translate", "ltrim", "rtrim", "lpad", "rpad", "chr", "to_char",
                         "regexp_substr", "regexp_replace", "initcap", "concat", "btrim"})  # fmt: skip


def is_character(node: exp.Expression, ctx: Context) -> bool:
    if node._meta and node.meta.get(VARCHAR2):
        return True
    if isinstance(node, exp.Nullif) and isinstance(node.expression, exp.Literal) and node.expression.name == "":
        return is_character(node.this, ctx) or isinstance(node.this, _TEXT_RESULTS)  # SUBSTR(...): nullif(substr, '')
    if isinstance(node, _TEXT_RESULTS) or (isinstance(node, exp.Anonymous) and node.name.lower() in _TEXT_CALLS):
        return True
    if isinstance(node, (exp.Paren, exp.Max, exp.Min)):  # MAX / MIN of character data is character data
        return is_character(node.this, ctx)
    if isinstance(node, (exp.Anonymous, exp.Dot)) and ctx.options.number_functions:
        return _function_kind(node, ctx) == "string"  # a function of the run returning VARCHAR2, package text state
    return isinstance(node, exp.Column) and column_kind(node, ctx) == "string"


def column_kind(column: exp.Column, ctx: Context) -> str:
    """'string', a NUMBER kind (number_kind) or '' for a column, from the table its qualifier names in the
    enclosing SELECT (RewriteOptions.table_columns), else from the names that have one kind in every table."""
    table = _table_of(column)
    name = column_name(column, ctx)  # a loop record's field: the column it renames, or None if computed
    if name is None:
        return ""
    found = _by_table(ctx.options.table_columns).get((table, column.name.lower())) if table else None
    if found is not None:
        return found
    item = _derived_item(column)  # a column of a subquery in FROM: the kind of what its select list computes
    if item is not None:
        return "string" if is_character(item, ctx) else number_kind_of(item, ctx)
    if name in ctx.options.string_columns:
        return "string"
    return dict(ctx.options.number_columns).get(name, "")


def _derived_item(column: exp.Column) -> exp.Expression | None:
    """The select-list expression a column of a derived table computes (`FROM (SELECT MAX(x) AS m ...) d` for `m`
    or `d.m`), when the column's only source is that subquery and the item is no bare column."""
    select = column.find_ancestor(exp.Select)
    if select is None:
        return None
    sources = [t.this for t in (select.args.get("from_"), *(select.args.get("joins") or [])) if t is not None]
    named = [s for s in sources if not column.table or s.alias_or_name.lower() == column.table.lower()]
    if len(named) != 1 or not isinstance(named[0], exp.Subquery) or not isinstance(named[0].this, exp.Select):
        return None
    items = [e for e in named[0].this.expressions if e.alias_or_name.lower() == column.name.lower()]
    inner = items[0].this if len(items) == 1 and isinstance(items[0], exp.Alias) else None
    return inner if inner is not None and not isinstance(inner, exp.Column) else None


def table_column_kind(table: str, column: str, ctx: Context) -> str:
    """column_kind of `column` of the table named `table` (an INSERT's target), else of the name alone."""
    found = _by_table(ctx.options.table_columns).get((table.lower(), column.lower()))
    if found is not None:
        return found
    if column.lower() in ctx.options.string_columns:
        return "string"
    return dict(ctx.options.number_columns).get(column.lower(), "")


# table_columns -> {(table, column): kind}, built once per run's tuple (kept alive here so its id stays its own)
_INDEXES: dict[int, tuple[tuple[tuple[str, str, str], ...], dict[tuple[str, str], str]]] = {}


def _by_table(rows: tuple[tuple[str, str, str], ...]) -> dict[tuple[str, str], str]:
    cached = _INDEXES.get(id(rows))
    if cached is None or cached[0] is not rows:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        cached = _INDEXES[id(rows)] = (rows, {(t, c): k for t, c, k in rows})
    return cached[1]


def _table_of(column: exp.Column) -> str:
    """The lower-case name of the table `column` reads, when its qualifier (or the one table) says so."""
    select = column.find_ancestor(exp.Select)
    if select is None:
        return ""
    tables = [t for t in (select.args.get("from_"), *(select.args.get("joins") or [])) if t is not None]
    sources = [t.this for t in tables if isinstance(t.this, exp.Table) and isinstance(t.this.this, exp.Identifier)]
    if not column.table:
        return sources[0].name.lower() if len(sources) == 1 and len(tables) == 1 else ""
    match = [t for t in sources if t.alias_or_name.lower() == column.table.lower()]
    return match[0].name.lower() if len(match) == 1 else ""


_DICTS: dict[int, tuple[tuple[tuple[str, str], ...], dict[str, str]]] = {}


def _as_dict(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """dict(pairs), made once per tuple object (the run's long list of functions is one object per options)."""
    hit = _DICTS.get(id(pairs))
    if hit is None or hit[0] is not pairs:
        if len(_DICTS) > 64:
            _DICTS.clear()
        hit = _DICTS[id(pairs)] = (pairs, dict(pairs))
    return hit[1]


def number_overflow(text: exp.Expression, model: exp.Expression) -> exp.Expression:
    """A number with more digits left of the decimal point than the model has: Oracle prints pound signs in the
    whole width of the field ('######' for 666.66 with '99.99'), PostgreSQL keeps the sign place and the separators
    (' ##.##'). For models of 9 0 , . G D alone (no FM: its width is not documented) and a value that can be read
    twice (a column, variable or literal), the text is all #s of its own width when it holds one."""
    value = text.expressions[0] if isinstance(text, exp.Anonymous) and text.expressions else None
    plain = (
        isinstance(model, exp.Literal)
        and model.is_string
        and re.fullmatch(r"[90,.GD]*[90][90,.GD]*", model.name.upper())
    )
    simple = isinstance(value, (exp.Column, exp.Literal)) or (isinstance(value, exp.Neg) and value.this.is_number)
    if not plain or not simple:
        return text
    overflow = exp.GT(this=call("strpos", text.copy(), exp.Literal.string("#")), expression=exp.Literal.number(0))
    hashes = call("repeat", exp.Literal.string("#"), call("length", text.copy()))
    return exp.Case(ifs=[exp.If(this=overflow, true=hashes)], default=text)


# string functions -> their text arguments: Oracle converts a NUMBER there with TO_CHAR (its number text);
# PostgreSQL has no numeric overload and refuses the call (substr(numeric, integer), numeric ~ text)
_TEXT_ARGUMENTS: dict[type[exp.Expression], tuple[str, ...]] = {
    exp.RegexpLike: ("this",),
    exp.RegexpILike: ("this",),
    exp.RegexpSubstr: ("this",),
    exp.RegexpInstr: ("this",),
    exp.RegexpReplace: ("this",),
    exp.RegexpCount: ("this",),
    exp.StrPosition: ("this", "substr"),
    exp.Replace: ("this", "expression", "replacement"),
    exp.Substring: ("this",),
    exp.Length: ("this",),
    exp.Upper: ("this",),
    exp.Lower: ("this",),
    exp.Initcap: ("this",),
    exp.Trim: ("this",),
    exp.Reverse: ("this",),
    exp.Ascii: ("this",),
    exp.Pad: ("this", "fill_pattern"),  # LPAD / RPAD
}
# the calls the function mappings build by name (upper) -> positions of their text arguments
_TEXT_POSITIONS: dict[str, tuple[int, ...]] = {
    "SUBSTR": (0,),
    "REGEXP_COUNT": (0,),
    "REGEXP_SUBSTR": (0,),
    "REGEXP_INSTR": (0,),
    "REGEXP_REPLACE": (0,),
    "REGEXP_LIKE": (0,),
    "LENGTH": (0,),
    "STRPOS": (0, 1),
}


def text_arguments(node: exp.Expression) -> list[tuple[exp.Expression, Callable[[exp.Expression], None]]]:
    """The text arguments of a string function (SUBSTR, REGEXP_LIKE, LENGTH ...), each with what replaces it."""
    found: list[tuple[exp.Expression, Callable[[exp.Expression], None]]] = []
    if isinstance(node, exp.Anonymous):
        for index in _TEXT_POSITIONS.get(str(node.name).upper(), ()):
            if index < len(node.expressions):
                found.append((node.expressions[index], partial(_put, node.expressions, index)))
        return found
    for name in _TEXT_ARGUMENTS.get(type(node), ()):
        value = node.args.get(name)
        if isinstance(value, exp.Expression):
            found.append((value, partial(node.set, name)))
    return found


def _put(values: list[exp.Expression], index: int, value: exp.Expression) -> None:
    values[index] = value
