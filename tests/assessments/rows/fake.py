"""A stand-in for an Oracle or SQL Server connection (neither server can run here): it answers each
catalog query with rows shaped as the real view returns them, chosen by the view the query reads."""

from __future__ import annotations

from typing import Any

import sqlglot
from sqlglot import exp

from migrate.engines.url import parse_url
from migrate.errors import QueryError


class CatalogFake:
    def __init__(
        self, engine: str, url: str, rows: dict[str, list[dict[str, Any]]], fail: tuple[str, ...] = ()
    ) -> None:
        self.engine = engine
        self.dialect = {"oracle": "oracle", "sqlserver": "tsql"}[engine]
        self.url = parse_url(url)
        self.by_view = {k.lower(): v for k, v in rows.items()}
        self.fail = tuple(f.lower() for f in fail)
        self.calls: list[tuple[str, Any]] = []

    def view_of(self, sql: str) -> str:
        """The first catalog view in the query's FROM clause (parsed, as the server would)."""
        node = sqlglot.parse_one(sql, read=self.dialect)
        while isinstance(node, exp.SetOperation):
            node = node.left  # a UNION is named by its first branch
        source = node.args.get("from_") or node.args.get("from")
        table = source.this if source is not None else None
        assert isinstance(table, exp.Table), sql
        return ".".join(p for p in (table.db, table.name) if p).lower()

    def dicts(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        view = self.view_of(sql)
        self.calls.append((view, params))
        if any(view.startswith(f) or view == f for f in self.fail):
            raise QueryError(f"ORA-00942: table or view does not exist\n  query: {sql[:60]}")
        return [dict(r) for r in self.by_view.get(view, [])]

    def rollback(self) -> None:
        pass
