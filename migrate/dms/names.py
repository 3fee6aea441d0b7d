"""Target names for each source table and column: the converter's output when given, else its default.

The converter creates the target schema (TargetTablePrepMode DO_NOTHING), so DMS must write into the
names it chose. With `converted/conversion.json` those names are read from its table objects; without
it, the converter's default applies: unquoted names fold to lower case, schemas follow
`conversion.schema_map`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate.model import ColumnMapping, ConversionResult, Inventory, Table


@dataclass(frozen=True)
class TargetTable:
    """Where one source table lands."""

    schema: str
    name: str
    columns: dict[str, ColumnMapping] = field(default_factory=dict)  # key: source column name, upper case
    from_conversion: bool = False

    def column_name(self, source_name: str) -> str:
        mapping = self.columns.get(source_name.upper())
        return mapping.target_name if mapping else fold(source_name)


def fold(name: str) -> str:
    """The converter's default for an unquoted identifier: PostgreSQL folds to lower case."""
    return name.lower()


def target_tables(
    inventory: Inventory, conversion: ConversionResult | None, schema_map: dict[str, str]
) -> dict[str, TargetTable]:
    """Source "SCHEMA.TABLE" (upper case) -> its target, for every table in the inventory."""
    converted = _converted_tables(conversion)
    folded_map = {k.upper(): v for k, v in schema_map.items()}
    answer: dict[str, TargetTable] = {}
    for table in inventory.tables():
        key = table.qualified_name.upper()
        answer[key] = converted.get(key) or _default_target(table, folded_map)
    return answer


def _default_target(table: Table, schema_map: dict[str, str]) -> TargetTable:
    schema = schema_map.get(table.schema.upper(), fold(table.schema))
    return TargetTable(schema=schema, name=fold(table.name))


def _converted_tables(conversion: ConversionResult | None) -> dict[str, TargetTable]:
    if conversion is None:
        return {}
    return {
        obj.source_name.upper(): TargetTable(
            schema=obj.schema,
            name=obj.name,
            columns={c.source_name.upper(): c for c in obj.columns},
            from_conversion=True,
        )
        for obj in conversion.objects
        if obj.kind == "table" and obj.source_name
    }
