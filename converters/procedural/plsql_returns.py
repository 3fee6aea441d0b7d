"""What the run learns of its functions' results before any unit converts: which return a DATE or TIMESTAMP
(`pkg.f(x) + 1` is date arithmetic), a NUMBER of which kind, or a VARCHAR2 (their values' Oracle text and implicit
conversions, RewriteOptions.date_functions / number_functions)."""

from __future__ import annotations

from converters.ddl_context import DdlContext
from converters.procedural.plsql_parse import Decl
from converters.procedural.plsql_scope import Scope, date_functions, is_date_type, number_functions
from converters.procedural.plsql_typekinds import is_text_type, number_kind_of_type
from converters.procedural.plsql_types import pg_type


def note_results(scope: Scope, schema: str, decls: list[Decl]) -> None:
    """A package's functions (of its spec or body)."""
    said = len(scope.findings)
    for decl in decls:
        routine = decl.routine
        returns = routine.returns if routine is not None and routine.kind == "FUNCTION" else None
        if returns is not None:
            note_result(scope.ctx, f"{schema}.{decl.name}".lower(), pg_type(scope, returns))
    del scope.findings[said:]  # an unmappable return type is the routine's finding, said when it converts


def note_result(ctx: DdlContext, key: str, type_: str) -> None:
    """A function's result type the rewrites need: DATE arithmetic, NUMBER text, VARCHAR2 ('string')."""
    if is_date_type(type_):
        date_functions(ctx).add(key)
    found, kind = number_functions(ctx), "string" if is_text_type(type_) else number_kind_of_type(type_)
    found[key] = kind if found.get(key, kind) == kind else ""  # overloads returning other types: not known
