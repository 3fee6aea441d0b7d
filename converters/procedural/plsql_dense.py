"""Which collections are dense here: a nested table or VARRAY becomes a 1-based array with no gaps (an element
DELETE stays manual), so FORALL ... INDICES OF it runs 1..COUNT and v.NEXT(i) is i + 1; an INDEX BY table's
indices can be any numbers, which an array cannot show. A collection variable or parameter is dense when its
type is a schema-level collection type, or a TABLE OF / VARRAY type without INDEX BY declared in the unit or in
a package of the run (its spec is read before its body and the units that use it)."""

from __future__ import annotations

from converters.procedural.plsql_scope import Scope, object_types, run_state
from converters.procedural.plsql_tree import Span

_MODES = frozenset({"IN", "OUT", "NOCOPY"})


def _dense_types(scope: Scope) -> set[str]:
    """Upper 'PACKAGE.TYPE' of the run's package-level nested table and VARRAY types."""
    return run_state(scope.ctx, "plsql_dense_types", set[str])


def note_type(scope: Scope, package: str, name: str, span: Span) -> None:
    """A TYPE of a package: remember it when it is a nested table or VARRAY (TABLE OF / VARRAY without INDEX BY)."""
    words = [t.upper for t in scope.src.tokens[span[0] : span[1]]]
    if words and words[0] in ("TABLE", "VARRAY", "VARYING") and "OF" in words and "INDEX" not in words:
        _dense_types(scope).add(f"{package}.{name.upper()}")


def _declared_type(scope: Scope, name: str, at: int) -> tuple[list[str], int]:
    """The type name (upper words, 'PKG.T' as ['PKG', 'T']) the variable or parameter `name` is declared with, and
    where: the nearest declaration before token `at` (a package body declares the same name in several routines),
    or ([], 0) when not found."""
    tokens = scope.src.tokens
    for i in range(min(at, len(tokens) - 1) - 1, 0, -1):
        if tokens[i].upper != name or not (tokens[i - 1].text in (";", "(", ",") or tokens[i - 1].upper in
                                           ("IS", "AS", "DECLARE")):  # fmt: skip
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].upper in _MODES:
            j += 1
        words = [tokens[j].upper] if j < len(tokens) and tokens[j].kind == "word" else []
        while words and j + 2 < len(tokens) and tokens[j + 1].text == "." and tokens[j + 2].kind == "word":
            words.append(tokens[j + 2].upper)
            j += 2
        if words and words[0] not in ("CONSTANT", "EXCEPTION", "CURSOR", "TYPE"):
            return words, i
    return [], 0


def dense_collection(scope: Scope, name: str, at: int) -> bool:
    """Is the collection variable or parameter `name` (upper), used at token `at`, a nested table or VARRAY (see
    the module doc)? Its declaration and its type's are the nearest ones before the use."""
    words, declared = _declared_type(scope, name, at)
    if not words:
        return False
    qualified, type_name = ".".join(words), words[-1]
    if qualified in object_types(scope.ctx) or f"{scope.owner.upper()}.{qualified}" in object_types(scope.ctx):
        return True  # CREATE TYPE ... AS TABLE OF / VARRAY
    tokens = scope.src.tokens
    if len(words) == 1:
        for i in range(min(declared, len(tokens) - 3), -1, -1):
            if tokens[i].upper == "TYPE" and tokens[i + 1].upper == type_name and tokens[i + 2].upper in ("IS", "AS"):
                j = i + 3
                while j < len(tokens) and tokens[j].text != ";":
                    if tokens[j].upper == "INDEX" and j + 1 < len(tokens) and tokens[j + 1].upper == "BY":
                        return False
                    j += 1
                return True
    package = words[-2] if len(words) > 1 else scope.package.name if scope.package is not None else ""
    return f"{package}.{type_name}" in _dense_types(scope)
