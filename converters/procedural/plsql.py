"""The PL/SQL converter: one Oracle routine, package, trigger or type -> the PostgreSQL objects it becomes.

    objects = convert_plsql(routine, "procedure", ctx)   # registered as CONVERTERS["oracle"]

A unit whose conversion is exact becomes `converted` (or `converted_with_findings` when only advice remains); a
unit with anything that would change its meaning stays `manual`, with the partially converted body and the action
items at their lines (make_object does that from the findings' severity). Nothing raises: a unit that does not
parse is a manual object with AM-PLSQL-001 at its line, and the other units still convert.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from converters.ddl_context import DdlContext, make_object, qname
from converters.names import fold, qualified, quote, quote_hash_names
from converters.procedural.plsql_autotrigger import autonomous_triggers, on_trigger, prepare_autonomous_triggers
from converters.procedural.plsql_ccstatic import static_constants
from converters.procedural.plsql_init import guard, init_sql
from converters.procedural.plsql_mapdomain import is_map
from converters.procedural.plsql_objtypes import object_type
from converters.procedural.plsql_outfn import ends_transactions
from converters.procedural.plsql_outfn import register as register_out
from converters.procedural.plsql_output import note_partial_lines
from converters.procedural.plsql_overloads import ambiguous_calls, same_signatures
from converters.procedural.plsql_package import accessors, register
from converters.procedural.plsql_parse import PlsqlSyntaxError, Unit, lex
from converters.procedural.plsql_quiet import note_quiet_routines
from converters.procedural.plsql_returns import note_result, note_results
from converters.procedural.plsql_rules import plsql_finding
from converters.procedural.plsql_runfacts import procedure_functions
from converters.procedural.plsql_scope import (
    Package,
    Scope,
    function_signatures,
    object_types,
    out_functions,
    packages,
    run_state,
    unit_source,
)
from converters.procedural.plsql_tree import stored
from converters.procedural.plsql_trigger import trigger_sql, trigger_table
from converters.procedural.plsql_trycall import twin_name
from converters.procedural.plsql_twins import twinned_routines
from converters.procedural.plsql_typebody import type_body_objects
from converters.procedural.plsql_types import pg_type
from converters.procedural.plsql_units import routine_sql
from converters.procedural.plsql_units_parse import parse_unit
from converters.procedural.plsql_unreached import note_trigger_tables
from migrate.model import ConvertedObject, Location, Routine, RoutineKind, Trigger


def convert_plsql(item: Routine | Trigger, kind: str, ctx: DdlContext) -> list[ConvertedObject] | None:
    build = UNITS.get(kind)
    if build is None or getattr(item, "language", "plsql") not in ("plsql", "sql"):
        return None
    try:
        return build(item, ctx)
    except PlsqlSyntaxError as error:
        return [_unparsed(item, kind, ctx, str(error), error.offset, getattr(error, "rule", ""))]
    except RecursionError:
        return [_unparsed(item, kind, ctx, "nesting too deep to convert", 0)]
    except Exception as error:  # a converter bug costs this unit, never the run (and never a traceback)
        return [_unparsed(item, kind, ctx, f"internal error {type(error).__name__}: {str(error)[:200]}", 0)]


def _unparsed(
    item: Routine | Trigger, kind: str, ctx: DdlContext, why: str, offset: int, rule: str = ""
) -> ConvertedObject:
    wrapped, internal = "wrapped" in why, why.startswith("internal")
    rule = rule or ("AM-PLSQL-002" if wrapped else "AM-PLSQL-029" if internal else "AM-PLSQL-001")
    line = item.source.count("\n", 0, offset)
    where = item.location.shifted(line) if item.location is not None else Location(None, line + 1)
    found = plsql_finding(rule, f"{kind} {item.qualified_name}: {why}", where, item.source[offset : offset + 80])
    schema = ctx.names.schema(item.schema)
    return make_object(kind, schema, ctx.names.name(item.name), "", source_name=item.qualified_name,
                       location=item.location, findings=[found], manual=True, source_text=item.source)  # fmt: skip


def _object(kind: str, schema: str, name: str, sql: str, item: Routine | Trigger, scope: Scope,
            extra: tuple[str, ...] = (), source_text: str = "") -> ConvertedObject:  # fmt: skip
    tables = {t if "." in t else f"{scope.schema}.{t}" for t in scope.tables}
    depends = [schema, *extra, *sorted(tables & scope.ctx.relations), *sorted(scope.calls), *_types_used(scope, sql)]
    return make_object(kind, schema, name, quote_hash_names(sql), source_name=item.qualified_name,
                       location=item.location, findings=scope.findings, depends_on=depends, manual=not sql,
                       source_text=source_text or item.source)  # fmt: skip


def _types_used(scope: Scope, sql: str) -> list[str]:
    """The run's schema-level object and collection types the routine's text names (parameters, variables,
    casts): they deploy before it, whatever order the export files came in."""
    targets = {target for target, _element in object_types(scope.ctx).values()}
    return sorted(t.replace('"', "") for t in targets if t and re.search(re.escape(t) + r"(?![\w$])", sql))


def _routine(item: Routine | Trigger, ctx: DdlContext) -> list[ConvertedObject]:
    assert isinstance(item, Routine)
    unit = _parsed(ctx).pop(item.source, None) or parse_unit(unit_source(item.source, item.name, ctx))
    assert unit.routine is not None
    procedure = unit.routine.kind != "FUNCTION" or ends_transactions(unit.source.tokens, unit.routine)
    kind = "procedure" if procedure else "function"  # a function ending transactions becomes one (plsql_outfn)
    schema = ctx.names.schema(item.schema)
    name = ctx.names.name(item.name, item.location, kind)
    scope = Scope(ctx, unit.source, item.schema, schema, item.location, kind)
    sql = routine_sql(scope, unit.routine, qualified(schema, name))
    made = [_object(kind, schema, name, sql, item, scope)]
    if unit.routine.name.upper() in twinned_routines(ctx):  # its error returned as a value (plsql_twin)
        twin = Scope(ctx, unit.source, item.schema, schema, item.location, kind)
        twin_sql = routine_sql(twin, unit.routine, qualified(schema, twin_name(name)), twin=True)
        made.append(_object(kind, schema, twin_name(name), twin_sql, item, twin))
    return made


def _package_of(item: Routine, unit: Unit, ctx: DdlContext) -> Package:
    name = unit.name[-1] if unit.name else item.name
    # Order_Processing_Pkg written without quotes is ORDER_PROCESSING_PKG: the schema order_processing_pkg; "DEFS"
    # in quotes is the DEFS that unquoted references name
    bare = name[1:-1] if name.startswith('"') and name[1:-1] == name[1:-1].upper() else name
    return packages(ctx).setdefault(bare.upper(), Package(bare.upper(), ctx.names.name(stored(bare))))


def _package(item: Routine | Trigger, ctx: DdlContext) -> list[ConvertedObject]:
    """The spec: the schema, and the accessors of its public variables."""
    assert isinstance(item, Routine)
    unit = parse_unit(unit_source(item.source, item.name, ctx))
    package = _package_of(item, unit, ctx)
    scope = Scope(ctx, unit.source, item.schema, ctx.names.schema(item.schema), item.location, "package", package)
    scope.home = package.schema
    register(scope, unit)
    package.declared |= _routine_names(unit)
    note_results(scope, package.schema, unit.decls)
    added = _variables(unit, package)
    if any(not package.variables[n].constant for n in added):
        scope.flag("AM-PLSQL-012", 0, f"package {item.qualified_name}")
    sql = f"CREATE SCHEMA IF NOT EXISTS {quote(package.schema)};\n" + "".join(scope.prelude) + accessors(package, added)
    return [_object("package", package.schema, package.schema, sql, item, scope)]


def _package_body(item: Routine | Trigger, ctx: DdlContext) -> list[ConvertedObject]:
    """The body: its private variables' accessors, then each routine as a function or procedure of the schema."""
    assert isinstance(item, Routine)
    unit = _parsed(ctx).pop(item.source, None) or parse_unit(unit_source(item.source, item.name, ctx))
    package = _package_of(item, unit, ctx)
    owner = ctx.names.schema(item.schema)
    scope = Scope(ctx, unit.source, item.schema, owner, item.location, "package", package)
    scope.home = package.schema
    register(scope, unit)
    for missing in sorted(package.declared - _routine_names(unit, bodies=True)):
        scope.flag("AM-PLSQL-160", 0, f"{package.name.lower()}.{missing.lower()}")
    note_results(scope, package.schema, unit.decls)
    added = _variables(unit, package)
    if any(not package.variables[n].constant for n in added):
        scope.flag("AM-PLSQL-012", 0, f"package body {item.qualified_name}")
    package.init = unit.init is not None
    init = init_sql(scope, unit.init, item.qualified_name) if unit.init is not None else ""
    spec = f"{package.schema}.{package.schema}"
    body_sql = (
        f"CREATE SCHEMA IF NOT EXISTS {quote(package.schema)};\n"
        + "".join(scope.prelude)
        + accessors(package, added)
        + init
    )
    out = [_object("package_body", package.schema, f"{package.schema}_body", body_sql, item, scope, (spec,))]
    previous_end = 0
    made: list[tuple[str, str, str, Scope, tuple[str, ...], str, int]] = []
    for decl in unit.decls:
        if decl.kind != "routine" or decl.routine is None or decl.routine.body is None:
            previous_end = decl.end
            continue
        routine = decl.routine
        procedure = routine.kind != "FUNCTION" or ends_transactions(unit.source.tokens, routine)
        kind = "procedure" if procedure else "function"
        name = ctx.names.name(stored(routine.name), item.location, kind)  # getIndex is GETINDEX: getindex
        renamed = package.renamed.get(routine.name.upper()) if routine.kind == "PROCEDURE" else None
        name = renamed or name  # it shares name and input types with a function of the package (plsql_package)
        text = unit.source.text[unit.source.tokens[routine.first].start : unit.source.tokens[routine.end - 1].end]
        twin = f"{package.name}.{routine.name.upper()}" in twinned_routines(ctx)  # (plsql_twin)
        for made_name in (name, twin_name(name)) if twin else (name,):
            suffix = made_name != name
            inner = _member_scope(ctx, item, unit, package, kind, previous_end)
            if renamed:
                inner.flag("AM-PLSQL-162", routine.first, f"{package.name.lower()}.{routine.name.lower()}: {made_name}")
            sql = routine_sql(inner, routine, qualified(package.schema, made_name), twin=suffix)
            needs: tuple[str, ...] = (spec, out[0].qualified_name)
            if sql and not _uses_body(sql, package.schema, added, body_sql):  # its own schema, whatever the body does
                needs, sql = (spec,), f"CREATE SCHEMA IF NOT EXISTS {quote(package.schema)};\n{sql}"
            made.append((kind, made_name, sql, inner, needs, text, routine.first))
        previous_end = decl.end
    clashes = same_signatures([(name, sql) for _, name, sql, *_ in made])
    defaulted = {n for n, m in enumerate(made) if any(f.rule_id == "AM-PLSQL-126" for f in m[3].findings)}
    ambiguous = ambiguous_calls([(name, sql) for _, name, sql, *_ in made], defaulted)
    for index, (kind, name, sql, inner, needs, text, first) in enumerate(made):
        if index in clashes:
            inner.flag("AM-PLSQL-040", first, f"{package.name.lower()}.{name}")
        elif index in ambiguous:
            inner.flag("AM-PLSQL-129", first, f"{package.name.lower()}.{name}")
        out.append(_object(kind, package.schema, name, sql, item, inner, needs, text))
    return out


def _member_scope(ctx: DdlContext, item: Routine, unit: Unit, package: Package, kind: str, previous_end: int) -> Scope:
    """The scope a routine of the package body converts in (its package's collections and initialisation)."""
    owner = ctx.names.schema(item.schema)
    inner = Scope(ctx, unit.source, item.schema, owner, item.location, kind, package, home=package.schema)
    inner.comment_at = _first_comment_after(unit, previous_end)
    inner.entry = guard(package)
    inner.collections.update(
        (n, v.type) for n, v in package.variables.items() if v.type.endswith("[]") or is_map(inner, v.type)
    )
    domains = {target: element for target, element in object_types(ctx).values() if element}
    for variable_name, variable in package.variables.items():  # of a schema-level TABLE OF / VARRAY type
        if variable.type in domains:
            inner.collections[variable_name] = variable.type
            inner.elements[variable_name] = domains[variable.type]
    return inner


_CREATED_TYPE = re.compile(r"CREATE TYPE\s+([\w.\"]+)", re.IGNORECASE)
_CREATED_ROUTINE = re.compile(r"CREATE (?:OR REPLACE )?(?:FUNCTION|PROCEDURE)\s+([\w.\"]+)\s*\(", re.IGNORECASE)


def _uses_body(sql: str, schema: str, variables: list[str], body_sql: str) -> bool:
    """Whether a routine reads or sets the body's private state, calls a routine the body creates (the package's
    initialisation function) or uses a type the body creates: only then does it wait for the body object (a body variable that stays manual does not hold back the routines that never use it)."""
    prefix = re.escape(quote(schema)) + r"\.(?:set_)?"
    if any(re.search(prefix + re.escape(v.lower()) + r"\(", sql, re.IGNORECASE) for v in variables):
        return True
    lowered = sql.lower()
    if any(f"{r.lower()}(" in lowered for r in _CREATED_ROUTINE.findall(body_sql)):
        return True  # an accessor or the initialisation function (plsql_init's guard calls it)
    return any(t.lower() in lowered for t in _CREATED_TYPE.findall(body_sql))


def _variables(unit: Unit, package: Package) -> list[str]:
    """The variables and constants this unit declares (upper case), whose accessors it creates."""
    return [d.name.upper() for d in unit.decls if d.kind in ("var", "const") and d.name.upper() in package.variables]


_DETERMINISTIC = re.compile(r"\bDETERMINISTIC\b", re.IGNORECASE)


def prepare_plsql(routines: list[Routine], ctx: DdlContext, triggers: Sequence[Trigger] = ()) -> None:
    """Read every package spec and object type before any unit converts, so a unit that comes first in the export
    (or the catalog) still knows `pkg.variable`, `pkg.type`, `pkg.exception` and the schema's types. A spec that does not parse is left to its own
    conversion, which reports it. DETERMINISTIC functions are noted first: the units make a pure one IMMUTABLE, so an
    index or generated column calling one needs no action item (an impure one then fails at deploy, never silently).
    An autonomous trigger's body is a procedure of the run from here on (plsql_autotrigger)."""
    for spec in (r for r in routines if r.kind is RoutineKind.PACKAGE and r.language in ("plsql", "sql")):
        constants = run_state(ctx, "plsql_static_constants", dict[str, str])  # what $IF pkg.c reads (plsql_cc)
        constants.update(static_constants(fold(spec.name, "oracle").upper(), spec.source))
    note_partial_lines([*routines, *triggers], ctx)  # DBMS_OUTPUT.PUT anywhere: lines are built (plsql_output)
    note_trigger_tables(ctx, triggers, list(ctx.tables.values()))  # DML that fires them may raise anything
    routines = [*routines, *prepare_autonomous_triggers(list(triggers), ctx)]
    ctx.immutable_routines = frozenset(
        qname(ctx.names.schema(r.schema), fold(r.name, ctx.source)).lower()
        for r in routines
        if r.kind is RoutineKind.FUNCTION and _DETERMINISTIC.search(r.source)
    )
    types = [r for r in routines if r.kind is RoutineKind.TYPE and r.language in ("plsql", "sql")]
    for item in types + types:  # twice: an object type declared before the collection type of an attribute
        scope = Scope(ctx, lex(item.source), item.schema, ctx.names.schema(item.schema), item.location, "type")
        try:
            object_type(scope, item)
        except Exception:
            pass
    for item in routines:
        if item.kind is RoutineKind.TYPE:
            continue
        if item.kind in (RoutineKind.FUNCTION, RoutineKind.PROCEDURE):
            _register_routine(item, ctx)
            continue
        if item.kind is RoutineKind.PACKAGE_BODY and item.language in ("plsql", "sql"):
            _note_init(item, ctx)
            continue
        if item.kind is not RoutineKind.PACKAGE or item.language not in ("plsql", "sql"):
            continue
        try:
            unit = parse_unit(unit_source(item.source, item.name, ctx))
        except (PlsqlSyntaxError, RecursionError):
            continue
        package = _package_of(item, unit, ctx)
        scope = Scope(ctx, unit.source, item.schema, ctx.names.schema(item.schema), item.location, "package", package)
        scope.home = package.schema
        try:
            register(scope, unit)
            package.declared |= _routine_names(unit)
            note_results(scope, package.schema, unit.decls)
        except Exception:
            continue
        package.spec = True
    note_quiet_routines(routines, ctx)
    for key in procedure_functions(ctx):  # their callers are rewritten whichever unit came first
        out_functions(ctx).setdefault(key, set()).update(function_signatures(ctx).get(key, set()))


def _routine_names(unit: Unit, bodies: bool = False) -> set[str]:
    """Upper names of the routines a package unit declares (with `bodies`: the ones it defines)."""
    routines = [d.routine for d in unit.decls if d.kind == "routine" and d.routine is not None]
    return {r.name.upper() for r in routines if not bodies or r.body is not None}


def _parsed(ctx: DdlContext) -> dict[str, Unit]:
    """Package bodies and standalone routines parsed by prepare_plsql, by source text, for their conversion to
    take (parsed once)."""
    return run_state(ctx, "plsql_parsed", dict[str, Unit])


def _note_init(item: Routine, ctx: DdlContext) -> None:
    """A package body with an initialisation section: the spec's accessors run it first (plsql_init)."""
    try:
        unit = parse_unit(unit_source(item.source, item.name, ctx))
    except (PlsqlSyntaxError, RecursionError):
        return
    _parsed(ctx)[item.source] = unit
    package = _package_of(item, unit, ctx)
    if unit.init is not None:
        package.init = True
    for decl in unit.decls:  # functions that end transactions: procedures, whose callers CALL them (plsql_outfn)
        routine = decl.routine
        if routine is not None and routine.body is not None and ends_transactions(unit.source.tokens, routine):
            procedure_functions(ctx).add(f"{package.schema}.{fold(routine.name, ctx.source)}".lower())


def _register_routine(item: Routine, ctx: DdlContext) -> None:
    """A standalone function or procedure: its parameters (and a function's OUT ones) are known to its callers in
    units converted before it, so their arguments are converted for it (plsql_argtypes, plsql_outfn)."""
    try:
        unit = parse_unit(unit_source(item.source, item.name, ctx))
    except (PlsqlSyntaxError, RecursionError):
        return
    _parsed(ctx)[item.source] = unit  # parsed once: its conversion takes it
    if unit.routine is not None:
        schema = ctx.names.schema(item.schema)
        scope = Scope(ctx, unit.source, item.schema, schema, item.location, "function")
        returns = unit.routine.returns if item.language in ("plsql", "sql") else None
        if item.kind is RoutineKind.FUNCTION and returns is not None:  # DATE arithmetic, NUMBER text of calls
            note_result(ctx, f"{schema}.{unit.routine.name}".lower(), pg_type(scope, returns))
        try:
            register_out(scope, f"{schema}.{ctx.names.name(item.name)}", unit.routine)
        except Exception:  # the routine's own conversion reports what is wrong with it
            return


def _first_comment_after(unit: Unit, token: int) -> int:
    src = unit.source
    offset = src.tokens[token - 1].end if token > 0 else 0
    return next((n for n, (start, _) in enumerate(src.comments) if start >= offset), len(src.comments))


def _trigger(item: Routine | Trigger, ctx: DdlContext) -> list[ConvertedObject]:
    """A trigger; an autonomous one is its procedure (the body) and the trigger calling it (plsql_autotrigger)."""
    assert isinstance(item, Trigger)
    split = autonomous_triggers(ctx).get(item.qualified_name)
    if split is None or isinstance(split, str):  # not autonomous, or why it stays AM-PLSQL-007
        return _one_trigger(item, item, ctx, split or "")
    _, table_key = trigger_table(Scope(ctx, lex(""), item.schema, "", item.location, "trigger"), item)
    body = [on_trigger(o, item, table_key) for o in _routine(split.procedure, ctx)]
    return [*body, *_one_trigger(split.trigger, item, ctx)]


def _one_trigger(item: Trigger, written: Trigger, ctx: DdlContext, why: str = "") -> list[ConvertedObject]:
    """`item` converted (`written`: the trigger as the source has it; `why`: why its pragma stays AM-PLSQL-007)."""
    schema = ctx.names.schema(item.schema)
    name = ctx.names.name(item.name, item.location, "trigger")
    scope = Scope(ctx, lex(""), item.schema, schema, item.location, "trigger")
    table, table_key = trigger_table(scope, item)
    sql = trigger_sql(scope, item, qualified(schema, f"{name}_fn"), name, table, why)
    sql = "".join(scope.prelude) + sql if sql else sql  # helpers its function uses (maps, array subscripts)
    return [_object("trigger", schema, name, sql, item, scope, (table_key,), written.source)]


def _type(item: Routine | Trigger, ctx: DdlContext) -> list[ConvertedObject]:
    assert isinstance(item, Routine)
    schema = ctx.names.schema(item.schema)
    scope = Scope(ctx, lex(item.source), item.schema, schema, item.location, "type")
    kind, name, sql, depends = object_type(scope, item)
    return [_object(kind, schema, name, sql, item, scope, depends)]


def _type_body(item: Routine | Trigger, ctx: DdlContext) -> list[ConvertedObject]:
    assert isinstance(item, Routine)
    return type_body_objects(item, ctx, _object)


UNITS: dict[str, Callable[[Routine | Trigger, DdlContext], list[ConvertedObject]]] = {
    "procedure": _routine,
    "function": _routine,
    "package": _package,
    "package_body": _package_body,
    "trigger": _trigger,
    "type": _type,
    "type_body": _type_body,
}
