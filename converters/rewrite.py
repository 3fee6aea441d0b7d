"""Entry points: convert one Oracle / SQL Server / PostgreSQL query or expression to Aurora PostgreSQL.

    convert_query("SELECT NVL(a, 0) FROM dual", "oracle").sql == "SELECT coalesce(a, 0)"
    convert_expression("SYSDATE", "oracle", RewriteOptions(object_kind="default")).sql

Never raises on bad SQL: text that does not parse comes back unchanged with a high-severity finding. Everything
sqlglot could not express, every raw `Command`, every warning it logged, every call PostgreSQL lacks, and every
piece of source syntax still present in the output (residual scan) becomes a Finding with a stable rule id
(converters/rewrites/rules.py) and the file:line of the text.

What the caller can tell the rewrites (RewriteOptions): the target version (MERGE, regexp_*, pg_input_is_valid),
orafce, the object kind (index/generated column/check need IMMUTABLE forms), and the column types the text does
not show -- `date_columns(inventory)` and `string_columns(inventory)` -- so `hire_date + 30`, TRUNC(hire_date)
and T-SQL `first + last` convert exactly instead of being flagged or left for PostgreSQL to reject.

Procedural converters call `convert_tree(tree, Context(options=RewriteOptions(procedural=True), source=...))` on
each embedded statement they parsed, then generate it with converters.dialects.AuroraPostgres.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, SqlglotError, TokenError

from converters.dialects import SOURCE_DIALECTS, AuroraPostgres, target_identifier
from converters.residual import residual_findings, unrendered_calls
from converters.rewrites import PIPELINES
from converters.rewrites.common import Context, RewriteOptions, Rewritten, run_pipeline, run_statement_steps
from converters.rewrites.oracle_numbers import number_kind
from migrate.model import Column, Inventory, Location, TypeFamily
from migrate.model.engines import ENGINES

__all__ = [
    "RewriteOptions",
    "Rewritten",
    "convert_expression",
    "convert_query",
    "convert_tree",
    "date_columns",
    "output_into_columns",
    "string_columns",
]


def convert_query(sql: str, source: str, options: RewriteOptions | None = None) -> Rewritten:
    """A whole statement (SELECT, a view's query, INSERT/UPDATE/DELETE/MERGE); several are joined with ';'."""
    return _convert(sql, source, options or RewriteOptions(), statements=True)


def convert_expression(sql: str, source: str, options: RewriteOptions | None = None) -> Rewritten:
    """A scalar expression: a DEFAULT, a CHECK condition, a generated column, an index expression, a predicate."""
    return _convert(sql, source, options or RewriteOptions(), statements=False)


def _convert(sql: str, source: str, options: RewriteOptions, statements: bool) -> Rewritten:
    ctx = Context(options=options, source=source)
    text = sql.strip().rstrip(";").strip() if statements else sql.strip()
    if not text:
        return Rewritten(sql=sql)
    try:
        return _convert_text(sql, text, ctx, statements)
    except RecursionError:  # sqlglot parses, rewrites and generates by recursion: one statement, one finding
        del ctx.findings[:]
        ctx.flag("CONV-DEPTH-001", None, f"more than Python's {sys.getrecursionlimit()} nested calls")
        return Rewritten(sql=sql, findings=tuple(ctx.findings))


def _convert_text(sql: str, text: str, ctx: Context, statements: bool) -> Rewritten:
    source = ctx.source
    with _sqlglot_warnings(ctx):
        trees = _parse(text, source, ctx, statements)
        # a PostgreSQL source's text is already target SQL: when no rewrite changes it, it is kept as written
        same_sql = source in ENGINES and ENGINES[source].is_target
        originals = [t.copy() for t in trees] if trees is not None and same_sql else None
        converted = _rewritten(trees, ctx) if trees is not None else None
        if converted is None:
            return Rewritten(sql=sql, findings=tuple(ctx.findings))
        if originals is not None and not ctx.findings and converted == originals:
            tables = tuple(dict.fromkeys(name for tree in converted for name in tables_read(tree)))
            return Rewritten(sql=text, tables=tables)
        tables = tuple(dict.fromkeys(name for tree in converted for name in tables_read(tree)))
        for tree in converted:
            unrendered_calls(tree, ctx)
        out = [_generate(tree, ctx) for tree in converted]  # last use of the trees: generated without a copy
    if None in out:
        return Rewritten(sql=sql, findings=tuple(ctx.findings))
    result = ";\n".join(s for s in out if s)
    _drop_repeated_warnings(ctx)
    ctx.findings.extend(residual_findings(result, source, ctx))
    return Rewritten(sql=result, findings=tuple(ctx.findings), tables=tables, guards=tuple(ctx.guards))


def _rewritten(trees: list[exp.Expression], ctx: Context) -> list[exp.Expression] | None:
    try:
        return [convert_tree(tree, ctx, copy=False) for tree in trees]  # just parsed: ours to change
    except RecursionError:
        raise  # too deep, not a bug: _convert reports it
    except Exception as error:  # a rewrite bug must cost one statement, never the run (and never a traceback)
        ctx.flag("CONV-INTERNAL-001", None, f"{type(error).__name__}: {str(error)[:200]}")
        return None


_DATE_FAMILIES = frozenset({TypeFamily.DATE, TypeFamily.DATETIME, TypeFamily.DATETIME_TZ})


def date_columns(inventory: Inventory) -> frozenset[str]:
    """Column names (lower case) that are a date/timestamp in every table that has them: pass them as
    RewriteOptions.date_columns so `hire_date + 30`, `SYSDATE - hire_date` and TRUNC(hire_date) convert exactly.
    A name that is a date in one table and a number in another is left out (the rewrite cannot tell which)."""
    return _columns_of(inventory, _DATE_FAMILIES)


def oracle_date_columns(inventory: Inventory) -> frozenset[str]:
    """Column names (lower case) that are an Oracle DATE in every table that has them (not TIMESTAMP): their
    implicit text form is NLS_DATE_FORMAT. Pass them as RewriteOptions.oracle_date_columns."""
    kinds: dict[str, set[bool]] = {}
    for table in (t for schema in inventory.schemas for t in schema.tables):
        for column in table.columns:
            kinds.setdefault(column.name.lower(), set()).add(column.type.name.upper() == "DATE")
    return frozenset(name for name, found in kinds.items() if found == {True})


def oracle_timestamp_columns(inventory: Inventory) -> frozenset[str]:
    """Column names (lower case) that are an Oracle TIMESTAMP (with or without a time zone, not DATE) in every
    table that has them: a difference with one is an INTERVAL, not a number of days."""
    kinds: dict[str, set[bool]] = {}
    for table in (t for schema in inventory.schemas for t in schema.tables):
        for column in table.columns:
            stamp = column.type.family in _DATE_FAMILIES and column.type.name.upper().startswith("TIMESTAMP")
            kinds.setdefault(column.name.lower(), set()).add(stamp)
    return frozenset(name for name, found in kinds.items() if found == {True})


def oracle_timestamp_digits(inventory: Inventory) -> tuple[tuple[str, int], ...]:
    """Column names (lower case) that are an Oracle TIMESTAMP without a time zone of the same precision (1 to 6)
    in every table that has them, with that precision: FF prints that many digits in their text."""
    kinds: dict[str, set[int]] = {}
    for table in (t for schema in inventory.schemas for t in schema.tables):
        for column in table.columns:
            plain = column.type.family is TypeFamily.DATETIME and column.type.name.upper() == "TIMESTAMP"
            digits = (6 if column.type.precision is None else column.type.precision) if plain else -1
            kinds.setdefault(column.name.lower(), set()).add(digits if 1 <= digits <= 6 else -1)
    return tuple(
        sorted((name, next(iter(found))) for name, found in kinds.items() if len(found) == 1 and -1 not in found)
    )


def oracle_number_columns(inventory: Inventory) -> tuple[tuple[str, str], ...]:
    """Column names (lower case) that are an Oracle NUMBER of one kind (oracle_numbers.number_kind) in every table
    that has them: their text form without a format model is Oracle's number text."""
    kinds: dict[str, set[str]] = {}
    for table in (t for schema in inventory.schemas for t in schema.tables):
        for column in table.columns:
            kinds.setdefault(column.name.lower(), set()).add(number_kind(column.type))
    return tuple(
        sorted((name, next(iter(found))) for name, found in kinds.items() if len(found) == 1 and "" not in found)
    )


def oracle_table_columns(inventory: Inventory) -> tuple[tuple[str, str, str], ...]:
    """(lower table, lower column, 'string' | a NUMBER kind) of every character and NUMBER column: where a query names
    the table, Oracle's implicit conversions between the two follow the column's own type."""
    found = set()
    for table in (t for schema in inventory.schemas for t in schema.tables):
        for column in table.columns:
            kind = "string" if column.type.family in _STRING_FAMILIES else number_kind(column.type)
            if kind:
                found.add((table.name.lower(), column.name.lower(), kind))
    return tuple(sorted(found))


def _columns_of(inventory: Inventory, families: frozenset[TypeFamily]) -> frozenset[str]:
    kinds: dict[str, set[bool]] = {}
    for table in (t for schema in inventory.schemas for t in schema.tables):
        for column in table.columns:
            kinds.setdefault(column.name.lower(), set()).add(column.type.family in families)
    return frozenset(name for name, found in kinds.items() if found == {True})


_STRING_FAMILIES = frozenset({TypeFamily.STRING, TypeFamily.FIXED_STRING, TypeFamily.TEXT})
# SQL Server rounds money to an integer; other exact and approximate numbers are truncated (CAST and CONVERT)
_ROUNDED_TO_INTEGER = frozenset({"MONEY", "SMALLMONEY"})


def money_columns(inventory: Inventory) -> frozenset[str]:
    """Column names (lower case) that are SQL Server money / smallmoney in every table that has them: their text
    (CAST(x AS varchar), style 0) has two decimals, where numeric(19,4) has four."""
    return _every_table(inventory, lambda c: c.type.name.upper() in _ROUNDED_TO_INTEGER)


def float_columns(inventory: Inventory) -> frozenset[str]:
    """Column names (lower case) that are float / real in every table that has them: SQL Server writes their text
    in its own style (six significant digits, 1.23457e+006), which PostgreSQL's cast does not."""
    return _every_table(inventory, lambda c: c.type.family is TypeFamily.FLOAT)


def _every_table(inventory: Inventory, holds: Callable[[Column], bool]) -> frozenset[str]:
    kinds: dict[str, set[bool]] = {}
    for table in (t for schema in inventory.schemas for t in schema.tables):
        for column in table.columns:
            kinds.setdefault(column.name.lower(), set()).add(holds(column))
    return frozenset(name for name, found in kinds.items() if found == {True})


def fraction_columns(inventory: Inventory) -> frozenset[str]:
    """Column names (lower case) that hold fractions SQL Server truncates when cast to an integer (decimal,
    numeric, float, real) in every table that has them: for RewriteOptions.fraction_columns. A name that is such a
    number in one table and something else in another is left out (the rewrite cannot tell which)."""
    return _every_table(
        inventory,
        lambda c: (
            c.type.family in (TypeFamily.DECIMAL, TypeFamily.FLOAT) and c.type.name.upper() not in _ROUNDED_TO_INTEGER
        ),
    )


def string_columns(inventory: Inventory) -> frozenset[str]:
    """Column names (lower case) that are character data in every table that has them: for
    RewriteOptions.string_columns, so T-SQL `first_name + last_name` becomes `first_name || last_name`."""
    return _columns_of(inventory, _STRING_FAMILIES)


def output_into_columns(inventory: Inventory) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """For RewriteOptions.output_into_columns: each table's columns that T-SQL `OUTPUT ... INTO t` without a column
    list fills (all but identity and computed ones), under "schema.table" and, when no other schema has a table of
    that name, "table" (lower case)."""
    found: dict[str, tuple[str, ...]] = {}
    bare: dict[str, set[tuple[str, ...]]] = {}
    for table in inventory.tables():
        names = tuple(c.name for c in table.columns if c.identity is None and c.generated is None)
        found[f"{table.schema}.{table.name}".lower()] = names
        bare.setdefault(table.name.lower(), set()).add(names)
    found.update((name, lists.pop()) for name, lists in bare.items() if len(lists) == 1)
    return tuple(found.items())


def _drop_repeated_warnings(ctx: Context) -> None:
    """sqlglot logs some unsupported messages as well as collecting them: keep one finding per message."""
    reported = {f.message.split(": ", 1)[-1] for f in ctx.findings if f.rule_id == "CONV-UNSUPPORTED-001"}
    ctx.findings[:] = [
        f for f in ctx.findings if not (f.rule_id == "CONV-WARN-001" and f.message.split(": ", 1)[-1] in reported)
    ]


def _parse(text: str, source: str, ctx: Context, statements: bool) -> list[exp.Expression] | None:
    dialect = SOURCE_DIALECTS[source]
    try:
        if statements:
            trees = [t for t in sqlglot.parse(text, read=dialect, error_level=ErrorLevel.RAISE) if t is not None]
        else:
            trees = [sqlglot.parse_one(text, read=dialect, error_level=ErrorLevel.RAISE)]
    except (ParseError, TokenError, ValueError) as error:  # ValueError: sqlglot on some broken text (DATEDIFF(SELECT)
        ctx.flag("CONV-PARSE-001", None, _parse_detail(error))
        _shift_to_error_line(ctx, error)
        return None
    return trees


def _parse_detail(error: Exception) -> str:
    errors = getattr(error, "errors", None) or []
    if errors:
        first = errors[0]
        return f"{first.get('description', '')} near '{first.get('highlight', '')}'".strip()
    return str(error).splitlines()[0][:200]


def _shift_to_error_line(ctx: Context, error: Exception) -> None:
    """Point the parse finding at the line sqlglot stopped on, not the first line of the text."""
    errors = getattr(error, "errors", None) or []
    line = errors[0].get("line") if errors else None
    if not line or not ctx.findings:
        return
    base = ctx.options.location or Location()
    located = base.shifted(line - 1) if base.line else Location(base.file, line)
    ctx.findings[-1] = ctx.findings[-1].at(located)


def convert_tree(tree: exp.Expression, ctx: Context, copy: bool = True) -> exp.Expression:
    """Rewrite one parsed tree (a copy of it, unless copy=False): the statement steps, then the node steps, then
    name folding. The procedural converters call this for each SQL statement embedded in a routine body.
    """
    statement_steps, node_steps = PIPELINES[ctx.source]
    for command in tree.find_all(exp.Command):
        ctx.flag("CONV-COMMAND-001", command, command.name)
    tree = run_statement_steps(tree.copy() if copy else tree, statement_steps, ctx)
    tree = run_pipeline(tree, node_steps, ctx)
    return _fold_names(tree, ctx.source)


def _fold_names(tree: exp.Expression, source: str) -> exp.Expression:
    for identifier in list(tree.find_all(exp.Identifier)):
        folded = target_identifier(identifier.name, bool(identifier.quoted), source)
        identifier.set("this", folded.name)
        identifier.set("quoted", folded.quoted)
    return tree


def _generate(tree: exp.Expression, ctx: Context) -> str | None:
    generator = AuroraPostgres().generator(
        unsupported_level=ErrorLevel.IGNORE, pretty=ctx.options.pretty, normalize_functions="lower"
    )
    try:
        text = generator.generate(tree, copy=False)
    except (SqlglotError, ValueError, TypeError, AttributeError) as error:  # a node sqlglot cannot render
        ctx.flag("CONV-UNSUPPORTED-001", tree, str(error).splitlines()[0][:200])
        return None
    for message in dict.fromkeys(generator.unsupported_messages):
        ctx.flag("CONV-UNSUPPORTED-001", tree, message)
    return text


def tables_read(tree: exp.Expression) -> list[str]:
    """Qualified names of the tables and views a statement reads, without its own CTE names."""
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    names = []
    for table in tree.find_all(exp.Table):
        if not table.name or (not table.db and table.name in ctes) or isinstance(table.this, exp.Func):
            continue
        names.append(".".join(_quoted(part) for part in table.parts))
    return names


def _quoted(part: exp.Expression) -> str:
    if isinstance(part, exp.Identifier) and part.quoted:
        return '"' + part.name.replace('"', '""') + '"'
    return part.name


class _FindingHandler(logging.Handler):
    def __init__(self, ctx: Context) -> None:
        super().__init__(logging.WARNING)
        self.ctx = ctx

    def emit(self, record: logging.LogRecord) -> None:
        self.ctx.flag("CONV-WARN-001", None, record.getMessage()[:300])


@contextmanager
def _sqlglot_warnings(ctx: Context) -> Iterator[None]:
    """sqlglot reports some lossy choices only through its logger: turn each into a finding."""
    logger = logging.getLogger("sqlglot")
    handler = _FindingHandler(ctx)
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False  # the finding is the report; don't also print it on the user's console
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
