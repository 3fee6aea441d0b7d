"""PL/SQL expressions and embedded SQL statements -> PostgreSQL, through the shared query rewrite pipeline.

Before a span of source tokens goes to `convert_expression` / `convert_query`, a walk over its tokens rewrites
what only PL/SQL has (each a small step, first match wins): `:NEW.x` in triggers, cursor attributes (`c%FOUND`,
`SQL%ROWCOUNT`), collection subscripts `v(i)` -> `v[i]` and methods (`v.COUNT`), package variables (read through
their accessor function), SQLCODE / SQLERRM, INSERTING / UPDATING / DELETING, unqualified calls to routines of
the same package or schema (qualified, since PostgreSQL resolves names through the caller's search_path), and
built-in package functions. What a step builds is PostgreSQL already, so it travels through the rewrite pipeline
as a placeholder name and is put back afterwards; everything else is the rewrite pipeline's job.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace

from converters.names import fold, quote
from converters.procedural.plsql_argtypes import argument_casts, qualified_call
from converters.procedural.plsql_attributes import cursor_attribute, trigger_predicate, trigger_row
from converters.procedural.plsql_backtrace import backtrace, published_read
from converters.procedural.plsql_callnames import (
    call_name,
    empty_parentheses,
    is_empty,
    standard_qualifier,
    table_function,
    undeclared_member,
)
from converters.procedural.plsql_closures import call_with_closure
from converters.procedural.plsql_collection_methods import collection
from converters.procedural.plsql_constructors import collection_constructor, constructor_call
from converters.procedural.plsql_dbversion import db_version
from converters.procedural.plsql_exponent import exponent
from converters.procedural.plsql_facts import (
    BUILTIN_EXPRESSIONS,
    BUILTIN_PACKAGES,
    DEFAULTED_LAST,
    sqlcode_expression,
    sqlerrm_expression,
)
from converters.procedural.plsql_maps import map_access
from converters.procedural.plsql_member import member_of
from converters.procedural.plsql_objrefs import object_member
from converters.procedural.plsql_parse import Span
from converters.procedural.plsql_pkgstate import package_variable
from converters.procedural.plsql_records import positional_insert, record_values, set_row
from converters.procedural.plsql_regex import place_helper
from converters.procedural.plsql_scope import Package, Scope
from converters.procedural.plsql_sqlnames import not_a_column
from converters.procedural.plsql_supplied import supplied_constructor
from converters.procedural.plsql_supplied_args import SPECIAL_FORMS, SUPPLIED_CONSTANTS, ordered_args
from converters.procedural.plsql_wordsteps import float_literal, infix_mod, nested_field, reserved_variable
from converters.rewrite import RewriteOptions, Rewritten, convert_expression, convert_query
from migrate.model import Finding, Location

PLACEHOLDER = "aurora_ph_"
_PLACEHOLDER = re.compile(r"\baurora_ph_(\d+)\b", re.I)


class Walk:
    """One span being rewritten: the output pieces and the placeholders they use."""

    def __init__(self, scope: Scope, first: int, end: int, sql: bool = False) -> None:
        self.scope = scope
        self.sql = sql  # a SQL statement (names may be columns), not a PL/SQL expression
        self.tokens = scope.src.tokens
        self.first, self.end = first, end
        self.statement = (first, end)  # the whole span being rewritten (a sub-walk's is its caller's)
        self.values: list[str] = []
        self.closers: dict[int, str] = {}  # `)` to print otherwise: `]` (subscripts), `)::type` (constructors)
        self.prefix: dict[int, str] = {}  # text before / after a token (an argument converted: plsql_argtypes)
        self.suffix: dict[int, str] = {}

    def word(self, at: int) -> str:
        return self.tokens[at].upper if at < self.end else ""

    def text(self, at: int) -> str:
        return self.tokens[at].text if at < self.end else ""

    def placeholder(self, value: str) -> str:
        self.values.append(value)
        return f"{PLACEHOLDER}{len(self.values) - 1}"

    def matching(self, at: int) -> int:
        """Index of the `)` closing the `(` at `at` (or the span end)."""
        depth = 0
        for i in range(at, self.end):
            depth += {"(": 1, ")": -1}.get(self.tokens[i].text, 0)
            if depth == 0:
                return i
        return self.end - 1

    def inner(self, first: int, end: int) -> str:
        """A sub-span rewritten by the same steps (placeholders shared), as text."""
        sub = Walk(self.scope, first, end, self.sql)
        sub.values, sub.statement = self.values, self.statement
        return sub.run()

    def run(self) -> str:
        src, out = self.scope.src.text, []
        i = self.first
        prev = self.tokens[i].start if i < self.end else 0
        while i < self.end:
            out.append(src[prev : self.tokens[i].start] + self.prefix.get(i, ""))
            for step in STEPS:
                done = step(self, i)
                if done is not None:
                    text, after = done
                    break
            else:
                text, after = self.closers.get(i, self.tokens[i].text), i + 1
            out.append(text + "".join(self.suffix.get(j, "") for j in range(i, after)))
            prev = self.tokens[after - 1].end
            i = after
        return "".join(out)


Step = Callable[[Walk, int], "tuple[str, int] | None"]


def error_function(w: Walk, i: int) -> tuple[str, int] | None:
    """SQLCODE / SQLERRM (no argument) -> rebuilt from SQLSTATE and SQLERRM in a handler; outside one, what the
    calling handler published (plsql_backtrace.published_read)."""
    name = w.word(i)
    if name not in ("SQLCODE", "SQLERRM") or w.text(i + 1) == "(" or (i > w.first and w.text(i - 1) == "."):
        return None
    w.scope.flag("AM-PLSQL-018", i, name)
    if not w.scope.handling:
        read = published_read(w.scope, name, i)
        return (w.placeholder(read), i + 1) if read else None
    rebuilt = sqlcode_expression() if name == "SQLCODE" else sqlerrm_expression()
    return w.placeholder(rebuilt), i + 1


def standard_builtin(w: Walk, i: int) -> tuple[str, int] | None:
    """SYS.STANDARD.f(...) / STANDARD.f(...) -> f(...): the built-in (plsql_callnames)."""
    if i > w.first and w.text(i - 1) == ".":
        return None
    words = [w.word(j) or w.text(j) for j in range(i, min(i + 5, w.end))]
    skip = standard_qualifier(words, w.scope.package_of("STANDARD") is not None)
    return ("", i + skip) if skip else None


def routine_call(w: Walk, i: int) -> tuple[str, int] | None:
    """name(...) of a routine in the same package or schema -> qualified; schema.pkg.member -> pkg.member."""
    if i > w.first and w.text(i - 1) == ".":
        return None
    if w.text(i + 1) == "." and w.text(i + 3) == "." and w.scope.package_of(w.word(i + 2)) is not None:
        return _routine_call(w, i + 2) or (w.tokens[i + 2].text, i + 3)  # HR.PKG.F -> PKG.F, as PKG.F converts
    return _routine_call(w, i)


def _routine_call(w: Walk, i: int) -> tuple[str, int] | None:
    scope = w.scope
    if w.text(i + 1) in ("(", ".") and scope.out_call(i, w.end):  # plsql_outfn: not in expressions
        scope.flag("AM-PLSQL-061", i, f"{w.tokens[i].text}(...) inside an expression")
    elif (
        not w.sql and w.tokens[i].kind == "word" and w.text(i + 1) not in ("(", ".", ":=") and scope.out_call(i, i + 1)
    ):
        scope.flag("AM-PLSQL-061", i, f"{w.tokens[i].text} inside an expression")  # called without parentheses
    name = w.word(i)
    other = scope.package_of(name) if w.text(i + 1) == "." and name not in scope.locals else None
    if other is not None and other is not scope.package:
        undeclared_member(w, i, other)
    if other is not None and w.word(i + 2) in other.members:  # deploys after the routine it calls
        scope.calls.add(f"{other.schema}.{w.word(i + 2).lower()}")
        if w.text(i + 3) == "(":
            argument_casts(w, f"{other.schema}.{fold(w.tokens[i + 2].text, scope.ctx.source)}", i + 3)
        member = call_name(w.tokens[i + 2].text, w.placeholder)
        if _bare_member(w, i, other):  # pkg.f, a function called without ()
            return f"{w.tokens[i].text}.{member}()", i + 3
        return (f"{w.tokens[i].text}.{member}", i + 3) if member != w.tokens[i + 2].text else None
    qualified_call(w, i)  # schema.routine(...) of the run: a dependency, its arguments converted for it
    if name in scope.locals or (w.text(i + 1) != "(" and not _bare_function(w, i)):
        return None
    empty = "" if w.text(i + 1) == "(" else "()"  # PL/SQL calls a function without arguments without ()
    if name in scope.nested:  # a hoisted nested routine; one reading outer variables gets them (plsql_closures)
        return call_with_closure(w, i, name) or (scope.nested[name] + empty, i + 1)
    own = call_name(w.tokens[i].text, w.placeholder)
    if scope.package is not None and name in scope.package.members:
        scope.calls.add(f"{scope.package.schema}.{name.lower()}")
        if not empty:
            argument_casts(w, f"{scope.package.schema}.{fold(w.tokens[i].text, scope.ctx.source)}", i + 1)
        return f"{quote(scope.package.schema)}.{own}{empty}", i + 1
    key = scope.routine_key(name)
    if key is not None:
        scope.calls.add(key)
        if not empty:
            argument_casts(w, key, i + 1)
        return f"{quote(scope.schema)}.{own}{empty}", i + 1
    return None


def _bare_member(w: Walk, i: int, package: Package) -> bool:
    """pkg.f with no `(`: PL/SQL calls the package's function f. Inside SQL too, unless the statement names
    something else `pkg` (a table alias: then pkg.f is its column, as Oracle resolves it)."""
    member = w.word(i + 2)
    if w.text(i + 3) in ("(", ".", ":=", "%") or member in package.procedures or member in package.variables:
        return False
    if w.suffix.get(i + 2, "").endswith("()"):
        return False  # TABLE(pkg.f): plsql_callnames.table_function added them
    if w.sql:
        name = w.word(i)
        return not any(w.word(j) == name and w.text(j + 1) != "." for j in range(w.first, w.end))
    return True


def _bare_function(w: Walk, i: int) -> bool:
    """A name with no `(` that PL/SQL reads as a call of a function of the same package (or a nested one): only
    in a PL/SQL expression (inside SQL a column of that name comes first), never as an assignment target."""
    scope, name = w.scope, w.word(i)
    if w.tokens[i].kind != "word" or w.text(i + 1) in (".", ":=", "%") or (i > w.first and w.text(i - 1) == "."):
        return False
    own, key = scope.package, scope.routine_key(name)
    if not w.sql and name in scope.nested:
        return True
    if own is not None and (name in own.members or name in own.variables):  # the package's own names first
        return not w.sql and key is None and name not in own.procedures and name not in own.variables
    # a standalone function of the schema: `v := get_next;`, and in SQL where no column has its name
    return key in scope.ctx.functions and name not in scope.params and (not w.sql or not_a_column(w, i, name))


def builtin(w: Walk, i: int) -> tuple[str, int] | None:
    """DBMS_xxx.member in an expression: the exact PostgreSQL form, or a finding naming the replacement."""
    if i > w.first and w.text(i - 1) == ".":
        return None
    start, i = i, i + 2 if w.word(i) == "SYS" and w.text(i + 1) == "." else i  # SYS.DBMS_x: the same package
    package, member = w.word(i), w.word(i + 2)
    known = package in BUILTIN_PACKAGES or (package, member) in SPECIAL_FORMS  # DBMS_ASSERT: only those members
    if not known or w.text(i + 1) != "." or (i == start and w.scope.package_of(package)):
        return None  # a package of the run's own with a supplied package's name is its own (Oracle resolves so)
    if w.text(i + 3) != "(" and (package, member) in SUPPLIED_CONSTANTS:
        return SUPPLIED_CONSTANTS[(package, member)], i + 3
    args: list[str] | None = []
    after = i + 3
    if w.text(after) == "(":
        close = w.matching(after)
        args = ordered_args(w, (package, member), after + 1, close)  # named notation by the parameter names
        after = close + 1
    count, default = DEFAULTED_LAST.get((package, member), (0, ""))
    if args and count and len(args) == count and args[-1].strip() == default:
        args = args[:-1]
    form = None if args is None else BUILTIN_EXPRESSIONS.get((package, member), {}).get(len(args))
    if args is not None and (package, member) in SPECIAL_FORMS:  # forms chosen by a constant argument
        form = SPECIAL_FORMS[(package, member)](w, member, args)
    if form is None or args is None:
        w.scope.flag("AM-PLSQL-009", i, f"{package}.{member}: {BUILTIN_PACKAGES.get(package, 'no exact form')}")
        return None
    converted = [convert_text(w.scope, a, w.values, i, statement=False) for a in args]  # NVL(...) inside, too
    return w.placeholder(form.format(*converted)), after


def split_args(w: Walk, first: int, end: int) -> list[str]:
    args, depth, start = [], 0, first
    for j in range(first, end):
        text = w.tokens[j].text
        depth += {"(": 1, ")": -1}.get(text, 0)
        if text == "," and depth == 0:
            args.append(w.inner(start, j))
            start = j + 1
    if end > first:
        args.append(w.inner(start, end))
    return args


def current_of(w: Walk, i: int) -> tuple[str, int] | None:
    """WHERE CURRENT OF c: PL/pgSQL has it for its cursors; it travels past the SQL parser as a placeholder."""
    if w.word(i) == "CURRENT" and w.word(i + 1) == "OF" and w.word(i + 2) and i > w.first and w.word(i - 1) == "WHERE":
        return w.placeholder(f"CURRENT OF {w.tokens[i + 2].text}"), i + 3
    return None


# steps that start at one key word, tried in order for that word only (one look-up instead of a call each)
WORD_STEPS: dict[str, tuple[Step, ...]] = {
    "CURRENT": (current_of,),
    "ROW": (set_row,),
    "VALUES": (record_values, positional_insert),
    "MOD": (infix_mod,),
}


def by_word(w: Walk, i: int) -> tuple[str, int] | None:
    for step in WORD_STEPS.get(w.tokens[i].upper, ()):
        done = step(w, i)
        if done is not None:
            return done
    return None


STEPS: list[Step] = [
    float_literal,  # before anything reads its suffix as a name
    exponent,  # first: its operands are whole primaries, which the other steps then rewrite
    member_of,  # x [NOT] MEMBER OF coll: its operands are primaries too (plsql_member)
    by_word,  # WHERE CURRENT OF, SET ROW =, VALUES r, VALUES without a column list, a MOD b
    trigger_row,  # before anything reads `:` or NEW as a name
    cursor_attribute,
    error_function,
    trigger_predicate,
    standard_builtin,
    empty_parentheses,  # SYSDATE() (plsql_callnames)
    table_function,
    is_empty,
    db_version,
    backtrace,  # before builtin: in a handler that read it (plsql_backtrace)
    builtin,
    map_access,  # before collection: a string-keyed map is a jsonb object, not an array (plsql_maps)
    collection,
    collection_constructor,
    constructor_call,
    supplied_constructor,
    object_member,  # before package_variable: g.method(...) of a package variable g of an object type
    package_variable,
    routine_call,
    nested_field,
    reserved_variable,
]


def rewrite_span(scope: Scope, span: Span, sql: bool = True, statement: Span | None = None) -> tuple[str, list[str]]:
    """The span's text with the PL/SQL-only constructs replaced by placeholders, and their values (`statement`: the
    whole statement the span is a part of, whose tables name the columns)."""
    walk = Walk(scope, *span, sql)
    walk.statement = statement or span
    return walk.run(), walk.values


def put_back(sql: str, values: list[str]) -> str:
    if not values:
        return sql
    for _ in range(3):  # a value may hold another placeholder (an index inside EXISTS(i))
        sql = _PLACEHOLDER.sub(lambda m: values[int(m.group(1))], sql)
        if PLACEHOLDER not in sql.lower():
            break
    return sql


@functools.lru_cache(maxsize=20000)
def _converted(text: str, statement: bool, options: RewriteOptions) -> Rewritten:
    return (convert_query if statement else convert_expression)(text, "oracle", options)


def convert_span(scope: Scope, span: Span, statement: bool = False) -> str:
    """An expression (or, with `statement`, a SQL statement) of the unit, converted; findings go to the scope."""
    if span[0] >= span[1]:
        return ""
    text, values = rewrite_span(scope, span, statement)
    return convert_text(scope, text, values, span[0], statement)


def convert_text(scope: Scope, text: str, values: list[str], token: int, statement: bool) -> str:
    placeholders = {f"{PLACEHOLDER}{i}": value for i, value in enumerate(values)}
    rewritten = _converted(text, statement, scope.options_with_constants(placeholders, statement))
    scope.findings.extend(_placed(f, scope.at(token)) for f in rewritten.findings)
    scope.guards.extend(g for g in rewritten.guards if g not in scope.guards)
    sql = place_helper(rewritten.sql, quote(scope.home or scope.schema), scope.prelude)  # plsql_regex
    scope.tables.update(t.replace('"', "") for t in rewritten.tables)
    return put_back(sql, values)


def _placed(f: Finding, where: Location | None) -> Finding:
    line = f.location.line if f.location is not None else None
    if where is not None and where.line is not None and line:
        return replace(f, location=where.shifted(line - 1))
    return replace(f, location=where)
