"""Oracle's regular-expression modes written into a PostgreSQL pattern: Oracle's '.' does not match a newline without
the 'n' match parameter (PostgreSQL's does), ^ and $ match at lines only with 'm'. For a literal pattern the text
decides (literal_form); for a pattern or match parameter held in a PL/SQL variable the same decision is made at
run time: no '.' -> the pattern as it is; a '.' -> '(?p)' || pattern ((?n) with 'm'), in a CASE; a '.' and a
'[^' (which the newline-sensitive mode would also keep off newlines) -> a guard before the statement raises, as
does a '#' with 'x' (a comment in PostgreSQL)."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.calls import call
from converters.rewrites.common import Context

REGEXP_GUARD_STATE = "UGR01"  # a class of our own, like oracle_format_guard's


def literal_form(text: str, dotall: bool, multiline: bool) -> str:
    """The PostgreSQL pattern for Oracle's `text` in the given modes."""
    dot = "." in text
    if dot and not dotall and "[^" in text:
        # the newline-sensitive modes would also keep '[^...]' off newlines: spell Oracle's '.' out instead
        text, dot = _dot_without_newline(text), False
    mode = ("n" if multiline else "p") if dot and not dotall else ("w" if multiline else "")
    return f"(?{mode}){text}" if mode else text


def _dot_without_newline(pattern: str) -> str:
    """Each '.' that means any character (not escaped, not inside a bracket expression) as '[^\\n]': Oracle's '.'
    without the 'n' match parameter, in PostgreSQL's default mode where '[^...]' matches a newline as in Oracle."""
    out, i, bracket = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if bracket:
            if c == "]" and not _opens_bracket(pattern, i):
                bracket = False
            out.append(c)
        elif c == "[":
            bracket = True
            out.append(c)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a ']' first in the list is a member
                out.append("]")
                i += 1
        else:
            out.append("[^\\n]" if c == "." else c)
        i += 1
    return "".join(out)


def _opens_bracket(pattern: str, at: int) -> bool:
    """A ']' that closes a [:class:], [=x=] or [.x.] element inside a bracket expression, not the expression."""
    return at >= 1 and pattern[at - 1] in ":=." and "[" + pattern[at - 1] in pattern[:at]


def _variable(node: exp.Expression | None, ctx: Context) -> str:
    """The lower-case name of a variable a guard can check (RewriteOptions.guarded_variables), or ''."""
    if not isinstance(node, exp.Column) or node.table or node.this.args.get("quoted"):
        return ""
    return node.name.lower() if node.name.lower() in ctx.options.guarded_variables else ""


def _holds(variable: str, text: str) -> str:
    return f"strpos({variable}, '{text}') > 0"


def _case(condition: str, then: exp.Expression, otherwise: exp.Expression) -> exp.Expression:
    # in parentheses: PL/pgSQL ends an IF / WHEN condition at the first THEN outside them, a CASE's too
    when: exp.Expression = exp.maybe_parse(condition, dialect="postgres")
    return exp.Paren(this=exp.Case(ifs=[exp.If(this=when, true=then)], default=otherwise))


def _prefixed(mode: str, variable: exp.Expression) -> exp.Expression:
    return exp.DPipe(this=exp.Literal.string(f"(?{mode})"), expression=variable.copy()) if mode else variable.copy()


def _guard(node: exp.Expression, ctx: Context, names: list[str], refused: list[str]) -> None:
    """Record the statement raising when any of `refused` holds (NULL passes), and the finding."""
    if refused:
        held = ", ".join(f"{n} = %L" for n in names)
        text = (
            f"IF {' OR '.join(refused)} THEN\n"
            f"    RAISE EXCEPTION USING ERRCODE = '{REGEXP_GUARD_STATE}', MESSAGE = format("
            f"'aurora-migrate: a regular expression ({held}) whose newline or comment reading differs in PostgreSQL"
            f" (see CONV-DOC-004)', {', '.join(names)});\n"
            "END IF;"
        )
        if text not in ctx.guards:
            ctx.guards.append(text)
    what = " and ".join(names)
    ctx.flag("CONV-DOC-004", node, f"{what}: a '.' with '[^' (or '#' with 'x') raises before the statement")


def _dynamic(pattern: exp.Expression, name: str, multiline: bool) -> exp.Expression:
    """A variable pattern outside the 'n' mode: (?p) / (?n) before it when it holds a '.'."""
    dotted, plain = _prefixed("n" if multiline else "p", pattern), _prefixed("w" if multiline else "", pattern)
    return _case(_holds(name, "."), dotted, plain)


def variable_pattern(node: exp.Expression, ctx: Context, pattern: exp.Expression | None, flags: str) -> bool:
    """Rewrite `pattern`, a variable a guard can check, for Oracle's match parameter `flags` (without 'n'): a CASE
    on its '.', and the guard for the rest. False when it is not one."""
    name = _variable(pattern, ctx)
    if not name or pattern is None:
        return False
    refused = [f"{_holds(name, '.')} AND {_holds(name, '[^')}"] + ([_holds(name, "#")] if "x" in flags else [])
    pattern.replace(_dynamic(pattern, name, "m" in flags))
    _guard(node, ctx, [name], refused)
    return True


def variable_flags(
    node: exp.Expression, ctx: Context, pattern: exp.Expression | None, parameter: exp.Expression
) -> bool:
    """A match parameter held in a variable: the pattern as a CASE over its 'n' and 'm', the parameter reduced to
    its i, c and x (PostgreSQL's n and m mean otherwise). Not for REGEXP_LIKE, written as an operator."""
    flags = _variable(parameter, ctx)
    if not flags or isinstance(node, exp.RegexpLike) or pattern is None:
        return False
    forms: dict[tuple[bool, bool], exp.Expression]
    name = ""
    refused = [f"{_holds(flags, 'x')} AND {_holds(flags, '#')}"]
    if isinstance(pattern, exp.Literal) and pattern.is_string:
        forms = {
            (n, m): exp.Literal.string(literal_form(pattern.name, n, m)) for n in (True, False) for m in (True, False)
        }
        refused = [_holds(flags, "x")] if "#" in pattern.name else []
    elif name := _variable(pattern, ctx):
        forms = {(n, m): _prefixed("w" if m else "", pattern) if n else _dynamic(pattern, name, m)
                 for n in (True, False) for m in (True, False)}  # fmt: skip
        refused = [f"strpos(coalesce({flags}, ''), 'n') = 0 AND {_holds(name, '.')} AND {_holds(name, '[^')}",
                   f"{_holds(flags, 'x')} AND {_holds(name, '#')}"]  # fmt: skip
    else:
        return False
    lines = {n: _case(_holds(flags, "m"), forms[(n, True)], forms[(n, False)]) for n in (True, False)}
    pattern.replace(_case(_holds(flags, "n"), lines[True], lines[False]))
    kept = call("coalesce", parameter.copy(), exp.Literal.string(""))
    parameter.replace(call("regexp_replace", kept, exp.Literal.string("[^icx]"), exp.Literal.string(""),
                           exp.Literal.string("g")))  # fmt: skip
    _guard(node, ctx, [flags, name] if name else [flags], refused)
    return True
