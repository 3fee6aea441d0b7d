"""Real connections: PostgreSQL for real; Oracle and SQL Server up to the network, where their errors are wrapped."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.engines.sqlserver import choose_driver, connection_string
from migrate.engines.url import DatabaseUrl, parse_url
from migrate.errors import ConnectError, DriverMissingError, QueryError, mask_secrets
from tests.conftest import REQUIRE_ALL, need_part, odbc_driver_installed


def test_postgres_queries(pg) -> None:  # type: ignore[no-untyped-def]
    pg.execute("CREATE TABLE t (id int PRIMARY KEY, name text)")
    pg.execute("INSERT INTO t VALUES (1, 'a'), (2, NULL)")
    assert pg.rows("SELECT id, name FROM t ORDER BY id") == [(1, "a"), (2, None)]
    assert pg.dicts('SELECT id AS "ID" FROM t WHERE id = %s', [2]) == [{"id": 2}]
    assert pg.scalar("SELECT count(*) FROM t") == 2
    assert list(pg.stream("SELECT id FROM t ORDER BY id", batch=1)) == [(1,), (2,)]
    assert int(pg.server_version().split(".")[0]) >= 13


def test_read_only_connection_refuses_writes(pg_url: DatabaseUrl) -> None:
    """Twice: the guard refuses before sending, and the server's read-only session behind it (the raw driver)."""
    with connect(pg_url, read_only=True) as conn:
        with pytest.raises(QueryError, match="refused on a read-only source connection"):
            conn.execute("CREATE TABLE nope (id int)")
        with pytest.raises(Exception, match="read-only transaction"):
            conn.raw.execute("CREATE TABLE nope (id int)")


def test_query_error_names_the_query(pg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as caught:
        pg.execute("SELECT * FROM no_such_table")
    assert caught.value.sqlstate == "42P01"
    assert "no_such_table" in caught.value.message


@pytest.mark.parametrize(
    ("url", "message", "hint"),
    [
        (
            "postgresql://postgres:Pw-1234@127.0.0.1:1/postgres",
            "127.0.0.1:1/postgres: Connection refused",
            "running and listening",
        ),
        ("postgresql://postgres@127.0.0.1:5432/no_such_db_xyz", "does not exist", "database name"),
        ("oracle://scott:Pw-1234@127.0.0.1:1/?service_name=ORCL", "cannot connect to Oracle", ""),
        ("mssql://sa:Pw-1234@127.0.0.1:1/db?driver=FreeTDS", "cannot connect to SQL Server", ""),
    ],
)
def test_unreachable_or_wrong_database(url: str, message: str, hint: str) -> None:
    if "FreeTDS" in url:
        need_part("FreeTDS", odbc_driver_installed("FreeTDS"))
    with pytest.raises(ConnectError) as caught:
        connect(url)
    assert message in caught.value.message
    assert hint in caught.value.hint
    assert "Pw-1234" not in str(caught.value)


def test_oracle_url_without_service_or_sid() -> None:
    with pytest.raises(Exception, match="names neither a service nor a SID"):
        connect("oracle://scott:pw@127.0.0.1:1521/")


@pytest.mark.parametrize(
    ("installed", "url", "chosen"),
    [
        (["FreeTDS"], "mssql://sa@h/db", "FreeTDS"),
        (["FreeTDS", "ODBC Driver 18 for SQL Server"], "mssql://sa@h/db", "ODBC Driver 18 for SQL Server"),
        (["FreeTDS", "ODBC Driver 17 for SQL Server"], "mssql://sa@h/db?driver=FreeTDS", "FreeTDS"),
    ],
)
def test_odbc_driver_choice(installed: list[str], url: str, chosen: str) -> None:
    assert choose_driver(parse_url(url), installed) == chosen


def test_missing_odbc_driver_says_how_to_get_one() -> None:
    with pytest.raises(DriverMissingError) as caught:
        choose_driver(parse_url("mssql://sa@h/db"), [])
    assert "ODBC Driver 18" in caught.value.hint and "tdsodbc" in caught.value.hint


def test_sqlserver_connection_string_is_read_only_intent() -> None:
    text = connection_string(parse_url("mssql://sa:pw;x@sql:1444/Inv"), "ODBC Driver 18 for SQL Server")
    assert "SERVER=sql,1444" in text and "ApplicationIntent=ReadOnly" in text and "PWD={pw;x}" in text


def test_sqlserver_password_with_a_brace_stays_one_value() -> None:
    text = connection_string(parse_url("mssql://sa:a%7Db;c@sql/Inv"), "ODBC Driver 18 for SQL Server")
    assert "PWD={a}}b;c}" in text and "a}}b;c" not in mask_secrets(text)


def test_aurora_extensions_create_where_the_server_offers_them(pg, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """.ci/run installs orafce and plpgsql_check for the machine's PostgreSQL 15; they must then really work."""
    offered = pg.extensions()
    if REQUIRE_ALL:
        assert {"orafce", "plpgsql_check"} <= set(offered), "CI installs these Debian packages: see .ci/run"
    pg.execute("CREATE FUNCTION broken() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN no_such_column; END $$")
    checks = {  # extension -> (probe, what it must answer)
        "orafce": ("SELECT oracle.add_months(date '2024-01-31', 1)::date::text", "2024-02-29"),
        "plpgsql_check": ("SELECT count(*) > 0 FROM plpgsql_check_function_tb('broken()')", True),
        "dblink": ("SELECT dblink_get_connections() IS NULL", True),
    }
    ran = 0
    for name, (probe, expected) in checks.items():
        if name in offered:
            pg.execute(f'CREATE EXTENSION IF NOT EXISTS "{name}"')
            assert pg.scalar(probe) == expected, name
            ran += 1
    assert ran >= 1  # every server we test on offers at least dblink (the embedded one) or all three (CI)
