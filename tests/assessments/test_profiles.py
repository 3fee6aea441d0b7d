"""Target profiles: every object that would not fit is a finding; sizing hints carry their numbers."""

from __future__ import annotations

import pytest

from assessments.analysis import analyze
from assessments.profiles import PROFILES, fit_findings, profile
from assessments.sizing import INSTANCE_CLASSES
from migrate.errors import ConfigError
from migrate.model import (
    Column,
    Constraint,
    ConstraintKind,
    DbLink,
    Feature,
    Identity,
    Index,
    IndexColumn,
    Inventory,
    Partitioning,
    Routine,
    RoutineKind,
    Schema,
    Sequence,
    SourceInfo,
    Table,
    Trigger,
    View,
    parse_column_type,
)

GIB = 1024**3
INT = parse_column_type("integer", "postgresql")


def inv(*tables: Table, engine: str = "postgresql", **parts: object) -> Inventory:
    extra = {k: parts.pop(k) for k in ("db_links", "features", "source") if k in parts}
    source = extra.pop("source", SourceInfo(engine))
    return Inventory(source, schemas=(Schema("app", tables=tables, **parts),), **extra)  # type: ignore[arg-type]


def table(name: str = "t", **fields: object) -> Table:
    return Table("app", name, columns=fields.pop("columns", (Column("id", INT),)), **fields)  # type: ignore[arg-type]


def fit_ids(name: str, inventory: Inventory) -> set[str]:
    return {f.rule_id for f in fit_findings(profile(name), inventory)}


DSQL = [
    (inv(table(constraints=(Constraint("fk", ConstraintKind.FOREIGN_KEY, ("id",), "app", "p", ("id",)),))), "DSQL-FK-001"),
    (inv(triggers=(Trigger("app", "tr", "t", "BEFORE", ("INSERT",)),)), "DSQL-TRIGGER-001"),
    (inv(routines=(Routine("app", "f", RoutineKind.FUNCTION, "BEGIN END", "plpgsql"),)), "DSQL-PLPGSQL-001"),
    (inv(sequences=(Sequence("app", "s"),)), "DSQL-SEQUENCE-001"),
    (inv(table(columns=(Column("id", INT, identity=Identity()),))), "DSQL-IDENTITY-001"),
    (inv(table(kind="global_temporary")), "DSQL-TEMP-001"),
    (inv(table(partitioning=Partitioning("range", ("id",)))), "DSQL-PARTITION-001"),
    (inv(views=(View("app", "mv", "SELECT 1", materialized=True),)), "DSQL-MVIEW-001"),
    (inv(routines=(Routine("app", "addr", RoutineKind.TYPE, "TYPE addr AS OBJECT (a NUMBER)"),)), "DSQL-TYPE-001"),
    (inv(table(columns=(Column("g", parse_column_type("geometry", "postgresql")),))), "DSQL-SPATIAL-001"),
    (inv(features=(Feature("extension", "pg_trgm"),)), "DSQL-EXTENSION-001"),
    (inv(table(columns=tuple(Column(f"c{i}", INT) for i in range(256)))), "DSQL-COLUMNS-001"),
    (inv(table(indexes=tuple(Index(f"ix{i}", (IndexColumn("id"),)) for i in range(25)))), "DSQL-INDEXES-001"),
    (inv(table(indexes=(Index("wide", tuple(IndexColumn(f"c{i}") for i in range(9))),))), "DSQL-KEYCOLS-001"),
    (inv(table(columns=(Column("body", parse_column_type("text", "postgresql")),))), "DSQL-LOB-001"),
    (inv(table(size_bytes=50 * 1024**2)), "DSQL-LOAD-001"),
    (inv(source=SourceInfo("sqlserver", collation="SQL_Latin1_General_CP1_CI_AS")), "DSQL-COLLATION-001"),
    (inv(db_links=(DbLink("app", "legacy"),)), "DSQL-DBLINK-001"),
]  # fmt: skip


@pytest.mark.parametrize("inventory, rule_id", DSQL)
def test_dsql_reports_what_does_not_fit(inventory: Inventory, rule_id: str) -> None:
    assert rule_id in fit_ids("aurora-dsql", inventory)


def routine(code: str, engine: str) -> Inventory:
    source = f"CREATE PROCEDURE p AS\nBEGIN\n  {code}\nEND"
    return inv(engine=engine, routines=(Routine("app", "p", RoutineKind.PROCEDURE, source, "x"),))


CARRIED = [
    (routine("INSERT INTO #work VALUES (1);", "sqlserver"), "DSQL-TEMPCODE-001"),
    (routine("SAVE TRANSACTION s1;", "sqlserver"), "DSQL-SAVEPOINT-001"),
    (routine("SAVEPOINT s1;", "oracle"), "DSQL-SAVEPOINT-001"),
    (routine("TRUNCATE TABLE stage;", "sqlserver"), "DSQL-TRUNCATE-001"),
    (routine("EXECUTE IMMEDIATE 'CREATE TABLE x (a NUMBER)';", "oracle"), "DSQL-DDLDML-001"),
]


@pytest.mark.parametrize("inventory, rule_id", CARRIED)
def test_dsql_carries_over_code_findings(inventory: Inventory, rule_id: str) -> None:
    fit = [f for f in analyze(inventory, "aurora-dsql").fit if f.rule_id == rule_id]
    assert fit and all(f.object_name == "app.p" and f.snippet for f in fit)


def test_every_dsql_check_has_a_test_line() -> None:
    tested = {rule_id for _, rule_id in DSQL + CARRIED}
    assert {c.id for c in PROFILES["aurora-dsql"].checks} - tested == set()


def test_a_plain_table_fits_dsql() -> None:
    assert fit_ids("aurora-dsql", inv(table())) == set()


EXTENSIONS = [
    ("aurora-postgresql", "timescaledb", "AURORA-EXT-001"),
    ("aurora-postgresql", "citus", "AURORA-EXT-001"),
    ("rds-postgresql", "pgtt", "RDS-EXT-001"),
]


@pytest.mark.parametrize("name, extension, rule_id", EXTENSIONS)
def test_extensions_the_target_lacks_are_blockers(name: str, extension: str, rule_id: str) -> None:
    assert rule_id in fit_ids(name, inv(features=(Feature("extension", extension),)))


@pytest.mark.parametrize("extension", ["postgis", "pg_cron", "orafce", "pgcrypto", "oracle_fdw", "vector"])
def test_extensions_aurora_offers_fit(extension: str) -> None:
    assert fit_ids("aurora-postgresql", inv(features=(Feature("extension", extension),))) == set()


def test_storage_over_the_limit_is_reported() -> None:
    big = inv(source=SourceInfo("oracle", size_bytes=70 * 1024**4))
    assert "RDS-STORAGE-001" in fit_ids("rds-postgresql", big)
    assert "AURORA-STORAGE-001" not in fit_ids("aurora-postgresql", big)


def test_unknown_profile_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="unknown target profile 'aurora-mysql'"):
        profile("aurora-mysql")


def sized(name: str, **properties: str) -> dict[str, tuple[str, str]]:
    source = SourceInfo("oracle", properties=properties)
    inventory = inv(table(size_bytes=100 * GIB, row_count=2_000_000), source=source)
    return {h.item: (h.recommendation, h.basis) for h in analyze(inventory, name).sizing}


def test_instance_class_is_the_smallest_that_covers_cpu_and_memory() -> None:
    hints = sized("aurora-postgresql", cpu_count="12", sga_bytes=str(100 * GIB))
    expected = next(c for c in INSTANCE_CLASSES if c[1] >= 12 and c[2] >= 100)
    recommendation, basis = hints["instance class"]
    assert recommendation.startswith(expected[0]) and "cpu_count = 12" in basis and "100.0 GiB" in basis


def test_serverless_range_comes_from_memory() -> None:
    recommendation, basis = sized("aurora-postgresql", memory_gb="64")["Serverless v2 capacity"]
    assert recommendation == "4-32 ACU" and "memory_gb = 64" in basis


def test_pooling_is_advised_when_sessions_are_many() -> None:
    assert sized("aurora-postgresql", sessions="2000")["connection pooling"][0].startswith("RDS Proxy")
    assert sized("aurora-postgresql", sessions="40")["connection pooling"][0] == "not required"


def test_storage_hint_shows_its_arithmetic() -> None:
    recommendation, basis = sized("aurora-postgresql")["storage"]
    assert "100.0 GiB" in basis and "x 1.3" in basis and recommendation.startswith("130.0 GiB")


def test_without_memory_figures_the_working_set_is_assumed_and_said() -> None:
    recommendation, basis = sized("aurora-postgresql")["instance class"]  # 100 GiB of data, no memory figure
    expected = next(c for c in INSTANCE_CLASSES if c[2] >= 100 * 0.25)
    assert recommendation.startswith(expected[0]) and "assumed hot working set" in basis


def test_missing_figures_are_said_not_guessed() -> None:
    bare = inv(table(), source=SourceInfo("oracle"))
    hints = {h.item: h for h in analyze(bare).sizing}
    assert "no CPU, memory or size" in hints["instance class"].basis


def test_dsql_sizing_has_no_instance_class() -> None:
    assert "instance class" not in sized("aurora-dsql") and "compute" in sized("aurora-dsql")


def test_every_target_profile_a_project_may_name_is_a_profile() -> None:
    """migration.toml's target.profile (and --target-profile) take config.TARGET_PROFILES: each one is priced here."""
    from migrate.config import TARGET_PROFILES

    assert list(TARGET_PROFILES) == list(PROFILES)
