"""What every DDL builder shares: the run's names and settings, expression conversion through the query
rewriter, and the one way a ConvertedObject is made (findings located, status derived from them)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import sqlglot
from sqlglot import exp

from converters.ddl_booleans import fix_boolean_comparisons
from converters.ddl_rules import DDL_RULES
from converters.dialects import AuroraPostgres
from converters.names import Names, qualified
from converters.parallel import QueryPool
from converters.rewrite import RewriteOptions, Rewritten, convert_expression, convert_query
from converters.rewrites.common import UserType
from migrate.config import ConversionSettings
from migrate.model import (
    ColumnMapping,
    ColumnType,
    ConvertedObject,
    Finding,
    Location,
    ObjectStatus,
    Routine,
    Severity,
    Table,
)
from migrate.sqltext.comments import block_comment

# Findings at or above this severity inside an object's SQL mean PostgreSQL would reject it or run it with
# a different meaning: the object is kept for a person (manual) instead of being deployed.
BLOCKING = Severity.HIGH

# rule ids of the DDL builders, from their rows (the query rewriter's own ids come with its findings)
RULE = {key: rule.id for key, rule in DDL_RULES.items()}


# object kinds whose query text is printed indented over several lines (a DBA keeps and reads these)
PRETTY_KINDS = frozenset({"view", "materialized_view"})


@dataclass
class DdlContext:
    source: str
    settings: ConversionSettings
    target_version: int
    names: Names
    relations: set[str] = field(default_factory=set)  # target qualified names of every table/view in scope
    booleans: frozenset[str] = frozenset()  # target column names that are boolean everywhere (SQL Server BIT)
    aliases: dict[str, ColumnType] = field(default_factory=dict)  # SQL Server alias type -> base type
    routines: set[str] = field(default_factory=set)  # target qualified names of functions, procedures, packages
    procedures: dict[str, Routine] = field(default_factory=dict)  # target qualified name -> source (callers' CALLs)
    functions: dict[str, Routine] = field(default_factory=dict)  # target qualified name -> source (result types)
    tables: dict[tuple[str, str], Table] = field(default_factory=dict)  # (SCHEMA, NAME) upper -> source table
    user_types: dict[str, str] = field(default_factory=dict)  # PostgreSQL source: "schema.type" lower -> object
    # the column types the rewrites cannot see in a query's text: DATE arithmetic, TRUNC(d), T-SQL a + b on strings
    date_columns: frozenset[str] = frozenset()
    string_columns: frozenset[str] = frozenset()
    fraction_columns: frozenset[str] = frozenset()
    money_columns: frozenset[str] = frozenset()
    float_columns: frozenset[str] = frozenset()
    oracle_date_columns: frozenset[str] = frozenset()
    timestamp_columns: frozenset[str] = frozenset()
    timestamp_digits: tuple[tuple[str, int], ...] = ()
    collation: str = ""  # the source database's default collation, as the inventory says
    insensitive_columns: dict[str, frozenset[str]] = field(default_factory=dict)  # collation mode -> column names
    insensitive: dict[str, list] = field(default_factory=dict)  # target schema -> its columns' Insensitive choices
    immutable_routines: frozenset[str] = frozenset()  # see RewriteOptions.immutable_routines
    output_into_columns: tuple[tuple[str, tuple[str, ...]], ...] = ()  # see RewriteOptions.output_into_columns
    sequences: set[str] = field(default_factory=set)  # target names of the sequences in scope
    json_columns: tuple[tuple[str, str], ...] = ()  # columns under an IS JSON check: (lower name, 'jsonb' | 'bytea')
    table_columns: tuple[tuple[str, str, str], ...] = ()  # Oracle (table, column, 'string' | NUMBER kind)
    number_columns: tuple[tuple[str, str], ...] = ()  # Oracle NUMBER columns and their kind (oracle_numbers.py)
    user_types_declared: tuple[UserType, ...] = ()  # Oracle object / collection types (converters/ddl_objtypes.py)
    typed_columns: tuple[tuple[str, str], ...] = ()  # columns declared with them: (lower name, UPPER type)
    object_tables: tuple[tuple[str, str, int], ...] = ()  # see RewriteOptions.object_tables
    app_contexts: tuple[tuple[str, str], ...] = ()  # see RewriteOptions.app_contexts
    compiled_with: tuple[tuple[str, str], ...] = ()  # Oracle PL/SQL compilation parameters of the source (plsql_cc)
    _expressions: dict[tuple[str, str], Rewritten] = field(default_factory=dict)
    queries: QueryPool | None = None  # view queries converting in worker processes (converters/parallel.py)

    def options(self, kind: str, name: str, location: Location | None) -> RewriteOptions:
        return RewriteOptions(
            use_orafce=self.settings.use_orafce,
            target_version=self.target_version,
            location=location,
            object_kind=kind,
            object_name=name,
            date_columns=self.date_columns,
            string_columns=self.string_columns,
            fraction_columns=self.fraction_columns,
            money_columns=self.money_columns,
            float_columns=self.float_columns,
            oracle_date_columns=self.oracle_date_columns,
            timestamp_columns=self.timestamp_columns,
            icu_columns=self.insensitive_columns.get("icu", frozenset()),
            citext_columns=self.insensitive_columns.get("citext", frozenset()),
            case_sensitive_columns=self.insensitive_columns.get("case_sensitive", frozenset()),
            nls_date_format=self.settings.nls_date_format,
            nls_timestamp_format=self.settings.nls_timestamp_format,
            timestamp_digits=self.timestamp_digits,
            nls_language=self.settings.nls_language,
            nls_territory=self.settings.nls_territory,
            nls_characterset=self.settings.nls_characterset,
            pretty=kind in PRETTY_KINDS,
            immutable_routines=self.immutable_routines,
            output_into_columns=self.output_into_columns,
            number_columns=self.number_columns,
            table_columns=self.table_columns,
            json_columns=self.json_columns,
            user_types=self.user_types_declared,
            typed_columns=self.typed_columns,
            object_tables=self.object_tables,
            app_contexts=self.app_contexts,
        )

    def routine_options(self, date_variables: frozenset[str] = frozenset()) -> RewriteOptions:
        """What a procedural converter hands the query rewrites for the SQL and expressions inside a routine: the
        run's facts and settings (NLS settings, NUMBER / DATE / JSON columns, object types), the routine's DATE
        variables added to the DATE columns."""
        options = self.options("routine", "", None)
        return replace(options, procedural=True, date_columns=options.date_columns | date_variables)

    def expression(self, sql: str, kind: str, name: str, location: Location | None) -> Rewritten:
        """Expressions repeat across a schema (SYSDATE, 0, 'N', GETDATE()): each text is converted once per
        kind, and its findings are placed at every object that uses it."""
        key = (sql, kind)
        if key not in self._expressions:
            rewritten = convert_expression(sql, self.source, self.options(kind, "", None))
            self._expressions[key] = replace(rewritten, sql=fix_boolean_comparisons(rewritten.sql, self.booleans))
        cached = self._expressions[key]
        return replace(cached, findings=tuple(_placed(f, kind, name, location) for f in cached.findings))

    def query(self, sql: str, kind: str, name: str, location: Location | None) -> Rewritten:
        done = self.queries.take((sql, kind, name, location)) if self.queries is not None else None
        return done if done is not None else self.convert(sql, kind, name, location)

    def convert(self, sql: str, kind: str, name: str, location: Location | None) -> Rewritten:
        """A whole query converted (what a worker process runs for `query`)."""
        rewritten = convert_query(sql, self.source, self.options(kind, name, location))
        return replace(rewritten, sql=fix_boolean_comparisons(rewritten.sql, self.booleans, kind in PRETTY_KINDS))

    def target(self, schema: str, name: str) -> tuple[str, str]:
        """A referenced (not defined) relation's target schema and name."""
        return self.names.schema(schema), self.names.name(name)


# Findings that advise about a choice already made in deployable SQL (a type rule's caveat, a renamed name):
# however severe, they do not make the object manual. An unknown type is handled apart (no type was chosen).
ADVISORY = frozenset({"type", "name"})


def routines_called(sql: str, schema: str, routines: set[str]) -> list[str]:
    """Routines of the inventory a converted query calls (name, schema.name, or package.member), by target name."""
    if not routines:
        return []
    try:
        tree = sqlglot.parse_one(sql, read=AuroraPostgres)
    except sqlglot.errors.SqlglotError:
        return []
    found = []
    for call in tree.find_all(exp.Anonymous):
        qualifier = call.parent.this.sql(dialect=AuroraPostgres) if isinstance(call.parent, exp.Dot) else ""
        chain = [p.strip('"') for p in qualifier.split(".") if p] + [call.name.strip('"')]
        keys = [".".join(chain[:n]) for n in range(1, len(chain) + 1)]
        keys += [f"{schema}.{k}" for k in keys]
        found += [k for k in keys if k in routines]
    return list(dict.fromkeys(found))


def _placed(f: Finding, kind: str, name: str, location: Location | None) -> Finding:
    """A finding of a cached conversion (made with no location) at this use: same line offset in the text."""
    line = f.location.line if f.location is not None else None
    where = location.shifted(line - 1) if location is not None and line else location
    return replace(f, object_kind=kind, object_name=name, location=where)


def blocking(findings: tuple[Finding, ...] | list[Finding]) -> bool:
    return any(f.severity >= BLOCKING and f.category not in ADVISORY for f in findings)


def finding(rule: str, severity: Severity, message: str, remedy: str = "", snippet: str = "") -> Finding:
    """A finding of the DDL rule row `rule`: its id and per-occurrence effort (so the assessment prices it), its
    remedy unless this occurrence names a better one. The severity must be one the row allows: the row says which
    cases exist, the call site which case this is."""
    row = DDL_RULES[rule]
    if severity not in row.severities:
        raise ValueError(f"DDL rule {rule} ({row.id}) is not raised at {severity.value}: add it to its row")
    return Finding(
        row.id,
        severity,
        message,
        remedy=remedy or row.remedy,
        snippet=snippet[:300],
        category="ddl",
        effort_hours=row.effort_hours,
    )


def make_object(
    kind: str,
    schema: str,
    name: str,
    sql: str,
    *,
    source_name: str,
    location: Location | None,
    findings: list[Finding] | tuple[Finding, ...] = (),
    depends_on: list[str] | tuple[str, ...] = (),
    phase: str = "schema",
    columns: tuple[ColumnMapping, ...] = (),
    manual: bool = False,
    source_text: str = "",
) -> ConvertedObject:
    """A converted object with every finding attached to it and located at it. Objects whose findings say
    PostgreSQL would reject them (or run them with another meaning) become manual: the generated SQL and the
    source text go to the output inside an action-item comment, and deploy skips them."""
    located = tuple(_locate(f, kind, source_name, location) for f in findings)
    manual = manual or blocking(located)
    if manual:
        status = ObjectStatus.MANUAL
        sql = action_item(located, sql, source_text)
    else:
        status = ObjectStatus.CONVERTED_WITH_FINDINGS if located else ObjectStatus.CONVERTED
    deps = tuple(d for d in dict.fromkeys(depends_on) if d and d != f"{schema}.{name}")
    return ConvertedObject(kind, schema, name, sql, status, source_name, location, located, deps, phase, columns)


def _locate(f: Finding, kind: str, source_name: str, location: Location | None) -> Finding:
    if f.location is None or f.location.line is None:
        f = f.at(location) if location is not None else f
    return f if f.object_name else f.on(kind, source_name)


def action_item(findings: tuple[Finding, ...], sql: str, source_text: str) -> str:
    """The manual object's text: why, then the best SQL we could make, then the source, all commented out
    so that running the file by mistake does nothing."""
    worst = max(findings, key=lambda f: f.severity.rank) if findings else None
    rule = worst.rule_id if worst else RULE["manual_code"]
    lines = [f"/* AURORA-MIGRATE ACTION ITEM [{_safe(rule)}]: finish this object by hand."]
    lines += [
        f"   - [{_safe(f.rule_id)}] {f.severity.value}: {_safe(f.message)}"
        for f in findings
        if f.severity >= Severity.MEDIUM
    ]
    if sql.strip():
        lines += ["", "   Generated PostgreSQL (not deployed):", "", _safe(sql)]
    if source_text.strip():
        lines += ["", "   Source:", "", _safe(source_text)]
    lines.append("*/")
    return "\n".join(lines) + "\n"


def _safe(text: str) -> str:
    """Text inside a /* */ block must not close it early (PostgreSQL block comments also nest)."""
    return block_comment(text)


def qname(schema: str, name: str) -> str:
    """The dependency key of an object: unquoted target schema.name, as ConvertedObject.qualified_name."""
    return f"{schema}.{name}" if schema else name


def with_findings(rewritten: Rewritten, findings: list[Finding]) -> str:
    findings.extend(rewritten.findings)
    return rewritten.sql


def relabel(f: Finding, **changes: object) -> Finding:
    return replace(f, **changes)  # type: ignore[arg-type]


def nulls_not_distinct(
    kind: str, name: str, unique: bool, flag: bool, ctx: DdlContext, can_be_null: bool = True
) -> tuple[str, list[Finding]]:
    """PostgreSQL 15's NULLS NOT DISTINCT for a unique key or index whose source counts NULLs as equal (one NULL
    key only): the clause on a 15+ target; below 15 the key is kept as it can be, with a finding, unless none of
    its columns can hold a NULL (then the two rules are the same)."""
    if not (unique and flag):
        return "", []
    if ctx.target_version >= 15:
        return " NULLS NOT DISTINCT", []
    if not can_be_null:
        return "", []
    note = finding("nulls_not_distinct", Severity.MEDIUM,
                   f"{kind} {name} is UNIQUE NULLS NOT DISTINCT in the source (one NULL key only); PostgreSQL "
                   f"{ctx.target_version} has no NULLS NOT DISTINCT, so duplicates of NULL would be accepted",
                   "target PostgreSQL 15 or later, or make the columns NOT NULL, or enforce it with a trigger or a "
                   "unique index on coalesce() of the columns")  # fmt: skip
    return "", [note]


__all__ = ["DdlContext", "action_item", "finding", "make_object", "nulls_not_distinct", "qname", "qualified"]
