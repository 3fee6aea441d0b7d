"""Small inventories and a conversion built straight from the model, for the DMS builders' tests."""

from __future__ import annotations

from pathlib import Path

from migrate.config import Settings, load_settings
from migrate.model import (
    Column,
    ColumnMapping,
    Constraint,
    ConstraintKind,
    ConversionResult,
    ConvertedObject,
    Identity,
    Inventory,
    Ledger,
    Location,
    ObjectStatus,
    Partition,
    Partitioning,
    Schema,
    SourceInfo,
    Table,
    parse_column_type,
)


def col(name: str, raw: str, dialect: str = "oracle", **kw: object) -> Column:
    return Column(name, parse_column_type(raw, dialect), **kw)  # type: ignore[arg-type]


def pk(*columns: str) -> Constraint:
    return Constraint("PK", ConstraintKind.PRIMARY_KEY, columns)


def oracle_inventory() -> Inventory:
    here = Location("hr.sql", 1)
    tables = (
        Table(
            "HR",
            "EMPLOYEES",
            (
                col("EMPLOYEE_ID", "NUMBER(10)"),
                col("ACTIVE", "NUMBER(1)"),
                col("HIRED", "DATE"),
                col("NOTES", "CLOB", max_length_observed=20_000),
                col("FLAG", "NUMBER(1)"),
                col("BADGE#", "NUMBER(5)"),
                col("CV", "CLOB", max_length_observed=100),
            ),
            (pk("EMPLOYEE_ID"),),
            row_count=5_000,
            location=here,
        ),
        Table(
            "HR",
            "DOCS",
            (col("DOC_ID", "NUMBER(10)"), col("BODY", "BLOB")),
            (pk("DOC_ID"),),
            location=Location("hr.sql", 20),
        ),
        Table("HR", "AUDIT_LOG", (col("MSG", "CLOB", max_length_observed=4_000),), location=Location("hr.sql", 30)),
        Table("HR", "GTT_WORK", (col("X", "NUMBER"),), kind="global_temporary", location=Location("hr.sql", 40)),
        Table(
            "SALES",
            "ORDERS",
            (col("ORDER_ID", "NUMBER(12)", identity=Identity(100, 1)), col("AMOUNT", "NUMBER")),
            (pk("ORDER_ID"),),
            row_count=40_000_000,
            location=Location("sales.sql", 1),
        ),
        Table(
            "SALES",
            "ORDER_LINES",
            (col("LINE_ID", "VARCHAR2(20)"),),
            (pk("LINE_ID"),),
            row_count=30_000_000,
            location=Location("sales.sql", 10),
        ),
        Table(
            "SALES",
            "HISTORY",
            (col("ID", "NUMBER(10)"), col("DAY", "DATE")),
            (pk("ID"),),
            partitioning=Partitioning("range", ("DAY",), (Partition("P2024", "VALUES LESS THAN (...)"),)),
            location=Location("sales.sql", 20),
        ),
    )
    schemas = (Schema("HR", tables[:4]), Schema("SALES", tables[4:]))
    return Inventory(SourceInfo("oracle", database="ORCLPDB1"), schemas)


def sqlserver_inventory() -> Inventory:
    table = Table(
        "dbo",
        "Customers",
        (
            col("CustomerId", "int", "sqlserver"),
            col("Photo", "varbinary(max)", "sqlserver", max_length_observed=3_000_000),
        ),
        (pk("CustomerId"),),
        row_count=10,
    )
    return Inventory(SourceInfo("sqlserver", database="Shop"), (Schema("dbo", (table,)),))


def postgres_inventory() -> Inventory:
    table = Table(
        "public",
        "events",
        (col("id", "bigint", "postgresql"),),
        (pk("id"),),
        partitioning=Partitioning("range", ("id",), (Partition("events_1"),)),
    )
    return Inventory(SourceInfo("postgresql", database="app"), (Schema("public", (table,)),))


def oracle_conversion() -> ConversionResult:
    employees = ConvertedObject(
        "table",
        "hr_app",
        "staff",
        "CREATE TABLE ...",
        ObjectStatus.CONVERTED,
        source_name="HR.EMPLOYEES",
        columns=(
            ColumnMapping("EMPLOYEE_ID", "employee_id", "bigint", "NUMBER(10) -> bigint"),
            ColumnMapping("ACTIVE", "active", "boolean", "NUMBER(1) flag -> boolean (override)"),
            ColumnMapping("HIRED", "hired_at", "timestamp(0)", "Oracle DATE keeps seconds"),
            ColumnMapping("NOTES", "notes", "jsonb", "CLOB holding JSON (override)"),
            ColumnMapping("FLAG", "is_flag", "boolean", "renamed and retyped"),
            ColumnMapping("BADGE#", "badge_no", "integer", "# is not allowed unquoted"),
            ColumnMapping("CV", "resume", "text", "renamed LOB"),
        ),
    )
    return ConversionResult("oracle", 16, (employees,), Ledger(0, ()))


def project_settings(tmp: Path, dms: str = "", target_profile: str = "aurora-postgresql") -> Settings:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "migration.toml").write_text(
        f"""
[project]
name = "Shop Cutover"
[source]
url = "oracle://dms@db.example.com:1521/?service_name=ORCLPDB1"
[target]
url = "postgresql://app@aurora.example.com:5432/shop"
profile = "{target_profile}"
[conversion]
schema_map = {{ SALES = "sales_app" }}
[dms]
source_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:src-AbCdEf"
target_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:tgt-AbCdEf"
secrets_access_role_arn = "arn:aws:iam::123456789012:role/dms-secrets"
tags = {{ team = "data" }}
{dms}
""",
        encoding="utf-8",
    )
    return load_settings(tmp, {})
