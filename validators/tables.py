"""Which tables and columns to compare, and by which key: from both catalogs, an Inventory, conversion.json.

Tables pair by name, case-folded (Oracle's EMP is PostgreSQL's emp), through the conversion's
schema map when given; columns pair by name, or by conversion.json's ColumnMapping. The key is the
primary key, else a unique index over NOT NULL columns, else none: the table is then compared as a
multiset of row hashes, and the report says so. A problem with one table (missing on a side, an
incompatible column type) is kept on that table's pair; the other tables still run.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from dataclasses import dataclass, field

from migrate.engines.base import Connection
from migrate.model import ConstraintKind, ConversionResult, Inventory, TypeFamily
from validators.column_types import declared_type
from validators.normalize.base import COMPATIBLE, ColumnSpec, Normaliser, Policy


@dataclass(frozen=True)
class TableDef:
    """A table as one side's catalog describes it."""

    schema: str
    name: str
    columns: tuple[tuple[str, str, bool], ...]  # (name, type text, not null)
    keys: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (P|U, index or constraint name, columns)

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    def column(self, name: str) -> tuple[str, str, bool] | None:
        return next((c for c in self.columns if c[0].casefold() == name.casefold()), None)


@dataclass(frozen=True)
class ColumnPair:
    source: str
    target: str
    source_type: str
    target_type: str
    kind: str
    source_family: TypeFamily
    target_family: TypeFamily


@dataclass(frozen=True)
class TablePair:
    name: str  # what the report calls the table: the target's schema.table (the source's when missing)
    source: TableDef | None
    target: TableDef | None
    columns: tuple[ColumnPair, ...] = ()
    key: tuple[int, ...] = ()  # positions in `columns`; empty = whole-table multiset
    key_origin: str = ""
    problems: tuple[str, ...] = ()  # this table cannot be compared: why
    notes: tuple[str, ...] = ()  # compared, with these caveats (a column on one side only...)

    def specs(self, side: str, policy: Policy) -> list[ColumnSpec]:
        """The columns as `side` ("source" | "target") names and types them, in pair order."""
        return [
            ColumnSpec(
                name=getattr(c, side),
                family=getattr(c, f"{side}_family"),
                raw_type=getattr(c, f"{side}_type"),
                kind=c.kind,
                policy=policy.per_column.get(f"{self.name}.{c.target}".casefold(), policy),
            )
            for c in self.columns
        ]


@dataclass
class Catalog:
    tables: dict[tuple[str, str], TableDef] = field(default_factory=dict)  # (schema, name) folded -> def


def read_catalog(conn: Connection, normaliser: Normaliser) -> Catalog:
    columns: dict[tuple[str, str], list[tuple[str, str, bool]]] = defaultdict(list)
    for schema, table, column, type_text, not_null in conn.rows(normaliser.columns_query):
        columns[(schema, table)].append((column, type_text, bool(not_null)))
    keys: dict[tuple[str, str], dict[tuple[str, str], list[str]]] = defaultdict(dict)
    for schema, table, kind, index, column in conn.rows(normaliser.keys_query):
        keys[(schema, table)].setdefault((kind, index), []).append(column)
    catalog = Catalog()
    for (schema, table), cols in columns.items():
        found = keys.get((schema, table), {})
        table_keys = tuple((kind, index, tuple(cols_)) for (kind, index), cols_ in sorted(found.items()))
        catalog.tables[(schema.casefold(), table.casefold())] = TableDef(schema, table, tuple(cols), table_keys)
    return catalog


def catalog_from_inventory(inventory: Inventory) -> Catalog:
    catalog = Catalog()
    for table in inventory.tables():
        keys = tuple(
            ("P" if c.kind is ConstraintKind.PRIMARY_KEY else "U", c.name, tuple(c.columns))
            for c in table.constraints
            if c.kind in (ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE)
        ) + tuple(
            ("U", i.name, tuple(c.expression for c in i.columns))
            for i in table.indexes
            if i.unique and not i.where and not any(c.is_expression for c in i.columns)
        )
        columns = tuple((c.name, c.type.raw, not c.nullable) for c in table.columns)
        catalog.tables[(table.schema.casefold(), table.name.casefold())] = TableDef(
            table.schema, table.name, columns, keys
        )
    return catalog


def choose_key(table: TableDef) -> tuple[tuple[str, ...], str]:
    """The primary key, else the first unique index whose columns are all NOT NULL, else none."""
    for kind, name, columns in sorted(table.keys, key=lambda k: k[0] != "P"):
        not_null = all((table.column(c) or ("", "", False))[2] for c in columns)
        if kind == "P":
            return columns, f"primary key {name}"
        if not_null:
            return columns, f"unique index {name}"
    return (), "none: no primary key or NOT NULL unique index, compared as a whole-table multiset"


@dataclass(frozen=True)
class Pairing:
    """What the run was told: name patterns, the schema map, and the converter's column mappings."""

    patterns: tuple[str, ...] = ()
    schema_map: dict[str, str] = field(default_factory=dict)
    conversion: ConversionResult | None = None

    def selected(self, table: TableDef) -> bool:
        if not self.patterns:
            return True
        names = (table.qualified.casefold(), table.name.casefold())
        return any(fnmatch.fnmatchcase(n, p.casefold()) for p in self.patterns for n in names)

    def target_name(self, source: TableDef) -> tuple[str, str]:
        if self.conversion:
            for obj in self.conversion.objects:
                if obj.kind == "table" and obj.source_name.casefold() == source.qualified.casefold():
                    return obj.schema.casefold(), obj.name.casefold()
        folded = {k.casefold(): v for k, v in self.schema_map.items()}
        return folded.get(source.schema.casefold(), source.schema).casefold(), source.name.casefold()

    def column_map(self, source: TableDef) -> dict[str, str]:
        if not self.conversion:
            return {}
        for obj in self.conversion.objects:
            if obj.kind == "table" and obj.source_name.casefold() == source.qualified.casefold():
                return {c.source_name.casefold(): c.target_name for c in obj.columns}
        return {}


def pair_tables(
    source: Catalog, target: Catalog, pairing: Pairing, engines: tuple[str, str], source_kinds: Normaliser
) -> list[TablePair]:
    pairs: list[TablePair] = []
    matched: set[tuple[str, str]] = set()
    for table in (t for t in source.tables.values() if pairing.selected(t)):
        target_key = pairing.target_name(table)
        found = target.tables.get(target_key)
        if not found:
            pairs.append(
                TablePair(table.qualified, table, None, problems=(f"missing in target (as {'.'.join(target_key)})",))
            )
            continue
        matched.add(target_key)
        pairs.append(pair_columns(table, found, pairing.column_map(table), engines, source_kinds))
    for key, table in target.tables.items():
        if key not in matched and pairing.selected(table):
            pairs.append(TablePair(table.qualified, None, table, problems=("missing in source",)))
    return sorted(pairs, key=lambda p: p.name)


def pair_columns(
    source: TableDef, target: TableDef, column_map: dict[str, str], engines: tuple[str, str], kinds: Normaliser
) -> TablePair:
    columns: list[ColumnPair] = []
    problems: list[str] = []
    notes: list[str] = []
    used: set[str] = set()
    for name, raw, _ in source.columns:
        found = target.column(column_map.get(name.casefold(), name))
        if not found:
            notes.append(f"column {name} is missing in target")
            continue
        used.add(found[0].casefold())
        s_type, t_type = declared_type(raw, engines[0]), declared_type(found[1], engines[1])
        kind = kinds.kind_of(s_type.family)
        allowed = COMPATIBLE.get(kind, frozenset())
        if t_type.family is not s_type.family and t_type.family not in allowed:
            problems.append(f"incompatible column types: {name} is {raw} in source but {found[1]} in target")
            continue
        columns.append(ColumnPair(name, found[0], raw, found[1], kind, s_type.family, t_type.family))
    notes += [f"column {c[0]} is missing in source" for c in target.columns if c[0].casefold() not in used]
    key_columns, origin = choose_key(source)
    if not key_columns:
        key_columns, origin = choose_key(target)
        key_columns = tuple(next((c.source for c in columns if c.target == k), k) for k in key_columns)
    position = {c.source.casefold(): i for i, c in enumerate(columns)}
    if any(k.casefold() not in position for k in key_columns):
        problems.append(f"key column(s) {', '.join(key_columns)} cannot be compared on both sides")
    key = tuple(position[k.casefold()] for k in key_columns if k.casefold() in position)
    return TablePair(target.qualified, source, target, tuple(columns), key, origin, tuple(problems), tuple(notes))
