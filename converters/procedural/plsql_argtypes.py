"""A NUMBER argument passed to a routine of the run whose parameter is not a NUMBER: Oracle converts it, PostgreSQL
finds no function (`get_str(unknown, numeric) does not exist`).

- to a VARCHAR2 / CLOB parameter: Oracle passes TO_CHAR(n), its number text (200.00 -> '200', 0.5 -> '.5'); the
  argument is wrapped in TO_CHAR(...) and the rewrites write Oracle's number text for it. Only where the rewrites
  know the value is a NUMBER (a NUMBER variable or parameter, a number literal, + - * of those).
- a DATE variable or parameter to a VARCHAR2 parameter: Oracle passes TO_CHAR(d), its NLS_DATE_FORMAT text.
- to a PLS_INTEGER / INTEGER parameter: Oracle rounds the NUMBER (as PostgreSQL's CAST(n AS integer) does, half
  away from zero; out of range is an error in both); the argument is cast. So is an argument whose kind is not
  known here (a collection element's field), when every fitting overload takes an integer there: a NUMBER rounds as
  above, an integer is unchanged, and what Oracle would also convert from text either gives the same integer or
  raises (PostgreSQL's integer input refuses '5.5', which Oracle rounds).
- to a parameter that became smallint (anchored on a NUMBER(1..4) column): any number, an integer literal too, is
  cast (PostgreSQL has no implicit integer -> smallint in a call, and finds no procedure).

Among overloads Oracle prefers the NUMBER family: a NUMBER parameter at that position takes the value as it is,
else an integer one, else a character one. A named argument (`p => n`) is matched to the parameter of that name;
OUT / IN OUT parameters are left as written."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sqlglot import exp

from converters.procedural.plsql_parse import Routine
from converters.procedural.plsql_scope import Scope, object_types, pipelined_functions
from converters.procedural.plsql_typekinds import number_kind_of_type
from converters.procedural.plsql_types import column_anchor_type, pg_type, resolved_anchor
from converters.rewrites.common import Context
from converters.rewrites.oracle_char_dates import IMPLICIT_TEXT
from converters.rewrites.oracle_numbers import column_kind

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk

Parameter = tuple[str, str, bool, str]  # (kind: text | integer | smallint | number | other, mode, default?, name)

# built-ins whose result is a NUMBER (for an integer parameter only: their text form is not known)
NUMERIC_CALLS = frozenset({"FLOOR", "CEIL", "ROUND", "ABS", "MOD", "LENGTH", "INSTR", "SIGN", "POWER", "SQRT",
                           "GREATEST", "LEAST", "TO_NUMBER", "NVL"})  # fmt: skip
# built-ins whose result is an integer, whose text is its digits in both (Oracle's TO_CHAR and a cast alike)
INTEGER_CALLS = frozenset({"LENGTH", "INSTR", "BOOL_TO_INT"})
_OPERATORS = frozenset({"+", "-", "*", "/", "(", ")", ","})


def parameters(scope: Scope) -> dict[str, set[tuple[Parameter, ...]]]:
    found: dict[str, set[tuple[Parameter, ...]]] | None = getattr(scope.ctx, "plsql_parameter_kinds", None)
    if found is None:
        found = {}
        scope.ctx.plsql_parameter_kinds = found  # type: ignore[attr-defined]
    return found


def note_parameters(scope: Scope, key: str, routine: Routine) -> None:
    """Each overload's parameter kinds, under the routine's target name (`schema.name`, lower case); a PIPELINED
    function's row kind (TABLE(f(...)) in FROM: plsql_callnames.table_function)."""
    quiet = replace(scope, findings=[])  # a parameter's type findings are the routine's own
    kinds = tuple((_kind(column_anchor_type(quiet, p.type) or pg_type(quiet, p.type)), p.mode, p.default is not None,
                   p.name.strip('"').upper()) for p in routine.params)  # fmt: skip
    parameters(scope).setdefault(key.replace('"', "").lower(), set()).add(kinds)
    if "PIPELINED" in routine.attributes and routine.returns is not None:
        returned = pg_type(quiet, routine.returns)
        element = returned[:-2] if returned.endswith("[]") else next(
            (e for t, e in object_types(scope.ctx).values() if e and t == returned), "")  # fmt: skip
        scalar = element.split("(")[0].strip() in SCALARS
        pipelined_functions(scope.ctx)[key.replace('"', "").lower()] = scalar


SCALARS = frozenset({"varchar", "text", "numeric", "integer", "bigint", "smallint", "timestamp", "timestamptz",
                      "date", "boolean", "double precision", "real", "bytea", "interval"})  # fmt: skip


def _kind(type_: str) -> str:
    base = type_.split("(")[0].strip()
    if base in ("varchar", "text", "character varying", "char", "character", "bpchar"):
        return "text"
    if base == "smallint":  # NUMBER(1..4): an integer argument needs a cast (no implicit integer -> smallint)
        return "smallint"
    if base in ("integer", "bigint"):
        return "integer"
    return "number" if base == "numeric" else "other"


def argument_casts(w: Walk, key: str, open_at: int) -> None:
    """The call's arguments (from the `(` at open_at) converted as Oracle converts them for the callee."""
    overloads = parameters(w.scope).get(key.replace('"', "").lower())
    if not overloads:
        return
    args = _arguments(w, open_at)
    named = {w.tokens[a].upper.strip('"'): (a + 2, end) for a, end in args if w.text(a + 1) == "=>"}
    args = [a for a in args if w.text(a[0] + 1) != "=>"]  # positional ones come first
    fitting = [o for o in overloads if _fits(o, len(args), set(named))]
    where: list[tuple[int | str, tuple[int, int]]] = [*enumerate(args), *named.items()]
    for index, (first, end) in where:
        kind = _numeric(w, first, end)
        matched = [_parameter(o, index) for o in fitting]
        text_only = bool(fitting) and {m[0] for m in matched} == {"text"} and all(m[1] == "IN" for m in matched)
        if text_only and _date(w, first, end):
            w.prefix[first], w.suffix[end - 1] = "TO_CHAR(CAST(", " AS DATE))"  # the NLS_DATE_FORMAT text
            continue
        if text_only and _row_number(w, first, end):  # :NEW.col of a NUMBER column: its number text
            w.prefix[first], w.suffix[end - 1] = "TO_CHAR(", ")"
            continue
        if not fitting or any(m[1] != "IN" for m in matched):
            continue
        wanted = {m[0] for m in matched}
        if text_only and kind in ("", "number"):  # Oracle's text where the rewrites know the value's kind
            w.prefix[first], w.suffix[end - 1] = f"{IMPLICIT_TEXT}(", ")"
            continue
        if not kind and wanted != {"integer"}:
            continue  # a value of a kind not known here (a record's field...): only an integer parameter casts it
        if "number" in wanted:
            continue
        if wanted == {"smallint"}:  # CAST(n AS smallint) rounds as the NUMBER(p) parameter does
            w.prefix[first], w.suffix[end - 1] = "CAST((", ") AS NUMBER(4, 0))"
            continue
        if "integer" in wanted and _integer(w, first, end):
            continue
        if "integer" in wanted:
            # the rewrites write NUMBER(9, 0) as integer: CAST(n AS integer) rounds as PLS_INTEGER does
            w.prefix[first], w.suffix[end - 1] = "CAST((", ") AS NUMBER(9, 0))"
        elif "text" in wanted and kind == "known":
            w.prefix[first], w.suffix[end - 1] = "TO_CHAR(", ")"
        elif "text" in wanted and kind == "element":  # an integer's text is its digits in both
            w.prefix[first], w.suffix[end - 1] = "CAST((", ") AS VARCHAR2(4000))"


def qualified_call(w: Walk, i: int) -> None:
    """`schema.routine(...)` naming a standalone routine of the run: it deploys first, and its arguments are
    converted as for an unqualified call."""
    name = w.tokens[i].upper
    if w.text(i + 1) != "." or w.text(i + 3) != "(" or name in w.scope.locals or w.tokens[i + 2].kind != "word":
        return
    key = f"{w.scope.ctx.names.schema(name)}.{w.tokens[i + 2].upper.lower()}"
    if key in w.scope.ctx.routines:
        w.scope.calls.add(key)
        argument_casts(w, key, i + 3)


def _row_number(w: Walk, first: int, end: int) -> bool:
    """`:NEW.col` / `:OLD.col` (or the REFERENCING names) of a column that is a NUMBER in every table."""
    start = first + 1 if w.text(first) == ":" else first
    if (
        w.scope.unit != "trigger"
        or end - start != 3
        or w.text(start + 1) != "."
        or w.tokens[start].upper not in w.scope.row_names
    ):
        return False
    return bool(dict(w.scope.options().number_columns).get(w.tokens[start + 2].text.lower()))


def _date(w: Walk, first: int, end: int) -> bool:
    """A DATE variable or parameter passed alone: Oracle passes its text in NLS_DATE_FORMAT to a VARCHAR2 one."""
    return end == first + 1 and w.tokens[first].kind == "word" and w.tokens[first].text.lower() in w.scope.dates


def _fits(overload: tuple[Parameter, ...], positional: int, named: set[str]) -> bool:
    """The overload takes `positional` arguments then the named ones, every other parameter having a default."""
    rest = overload[positional:]
    return len(overload) >= positional and named <= {p[3] for p in rest} and all(p[2] or p[3] in named for p in rest)


def _parameter(overload: tuple[Parameter, ...], index: int | str) -> Parameter:
    """The parameter at a position, or of a name (a named argument)."""
    return overload[index] if isinstance(index, int) else next(p for p in overload if p[3] == index)


def _arguments(w: Walk, open_at: int) -> list[tuple[int, int]]:
    close = w.matching(open_at)
    args, depth, start = [], 0, open_at + 1
    for j in range(open_at + 1, close):
        depth += {"(": 1, ")": -1}.get(w.text(j), 0)
        if w.text(j) == "," and depth == 0:
            args.append((start, j))
            start = j + 1
    if close > start:
        args.append((start, close))
    return args


def as_text(scope: Scope, first: int, end: int, walk: type[Walk]) -> bool:
    """Is the expression at first..end a NUMBER the rewrites know (so TO_CHAR(...) of it is Oracle's number text),
    where PL/SQL wants text (a VARCHAR2 variable assigned, a VARCHAR2 function's RETURN)?"""
    return _numeric(walk(scope, first, end), first, end) == "known"


def _numeric(w: Walk, first: int, end: int) -> str:
    """'known' (a NUMBER the rewrites know: variables, literals, + - *), 'number' (also built-in numeric calls and
    /), 'element' (one element of a collection of integers: `list(i)`), or '' (anything else, or not sure)."""
    scope, known, seen = w.scope, True, False
    word = w.tokens[first].upper
    if w.text(first + 1) == "(" and w.matching(first + 1) == end - 1 and word in scope.collections:
        return "element" if number_kind_of_type(scope.elements.get(word, "")) == "integer" else ""
    if _integer_call(w, first, end):
        return "element"
    skip = 0
    for j in range(first, end):
        token = w.tokens[j]
        if skip:
            skip -= 1
        elif _date_difference(w, j):  # DATE - DATE: a number of days
            known, seen, skip = False, True, 2
        elif token.kind == "number":
            seen = True
        elif token.kind == "word" and token.upper in NUMERIC_CALLS and w.text(j + 1) == "(":
            known = False
        elif token.kind == "word" and token.text.lower() in scope.numbers and w.text(j + 1) not in ("(", ".", "%"):
            seen = True
        elif token.kind == "word" and _record_number(w, j):  # r.amount of a loop / %ROWTYPE record
            seen, skip = True, 2
        elif token.kind == "word" and _package_number(w, j):  # a NUMBER of the package, or pkg.n of another
            seen, skip = True, 2 if w.text(j + 1) == "." else 0
        elif token.kind == "word" and token.text.lower() in scope.texts and _in_arithmetic(w, j, first, end):
            seen = True  # text in + - * /: Oracle reads it as a NUMBER (oracle_numbers.char_in_arithmetic)
        elif token.text in _OPERATORS:
            known = known and token.text not in ("/", ",")
        else:
            return ""
    return ("known" if known else "number") if seen else ""


def _record_number(w: Walk, j: int) -> bool:
    """`rec.field` at j, a field the rewrites know to be a NUMBER (the column it is, by column_kind)."""
    if (
        w.text(j + 1) != "."
        or w.tokens[j].text not in w.scope.records
        or w.tokens[j + 2].kind not in ("word", "qident")
    ):
        return False
    if w.text(j + 3) in ("(", "."):
        return False
    field = exp.column(w.tokens[j + 2].text.strip('"'), table=w.tokens[j].text)
    return column_kind(field, Context(w.scope.options(), "")) not in ("", "string")


def _in_arithmetic(w: Walk, j: int, first: int, end: int) -> bool:
    """The operand at j is next to + - * / (not only in parentheses or a list)."""
    before = w.text(j - 1) if j > first else ""
    after = w.text(j + 1) if j + 1 < end else ""
    return before in ("+", "-", "*", "/") or after in ("+", "-", "*", "/")


def _package_number(w: Walk, j: int) -> bool:
    """Package state of a NUMBER type at j: `n` of the unit's package (not hidden by a local) or `pkg.n`."""
    scope, name = w.scope, w.tokens[j].upper
    if j > w.first and w.text(j - 1) == ".":
        return False
    other = scope.package_of(name) if w.text(j + 1) == "." else None
    if other is not None:
        variable = other.variables.get(w.word(j + 2))
        following = w.text(j + 3)
    else:
        own = scope.package
        variable = own.variables.get(name) if own is not None and name not in scope.locals else None
        following = w.text(j + 1)
    if variable is None or following in ("(", ".", "%"):
        return False
    return bool(number_kind_of_type(resolved_anchor(scope, variable.type)))


def _integer_call(w: Walk, first: int, end: int) -> bool:
    """The argument is one call of a built-in in INTEGER_CALLS (`LENGTH(s)`, `SYS.DIUTIL.BOOL_TO_INT(b)`)."""
    at = first
    while w.text(at + 1) == "." and at + 2 < end:
        at += 2
    name, owner = w.tokens[at].upper, w.tokens[at - 2].upper if at > first else ""
    if name not in INTEGER_CALLS or owner != ("DIUTIL" if name == "BOOL_TO_INT" else "") or w.text(at + 1) != "(":
        return False
    return w.matching(at + 1) == end - 1


def _integer(w: Walk, first: int, end: int) -> bool:
    """One integer already: a PLS_INTEGER / INTEGER variable or an integer literal."""
    token = w.tokens[first]
    return end - first == 1 and (token.text.lower() in w.scope.integers or token.text.isdigit())


def _date_difference(w: Walk, at: int) -> bool:
    """`d1 - d2` at `at`, both DATE variables or parameters of the routine (Oracle's DATE - DATE is days)."""
    dates = w.scope.dates
    return (
        w.tokens[at].text.lower() in dates
        and w.text(at + 1) == "-"
        and at + 2 < w.end
        and w.tokens[at + 2].text.lower() in dates
        and w.text(at + 3) not in ("(", ".")
    )
