"""Model detectors for semantic risks that need more than one object: the database's collation
against its columns, a view's comparisons against the column types of the tables it reads."""

from __future__ import annotations

from collections.abc import Iterator

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from assessments.rules.base import Hit, ModelDetector
from assessments.rules.model import _tables
from migrate.model import Inventory, TypeFamily

# Markers of comparisons that ignore case or accents: SQL Server collation names (_CI, _AI), Oracle
# BINARY_CI / BINARY_AI / *_CI linguistic sorts. PostgreSQL's default collations compare exactly.
INSENSITIVE_MARKERS = ("_CI", "_AI")
# Oracle session/database settings that make = and ORDER BY linguistic (NLS_COMP=LINGUISTIC + NLS_SORT)
NLS_KEYS = ("nls_comp", "nls_sort")


def _insensitive(text: str | None) -> bool:
    return bool(text) and any(marker in text.upper() for marker in INSENSITIVE_MARKERS)  # type: ignore[union-attr]


def case_insensitive_collation(inventory: Inventory) -> Iterator[Hit]:
    """The database, or a column, compares 'abc' = 'ABC' (or 'é' = 'e')."""
    source = inventory.source
    database = source.database or "database"
    nls = {k: source.properties.get(k, "") for k in NLS_KEYS}
    linguistic = nls["nls_comp"].upper() == "LINGUISTIC" and _insensitive(nls["nls_sort"])
    if _insensitive(source.collation) or linguistic:
        detail = (
            f"collation {source.collation}"
            if source.collation
            else f"NLS_COMP={nls['nls_comp']} NLS_SORT={nls['nls_sort']}"
        )
        yield Hit("database", database, None, detail)
        return  # every column inherits it: one finding, not one per column
    for _schema, table in _tables(inventory):
        for column in table.columns:
            if _insensitive(column.collation):
                yield Hit("table", table.qualified_name, table.location, f"{column.name} COLLATE {column.collation}")


STRING_FAMILIES = frozenset({TypeFamily.STRING, TypeFamily.FIXED_STRING, TypeFamily.TEXT})
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)


def _string_columns(inventory: Inventory) -> dict[str, set[str]]:
    """Table name (upper) -> its character columns (upper)."""
    return {
        table.name.upper(): {c.name.upper() for c in table.columns if c.type.family in STRING_FAMILIES}
        for _schema, table in _tables(inventory)
    }


def string_compared_with_number(dialect: str) -> ModelDetector:
    """A view comparing a character column with a number: the source converts the column to a
    number row by row (and fails on the first non-numeric value); PostgreSQL refuses the query
    ("operator does not exist: character varying = integer")."""

    def detect(inventory: Inventory) -> Iterator[Hit]:
        strings = _string_columns(inventory)
        for schema in inventory.schemas:
            for view in schema.views:
                for snippet in _mixed_comparisons(view.query, dialect, strings):
                    yield Hit("view", view.qualified_name, view.location, snippet)

    return detect


def _mixed_comparisons(query: str, dialect: str, strings: dict[str, set[str]]) -> Iterator[str]:
    try:
        tree = sqlglot.parse_one(query, read=dialect)
    except (ParseError, TokenError, ValueError, RecursionError):
        return  # the code scan reports it as unparsed
    if tree is None:
        return
    aliases = {(t.alias_or_name or "").upper(): t.name.upper() for t in tree.find_all(exp.Table)}
    in_query = set().union(*(strings.get(name, set()) for name in aliases.values())) if aliases else set()
    for node in tree.find_all(*_COMPARISONS):
        for column, other in ((node.this, node.expression), (node.expression, node.this)):
            if not (isinstance(column, exp.Column) and isinstance(other, exp.Literal) and other.is_number):
                continue
            table = aliases.get(column.table.upper()) if column.table else None
            names = strings.get(table, set()) if table else in_query
            if column.name.upper() in names:
                yield node.sql(dialect)[:160]
