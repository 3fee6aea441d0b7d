"""One side of a performance run: its sessions (one per concurrent worker), a timed execution with the per-query
timeout, the result hash, and the plan. Everything that differs by engine is a row in the tables below."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

from migrate.engines import DatabaseUrl, connect
from migrate.engines.base import Connection
from migrate.errors import MigrateError, QueryError

# engine -> the session statement that makes the server end a statement after {ms} milliseconds. Engines without
# one are cancelled from a timer thread (Connection.cancel), which is what a client-side timeout does.
SERVER_TIMEOUT: dict[str, str] = {
    "postgresql": "SET statement_timeout = {ms}",  # the server ends the statement with SQLSTATE 57014
}
TIMEOUT_SQLSTATES = {"57014"}  # PostgreSQL: canceling statement due to statement timeout
# engine -> (statement that opens a transaction, statement that rolls it back) for --allow-writes; "" = the
# driver's own: python-oracledb and pyodbc run in a transaction already (autocommit off), psycopg here does not.
WRITE_TRANSACTION: dict[str, tuple[str, str]] = {
    "postgresql": ("BEGIN", "ROLLBACK"),
    "oracle": ("", ""),
    "sqlserver": ("", ""),
}
# engine -> how its plan is read: the plan of an EXPLAIN ANALYZE (JSON), or the text of the plan the server kept
EXPLAIN_JSON = {"postgresql": "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}"}
# run right after the query on the same session: the plan of the session's last statement (needs SELECT on V$SQL_PLAN)
ORACLE_PLAN = "SELECT plan_table_output FROM TABLE(DBMS_XPLAN.DISPLAY_CURSOR(NULL, NULL, 'TYPICAL'))"
# the cached plan of the batch just run, as showplan XML (needs VIEW SERVER STATE)
SQLSERVER_PLAN = (
    "SELECT TOP (1) CAST(qp.query_plan AS NVARCHAR(MAX)) AS query_plan FROM sys.dm_exec_query_stats AS qs "
    "CROSS APPLY sys.dm_exec_sql_text(qs.sql_handle) AS st CROSS APPLY sys.dm_exec_query_plan(qs.plan_handle) AS qp "
    "WHERE st.text = ? ORDER BY qs.last_execution_time DESC"
)
# PostgreSQL: the leading column of each index on the relations a plan scans (for the function/cast rules)
INDEXED_COLUMNS = (
    "SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
    "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0] "
    "WHERE c.relname = ANY(%s) AND pg_table_is_visible(c.oid) AND i.indisvalid"
)


class Timeout(MigrateError):
    """The statement ran past the per-query timeout and was stopped."""


def canonical(value: Any) -> str:
    """One text per value whatever the engine's driver returned, so equal results hash equal across engines."""
    if value is None:
        return "\x00"
    if isinstance(value, bool):  # SQL Server bit and Oracle NUMBER(1) flags arrive as bool / int
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):  # 1.50 (numeric(10,2)) and 1.5 (NUMBER) are the same number
        text = format(value.normalize(), "f") if value.is_finite() else str(value)
        return "0" if text in ("-0", "0") else text
    if isinstance(value, float):
        return format(value, ".15g")  # the digits a double holds; Oracle BINARY_DOUBLE and float8 agree to these
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value).lower()
    return str(value)


SAMPLE_ROWS = 1000  # rows kept per side to name the differing ones; beyond it a mismatch is told by count and hash


def sample(rows: list[tuple[Any, ...]]) -> list[tuple[str, ...]]:
    return [tuple(canonical(v) for v in row) for row in rows[:SAMPLE_ROWS]]


def result_hash(rows: list[tuple[Any, ...]], ordered: bool) -> tuple[str, str]:
    """(hash in row order, hash of the rows as a multiset): the first is compared when the query orders its rows."""
    digests = [hashlib.sha256("\x1f".join(canonical(v) for v in row).encode()).digest() for row in rows]
    in_order = hashlib.sha256(b"".join(digests)).hexdigest()[:32]
    as_set = hashlib.sha256(b"".join(sorted(digests))).hexdigest()[:32]
    return (in_order if ordered else as_set), as_set


class SideSessions:
    """The sessions of one side: read-only unless writes are allowed, each with the statement timeout set."""

    def __init__(self, role: str, url: DatabaseUrl, workers: int, timeout_s: float, writes: bool) -> None:
        self.role = role
        self.url = url
        self.timeout_s = timeout_s
        self.writes = writes
        self.sessions: list[Connection] = []
        for _ in range(workers):
            conn = connect(url, read_only=not writes)
            self.sessions.append(conn)
            if url.engine in SERVER_TIMEOUT:
                conn.execute(SERVER_TIMEOUT[url.engine].format(ms=max(1, int(timeout_s * 1000))))

    @property
    def engine(self) -> str:
        return self.url.engine

    @property
    def dialect(self) -> str:
        """The sqlglot dialect of this side's engine, as its Connection says."""
        return self.sessions[0].dialect

    def cancel(self) -> None:
        """Stop the statements running on this side's sessions now (from another thread)."""
        for conn in self.sessions:
            conn.cancel()

    def run(self, sql: str, session: int = 0, write: bool = False) -> tuple[float, list[tuple[Any, ...]]]:
        """(milliseconds, rows) of one execution; a write runs in a transaction that is rolled back."""
        conn = self.sessions[session]
        begin, rollback = WRITE_TRANSACTION.get(self.engine, ("", ""))
        if write and begin:
            conn.execute(begin)
        try:
            return self._timed(conn, sql)
        finally:
            if write:
                _rollback(conn, rollback)

    def _timed(self, conn: Connection, sql: str) -> tuple[float, list[tuple[Any, ...]]]:
        fired = threading.Event()
        timer = None
        if self.engine not in SERVER_TIMEOUT:

            def stop() -> None:
                fired.set()
                conn.cancel()

            timer = threading.Timer(self.timeout_s, stop)
            timer.daemon = True
            timer.start()
        started = time.perf_counter()
        try:
            rows = conn.rows(sql)
        except QueryError as exc:
            if fired.is_set() or exc.sqlstate in TIMEOUT_SQLSTATES:
                raise Timeout(f"timed out after {self.timeout_s:g}s on the {self.role}") from None
            raise
        finally:
            if timer is not None:
                timer.cancel()
                timer.join()
        return (time.perf_counter() - started) * 1000.0, rows

    def explain(self, sql: str, write: bool = False) -> dict[str, Any] | list[Any] | None:
        """PostgreSQL: the EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) document of `sql` (it runs once more)."""
        if self.engine not in EXPLAIN_JSON:
            return None
        conn = self.sessions[0]
        begin, rollback = WRITE_TRANSACTION[self.engine]
        if write:
            conn.execute(begin)
        try:
            found = conn.scalar(EXPLAIN_JSON[self.engine].format(sql=sql))
        finally:
            if write:
                _rollback(conn, rollback)
        return found  # type: ignore[no-any-return]

    def indexed_columns(self, relations: list[str]) -> dict[str, set[str]]:
        if self.engine not in EXPLAIN_JSON or not relations:
            return {}
        found: dict[str, set[str]] = {}
        for relation, column in self.sessions[0].rows(INDEXED_COLUMNS, (relations,)):
            found.setdefault(relation, set()).add(column)
        return found

    def plan_text(self, sql: str) -> str:
        """Oracle / SQL Server: the text of the plan the server used for `sql` (run just before on session 0)."""
        reader = PLAN_TEXT.get(self.engine)
        if reader is None:
            return ""
        try:
            return reader(self.sessions[0], sql)
        except MigrateError as exc:
            return f"plan not available: {exc.message.splitlines()[0]}"

    def close(self) -> None:
        for conn in self.sessions:
            conn.close()


def _rollback(conn: Connection, statement: str) -> None:
    try:
        if statement:
            conn.execute(statement)
        else:
            conn.rollback()
    except MigrateError:
        pass  # the failed statement already ended the transaction


def _oracle_plan(conn: Connection, sql: str) -> str:
    return "\n".join(str(r[0]) for r in conn.rows(ORACLE_PLAN) if r[0] is not None)


def _sqlserver_plan(conn: Connection, sql: str) -> str:
    found = conn.rows(SQLSERVER_PLAN, (sql,))
    return showplan_text(str(found[0][0])) if found and found[0][0] else "plan not in the plan cache"


def showplan_text(xml: str) -> str:
    """SQL Server showplan XML as one line per operator, indented by depth: `Index Seek [dbo].[t].[ix] (est 12)`."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        return f"plan not readable: {exc}"
    lines: list[str] = []

    def visit(element: ET.Element, depth: int) -> None:
        for child in element:
            if child.tag.endswith("}RelOp"):
                # the operator's own table/index: an Object under its operator element, not under a child RelOp
                target = next((o for op in child for o in op if o.tag.endswith("}Object")), None)
                where = ""
                if target is not None:
                    parts = [target.get(k, "") for k in ("Schema", "Table", "Index")]
                    where = " " + ".".join(p for p in parts if p)
                estimate = child.get("EstimateRows", "?")
                lines.append(f"{'  ' * depth}{child.get('PhysicalOp', '?')}{where} (est {estimate} rows)")
                visit(child, depth + 1)
            else:
                visit(child, depth)

    visit(root, 0)
    return "\n".join(lines)


PLAN_TEXT: dict[str, Callable[[Connection, str], str]] = {
    "oracle": _oracle_plan,  # DBMS_XPLAN.DISPLAY_CURSOR: the plan of the session's last statement
    "sqlserver": _sqlserver_plan,  # the plan cache's showplan for the batch text
}
