"""PL/SQL conversion helpers: scan Oracle text as an export file (tables and code), convert it, and look at
the objects the code became."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.output import write_output
from migrate.config import ConversionSettings
from migrate.deploy import deploy
from migrate.engines import connect
from migrate.engines.url import DatabaseUrl
from migrate.model import ConversionResult, DeployReport, DeployStatus, ObjectStatus

TABLES = """
CREATE TABLE hr.emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30), salary NUMBER(8,2), dept NUMBER(4),
                     hired DATE DEFAULT SYSDATE);
CREATE TABLE hr.emp_copy (id NUMBER(6), name VARCHAR2(30));
CREATE TABLE hr.audit_t (id NUMBER, note VARCHAR2(200), created DATE);
"""

Convert = Callable[..., ConversionResult]


@pytest.fixture
def convert_plsql(tmp_path: Path) -> Convert:
    """convert_plsql(code, **settings): the ConversionResult of TABLES + code (units ending with '/')."""

    def run(code: str, **settings: object) -> ConversionResult:
        path = tmp_path / "code.sql"
        path.write_text(TABLES + "\n" + code.strip() + "\n", encoding="utf-8")
        inventory = scan_files([path], "oracle", lambda *a, **k: None)
        return convert_inventory(inventory, ConversionSettings(**settings), jobs=1)  # type: ignore[arg-type]

    return run


@pytest.fixture(scope="session")
def tables() -> str:
    return TABLES


def deploy_oracle(
    server: DatabaseUrl, folder: Path, code: str, rows: str = ""
) -> tuple[ConversionResult, DeployReport, DatabaseUrl]:
    """Convert Oracle `code` as an export file, write it and deploy it (with plpgsql_check where the server has
    it; the routines run either way) to a new database on `server`, then run `rows`. The caller drops the
    database (its name is the URL's)."""
    (folder / "code.sql").write_text(code, encoding="utf-8")
    result = convert_inventory(scan_files([folder / "code.sql"], "oracle", lambda *a, **k: None), jobs=1)
    write_output(result, folder / "out")
    name = f"am_test_{uuid.uuid4().hex[:8]}"
    with connect(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = replace(server, database=name)
    with connect(url) as conn:
        if "plpgsql_check" in conn.extensions():
            conn.execute("CREATE EXTENSION plpgsql_check")
        report = deploy(folder / "out", conn)
        if rows:
            conn.execute(rows)
    return result, report, url


@contextmanager
def deployed(
    server: DatabaseUrl, folder: Path, code: str, rows: str = ""
) -> Iterator[tuple[ConversionResult, DeployReport, DatabaseUrl]]:
    """deploy_oracle for the block's length: the database is dropped after it."""
    result, report, url = deploy_oracle(server, folder, code, rows)
    try:
        yield result, report, url
    finally:
        with connect(server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


def deploy_objects(pg, result: ConversionResult) -> None:  # type: ignore[no-untyped-def]
    """Create the schema phase's converted objects one by one with function bodies checked (manual ones skipped)."""
    pg.execute("SET check_function_bodies = on")
    for obj in result.objects:
        if obj.status is not ObjectStatus.MANUAL and obj.deploy_phase == "schema":
            pg.execute(obj.sql)


def clean_rows(server: DatabaseUrl, folder: Path, code: str, routines: set[str], query: str, rows: str = "") -> list:  # type: ignore[type-arg]
    """`code` (and `rows`) deployed to a database of its own, the routines named clean (assert_clean), then what
    `query` returns there."""
    with deployed(server, folder, code, rows) as (_result, report, url):
        assert_clean(report, routines)
        with connect(url) as conn:
            return conn.rows(query)


def assert_clean(report: DeployReport, routines: set[str]) -> None:
    """Every routine named deployed OK, with no plpgsql_check note above info."""
    outcomes = {o.name: o for o in report.outcomes if o.name in routines}
    assert {n: o.error for n, o in outcomes.items() if o.status is not DeployStatus.OK} == {}
    assert set(outcomes) == routines
    assert [n.message for o in outcomes.values() for n in o.notes if n.severity.value != "info"] == []


def clean_database(server, factory, dropper, code: str, routines: set[str]) -> Iterator[DatabaseUrl]:  # type: ignore[no-untyped-def]
    """For a module fixture: `code` deployed to a new database (deploy_oracle), the routines named clean; the
    database's URL, dropped after the module."""
    _result, report, url = deploy_oracle(server, factory.mktemp("plsql"), code)
    assert_clean(report, routines)
    yield url
    dropper.names.put(url.database)
