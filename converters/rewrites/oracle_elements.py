"""What a PL/SQL collection element or a CASE expression holds, for the rewrites that print values as Oracle does:
`v[i]` of a collection of DATEs or NUMBERs (RewriteOptions.element_kinds, from the routine's declarations), and the
results a CASE can give (each THEN and the ELSE; NULL fits any kind)."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context


def element_kind(node: exp.Expression, ctx: Context) -> str:
    """'date' or a NUMBER kind for `v[i]` of a collection variable known to hold those; '' otherwise."""
    if not isinstance(node, exp.Bracket) or not ctx.options.element_kinds:
        return ""
    array = node.this
    if not isinstance(array, exp.Column) or array.table:
        return ""
    return dict(ctx.options.element_kinds).get(array.name.lower(), "")


def case_results(node: exp.Expression) -> list[exp.Expression] | None:
    """The values a CASE can give, its NULLs (and a missing ELSE) left out; None for anything but a CASE with at
    least one value that is not NULL."""
    if not isinstance(node, exp.Case):
        return None
    values = [branch.args.get("true") for branch in node.args.get("ifs") or []]
    values.append(node.args.get("default"))
    found = [v for v in values if v is not None and not isinstance(v, exp.Null)]
    return found or None
