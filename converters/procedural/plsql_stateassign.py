"""An assignment whose target is package state (`g := v`, `pkg.g := v`, `g_rec.f := v`, `g_list(i) := v`):
package variables live in session settings behind accessors (plsql_package), so a part of one is changed in a
local copy that is written back."""

from __future__ import annotations

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_bulk import targets_text
from converters.procedural.plsql_elements import slot
from converters.procedural.plsql_scope import Package, Scope


def state_target(scope: Scope, first: int, at: int) -> tuple[Package, int] | None:
    """(package, index of the variable's name) when the target of `:=` is package state: `v`, or `pkg.v` (the own
    package's name may qualify its variables too), followed or not by a field or an element."""
    tokens = scope.src.tokens
    word = tokens[first].upper
    if word in scope.locals:
        return None
    own = scope.package
    if own is not None and word in own.variables:
        return own, first
    other, dotted = scope.package_of(word), first + 2 < at and tokens[first + 1].text == "."
    return (other, first + 2) if other and dotted and tokens[first + 2].upper in other.variables else None


def assign_part(scope: Scope, out: Lines, target: tuple[Package, int], at: int, value: str) -> None:
    """g_rec.field := v / g_list(i) := v on package state: read it into a local copy, change that, write it back."""
    package, first = target
    tokens = scope.src.tokens
    name = tokens[first].upper
    var = package.variables[name]
    local = f"aurora_{name.lower()}"
    scope.extra[local] = var.type
    rest = tokens[first + 1].text
    if rest == "(":  # a collection element: v(i) -> v[i], its subscript checked (plsql_elements)
        close = next(j for j in range(first + 1, at) if tokens[j].text == ")")
        index = targets_text(scope, (first + 2, close))
        whole = close + 1 == at and var.type.endswith("[]")
        part = f"[{slot(scope, local, index, False) if whole else index}]{scope.src.slice((close + 1, at))}"
    else:
        part = scope.src.slice((first + 1, at))
    out.line(f"{local} := {package.schema}.{name.lower()}();")
    out.line(f"{local}{part} := {value};")
    out.line(f"PERFORM {package.schema}.set_{name.lower()}({local});")
