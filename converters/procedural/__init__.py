"""Procedural code (PL/SQL, T-SQL) to PL/pgSQL: one converter per source language, chosen by the source engine.

A converter takes one routine or trigger of the inventory and returns the objects it becomes (a trigger becomes a
trigger function and a CREATE TRIGGER, a package a schema and its routines), or None to keep the unit as a manual
object with its source (what `convert` did before any converter existed). Each language lives in its own modules
(`plsql*.py`, `tsql*.py`); what both share (the PL/pgSQL they emit, the unit result) lives beside them.
"""

from __future__ import annotations

from collections.abc import Callable

from converters.ddl_context import DdlContext
from migrate.model import ConvertedObject, Routine, Trigger

Converter = Callable[[Routine | Trigger, str, DdlContext], list[ConvertedObject] | None]

# source engine -> its procedural converter; an engine not listed keeps its code manual
CONVERTERS: dict[str, Converter] = {}


def convert_code(item: Routine | Trigger, kind: str, ctx: DdlContext) -> list[ConvertedObject] | None:
    """The objects `item` converts to, or None when no converter handles its source engine."""
    converter = CONVERTERS.get(ctx.source)
    return converter(item, kind, ctx) if converter is not None else None


# Each language's converter registers here, once CONVERTERS exists (its modules import only their siblings).
from converters.procedural.tsql import convert_tsql  # noqa: E402

CONVERTERS["sqlserver"] = convert_tsql
