"""Convert a whole inventory: every schema object to PostgreSQL DDL, in one pass, with a ledger.

    result = convert_inventory(inventory, settings.conversion, target_version=16)

Nothing is dropped: objects that cannot be converted with certainty are kept as manual objects with their
findings; statements the scanner could not hold become manual statement objects. The ledger (see ledger.py)
must reconcile, or ConversionError is raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from converters import parallel
from converters.collation import insensitive_columns, schema_ddl
from converters.ddl_aliases import alias_base, alias_types, domain_object
from converters.ddl_appcontext import context_objects, note_app_contexts
from converters.ddl_booleans import boolean_columns, boolean_functions
from converters.ddl_columns import json_document_columns
from converters.ddl_context import DdlContext, qname
from converters.ddl_grants import grant_objects
from converters.ddl_limits import argument_limits
from converters.ddl_objects import (
    Item,
    code_object,
    index_object,
    refresh_objects,
    same_engine_type,
    schema_object,
    sequence_object,
    synonym_object,
    too_deep_object,
    view_object,
    view_query,
)
from converters.ddl_objtypes import object_tables, tables_of_manual_types, typed_columns, user_types
from converters.ddl_table import table_objects
from converters.ledger import build_ledger
from converters.names import Names, fold
from converters.output import deploy_order
from converters.procedural import callers_of_manual, convert_code, prepare_code, with_loopback
from converters.rewrite import (
    date_columns,
    float_columns,
    fraction_columns,
    money_columns,
    oracle_date_columns,
    oracle_number_columns,
    oracle_table_columns,
    oracle_timestamp_columns,
    oracle_timestamp_digits,
    output_into_columns,
    string_columns,
)
from converters.types import map_type
from migrate.config import ConversionSettings
from migrate.errors import ConversionError
from migrate.model import (
    Column,
    ColumnType,
    ConversionResult,
    ConvertedObject,
    Finding,
    Inventory,
    ObjectStatus,
    Routine,
    RoutineKind,
    Schema,
)
from migrate.model.engines import DEFAULT_TARGET_VERSION, ENGINES
from migrate.model.inventory import COMPILER_PREFIX
from migrate.sqltext.comments import block_comment


def _oracle_dates(inventory: Inventory, ctx: DdlContext) -> None:
    ctx.oracle_date_columns = oracle_date_columns(inventory)
    ctx.timestamp_columns = oracle_timestamp_columns(inventory)
    ctx.timestamp_digits = oracle_timestamp_digits(inventory)


def _oracle_numbers(inventory: Inventory, ctx: DdlContext) -> None:
    ctx.number_columns = oracle_number_columns(inventory)
    ctx.table_columns = oracle_table_columns(inventory)


def _oracle_json(inventory: Inventory, ctx: DdlContext) -> None:
    ctx.json_columns = json_document_columns(list(inventory.tables()), ctx.source)


def _oracle_compiler(inventory: Inventory, ctx: DdlContext) -> None:
    """The PL/SQL compilation parameters the source's units were compiled with (the scan's properties)."""
    properties = inventory.source.properties
    ctx.compiled_with = tuple(
        (k[len(COMPILER_PREFIX) :], v) for k, v in properties.items() if k.startswith(COMPILER_PREFIX)
    )


# source engine -> what its rewrites must learn from the whole inventory before any object converts
INVENTORY_FACTS: dict[str, tuple[Callable[[Inventory, DdlContext], None], ...]] = {
    "oracle": (
        _oracle_dates,
        _oracle_numbers,
        _oracle_json,
        _oracle_compiler,  # PLSQL_OPTIMIZE_LEVEL, PLSQL_CCFLAGS ...: what conditional compilation reads
        note_app_contexts,  # CREATE CONTEXT: which namespaces are one session's own (SYS_CONTEXT, DBMS_SESSION)
    ),  # DATE and NUMBER columns: their text form is Oracle's own
}

SOURCES = tuple(ENGINES)

# source engine -> routine kinds whose source text is already PostgreSQL DDL (kept as written, not manual)
SAME_ENGINE_KINDS: dict[str, frozenset[RoutineKind]] = {
    "oracle": frozenset(),
    "sqlserver": frozenset(),
    "postgresql": frozenset({RoutineKind.TYPE}),  # CREATE TYPE ... AS ENUM / composite / RANGE from pg_dump
}

Progress = Callable[..., None]


def convert_inventory(
    inventory: Inventory,
    settings: ConversionSettings | None = None,
    target_version: int = DEFAULT_TARGET_VERSION,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> ConversionResult:
    """`jobs`: worker processes for view queries (None: one per core; 1: all in this process)."""
    source = inventory.source.engine
    if source not in SOURCES:
        raise ConversionError(
            f"inventory source engine {source!r} is not one convert knows", f"use one of: {', '.join(SOURCES)}"
        )
    ctx = _context(inventory, settings or ConversionSettings(), target_version)
    prepare_code(
        [r for s in inventory.schemas for r in s.routines], ctx, [t for s in inventory.schemas for t in s.triggers]
    )
    built = _objects(inventory, ctx, progress or (lambda *a, **k: None), jobs)
    objects = with_loopback(callers_of_manual(tables_of_manual_types(built, ctx)))
    objects.extend(grant_objects(inventory.grants, objects, ctx))
    objects.extend(context_objects(inventory))
    result_objects, ledger, run_findings = build_ledger(inventory, objects)
    if not ledger.reconciles:
        raise ConversionError(
            f"the ledger does not reconcile: {ledger.statements_in} statements in, {len(ledger.entries)} accounted "
            f"for, {ledger.unaccounted} unaccounted",
            "this is a bug in aurora-migrate: report it with the inventory.json (run with --traceback)",
        )
    unplaced = [f for f in ctx.names.findings if not f.object_name]
    ordered = tuple(deploy_order(result_objects))  # deploy applies objects in the order the file lists them
    # what the scan could not fully read travels with the conversion, so `convert FILES` shows it too
    return ConversionResult(source, target_version, ordered, ledger, (*inventory.findings, *run_findings, *unplaced))


def _context(inventory: Inventory, settings: ConversionSettings, target_version: int) -> DdlContext:
    """What every builder needs to know about the whole run: names, column and type facts, routines in scope."""
    source = inventory.source.engine
    names = Names(source, settings.schema_map)
    booleans = boolean_columns(
        inventory.tables(), lambda name: fold(name, source), lambda c: map_type(c.type, source).sql == "boolean"
    ) | boolean_functions(
        (r for s in inventory.schemas for r in s.routines),
        lambda r: qname(names.schema(r.schema), fold(r.name, source)),
        source,
    )
    ctx = DdlContext(source, settings, target_version, names, _relations(inventory, names), booleans)
    ctx.date_columns, ctx.string_columns = date_columns(inventory), string_columns(inventory)
    ctx.fraction_columns = fraction_columns(inventory)
    ctx.money_columns, ctx.float_columns = money_columns(inventory), float_columns(inventory)
    ctx.output_into_columns = output_into_columns(inventory)
    for learn in INVENTORY_FACTS.get(source, ()):
        learn(inventory, ctx)
    ctx.aliases.update(alias_types(inventory))
    ctx.user_types_declared = user_types(inventory, ctx)
    ctx.typed_columns = typed_columns(inventory, ctx.user_types_declared)
    ctx.object_tables = object_tables(inventory)
    ctx.collation = inventory.source.collation
    ctx.insensitive_columns = insensitive_columns(inventory, settings, lambda c: _typed(c, ctx))
    ctx.tables.update(((t.schema.upper(), t.name.upper()), t) for t in inventory.tables())
    _note_routines(inventory, ctx)
    ctx.sequences.update(
        qname(names.schema(s.schema), fold(s.name, source)) for schema in inventory.schemas for s in schema.sequences
    )
    return ctx


CALLABLE_KINDS = (RoutineKind.FUNCTION, RoutineKind.PROCEDURE, RoutineKind.PACKAGE, RoutineKind.AGGREGATE)


def _note_routines(inventory: Inventory, ctx: DdlContext) -> None:
    """The run's user types, callable routines, procedures and functions, by target name."""
    source, names = ctx.source, ctx.names
    for routine in (r for s in inventory.schemas for r in s.routines):
        target = qname(names.schema(routine.schema), fold(routine.name, source))
        if routine.kind in SAME_ENGINE_KINDS[source]:
            ctx.user_types[f"{routine.schema}.{routine.name}".lower()] = target
        if routine.kind in CALLABLE_KINDS:
            ctx.routines.add(target)
        if routine.kind is RoutineKind.PROCEDURE:
            ctx.procedures[target] = routine
        if routine.kind is RoutineKind.FUNCTION:
            ctx.functions[target] = routine


def _objects(inventory: Inventory, ctx: DdlContext, report: Progress, jobs: int | None) -> list[ConvertedObject]:
    """Every schema's objects; view queries convert in worker processes meanwhile."""
    total, done = sum(_size(s) for s in inventory.schemas), 0
    objects: list[ConvertedObject] = []
    views = (v for s in inventory.schemas for v in s.views)
    ctx.queries = parallel.start(ctx, (view_query(v) for v in views), jobs)
    try:
        for schema in inventory.schemas:
            objects.extend(_schema_objects(schema, ctx, report, done, total))
            done += _size(schema)
    finally:
        if ctx.queries is not None:
            ctx.queries.close()
            ctx.queries = None
    return objects


def _typed(column: Column, ctx: DdlContext) -> tuple[ColumnType, str]:
    """A column's source type (its alias type's base) and the PostgreSQL type it maps to."""
    source_type = ctx.aliases.get(re.sub(r'[\[\]"\s]', "", column.type.raw).upper(), column.type)
    return source_type, map_type(source_type, ctx.source).sql or ""


def _size(schema: Schema) -> int:
    parts = (schema.tables, schema.views, schema.sequences, schema.synonyms, schema.routines, schema.triggers)
    return sum(len(p) for p in parts)


def _relations(inventory: Inventory, names: Names) -> set[str]:
    """Every table and view in scope, by target name: FKs and views that read anything else get a finding."""
    probe = Names(names.source, names.schema_map)
    found = set()
    for schema in inventory.schemas:
        target = probe.schema(schema.name)
        for item in (*schema.tables, *schema.views, *schema.synonyms):
            found.add(qname(target, probe.name(item.name)))
    return found


def _schema_objects(schema: Schema, ctx: DdlContext, report: Progress, done: int, total: int) -> list[ConvertedObject]:
    target = ctx.names.schema(schema.name)
    out = [schema_object(target, schema.name, schema.comment)]
    steps: list[tuple[str, Item, Callable[[], list[ConvertedObject]]]] = []
    steps += [("sequence", s, lambda s=s: [sequence_object(s, ctx)]) for s in schema.sequences]
    steps += [("table", t, lambda t=t: [*table_objects(t, ctx), *(index_object(t, i, ctx) for i in t.indexes)])
              for t in schema.tables]  # fmt: skip
    steps += [("view", v, lambda v=v: _with_refresh(view_object(v, ctx))) for v in schema.views]
    steps += [("synonym", s, lambda s=s: [synonym_object(s, ctx)]) for s in schema.synonyms]
    steps += [(r.kind.value, r, lambda r=r: _routine(r, ctx)) for r in schema.routines]
    steps += [("trigger", t, lambda t=t: convert_code(t, "trigger", ctx) or [code_object(t, "trigger", ctx)])
              for t in schema.triggers]  # fmt: skip
    for n, (kind, item, build) in enumerate(steps, 1):
        before = len(ctx.names.findings)
        try:
            built = build()
        except RecursionError:  # nested deeper than sqlglot can follow: this object is left for a person
            built = [too_deep_object(kind, item, ctx)]
        out.extend(_attach(built, ctx.names.findings[before:]))
        label = item.name
        report(done + n, total, f"{schema.name}.{label}")
    needs = schema_ddl(ctx.insensitive.get(target, ()), target)  # the collations / citext its columns use
    return [replace(out[0], sql=out[0].sql + needs), *out[1:]] if needs else out


def _with_refresh(view: ConvertedObject) -> list[ConvertedObject]:
    return [view, *refresh_objects(view)]


def _routine(routine: Routine, ctx: DdlContext) -> list[ConvertedObject]:
    """Alias types become domains; a PostgreSQL source's types are already target DDL; other routines go to the
    source language's procedural converter, and what none converts is kept for a person with its source."""
    base = alias_base(routine, ctx.source)
    if base is not None:
        return [domain_object(routine, base, ctx)]
    if routine.kind in SAME_ENGINE_KINDS[ctx.source]:
        return [same_engine_type(routine, ctx)]
    if argument_limits(routine, ctx.source):  # past PostgreSQL's 100 arguments: no conversion can deploy it
        return [code_object(routine, routine.kind.value, ctx)]
    return convert_code(routine, routine.kind.value, ctx) or [code_object(routine, routine.kind.value, ctx)]


def _attach(built: list[ConvertedObject], name_findings: list[Finding]) -> list[ConvertedObject]:
    """Name findings (too long, clashes, duplicates) belong to the object whose name they are about."""
    if not name_findings or not built:
        return built
    first = built[0]
    located = tuple(f if f.location else f.at(first.location) for f in name_findings)
    status = first.status
    if status is ObjectStatus.CONVERTED:
        status = ObjectStatus.CONVERTED_WITH_FINDINGS
    sql = first.sql
    if status is ObjectStatus.MANUAL:
        sql = "".join(f"/* [{block_comment(f.rule_id)}] {block_comment(f.message)} */\n" for f in located) + sql
    return [replace(first, findings=(*first.findings, *located), status=status, sql=sql), *built[1:]]
