"""PL/SQL statements with a one-line form: LOCK TABLE, and the action item for a statement that has none."""

from __future__ import annotations

from collections.abc import Callable

from converters.names import quote
from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_parse import Stmt
from converters.procedural.plsql_scope import Scope


def not_convertible(rule: str, what: str) -> Callable[[Scope, Stmt, Lines], None]:
    def flag(scope: Scope, stmt: Stmt, out: Lines) -> None:
        found = scope.flag(rule, stmt.first, what)
        out.action(rule, found.message)
        out.line("-- " + " ".join(scope.src.slice((stmt.first, stmt.end)).split()))

    return flag


def unknown(scope: Scope, stmt: Stmt, out: Lines) -> None:
    not_convertible("AM-PLSQL-019", stmt.kind)(scope, stmt, out)


# Oracle table lock mode -> PostgreSQL's of the same name and conflicts (both let queries through)
LOCK_MODES = {"ROW SHARE": "ROW SHARE", "SHARE UPDATE": "ROW SHARE", "ROW EXCLUSIVE": "ROW EXCLUSIVE",
              "SHARE": "SHARE", "SHARE ROW EXCLUSIVE": "SHARE ROW EXCLUSIVE", "EXCLUSIVE": "EXCLUSIVE"}  # fmt: skip


def lock(scope: Scope, stmt: Stmt, out: Lines) -> None:
    """LOCK TABLE a, b IN mode MODE [NOWAIT]: the same statement (WAIT n has no PostgreSQL clause)."""
    first, end = stmt.spans["all"]
    words = [t.upper or t.text for t in scope.src.tokens[first:end]]
    if "IN" not in words or "MODE" not in words or "WAIT" in words:
        return not_convertible("AM-PLSQL-019", "LOCK TABLE form")(scope, stmt, out)
    at, mode_end = words.index("IN"), words.index("MODE")
    mode = LOCK_MODES.get(" ".join(words[at + 1 : mode_end]))
    if mode is None:
        return not_convertible("AM-PLSQL-019", "LOCK TABLE mode")(scope, stmt, out)
    tables = []
    for part in scope.src.slice((first + 2, first + at)).split(","):
        names = [n.strip() for n in part.split(".")]
        schema, table = scope.ctx.target(names[-2] if len(names) > 1 else scope.owner, names[-1])
        tables.append(f"{quote(schema)}.{quote(table)}")
    nowait = " NOWAIT" if "NOWAIT" in words else ""
    out.line(f"LOCK TABLE {', '.join(tables)} IN {mode} MODE{nowait};")
