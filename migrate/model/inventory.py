"""The inventory: every object of a source database, as one typed, frozen tree.

Scanners (live catalogs or export files) build it; converters, the DMS builders and the validators
read it. Names are kept exactly as the source spells them (Oracle's unquoted names are upper case);
the converter decides how they fold on the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from migrate.model.engines import engine_name
from migrate.model.findings import Finding, Location
from migrate.model.surroundings import DbLink, Feature, Grant, Job, StatementRecord


class TypeFamily(str, Enum):
    """What a column's values are, independent of any engine's spelling."""

    INTEGER = "integer"
    DECIMAL = "decimal"
    FLOAT = "float"
    STRING = "string"
    FIXED_STRING = "fixed_string"
    TEXT = "text"  # character LOB: CLOB, NCLOB, LONG, (N)VARCHAR(MAX), TEXT
    BINARY = "binary"
    BLOB = "blob"  # binary LOB: BLOB, LONG RAW, VARBINARY(MAX), IMAGE, bytea
    DATE = "date"  # a calendar date with no time (SQL Server DATE, PostgreSQL date)
    DATETIME = "datetime"  # date + time without zone (Oracle DATE is one of these)
    DATETIME_TZ = "datetime_tz"
    TIME = "time"
    INTERVAL = "interval"
    BOOLEAN = "boolean"
    UUID = "uuid"
    XML = "xml"
    JSON = "json"
    SPATIAL = "spatial"
    ROWID = "rowid"
    OTHER = "other"


LOB_FAMILIES = frozenset({TypeFamily.TEXT, TypeFamily.BLOB, TypeFamily.XML})


@dataclass(frozen=True)
class ColumnType:
    """A source type as written (`raw`) and taken apart.

    `length` is in characters when `char_semantics` is ``CHAR`` and in bytes when ``BYTE``; for
    timestamps `precision` holds the fractional-second digits.
    """

    raw: str
    name: str
    family: TypeFamily = TypeFamily.OTHER
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    char_semantics: str | None = None  # "BYTE" | "CHAR" | None

    @property
    def is_lob(self) -> bool:
        return self.family in LOB_FAMILIES


@dataclass(frozen=True)
class Identity:
    start: int = 1
    increment: int = 1
    always: bool = False  # GENERATED ALWAYS vs BY DEFAULT


@dataclass(frozen=True)
class ColumnProfile:
    """What a pass over a live source's data saw in one column (`--profile-data`).

    Only columns a converter can narrow are profiled (Oracle bare NUMBER/FLOAT and DATE, PostgreSQL
    numeric without a precision, date-time columns). A flag is None when no non-null value was seen.
    `sampled` is True when only the first `rows_profiled` rows were read: a sample can miss a value.
    """

    rows_profiled: int
    sampled: bool = False
    non_null: int = 0
    all_integers: bool | None = None  # numbers: no value has a fractional part
    max_integer_digits: int | None = None  # numbers: digits of the largest absolute value seen
    has_time_part: bool | None = None  # date-times: some value is not at midnight
    min_value: str | None = None  # as text, for the report
    max_value: str | None = None


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    nullable: bool = True
    default: str | None = None
    identity: Identity | None = None
    generated: str | None = None  # virtual / computed column expression, source dialect
    generated_stored: bool = False
    collation: str | None = None
    comment: str | None = None
    masked: str | None = None  # SQL Server dynamic data masking: the masking function, e.g. "default()"
    max_length_observed: int | None = None  # bytes; from stats, for LOB sizing
    avg_length: int | None = None
    profile: ColumnProfile | None = None  # filled by the optional data profile (assessments.profile)


class ConstraintKind(str, Enum):
    PRIMARY_KEY = "primary_key"
    UNIQUE = "unique"
    FOREIGN_KEY = "foreign_key"
    CHECK = "check"


@dataclass(frozen=True)
class Constraint:
    name: str
    kind: ConstraintKind
    columns: tuple[str, ...] = ()
    ref_schema: str | None = None
    ref_table: str | None = None
    ref_columns: tuple[str, ...] = ()
    on_delete: str | None = None  # "CASCADE" | "SET NULL" | "NO ACTION" | ...
    on_update: str | None = None
    check_expression: str | None = None  # source dialect
    deferrable: bool = False
    initially_deferred: bool = False
    enabled: bool = True
    validated: bool = True
    nulls_not_distinct: bool = False  # UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+): NULLs equal, one NULL key
    comment: str | None = None


@dataclass(frozen=True)
class IndexColumn:
    expression: str  # a column name, or an expression for function-based indexes
    descending: bool = False
    is_expression: bool = False


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[IndexColumn, ...]
    unique: bool = False
    kind: str = "btree"  # btree | bitmap | reverse | function | clustered | fulltext | spatial | columnstore | ...
    include: tuple[str, ...] = ()
    where: str | None = None  # filtered / partial index predicate, source dialect
    tablespace: str | None = None
    nulls_not_distinct: bool = False  # unique NULLS NOT DISTINCT (PostgreSQL 15+): NULLs equal, one NULL key
    comment: str | None = None


@dataclass(frozen=True)
class Partition:
    name: str
    bound: str = ""  # the source's bound text: "VALUES LESS THAN (...)", "VALUES (...)", ...
    subpartitions: tuple[Partition, ...] = ()


@dataclass(frozen=True)
class Partitioning:
    method: str  # range | list | hash | interval | reference | system
    columns: tuple[str, ...]
    partitions: tuple[Partition, ...] = ()
    subpartition_method: str | None = None
    subpartition_columns: tuple[str, ...] = ()
    interval: str | None = None


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    kind: str = "table"  # table | iot | global_temporary | temporary | external | memory_optimized
    temporary_scope: str | None = None  # Oracle GTT: "transaction" (DELETE ROWS) | "session" (PRESERVE ROWS)
    partitioning: Partitioning | None = None
    comment: str | None = None
    # SQL Server system-versioned (temporal) table: PERIOD FOR SYSTEM_TIME (start, end) and its HISTORY_TABLE
    # (SCHEMA.NAME as written; "" when the server names it); the engine fills the period and keeps the history
    period: tuple[str, str] | None = None
    history_table: str | None = None
    period_hidden: bool = False  # the period columns are HIDDEN: SELECT * leaves them out
    # Oracle object table (CREATE TABLE t OF type): the object type of its rows, SCHEMA.NAME; its columns are the
    # type's attributes, as Oracle's dictionary lists them (none when the type is not known). `object_subtypes`: the
    # subtypes whose objects its rows may also be (the type is NOT FINAL and the table not NOT SUBSTITUTABLE AT ALL
    # LEVELS), SCHEMA.NAME each; Oracle keeps their own attributes in hidden columns
    object_type: str | None = None
    object_subtypes: tuple[str, ...] = ()
    row_count: int | None = None
    size_bytes: int | None = None
    location: Location | None = None
    source_text: str = ""  # the CREATE statement as exported (offline mode)

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def primary_key(self) -> Constraint | None:
        return next((c for c in self.constraints if c.kind is ConstraintKind.PRIMARY_KEY), None)

    def column(self, name: str) -> Column | None:
        folded = name.upper()
        return next((c for c in self.columns if c.name.upper() == folded), None)


@dataclass(frozen=True)
class View:
    schema: str
    name: str
    query: str  # the SELECT, source dialect
    columns: tuple[str, ...] = ()
    materialized: bool = False
    refresh: str | None = None  # e.g. "FAST ON COMMIT", "COMPLETE ON DEMAND"
    comment: str | None = None
    location: Location | None = None
    source_text: str = ""
    with_check_option: bool = False
    read_only: bool = False
    column_comments: tuple[tuple[str, str], ...] = ()  # (column, comment): COMMENT ON COLUMN view.column

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Sequence:
    schema: str
    name: str
    start: int | None = None
    increment: int = 1
    min_value: int | None = None
    max_value: int | None = None
    cycle: bool = False
    cache: int | None = None
    ordered: bool = False
    last_value: int | None = None
    data_type: str | None = None  # SQL Server sequences have a type
    location: Location | None = None
    source_text: str = ""

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


class RoutineKind(str, Enum):
    PROCEDURE = "procedure"
    FUNCTION = "function"
    PACKAGE = "package"
    PACKAGE_BODY = "package_body"
    TYPE = "type"
    TYPE_BODY = "type_body"
    AGGREGATE = "aggregate"


@dataclass(frozen=True)
class Routine:
    schema: str
    name: str
    kind: RoutineKind
    source: str  # the full source text as the source database holds it
    language: str = "sql"  # plsql | tsql | plpgsql | sql | java | clr | c
    location: Location | None = None
    valid: bool = True
    arguments: str = ""  # signature text, when the catalog gives it

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def line_count(self) -> int:
        return self.source.count("\n") + 1 if self.source else 0


@dataclass(frozen=True)
class Trigger:
    schema: str
    name: str
    table: str  # the table or view it fires on (same schema unless qualified)
    timing: str = ""  # BEFORE | AFTER | INSTEAD OF | FOR
    events: tuple[str, ...] = ()  # INSERT, UPDATE, DELETE, DDL events...
    level: str = "row"  # row | statement
    when: str | None = None
    source: str = ""
    language: str = "sql"
    enabled: bool = True
    location: Location | None = None

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Synonym:
    schema: str  # "PUBLIC" for public synonyms
    name: str
    target_schema: str | None
    target_name: str
    db_link: str | None = None
    location: Location | None = None

    @property
    def public(self) -> bool:
        return self.schema.upper() == "PUBLIC"

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Schema:
    name: str
    tables: tuple[Table, ...] = ()
    views: tuple[View, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    routines: tuple[Routine, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    synonyms: tuple[Synonym, ...] = ()
    comment: str | None = None

    def table(self, name: str) -> Table | None:
        folded = name.upper()
        return next((t for t in self.tables if t.name.upper() == folded), None)


@dataclass(frozen=True)
class SourceInfo:
    engine: str  # oracle | sqlserver | postgresql
    version: str = ""
    mode: str = "files"  # live | files
    url: str = ""  # always password-masked
    database: str = ""
    charset: str = ""
    collation: str = ""
    files: tuple[str, ...] = ()
    scanned_at: str = ""  # ISO 8601
    size_bytes: int | None = None
    properties: dict[str, str] = field(default_factory=dict)  # sessions, cpu count, edition, ...

    def __post_init__(self) -> None:
        # one vocabulary: an older spelling (an inventory.json that says "tsql") reads as the engine's name
        object.__setattr__(self, "engine", engine_name(self.engine))


# SourceInfo.properties key prefix of the source's PL/SQL compilation parameters (`compiler.PLSQL_OPTIMIZE_LEVEL`):
# what its units were compiled with, which conditional compilation reads
COMPILER_PREFIX = "compiler."


@dataclass(frozen=True)
class Inventory:
    source: SourceInfo
    schemas: tuple[Schema, ...] = ()
    db_links: tuple[DbLink, ...] = ()
    jobs: tuple[Job, ...] = ()
    grants: tuple[Grant, ...] = ()
    features: tuple[Feature, ...] = ()
    findings: tuple[Finding, ...] = ()  # problems met while scanning (unparsed text, missing privileges...)
    statements: tuple[StatementRecord, ...] = ()  # export-file mode: every statement read, in order
    complete: bool = True  # False when part of the scan could not run; reports must say so

    def schema(self, name: str) -> Schema | None:
        folded = name.upper()
        return next((s for s in self.schemas if s.name.upper() == folded), None)

    def tables(self) -> list[Table]:
        return [t for s in self.schemas for t in s.tables]

    def find_table(self, schema: str, name: str) -> Table | None:
        found = self.schema(schema)
        return found.table(name) if found else None
