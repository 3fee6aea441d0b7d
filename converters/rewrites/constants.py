"""PL/SQL string constants inside the SQL a routine runs: a CONSTANT whose value is a literal is that literal.

The PL/SQL converter passes the constants a text can read (RewriteOptions.string_constants: local constants by
name, package constants by the placeholder of their accessor call). Where a rewrite needs to know a value at
conversion (a regular expression's pattern, a format model), the reference is replaced in the tree by the literal
it stands for, which is the value Oracle uses.
"""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context


def constant_text(node: exp.Expression | None, ctx: Context) -> str | None:
    """The string a bare name stands for when it names a string constant (else None)."""
    if isinstance(node, exp.Column) and not node.table:
        return dict(ctx.options.string_constants).get(node.name.lower())
    return None


def string_constant(node: exp.Expression | None, ctx: Context) -> exp.Expression | None:
    """`node` itself, or, when it names a string constant, the literal that replaced it in the tree."""
    value = constant_text(node, ctx)
    if node is None or value is None:
        return node
    literal = exp.Literal.string(value)
    node.replace(literal)
    return literal
