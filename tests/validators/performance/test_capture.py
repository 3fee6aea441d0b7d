"""capture-workload's catalog queries: each parses in its engine's dialect, and rows shaped as V$SQL,
V$SQL_BIND_CAPTURE, Query Store and sys.dm_exec_query_stats return them (through python-oracledb and pyodbc, keys
lower-cased by Connection.dicts) map into workload queries the way the tables below say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlglot

from migrate.errors import QueryError, ValidationError
from validators.performance import capture as c
from validators.performance import sessions as s
from validators.performance.workload import parse_workload, write_workload

DIALECT = {"oracle": "oracle", "sqlserver": "tsql", "postgresql": "postgres"}
SENT = [
    *((engine, q.view, q.sql.format(top=25)) for engine, queries in c.CAPTURE_QUERIES.items() for q in queries),
    ("oracle", "DBMS_XPLAN.DISPLAY_CURSOR", s.ORACLE_PLAN),
    ("sqlserver", "dm_exec_query_plan", s.SQLSERVER_PLAN),
]


@pytest.mark.parametrize(("engine", "view", "sql"), SENT, ids=[f"{e}:{v}" for e, v, _ in SENT])
def test_every_sql_text_sent_to_a_source_parses_in_its_dialect(engine: str, view: str, sql: str) -> None:
    assert sqlglot.parse_one(sql, read=DIALECT[engine]) is not None


class Lob:
    """python-oracledb returns a CLOB column (V$SQL.SQL_FULLTEXT) as a LOB with read()."""

    def __init__(self, text: str) -> None:
        self.text = text

    def read(self) -> str:
        return self.text


class Views:
    """A stand-in connection answering each capture query with rows shaped as its view returns them."""

    def __init__(
        self, rows: dict[str, list[dict[str, Any]]], fail: tuple[str, ...] = (), dialect: str = "oracle"
    ) -> None:
        self.rows, self.fail, self.calls, self.dialect = rows, fail, [], dialect

    def dicts(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        query = next(q for qs in c.CAPTURE_QUERIES.values() for q in qs if sql == q.sql.format(top=25))
        self.calls.append((query.view, params))
        if query.view in self.fail:
            raise QueryError("ORA-00942: table or view does not exist")
        rows = self.rows.get(query.view, [])
        return [r for r in rows if params is None or r.get("key") == params.get("sql_id")]


VSQL = [  # two child cursors of one statement, a second statement, a DDL-free SELECT with a literal
    {"key": "7h35uxf5uhmm1", "text": Lob("SELECT * FROM emp WHERE deptno = :B1"), "calls": 900, "elapsed_us": 450000,
     "rows_returned": 4500, "parsing_schema_name": "HR"},
    {"key": "7h35uxf5uhmm1", "text": Lob("SELECT * FROM emp WHERE deptno = :B1"), "calls": 100, "elapsed_us": 50000,
     "rows_returned": 500, "parsing_schema_name": "HR"},
    {"key": "0w2qpuc6u2zsp", "text": Lob("UPDATE emp SET sal = sal * 1.1 WHERE empno = :empno"), "calls": 10,
     "elapsed_us": 2000000, "rows_returned": 10, "parsing_schema_name": "HR"},
    {"key": "bgd4hr8wzq1ca", "text": Lob("SELECT COUNT(*) FROM v$sql"), "calls": 3, "elapsed_us": 30,
     "rows_returned": 3, "parsing_schema_name": "HR"},
]  # fmt: skip
BINDS = [
    {"key": "7h35uxf5uhmm1", "name": ":B1", "position": 1, "datatype_string": "NUMBER", "value_string": "20",
     "was_captured": "YES"},
    {"key": "0w2qpuc6u2zsp", "name": ":EMPNO", "position": 1, "datatype_string": "NUMBER", "value_string": None,
     "was_captured": "NO"},
]  # fmt: skip
QUERY_STORE = [
    {"key": 41, "text": "(@P1 int,@P2 nvarchar(10))SELECT o.id FROM dbo.orders AS o WHERE o.customer_id = @P1 "
     "AND o.status = @P2", "calls": 1200, "elapsed_us": 2.4e6, "rows_returned": 3600.0},
    {"key": 42, "text": "SET NOCOUNT ON", "calls": 5000, "elapsed_us": 10.0, "rows_returned": 0.0},
    {"key": 43, "text": "SELECT TOP (10) name FROM dbo.customers ORDER BY name", "calls": 4, "elapsed_us": 8000.0,
     "rows_returned": 40.0},
]  # fmt: skip
PLAN_CACHE = [  # one query_hash with two cached plans
    {"key": "0x1A2B3C4D5E6F7081", "text": "SELECT COUNT(*) FROM dbo.orders WHERE placed >= @since", "calls": 5,
     "elapsed_us": 700000, "rows_returned": 5},
    {"key": "0x1A2B3C4D5E6F7081", "text": "SELECT COUNT(*) FROM dbo.orders WHERE placed >= @since", "calls": 3,
     "elapsed_us": 500000, "rows_returned": 3},
]  # fmt: skip


def test_oracle_v_sql_children_are_summed_and_captured_binds_fill_params() -> None:
    queries = c.capture(Views({"V$SQL": VSQL, "V$SQL_BIND_CAPTURE": BINDS}), "oracle", 25)
    assert [q.name for q in queries] == ["vsql_0w2qpuc6u2zsp", "vsql_7h35uxf5uhmm1"]  # most total time first
    update, select = queries
    assert (select.sql, select.params, select.todo) == ("SELECT * FROM emp WHERE deptno = :B1", {"b1": 20}, "")
    assert select.note == "V$SQL 7h35uxf5uhmm1: 1,000 calls, 0.50 ms mean, 500.0 ms total, 5.0 rows per call"
    assert update.todo == "give values for :empno in -- params: (key without its :)"


def test_oracle_without_the_bind_view_grant_still_captures() -> None:
    queries = c.capture(Views({"V$SQL": VSQL}, fail=("V$SQL_BIND_CAPTURE",)), "oracle", 25)
    assert queries[1].params == {} and ":B1" in queries[1].todo


def test_sqlserver_query_store_when_on_strips_parameter_declarations() -> None:
    views = Views(
        {"sys.database_query_store_options": [{"actual_state_desc": "READ_WRITE"}], "Query Store": QUERY_STORE}
    )
    queries = c.capture(views, "sqlserver", 25)
    assert [q.name for q in queries] == ["qs_41", "qs_43"]  # SET NOCOUNT ON is not workload
    assert queries[0].sql == "SELECT o.id FROM dbo.orders AS o WHERE o.customer_id = @P1 AND o.status = @P2"
    assert queries[0].todo == "give values for @P1, @P2 in -- params: (key without its @)"
    assert "Query Store 41: 1,200 calls, 2.00 ms mean" in queries[0].note


def test_sqlserver_plan_cache_when_query_store_is_off() -> None:
    views = Views(
        {"sys.database_query_store_options": [{"actual_state_desc": "OFF"}], "sys.dm_exec_query_stats": PLAN_CACHE}
    )
    queries = c.capture(views, "sqlserver", 25)
    assert [q.name for q in queries] == ["qstats_0x1A2B3C4D5E6F7081"]
    assert "8 calls, 150.00 ms mean, 1,200.0 ms total" in queries[0].note


def test_a_missing_grant_is_one_error_with_the_grant_to_ask_for() -> None:
    with pytest.raises(ValidationError) as raised:
        c.capture(Views({}, fail=("V$SQL",)), "oracle", 25)
    assert raised.value.message.startswith("cannot read V$SQL: ORA-00942")
    assert "GRANT SELECT ON V_$SQL" in raised.value.hint


def test_a_captured_workload_reads_back_the_same(tmp_path: Path) -> None:
    queries = c.capture(Views({"V$SQL": VSQL, "V$SQL_BIND_CAPTURE": BINDS}), "oracle", 25)
    path = tmp_path / "w.sql"
    write_workload(queries, path)
    again = parse_workload(path.read_text(), str(path))
    assert [(q.name, q.sql, q.params, q.note, q.todo) for q in again] == [
        (q.name, q.sql, q.params, q.note, q.todo) for q in queries
    ]


SHOWPLAN = """<ShowPlanXML xmlns="http://schemas.microsoft.com/sqlserver/2004/07/showplan" Version="1.539">
<BatchSequence><Batch><Statements><StmtSimple StatementText="SELECT ..."><QueryPlan>
<RelOp NodeId="0" PhysicalOp="Nested Loops" LogicalOp="Inner Join" EstimateRows="12">
  <NestedLoops Optimized="0">
    <RelOp NodeId="1" PhysicalOp="Index Seek" LogicalOp="Index Seek" EstimateRows="12">
      <IndexScan><Object Database="[shop]" Schema="[dbo]" Table="[orders]" Index="[ix_customer]"/></IndexScan>
    </RelOp>
    <RelOp NodeId="2" PhysicalOp="Clustered Index Seek" LogicalOp="Clustered Index Seek" EstimateRows="1">
      <IndexScan><Object Database="[shop]" Schema="[dbo]" Table="[customers]" Index="[pk_customers]"/></IndexScan>
    </RelOp>
  </NestedLoops>
</RelOp></QueryPlan></StmtSimple></Statements></Batch></BatchSequence></ShowPlanXML>"""


def test_sqlserver_showplan_xml_reads_as_one_line_per_operator() -> None:
    assert s.showplan_text(SHOWPLAN).splitlines() == [
        "Nested Loops (est 12 rows)",
        "  Index Seek [dbo].[orders].[ix_customer] (est 12 rows)",
        "  Clustered Index Seek [dbo].[customers].[pk_customers] (est 1 rows)",
    ]
