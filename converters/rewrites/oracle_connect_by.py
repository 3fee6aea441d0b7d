"""CONNECT BY -> WITH RECURSIVE."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.common import Context


def rewrite_connect_by(select: exp.Select, ctx: Context) -> exp.Expression | None:
    return None
