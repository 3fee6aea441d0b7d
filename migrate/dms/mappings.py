"""The DMS table-mappings document, built from the Inventory and (optionally) the converter's output.

Selection rules name every table the inventory holds (exclusions say why); transformation rules make
DMS write into the names and types the converter created; table-settings rules come from
`table_settings`. Pure: no AWS call, same input -> same JSON (snapshot-tested).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from migrate.config import Settings
from migrate.dms.names import TargetTable, fold, target_tables
from migrate.dms.table_settings import LobDecision, lob_decision, lob_settings_block, locator, parallel_load
from migrate.model import Column, ColumnMapping, ConversionResult, Finding, Inventory, Severity, Table, TypeFamily

# Table kinds DMS cannot or must not copy, and why (they are left out by an explicit exclude rule).
NOT_MOVED: dict[str, str] = {
    "global_temporary": "a global temporary table holds no data to migrate; the converter creates it empty",
    "temporary": "a temporary table holds no data to migrate",
    "external": "an external table's data lives in files outside the database; move the files instead",
}

# How DMS carries a value, by the family of the source column (its default transport type class).
SOURCE_CLASS: dict[TypeFamily, str] = {
    TypeFamily.INTEGER: "integer",
    TypeFamily.DECIMAL: "numeric",
    TypeFamily.FLOAT: "float",
    TypeFamily.STRING: "string",
    TypeFamily.FIXED_STRING: "string",
    TypeFamily.TEXT: "clob",
    TypeFamily.BLOB: "blob",
    TypeFamily.BINARY: "bytes",
    TypeFamily.DATE: "date",
    TypeFamily.DATETIME: "datetime",
    TypeFamily.DATETIME_TZ: "datetime",
    TypeFamily.BOOLEAN: "boolean",
}

# PostgreSQL target type (base name) -> (class, DMS change-data-type type). Only types DMS can be told
# to carry; others (jsonb, uuid, interval...) reach PostgreSQL as their source type and are cast there.
TARGET_CLASS: dict[str, tuple[str, str]] = {
    "smallint": ("integer", "int2"),
    "integer": ("integer", "int4"),
    "int": ("integer", "int4"),
    "bigint": ("integer", "int8"),
    "numeric": ("numeric", "numeric"),
    "decimal": ("numeric", "numeric"),
    "real": ("float", "real4"),
    "double precision": ("float", "real8"),
    "boolean": ("boolean", "boolean"),
    "date": ("date", "date"),
    "timestamp": ("datetime", "datetime"),
    "timestamptz": ("datetime", "datetime"),
    "timestamp with time zone": ("datetime", "datetime"),
    "timestamp without time zone": ("datetime", "datetime"),
    "varchar": ("string", "string"),
    "character varying": ("string", "string"),
    "char": ("string", "string"),
    "character": ("string", "string"),
    "text": ("clob", "clob"),
    "bytea": ("blob", "blob"),
}

# "numeric(12,2)", "timestamp(0) with time zone", "character varying(20)": base, arguments, suffix
_ARGUMENTS = re.compile(r"\([^)]*\)")
_TYPE_TEXT = re.compile(
    r"^(?P<base>[a-z][a-z ]*?)\s*(?:\(\s*(?P<a>\d+)\s*(?:,\s*(?P<b>\d+)\s*)?\))?\s*(?P<rest>[a-z ]*)$"
)


@dataclass(frozen=True)
class MappingPlan:
    document: dict[str, Any]  # the table-mappings JSON
    lob: tuple[LobDecision, ...] = ()
    parallel_tables: tuple[str, ...] = ()  # source names of tables loaded in parallel segments
    tables_without_key: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    names_from_conversion: bool = False
    left_to_cast: tuple[tuple[str, str], ...] = field(default=())  # (column, target type) DMS cannot be told


class _Rules:
    """Numbers rules in order; DMS wants unique numeric rule-ids as strings."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, rule_type: str, name: str, **body: Any) -> None:
        number = str(len(self.items) + 1)
        self.items.append({"rule-type": rule_type, "rule-id": number, "rule-name": name, **body})


def build_table_mappings(
    inventory: Inventory, settings: Settings, conversion: ConversionResult | None = None
) -> MappingPlan:
    rules = _Rules()
    targets = target_tables(inventory, conversion, settings.conversion.schema_map)
    moved = _selection(inventory, rules)
    findings = [_excluded_finding(t) for t in inventory.tables() if t.kind in NOT_MOVED]
    cast_only: list[tuple[str, str]] = []
    _schema_renames(moved, targets, rules)
    for table in moved:
        cast, found = _table_transformations(table, targets[table.qualified_name.upper()], rules)
        cast_only += cast
        findings += found
    # After the explicit rules: when several rules name one object DMS applies the lowest rule-id, so an
    # explicit rename wins over the wildcard (AWS DMS guide, "Transformation rules and actions", rule-id).
    _lowercase_rules(rules)
    lob, parallel, more = _table_settings(moved, inventory.source.engine, settings, rules)
    from_conversion = conversion is not None
    notes = [] if from_conversion else [_DEFAULT_NAMES]
    return MappingPlan(
        document={"rules": rules.items},
        lob=tuple(lob),
        parallel_tables=tuple(parallel),
        tables_without_key=tuple(t.qualified_name for t in moved if t.primary_key is None),
        findings=tuple(findings + more),
        notes=tuple(notes),
        names_from_conversion=from_conversion,
        left_to_cast=tuple(cast_only),
    )


def _selection(inventory: Inventory, rules: _Rules) -> list[Table]:
    moved = []
    for table in inventory.tables():
        action = "exclude" if table.kind in NOT_MOVED else "include"
        body = {"object-locator": locator(table), "rule-action": action}
        rules.add("selection", f"{action}-{table.qualified_name}", **body)
        if action == "include":
            moved.append(table)
    return moved


def _excluded_finding(table: Table) -> Finding:
    return Finding(
        rule_id="DMS-SKIP-001",
        severity=Severity.INFO,
        message=f"not copied by DMS: {NOT_MOVED[table.kind]}",
        object_kind="table",
        object_name=table.qualified_name,
        location=table.location,
        category="dms",
    )


# Unquoted names fold to lower case in PostgreSQL; DMS would otherwise write the source's upper-case names.
# Schemas are few, so each gets an explicit rename instead (no wildcard rule competes with schema_map).
LOWERCASE: tuple[tuple[str, dict[str, str]], ...] = (
    ("table", {"schema-name": "%", "table-name": "%"}),
    ("column", {"schema-name": "%", "table-name": "%", "column-name": "%"}),
)


def _lowercase_rules(rules: _Rules) -> None:
    for target, where in LOWERCASE:
        rules.add(
            "transformation",
            f"lowercase-{target}s",
            **{"rule-target": target, "object-locator": where, "rule-action": "convert-lowercase"},
        )


def _schema_renames(moved: list[Table], targets: dict[str, TargetTable], rules: _Rules) -> None:
    seen: set[str] = set()
    for table in moved:
        target = targets[table.qualified_name.upper()]
        if table.schema in seen:
            continue
        seen.add(table.schema)
        rules.add(
            "transformation",
            f"rename-schema-{table.schema}",
            **{"rule-target": "schema", "object-locator": {"schema-name": table.schema}},
            **{"rule-action": "rename", "value": target.schema},
        )


def _table_transformations(
    table: Table, target: TargetTable, rules: _Rules
) -> tuple[list[tuple[str, str]], list[Finding]]:
    """Renames the converter made beyond lower-casing, and type changes DMS must be told about."""
    where = locator(table)
    if target.name != fold(table.name):
        rules.add(
            "transformation",
            f"rename-table-{table.qualified_name}",
            **{"rule-target": "table", "object-locator": where, "rule-action": "rename", "value": target.name},
        )
    cast_only: list[tuple[str, str]] = []
    findings: list[Finding] = []
    types_not_sent: list[str] = []
    for column in table.columns:
        cast, found = _column_rules(table, column, target.columns.get(column.name.upper()), rules)
        cast_only += cast
        findings += [f for f in found if f.rule_id != "DMS-TYPE-002"]
        types_not_sent += [f.message for f in found if f.rule_id == "DMS-TYPE-002"]
    if types_not_sent:  # one finding per table, not per column: large schemas have thousands
        message = _TYPE_AND_RENAME.format(columns=", ".join(types_not_sent))
        findings.append(_name_finding(table, "DMS-TYPE-002", Severity.MEDIUM, message))
    return cast_only, findings


def _column_rules(
    table: Table, column: Column, mapping: ColumnMapping | None, rules: _Rules
) -> tuple[list[tuple[str, str]], list[Finding]]:
    """At most one transformation per column: DMS applies only one action to an object (AWS DMS guide,
    "Transformation rules and actions", Limitations)."""
    name = f"{table.qualified_name}.{column.name}"
    target_name = mapping.target_name if mapping else fold(column.name)
    if set(column.name) & UNTRANSFORMABLE and target_name != column.name:
        return [], [_name_finding(table, "DMS-NAME-003", Severity.HIGH, _SPECIAL.format(column=column.name,
                                                                                       target=target_name))]  # fmt: skip
    data_type, cast_type = change_data_type(SOURCE_CLASS.get(column.type.family), mapping) if mapping else (None, "")
    cast = [(name, cast_type)] if cast_type else []
    explicit_name = mapping is not None and target_name != fold(column.name)
    # A type change is the column's one action, so it only fits when the name needs no change at all
    # (not even the wildcard lower-casing, which it would displace).
    renamed = explicit_name or (data_type is not None and target_name != column.name)
    if column.type.is_lob and (explicit_name or data_type):
        message = _LOB_RULE.format(column=column.name, target=target_name, type=mapping.target_type if mapping else "")
        return cast, [_name_finding(table, "DMS-NAME-002", Severity.HIGH, message)]
    column_where = locator(table) | {"column-name": column.name}
    if renamed:
        rules.add("transformation", f"rename-column-{name}", **{"rule-target": "column", "object-locator": column_where,
                  "rule-action": "rename", "value": target_name})  # fmt: skip
    if data_type and renamed:
        lost = f"{column.name} -> {mapping.target_type if mapping else ''}"  # merged per table by the caller
        return [*cast, (name, mapping.target_type if mapping else "")], [
            _name_finding(table, "DMS-TYPE-002", Severity.MEDIUM, lost)
        ]
    if data_type:
        rules.add("transformation", f"type-{name}", **{"rule-target": "column", "object-locator": column_where,
                  "rule-action": "change-data-type", "data-type": data_type})  # fmt: skip
    return cast, []


def _name_finding(table: Table, rule_id: str, severity: Severity, message: str) -> Finding:
    return Finding(rule_id=rule_id, severity=severity, message=message, object_kind="table",
                   object_name=table.qualified_name, location=table.location, category="dms")  # fmt: skip


def change_data_type(source_class: str | None, mapping: ColumnMapping) -> tuple[dict[str, Any] | None, str]:
    """A change-data-type body when the converter chose a type of another class than DMS would carry;
    or, for a target type DMS has no transport type for, that type (PostgreSQL casts it on insert)."""
    text = " ".join(mapping.target_type.lower().split())
    match = _TYPE_TEXT.match(text)
    base = " ".join(_ARGUMENTS.sub(" ", text).split())
    known = TARGET_CLASS.get(base)
    if known is None:
        return None, mapping.target_type
    target_class, dms_type = known
    if source_class == target_class:
        return None, ""
    body: dict[str, Any] = {"type": dms_type}
    if match and match["a"] and dms_type in ("numeric",):
        body |= {"precision": int(match["a"]), "scale": int(match["b"] or 0)}
    elif match and match["a"] and dms_type == "string":
        body["length"] = int(match["a"])
    return body, ""


def _table_settings(
    moved: list[Table], engine: str, settings: Settings, rules: _Rules
) -> tuple[list[LobDecision], list[str], list[Finding]]:
    lob: list[LobDecision] = []
    parallel: list[str] = []
    findings: list[Finding] = []
    for table in moved:
        block, found = parallel_load(table, engine, settings.dms)
        decision, lob_found = lob_decision(table, settings.dms)
        findings += found + lob_found
        body: dict[str, Any] = {}
        if block:
            body["parallel-load"] = block
            parallel.append(table.qualified_name)
        if decision:
            body["lob-settings"] = lob_settings_block(decision)
            lob.append(decision)
        if body:
            rules.add(
                "table-settings", f"settings-{table.qualified_name}", **{"object-locator": locator(table)}, **body
            )
    return lob, parallel, findings


# DMS cannot transform a column whose name holds one of these (AWS DMS guide, transformation limitations).
UNTRANSFORMABLE = frozenset("#\\/-")

_SPECIAL = (
    "column {column}: DMS cannot transform a name with #, \\, / or -, so it writes to a target column named "
    'exactly {column}, but the converter named it {target}; rename the target column to "{column}" for the '
    "load, or rename the source column"
)
_LOB_RULE = (
    "LOB column {column}: DMS's only transformation for LOB columns is remove-column, so it cannot be renamed to "
    "{target} or given type {type}; give the target column the lower-case source name, or load it separately"
)
_TYPE_AND_RENAME = (
    "column(s) {columns}: DMS applies one transformation per column and these must be renamed (at least "
    "lower-cased), so their type changes are not sent: PostgreSQL casts the values on insert; check the "
    "casts succeed for every value (e.g. with 'aurora-migrate validate')"
)
_DEFAULT_NAMES = (
    "No converter output was given (converted/conversion.json): target names assume the converter's "
    "default, unquoted names folded to lower case and schemas renamed by conversion.schema_map. "
    "Run 'aurora-migrate convert' first, or pass --conversion, so renames and type overrides match exactly."
)
