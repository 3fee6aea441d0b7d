"""The package state an autonomous routine reads, forwarded to the dblink session it runs in (plsql_autonomous).

In Oracle an autonomous routine runs in its caller's session: it reads the caller's package variables. Through
dblink it runs in another session, whose package state starts empty. A routine that only *reads* package
variables gets them forwarded: the wrapper first reads each one in the caller's session (its getter, which gives
a variable its default on first use in the session, as Oracle's first reference does), then sends each one's
session setting (the text the accessors keep, plsql_package.accessors) with the call, and the remote side sets
it before the body runs, in the same remote transaction. A routine that sets package state (`g := ...`, INTO g,
`g(i) := ...`, `g.EXTEND`, g passed as a whole argument to a routine of the run, which may be an OUT parameter)
would set the other session's copy, which dies with it: it stays AM-PLSQL-007, as does one reading a variable of
a package with an initialisation section (the section would run again there) or one without a known type.
"""

from __future__ import annotations

from dataclasses import dataclass

from converters.names import quote
from converters.procedural.plsql_parse import Routine
from converters.procedural.plsql_quiet import INTO_ENDS, is_state, run_routines
from converters.procedural.plsql_scope import Package, Scope, packages
from converters.procedural.plsql_tree import closing, dotted_name
from migrate.sqltext.lexer import Token

_COLLECTION_WRITERS = frozenset({"EXTEND", "DELETE", "TRIM"})


@dataclass(frozen=True)
class StateRead:
    name: str  # as the source names it, for messages
    getter: str  # the accessor function: "pkg".g_name
    setting: str  # the session setting holding its value: pkg.g_name


def state_reads(scope: Scope, routine: Routine) -> tuple[list[StateRead], str]:
    """The package variables the routine reads (each once), or ([], why) when one cannot be forwarded."""
    tokens = scope.src.tokens
    own = {p.name.upper() for p in routine.params} | {d.name.upper() for d in routine.decls}
    into = into_spans(tokens, routine.first, min(routine.end, len(tokens)))
    run = packages(scope.ctx)
    found: dict[str, StateRead] = {}
    for at in range(routine.first, min(routine.end, len(tokens))):
        if tokens[at].kind != "word" or tokens[at - 1].text == ".":
            continue
        parts = dotted_name(tokens, at)
        hit = _variable(scope, run, parts, own)
        if hit is None:
            continue
        package, name, used = hit
        shown = ".".join(parts[:used]).lower()
        var = package.variables[name]
        if package.init:
            return [], f"reads {shown}, and its package's initialisation section would run again in the dblink session"
        if not var.type:
            return [], f"reads package state ({shown}) of a type the dblink call cannot carry"
        last = at + 2 * (used - 1)
        if _writes(scope, tokens, at, last, parts[used:], into):
            return [], f"sets package state ({shown}), which would change the dblink session's copy, not the caller's"
        lower = name.lower()
        found.setdefault(name, StateRead(shown, f"{quote(package.schema)}.{quote(lower)}", f"{package.schema}.{lower}"))
    return list(found.values()), ""


def _variable(
    scope: Scope, run: dict[str, Package], parts: list[str], own: set[str]
) -> tuple[Package, str, int] | None:
    """(package, variable, how many parts name it) when `parts` starts with a package variable that is state."""
    if scope.package is not None and parts[0] not in own and _state(scope.package, parts[0]):
        return scope.package, parts[0], 1
    for n in range(min(len(parts) - 1, 2)):  # pkg.var, schema.pkg.var
        package = run.get(parts[n])
        if package is not None and _state(package, parts[n + 1]):
            return package, parts[n + 1], n + 2
    return None


def _state(package: Package, name: str) -> bool:
    var = package.variables.get(name)
    return var is not None and is_state(var, package.init)


def _writes(scope: Scope, tokens: list[Token], at: int, last: int, rest: list[str], into: list[range]) -> bool:
    """Whether the occurrence tokens[at..last] may set the variable (conservative)."""
    after = tokens[last + 1].text if last + 1 < len(tokens) else ""
    if after == ":=" or any(at in span for span in into) or set(rest) & _COLLECTION_WRITERS:
        return True
    if rest and _assigned_after(tokens, last + 2 * len(rest)):  # g.field := ...
        return True
    if after == "(":  # g(i) := ..., g(i).field := ...
        end = closing(tokens, last + 1, len(tokens))
        return end + 1 < len(tokens) and tokens[end + 1].text in (":=", ".")
    return tokens[at - 1].text in ("(", ",") and after in (")", ",") and _run_callee(scope, tokens, at)


def _assigned_after(tokens: list[Token], at: int) -> bool:
    return at + 1 < len(tokens) and tokens[at + 1].text == ":="


def _run_callee(scope: Scope, tokens: list[Token], at: int) -> bool:
    """Whether the whole argument at `at` is passed to a routine of the run (whose parameter may be OUT)."""
    depth = 0
    for back in range(at - 1, 0, -1):
        text = tokens[back].text
        depth += (text == ")") - (text == "(")
        if depth < 0:
            start = back - 1
            while start >= 2 and tokens[start - 1].text == "." and tokens[start - 2].kind == "word":
                start -= 2
            if tokens[start].kind != "word":
                return False
            parts = dotted_name(tokens, start)
            names = {".".join(parts[-2:]), parts[-1]}
            if scope.package is not None:
                names.add(f"{scope.package.name}.{parts[-1]}")
            return bool(names & run_routines(scope.ctx))
    return False


def into_spans(tokens: list[Token], first: int, end: int) -> list[range]:
    """The token ranges of every INTO list (SELECT / FETCH / RETURNING / EXECUTE IMMEDIATE ... INTO)."""
    spans = []
    for at in range(first, end):
        if tokens[at].upper != "INTO" or (at > 0 and tokens[at - 1].upper in ("INSERT", "MERGE")):
            continue
        stop, depth = at + 1, 0
        while stop < end and not (depth == 0 and (tokens[stop].upper or tokens[stop].text) in INTO_ENDS):
            depth += (tokens[stop].text == "(") - (tokens[stop].text == ")")
            stop += 1
        spans.append(range(at + 1, stop))
    return spans
