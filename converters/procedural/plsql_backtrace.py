"""DBMS_UTILITY.FORMAT_ERROR_BACKTRACE inside an exception handler -> PostgreSQL's error context.

Oracle's backtrace is text for people: where the error being handled was raised, as `ORA-06512: at "OWNER.UNIT",
line N` lines. The converted program's own backtrace is PostgreSQL's error context (the converted routines and
their line numbers), which PL/pgSQL reads only with GET STACKED DIAGNOSTICS, a statement. So a handler that names
the call reads the context into a variable as its first statement, and the call becomes that variable:

    WHEN OTHERS THEN                              WHEN OTHERS THEN
        log_error(SQLERRM,                  ->        GET STACKED DIAGNOSTICS ora_error_backtrace = PG_EXCEPTION_CONTEXT;
            DBMS_UTILITY.FORMAT_ERROR_BACKTRACE);      log_error(..., ora_error_backtrace);

The text is PostgreSQL's words and line numbers (AM-PLSQL-123, low): kept for what it is written for, a log or a
message. Code that searches it (INSTR, REGEXP_*, SUBSTR from a computed position, LIKE), directly or through the
variable it was assigned to, reads Oracle's layout: that stays AM-PLSQL-009. Outside a handler (a logging routine
called from one) the routine reads what the calling handler published (published_read, plsql_errorstate).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_facts import PUBLISHED_READS, sqlerrm_expression
from converters.procedural.plsql_tree import Stmt

if TYPE_CHECKING:
    from converters.procedural.plsql_expr import Walk
    from converters.procedural.plsql_scope import Scope
    from migrate.sqltext.lexer import Token

# calls that read a text's layout: given the backtrace, they depend on Oracle's wording (SUBSTR only from a start
# other than 1: SUBSTR(bt, 1, n) cuts it to a column's length)
_SEARCHES = frozenset({"INSTR", "INSTRB", "INSTRC", "REGEXP_INSTR", "REGEXP_SUBSTR", "REGEXP_LIKE", "REGEXP_COUNT",
                       "REGEXP_REPLACE", "REPLACE", "TRANSLATE", "SUBSTR", "SUBSTRB", "SUBSTRC"})  # fmt: skip


def variable(depth: int) -> str:
    """The variable a handler at this nesting depth keeps its error context in (a handler inside a handler has its
    own, so the outer one still reads its own error after the inner one ran)."""
    return "ora_error_backtrace" if depth <= 1 else f"ora_error_backtrace_{depth}"


def _calls(tokens: list[Token], first: int, end: int) -> list[int]:
    """Indexes of DBMS_UTILITY (or SYS.DBMS_UTILITY) in `DBMS_UTILITY.FORMAT_ERROR_BACKTRACE` within [first, end)."""
    return [i for i in range(first, min(end, len(tokens) - 2)) if tokens[i].upper == "DBMS_UTILITY"
            and tokens[i + 1].text == "." and tokens[i + 2].upper == "FORMAT_ERROR_BACKTRACE"]  # fmt: skip


def _searched(tokens: list[Token], at: int, first: int) -> bool:
    """Whether the text at token `at` is an argument of a call that reads its layout, or compared with LIKE."""
    if any(tokens[j].upper == "LIKE" for j in (at - 1, at + 1) if first <= j < len(tokens)):
        return True
    depth, comma = 0, False
    for j in range(at - 1, first - 1, -1):
        text = tokens[j].text
        if text == ")":
            depth += 1
        elif text == "(" and depth:
            depth -= 1
        elif text == "," and not depth:
            comma = True
        elif text == "(":
            name = tokens[j - 1].upper if j > first else ""
            if name in _SEARCHES and not (name.startswith("SUBSTR") and not comma and _from_start(tokens, at)):
                return True
            comma = False
        elif text == ";" and not depth:
            return False
    return False


def _from_start(tokens: list[Token], at: int) -> bool:
    """SUBSTR(x, 1 ...): the first argument (ending at `at`'s call or name) is cut from its start."""
    j = at + 3 if tokens[at].upper == "DBMS_UTILITY" else at + 1
    if j < len(tokens) and tokens[j].text == "(":  # FORMAT_ERROR_BACKTRACE()
        j += 2
    return j + 1 < len(tokens) and tokens[j].text == "," and tokens[j + 1].text == "1"


def _assigned(tokens: list[Token], at: int) -> str:
    """`v := DBMS_UTILITY.FORMAT_ERROR_BACKTRACE;` -> 'V' (the variable the text is kept in), else ''."""
    after = at + 3
    if after < len(tokens) and tokens[after].text == "(":
        after += 2
    whole = after < len(tokens) and tokens[after].text == ";"
    return tokens[at - 2].upper if whole and at >= 2 and tokens[at - 1].text == ":=" else ""


def convertible(scope: Scope, first: int, end: int) -> bool:
    """Whether every backtrace call of a handler (tokens [first, end)) is read as text, not searched: not inside a
    search call itself, nor through a variable it is assigned to (anywhere in the unit)."""
    tokens = scope.src.tokens
    calls = _calls(tokens, first, end)
    if not calls:
        return False
    kept = {name for at in calls if (name := _assigned(tokens, at))}
    uses = [j for j, t in enumerate(tokens[:-1]) if t.upper in kept and tokens[j + 1].text != ":="] if kept else []
    return not any(_searched(tokens, at, 0) for at in calls + uses)


def handler_start(scope: Scope, stmts: list[Stmt], out: Lines, kept: str = "") -> None:
    """A handler that reads the backtrace starts by keeping the error context (scope.handling counts the handler);
    `kept`: the helper that already holds it (the failing statement's, read before plsql_atomic raised it again)."""
    if stmts and convertible(scope, stmts[0].first, stmts[-1].end):
        name = variable(scope.handling)
        scope.extra[name] = "text"
        out.line(f"{name} := {kept};" if kept else f"GET STACKED DIAGNOSTICS {name} = PG_EXCEPTION_CONTEXT;")


def published_read(scope: Scope, name: str, token: int) -> str | None:
    """SQLCODE / SQLERRM / FORMAT_ERROR_STACK / FORMAT_ERROR_BACKTRACE outside a handler: the error a calling
    handler published (plsql_errorstate), AM-PLSQL-125. None (AM-PLSQL-122) where no handler of the run can publish
    it: an autonomous routine runs in another session (unless its wrapper forwards the error, plsql_autonomous), a
    trigger, an object type method or a nested subprogram (plsql_units.hoisted) is not called by a name the run's
    handlers know."""
    hoisted = any(v.rsplit(".", 1)[-1].strip('"') == scope.routine_name for v in scope.nested.values())
    elsewhere = scope.autonomous and not scope.forwards_error
    if elsewhere or scope.unit not in ("function", "procedure", "package") or scope.self_type or hoisted:
        scope.flag("AM-PLSQL-122", token, name)
        return None
    scope.flag("AM-PLSQL-125", token, name)
    return PUBLISHED_READS[name]


def backtrace(w: Walk, i: int) -> tuple[str, int] | None:
    """DBMS_UTILITY.FORMAT_ERROR_BACKTRACE[()] in a handler that read it (handler_start) -> its variable;
    DBMS_UTILITY.FORMAT_ERROR_STACK -> the message, as SQLERRM."""
    scope, start = w.scope, i
    if (i > w.first and w.text(i - 1) == ".") or (w.word(i) == "DBMS_UTILITY" and scope.package_of("DBMS_UTILITY")):
        return None  # a member of something else, or a package of the run's own with the supplied one's name
    i += 2 if w.word(i) == "SYS" and w.text(i + 1) == "." else 0
    if w.word(i) != "DBMS_UTILITY" or w.text(i + 1) != ".":
        return None
    if w.word(i + 2) == "FORMAT_ERROR_STACK" and w.text(i + 3) != "(":
        scope.flag("AM-PLSQL-018", start, "DBMS_UTILITY.FORMAT_ERROR_STACK")  # the message, as SQLERRM
        read = sqlerrm_expression() if scope.handling else published_read(scope, "FORMAT_ERROR_STACK", start)
        return (w.placeholder(read), i + 3) if read else None
    after = i + 3 + (2 if w.text(i + 3) == "(" and w.text(i + 4) == ")" else 0)
    if w.word(i + 2) == "FORMAT_ERROR_BACKTRACE" and not scope.handling and convertible(scope, i, after):
        read = published_read(scope, "FORMAT_ERROR_BACKTRACE", start)
        scope.flag("AM-PLSQL-123", start, "DBMS_UTILITY.FORMAT_ERROR_BACKTRACE")
        return (w.placeholder(read), after) if read else None
    if w.word(i + 2) != "FORMAT_ERROR_BACKTRACE" or variable(scope.handling) not in scope.extra:
        return None
    if not scope.handling or not convertible(scope, i, after):
        return None
    scope.flag("AM-PLSQL-123", start, "DBMS_UTILITY.FORMAT_ERROR_BACKTRACE")
    return variable(scope.handling), after
