"""One descriptor per database engine: the facts every stage shares, written once.

Like sqlglot's `Dialect` classes, a descriptor says how an engine spells and stores names, which sqlglot
dialect reads its SQL, where unqualified names go, how it is reached and what AWS DMS calls it. Scanners,
converters, validators and the DMS planner read these facts from here; none of them writes one again.
Engine names have one vocabulary everywhere (`oracle`, `sqlserver`, `postgresql`); older spellings
(`tsql`, and the URL schemes `mssql`, `postgres`) are accepted on read and mapped by `engine()`.

Adding a source engine: one `Engine(...)` row in `ENGINES` for these facts; its scanner, type table, rewrite
pipeline and normaliser are its own modules (see docs/architecture.md, "How to add").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Folding(Enum):
    """How an engine stores a name written without quotes (sqlglot's NormalizationStrategy)."""

    UPPERCASE = "uppercase"  # Oracle: emp is stored EMP
    LOWERCASE = "lowercase"  # PostgreSQL: EMP is stored emp
    AS_WRITTEN = "as_written"  # SQL Server: stored as written; the collation decides whether case matters


@dataclass(frozen=True)
class Engine:
    name: str  # the one name every stage, file and report uses
    title: str  # for people: "SQL Server"
    sqlglot: str  # sqlglot's dialect name for its SQL
    folding: Folding  # how an unquoted name is stored
    case_insensitive_names: bool  # names compare case-insensitively under the default collation
    quotes: tuple[tuple[str, str], ...]  # identifier quote pairs, the first is the one to write
    default_schema: str  # where an unqualified name goes when nothing says otherwise ("" = the connecting user)
    default_port: int
    url_schemes: tuple[str, ...]  # URL schemes read as this engine; the first is the one written (SQLAlchemy's)
    dms_engine: str  # AWS DMS EngineName of a source endpoint
    rule_prefix: str  # assessment rule id prefix
    language: str  # procedural language of its routines and triggers
    sql_title: str  # its SQL, for messages: "did not parse as T-SQL"
    empty_string_is_null: bool  # '' is NULL (Oracle): validation must compare '' and NULL as equal
    ignores_trailing_spaces: bool  # 'a' = 'a  ' in comparisons (SQL Server's ANSI padding rule)
    unique_nulls_equal: bool  # a UNIQUE key admits one NULL only (SQL Server), not any number
    older_names: tuple[str, ...] = ()  # names earlier files used, accepted on read
    # validation renders a double as the shortest text that reads back as the same double (PostgreSQL's float8
    # text); two such engines compare floats exactly, others at 15 significant digits
    exact_float_text: bool = False
    # the collation a database gets when its DDL names none (the column collations the converter assumes when
    # neither the inventory nor conversion.source_collation says); "" = binary, comparisons are exact
    default_collation: str = ""
    # type names of a row-version column: a counter the engine sets on every insert and update (SQL Server)
    rowversion_types: frozenset[str] = frozenset()
    # its SQL and versions are the target's own (PostgreSQL): text no rewrite changes is kept as written, and a
    # source major version can be compared with the target's
    is_target: bool = False

    def stored_name(self, unquoted: str) -> str:
        """How the engine stores a name written without quotes."""
        if self.folding is Folding.UPPERCASE:
            return unquoted.upper()
        if self.folding is Folding.LOWERCASE:
            return unquoted.lower()
        return unquoted

    def target_name(self, stored: str) -> str:
        """A stored source name spelled by PostgreSQL's rules: a name the source would have stored the same way
        unquoted (and every name when the source compares names case-insensitively) folds to lower case, so it
        needs no quotes; any other spelling was quoted in the source and keeps its case."""
        if self.case_insensitive_names or stored == self.stored_name(stored):
            return stored.lower()
        return stored

    def target_identifier(self, name: str, quoted: bool) -> tuple[str, bool]:
        """(PostgreSQL name, whether it must stay quoted) of a name as a query writes it."""
        stored = name if quoted else self.stored_name(name)
        target = self.target_name(stored)
        return target, quoted and not self.case_insensitive_names and target == stored


ORACLE = Engine(
    name="oracle",
    title="Oracle",
    sqlglot="oracle",
    folding=Folding.UPPERCASE,
    case_insensitive_names=False,
    quotes=(('"', '"'),),
    default_schema="",  # the connecting user's own schema: the scanner asks the script (CONNECT, CURRENT_SCHEMA)
    default_port=1521,
    url_schemes=("oracle",),
    dms_engine="oracle",
    rule_prefix="ORA",
    language="plsql",
    sql_title="Oracle",
    empty_string_is_null=True,  # Oracle Database SQL Language Reference, "Nulls": '' is NULL
    ignores_trailing_spaces=False,
    unique_nulls_equal=False,
)

SQLSERVER = Engine(
    name="sqlserver",
    title="SQL Server",
    sqlglot="tsql",
    folding=Folding.AS_WRITTEN,
    case_insensitive_names=True,  # the default collations (SQL_Latin1_General_CP1_CI_AS) are case-insensitive
    quotes=(('"', '"'), ("[", "]")),
    default_schema="dbo",
    default_port=1433,
    url_schemes=("mssql", "sqlserver"),
    dms_engine="sqlserver",
    rule_prefix="TSQL",
    language="tsql",
    sql_title="T-SQL",
    empty_string_is_null=False,
    ignores_trailing_spaces=True,  # SET ANSI_PADDING: trailing blanks are ignored when strings are compared
    unique_nulls_equal=True,  # a UNIQUE constraint or index admits a single NULL key
    older_names=("tsql",),  # the file scanner's name for SQL Server before one vocabulary
    rowversion_types=frozenset({"ROWVERSION", "TIMESTAMP"}),  # TIMESTAMP is ROWVERSION's old name there
    default_collation="SQL_Latin1_General_CP1_CI_AS",  # Setup's default for English locales: case-insensitive
)

POSTGRESQL = Engine(
    name="postgresql",
    title="PostgreSQL",
    sqlglot="postgres",
    folding=Folding.LOWERCASE,
    case_insensitive_names=False,
    quotes=(('"', '"'),),
    default_schema="public",
    default_port=5432,
    url_schemes=("postgresql", "postgres"),
    dms_engine="postgres",
    rule_prefix="PG",
    language="plpgsql",
    sql_title="PostgreSQL",
    empty_string_is_null=False,
    ignores_trailing_spaces=False,
    unique_nulls_equal=False,  # NULLS NOT DISTINCT is per key, read from the DDL
    exact_float_text=True,  # float8::text with extra_float_digits = 1
    is_target=True,
)

# The PostgreSQL major version conversion targets when the project does not say (target.version, --target-version).
DEFAULT_TARGET_VERSION = 16

ENGINES: dict[str, Engine] = {e.name: e for e in (ORACLE, SQLSERVER, POSTGRESQL)}
_BY_ANY_NAME: dict[str, Engine] = {n: e for e in ENGINES.values() for n in (e.name, *e.url_schemes, *e.older_names)}


def engine(name: str) -> Engine:
    """The descriptor of an engine by its name or an accepted older spelling; ValueError for any other."""
    found = _BY_ANY_NAME.get(name)
    if found is None:
        raise ValueError(f"unknown database engine {name!r}: use one of {', '.join(ENGINES)}")
    return found


def engine_name(name: str) -> str:
    """The one name of an engine written any accepted way; an unknown name is returned as given."""
    found = _BY_ANY_NAME.get(name)
    return found.name if found else name
