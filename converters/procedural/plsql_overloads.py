"""Overloads of a package routine that become the same PostgreSQL signature. Oracle tells `f(d DATE)` from
`f(t TIMESTAMP)` and `f(n NUMBER)` from `f(n INTEGER)`; PostgreSQL identifies a function by its input types without
their modifiers (timestamp(0) and timestamp(6) are one type, numeric and numeric(38,0) too), so the second
CREATE OR REPLACE would silently replace the first and calls meant for it would run the other body. Such overloads
are flagged (AM-PLSQL-040) and stay manual."""

from __future__ import annotations

import re

_HEAD = re.compile(r"CREATE OR REPLACE (FUNCTION|PROCEDURE) ([^\s(]+)\(", re.IGNORECASE)
_MODES = ("INOUT", "OUT", "IN", "VARIADIC")


def signature(sql: str, name: str) -> tuple[str, ...] | None:
    """The identity PostgreSQL gives the routine `name` created in `sql`: its argument types without modifiers,
    OUT parameters included for a procedure only (as PostgreSQL 14 does)."""
    for head in _HEAD.finditer(sql):
        if head.group(2).split(".")[-1].strip('"').lower() != name.lower():
            continue
        procedure = head.group(1).upper() == "PROCEDURE"
        return tuple(t for p in _params(sql, head.end()) if (t := _identity(p, procedure)) is not None)
    return None


def _params(sql: str, start: int) -> list[str]:
    depth, current, params = 0, list[str](), list[str]()
    for char in sql[start:]:
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        if char == "," and depth == 0:
            params.append("".join(current))
            current = []
        else:
            current.append(char)
    params.append("".join(current))
    return [p.strip() for p in params if p.strip()]


def _identity(param: str, procedure: bool) -> str | None:
    words = re.split(r"\s+", re.split(r"\s+DEFAULT\s+|\s*:=\s*", param, flags=re.IGNORECASE)[0].strip())
    mode = words[0].upper() if words[0].upper() in _MODES else "IN"
    rest = words[1:] if words[0].upper() in _MODES else words
    if mode == "OUT" and not procedure:
        return None
    return without_modifiers(" ".join(rest[1:]) if len(rest) > 1 else " ".join(rest))


def without_modifiers(type_: str) -> str:
    """A type as PostgreSQL identifies a routine's argument by it: `numeric(38,0)` is numeric, `timestamp(0)`
    timestamp."""
    return re.sub(r"\([^)]*\)", "", type_).strip().lower()


def _positions(sql: str, name: str) -> tuple[list[str], int] | None:
    """(the input types, how many come before the first DEFAULT) of the routine `name` created in `sql`."""
    for head in _HEAD.finditer(sql):
        if head.group(2).split(".")[-1].strip('"').lower() != name.lower():
            continue
        params = [p for p in _params(sql, head.end()) if not re.match(r"OUT\s", p, re.IGNORECASE)]
        types = [t for p in params if (t := _identity(p, False)) is not None]
        required = next((n for n, p in enumerate(params) if re.search(r"\sDEFAULT\s", p, re.IGNORECASE)), len(params))
        return types, required
    return None


def ambiguous_calls(routines: list[tuple[str, str]], defaulted: set[int]) -> set[int]:
    """Indexes, among `defaulted` (routines given DEFAULT NULL on a required parameter, AM-PLSQL-126), of those
    another overload's positional calls would also match: some argument count both take, with the same types."""
    found = set()
    shapes = {i: _positions(sql, name) for i, (name, sql) in enumerate(routines)}
    for i in defaulted:
        mine = shapes.get(i)
        for j, (other_name, _sql) in enumerate(routines):
            theirs = shapes.get(j)
            if i == j or mine is None or theirs is None or other_name.lower() != routines[i][0].lower():
                continue
            low, high = max(mine[1], theirs[1]), min(len(mine[0]), len(theirs[0]))
            if any(mine[0][:k] == theirs[0][:k] for k in range(low, high + 1)):
                found.add(i)
    return found


def same_signatures(routines: list[tuple[str, str]]) -> set[int]:
    """Indexes of the (name, sql) routines sharing their name and PostgreSQL signature with another one."""
    seen: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for index, (name, sql) in enumerate(routines):
        found = signature(sql, name)
        if found is not None:
            seen.setdefault((name.lower(), found), []).append(index)
    return {i for group in seen.values() if len(group) > 1 for i in group}
