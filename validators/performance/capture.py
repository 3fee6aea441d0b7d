"""capture-workload: the source's most expensive statements, from its own statistics, as a workload file.

One named catalog query per source view; every view's rows go through the same mapping (`statement_from`) into
`Captured` and then into workload queries. The texts come straight from the server, parameters and all: a
statement that takes bind parameters is written with a `-- todo:` line naming them, and the runner refuses it
until the user gives their values in `-- params:` (Oracle's V$SQL_BIND_CAPTURE fills them in where it kept them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from migrate.errors import QueryError, ValidationError
from validators.performance.workload import WorkloadQuery, bind_tokens


class Catalog(Protocol):
    """What capture needs of a connection (migrate.engines' Connection, or a stand-in in tests)."""

    @property
    def dialect(self) -> str: ...  # the sqlglot dialect (each engine's Connection says it)

    def dicts(self, sql: str, params: Any = None) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class CaptureQuery:
    view: str  # what the rows come from, as the report and the errors name it
    sql: str  # with {top}: a validated integer
    why: str
    prefix: str = ""  # captured query names: PREFIX_KEY


@dataclass(frozen=True)
class Captured:
    key: str  # the server's id for the statement (queryid, sql_id, query_hash, query_id)
    text: str
    calls: int
    total_ms: float
    rows: int
    view: str


# PostgreSQL 13+ (total_exec_time; 12 and older called it total_time). toplevel keeps statements run by the
# application, not the ones inside functions.
POSTGRES_STATEMENTS = CaptureQuery(
    "pg_stat_statements",
    "SELECT s.queryid AS key, s.query AS text, s.calls AS calls, s.total_exec_time AS total_ms, s.rows AS rows_returned "
    "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
    "WHERE d.datname = current_database() AND s.toplevel AND s.calls > 0 "
    "ORDER BY s.total_exec_time DESC LIMIT {top}",
    "pg_stat_statements keeps normalised statements ($1 for each constant) with their calls and time since reset",
    "pgss",
)
# V$SQL has a row per child cursor: the mapping sums a statement's children. command_type: 3 SELECT, 2 INSERT,
# 6 UPDATE, 7 DELETE, 189 MERGE. elapsed_time is in microseconds, summed over executions.
ORACLE_SQL = CaptureQuery(
    "V$SQL",
    "SELECT * FROM (SELECT sql_id AS key, sql_fulltext AS text, executions AS calls, elapsed_time AS elapsed_us, "
    "rows_processed AS rows_returned, parsing_schema_name FROM v$sql "
    "WHERE executions > 0 AND command_type IN (2, 3, 6, 7, 189) "
    "AND parsing_schema_name NOT IN ('SYS', 'SYSTEM', 'DBSNMP', 'SYSMAN', 'XDB', 'MDSYS', 'CTXSYS', 'ORDSYS', "
    "'OUTLN', 'WMSYS', 'APEX_PUBLIC_USER', 'AUDSYS', 'GSMADMIN_INTERNAL', 'LBACSYS', 'DVSYS', 'OJVMSYS') "
    "ORDER BY elapsed_time DESC) WHERE ROWNUM <= {top}",
    "V$SQL holds every statement in the shared pool with its executions and elapsed time (no extra licence)",
    "vsql",
)
# the values Oracle captured for a statement's bind variables (sampled; NULL where not captured)
ORACLE_BINDS = CaptureQuery(
    "V$SQL_BIND_CAPTURE",
    "SELECT sql_id AS key, name, position, datatype_string, value_string, was_captured FROM v$sql_bind_capture "
    "WHERE sql_id = :sql_id AND child_number = (SELECT MIN(child_number) FROM v$sql_bind_capture "
    "WHERE sql_id = :sql_id) ORDER BY position",
    "bind values Oracle sampled for the statement, so the captured query can run as the application ran it",
)
# Query Store (SQL Server 2016+, per database, survives restarts) when it is on; else the plan cache's DMV.
SQLSERVER_QUERY_STORE_STATE = CaptureQuery(
    "sys.database_query_store_options",
    "SELECT actual_state_desc FROM sys.database_query_store_options",
    "whether Query Store is on for this database (OFF, READ_ONLY, READ_WRITE, ERROR)",
)
SQLSERVER_QUERY_STORE = CaptureQuery(
    "Query Store",
    "SELECT TOP ({top}) q.query_id AS [key], qt.query_sql_text AS [text], SUM(rs.count_executions) AS calls, "
    "SUM(rs.avg_duration * rs.count_executions) AS elapsed_us, "
    "SUM(rs.avg_rowcount * rs.count_executions) AS rows_returned "
    "FROM sys.query_store_query AS q "
    "JOIN sys.query_store_query_text AS qt ON qt.query_text_id = q.query_text_id "
    "JOIN sys.query_store_plan AS p ON p.query_id = q.query_id "
    "JOIN sys.query_store_runtime_stats AS rs ON rs.plan_id = p.plan_id "
    "GROUP BY q.query_id, qt.query_sql_text ORDER BY SUM(rs.avg_duration * rs.count_executions) DESC",
    "Query Store keeps each query's text and runtime statistics per plan (avg_duration in microseconds)",
    "qs",
)
SQLSERVER_QUERY_STATS = CaptureQuery(
    "sys.dm_exec_query_stats",
    "SELECT TOP ({top}) CONVERT(VARCHAR(64), qs.query_hash, 1) AS [key], "
    "SUBSTRING(st.text, qs.statement_start_offset / 2 + 1, (CASE qs.statement_end_offset WHEN -1 "
    "THEN DATALENGTH(st.text) ELSE qs.statement_end_offset END - qs.statement_start_offset) / 2 + 1) AS [text], "
    "qs.execution_count AS calls, qs.total_elapsed_time AS elapsed_us, qs.total_rows AS rows_returned "
    "FROM sys.dm_exec_query_stats AS qs CROSS APPLY sys.dm_exec_sql_text(qs.sql_handle) AS st "
    "WHERE st.dbid = DB_ID() ORDER BY qs.total_elapsed_time DESC",
    "the plan cache's statistics per statement (lost on restart or eviction; offsets are in bytes of UTF-16)",
    "qstats",
)
CAPTURE_QUERIES: dict[str, tuple[CaptureQuery, ...]] = {
    "postgresql": (POSTGRES_STATEMENTS,),
    "oracle": (ORACLE_SQL, ORACLE_BINDS),
    "sqlserver": (SQLSERVER_QUERY_STORE_STATE, SQLSERVER_QUERY_STORE, SQLSERVER_QUERY_STATS),
}
# first keyword -> kept: the statements a workload replays (utility and session statements are not workload)
KEPT_STATEMENTS = {"select", "with", "insert", "update", "delete", "merge", "(", "values", "table"}
# a Query Store / sp_executesql text starts with its parameter declarations: (@P1 int,@P2 nvarchar(10))SELECT ...
_DECLARATIONS = re.compile(r"^\s*\((@\w+\s+[^()]*(?:\([^()]*\)[^()]*)*)\)\s*(?=\w)", re.DOTALL)


def _without_declarations(text: str) -> str:
    return _DECLARATIONS.sub("", text, count=1).strip()


# engine -> the statement as the application ran it, from the text the view keeps
TEXT_AS_RUN: dict[str, Callable[[str], str]] = {
    "sqlserver": _without_declarations,  # sp_executesql / Query Store texts start with (@P1 int,...)
}


def statement_from(row: dict[str, Any], view: str) -> Captured:
    """One catalog row as a Captured statement: the same mapping for every view (times to milliseconds)."""
    text = row["text"]
    text = text.read() if hasattr(text, "read") else str(text or "")  # Oracle's CLOB comes as a LOB
    total_ms = float(row["total_ms"]) if "total_ms" in row else float(row.get("elapsed_us") or 0) / 1000.0
    return Captured(
        key=str(row["key"]),
        text=text.strip(),
        calls=int(row.get("calls") or 0),
        total_ms=total_ms,
        rows=int(row.get("rows_returned") or 0),
        view=view,
    )


def merged(statements: list[Captured]) -> list[Captured]:
    """One entry per statement key (V$SQL's child cursors, the plan cache's plans), most total time first."""
    by_key: dict[str, Captured] = {}
    for s in statements:
        if s.key in by_key:
            b = by_key[s.key]
            s = Captured(s.key, b.text or s.text, b.calls + s.calls, b.total_ms + s.total_ms, b.rows + s.rows, s.view)
        by_key[s.key] = s
    return sorted(by_key.values(), key=lambda s: -s.total_ms)


def workload_query(
    statement: Captured, engine: str, dialect: str, binds: dict[str, Any] | None = None
) -> WorkloadQuery | None:
    """A captured statement as a workload query; None for statements a workload does not replay."""
    text = TEXT_AS_RUN.get(engine, str.strip)(statement.text)
    if not text or (text.split(None, 1)[0].lower().lstrip("(") not in KEPT_STATEMENTS and not text.startswith("(")):
        return None
    mean = statement.total_ms / statement.calls if statement.calls else 0.0
    note = (
        f"{statement.view} {statement.key}: {statement.calls:,} calls, {mean:.2f} ms mean, "
        f"{statement.total_ms:,.1f} ms total, {statement.rows / max(1, statement.calls):,.1f} rows per call"
    )
    params = dict(binds or {})
    missing = [p for p in parameters(text, dialect) if p.lstrip(":@$").lower() not in params]
    todo = f"give values for {', '.join(missing)} in -- params: (key without its {missing[0][0]})" if missing else ""
    key = statement.key[1:] + "n" if statement.key.startswith("-") else statement.key  # pg's queryid may be < 0
    name = f"{PREFIXES.get(statement.view, 'q')}_{key}"
    return WorkloadQuery(name=name, sql=text, params=params, note=note, todo=todo)


def parameters(sql: str, dialect: str) -> list[str]:
    """The bind parameters a text uses, as written (`:1`, `@P1`, `$1`), in order of first use."""
    try:
        found = [opener.text + name.text for opener, name in bind_tokens(sql, dialect)]
    except ValueError:
        return []
    return list(dict.fromkeys(found))


def oracle_binds(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """V$SQL_BIND_CAPTURE rows as -- params: values (numbers as numbers; others as the captured text)."""
    values: dict[str, Any] = {}
    for row in rows:
        if str(row.get("was_captured", "")).upper() != "YES" or row.get("value_string") is None:
            continue
        value: Any = row["value_string"]
        if str(row.get("datatype_string", "")).upper().startswith(("NUMBER", "BINARY_")):
            try:
                value = int(value) if re.fullmatch(r"-?\d+", value) else float(value)
            except ValueError:
                pass
        values[str(row["name"]).lstrip(":").lower()] = value
    return values


def _rows(conn: Catalog, query: CaptureQuery, top: int, params: Any = None) -> list[dict[str, Any]]:
    try:
        return conn.dicts(query.sql.format(top=int(top)), params)
    except QueryError as exc:
        raise ValidationError(
            f"cannot read {query.view}: {exc.message.splitlines()[0]}", CAPTURE_HINTS.get(query.view, "")
        ) from None


CAPTURE_HINTS = {
    "pg_stat_statements": "add pg_stat_statements to shared_preload_libraries (a restart), then "
    "CREATE EXTENSION pg_stat_statements in this database; on RDS/Aurora it is in the parameter group",
    "V$SQL": "GRANT SELECT ON V_$SQL TO the user (or SELECT_CATALOG_ROLE)",
    "V$SQL_BIND_CAPTURE": "GRANT SELECT ON V_$SQL_BIND_CAPTURE TO the user (or SELECT_CATALOG_ROLE)",
    "Query Store": "GRANT VIEW DATABASE STATE TO the user",
    "sys.dm_exec_query_stats": "GRANT VIEW SERVER STATE TO the user (VIEW SERVER PERFORMANCE STATE on 2022+)",
}


def _postgres(conn: Catalog, top: int) -> list[tuple[Captured, dict[str, Any]]]:
    return [
        (s, {})
        for s in merged([statement_from(r, "pg_stat_statements") for r in _rows(conn, POSTGRES_STATEMENTS, top)])
    ]


def _oracle(conn: Catalog, top: int) -> list[tuple[Captured, dict[str, Any]]]:
    found = merged([statement_from(r, "V$SQL") for r in _rows(conn, ORACLE_SQL, top)])
    out = []
    for statement in found:
        try:
            binds = oracle_binds(_rows(conn, ORACLE_BINDS, top, {"sql_id": statement.key}))
        except ValidationError:
            binds = {}  # no grant on the bind view: the user fills in the values (the -- todo: line says which)
        out.append((statement, binds))
    return out


def _sqlserver(conn: Catalog, top: int) -> list[tuple[Captured, dict[str, Any]]]:
    try:
        state = (conn.dicts(SQLSERVER_QUERY_STORE_STATE.sql) or [{}])[0].get("actual_state_desc")
    except QueryError:
        state = None
    query = SQLSERVER_QUERY_STORE if state in ("READ_WRITE", "READ_ONLY") else SQLSERVER_QUERY_STATS
    return [(s, {}) for s in merged([statement_from(r, query.view) for r in _rows(conn, query, top)])]


PREFIXES = {q.view: q.prefix for queries in CAPTURE_QUERIES.values() for q in queries if q.prefix}
# statements of the monitoring itself (reading or resetting the statistics) are not the application's workload
OWN_STATEMENTS = ("pg_stat_statements", "v$sql", "sys.dm_exec_", "sys.query_store")

CAPTURERS: dict[str, Callable[[Catalog, int], list[tuple[Captured, dict[str, Any]]]]] = {
    "postgresql": _postgres,
    "oracle": _oracle,
    "sqlserver": _sqlserver,
}


def capture(conn: Catalog, engine: str, top: int) -> list[WorkloadQuery]:
    """The `top` statements by total time on the source, as workload queries (utility statements left out)."""
    if engine not in CAPTURERS:
        raise ValidationError(f"capture-workload does not read {engine}", f"use one of {', '.join(CAPTURERS)}")
    queries = []
    for statement, binds in CAPTURERS[engine](conn, top):
        if any(own in statement.text.lower() for own in OWN_STATEMENTS):
            continue
        query = workload_query(statement, engine, conn.dialect, binds)
        if query is not None:
            queries.append(query)
    return queries
