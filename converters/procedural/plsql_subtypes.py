"""Object type inheritance (`CREATE TYPE s UNDER t (...)`, `NOT FINAL`, `OVERRIDING MEMBER ...`): found, not converted.

PostgreSQL composite types have no inheritance. An exact form exists on paper (the hierarchy flattened into one
composite type carrying the concrete type's name and every subtype's attribute, a domain per subtype, constructors
setting the name, overridden methods dispatching on it with CASE, TREAT / IS OF as tests on it) but it changes what
`SELECT *` over a collection of the supertype shows and needs every sibling attribute name to be distinct, so it is
not generated: a subtype is AM-PLSQL-140 (the remedy describes that form), its type body AM-PLSQL-141, and so is a
call, in converted code, of a method that a subtype of the run overrides: Oracle runs the override of the object's
own type, a converted call would always run the supertype's. The run's subtypes are noted here (plsql_objtypes
reads every type before any unit converts) so the supertype's body knows which of its methods are overridden.
"""

from __future__ import annotations

from converters.procedural.plsql_parse import Parser
from converters.procedural.plsql_scope import Scope, run_state


def _subtypes(scope: Scope) -> dict[str, tuple[str, frozenset[str]]]:
    """upper subtype name -> (upper supertype name, upper names of the methods it overrides)."""
    return run_state(scope.ctx, "plsql_subtypes", dict[str, tuple[str, frozenset[str]]])


def note_subtype(scope: Scope, p: Parser, name: str) -> str:
    """At `UNDER supertype (...)`: note the subtype and what it overrides; returns the supertype's name."""
    p.pos += 1
    parent = p.dotted()[-1].strip('"').upper()
    tokens, overriding = scope.src.tokens, set()
    for i in range(p.pos, len(tokens) - 2):
        if tokens[i].upper == "OVERRIDING":
            j = i + 1
            while j < len(tokens) and tokens[j].upper not in ("FUNCTION", "PROCEDURE"):
                j += 1
            if j + 1 < len(tokens):
                overriding.add(tokens[j + 1].upper)
    _subtypes(scope)[name.upper()] = (parent, frozenset(overriding))
    return parent


def subtype_of(scope: Scope, name: str) -> str | None:
    """The supertype of the run's subtype `name` (upper, bare), or None."""
    found = _subtypes(scope).get(name.strip('"').upper())
    return found[0] if found else None


def overridden_by(scope: Scope, type_name: str, method: str) -> str | None:
    """A subtype of the run (at any depth) that overrides `method` of the type `type_name`, or None."""
    registry = _subtypes(scope)
    base = type_name.strip('"').upper()
    for sub, (_, overrides) in sorted(registry.items()):
        if method.upper() not in overrides:
            continue
        parent, seen = registry[sub][0], {sub}
        while parent != base and parent in registry and parent not in seen:
            seen.add(parent)
            parent = registry[parent][0]
        if parent == base:
            return sub.lower()
    return None
