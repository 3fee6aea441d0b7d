"""Procedural code (PL/SQL, T-SQL) to PL/pgSQL: one converter per source language, chosen by the source engine.

A converter takes one routine or trigger of the inventory and returns the objects it becomes (a trigger becomes a
trigger function and a CREATE TRIGGER, a package a schema and its routines), or None to keep the unit as a manual
object with its source (what `convert` did before any converter existed). Each language lives in its own modules
(`plsql*.py`, `tsql*.py`); what both share (the PL/pgSQL they emit, the unit result) lives beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from converters.ddl_context import DdlContext
from converters.procedural.plsql import convert_plsql, prepare_plsql
from converters.procedural.plsql_rules import plsql_finding
from converters.procedural.tsql import convert_tsql
from converters.procedural.tsql_types import prepare_tsql
from migrate.config import LOOPBACK_KIND, LOOPBACK_SERVER
from migrate.model import ConvertedObject, ObjectStatus, Routine, Trigger

Converter = Callable[[Routine | Trigger, str, DdlContext], list[ConvertedObject] | None]

# source engine -> its procedural converter; an engine not listed keeps its code manual
CONVERTERS: dict[str, Converter] = {
    "oracle": convert_plsql,  # PL/SQL: procedures, functions, packages, triggers, object types
    "sqlserver": convert_tsql,  # T-SQL: procedures, functions (scalar, inline and multi-statement TVFs), triggers
}


# source engine -> what its converter reads from every routine before the first one converts (package specs)
PREPARE: dict[str, Callable[[list[Routine], DdlContext, Sequence[Trigger]], None]] = {
    "oracle": prepare_plsql,  # also rewrites autonomous triggers as a procedure and a call (plsql_autotrigger)
    "sqlserver": lambda routines, ctx, _triggers: prepare_tsql(routines, ctx),
}


def prepare_code(routines: list[Routine], ctx: DdlContext, triggers: Sequence[Trigger] = ()) -> None:
    prepare = PREPARE.get(ctx.source)
    if prepare is not None:
        prepare(routines, ctx, triggers)


def convert_code(item: Routine | Trigger, kind: str, ctx: DdlContext) -> list[ConvertedObject] | None:
    """The objects `item` converts to, or None when no converter handles its source engine."""
    converter = CONVERTERS.get(ctx.source)
    return converter(item, kind, ctx) if converter is not None else None


def with_loopback(objects: list[ConvertedObject]) -> list[ConvertedObject]:
    """When routines run through the default autonomous-transaction server (conversion.autonomous_server left as
    is), the server itself: an object deploy creates first, from the target connection it deploys to."""
    if not any(LOOPBACK_SERVER in o.depends_on for o in objects):
        return objects
    s = LOOPBACK_SERVER
    sql = (
        f"-- PRAGMA AUTONOMOUS_TRANSACTION routines run through dblink on the foreign server {s}, a connection\n"
        "-- back to this database. `aurora-migrate deploy` creates it from the connection it deploys with (the\n"
        "-- password only in the user mapping) and checks it answers. Run with psql -f, the lines below create it\n"
        "-- from psql's own connection (host, port, database, user), without a password: a role that must give\n"
        f"-- one adds it: ALTER USER MAPPING FOR CURRENT_USER SERVER {s} OPTIONS (ADD password '...').\n"
        "-- Roles other than this one that call these routines need a user mapping of their own.\n"
        "CREATE EXTENSION IF NOT EXISTS dblink SCHEMA public;\n"
        f"SELECT NOT EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = '{s}') AS aurora_loopback \\gset\n"
        "\\if :aurora_loopback\n"
        f"CREATE SERVER {s} FOREIGN DATA WRAPPER dblink_fdw OPTIONS (host :'HOST', port :'PORT', dbname :'DBNAME');\n"
        f"CREATE USER MAPPING FOR CURRENT_USER SERVER {s} OPTIONS (user :'USER');\n"
        "\\endif\n"
    )
    server = ConvertedObject(LOOPBACK_KIND, "", LOOPBACK_SERVER, sql, ObjectStatus.CONVERTED,
                             source_name=LOOPBACK_SERVER)  # fmt: skip
    return [server, *objects]


CODE_KINDS = frozenset({"function", "procedure", "trigger", "package", "package_body"})


VIEW_CALLS_ROUTINE = "AM-DDL-028"  # converters/ddl_context.RULE["view_calls_routine"]


def callers_of_manual(objects: list[ConvertedObject]) -> list[ConvertedObject]:
    """A converted routine that calls one left manual cannot deploy before it: it says so (AM-PLSQL-026). A view
    calling routines that all converted no longer waits for a person (its AM-DDL-028 is dropped)."""
    objects = _method_dependencies(_package_dependencies(objects))
    manual = {
        o.qualified_name for o in objects if o.status is ObjectStatus.MANUAL and o.kind in (*CODE_KINDS, "type_body")
    }
    converted = {o.qualified_name for o in objects if o.status is not ObjectStatus.MANUAL and o.kind in CODE_KINDS}
    out = []
    for obj in objects:
        waits_on_code = any(f.rule_id == VIEW_CALLS_ROUTINE for f in obj.findings)
        if waits_on_code and obj.status is not ObjectStatus.MANUAL:
            calls = [d for d in obj.depends_on if d in manual or d in converted]
            if calls and all(d in converted for d in calls):
                kept = tuple(f for f in obj.findings if f.rule_id != VIEW_CALLS_ROUTINE)
                status = ObjectStatus.CONVERTED_WITH_FINDINGS if kept else ObjectStatus.CONVERTED
                obj = replace(obj, findings=kept, status=status)
        waits = [d for d in obj.depends_on if d in manual] if obj.status is not ObjectStatus.MANUAL else []
        if waits and obj.kind in CODE_KINDS:
            found = tuple(plsql_finding("AM-PLSQL-026", d, obj.location).on(obj.kind, obj.source_name) for d in waits)
            obj = replace(obj, findings=(*obj.findings, *found), status=ObjectStatus.CONVERTED_WITH_FINDINGS)
        out.append(obj)
    return out


def _method_dependencies(objects: list[ConvertedObject]) -> list[ConvertedObject]:
    """A call of an object type's method that stayed manual (its type body carries the finding, no routine was
    made) waits for that type body, instead of failing at deploy on a function that does not exist."""
    bodies = {o.qualified_name.removesuffix("_body"): o.qualified_name for o in objects
              if o.kind == "type_body" and o.status is ObjectStatus.MANUAL}  # fmt: skip
    if not bodies:
        return objects
    known = {o.qualified_name for o in objects}
    out = []
    for obj in objects:
        missing = [d for d in obj.depends_on if d not in known]
        extra = [bodies[t] for d in missing for t in bodies if d.startswith(f"{t}_")]
        out.append(replace(obj, depends_on=tuple(dict.fromkeys((*obj.depends_on, *extra)))) if extra else obj)
    return out


def _package_dependencies(objects: list[ConvertedObject]) -> list[ConvertedObject]:
    """Views, indexes and routines calling `pkg.member` depend on the source package (owner.pkg); the package
    became a schema of routines: depend on all of them, so they deploy first. Not an object type's methods: what
    uses the type needs the type (a call of a method depends on that method itself)."""
    made: dict[str, list[str]] = {}
    types = {o.qualified_name.lower() for o in objects if o.kind in ("type", "domain")}
    for obj in objects:
        if obj.kind in CODE_KINDS and obj.source_name.lower() != obj.qualified_name.lower():
            if obj.source_name.lower() in types:
                continue
            made.setdefault(obj.source_name.lower(), []).append(obj.qualified_name)
    if not made:
        return objects
    out = []
    for obj in objects:
        own = obj.source_name.lower()
        extra = [q for d in obj.depends_on if d.lower() != own for q in made.get(d.lower(), [])]
        if extra:
            obj = replace(obj, depends_on=tuple(dict.fromkeys((*obj.depends_on, *extra))))
        out.append(obj)
    return out
