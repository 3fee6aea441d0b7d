"""The workload format: markers, bind parameters as literals of the source dialect, and every bad input a
problem on its query (or its file) while the rest is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.errors import InputError
from validators.performance.runner import has_order_by, is_write
from validators.performance.workload import bind, read_workload

BINDS = [
    # (dialect, text, params, bound)
    ("oracle", "SELECT * FROM t WHERE a = :a AND b = :B", {"a": 1, "b": "x"}, "SELECT * FROM t WHERE a = 1 AND b = 'x'"),
    ("oracle", "SELECT ':a' FROM t WHERE a = :a -- :a", {"a": 2}, "SELECT ':a' FROM t WHERE a = 2 -- :a"),
    ("oracle", "SELECT * FROM t WHERE a = :1", {"1": 2.5}, "SELECT * FROM t WHERE a = 2.5"),
    ("oracle", "SELECT * FROM t WHERE n = :n", {"n": "O'Neil"}, "SELECT * FROM t WHERE n = 'O''Neil'"),
    ("oracle", "SELECT * FROM t WHERE n = :n", {"n": None}, "SELECT * FROM t WHERE n = NULL"),
    ("tsql", "SELECT * FROM t WHERE a = @P1 AND b = @name", {"p1": 1, "name": "y"}, "SELECT * FROM t WHERE a = 1 AND b = 'y'"),
    ("postgres", "SELECT * FROM t WHERE a = $1 AND b::int = $2", {"1": 5, "2": 6}, "SELECT * FROM t WHERE a = 5 AND b::int = 6"),
    ("postgres", "SELECT * FROM t WHERE flag = :f", {"f": True}, "SELECT * FROM t WHERE flag = TRUE"),
]  # fmt: skip


@pytest.mark.parametrize(("dialect", "text", "params", "bound"), BINDS)
def test_bind(dialect: str, text: str, params: dict, bound: str) -> None:
    assert bind(text, params, dialect) == bound


def test_a_parameter_without_a_value_is_named() -> None:
    with pytest.raises(ValueError, match=r"bind parameter\(s\) :b, :c have no value"):
        bind("SELECT * FROM t WHERE a = :a AND b = :b AND c = :c", {"a": 1}, "oracle")


WORKLOAD = """-- a comment before the first query is fine
-- name: first
-- params: {"id": 1}
-- note: the hot path
SELECT * FROM t WHERE id = :id;

-- name: second
SELECT 1
/

-- name: bad_json
-- params: {id: 1}
SELECT 1;

-- name: empty
-- name:
SELECT 2;
-- name: first
SELECT 3;
"""

PROBLEMS = [
    ("first", ""),
    ("second", ""),
    ("bad_json", "-- params: is not a JSON object of name: value"),
    ("empty", "no SQL after the -- name: line"),
    ("line_16", "-- name: is empty: give the query a name"),
    ("first#18", "the name first is already used at"),
]


def test_read_reports_each_bad_query_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "w.sql"
    path.write_text(WORKLOAD)
    workload = read_workload(path)
    assert [(q.name, q.problem[: len(p)]) for q, (_, p) in zip(workload.queries, PROBLEMS)] == PROBLEMS
    first = workload.queries[0]
    assert (first.sql, first.params, first.note, first.line) == (
        "SELECT * FROM t WHERE id = :id",
        {"id": 1},
        "the hot path",
        2,
    )
    assert workload.queries[1].sql == "SELECT 1"  # a SQL*Plus / ends it too


def test_a_folder_is_every_sql_file_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.sql").write_text("-- name: b\nSELECT 2;\n")
    (tmp_path / "a.sql").write_text("-- name: a\nSELECT 1;\n")
    (tmp_path / "c.sql").write_text("SELECT 3;\n")
    (tmp_path / "notes.txt").write_text("-- name: x\nSELECT 4;\n")
    workload = read_workload(tmp_path)
    assert [q.name for q in workload.queries] == ["a", "b"]
    assert workload.problems == (
        f"workload {tmp_path / 'c.sql'} holds no query: each starts with a `-- name: NAME` line",
    )


def test_a_missing_path_is_an_error() -> None:
    with pytest.raises(InputError, match="workload /no/such does not exist"):
        read_workload(Path("/no/such"))


def test_an_empty_folder_is_a_problem(tmp_path: Path) -> None:
    assert read_workload(tmp_path).problems == (f"workload folder {tmp_path} holds no .sql file",)


CLASSIFY = [
    # (dialect, text, writes, ordered)
    ("postgres", "SELECT * FROM t", False, False),
    ("postgres", "SELECT * FROM t ORDER BY a", False, True),
    ("postgres", "SELECT * FROM (SELECT * FROM t ORDER BY a) s", False, False),
    ("postgres", "SELECT a FROM t UNION SELECT b FROM u ORDER BY 1", False, True),
    ("postgres", "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", True, False),
    ("postgres", "SELECT * FROM t FOR UPDATE", True, False),
    ("oracle", "UPDATE t SET a = 1", True, False),
    ("oracle", "MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.a = s.a", True, False),
    ("tsql", "SELECT a INTO #tmp FROM t", True, False),
    ("postgres", "CREATE TABLE x (a int)", True, False),
]


@pytest.mark.parametrize(("dialect", "text", "writes", "ordered"), CLASSIFY)
def test_classify(dialect: str, text: str, writes: bool, ordered: bool) -> None:
    assert (is_write(text, dialect), has_order_by(text)) == (writes, ordered)
