"""The static constants of the run's package specifications, which conditional compilation may test
(`$IF conf.debug_on $THEN`, plsql_cc): read from each specification's text before any unit is resolved."""

from __future__ import annotations

from converters.procedural.plsql_tree import lex

# the types of a BOOLEAN or PLS_INTEGER static constant a $IF may read (PL/SQL Language Reference, "Static
# Expressions": a package constant of such a type, initialized by a static expression, in a package specification)
_STATIC_TYPES = frozenset({"BOOLEAN", "PLS_INTEGER", "BINARY_INTEGER", "NATURAL", "NATURALN", "POSITIVE",
                           "POSITIVEN", "SIMPLE_INTEGER", "SIGNTYPE"})  # fmt: skip


def static_constants(package: str, source: str) -> list[tuple[str, str]]:
    """('PKG.NAME', value text) of the BOOLEAN / PLS_INTEGER constants a package specification sets to a literal
    (`debug_on CONSTANT BOOLEAN := FALSE;`): conditional compilation may test them."""
    tokens = lex(source).tokens
    found = []
    for i in range(len(tokens) - 5):
        if tokens[i + 1].upper != "CONSTANT" or tokens[i + 2].upper not in _STATIC_TYPES:
            continue
        if not (tokens[i + 3].text == ":=" or tokens[i + 3].upper == "DEFAULT"):
            continue
        value = tokens[i + 4].upper or tokens[i + 4].text
        at = i + 5
        if value == "-" and at < len(tokens):
            value, at = "-" + tokens[at].text, at + 1
        literal = value in ("TRUE", "FALSE", "NULL") or value.lstrip("-").isdigit()
        if literal and at < len(tokens) and tokens[at].text == ";":
            found.append((f"{package.upper()}.{tokens[i].upper}", value))
    return found
