"""Pairing tables and columns: by folded name, through conversion.json's column mappings, from an Inventory."""

from __future__ import annotations

from migrate.model import (
    Column,
    ColumnMapping,
    Constraint,
    ConstraintKind,
    ConversionResult,
    ConvertedObject,
    Inventory,
    Ledger,
    ObjectStatus,
    Schema,
    SourceInfo,
    Table,
    parse_column_type,
    save_conversion,
)
from tests.conftest import url_text
from validators.run import ValidationOptions, validate
from validators.tables import TableDef, catalog_from_inventory, choose_key

# an Oracle-looking source (upper-case names) and the converted target (renamed column, narrower type)
SOURCE = 'CREATE TABLE "EMP" ("EMP_ID" int PRIMARY KEY, "NAME" varchar(40), "HIRED" timestamp);' + (
    """INSERT INTO "EMP" SELECT g, 'n' || g, timestamp '2021-01-01' + g * interval '1 day' FROM generate_series(1, 50) g"""
)
TARGET = "CREATE TABLE emp (emp_id int PRIMARY KEY, full_name text, hired timestamp);" + (
    "INSERT INTO emp SELECT g, 'n' || g, timestamp '2021-01-01' + g * interval '1 day' FROM generate_series(1, 50) g"
)
CONVERSION = ConversionResult(
    source_dialect="oracle",
    target_version=16,
    ledger=Ledger(0, ()),
    objects=(
        ConvertedObject(
            kind="table",
            schema="public",
            name="emp",
            sql="",
            status=ObjectStatus.CONVERTED,
            source_name="public.EMP",
            columns=(
                ColumnMapping("EMP_ID", "emp_id", "integer"),
                ColumnMapping("NAME", "full_name", "character varying(40)"),
                ColumnMapping("HIRED", "hired", "timestamp without time zone"),
            ),
        ),
    ),
)


def test_conversion_mappings_pair_renamed_columns_and_expected_types(make_database, run_sql):
    source, target = make_database(), make_database()
    run_sql(source, SOURCE)
    run_sql(target, TARGET)
    report = validate(source, target, ValidationOptions(checks=("schema", "checksums"), conversion=CONVERSION))
    by_check = {(c.check, c.table): c for c in report.checks}
    assert by_check[("checksums", "public.emp")].status == "match"
    assert by_check[("schema", "public.emp")].problems == [
        "column full_name is text but the conversion says character varying(40)"
    ]


def test_cli_reads_conversion_json(make_database, run_sql, cli, tmp_path):
    source, target = make_database(), make_database()
    run_sql(source, SOURCE)
    run_sql(target, TARGET)
    path = save_conversion(tmp_path / "conversion.json", CONVERSION)
    urls = [url_text(u) for u in (source, target)]
    result = cli("validate", "checksums", "--source", urls[0], "--target", urls[1], "--conversion", str(path))
    assert result.exit_code == 0, result.output


def test_cli_names_a_conversion_file_it_cannot_read(shared_databases, cli, tmp_path):
    (tmp_path / "conversion.json").write_text("{not json")
    urls = [url_text(u) for u in shared_databases]
    result = cli(
        "validate",
        "checksums",
        "--source",
        urls[0],
        "--target",
        urls[1],
        "--conversion",
        str(tmp_path / "conversion.json"),
    )
    assert result.exit_code == 2 and "cannot read conversion" in result.output


def test_inventory_gives_the_source_tables_and_keys():
    inventory = Inventory(
        source=SourceInfo(engine="oracle"),
        schemas=(
            Schema(
                name="HR",
                tables=(
                    Table(
                        "HR",
                        "EMP",
                        columns=(Column("ID", parse_column_type("NUMBER(10)", "oracle"), nullable=False),),
                        constraints=(Constraint("EMP_PK", ConstraintKind.PRIMARY_KEY, ("ID",)),),
                    ),
                ),
            ),
        ),
    )
    table = catalog_from_inventory(inventory).tables[("hr", "emp")]
    assert choose_key(table) == (("ID",), "primary key EMP_PK")


# (columns, keys, the key chosen)
KEYS = [
    ((("a", "int", True),), (("U", "a_uq", ("a",)),), ("a",)),  # a NOT NULL unique index is a key
    ((("a", "int", False),), (("U", "a_uq", ("a",)),), ()),  # nullable: rows with NULL are not identified
    ((("a", "int", True), ("b", "int", True)), (("U", "u", ("a",)), ("P", "pk", ("b",))), ("b",)),  # PK first
]


def test_key_choice():
    for columns, keys, chosen in KEYS:
        assert choose_key(TableDef("s", "t", columns, keys))[0] == chosen


def test_cli_takes_the_source_tables_from_an_inventory(shared_databases, cli, tmp_path):
    from migrate.model import save_inventory

    columns = (("id", "integer"), ("v", "numeric"))
    inventory = Inventory(
        source=SourceInfo(engine="postgresql"),
        schemas=(
            Schema(
                name="public",
                tables=(
                    Table(
                        "public",
                        "bigs",
                        columns=tuple(Column(n, parse_column_type(t, "postgresql")) for n, t in columns),
                        constraints=(Constraint("bigs_pkey", ConstraintKind.PRIMARY_KEY, ("id",)),),
                    ),
                ),
            ),
        ),
    )
    path = save_inventory(tmp_path / "inventory.json", inventory)
    urls = [url_text(u) for u in shared_databases]
    result = cli("validate", "checksums", "--source", urls[0], "--target", urls[1], "--inventory", str(path))
    # only the inventory's table is compared from the source side; the target's others are "missing in source"
    assert "ok        checksums  public.bigs" in result.output
    assert "public.ints  missing in source" in result.output
