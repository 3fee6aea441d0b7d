"""The read-only guard on source connections: only one SELECT-class statement, or a listed session statement,
reaches the server; Oracle's read-only transaction is re-established after every commit and rollback."""

from __future__ import annotations

from typing import Any

import pytest

from migrate.engines import connect
from migrate.engines.oracle import OracleConnection
from migrate.engines.postgres import PostgresConnection
from migrate.engines.read_only import check_read_only
from migrate.engines.sqlserver import SqlServerConnection
from migrate.engines.url import DatabaseUrl
from migrate.errors import QueryError

SESSION = {
    "oracle": OracleConnection.session_statements,
    "sqlserver": SqlServerConnection.session_statements,
    "postgresql": PostgresConnection.session_statements,
}
ALL = ("oracle", "sqlserver", "postgresql")

# (engines, statement, why it passes)
ALLOWED = [
    (ALL, "SELECT a, b FROM t WHERE c = 1", "a plain query"),
    (ALL, "  -- a comment first\nSELECT 1 FROM t;", "a leading comment, a trailing ;"),
    (ALL, "WITH x AS (SELECT 1 AS a FROM t) SELECT a FROM x", "a CTE that reads"),
    (ALL, "(SELECT 1 FROM t) UNION ALL (SELECT 2 FROM u)", "a parenthesised set operation"),
    (ALL, "SELECT 'DROP TABLE t; DELETE FROM u' AS s FROM t", "the words are in a string"),
    (ALL, "SELECT 1 /* ; DROP TABLE t */ FROM t", "the words are in a comment"),
    (ALL, 'SELECT "UPDATE", t.update_time, t.delete_rule FROM t', "quoted and qualified column names"),
    (ALL, "SELECT c.comments AS comment FROM all_tab_comments c", "comment as an alias (catalog queries use it)"),
    (("oracle",), "SELECT q'[it's; DROP TABLE t]' FROM dual", "an Oracle q-quote"),
    (("oracle",), "SELECT LOWER(RAWTOHEX(DBMS_CRYPTO.HASH(x, 2))) FROM t", "DBMS_CRYPTO only computes"),
    (("oracle",), "SET TRANSACTION READ ONLY", "what makes the transaction read-only"),
    (("oracle",), "ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS'", "the validators' date form"),
    (("sqlserver",), "SELECT [DROP TABLE x] FROM [t;DELETE]", "bracketed names"),
    (("postgresql",), "SELECT $$; DROP TABLE t$$ FROM t", "a dollar quote"),
    (("postgresql",), "SET DateStyle = 'ISO, YMD'", "the validators' timestamp form"),
    (("postgresql",), "SET jit_inline_above_cost = -1", "a validator planner setting"),
    (("postgresql",), "RESET extra_float_digits", "the validators' float form"),
    (("postgresql",), "SHOW server_version", "the version query"),
    (("postgresql",), "SET TimeZone = 'UTC'", "the validators' timestamptz form"),
    (("postgresql",), "SET statement_timeout = 30000", "validate performance's time limit"),
    (("postgresql",), "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT a FROM t", "the plan of a read"),
]

# (engines, statement, what the refusal names)
REFUSED = [
    (ALL, "DROP TABLE t", "starts with DROP"),
    (ALL, "SELECT 1 FROM t; DROP TABLE t", "more than one statement"),
    (ALL, "SELECT 1 FROM t;\n-- x\n;DELETE FROM t", "more than one statement"),
    (ALL, "/* SELECT */ DELETE FROM t", "starts with DELETE"),
    (ALL, "-- SELECT\nUPDATE t SET a = 1", "starts with UPDATE"),
    (ALL, "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", "DELETE"),
    (ALL, "WITH x AS (SELECT 1 AS a) INSERT INTO t SELECT a FROM x", "INSERT"),
    (ALL, "SELECT * INTO new_table FROM t", "INTO"),
    (ALL, "SELECT * FROM t FOR UPDATE", "UPDATE"),
    (ALL, "SELECT 1 FROM t WHERE 1 = 1 MERGE INTO u USING t ON (1 = 1)", "MERGE"),
    (ALL, "EXEC sp_who", "starts with EXEC"),
    (ALL, "", "no statement"),
    (ALL, "-- only a comment", "no statement"),
    (ALL, "SET TRANSACTION READ WRITE", "starts with SET"),
    (("oracle",), "SELECT seq.NEXTVAL FROM dual", "NEXTVAL"),
    (("oracle",), "SELECT SYS.DBMS_LOCK.SLEEP(10) FROM dual", "DBMS_LOCK"),
    (("oracle",), "SELECT UTL_HTTP.REQUEST('http://x') FROM dual", "UTL_HTTP"),
    (("oracle",), "BEGIN DELETE FROM t; END;", "starts with BEGIN"),
    (("oracle",), "ALTER SESSION SET CURRENT_SCHEMA = x", "starts with ALTER"),
    (("oracle",), "ALTER SESSION SET NLS_DATE_FORMAT = 'x' DROP", "starts with ALTER"),
    (("oracle",), "SELECT q'[x]' FROM dual; DROP TABLE t", "more than one statement"),
    (("sqlserver",), "SELECT 1 DROP TABLE t", "DROP"),  # T-SQL needs no ; between statements
    (("sqlserver",), "SELECT 1 EXEC('DROP TABLE t')", "EXEC"),
    (("sqlserver",), "SELECT * FROM OPENQUERY(srv, 'DELETE FROM t')", "OPENQUERY"),
    (("sqlserver",), "SELECT master..xp_cmdshell('rm -rf /')", "xp_cmdshell"),
    (("sqlserver",), "SELECT NEXT VALUE FOR dbo.seq", "NEXT VALUE FOR"),
    (("sqlserver",), "SELECT 1 WAITFOR DELAY '00:10'", "WAITFOR"),
    (("sqlserver",), "SELECT [a] FROM t]; DROP TABLE t --", "DROP"),
    (("postgresql",), "SELECT set_config('default_transaction_read_only', 'off', false)", "set_config"),
    (("postgresql",), "SELECT nextval('s')", "nextval"),
    (("postgresql",), "SELECT pg_terminate_backend(1)", "pg_terminate_backend"),
    (("postgresql",), "SELECT pg_advisory_lock(1)", "pg_advisory_lock"),
    (("postgresql",), "SELECT dblink_exec('x', 'DROP TABLE t')", "dblink_exec"),
    (("postgresql",), "SELECT $$x$$; DROP TABLE t", "more than one statement"),
    (("postgresql",), "SET default_transaction_read_only = off", "starts with SET"),
    (("postgresql",), "COPY (SELECT 1) TO PROGRAM 'rm -rf /'", "starts with COPY"),
    (("postgresql",), "EXPLAIN ANALYZE DELETE FROM t", "starts with EXPLAIN"),
    (("postgresql",), "EXPLAIN (ANALYZE, FORMAT JSON) DELETE FROM t", "starts with DELETE"),
    (("postgresql",), "EXPLAIN (ANALYZE) SELECT 1; DROP TABLE t", "more than one statement"),
    (("postgresql",), "SET statement_timeout = 0; DROP TABLE t", "starts with SET"),
]


@pytest.mark.parametrize(("engine", "sql", "why"), [(e, s, w) for es, s, w in ALLOWED for e in es])
def test_allowed(engine: str, sql: str, why: str) -> None:
    check_read_only(sql, engine, SESSION[engine])


@pytest.mark.parametrize(("engine", "sql", "names"), [(e, s, n) for es, s, n in REFUSED for e in es])
def test_refused(engine: str, sql: str, names: str) -> None:
    with pytest.raises(QueryError, match="refused on a read-only source connection") as caught:
        check_read_only(sql, engine, SESSION[engine])
    assert names.lower() in caught.value.message.lower()


def test_every_catalog_query_passes_the_guard() -> None:
    """The scanners' own queries, all of them, for each engine: the guard must not stop a real scan."""
    import importlib

    from assessments.scan import CatalogQuery

    checked = 0
    for package, engine in (("oracle", "oracle"), ("sqlserver", "sqlserver"), ("postgres", "postgresql")):
        for module in ("queries", "queries_code", "profile_queries"):
            try:
                found = vars(importlib.import_module(f"assessments.{package}.{module}")).values()
            except ModuleNotFoundError:
                continue
            for query in (q for q in found if isinstance(q, CatalogQuery)):
                check_read_only(query.sql, engine, SESSION[engine])
                checked += 1
    assert checked > 40


def test_a_live_postgresql_source_cannot_be_switched_to_read_write(pg_url: DatabaseUrl) -> None:
    """set_config() would switch the session's read-only default off for every later statement: the guard stops
    it, so the server's read-only session holds."""
    with connect(pg_url, read_only=True) as conn:
        with pytest.raises(QueryError, match="set_config"):
            conn.scalar("SELECT set_config('default_transaction_read_only', 'off', false)")
        with pytest.raises(QueryError, match="refused"):
            conn.execute("SET default_transaction_read_only = off")
        assert conn.scalar("SELECT current_setting('default_transaction_read_only')") == "on"
        assert conn.scalar("SELECT 1") == 1


class _Cursor:
    def __init__(self, sent: list[str]) -> None:
        self.sent, self.description = sent, None

    def execute(self, sql: str, *params: Any) -> None:
        self.sent.append(sql)

    def close(self) -> None:
        pass


class _RawConnection:
    """A DB-API connection as far as the read-only logic uses it: it records what is sent."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def cursor(self) -> _Cursor:
        return _Cursor(self.sent)

    def commit(self) -> None:
        self.sent.append("<commit>")

    def rollback(self) -> None:
        self.sent.append("<rollback>")


@pytest.mark.parametrize("end", ["rollback", "commit"])
def test_oracle_transaction_is_read_only_again_after_it_ends(end: str) -> None:
    raw = _RawConnection()
    conn = OracleConnection(DatabaseUrl(engine="oracle", host="h"), raw, read_only=True)
    getattr(conn, end)()
    assert raw.sent == [f"<{end}>", "SET TRANSACTION READ ONLY"]
    with pytest.raises(QueryError, match="refused"):
        conn.execute("DELETE FROM t")
    assert raw.sent[-1] == "SET TRANSACTION READ ONLY"  # the DELETE was never sent


def test_a_writable_oracle_connection_is_left_alone() -> None:
    raw = _RawConnection()
    OracleConnection(DatabaseUrl(engine="oracle", host="h"), raw, read_only=False).rollback()
    assert raw.sent == ["<rollback>"]


def test_every_validation_query_passes_the_guard() -> None:
    """What the validators send to each engine (catalog, segments, rows, aggregates) is all SELECT."""
    from validators.aggregates import aggregate_sql
    from validators.checksum import TableSQL
    from validators.normalize import OracleNormaliser, PostgresNormaliser, SqlServerNormaliser
    from validators.normalize.base import KINDS, ColumnSpec, Policy

    checked = 0
    for norm in (OracleNormaliser(), SqlServerNormaliser(), PostgresNormaliser()):
        specs = tuple(ColumnSpec(f"c{n}", family, "", kind, policy=Policy()) for n, (family, kind) in
                      enumerate(KINDS.items()))  # fmt: skip
        key = ColumnSpec("id", next(iter(KINDS)), "", "integer", policy=Policy())
        sqls = [norm.columns_query, norm.keys_query, norm.estimate_query, *norm.session_setup]
        sqls += [*(s for setup in norm.check_setup.values() for s in setup), *norm.default_check_setup]
        sqls += [aggregate_sql(norm, "t", list(specs), "a = 1", None), aggregate_sql(norm, "t", list(specs), "", key)]
        for mode in ("range", "bucket", "multiset"):
            table = TableSQL(norm, "s.t", (key, *specs), (0,), mode, "a > 1")
            sqls += [table.bounds(), table.level(0, 10, 100, [0]), table.leaves(0, 10, [1]),
                     table.rows_by_key([("1",)]), table.rows_by_hash(["ab"])]  # fmt: skip
        for sql in filter(None, sqls):
            check_read_only(sql, norm.engine, SESSION[norm.engine])
            checked += 1
    assert checked > 50


def test_a_read_only_sql_server_connection_never_commits() -> None:
    """No read-only session on SQL Server: with autocommit off, a commit on a source is a rollback."""
    raw = _RawConnection()
    SqlServerConnection(DatabaseUrl(engine="sqlserver", host="h"), raw, read_only=True).commit()
    assert raw.sent == ["<rollback>"]
    SqlServerConnection(DatabaseUrl(engine="sqlserver", host="h"), raw, read_only=False).commit()
    assert raw.sent == ["<rollback>", "<commit>"]
