"""What one convert run knows of its PL/SQL beyond the unit being converted (kept on the run's DdlContext, made on
first use): object types and their members, RECORD types with collection fields, functions returning dates or
numbers, PIPELINED functions, functions with OUT parameters and their overloads, string constants of packages;
and each unit's text with its conditional compilation resolved, once per run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from converters.ddl_context import DdlContext
from converters.names import quote
from converters.procedural.plsql_cc import Compilation, resolve

T = TypeVar("T")


def run_state(ctx: DdlContext, name: str, empty: Callable[[], T]) -> T:
    """What one convert run keeps on its context under `name` (the PL/SQL converter's facts about the whole run),
    made with `empty` on first use."""
    kept = ctx.__dict__.get(name)
    if kept is None:  # (made only once: this is called for every name the converter looks up)
        kept = ctx.__dict__[name] = empty()
    return cast(T, kept)


def record_collections(ctx: DdlContext) -> dict[str, dict[str, tuple[str, str]]]:
    """The run's RECORD types with collection fields: target type -> upper field -> (array type, element type)."""
    return run_state(ctx, "plsql_record_collections", dict[str, dict[str, tuple[str, str]]])


def object_types(ctx: DdlContext) -> dict[str, tuple[str, str]]:
    """The run's schema-level object and collection types: upper 'SCHEMA.NAME' and 'NAME' -> (target name,
    element type for a collection or '' for an object type)."""
    return run_state(ctx, "plsql_object_types", dict[str, tuple[str, str]])


def date_functions(ctx: DdlContext) -> set[str]:
    """The run's functions returning DATE / TIMESTAMP, lower-case schema.name: `f(x) - 1` is date arithmetic."""
    return run_state(ctx, "plsql_date_functions", set[str])


def literal_constants(ctx: DdlContext) -> dict[str, str]:
    """Package constants whose value is a string literal: their accessor call as written ('pkg.c()') -> the value."""
    return run_state(ctx, "plsql_literal_constants", dict[str, str])


def pipelined_functions(ctx: DdlContext) -> dict[str, bool]:
    """The run's PIPELINED functions, lower 'schema.name' -> whether their rows are one scalar (COLUMN_VALUE)."""
    return run_state(ctx, "plsql_pipelined", dict[str, bool])


def number_functions(ctx: DdlContext) -> dict[str, str]:
    """The run's functions returning NUMBER, lower-case schema.name -> NUMBER kind (number_kind_of_type): where
    PL/SQL wants text (`||`, LPAD, TO_CHAR) their value is Oracle's number text."""
    return run_state(ctx, "plsql_number_functions", dict[str, str])


Signature = tuple[tuple[str, str, bool], ...]  # (upper parameter name, mode, has a default)


def function_signatures(ctx: DdlContext) -> dict[str, set[Signature]]:
    """Every overload of the functions named in out_functions (and the others the run registered), by key."""
    return run_state(ctx, "plsql_function_signatures", dict[str, set[Signature]])


def out_functions(ctx: DdlContext) -> dict[str, set[tuple[tuple[str, str, bool], ...]]]:
    """The run's functions with OUT parameters and a RETURN value (plsql_outfn): lower 'schema.name' -> the
    (upper parameter name, mode, has a default) list of each overload with OUT parameters."""
    found: dict[str, set[tuple[tuple[str, str, bool], ...]]] = run_state(
        ctx, "plsql_out_functions", dict[str, set[tuple[tuple[str, str, bool], ...]]]
    )
    return found


@dataclass
class ObjectType:
    """A schema-level object type: its target name, attributes and methods (from CREATE TYPE ... AS OBJECT)."""

    target: str  # qualified target name, as written in SQL
    attributes: list[str] = field(default_factory=list)  # upper names, in order
    methods: dict[str, str] = field(default_factory=dict)  # upper method -> MEMBER | STATIC | CONSTRUCTOR | MAP...
    collections: dict[str, tuple[str, str]] = field(default_factory=dict)  # upper attribute -> (array, element)

    def method_routine(self, method: str) -> str:
        """The routine a member or static method becomes: `schema.type_method`."""
        schema, _, name = self.target.rpartition(".")
        routine = name.strip('"') + "_" + method
        return f"{schema}.{quote(routine.lower())}"


def object_members(ctx: DdlContext) -> dict[str, ObjectType]:
    """The run's object types by upper 'SCHEMA.NAME' and 'NAME' (plsql_objtypes fills it, plsql_typebody reads it)."""
    return run_state(ctx, "plsql_object_members", dict[str, ObjectType])


def procedure_functions(ctx: DdlContext) -> set[str]:
    """The run's functions that became procedures, lower 'schema.name': they end transactions (plsql_outfn), or are
    nested functions writing their outer routine's variables (plsql_closures)."""
    return run_state(ctx, "plsql_procedure_functions", set[str])


def unit_source(source: str, name: str, ctx: DdlContext) -> str:
    """A unit's text with its conditional compilation resolved for the run's settings (plsql_cc), once per text."""
    cache: dict[str, str] = run_state(ctx, "plsql_sources", dict[str, str])
    if source not in cache:
        settings = ctx.settings
        constants = tuple(sorted(run_state(ctx, "plsql_static_constants", dict[str, str]).items()))
        compilation = Compilation.of(settings.plsql_ccflags, settings.oracle_version, ctx.compiled_with, constants)
        cache[source] = resolve(source, compilation, name)
    return cache[source]
