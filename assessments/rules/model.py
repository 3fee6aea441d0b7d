"""Detectors over the Inventory itself: types, table kinds, indexes, constraints, links, jobs, names.

Each function builds a detector (Inventory -> hits) for one rule row; the dialect tables pick them
and give them their ids. They look at what the scanner recorded, never at text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from assessments.rules.base import Hit, ModelDetector
from migrate.model import (
    Column,
    Constraint,
    Feature,
    Index,
    Inventory,
    Routine,
    Schema,
    Sequence,
    Table,
    Trigger,
    TypeFamily,
    View,
)

PG_IDENTIFIER_BYTES = 63  # NAMEDATALEN - 1: PostgreSQL truncates longer names, silently colliding them
PG_BIGINT_MAX = 2**63 - 1

# PostgreSQL reserved key words (appendix C, "reserved" in PostgreSQL column): a table or column
# with one of these names must be quoted forever after.
PG_RESERVED = frozenset(
    [
        "ALL",
        "ANALYSE",
        "ANALYZE",
        "AND",
        "ANY",
        "ARRAY",
        "AS",
        "ASC",
        "ASYMMETRIC",
        "BOTH",
        "CASE",
        "CAST",
        "CHECK",
        "COLLATE",
        "COLUMN",
        "CONSTRAINT",
        "CREATE",
        "CURRENT_CATALOG",
        "CURRENT_DATE",
        "CURRENT_ROLE",
        "CURRENT_TIME",
        "CURRENT_TIMESTAMP",
        "CURRENT_USER",
        "DEFAULT",
        "DEFERRABLE",
        "DESC",
        "DISTINCT",
        "DO",
        "ELSE",
        "END",
        "EXCEPT",
        "FALSE",
        "FETCH",
        "FOR",
        "FOREIGN",
        "FROM",
        "GRANT",
        "GROUP",
        "HAVING",
        "IN",
        "INITIALLY",
        "INTERSECT",
        "INTO",
        "LATERAL",
        "LEADING",
        "LIMIT",
        "LOCALTIME",
        "LOCALTIMESTAMP",
        "NOT",
        "NULL",
        "OFFSET",
        "ON",
        "ONLY",
        "OR",
        "ORDER",
        "PLACING",
        "PRIMARY",
        "REFERENCES",
        "RETURNING",
        "SELECT",
        "SESSION_USER",
        "SOME",
        "SYMMETRIC",
        "SYSTEM_USER",
        "TABLE",
        "THEN",
        "TO",
        "TRAILING",
        "TRUE",
        "UNION",
        "UNIQUE",
        "USER",
        "USING",
        "VARIADIC",
        "WHEN",
        "WHERE",
        "WINDOW",
        "WITH",
    ]
)


def _tables(inventory: Inventory) -> Iterator[tuple[Schema, Table]]:
    for schema in inventory.schemas:
        for table in schema.tables:
            yield schema, table


def column_types(*names: str) -> ModelDetector:
    """Columns whose base type name is one of `names` (as the model's parse_column_type spells them)."""
    wanted = {n.upper() for n in names}
    return columns_where(lambda c: c.type.name.upper() in wanted)


def column_family(family: TypeFamily) -> ModelDetector:
    return columns_where(lambda c: c.type.family is family)


def columns_where(test: Callable[[Column], bool]) -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for _schema, table in _tables(inventory):
            for column in table.columns:
                if test(column):
                    yield Hit("table", table.qualified_name, table.location, f"{column.name} {column.type.raw}")

    return detect


def tables_where(test: Callable[[Table], bool], describe: Callable[[Table], str]) -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for _schema, table in _tables(inventory):
            if test(table):
                yield Hit("table", table.qualified_name, table.location, describe(table))

    return detect


def indexes_where(test: Callable[[Index], bool]) -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for _schema, table in _tables(inventory):
            for index in table.indexes:
                if test(index):
                    columns = ", ".join(c.expression for c in index.columns)
                    snippet = f"{index.kind.upper()} INDEX {index.name} ON {table.name} ({columns})"
                    yield Hit("index", f"{table.schema}.{index.name}", table.location, snippet)

    return detect


def constraints_where(test: Callable[[Constraint], bool]) -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for _schema, table in _tables(inventory):
            for constraint in table.constraints:
                if test(constraint):
                    snippet = (
                        f"{constraint.kind.value} {constraint.name} on {table.name} ({', '.join(constraint.columns)})"
                    )
                    yield Hit("table", table.qualified_name, table.location, snippet)

    return detect


def sequences_where(test: Callable[[Sequence], bool], describe: Callable[[Sequence], str]) -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for schema in inventory.schemas:
            for sequence in schema.sequences:
                if test(sequence):
                    yield Hit("sequence", sequence.qualified_name, sequence.location, describe(sequence))

    return detect


def views_where(test: Callable[[View], bool], describe: Callable[[View], str]) -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for schema in inventory.schemas:
            for view in schema.views:
                if test(view):
                    kind = "materialized_view" if view.materialized else "view"
                    yield Hit(kind, view.qualified_name, view.location, describe(view))

    return detect


def routines_where(test: Callable[[Routine], bool]) -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for schema in inventory.schemas:
            for routine in schema.routines:
                if test(routine):
                    first = routine.source.strip().splitlines()[0][:160] if routine.source.strip() else ""
                    yield Hit(routine.kind.value, routine.qualified_name, routine.location, first)

    return detect


def triggers_where(test: Callable[[Trigger], bool]) -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for schema in inventory.schemas:
            for trigger in schema.triggers:
                if test(trigger):
                    snippet = f"{trigger.timing} {' OR '.join(trigger.events)} ON {trigger.table} ({trigger.level})"
                    yield Hit("trigger", trigger.qualified_name, trigger.location, snippet.strip())

    return detect


def synonyms(public: bool | None = None, remote: bool = False) -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for schema in inventory.schemas:
            for synonym in schema.synonyms:
                if remote != bool(synonym.db_link) or (public is not None and synonym.public != public):
                    continue
                target = f"{synonym.target_schema + '.' if synonym.target_schema else ''}{synonym.target_name}"
                target += f"@{synonym.db_link}" if synonym.db_link else ""
                yield Hit("synonym", synonym.qualified_name, synonym.location, f"{synonym.name} -> {target}")

    return detect


def db_links() -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for link in inventory.db_links:
            yield Hit("db_link", f"{link.owner}.{link.name}", link.location, f"{link.name} -> {link.target}")

    return detect


def jobs(*kinds: str) -> ModelDetector:
    def detect(inventory: Inventory) -> Iterator[Hit]:
        for job in inventory.jobs:
            if not kinds or job.kind in kinds:
                yield Hit("job", f"{job.owner}.{job.name}", job.location, f"{job.kind}: {job.schedule}".strip())

    return detect


def features(*kinds: str, when: Callable[[Feature], bool] | None = None) -> ModelDetector:
    wanted = {k.lower() for k in kinds}

    def detect(inventory: Inventory) -> Iterator[Hit]:
        for feature in inventory.features:
            if feature.kind.lower() in wanted and (when is None or when(feature)):
                yield Hit(feature.kind, feature.name, feature.location, feature.detail or feature.name)

    return detect


def either(*detectors: ModelDetector) -> ModelDetector:
    """Hits of several detectors: a thing the catalog shows in one place and an export in another."""

    def detect(inventory: Inventory) -> Iterator[Hit]:
        for detector in detectors:
            yield from detector(inventory)

    return detect


def _named_objects(inventory: Inventory) -> Iterator[tuple[str, str, str, object]]:
    """(kind, qualified name, bare name, location) of every named thing a user will have to spell."""
    for schema, table in _tables(inventory):
        yield "table", table.qualified_name, table.name, table.location
        for column in table.columns:
            yield "column", f"{table.qualified_name}.{column.name}", column.name, table.location
        for index in table.indexes:
            yield "index", f"{schema.name}.{index.name}", index.name, table.location
    for schema in inventory.schemas:
        groups: Iterable[tuple[str, Iterable[View | Sequence | Routine | Trigger]]] = (
            ("view", schema.views),
            ("sequence", schema.sequences),
            ("routine", schema.routines),
            ("trigger", schema.triggers),
        )
        for kind, objects in groups:
            for obj in objects:
                yield kind, obj.qualified_name, obj.name, obj.location


def names_where(test: Callable[[str], bool], why: str) -> ModelDetector:
    """One hit per object whose own name or whose columns' names fail `test` (a table with 30
    mixed-case columns is one rename job, not 30)."""

    def detect(inventory: Inventory) -> Iterator[Hit]:
        grouped: dict[tuple[str, str], tuple[object, list[str]]] = {}
        for kind, qualified, bare, location in _named_objects(inventory):
            if not test(bare):
                continue
            owner_kind, owner = ("table", qualified.rsplit(".", 1)[0]) if kind == "column" else (kind, qualified)
            grouped.setdefault((owner_kind, owner), (location, []))[1].append(f"{kind} {bare}")
        for (owner_kind, owner), (location, names) in grouped.items():
            listed = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
            yield Hit(owner_kind, owner, location, f"{why}: {listed}")  # type: ignore[arg-type]

    return detect


def too_long(name: str) -> bool:
    return len(name.encode("utf-8")) > PG_IDENTIFIER_BYTES


def reserved(name: str) -> bool:
    return name.upper() in PG_RESERVED


def not_upper(name: str) -> bool:
    """Oracle folds unquoted names to upper case, so a name with lower-case letters was quoted."""
    return name != name.upper()


def mixed_case(name: str) -> bool:
    """SQL Server keeps the case it was written in; PostgreSQL folds unquoted names to lower case."""
    return name != name.lower() and name != name.upper()


def beyond_bigint(sequence: Sequence) -> bool:
    return sequence.max_value is not None and sequence.max_value > PG_BIGINT_MAX
