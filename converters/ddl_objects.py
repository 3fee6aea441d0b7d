"""Schemas, indexes, sequences, views, materialized views, synonyms; routines, triggers and packages are kept
as manual objects (their conversion is another issue) — counted, never dropped."""

from __future__ import annotations

from converters.ddl_context import DdlContext, finding, make_object, nulls_not_distinct, qname, routines_called
from converters.ddl_limits import argument_limits, index_limits
from converters.names import qualified, quote
from migrate.model import (
    Constraint,
    ConstraintKind,
    ConvertedObject,
    Finding,
    Index,
    Location,
    ObjectStatus,
    Routine,
    Sequence,
    Severity,
    Synonym,
    Table,
    Trigger,
    View,
)
from migrate.sqltext.comments import line_comment

BIGINT_MAX = 9223372036854775807
BIGINT_MIN = -9223372036854775808

# index kind -> (PostgreSQL access method, finding severity or None, why)
INDEX_KINDS: dict[str, tuple[str, Severity | None, str]] = {
    "btree": ("btree", None, ""),
    "function": ("btree", None, ""),
    "normal": ("btree", None, ""),
    "nonclustered": ("btree", None, ""),
    "bitmap": (
        "btree",
        Severity.LOW,
        "bitmap index created as btree (PostgreSQL combines btree indexes as bitmaps "
        "at query time); on a low-cardinality column consider dropping it or a partial index",
    ),
    "reverse": (
        "btree",
        Severity.LOW,
        "reverse-key index created as a plain btree (it only spread Oracle block contention)",
    ),
    "clustered": (
        "btree",
        Severity.INFO,
        "clustered index created as a btree; PostgreSQL tables are heaps (run CLUSTER once if physical order matters)",
    ),
    "hash": ("hash", None, ""),
}


def schema_object(target: str, source: str, comment: str | None = None) -> ConvertedObject:
    sql = f"CREATE SCHEMA IF NOT EXISTS {quote(target)};\n"
    if comment:
        sql += f"COMMENT ON SCHEMA {quote(target)} IS '{comment.replace(chr(39), chr(39) * 2)}';\n"
    return make_object("schema", "", target, sql, source_name=source, location=None)


def index_object(table: Table, index: Index, ctx: DdlContext) -> ConvertedObject:
    schema, table_name = ctx.target(table.schema, table.name)
    covering = _covering_constraint(table, index)
    if covering is not None:
        return _covered(table, index, covering, schema, table_name, ctx)
    name, _ = ctx.names.relation(schema, index.name, "index", table.location)
    findings: list[Finding] = index_limits(index)
    method, severity, why = INDEX_KINDS.get(index.kind.lower(), ("", Severity.HIGH, ""))
    if severity is not None:
        findings.append(finding("bitmap" if index.kind.lower() == "bitmap" else "index_kind", severity,
                                why or f"{index.kind} index has no PostgreSQL equivalent",
                                "" if why else "choose a GIN/GiST index or full-text search by hand"))  # fmt: skip
    parts = [_index_column(col, table, index, ctx, findings) for col in index.columns]
    using = f" USING {method}" if method and method != "btree" else ""
    sql = (f"CREATE {'UNIQUE ' if index.unique else ''}INDEX IF NOT EXISTS {quote(name)} ON "
           f"{qualified(schema, table_name)}{using} ({', '.join(parts)})")  # fmt: skip
    if index.include:
        sql += f" INCLUDE ({', '.join(quote(ctx.names.name(c)) for c in index.include)})"
    nullable = any(
        col.is_expression or (column := table.column(col.expression)) is None or column.nullable
        for col in index.columns
    )
    nulls, notes = nulls_not_distinct(
        "unique index", index.name, index.unique, index.nulls_not_distinct, ctx, can_be_null=nullable
    )
    sql += nulls
    findings.extend(notes)
    if index.where:
        sql += f" WHERE {_take(ctx.expression(index.where, 'index', index.name, table.location), findings)}"
    calls = routines_called(sql, schema, ctx.routines) if any(c.is_expression for c in index.columns) else []
    if index.comment:
        sql += f";\nCOMMENT ON INDEX {qualified(schema, name)} IS '{index.comment.replace(chr(39), chr(39) * 2)}'"
    return make_object("index", schema, name, sql + ";\n", source_name=f"{table.schema}.{index.name}",
                       location=table.location, findings=findings, depends_on=[qname(schema, table_name), *calls],
                       manual=not method)  # fmt: skip


def _covering_constraint(table: Table, index: Index) -> Constraint | None:
    """The PK/UNIQUE constraint whose own index is this one (Oracle exports both: CREATE UNIQUE INDEX X, then
    ADD CONSTRAINT X PRIMARY KEY ... USING INDEX X)."""
    if index.where or any(c.is_expression or c.descending for c in index.columns):
        return None
    columns = [c.expression.upper() for c in index.columns]
    keys = (c for c in table.constraints if c.kind in (ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE))
    return next((c for c in keys if [col.upper() for col in c.columns] == columns and c.enabled
                 and c.nulls_not_distinct >= index.nulls_not_distinct), None)  # fmt: skip


def _covered(table: Table, index: Index, key: Constraint, schema: str, table_name: str, ctx: DdlContext):
    name = ctx.names.name(index.name)
    note = finding("index_covered", Severity.INFO, f"index {index.name} is the one {key.kind.value} {key.name} "
                   "already creates on the same columns; not created twice")  # fmt: skip
    sql = (
        "-- "
        + line_comment(
            f"{name}: served by the index of {key.kind.value} {ctx.names.name(key.name)} on the same columns"
        )
        + "\n"
    )
    return make_object("index", schema, name, sql, source_name=f"{table.schema}.{index.name}",
                       location=table.location, findings=[note], depends_on=[qname(schema, table_name)])  # fmt: skip


def _index_column(col, table: Table, index: Index, ctx: DdlContext, findings: list[Finding]) -> str:
    if col.is_expression or table.column(col.expression) is None:
        text = f"({_take(ctx.expression(col.expression, 'index', index.name, table.location), findings)})"
    else:
        text = quote(ctx.names.name(col.expression))
    return text + (" DESC" if col.descending else "")


def _take(rewritten, findings: list[Finding]) -> str:
    findings.extend(rewritten.findings)
    return rewritten.sql


def sequence_object(seq: Sequence, ctx: DdlContext) -> ConvertedObject:
    schema = ctx.names.schema(seq.schema)
    name, duplicate = ctx.names.relation(schema, seq.name, "sequence", seq.location)
    findings: list[Finding] = []
    clauses = [f"AS {SEQUENCE_TYPES[_bare_type(seq.data_type)]}" if _bare_type(seq.data_type) in SEQUENCE_TYPES else ""]
    clauses.append(f"INCREMENT BY {seq.increment}")
    clauses.append(_limit("MINVALUE", seq.min_value, seq, findings))
    clauses.append(_limit("MAXVALUE", seq.max_value, seq, findings))
    if seq.start is not None:
        clauses.append(f"START WITH {_clamp(seq.start, seq, findings, 'START WITH')}")
    # NOCACHE is CACHE 1 in PostgreSQL; Oracle's default cache of 20 has no effect on correctness
    clauses.append(f"CACHE {max(seq.cache or 1, 1)}")
    clauses.append("CYCLE" if seq.cycle else "NO CYCLE")
    sql = f"CREATE SEQUENCE IF NOT EXISTS {qualified(schema, name)} {' '.join(c for c in clauses if c)};\n"
    if seq.last_value is not None:
        sql += f"SELECT setval('{qualified(schema, name)}', {_clamp(seq.last_value, seq, findings, 'last value')});\n"
    return make_object("sequence", schema, name, sql, source_name=seq.qualified_name, location=seq.location,
                       findings=findings, depends_on=[schema], manual=duplicate, source_text=seq.source_text)  # fmt: skip


# SQL Server sequence type -> PostgreSQL sequence type (DECIMAL/NUMERIC sequences fall back to bigint, clamped)
SEQUENCE_TYPES: dict[str, str] = {
    "bigint": "bigint",
    "int": "integer",
    "integer": "integer",
    "smallint": "smallint",
    "tinyint": "smallint",  # 0..255 fits smallint; PostgreSQL has no 1-byte integer
}


def _bare_type(text: str | None) -> str:
    return (text or "").strip().strip("[]").lower()


def _limit(word: str, value: int | None, seq: Sequence, findings: list[Finding]) -> str:
    return "" if value is None else f"{word} {_clamp(value, seq, findings, word)}"


def _clamp(value: int, seq: Sequence, findings: list[Finding], what: str) -> int:
    """Oracle sequences go to 28 digits; PostgreSQL sequences are bigint."""
    clamped = min(max(value, BIGINT_MIN), BIGINT_MAX)
    if clamped != value:
        findings.append(finding("sequence_clamped", Severity.LOW if what == "MAXVALUE" else Severity.HIGH,
                                f"sequence {seq.name}: {what} {value} is beyond bigint; clamped to {clamped}",
                                "nothing to do unless values really exceed 9.2e18"))  # fmt: skip
    return clamped


def view_query(view: View) -> tuple[str, str, str, Location | None]:
    """What converting a view's query takes (DdlContext.query's arguments): the same for every run."""
    kind = "materialized_view" if view.materialized else "view"
    return view.query, kind, view.qualified_name, view.location


# PostgreSQL's own catalogs, on every server: a rewrite may read them (SYS_CONTEXT's SESSIONID: pg_stat_activity)
SYSTEM_SCHEMAS = frozenset({"pg_catalog", "information_schema"})


def view_object(view: View, ctx: DdlContext) -> ConvertedObject:
    query = view_query(view)
    kind = query[1]
    schema = ctx.names.schema(view.schema)
    name, duplicate = ctx.names.relation(schema, view.name, kind, view.location)
    rewritten = ctx.query(*query)
    findings = list(rewritten.findings)
    columns = f" ({', '.join(quote(ctx.names.name(c)) for c in view.columns)})" if view.columns else ""
    reads = [_read_key(t, schema) for t in rewritten.tables]
    calls = routines_called(rewritten.sql, schema, ctx.routines)
    findings += [finding("view_calls_routine", Severity.MEDIUM, f"{kind} {view.name} calls {r}, a routine that "
                         "is converted by hand: it deploys once that routine exists",
                         "convert the routine, then deploy again") for r in calls]  # fmt: skip
    findings += [finding("dangling_view", Severity.MEDIUM, f"{kind} {view.name} reads {t}, which is not in the "
                         "converted scope", "make sure it exists on the target before deploying") for t in reads
                 if t not in ctx.relations and t.split(".")[0] not in SYSTEM_SCHEMAS]  # fmt: skip
    if view.materialized:
        sql = f"CREATE MATERIALIZED VIEW IF NOT EXISTS {qualified(schema, name)}{columns} AS\n{rewritten.sql}\nWITH DATA;\n"
        if view.refresh:
            findings.append(finding("materialized_refresh", Severity.MEDIUM,
                                    f"REFRESH {view.refresh}: PostgreSQL refreshes materialized views only on request",
                                    f"schedule REFRESH MATERIALIZED VIEW {schema}.{name} (pg_cron), or use triggers "
                                    "for on-commit freshness"))  # fmt: skip
    else:
        sql = f"CREATE OR REPLACE VIEW {qualified(schema, name)}{columns} AS\n{rewritten.sql}"
        sql += "\nWITH CHECK OPTION;\n" if view.with_check_option else ";\n"
        if view.read_only:
            findings.append(finding("view_read_only", Severity.LOW, "WITH READ ONLY has no PostgreSQL clause; "
                                    "a simple view stays updatable", "REVOKE INSERT, UPDATE, DELETE on the view"))  # fmt: skip
    if view.comment:
        sql += f"COMMENT ON {'MATERIALIZED VIEW' if view.materialized else 'VIEW'} {qualified(schema, name)} IS '{view.comment.replace(chr(39), chr(39) * 2)}';\n"
    for column, comment in view.column_comments:  # PostgreSQL keeps comments on view columns too
        target = quote(ctx.names.name(column))
        sql += f"COMMENT ON COLUMN {qualified(schema, name)}.{target} IS '{comment.replace(chr(39), chr(39) * 2)}';\n"
    return make_object(kind, schema, name, sql, source_name=view.qualified_name, location=view.location,
                       findings=findings, depends_on=[schema, *reads, *calls], manual=duplicate,
                       source_text=view.source_text)  # fmt: skip


def refresh_objects(view: ConvertedObject) -> list[ConvertedObject]:
    """A materialized view is created empty-with-the-tables; after the data load it must be refreshed once."""
    if view.kind != "materialized_view" or view.status is ObjectStatus.MANUAL:
        return []
    sql = f"REFRESH MATERIALIZED VIEW {qualified(view.schema, view.name)};\n"
    return [make_object("refresh", view.schema, f"{view.name}_refresh", sql, source_name=view.source_name,
                        location=view.location, depends_on=[view.qualified_name], phase="post_load")]  # fmt: skip


def _read_key(table: str, default_schema: str) -> str:
    """A dependency key from a name the rewriter read: unquoted; unqualified names live in the view's schema
    (Oracle and SQL Server resolve them in the owner's / default schema; deploy sets search_path the same way)."""
    parts = [p.strip('"') for p in table.split(".")]
    return ".".join(parts[-2:]) if len(parts) > 1 else f"{default_schema}.{parts[0]}"


def synonym_object(syn: Synonym, ctx: DdlContext) -> ConvertedObject:
    schema = ctx.names.schema(syn.schema)
    name, duplicate = ctx.names.relation(schema, syn.name, "synonym", syn.location)
    target_schema, target_name = ctx.target(syn.target_schema or syn.schema, syn.target_name)
    key = qname(target_schema, target_name)
    findings = [finding("synonym", Severity.LOW, f"synonym {syn.qualified_name} becomes a view over {key}; "
                        "PostgreSQL has no synonyms", "alternatively put the target schema on search_path")]  # fmt: skip
    manual = duplicate
    if syn.db_link:
        findings.append(finding("synonym_link", Severity.HIGH, f"synonym over a database link ({syn.db_link})",
                                "use postgres_fdw / oracle_fdw and point a view at the foreign table"))  # fmt: skip
    elif key not in ctx.relations and name == target_name and key in (ctx.routines | ctx.sequences):
        # a routine or sequence under its own name: the target schema on search_path reaches it by that name
        findings = [finding("synonym", Severity.INFO, f"synonym {syn.qualified_name} for {key}: {target_schema} is "
                            "added to the database's search_path, so the unqualified name reaches it as before",
                            "with several synonyms of one name in different schemas, qualify the calls")]  # fmt: skip
        return make_object("synonym", schema, name, search_path_sql(target_schema), source_name=syn.qualified_name,
                           location=syn.location, findings=findings, depends_on=[schema, target_schema, key])  # fmt: skip
    elif key not in ctx.relations:
        manual = True
        findings.append(finding("synonym", Severity.MEDIUM, f"synonym target {key} is not a table or view in scope "
                                "(a routine or sequence under another name, or another schema)",
                                "refer to the target by its qualified name, or set search_path"))  # fmt: skip
    sql = (
        f"CREATE OR REPLACE VIEW {qualified(schema, name)} AS SELECT * FROM {qualified(target_schema, target_name)};\n"
    )
    return make_object("synonym", schema, name, sql, source_name=syn.qualified_name, location=syn.location,
                       findings=findings, depends_on=[schema, key], manual=manual)  # fmt: skip


def search_path_sql(schema: str) -> str:
    """Append `schema` to the database's default search_path (once; sessions started afterwards see it)."""
    literal = schema.replace("'", "''")
    return (
        "DO $search_path$\n"
        "DECLARE\n"
        "    current_path text := coalesce((SELECT substr(c, length('search_path=') + 1) FROM pg_db_role_setting s,\n"
        "        unnest(s.setconfig) c WHERE s.setrole = 0 AND c LIKE 'search_path=%' AND s.setdatabase =\n"
        "        (SELECT oid FROM pg_database WHERE datname = current_database())), '\"$user\", public');\n"
        "BEGIN\n"
        f"    IF NOT (quote_ident('{literal}') = ANY (string_to_array(replace(current_path, ', ', ','), ','))) THEN\n"
        "        EXECUTE format('ALTER DATABASE %I SET search_path TO ' || current_path || ', %s', current_database(),\n"
        f"            quote_ident('{literal}'));\n"
        "    END IF;\n"
        "END\n"
        "$search_path$;\n"
    )


def code_object(item: Routine | Trigger, kind: str, ctx: DdlContext) -> ConvertedObject:
    """Procedural code is not converted here: kept as a manual object carrying its source text."""
    schema = ctx.names.schema(item.schema)
    name = ctx.names.name(item.name, item.location, kind)
    message = f"{kind} {item.qualified_name}: procedural code is not converted by 'convert' yet; its source is kept"
    found = [finding("manual_code", Severity.HIGH, message, "convert it by hand to PL/pgSQL", item.source[:200])]
    if isinstance(item, Routine):
        found += argument_limits(item, ctx.source)
    return make_object(kind, schema, name, "", source_name=item.qualified_name, location=item.location,
                       findings=found, manual=True, source_text=item.source)  # fmt: skip


def same_engine_type(item: Routine, ctx: DdlContext) -> ConvertedObject:
    """A PostgreSQL source's CREATE TYPE (enum, composite, range) is already target DDL: kept as written."""
    schema = ctx.names.schema(item.schema)
    name = ctx.names.name(item.name, item.location, "type")
    sql = item.source.strip().rstrip(";") + ";\n"
    return make_object("type", schema, name, sql, source_name=item.qualified_name, location=item.location,
                       depends_on=[schema], source_text=item.source)  # fmt: skip


def statement_object(kind: str, name: str, text: str, location: Location | None, reason: str) -> ConvertedObject:
    """A statement the scanner read but nothing in the model holds: kept verbatim for a person."""
    found = [finding("unparsed_statement", Severity.HIGH, f"{kind or 'statement'} not converted: {reason}",
                     "convert this statement by hand", text[:200])]  # fmt: skip
    return make_object("statement", "", name, "", source_name=name, location=location, findings=found,
                       manual=True, source_text=text)  # fmt: skip


Item = Table | View | Sequence | Synonym | Routine | Trigger


def too_deep_object(kind: str, item: Item, ctx: DdlContext) -> ConvertedObject:
    """An object whose text is nested deeper than sqlglot can follow (RecursionError): kept for a person with its
    source, so one object costs itself and never the run."""
    message = (f"{kind} {item.qualified_name} is nested deeper than the converter can follow (parentheses or "
               "calls); it was not converted")  # fmt: skip
    remedy = "convert it by hand, or flatten the nesting on the source (a CASE, a CTE, a helper function)"
    source = getattr(item, "source", "") or getattr(item, "query", "") or ""
    found = [finding("too_deep", Severity.HIGH, message, remedy, source[:200])]
    return make_object(kind, ctx.names.schema(item.schema), ctx.names.name(item.name, item.location, kind), "",
                       source_name=item.qualified_name, location=getattr(item, "location", None), findings=found,
                       manual=True, source_text=source)  # fmt: skip
