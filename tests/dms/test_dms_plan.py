"""The offline plan: example inventories snapshotted, presets and endpoint specs one line each,
requests checked against botocore's DMS model, and `dms plan` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dms_samples import oracle_conversion, oracle_inventory, project_settings, sqlserver_inventory
from dms_snapshot import assert_snapshot

from migrate.config import load_settings
from migrate.dms.client import validate
from migrate.dms.markdown import render_plan
from migrate.dms.plan import build_plan
from migrate.errors import ConfigError
from migrate.model import save_inventory

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example_inventory(dialect: str):
    from assessments.scan import scan_files

    return scan_files([EXAMPLES / {"oracle": "oracle", "sqlserver": "sqlserver"}[dialect]], dialect)


@pytest.mark.parametrize("dialect", ["oracle", "sqlserver"])
def test_example_inventory_snapshots(tmp_path, dialect):
    plan = build_plan(project_settings(tmp_path), example_inventory(dialect))
    assert_snapshot(f"example-{dialect}-table-mappings", plan.mapping.document)
    assert_snapshot(f"example-{dialect}-task-settings", plan.task_settings.document)
    for call in plan.calls:
        validate(call.operation, call.params)


def test_example_with_the_converters_output_selects_and_renames_consistently(tmp_path):
    from converters.convert import convert_inventory

    settings = project_settings(tmp_path)
    inventory = example_inventory("oracle")
    plan = build_plan(settings, inventory, convert_inventory(inventory, settings.conversion, 16))
    rules = plan.mapping.document["rules"]
    selected = {(r["object-locator"]["schema-name"], r["object-locator"]["table-name"]) for r in rules
                if r["rule-type"] == "selection"}  # fmt: skip
    assert selected == {(t.schema, t.name) for t in inventory.tables()}
    assert len({r["rule-id"] for r in rules}) == len(rules)
    assert plan.mapping.names_from_conversion and not plan.notes


@pytest.mark.parametrize(
    ("kind", "path", "value"),
    [
        ("full-load", "FullLoadSettings.TargetTablePrepMode", "DO_NOTHING"),
        ("cdc", "FullLoadSettings.TargetTablePrepMode", "DO_NOTHING"),
        ("full-load", "ErrorBehavior.ApplyErrorInsertPolicy", None),  # no change processing in a full load
        ("full-load-and-cdc", "ErrorBehavior.ApplyErrorDeletePolicy", "IGNORE_RECORD"),
        ("full-load-and-cdc", "TargetMetadata.BatchApplyEnabled", False),  # HR.AUDIT_LOG has no primary key
        ("full-load", "TargetMetadata.BatchApplyEnabled", None),
        ("cdc", "ErrorBehavior.DataTruncationErrorPolicy", "SUSPEND_TABLE"),
        ("full-load", "ValidationSettings.EnableValidation", False),
        ("full-load", "TargetMetadata.SupportLobs", True),
        ("full-load", "TargetMetadata.LobMaxSize", 25),
        ("full-load", "FullLoadSettings.MaxFullLoadSubTasks", 16),
        ("full-load", "ControlTablesSettings.ControlSchema", "aurora_migrate_dms"),
    ],
)
def test_task_setting_presets(tmp_path, kind, path, value):
    plan = build_plan(project_settings(tmp_path), oracle_inventory(), migration_type=kind)
    section, _, key = path.partition(".")
    assert plan.task_settings.document.get(section, {}).get(key) == value
    assert all(reason for _p, _v, reason in plan.task_settings.rows)  # every value has its reason


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('migration_type = "bulk"', "migration type 'bulk' is not known"),
        ('oracle_cdc_reader = "xstream"', "oracle_cdc_reader 'xstream' is not known"),
        ('replication = "serverless"\nmin_capacity_dcu = 3', "not a DMS Serverless capacity"),
        ('replication = "serverless"\nmin_capacity_dcu = 32\nmax_capacity_dcu = 4', "is above"),
        ('replication = "instance"\ninstance_class = "r6i.large"', "not a DMS instance class"),
        ('replication = "lambda"', "dms.replication 'lambda' is not known"),
    ],
)
def test_bad_dms_settings(tmp_path, toml, message):
    with pytest.raises(ConfigError, match=message):
        build_plan(project_settings(tmp_path, toml), oracle_inventory())


def test_dsql_target_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="DMS cannot write to a target of profile 'aurora-dsql'"):
        build_plan(project_settings(tmp_path, target_profile="aurora-dsql"), oracle_inventory())


@pytest.mark.parametrize(
    ("toml", "engine", "key", "expected"),
    [
        ("", "oracle", "UseLogminerReader", True),
        ('oracle_cdc_reader = "binary-reader"', "oracle", "UseLogminerReader", False),
        ('oracle_cdc_reader = "binary-reader"', "oracle", "UseBFile", True),
        ("", "sqlserver", "SafeguardPolicy", "rely-on-sql-server-replication-agent"),
    ],
)
def test_source_endpoint_settings(tmp_path, toml, engine, key, expected):
    inventory = oracle_inventory() if engine == "oracle" else sqlserver_inventory()
    plan = build_plan(project_settings(tmp_path, toml), inventory)
    settings_key = next(k for k in plan.source.params if k.endswith("Settings"))
    assert plan.source.params[settings_key][key] == expected


def test_target_endpoint_disables_triggers_and_reads_a_secret(tmp_path):
    params = build_plan(project_settings(tmp_path), oracle_inventory()).target.params
    assert params["EngineName"] == "aurora-postgresql"
    assert params["PostgreSQLSettings"]["AfterConnectScript"] == "SET session_replication_role = replica"
    assert params["PostgreSQLSettings"]["SecretsManagerSecretId"].startswith("arn:aws:secretsmanager:")
    assert "Password" not in params["PostgreSQLSettings"] and "Username" not in params


@pytest.mark.parametrize(
    ("operation", "params", "message"),
    [
        ("CreateEndpoint", {"EndpointIdentifier": "a", "EndpointType": "source", "EngineName": "oracle",
                            "OracleSettings": {"UseLogMinerReader": True}}, "Unknown parameter in OracleSettings"),
        ("CreateEndpoint", {"EndpointIdentifier": "a", "EndpointType": "sideways", "EngineName": "oracle"},
         "valid choices"),
        ("CreateReplicationTask", {"ReplicationTaskIdentifier": "t"}, "Missing required parameter"),
        ("StartReplicationTask", {"ReplicationTaskArn": "x", "StartReplicationTaskType": "go"}, "valid choices"),
        ("CreateReplicationInstance", {"ReplicationInstanceIdentifier": "i", "ReplicationInstanceClass": "c",
                                       "AllocatedStorage": "big"}, "Invalid type"),
    ],
)  # fmt: skip
def test_requests_are_checked_against_the_dms_model(operation, params, message):
    with pytest.raises(ConfigError, match=message):
        validate(operation, params)


def test_plan_md_explains_and_masks(tmp_path):
    project_settings(tmp_path)
    toml = tmp_path / "migration.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("oracle://dms@", "oracle://dms:hunter22@"), "utf-8")
    plan = build_plan(load_settings(tmp_path, {}), oracle_inventory())
    text = render_plan(plan)
    assert "No converter output was given" in text  # default folding is said out loud
    assert "SELECT supplemental_log_data_min FROM v$database" in text  # Oracle precheck hint
    assert "| `FullLoadSettings.TargetTablePrepMode` | `DO_NOTHING` | the converter already created" in text
    assert "DMS-LOB-002" in text and "hr.sql:30" in text
    assert "hunter22" not in text + plan.table_mappings_json + plan.task_settings_json + json.dumps(
        [c.as_json() for c in plan.calls]
    )


def test_dms_plan_command_writes_the_three_files(tmp_path, cli):
    project_settings(tmp_path)
    save_inventory(tmp_path / "assessment" / "inventory.json", oracle_inventory())
    result = cli("dms", "plan", "--project", str(tmp_path))
    assert result.exit_code == 0, result.output
    mappings = json.loads((tmp_path / "dms" / "table-mappings.json").read_text(encoding="utf-8"))
    assert mappings["rules"][0]["rule-name"] == "include-HR.EMPLOYEES"
    assert json.loads((tmp_path / "dms" / "task-settings.json").read_text(encoding="utf-8"))["Logging"]["EnableLogging"]
    assert "DMS-RANGE-001" in result.output


def test_dms_plan_without_inventory_says_what_to_run(tmp_path, cli):
    project_settings(tmp_path)
    result = cli("dms", "plan", "--project", str(tmp_path))
    assert result.exit_code == 2 and "aurora-migrate assess" in result.output


def test_dms_plan_with_a_corrupt_conversion_names_the_file(tmp_path, cli):
    project_settings(tmp_path)
    save_inventory(tmp_path / "assessment" / "inventory.json", oracle_inventory())
    bad = tmp_path / "converted" / "conversion.json"
    bad.parent.mkdir()
    bad.write_text("{not json", encoding="utf-8")
    result = cli("dms", "plan", "--project", str(tmp_path))
    assert result.exit_code == 2 and str(bad) in result.output.replace("\n", "")


def test_conversion_is_used_when_present(tmp_path):
    plan = build_plan(project_settings(tmp_path), oracle_inventory(), oracle_conversion())
    assert plan.mapping.names_from_conversion


@pytest.mark.parametrize(
    ("toml_edit", "rule_id"),
    [
        (
            ('source_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:src-AbCdEf"', ""),
            "DMS-CONFIG-001",
        ),
        (('url = "postgresql://app@aurora.example.com:5432/shop"', 'url = ""'), "DMS-CONFIG-002"),
        (("[dms]", '[dms]\nsource_server = "10.0.0.5"'), "DMS-CONFIG-003"),
    ],
)
def test_settings_dms_cannot_use_are_findings(tmp_path, toml_edit, rule_id):
    project_settings(tmp_path)
    toml = tmp_path / "migration.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(*toml_edit), "utf-8")
    plan = build_plan(load_settings(tmp_path, {}), oracle_inventory())
    assert rule_id in {f.rule_id for f in plan.findings}


@pytest.mark.parametrize(
    ("args", "operations"),
    [
        (("start",), ["StartReplicationTask"]),
        (("start", "--type", "cdc", "--cdc-start-position", "2024-01-01T00:00:00"),
         ["ModifyReplicationTask", "StartReplicationTask"]),
        (("start", "--reload"), ["StartReplicationTask"]),
        (("stop",), ["StopReplicationTask"]),
        (("reload", "HR.DOCS"), ["ReloadTables"]),
        (("test-connections",), ["TestConnection", "TestConnection"]),
        (("plan",), ["CreateEndpoint", "CreateEndpoint", "CreateReplicationInstance", "CreateReplicationTask"]),
    ],
)  # fmt: skip
def test_dry_run_prints_the_calls_offline(tmp_path, cli, args, operations):
    project_settings(tmp_path, 'replication = "instance"')
    save_inventory(tmp_path / "assessment" / "inventory.json", oracle_inventory())
    result = cli("dms", *args, "--project", str(tmp_path), "--dry-run")
    assert result.exit_code == 0, result.output
    calls = json.loads(result.output)
    assert [c["operation"] for c in calls] == operations
    for call in calls:
        validate(call["operation"], call["params"])


@pytest.mark.parametrize(("kind", "expected"), [("full-load", set()), ("cdc", {"HR.AUDIT_LOG"})])
def test_tables_without_key_are_findings_when_changes_are_captured(tmp_path, kind, expected):
    plan = build_plan(project_settings(tmp_path), oracle_inventory(), migration_type=kind)
    assert {f.object_name for f in plan.findings if f.rule_id == "DMS-KEY-001"} == expected


def test_bare_oracle_number_columns_are_a_rounding_finding(tmp_path):
    plan = build_plan(project_settings(tmp_path), oracle_inventory())
    found = {f.object_name: f.message for f in plan.findings if f.rule_id == "DMS-NUMBER-001"}
    assert set(found) == {"SALES.ORDERS"} and "AMOUNT" in found["SALES.ORDERS"]  # GTT_WORK is not moved


@pytest.mark.parametrize(
    ("project_name", "task", "instance"),
    [
        ("Shop Cutover", "am-shop-cutover-task", "am-shop-cutover-instance"),
        ("Ärger / ERP 2.0!!", "am-rger-erp-2-0-task", "am-rger-erp-2-0-instance"),
        ("x" * 80, "am-" + "x" * 51 + "-task", "am-" + "x" * 51 + "-instance"),  # instance ids stop at 63
        ("---", "am-migration-task", "am-migration-instance"),
    ],
)
def test_resource_names_derive_from_the_project(tmp_path, project_name, task, instance):
    from migrate.dms.replication import names

    settings = project_settings(tmp_path)
    resource = names(type(settings)(**{**settings.__dict__, "name": project_name}))
    assert (resource.task, resource.instance) == (task, instance)
    assert len(resource.instance) <= 63 and "--" not in resource.instance


def test_reserved_tag_keys_are_refused(tmp_path):
    settings = project_settings(tmp_path)
    toml = tmp_path / "migration.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('team = "data"', '"aws:owner" = "me"'), "utf-8")
    with pytest.raises(ConfigError, match="'aws:owner' is reserved"):
        build_plan(load_settings(tmp_path, {}), oracle_inventory())
    assert settings.dms.tags == {"team": "data"}


@pytest.mark.parametrize(
    ("inventory", "found"),
    [
        (oracle_inventory(), False),
        (__import__("dataclasses").replace(oracle_inventory(), complete=False), True),
        (__import__("dataclasses").replace(oracle_inventory(), schemas=()), True),
    ],
)
def test_incomplete_or_empty_inventory_is_a_finding(tmp_path, inventory, found):
    plan = build_plan(project_settings(tmp_path), inventory)
    assert ("DMS-INV-001" in {f.rule_id for f in plan.findings}) is found


def test_binary_reader_with_asm_reads_a_second_secret(tmp_path):
    toml = 'oracle_cdc_reader = "binary-reader"\noracle_asm_server = "asm.example.com:1521/+ASM"\n'
    toml += 'oracle_asm_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:asm-AbCdEf"'
    plan = build_plan(project_settings(tmp_path, toml), oracle_inventory())
    oracle = plan.source.params["OracleSettings"]
    assert oracle["AsmServer"] == "asm.example.com:1521/+ASM" and oracle["UseBFile"] is True
    assert oracle["SecretsManagerOracleAsmSecretId"].endswith("secret:asm-AbCdEf")
    validate(plan.calls[0].operation, plan.calls[0].params)
    assert any("ASM" in note for note in plan.notes)
