"""A regular expression whose pattern is a PL/SQL variable: Oracle's '.' does not match a newline (without the 'n'
match parameter), PostgreSQL's does. What the literal rewrite (oracle_documented.regexp_match_parameter) decides
from the text is decided at run time: no '.' -> the pattern as it is; a '.' -> '(?p)' || pattern ((?n) with 'm'),
in one CASE; a '.' and a '[^' (which the newline-sensitive mode would also keep off newlines) -> a guard before
the statement raises, as does a '#' with 'x' (a comment in PostgreSQL)."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.calls import call
from converters.rewrites.common import Context

REGEXP_GUARD_STATE = "UGR01"  # a class of our own, like oracle_format_guard's


def _holds(variable: exp.Expression, text: str) -> exp.Expression:
    return exp.GT(this=call("strpos", variable.copy(), exp.Literal.string(text)), expression=exp.Literal.number(0))


def _prefixed(mode: str, variable: exp.Expression) -> exp.Expression:
    return exp.DPipe(this=exp.Literal.string(f"(?{mode})"), expression=variable.copy()) if mode else variable.copy()


def guard_text(name: str, extended: bool) -> str:
    """The PL/pgSQL statement raising when the pattern in `name` has no exact PostgreSQL reading (NULL passes)."""
    refused = f"strpos({name}, '.') > 0 AND strpos({name}, '[^') > 0"
    if extended:
        refused = f"{refused} OR strpos({name}, '#') > 0"
    return (
        f"IF {refused} THEN\n"
        f"    RAISE EXCEPTION USING ERRCODE = '{REGEXP_GUARD_STATE}', MESSAGE = format("
        "'aurora-migrate: %s holds the regular expression %s, whose newline or comment reading differs in"
        f" PostgreSQL (see CONV-DOC-004)', '{name}', {name});\n"
        "END IF;"
    )


def variable_pattern(node: exp.Expression, ctx: Context, pattern: exp.Expression | None, flags: str) -> bool:
    """Rewrite `pattern`, a variable a guard can check (RewriteOptions.guarded_variables), for Oracle's match
    parameter `flags` (without 'n'): a CASE on its '.', and the guard for the rest. False when it is not one."""
    if not isinstance(pattern, exp.Column) or pattern.table or pattern.this.args.get("quoted"):
        return False
    name = pattern.name.lower()
    if name not in ctx.options.guarded_variables:
        return False
    multiline = "m" in flags
    dotted, plain = _prefixed("n" if multiline else "p", pattern), _prefixed("w" if multiline else "", pattern)
    # in parentheses: PL/pgSQL ends an IF / WHEN condition at the first THEN outside them, a CASE's too
    pattern.replace(exp.Paren(this=exp.Case(ifs=[exp.If(this=_holds(pattern, "."), true=dotted)], default=plain)))
    guard = guard_text(name, "x" in flags)
    if guard not in ctx.guards:
        ctx.guards.append(guard)
    ctx.flag("CONV-DOC-004", node, f"{name} is checked before the statement: a pattern with '.' and '[^' raises")
    return True
