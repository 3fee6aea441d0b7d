"""sqlglot dialects for conversion: the sources as sqlglot reads them, and the Aurora PostgreSQL target.

The target differs from sqlglot's stock PostgreSQL only where the stock output is not valid or not faithful on
PostgreSQL 13-17: FETCH FIRST ... WITH TIES (PostgreSQL has no `LIMIT n WITH TIES`), TOP n PERCENT (no
equivalent; flagged by the T-SQL pipeline), N'' literals (plain strings: every PostgreSQL text is Unicode).
Name folding lives here too so DDL generation and query rewrites agree on every identifier.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.oracle import Oracle
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.tsql import TSQL
from sqlglot.time import format_time
from sqlglot.tokens import TokenType

from converters.dialects_tsql_output import parse_delete, parse_output
from converters.names import RESERVED, shorten
from migrate.model.engines import engine

# Oracle calls read as plain calls, so converters/functions.py translates them from the source text: sqlglot's
# reader turns format models into strftime and back (losing FF3, RR, quoted text) and TO_NUMBER into a float cast.
_ORACLE_KEPT_AS_CALLS = frozenset({"TO_CHAR", "TO_DATE", "TO_TIMESTAMP", "TO_NUMBER", "TRUNC", "ADD_MONTHS"})


def _parse_oracle_translate(self: Oracle.Parser) -> exp.Expression:
    """TRANSLATE(text USING CHAR_CS | NCHAR_CS) converts between the database and national character sets;
    TRANSLATE(text, from, to) replaces characters (sqlglot reads only the second form)."""
    this = self._parse_assignment()
    if self._match(TokenType.USING):
        self._match_texts(("CHAR_CS", "NCHAR_CS"))
        return self.expression(exp.TranslateCharacters(this=this, expression=self._prev.text.upper()))
    args = [this, *(self._parse_csv(self._parse_assignment) if self._match(TokenType.COMMA) else [])]
    return exp.Translate.from_arg_list(args)


# Words sqlglot reads as PostgreSQL / ANSI values that Oracle does not have: in Oracle text they are names (a
# column SESSION_USER, a variable current_time), never the PostgreSQL session user or clock
_NOT_ORACLE_VALUES = frozenset({"SESSION_USER", "CURRENT_USER", "CURRENT_SCHEMA", "CURRENT_CATALOG", "CURRENT_TIME",
                                "LOCALTIME"})  # fmt: skip


class OracleSource(Oracle):
    """Oracle as read from export files and the data dictionary."""

    class Tokenizer(Oracle.Tokenizer):
        KEYWORDS = {k: v for k, v in Oracle.Tokenizer.KEYWORDS.items() if k not in _NOT_ORACLE_VALUES}  # noqa: RUF012

    class Parser(Oracle.Parser):
        FUNCTIONS = {k: v for k, v in Oracle.Parser.FUNCTIONS.items() if k not in _ORACLE_KEPT_AS_CALLS}  # noqa: RUF012
        FUNCTION_PARSERS = {**Oracle.Parser.FUNCTION_PARSERS, "TRANSLATE": _parse_oracle_translate}  # noqa: RUF012

        def _parse_field_def(self) -> exp.Expr | None:
            """An INSERT's column list may qualify its columns (`INSERT INTO t (a, t.b)`, `[schema.]table.col` or
            the table's alias): Oracle reads the column the last name gives, PostgreSQL takes a dotted target as
            a field of a composite column. Only the column's own name is kept."""
            field = self._parse_field(any_token=True)
            while isinstance(field, exp.Identifier | exp.Column) and self._match(TokenType.DOT):
                field = self._parse_field(any_token=True)
            return self._parse_column_def(field)


# .NET custom date elements sqlglot's T-SQL mapping lacks: 'ddd' (Tue) would read as 'dd' + 'd'; 'tt' (PM)
_NET_TIME = {**TSQL.TIME_MAPPING, "ddd": "%a", "tt": "%p"}


def _format_call(args: list) -> exp.Expression:
    """FORMAT(value, fmt[, culture]) as sqlglot reads it, marked when the format is a .NET standard one ('D', 'N2'
    reads as one letter plus digits) or a culture is given: to_char cannot reproduce those, so it is flagged."""
    node = TSQL.Parser.FUNCTIONS["FORMAT"](args)
    fmt = args[1] if len(args) > 1 else None
    text = fmt.name if isinstance(fmt, exp.Literal) else ""
    if isinstance(node, exp.TimeToStr) and len(text) > 1:  # with the .NET elements sqlglot's mapping lacks
        node.set("format", exp.Literal.string(format_time(text, _NET_TIME)))
    standard = text[:1].isalpha() and (len(text) == 1 or text[1:].isdigit())  # 'D', 'N2', 'C0'; 'dd' is custom
    if standard or len(args) > 2:
        node.meta["tsql_format"] = fmt.name if isinstance(fmt, exp.Literal) else "?"
    return node


class SqlServerSource(TSQL):
    """SQL Server as read from export scripts."""

    class Parser(TSQL.Parser):
        # DATENAME stays a call (converters/rewrites/tsql_documented.py): sqlglot reads it as a strftime format,
        # which turns quarter, day and dayofyear into the wrong text
        FUNCTIONS = {k: v for k, v in TSQL.Parser.FUNCTIONS.items() if k != "DATENAME"} | {"FORMAT": _format_call}
        _parse_returning = parse_output  # OUTPUT ... INTO schema.table (cols)
        _parse_delete = parse_delete  # DELETE FROM t OUTPUT ... WHERE


class PostgresSource(Postgres):
    """Self-managed PostgreSQL going to Aurora: identity conversion plus checks."""


def _limit_sql(self: Postgres.Generator, expression: exp.Limit) -> str:
    """`LIMIT n WITH TIES` does not exist in PostgreSQL; FETCH FIRST n ROWS WITH TIES does (13+)."""
    options = expression.args.get("limit_options")
    if options is not None and options.args.get("with_ties"):
        count = self.sql(expression, "expression")
        return f"{self.seg('FETCH FIRST')} {count} ROWS WITH TIES"
    return Postgres.Generator.limit_sql(self, expression)


class AuroraPostgres(Postgres):
    """The target: Aurora PostgreSQL (13-17)."""

    # Full month/day names without PostgreSQL's blank padding to 9 characters: SQL Server's DATENAME and
    # FORMAT give 'May', not 'May      ' (FM turns the padding off; TM would translate to lc_time).
    INVERSE_TIME_MAPPING = {  # noqa: RUF012
        **Postgres.INVERSE_TIME_MAPPING,
        "%A": "FMDay",
        "%B": "FMMonth",
        "%a": "Dy",
        "%b": "Mon",
        "%p": "AM",
    }

    class Generator(Postgres.Generator):
        TRANSFORMS = {  # noqa: RUF012  (sqlglot's own convention for generator tables)
            **Postgres.Generator.TRANSFORMS,
            # N'text' is a plain string in PostgreSQL: the database encoding is UTF-8, there is no NCHAR.
            exp.National: lambda self, e: self.sql(exp.Literal.string(e.name)),
        }

        def limit_sql(self, expression: exp.Limit, top: bool = False) -> str:
            return _limit_sql(self, expression)


SOURCE_DIALECTS: dict[str, type] = {
    "oracle": OracleSource,  # sqlglot's Oracle reader: (+), CONNECT BY, DECODE, || with NULL-as-empty
    "sqlserver": SqlServerSource,  # sqlglot's T-SQL reader: TOP, [brackets], APPLY, table hints
    "postgresql": PostgresSource,  # identity: read and write PostgreSQL, only checks apply
}


def target_identifier(name: str, quoted: bool, source: str) -> exp.Identifier:
    """How a source identifier is spelled on PostgreSQL.

    Oracle folds unquoted names to upper case and SQL Server compares names case-insensitively (default
    collations), PostgreSQL folds to lower case: so unquoted names, Oracle quoted ALL-UPPER names ("EMP" is EMP)
    and SQL Server [bracketed] names become lower case. Mixed-case quoted Oracle names keep their quotes and case.
    Names PostgreSQL cannot read bare (spaces, reserved words) are quoted; long ones shortened as converters.names
    does for the DDL, so a view names exactly what the DDL created.
    """
    folded, keep_quotes = engine(source).target_identifier(name, quoted)
    folded = shorten(folded)  # over 63 bytes: the same deterministic short name the DDL uses
    values = SOURCE_VALUE_KEYWORDS.get(engine(source).name, VALUE_KEYWORDS)
    reserved = folded in RESERVED and (quoted or folded not in values)
    return exp.Identifier(this=folded, quoted=keep_quotes or not _bare(folded) or reserved)


# Bare words that are values in both the source and PostgreSQL (Oracle/T-SQL `user` is the current user): an
# unquoted one stays a keyword; only a quoted one ("USER", [user]) is a column and needs quotes.
VALUE_KEYWORDS = frozenset(
    {"user", "current_user", "session_user", "current_role", "current_schema", "current_catalog", "system_user"}
)
# a source's own value keywords, where they are fewer: Oracle has USER only (its session_user is a name)
SOURCE_VALUE_KEYWORDS: dict[str, frozenset[str]] = {"oracle": frozenset({"user"})}


def _bare(name: str) -> bool:
    """Can PostgreSQL read this lower-case name without quotes?"""
    return bool(name) and (name[0].isalpha() or name[0] == "_") and all(c.isalnum() or c in "_$" for c in name)
