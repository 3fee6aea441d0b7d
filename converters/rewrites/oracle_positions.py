"""Oracle's character positions in PostgreSQL's own functions, exact or flagged: SUBSTR(s, p [, l]) and
INSTR(s, t [, p [, n]]).

SUBSTR reads p = 0 as 1 and a negative p from the end (NULL when it reaches before the start), and gives NULL for
a length below 1; PostgreSQL's substr counts p < 1 as positions before the text and rejects a negative length.
A literal p > 0 is substr as it is; a literal p < 0 is a CASE on the text's length; any other p is a CASE on its
sign; a length that is not a literal is greatest(l, 0) (NULL follows from nullif(..., ''), see substr_exact).

Oracle searches s for the n-th occurrence of t from position p: forwards for p > 0, backwards from the p-th
character counted from the end for p < 0; p = 0 gives 0, a NULL argument gives NULL, and occurrences may
overlap (INSTR('AAA', 'AA', 1, 2) = 2). PostgreSQL has strpos (first occurrence from the start) and, from 15,
regexp_instr (start position and occurrence, but matches never overlap and a start below 1 is an error).

- literal t that cannot overlap itself ('OR', ','): regexp_instr on the quoted literal, any occurrence n.
- any other t, occurrence n > 1: the n-th position from generate_series where substr(s, pos, length(t)) = t.
- any t, first occurrence (n omitted or 1): strpos on the substring from p.
- a backwards search is the same search over reverse(s) and reverse(t), mapped back to a position in s.
- a p that is not a literal: CASE on its sign (p > 0 forwards, p < 0 backwards, p = 0 gives 0, NULL gives NULL).

Arguments are repeated in the result, so only side-effect-free arguments (no subquery, no call of a routine
that could be volatile) are rewritten. Everything else stays flagged by oracle_builders.instr (orafce's
oracle.instr has it all).
"""

from __future__ import annotations

from sqlglot import exp

import converters.rewrites.oracle_builders as oracle_builders
from converters.rewrites.calls import call
from converters.rewrites.common import NO_SUBQUERY_KINDS, Context, read_once
from converters.rewrites.constants import constant_text
from converters.rewrites.oracle_integers import as_integer, at_least_one

_REGEX_SPECIALS = "\\.^$*+?()[]{}|"


def _int_literal(node: exp.Expression | None, default: int) -> int | None:
    if node is None:
        return default
    if isinstance(node, exp.Paren):
        return _int_literal(node.this, default)
    if isinstance(node, exp.Neg):
        inner = _int_literal(node.this, 0)
        return None if inner is None else -inner
    return int(node.name) if isinstance(node, exp.Literal) and not node.is_string and node.is_int else None


def _constant(sub: exp.Expression, ctx: Context) -> exp.Expression:
    """A PL/SQL string CONSTANT searched for as the literal it holds: whether it can overlap itself is then known.
    Only the search pattern is built from it (escaped): elsewhere the constant stays as written."""
    value = constant_text(sub, ctx)
    return sub if value is None else exp.Literal.string(value)


def _overlaps_itself(text: str) -> bool:
    """'AA' overlaps itself (INSTR('AAA', 'AA', 1, 2) = 2): a regular expression counts only disjoint matches."""
    return any(text[:k] == text[-k:] for k in range(1, len(text)))


def _regex_quoted(text: str) -> str:
    """`text` as a regular expression matching it; a control character (CHR(10)) as its \\uXXXX escape."""
    return "".join("\\" + c if c in _REGEX_SPECIALS else f"\\u{ord(c):04x}" if ord(c) < 32 or ord(c) == 127 else c
                   for c in text)  # fmt: skip


# PostgreSQL built-ins the rewrites call by name (SUBSTR -> substr, TRUNC -> trunc ...) that give the same value
# every time within a statement: evaluating one twice changes nothing
_PURE_BUILTINS = frozenset({"substr", "trunc", "length", "reverse", "lower", "upper", "initcap", "replace",
                            "translate", "lpad", "rpad", "ltrim", "rtrim", "btrim", "strpos", "ascii", "chr", "abs",
                            "floor", "ceil", "round", "trim_scale", "nullif", "coalesce", "concat", "regexp_replace",
                            "regexp_substr", "regexp_instr", "regexp_count", "greatest", "least"})  # fmt: skip


def _repeatable(node: exp.Expression) -> bool:
    """Safe to evaluate more than once: no subquery, no call of a user routine (it may be volatile)."""
    calls = (n for n in node.walk() if isinstance(n, exp.Anonymous))
    if any(c.name.lower() not in _PURE_BUILTINS or isinstance(c.parent, exp.Dot) for c in calls):
        return False
    return not any(isinstance(n, (exp.Subquery, exp.Select)) for n in node.walk())


def _num(value: int) -> exp.Expression:
    return exp.Literal.number(value) if value >= 0 else exp.Neg(this=exp.Literal.number(-value))


def _zero_is_none(found: exp.Expression, value: exp.Expression) -> exp.Expression:
    """CASE WHEN found = 0 THEN 0 ELSE value END (NULL stays NULL)."""
    missing = exp.EQ(this=found, expression=exp.Literal.number(0))
    return exp.Case(ifs=[exp.If(this=missing, true=exp.Literal.number(0))], default=value)


def _zero(parts: list[exp.Expression | None]) -> exp.Expression:
    """Start position 0 finds nothing: 0, or NULL when an argument is NULL."""
    nulls = [exp.Is(this=p.copy(), expression=exp.Null()) for p in parts if p is not None]
    return exp.Case(ifs=[exp.If(this=exp.or_(*nulls), true=exp.Null())], default=exp.Literal.number(0))


def _nth_overlapping(
    text: exp.Expression, sub: exp.Expression, start: exp.Expression, n: exp.Expression
) -> exp.Expression:
    """The n-th occurrence of sub in text at or after start, overlapping ones counted (regexp_instr skips them):
    the n-th position where substr(text, pos, length(sub)) = sub, 0 when there is none, NULL for a NULL argument
    (OFFSET NULL would be no offset). n below 1 is an error, as in Oracle (ORA-01428: OFFSET must not be negative)."""
    width = call("length", sub.copy())
    last = exp.Add(this=exp.Sub(this=call("length", text.copy()), expression=width), expression=exp.Literal.number(1))
    pos = exp.column("pos", table="aurora_at")  # qualified: a PL/pgSQL variable named pos is no column here
    series = exp.Table(
        this=call("generate_series", start.copy(), last),
        alias=exp.TableAlias(this=exp.to_identifier("aurora_at"), columns=[exp.to_identifier("pos")]),
    )
    piece = call("substr", text.copy(), pos.copy(), width.copy())
    found = (
        exp.select(pos.copy())
        .from_(series)
        .where(exp.EQ(this=piece, expression=sub.copy()))
        .order_by(pos.copy())
        .offset(exp.Sub(this=n.copy(), expression=exp.Literal.number(1)))
        .limit(1)
    )
    nulls = exp.or_(*(exp.Is(this=p.copy(), expression=exp.Null()) for p in (text, sub, n)))
    value = exp.Coalesce(this=exp.Subquery(this=found), expressions=[exp.Literal.number(0)])
    return exp.Case(ifs=[exp.If(this=nulls, true=exp.Null())], default=value)


class _Search:
    """One INSTR call's parts: the text, what is searched, the occurrence."""

    def __init__(self, text: exp.Expression, sub: exp.Expression, occurrence: exp.Expression | None):
        self.text, self.sub, self.occurrence = text, sub, occurrence
        self.literal = sub.name if isinstance(sub, exp.Literal) and sub.is_string else None

    def _first(self, text: exp.Expression, sub: exp.Expression, start: exp.Expression) -> exp.Expression:
        """Position of the first occurrence of sub in text at or after start (>= 1), 0 when none."""
        if self.occurrence is not None and (self.literal is None or _overlaps_itself(self.literal)):
            return _nth_overlapping(text, sub, start, self.occurrence)
        if self.occurrence is not None or self.literal is not None:
            pattern = exp.Literal.string(_regex_quoted(sub.name)) if isinstance(sub, exp.Literal) else sub
            n = self.occurrence.copy() if self.occurrence is not None else exp.Literal.number(1)
            return call("regexp_instr", text, pattern, start, n)
        found = call("strpos", call("substr", text.copy(), start.copy()), sub.copy())
        shifted = exp.Sub(this=exp.Add(this=found.copy(), expression=start.copy()), expression=exp.Literal.number(1))
        return _zero_is_none(found, shifted)

    def forward(self, start: exp.Expression) -> exp.Expression:
        return self._first(self.text.copy(), self.sub.copy(), start)

    def backward(self, back: exp.Expression) -> exp.Expression:
        """back = -p (>= 1): the last occurrence starting at or before the back-th character from the end."""
        length = exp.Literal.number(len(self.literal)) if self.literal is not None else call("length", self.sub.copy())
        if self.literal is not None:
            reversed_sub: exp.Expression = exp.Literal.string(self.literal[::-1])
        else:
            reversed_sub = call("reverse", self.sub.copy())
        start = call(
            "greatest",
            exp.Literal.number(1),
            exp.Sub(this=exp.Add(this=back, expression=exp.Literal.number(1)), expression=length.copy()),
        )
        found = self._first(call("reverse", self.text.copy()), reversed_sub, start)
        position = exp.Sub(
            this=exp.Sub(this=call("length", self.text.copy()), expression=found.copy()),
            expression=exp.Paren(this=exp.Sub(this=length, expression=exp.Literal.number(2))),
        )
        return _zero_is_none(found, position)


def substr(node: exp.Expression, ctx: Context) -> exp.Expression:
    value, start, length = node.this, node.args.get("start"), node.args.get("length")
    known = ctx.options.integer_columns
    if start is None:
        return node
    literal = _int_literal(start, 1)
    if (literal is not None and literal > 0) or (literal is None and at_least_one(start)):
        return call("substr", value, as_integer(start, known), *([as_integer(length, known)] if length else []))
    if literal != 0 and not (_repeatable(value) and _repeatable(start)):
        if ctx.options.object_kind in NO_SUBQUERY_KINDS:
            ctx.flag("CONV-ORA-SUBSTR-001", node)
            return call("substr", value, start, *([length] if length is not None else []))
        return _read_once(value, start, length, ctx)
    if length is not None and _int_literal(length, 1) is None:
        length = call("greatest", as_integer(length, known), exp.Literal.number(0))
    rest = [length.copy()] if length is not None else []
    if literal == 0:
        return call("substr", value, exp.Literal.number(1), *rest)
    size = call("length", value.copy())
    if literal is not None:  # -n: the last n characters on, NULL when the text is shorter
        first = exp.Sub(this=size.copy(), expression=exp.Literal.number(-literal - 1))
        fits = exp.GTE(this=size, expression=exp.Literal.number(-literal))
        return exp.Case(ifs=[exp.If(this=fits, true=call("substr", value.copy(), first, *rest))])
    p = exp.Paren(this=as_integer(start, known))
    back = exp.Add(this=exp.Add(this=size.copy(), expression=p.copy()), expression=exp.Literal.number(1))
    position = exp.Case(
        ifs=[
            exp.If(this=exp.GT(this=p.copy(), expression=exp.Literal.number(0)), true=p.copy()),
            exp.If(this=exp.EQ(this=p.copy(), expression=exp.Literal.number(0)), true=exp.Literal.number(1)),
            exp.If(
                this=exp.GTE(this=exp.Add(this=size, expression=p.copy()), expression=exp.Literal.number(0)), true=back
            ),
        ]
    )
    return call("substr", value.copy(), position, *rest)


def _read_once(
    value: exp.Expression, start: exp.Expression, length: exp.Expression | None, ctx: Context
) -> exp.Expression:
    """SUBSTR whose text or start may not be evaluated twice (a subquery, a routine's call): both read once in a
    scalar subquery, the exact form written over them."""
    read = {name: part for part, name in ((value, "aurora_text"), (start, "aurora_start")) if not _repeatable(part)}
    kept = {name: exp.column(name, "aurora_substr") for name in read}
    once = exp.Substring(this=kept.get("aurora_text", value.copy()), start=kept.get("aurora_start", start.copy()),
                         length=length.copy() if length is not None else None)  # fmt: skip
    return read_once(read, "aurora_substr", substr(once, ctx))


def instr(node: exp.Expression, ctx: Context) -> exp.Expression:
    sub = node.args.get("substr")
    position_node, occurrence_node = node.args.get("position"), node.args.get("occurrence")
    if (position_node is None and occurrence_node is None) or sub is None or ctx.options.target_version < 15:
        return oracle_builders.instr(node, ctx)
    written, sub = sub, _constant(sub, ctx)
    occurrence = _int_literal(occurrence_node, 1)
    literal = sub.name if isinstance(sub, exp.Literal) and sub.is_string else None
    if literal == "" or (occurrence is not None and occurrence < 1):
        return oracle_builders.instr(node, ctx)
    parts = [node.this, written, position_node, occurrence_node]
    if not all(_repeatable(p) for p in parts if p is not None):
        return oracle_builders.instr(node, ctx)
    known = ctx.options.integer_columns  # Oracle truncates a NUMBER position to an integer
    whole = [as_integer(p, known) if p is not None else None for p in (position_node, occurrence_node)]
    position_node, occurrence_node = whole
    search = _Search(node.this, sub, None if occurrence == 1 else occurrence_node)
    position = _int_literal(position_node, 1)
    if position is not None:
        if position == 0:
            return _zero(parts)
        return search.forward(_num(position)) if position > 0 else search.backward(_num(-position))
    assert position_node is not None
    p = exp.Paren(this=position_node)
    return exp.Case(
        ifs=[
            exp.If(this=exp.GT(this=p.copy(), expression=exp.Literal.number(0)), true=search.forward(p.copy())),
            exp.If(
                this=exp.LT(this=p.copy(), expression=exp.Literal.number(0)),
                true=search.backward(exp.Neg(this=p.copy())),
            ),
            exp.If(this=exp.EQ(this=p.copy(), expression=exp.Literal.number(0)), true=_zero(parts)),
        ]
    )
