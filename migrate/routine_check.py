"""plpgsql_check on every deployed routine: its errors fail the object, its warnings become notes.

    outcomes, how = check_routines(conn, objects, outcomes)

Functions and procedures are checked by name in their schema (every overload), and so is every other PL/pgSQL
routine the object's text creates (an autonomous routine's body, a package's accessors, a twin): an error in any of
them fails the object (their warnings are not the object's notes: that code is generated). A trigger's function is checked against the table it fires on (plpgsql_check needs the
relation to know NEW and OLD). When the extension is not
installed but available, it is created inside a transaction that is rolled back after the check, so the target is
left as it was; when it is not available at all, `how` says so and the bodies were only compiled.
"""

from __future__ import annotations

import re
from dataclasses import replace

from migrate.engines.base import Connection
from migrate.errors import QueryError
from migrate.model import ConvertedObject, DeployOutcome, DeployStatus, Finding, Severity

PLPGSQL_CHECK = "AM-DEPLOY-002"
PLPGSQL_CHECK_WARNING = "AM-DEPLOY-004"
CHECKED_KINDS = ("function", "procedure", "trigger")

# plpgsql_check level -> severity of the note (errors fail the object instead)
WARNING_LEVELS: dict[str, Severity] = {
    "warning": Severity.LOW,  # a likely bug (unreachable code, a result not used...)
    "warning extra": Severity.INFO,  # style: unused variables, implicit casts
    "performance": Severity.INFO,
}

# the routine, the relation (triggers), and the search_path it runs with (its SET clause, else its schema's)
_PATH = ("coalesce((SELECT substr(c, 13) FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%%' LIMIT 1), "
         "quote_ident(n.nspname) || ', public')")  # fmt: skip
# every PL/pgSQL function and procedure an object's text creates, by (schema, name) (trigger functions are checked
# with their table, below): a routine's helpers too -- an autonomous routine's body, a package's accessors
FUNCTIONS = (
    f"SELECT p.oid::regprocedure::text, 0::oid, {_PATH}, NULL::name, NULL::name, p.oid FROM pg_proc p "
    "JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang "
    "WHERE (n.nspname, p.proname) IN (SELECT * FROM unnest(%s::text[], %s::text[])) AND l.lanname = 'plpgsql' "
    "AND p.prorettype <> 'trigger'::regtype ORDER BY p.oid"
)
# a statement trigger's transition tables (REFERENCING NEW TABLE AS inserted) are relations only inside it
TRIGGERS = (
    f"SELECT t.tgfoid::regprocedure::text, t.tgrelid, {_PATH}, t.tgnewtable, t.tgoldtable, t.tgfoid "
    "FROM pg_trigger t JOIN pg_proc p "
    "ON p.oid = t.tgfoid JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang "
    "WHERE n.nspname = %s AND t.tgname = ANY(%s) AND NOT t.tgisinternal AND l.lanname = 'plpgsql'"
)
_CREATED = re.compile(
    r'\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+((?:"(?:[^"]|"")+"|[\w$]+)(?:\.(?:"(?:[^"]|"")+"|[\w$]+))?)\s*\(',
    re.IGNORECASE,
)

# the triggers one source trigger can become: itself, one per timing point of an Oracle compound trigger, and the
# statement trigger that marks an UPDATE's columns for UPDATING('col') (converters/procedural/plsql_compound.py,
# plsql_updating.py)
TRIGGER_PARTS = ("", "_before_statement", "_before_row", "_after_row", "_after_statement", "_instead_of_row",
                 "_0_push")  # fmt: skip


def _routines(conn: Connection, obj: ConvertedObject) -> list[tuple[str, int, str, str | None, str | None, int]]:
    """The deployed routines of the object: a trigger's functions (with their table), and every other PL/pgSQL
    function or procedure its text creates (a function or procedure object's own one among them)."""
    found = list(conn.rows(TRIGGERS, (obj.schema, [obj.name + part for part in TRIGGER_PARTS]))) if (
        obj.kind == "trigger") else []  # fmt: skip
    pairs = [_split(name, obj.schema) for name in _CREATED.findall(obj.sql)]
    if obj.kind != "trigger":
        pairs.append((obj.schema, obj.name))
    schemas, names = [s for s, _n in dict.fromkeys(pairs)], [n for _s, n in dict.fromkeys(pairs)]
    seen = {row[5] for row in found}
    return found + [row for row in conn.rows(FUNCTIONS, (schemas, names)) if row[5] not in seen]


def _own(obj: ConvertedObject, routine: str) -> bool:
    """The object's own routine (its trigger functions, an autonomous routine's body), whose warnings are notes on
    it; the helpers its text creates (generated code: a map accessor, a package's accessors) count by their errors
    only."""
    name = routine.split("(")[0].split(".")[-1].strip('"')
    return obj.kind == "trigger" or name in (obj.name, f"{obj.name}_autonomous")  # (plsql_autonomous: its body)


def _split(name: str, schema: str) -> tuple[str, str]:
    """`schema.name` as written in a CREATE (quoted parts unquoted, others folded), the object's schema by default."""
    parts = re.findall(r'"((?:[^"]|"")+)"|([\w$]+)', name)
    words = [quoted.replace('""', '"') if quoted else plain.lower() for quoted, plain in parts]
    return (words[0], words[1]) if len(words) == 2 else (schema, words[0])


# by oid: the routine's text form depends on the search_path, which the check sets to the routine's own
CHECK = (
    "SELECT level, message, lineno, coalesce(hint, '') FROM plpgsql_check_function_tb(%s::oid::regprocedure, %s::oid, "
    "newtable => %s::name, oldtable => %s::name)"
)


def check_routines(
    conn: Connection, objects: list[ConvertedObject], outcomes: list[DeployOutcome]
) -> tuple[list[DeployOutcome], str]:
    deployed = [i for i, (o, r) in enumerate(zip(objects, outcomes)) if o.kind in CHECKED_KINDS
                and r.status is DeployStatus.OK]  # fmt: skip
    if not deployed:
        return outcomes, ""
    version = conn.scalar("SELECT extversion FROM pg_extension WHERE extname = 'plpgsql_check'")
    if version:
        return _checked(conn, objects, outcomes, deployed), f"plpgsql_check {version}: {len(deployed)} routine(s)"
    if not conn.scalar("SELECT 1 FROM pg_available_extensions WHERE name = 'plpgsql_check'"):
        return outcomes, ("plpgsql_check is not available on the target: routine bodies were compiled "
                          "(check_function_bodies) but not checked")  # fmt: skip
    try:
        with conn.transaction():  # type: ignore[attr-defined]
            conn.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
            version = conn.scalar("SELECT extversion FROM pg_extension WHERE extname = 'plpgsql_check'")
            checked = _checked(conn, objects, outcomes, deployed)
            raise _RollBack  # leaves the target as it was
    except _RollBack:
        return checked, f"plpgsql_check {version} (created for the check, then rolled back): {len(deployed)} routine(s)"
    except QueryError as exc:
        return outcomes, f"plpgsql_check could not be created for the check ({str(exc).splitlines()[0][:120]})"


class _RollBack(Exception):
    """Leaves the transaction that created plpgsql_check for the check."""


def _checked(conn: Connection, objects: list[ConvertedObject], outcomes: list[DeployOutcome],
             deployed: list[int]) -> list[DeployOutcome]:  # fmt: skip
    checked = list(outcomes)
    for i in deployed:
        obj = objects[i]
        errors, notes = [], []
        for routine, relid, path, new, old, oid in _routines(conn, obj):
            for level, message, line, hint in _check(conn, oid, relid, path, (new, old)):
                text = f"{routine} line {line}: {message}" + (f" ({hint})" if hint else "")
                if level == "error":
                    errors.append(text)
                elif _own(obj, routine):
                    notes.append(_finding(obj, PLPGSQL_CHECK_WARNING, WARNING_LEVELS.get(level, Severity.LOW),
                                          f"plpgsql_check {level}: {text}", "review the routine at that line"))  # fmt: skip
        if errors:
            text = "; ".join(errors)
            found = _finding(obj, PLPGSQL_CHECK, Severity.HIGH, f"plpgsql_check: {text}", "fix the routine body")
            checked[i] = DeployOutcome(
                obj.kind, obj.schema, obj.name, DeployStatus.ERROR, text, "", found, tuple(notes)
            )
        elif notes:
            checked[i] = replace(checked[i], notes=tuple(notes))
    return checked


def _check(
    conn: Connection, oid: int, relid: int, path: str, transition: tuple[str | None, str | None]
) -> list[tuple[str, str, int, str]]:
    """One routine checked with the names it resolves at run time (its own search_path, its transition tables).
    A check that plpgsql_check itself cannot run is that routine's error, never the end of every other check."""
    try:
        with conn.transaction():  # type: ignore[attr-defined]
            conn.execute("SELECT set_config('search_path', %s, true)", (path,))
            return [tuple(r) for r in conn.rows(CHECK, (oid, relid, *transition))]
    except QueryError as exc:
        return [("error", f"plpgsql_check could not check it: {str(exc).splitlines()[0][:200]}", 0, "")]


def _finding(obj: ConvertedObject, rule: str, severity: Severity, message: str, remedy: str) -> Finding:
    return Finding(rule, severity, message, obj.kind, obj.source_name, obj.location, remedy, category="deploy")
