"""Table mappings: snapshots of whole documents, then one line per rule the builder must (not) emit."""

from __future__ import annotations

from pathlib import Path

import pytest
from dms_samples import (
    oracle_conversion,
    oracle_inventory,
    postgres_inventory,
    project_settings,
    sqlserver_inventory,
)
from dms_snapshot import assert_snapshot

from migrate.dms.mappings import build_table_mappings, change_data_type
from migrate.model import ColumnMapping


@pytest.fixture
def settings(tmp_path: Path):
    return project_settings(tmp_path)


def rule(plan, name: str) -> dict:
    return next(r for r in plan.document["rules"] if r["rule-name"] == name)


def names(plan) -> list[str]:
    return [r["rule-name"] for r in plan.document["rules"]]


@pytest.mark.parametrize(
    ("snapshot", "inventory", "conversion"),
    [
        ("oracle-with-conversion", oracle_inventory, oracle_conversion),
        ("oracle-default-names", oracle_inventory, lambda: None),
        ("sqlserver", sqlserver_inventory, lambda: None),
        ("postgres", postgres_inventory, lambda: None),
    ],
)
def test_mapping_snapshots(settings, snapshot, inventory, conversion):
    assert_snapshot(f"mappings-{snapshot}", build_table_mappings(inventory(), settings, conversion()).document)


def test_selection_and_exclusion(settings):
    plan = build_table_mappings(oracle_inventory(), settings)
    assert rule(plan, "include-HR.EMPLOYEES")["object-locator"] == {"schema-name": "HR", "table-name": "EMPLOYEES"}
    assert rule(plan, "exclude-HR.GTT_WORK")["rule-action"] == "exclude"
    assert [f.rule_id for f in plan.findings if f.object_name == "HR.GTT_WORK"] == ["DMS-SKIP-001"]


def test_schema_renames_from_conversion_and_schema_map(settings):
    plan = build_table_mappings(oracle_inventory(), settings, oracle_conversion())
    assert rule(plan, "rename-schema-HR")["value"] == "hr_app"  # from the converter's output
    assert rule(plan, "rename-schema-SALES")["value"] == "sales_app"  # from conversion.schema_map


def test_default_names_fold_to_lower_case_and_say_so(settings):
    plan = build_table_mappings(oracle_inventory(), settings)
    assert rule(plan, "rename-schema-HR")["value"] == "hr"
    assert rule(plan, "lowercase-tables")["rule-action"] == "convert-lowercase"
    assert "rename-table-HR.EMPLOYEES" not in names(plan)
    assert plan.notes and "No converter output" in plan.notes[0]


def test_converter_renames_and_type_overrides(settings):
    plan = build_table_mappings(oracle_inventory(), settings, oracle_conversion())
    assert rule(plan, "rename-table-HR.EMPLOYEES")["value"] == "staff"
    assert rule(plan, "rename-column-HR.EMPLOYEES.HIRED")["value"] == "hired_at"
    assert rule(plan, "rename-column-HR.EMPLOYEES.ACTIVE")["value"] == "active"  # explicit: no wildcard for it
    assert "type-HR.EMPLOYEES.ACTIVE" not in names(plan)  # its one action is the name
    assert "type-HR.EMPLOYEES.HIRED" not in names(plan)  # Oracle DATE -> timestamp: same class, DMS carries it
    assert ("HR.EMPLOYEES.NOTES", "jsonb") in plan.left_to_cast


def test_explicit_rules_come_before_the_wildcards(settings):
    """DMS applies the lowest rule-id when several rules name one object: explicit renames must win."""
    plan = build_table_mappings(oracle_inventory(), settings, oracle_conversion())
    ids = {r["rule-name"]: int(r["rule-id"]) for r in plan.document["rules"]}
    assert ids["rename-column-HR.EMPLOYEES.HIRED"] < ids["lowercase-columns"]
    assert ids["rename-table-HR.EMPLOYEES"] < ids["lowercase-tables"]


@pytest.mark.parametrize(
    ("column", "rule_id", "rules_absent"),
    [
        ("FLAG", "DMS-TYPE-002", ["type-HR.EMPLOYEES.FLAG"]),  # one action per column: the rename wins
        ("ACTIVE", "DMS-TYPE-002", ["type-HR.EMPLOYEES.ACTIVE"]),  # upper-case source: must be lower-cased
        ("BADGE#", "DMS-NAME-003", ["rename-column-HR.EMPLOYEES.BADGE#"]),  # DMS cannot transform '#' names
        ("CV", "DMS-NAME-002", ["rename-column-HR.EMPLOYEES.CV"]),  # LOB columns take no rename
    ],
)
def test_columns_dms_cannot_transform_as_asked_are_findings(settings, column, rule_id, rules_absent):
    plan = build_table_mappings(oracle_inventory(), settings, oracle_conversion())
    assert any(f.rule_id == rule_id and column in f.message for f in plan.findings)
    assert not set(rules_absent) & set(names(plan))


@pytest.mark.parametrize(
    ("source_class", "target_type", "expected"),
    [
        ("integer", "bigint", None),
        ("integer", "boolean", {"type": "boolean"}),
        ("integer", "numeric(12,2)", {"type": "numeric", "precision": 12, "scale": 2}),
        ("numeric", "numeric(12,2)", None),
        ("clob", "varchar(4000)", {"type": "string", "length": 4000}),
        ("datetime", "date", {"type": "date"}),
        ("datetime", "timestamp(0) with time zone", None),
        ("string", "character varying(20)", None),
        ("float", "double precision", None),
    ],
)
def test_change_data_type(source_class, target_type, expected):
    assert change_data_type(source_class, ColumnMapping("C", "c", target_type))[0] == expected


def test_parallel_load_by_partition_and_by_range(settings):
    plan = build_table_mappings(oracle_inventory(), settings)
    assert rule(plan, "settings-SALES.HISTORY")["parallel-load"] == {"type": "partitions-auto"}
    ranges = rule(plan, "settings-SALES.ORDERS")["parallel-load"]
    assert ranges["columns"] == ["ORDER_ID"] and ranges["boundaries"][0] == ["5000100"]  # identity starts at 100
    assert len(ranges["boundaries"]) == 7  # 40M rows / 5M per segment = 8 segments
    assert "settings-SALES.ORDER_LINES" not in names(plan)  # varchar key: no ranges, a finding instead
    assert {f.rule_id for f in plan.findings if f.object_name == "SALES.ORDER_LINES"} == {"DMS-LOAD-001"}


def test_type_change_is_sent_when_the_name_stays(settings):
    """A PostgreSQL source's lower-case column keeps its name, so its one action can be the type change."""
    from migrate.model import ConversionResult, ConvertedObject, Ledger, ObjectStatus

    converted = ConvertedObject("table", "public", "events", "", ObjectStatus.CONVERTED, source_name="public.events",
                                columns=(ColumnMapping("id", "id", "numeric(20,0)", "override"),))  # fmt: skip
    plan = build_table_mappings(
        postgres_inventory(), settings, ConversionResult("postgresql", 16, (converted,), Ledger(0, ()))
    )
    assert rule(plan, "type-public.events.id")["data-type"] == {"type": "numeric", "precision": 20, "scale": 0}


def test_postgres_partitions_are_not_partitions_auto(settings):
    plan = build_table_mappings(postgres_inventory(), settings)
    assert not [r for r in plan.document["rules"] if r["rule-type"] == "table-settings"]


def test_lob_modes_per_table(settings):
    plan = build_table_mappings(oracle_inventory(), settings)
    by_table = {d.table: (d.mode, d.size_kb) for d in plan.lob}
    assert by_table["HR.EMPLOYEES"] == ("limited", 25)  # 20,000 bytes + 25% -> 25 KB
    assert by_table["HR.DOCS"] == ("unlimited", 64)  # size never observed: full LOB mode
    assert {f.rule_id for f in plan.findings if f.object_name == "HR.AUDIT_LOG"} == {"DMS-LOB-002"}  # no key


def test_lob_mode_limited_from_settings_flags_unknown_sizes(tmp_path):
    plan = build_table_mappings(oracle_inventory(), project_settings(tmp_path, 'lob_mode = "limited"'))
    assert {d.mode for d in plan.lob} == {"limited"}
    assert {f.rule_id for f in plan.findings if f.object_name == "HR.DOCS"} == {"DMS-LOB-003"}


def test_sqlserver_large_lob_goes_full_mode_above_ceiling(tmp_path):
    plan = build_table_mappings(sqlserver_inventory(), project_settings(tmp_path))
    assert [(d.mode, d.size_kb) for d in plan.lob] == [("limited", 3663)]  # 3,000,000 bytes + 25%


@pytest.mark.parametrize(
    ("live", "wanted", "same"),
    [
        ({"A": 1, "B": 2}, {"A": 1}, True),  # DMS adds defaults: wanted is a subset
        ({"A": 1}, {"A": 2}, False),
        ([{"Id": "X", "Severity": "S"}, {"Id": "Y", "Severity": "S"}], [{"Id": "Y", "Severity": "S"}], True),
        ([{"Id": "X", "Severity": "S"}], [{"Id": "Y", "Severity": "S"}], False),
        ([["1"], ["2"]], [["1"], ["2"]], True),
        ([["1"], ["2"], ["3"]], [["1"], ["2"]], False),  # boundaries are exact
        ({"rules": [{"rule-id": "1", "filters": []}]}, {"rules": [{"rule-id": "1"}]}, True),
    ],
)
def test_live_resource_comparison(live, wanted, same):
    from migrate.dms.apply import contains

    assert contains(live, wanted) is same
