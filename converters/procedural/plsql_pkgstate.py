"""Package state read in an expression (a step of plsql_expr's walk): `g_x` of the unit's package or `pkg.g_x` of
another one is its accessor call, `pkg.g_x()` (plsql_package keeps package variables in session settings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.procedural.plsql_scope import Package, is_date_type, literal_constants
from converters.procedural.plsql_sqlnames import column_here, names_a_table

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk


def package_variable(w: Walk, i: int) -> tuple[str, int] | None:
    """g_x or pkg.g_x -> pkg.g_x(): package state is read through its accessor (see plsql_package); a field of it,
    g_rec.f, reads (pkg.g_rec()).f (a function's result takes parentheses before a field name)."""
    if i > w.first and w.text(i - 1) == ".":
        return None
    scope, name = w.scope, w.word(i)
    package = scope.package_of(name) if w.text(i + 1) == "." and w.word(i + 2) else None
    if package is not None and w.word(i + 2) in package.variables and w.text(i + 3) != "(":
        return _read(w, package, w.word(i + 2), i + 3), i + 3
    own = scope.package
    if package is None and own is not None and name in own.variables and name not in scope.locals:
        if w.text(i + 1) == "(" or (w.sql and (w.text(i + 1) == "." or names_a_table(w, i))):
            return None  # in SQL a table, its alias and `alias.col` come before a PL/SQL variable of that name
        if w.sql and column_here(w, i, name):
            return None  # and so does a column of a table the statement names (INSERT INTO t (session_id) ...)
        return _read(w, own, name, i + 1), i + 1
    return None


def _read(w: Walk, package: Package, name: str, after: int) -> str:
    """The accessor call; a DATE / TIMESTAMP one travels as a cast to its type, so date arithmetic knows it."""
    text = f"{package.schema}.{name.lower()}()"
    variable = package.variables[name]
    if not variable.type:  # left out of the package: its type or default has no exact form (AM-PLSQL-163)
        w.scope.flag("AM-PLSQL-164", after - 1, f"{package.name.lower()}.{name.lower()}, a package variable")
    if w.text(after) == ".":
        return w.placeholder(f"({text})")
    call = w.placeholder(text)
    if variable.literal is not None:
        literal_constants(w.scope.ctx)[text] = variable.literal
    return f"CAST({call} AS DATE)" if is_date_type(variable.type) else call  # DATE: what the rewrites read as a date
