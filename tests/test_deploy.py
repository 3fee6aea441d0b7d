"""Deploy against the real PostgreSQL: dependency order, one transaction per object, server errors as
findings, dependents skipped, manual objects skipped, re-runs clean, dry runs touch nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from converters.convert import convert_inventory
from converters.output import write_output
from migrate.deploy import deploy
from migrate.engines import connect
from migrate.errors import QueryError
from migrate.model import (
    Column,
    Constraint,
    ConstraintKind,
    ConversionResult,
    ConvertedObject,
    DeployStatus,
    Identity,
    Index,
    IndexColumn,
    Inventory,
    Ledger,
    Location,
    ObjectStatus,
    Partition,
    Partitioning,
    Schema,
    Sequence,
    SourceInfo,
    Synonym,
    Table,
    View,
    parse_column_type,
    save_conversion,
)

AT = Location("hr.sql", 1)


def col(name: str, raw: str, **kw) -> Column:
    return Column(name, parse_column_type(raw, "oracle"), **kw)


def fk(name: str, column: str, table: str, ref: str = "ID", **kw) -> Constraint:
    return Constraint(name, ConstraintKind.FOREIGN_KEY, (column,), "HR", table, (ref,), **kw)


DEPT = Table(
    "HR", "DEPT",
    (col("ID", "NUMBER(4)", nullable=False), col("NAME", "VARCHAR2(30 CHAR)"), col("AT", "DATE", default="SYSDATE"),
     col("BOSS_ID", "NUMBER(6)"), col("ROW_KEY", "RAW(16)", default="SYS_GUID()"),
     col("HEX_KEY", "VARCHAR2(32)", default="SYS_GUID()")),
    (Constraint("DEPT_PK", ConstraintKind.PRIMARY_KEY, ("ID",)), Constraint("DEPT_CK", ConstraintKind.CHECK,
     check_expression="name <> 'x'"), fk("DEPT_BOSS_FK", "BOSS_ID", "EMP", deferrable=True, initially_deferred=True)),
    (Index("DEPT_NAME_IX", (IndexColumn("UPPER(name)", is_expression=True),)),
     Index("DEPT_BIX", (IndexColumn("NAME"),), kind="bitmap")),
    comment="departments", location=AT,
)  # fmt: skip
EMP = Table(
    "HR", "EMP",
    (col("ID", "NUMBER(6)", nullable=False, identity=Identity(300, 1)), col("SALARY", "NUMBER(8,2)"),
     col("COMM", "NUMBER(2,2)"), col("PAY", "NUMBER(10,2)", generated="salary * 12 * (1 + NVL(comm, 0))"),
     col("DEPT_ID", "NUMBER(4)"), col("AUDIT_NO", "NUMBER(12)", default="HR.AUDIT_SEQ.NEXTVAL"),
     col("PHOTO", "BLOB"), col("NOTES", "CLOB"), col("TENURE", "INTERVAL YEAR(3) TO MONTH"),
     col("CHANGED", "TIMESTAMP(6) WITH TIME ZONE", default="SYSTIMESTAMP")),
    (Constraint("EMP_PK", ConstraintKind.PRIMARY_KEY, ("ID",)), fk("EMP_DEPT_FK", "DEPT_ID", "DEPT", on_delete="SET NULL")),
    (Index("EMP_SAL_IX", (IndexColumn("SALARY", descending=True), IndexColumn("ID"))),),
    location=AT,
)  # fmt: skip
ORDERS = Table(
    "HR", "ORDERS",
    (col("ID", "NUMBER(12)", nullable=False), col("D", "DATE", nullable=False), col("REGION", "VARCHAR2(4)")),
    (Constraint("ORDERS_PK", ConstraintKind.PRIMARY_KEY, ("ID", "D")),),
    partitioning=Partitioning("range", ("D",), (
        Partition("ORDERS_2023", "VALUES LESS THAN (TO_DATE('2024-01-01', 'YYYY-MM-DD'))"),
        Partition("ORDERS_MAX", "VALUES LESS THAN (MAXVALUE)"))),
    location=AT,
)  # fmt: skip
TARGETS = Table(
    "HR", "TARGETS", (col("REGION", "VARCHAR2(5)", nullable=False), col("AMOUNT", "NUMBER(14,2)")),
    partitioning=Partitioning("list", ("REGION",), (Partition("T_NA", "VALUES ('NA', 'LATAM')"),
                                                    Partition("T_OTHER", "VALUES (DEFAULT)"))),
    location=AT,
)  # fmt: skip
TXNS = Table(
    "HR", "TXNS", (col("ID", "NUMBER(18)", nullable=False), col("TS", "TIMESTAMP(6)", nullable=False)),
    partitioning=Partitioning("interval", ("TS",), (Partition("P0", "VALUES LESS THAN (TIMESTAMP '2020-01-01 00:00:00')"),),
                              interval="NUMTOYMINTERVAL(1,'MONTH')"),
    location=AT,
)  # fmt: skip
STAGE = Table("HR", "STAGE", (col("A", "NUMBER"),), kind="global_temporary", location=AT)
INVENTORY = Inventory(
    SourceInfo("oracle"),
    (
        Schema(
            "HR",
            (DEPT, EMP, ORDERS, TARGETS, TXNS, STAGE),
            (View("HR", "EMP_V", "SELECT e.id, d.name FROM emp e, dept d WHERE e.dept_id = d.id(+)", location=AT),
             View("HR", "PAY_MV", "SELECT dept_id, SUM(salary) AS total FROM emp GROUP BY dept_id", materialized=True,
                  refresh="COMPLETE ON DEMAND", location=AT)),
            (Sequence("HR", "AUDIT_SEQ", 1, 1, 1, 10**28 - 1, location=AT),),
            synonyms=(Synonym("HR", "STAFF", "HR", "EMP", location=AT),),
        ),
    ),
)  # fmt: skip


def converted(tmp_path: Path, inventory: Inventory = INVENTORY) -> Path:
    write_output(convert_inventory(inventory), tmp_path)
    return tmp_path


def statuses(report) -> dict[str, str]:
    return {f"{o.kind} {o.schema}.{o.name}": o.status.value for o in report.outcomes}


def test_every_construct_deploys(tmp_path: Path, pg) -> None:
    report = deploy(converted(tmp_path), pg)
    assert {k: v for k, v in statuses(report).items() if v != "ok"} == {}
    assert (
        pg.scalar("SELECT count(*) FROM pg_class WHERE relispartition AND relkind = 'r'") == 6
    )  # the partitions exist
    assert (tmp_path / "deploy.json").is_file()


def test_second_run_is_clean(tmp_path: Path, pg) -> None:
    out = converted(tmp_path)
    deploy(out, pg)
    assert set(statuses(deploy(out, pg)).values()) == {"ok"}


def test_dry_run_touches_no_database(tmp_path: Path, pg) -> None:
    report = deploy(converted(tmp_path), None, dry_run=True)
    assert report.dry_run and report.count(DeployStatus.OK) == len(report.outcomes)
    plan = (tmp_path / "deploy.schema.plan.sql").read_text()
    assert "CREATE TABLE IF NOT EXISTS hr.emp" in plan and 'SET search_path TO "hr", public;' in plan
    assert "public, public" not in plan
    assert pg.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'hr'") == 0


def test_dry_run_plan_sets_search_path_to_public_once(tmp_path: Path) -> None:
    public = obj("t", "CREATE TABLE public.t (id int);")
    save_conversion(tmp_path / "conversion.json", ConversionResult("oracle", 16, (public,), Ledger(0, ())))
    deploy(tmp_path, None, dry_run=True)
    assert 'SET search_path TO "public";' in (tmp_path / "deploy.schema.plan.sql").read_text()


def obj(name: str, sql: str, depends_on=(), status=ObjectStatus.CONVERTED) -> ConvertedObject:
    return ConvertedObject("table", "public", name, sql, status, f"SRC.{name}", Location("x.sql", 4), (), depends_on)


def test_server_error_is_recorded_and_dependents_skipped(tmp_path: Path, pg) -> None:
    objects = (
        obj("bad", "CREATE TABLE bad (x no_such_type);"),
        obj("child", "CREATE VIEW child AS SELECT * FROM bad;", ("public.bad",)),
        obj("todo", "/* action item */", status=ObjectStatus.MANUAL),
        obj("good", "CREATE TABLE good (x int);"),
    )
    save_conversion(tmp_path / "conversion.json", ConversionResult("oracle", 16, objects, Ledger(0, ())))
    outcomes = deploy(tmp_path, pg).outcomes
    assert [o.status.value for o in outcomes] == ["error", "skipped_dependency", "skipped_manual", "ok"]
    assert (outcomes[0].sqlstate, outcomes[0].error) == ("42704", 'type "no_such_type" does not exist')
    assert (outcomes[0].finding.rule_id, str(outcomes[0].finding.location)) == ("AM-DEPLOY-001", "x.sql:4")


def test_deployed_tables_keep_dates_and_cents(tmp_path: Path, pg_url) -> None:
    with connect(pg_url) as pg:
        deploy(converted(tmp_path), pg)
        pg.execute("INSERT INTO hr.emp (salary, comm) VALUES (123456.78, 0.15)")
        pg.execute("INSERT INTO hr.orders VALUES (1, '2023-06-30 23:59:58', 'NA')")
        assert pg.rows("SELECT salary::text, pay::text, id, audit_no FROM hr.emp") == [
            ("123456.78", "1703703.56", 300, 1)
        ]
        assert str(pg.scalar("SELECT d FROM hr.orders_2023")) == "2023-06-30 23:59:58"
        pg.execute("INSERT INTO hr.dept (id) VALUES (1)")
        assert pg.rows("SELECT length(row_key), length(hex_key) FROM hr.dept") == [(16, 32)]


def test_post_load_moves_identities_and_refreshes_materialized_views(tmp_path: Path, pg) -> None:
    out = converted(tmp_path)
    deploy(out, pg)
    pg.execute("INSERT INTO hr.emp (id, salary, dept_id) VALUES (500, 1, NULL)")  # what the data load does
    report = deploy(out, pg, post_load=True)
    assert {o.kind for o in report.outcomes} == {"identity_reset", "refresh"}
    assert set(statuses(report).values()) == {"ok"}
    assert pg.scalar("INSERT INTO hr.emp (salary) VALUES (2) RETURNING id") == 501
    assert pg.scalar("SELECT total FROM hr.pay_mv") == 1


def test_plpgsql_check_gates_function_bodies(tmp_path: Path, pg, need_extensions) -> None:
    need_extensions("plpgsql_check")
    pg.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
    body = "BEGIN RETURN (SELECT count(*) FROM no_such_table); END"
    function = ConvertedObject(
        "function", "public", "f", f"CREATE FUNCTION public.f() RETURNS bigint LANGUAGE plpgsql AS $$ {body} $$;",
        ObjectStatus.CONVERTED, "SRC.F", Location("code.sql", 12),
    )  # fmt: skip
    save_conversion(tmp_path / "conversion.json", ConversionResult("oracle", 16, (function,), Ledger(0, ())))
    (outcome,) = deploy(tmp_path, pg).outcomes
    assert (outcome.status.value, outcome.finding.rule_id) == ("error", "AM-DEPLOY-002")
    assert 'relation "no_such_table" does not exist' in outcome.error


def test_plpgsql_check_gates_every_routine_an_object_creates(tmp_path: Path, pg, need_extensions) -> None:
    """An object's text may create more routines than the one it is named for (an autonomous routine's body, a
    package's accessors): an error in any of them fails the object."""
    need_extensions("plpgsql_check")
    pg.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
    helper = (
        'CREATE FUNCTION public."G_Body"() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN lpad(1::bigint, 3); END $$;'
    )
    function = ConvertedObject(
        "function", "public", "g", helper + "\nCREATE FUNCTION public.g() RETURNS text LANGUAGE plpgsql AS "
        '$$ BEGIN RETURN public."G_Body"(); END $$;', ObjectStatus.CONVERTED, "SRC.G", Location("code.sql", 3),
    )  # fmt: skip
    save_conversion(tmp_path / "conversion.json", ConversionResult("oracle", 16, (function,), Ledger(0, ())))
    (outcome,) = deploy(tmp_path, pg).outcomes
    assert (outcome.status.value, outcome.finding.rule_id) == ("error", "AM-DEPLOY-002")
    assert '"G_Body"() line 1: function lpad(bigint, integer) does not exist' in outcome.error


def _function(tmp_path: Path, body: str) -> Path:
    function = ConvertedObject(
        "function", "public", "f", f"CREATE FUNCTION public.f() RETURNS bigint LANGUAGE plpgsql AS $$ {body} $$;",
        ObjectStatus.CONVERTED, "SRC.F", Location("code.sql", 12),
    )  # fmt: skip
    save_conversion(tmp_path / "conversion.json", ConversionResult("oracle", 16, (function,), Ledger(0, ())))
    return tmp_path


def test_routine_bodies_are_compiled_even_if_the_session_would_not(tmp_path: Path, pg) -> None:
    pg.execute("SET check_function_bodies = off")
    (outcome,) = deploy(_function(tmp_path, "BEGIN RETURN 1 END"), pg).outcomes
    assert (outcome.status.value, outcome.sqlstate) == ("error", "42601")


def test_plpgsql_check_only_available_is_used_and_left_uninstalled(tmp_path: Path, pg, need_extensions) -> None:
    need_extensions("plpgsql_check")
    report = deploy(_function(tmp_path, "BEGIN RETURN (SELECT count(*) FROM no_such_table); END"), pg)
    assert report.outcomes[0].finding.rule_id == "AM-DEPLOY-002"
    assert "created for the check, then rolled back" in report.routine_check
    assert pg.scalar("SELECT count(*) FROM pg_extension WHERE extname = 'plpgsql_check'") == 0


def test_plpgsql_check_warnings_are_notes_not_failures(tmp_path: Path, pg, need_extensions) -> None:
    need_extensions("plpgsql_check")
    pg.execute("CREATE EXTENSION plpgsql_check")
    (outcome,) = deploy(_function(tmp_path, "DECLARE unused int; BEGIN RETURN 1; END"), pg).outcomes
    assert outcome.status.value == "ok"
    assert [(n.rule_id, n.severity.value) for n in outcome.notes] == [("AM-DEPLOY-004", "low")]
    assert "unused" in outcome.notes[0].message


def test_a_different_existing_table_is_an_error_not_ok(tmp_path: Path, pg) -> None:
    pg.execute("CREATE SCHEMA hr; CREATE TABLE hr.stage (something_else int)")
    outcome = next(o for o in deploy(converted(tmp_path), pg).outcomes if o.name == "stage")
    assert (outcome.status.value, outcome.finding.rule_id) == ("error", "AM-DEPLOY-003")
    assert "missing: ['a']" in outcome.error


def test_sqlserver_alias_types_deploy_as_domains_and_rerun(tmp_path: Path, pg) -> None:
    from migrate.model import Routine, RoutineKind

    alias = Routine("dbo", "Phone", RoutineKind.TYPE, "CREATE TYPE [dbo].[Phone] FROM [nvarchar](20) NOT NULL")
    tel = Column("Tel", parse_column_type("[dbo].[Phone]", "sqlserver"))
    schema = Schema("dbo", (Table("dbo", "Contact", (tel,), location=AT),), routines=(alias,))
    out = converted(tmp_path, Inventory(SourceInfo("sqlserver"), (schema,)))
    for _ in range(2):
        assert set(statuses(deploy(out, pg)).values()) == {"ok"}
    assert pg.scalar("SELECT format_type(typbasetype, typtypmod) FROM pg_type WHERE typname = 'phone'") == (
        "character varying(20)"
    )


def test_a_locked_table_fails_its_object_instead_of_hanging(tmp_path: Path, pg_url, pg) -> None:
    out = converted(tmp_path)
    deploy(out, pg)
    pg.execute("DROP INDEX hr.emp_sal_ix")
    with connect(pg_url) as other, other.transaction():
        other.execute("LOCK TABLE hr.emp IN ACCESS EXCLUSIVE MODE")
        outcome = next(o for o in deploy(out, pg, lock_timeout="200ms").outcomes if o.name == "emp_sal_ix")
    assert (outcome.status.value, outcome.sqlstate) == ("error", "55P03")


def test_postgresql_source_types_and_sequences_deploy_in_order(tmp_path: Path, pg) -> None:
    from migrate.model import Routine, RoutineKind

    mood = Routine("app", "mood", RoutineKind.TYPE, "CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy')")
    columns = (
        Column("id", parse_column_type("bigint", "postgresql"), default="nextval('app.person_id_seq'::regclass)"),
        Column("current_mood", parse_column_type("app.mood", "postgresql")),
    )
    schema = Schema("app", (Table("app", "person", columns, location=AT),), sequences=(Sequence("app", "person_id_seq"),),
                    routines=(mood,))  # fmt: skip
    out = converted(tmp_path, Inventory(SourceInfo("postgresql"), (schema,)))
    for _ in range(2):
        assert set(statuses(deploy(out, pg)).values()) == {"ok"}
    assert pg.scalar("INSERT INTO app.person (current_mood) VALUES ('ok') RETURNING id") == 1


def test_a_check_the_source_does_not_validate_is_added_after_the_load(tmp_path: Path, pg) -> None:
    """A CHECK the source holds NOT VALIDATED (Oracle ENABLE NOVALIDATE, SQL Server WITH NOCHECK): its rows may
    break it. Inside CREATE TABLE, PostgreSQL would check every loaded row (NOT VALID means nothing there), so
    the load would fail; it is added after the load, NOT VALID: the old rows stay, new rows are checked."""
    check = Constraint("QTY_CK", ConstraintKind.CHECK, check_expression="qty >= 0", validated=False)
    table = Table("HR", "STOCK", (col("ID", "NUMBER(9)", nullable=False), col("QTY", "NUMBER(9)")),
                  (Constraint("STOCK_PK", ConstraintKind.PRIMARY_KEY, ("ID",)), check), location=AT)  # fmt: skip
    out = converted(tmp_path, Inventory(SourceInfo("oracle"), (Schema("HR", (table,)),)))
    assert set(statuses(deploy(out, pg)).values()) == {"ok"}
    pg.execute("INSERT INTO hr.stock VALUES (1, -5)")  # what the data load does with the source's old rows
    report = deploy(out, pg, post_load=True)
    assert {(o.kind, o.status.value) for o in report.outcomes} == {("constraint", "ok")}
    assert pg.scalar("SELECT convalidated FROM pg_constraint WHERE conname = 'qty_ck'") is False
    with pytest.raises(QueryError, match="qty_ck"):  # new rows are checked
        pg.execute("INSERT INTO hr.stock VALUES (2, -1)")


def test_unique_nulls_not_distinct_deploys_and_rejects_a_second_null(tmp_path: Path, pg) -> None:
    """A PostgreSQL 15 source's UNIQUE NULLS NOT DISTINCT key and unique index keep NULLs equal on the target."""
    assert pg.major_version() >= 15, "NULLS NOT DISTINCT needs a PostgreSQL 15+ test server (CI's is 15)"
    columns = tuple(Column(n, parse_column_type("integer", "postgresql")) for n in ("a", "b", "c"))
    key = Constraint("t_ab", ConstraintKind.UNIQUE, ("a", "b"), nulls_not_distinct=True)
    index = Index("t_c_uix", (IndexColumn("c"),), unique=True, nulls_not_distinct=True)
    table = Table("app", "t", columns, (key,), (index,), location=AT)
    result = convert_inventory(Inventory(SourceInfo("postgresql"), (Schema("app", (table,)),)),
                               target_version=pg.major_version())  # fmt: skip
    write_output(result, tmp_path)
    assert set(statuses(deploy(tmp_path, pg)).values()) == {"ok"}
    pg.execute("INSERT INTO app.t VALUES (1, NULL, NULL)")
    with pytest.raises(QueryError, match="t_ab"):  # (1, NULL) again: NULLs are equal
        pg.execute("INSERT INTO app.t VALUES (1, NULL, 2)")
    with pytest.raises(QueryError, match="t_c_uix"):  # c NULL again
        pg.execute("INSERT INTO app.t VALUES (2, NULL, NULL)")
    pg.execute("INSERT INTO app.t VALUES (2, NULL, 3)")  # other keys still go in


def test_deploying_to_another_major_version_than_converted_for_warns(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "t.sql").write_text("CREATE TABLE t (id NUMBER(10) PRIMARY KEY);\n")
    server = int(pg.server_version().split(".")[0])
    for version, warned in ((server - 1, True), (server, False)):
        out = tmp_path / f"out{version}"
        cli(
            "convert",
            "--dialect",
            "oracle",
            str(tmp_path / "t.sql"),
            "--out",
            str(out),
            "--target-version",
            str(version),
        )
        result = cli("deploy", str(out), "--target", str(pg_url))
        assert result.exit_code == 0, result.output
        said = f"the target runs PostgreSQL {server} but the conversion was made for PostgreSQL {version}"
        assert (said in " ".join(result.output.split())) is warned
        saved = json.loads((out / "deploy.json").read_text())["data"]["warnings"]
        assert bool(saved) is warned


SQLSERVER_USERS = "CREATE TABLE dbo.users (id int NOT NULL PRIMARY KEY, name nvarchar(50) NOT NULL UNIQUE);\nGO\n"


@pytest.mark.parametrize("mode", ["icu", "citext"])
def test_a_target_without_icu_names_the_setting_that_deploys(tmp_path: Path, embedded_pg_url, mode: str) -> None:  # type: ignore[no-untyped-def]
    """The embedded PostgreSQL is built without ICU: the default icu collations fail there with a remedy naming
    conversion.case_insensitive = "citext", which deploys and still ignores case as SQL Server does."""
    from assessments.scan import scan_files
    from migrate.config import ConversionSettings

    (tmp_path / "users.sql").write_text(SQLSERVER_USERS)
    result = convert_inventory(
        scan_files([tmp_path / "users.sql"], "sqlserver"), ConversionSettings(case_insensitive=mode), jobs=1
    )
    write_output(result, tmp_path / "out")
    with connect(embedded_pg_url) as conn:
        report = deploy(tmp_path / "out", conn)
        errors = [o for o in report.outcomes if o.status is DeployStatus.ERROR]
        if mode == "icu":
            assert errors and errors[0].finding is not None
            assert 'case_insensitive = "citext"' in errors[0].finding.remedy
            return
        assert not errors
        conn.execute("INSERT INTO dbo.users VALUES (1, 'ABC')")
        assert conn.scalar("SELECT count(*) FROM dbo.users WHERE name = 'abc'") == 1
