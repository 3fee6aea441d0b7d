"""What a caller tells the rewrite pipelines about one conversion (RewriteOptions), the Oracle user types they
know, and what a rewrite returns (Rewritten)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from migrate.model import Finding, Location
from migrate.model.engines import DEFAULT_TARGET_VERSION


@dataclass(frozen=True)
class RewriteOptions:
    """How to rewrite: which target features to use, and where the text came from (so findings carry it)."""

    use_orafce: bool = False  # orafce installed on the target: prefer its exact Oracle equivalents
    target_version: int = DEFAULT_TARGET_VERSION  # PostgreSQL major version of the target (Aurora PostgreSQL 13..17)
    location: Location | None = None  # file:line of the first line of the SQL text
    object_kind: str = ""  # view | materialized_view | default | check | generated_column | index | query ...
    object_name: str = ""
    procedural: bool = False  # inside a routine body: @variables / bind names are the routine's own, not findings
    date_columns: frozenset[str] = frozenset()  # lower-case names of DATE/timestamp columns (for date + n)
    string_columns: frozenset[str] = frozenset()  # lower-case names of character columns (T-SQL a + b is ||)
    # PL/SQL constants with a string literal value, by the name the rewrite sees (lower case): a regular expression
    # whose pattern is one is converted as the literal it always is
    string_constants: tuple[tuple[str, str], ...] = ()
    # lower-case names of a PL/SQL routine's own text variables and parameters that a check written just before the
    # statement can read (Context.guards); empty where nothing writes them (views, DDL, loop conditions ...)
    guarded_variables: frozenset[str] = frozenset()
    # inside a routine: the schema-qualified helper that reads an Oracle regular expression known only at run time
    # (converters/procedural/plsql_regex.py); "" elsewhere (such a pattern is a finding)
    regex_helper: str = ""
    datetime_variables: frozenset[str] = frozenset()  # lower-case DATE / TIMESTAMP ones, where guards are written
    fraction_columns: frozenset[str] = frozenset()  # decimal / float names: T-SQL CAST(x AS int) truncates them
    money_columns: frozenset[str] = frozenset()  # SQL Server money names: their text has two decimals
    float_columns: frozenset[str] = frozenset()  # float / real names: SQL Server writes their text its own way
    variables: frozenset[str] = frozenset()  # lower-case names of the routine's variables and parameters
    # of those, the DATE and the TIMESTAMP ones: a name of `variables` where no table is in scope (INSERT ... VALUES)
    # is the variable, whatever a column of that name is
    date_variables: frozenset[str] = frozenset()
    timestamp_variables: frozenset[str] = frozenset()
    integer_columns: frozenset[str] = frozenset()  # lower-case names known to hold integers (PL/SQL variables)
    # upper-case names of the run's own PL/SQL packages: `utl_error.log(...)` of a package the run converts is that
    # package's routine, whatever its name looks like (DBMS_ / UTL_ are Oracle's prefixes, not reserved ones)
    user_packages: frozenset[str] = frozenset()
    # a PL/SQL procedure that commits cannot carry SET search_path: its unqualified tables of the owner's schema
    # (lower-case source names) are written qualified with that schema, where Oracle resolves them
    owner_schema: str = ""
    owner_tables: frozenset[str] = frozenset()
    owner_sequences: frozenset[str] = frozenset()  # target names of the owner's sequences (seq.NEXTVAL qualified too)
    date_functions: frozenset[str] = frozenset()  # lower-case [schema.]name of user functions returning dates
    # user functions returning NUMBER: (lower-case [schema.]name, NUMBER kind as number_kind says), for their text;
    # kind "string" for one returning VARCHAR2 (Oracle reads it as a number where it meets one)
    number_functions: tuple[tuple[str, str], ...] = ()
    # lower-case names of case-insensitive source columns, by how they were converted (converters/collation.py)
    icu_columns: frozenset[str] = frozenset()
    citext_columns: frozenset[str] = frozenset()
    case_sensitive_columns: frozenset[str] = frozenset()
    # routine variables of character type when the source database's collation ignores case (T-SQL variables
    # take the database's collation): how they compare -- icu (the collation below), citext or case_sensitive
    insensitive_variables: frozenset[str] = frozenset()
    variables_mode: str = ""
    variables_collation: str = ""  # '"schema".ci_as'
    # Oracle DATE columns (lower case): their implicit text form follows the session's NLS_DATE_FORMAT
    oracle_date_columns: frozenset[str] = frozenset()
    # Oracle TIMESTAMP columns and routine variables (lower case; not DATE): a difference with one is an INTERVAL
    timestamp_columns: frozenset[str] = frozenset()
    # 'rec.field' (lower case) of loop records whose query computes the field under a column's name: not that column
    computed_fields: frozenset[str] = frozenset()
    nls_date_format: str = "DD-MON-RR"  # the source sessions' NLS_DATE_FORMAT (Oracle's default for AMERICA)
    nls_timestamp_format: str = "DD-MON-RR HH.MI.SSXFF AM"  # the sessions' NLS_TIMESTAMP_FORMAT (AMERICA's default)
    # TIMESTAMP columns and routine variables (lower case) -> their fractional digits (1-6): their text with no format
    timestamp_digits: tuple[tuple[str, int], ...] = ()
    nls_language: str = "AMERICAN"  # the source sessions' NLS_LANGUAGE, NLS_TERRITORY and database character set
    nls_territory: str = (
        "AMERICA"  # (SYS_CONTEXT('USERENV', 'LANG' | 'LANGUAGE' | ...): converters/rewrites/oracle_nls.py)
    )
    nls_characterset: str = "AL32UTF8"
    # user routines (lower-case schema.name) the procedural converter declares IMMUTABLE (Oracle DETERMINISTIC)
    immutable_routines: frozenset[str] = frozenset()
    # T-SQL OUTPUT ... INTO t without a column list fills t's columns but its identity and computed ones, in order:
    # ("schema.table" and "table", lower case) -> those columns' names, from the inventory (output_into_columns)
    output_into_columns: tuple[tuple[str, tuple[str, ...]], ...] = ()
    pretty: bool = False  # indented over several lines, as a DBA writes a view (one line for short expressions)
    # Oracle NUMBER columns: (lower name, 'integer' | 'bounded' | 'unbounded'): their text form (oracle_numbers.py)
    number_columns: tuple[tuple[str, str], ...] = ()
    # Oracle table columns by kind: (lower table, lower column, 'string' | NUMBER kind), for implicit conversions
    table_columns: tuple[tuple[str, str, str], ...] = ()
    # Oracle columns under an IS JSON check: (lower name, 'jsonb' | 'bytea'), the type they have on the target
    json_columns: tuple[tuple[str, str], ...] = ()
    # Oracle object and collection types of the run (converters/ddl_objtypes.py), and the columns declared with them
    user_types: tuple[UserType, ...] = ()
    typed_columns: tuple[tuple[str, str], ...] = ()  # (lower column name, UPPER type name); ambiguous names left out
    # PL/SQL collection variables whose elements are DATEs or NUMBERs: (lower name, 'date' or a NUMBER kind), so
    # `v[i]` prints as Oracle prints the element (NLS_DATE_FORMAT, TO_CHAR's number text)
    element_kinds: tuple[tuple[str, str], ...] = ()
    # Oracle object tables (CREATE TABLE t OF type): (lower "schema.table" and "table", UPPER type, attribute count);
    # a bare name two schemas' tables share is left out
    object_tables: tuple[tuple[str, str, int], ...] = ()
    # the run's Oracle application contexts (CREATE CONTEXT): (UPPER namespace, how it keeps its values, as
    # migrate.model.CONTEXT_ACCESS spells it), for SYS_CONTEXT and DBMS_SESSION (oracle_app_context.py)
    app_contexts: tuple[tuple[str, str], ...] = ()

    def __hash__(self) -> int:
        """Computed once per object: the options key every cached rewrite (tuples of the run's facts are long)."""
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f.name) for f in fields(self)))
            object.__setattr__(self, "_hash", cached)
        return cached


@dataclass(frozen=True)
class UserType:
    """An Oracle CREATE TYPE the run converts: OBJECT -> a composite type, VARRAY / TABLE OF -> an array domain."""

    name: str  # upper source name, bare (schema-qualified forms are looked up with the schema stripped)
    target: str  # the PostgreSQL type, schema-qualified
    collection: bool  # VARRAY / nested table
    element: str = ""  # a collection's element: upper name of an object type, or '' for a scalar
    limit: int | None = None  # VARRAY(n)
    attributes: tuple[str, ...] = ()  # an object type's attributes, upper names in order (named constructor calls)


@dataclass(frozen=True)
class Rewritten:
    """The PostgreSQL text, every finding raised on the way, and the tables the statement reads."""

    sql: str
    findings: tuple[Finding, ...] = ()
    tables: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()  # PL/pgSQL statements to run before it (RewriteOptions.guarded_variables)
