"""validate performance end to end on two real PostgreSQL databases: a missing index is flagged with its cause,
identical setups flag nothing, other rows are a mismatch, and every kind of bad query is reported while the rest
of the workload runs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from migrate.engines import connect
from tests.conftest import url_text
from validators.performance.runner import Conversion, RunOptions, run_workload
from validators.performance.workload import read_workload

WORKLOAD = """
-- name: orders_of_customer
-- params: {"customer": 42}
-- note: the account page
SELECT id, amount FROM orders WHERE customer_id = :customer;

-- name: customer_by_id
-- params: {"id": 7}
SELECT id, name, email FROM customers WHERE id = :id;

-- name: regions
SELECT code, name FROM regions ORDER BY code;

-- name: orders_by_code
-- params: {"code": "17"}
SELECT id FROM orders WHERE code = :code;
"""


def _url(u: Any) -> str:
    return url_text(u)


def _run(cli, shop, workload: Path, out: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    source, target = shop
    result = cli(
        "validate", "performance", "--source", _url(source), "--target", _url(target), "--workload", str(workload),
        "--out", str(out), "--format", "json,junit,html", "--iterations", "7", "--warmup", "2", *extra,
    )  # fmt: skip
    data = json.loads((out / "performance.json").read_text())
    return result.exit_code, {q["name"]: q for q in data["queries"]} | {"": data}, result.output


def test_a_missing_index_is_flagged_with_the_seq_scan_cause(cli, altered, workload_file, tmp_path):
    text = (
        WORKLOAD.split("-- name: customer_by_id")[0]
        + "-- name: orders_by_code\nSELECT id FROM orders WHERE code = '17';"
    )
    code, queries, output = _run(cli, altered, workload_file(text), tmp_path)
    flagged = queries["orders_of_customer"]
    assert (code, flagged["status"]) == (1, "regression"), output
    cause = flagged["causes"][0]
    assert cause["rule_id"] == "PERF-SEQSCAN-001" and "source used index orders_customer" in cause["message"]
    assert "CREATE INDEX ON orders (customer_id)" in cause["suggestion"]
    # the plan shows it, not only the clock: an index on the source, a sequential scan of 200,000 rows on the target
    assert {n["node"] for n in flagged["source"]["plan"]["nodes"]} & {"Index Scan", "Bitmap Heap Scan"}
    assert [n["node"] for n in flagged["target"]["plan"]["nodes"]][-1] == "Seq Scan"
    assert queries["orders_by_code"]["status"] == "ok"
    assert "cause PERF-SEQSCAN-001: sequential scan of orders (200,000 rows read, 10 kept)" in output


def test_identical_setups_flag_nothing(cli, shop, workload_file, tmp_path):
    code, queries, output = _run(cli, shop, workload_file(WORKLOAD), tmp_path, "--iterations", "15")
    assert code == 0, output
    for name in ("orders_of_customer", "customer_by_id", "regions", "orders_by_code"):
        q = queries[name]
        assert (q["status"], q["causes"], q["source"]["result_hash"]) == ("ok", [], q["target"]["result_hash"])
        # same plans on both sides: the verdict rests on the plan as well as the clock
        shape = [[n["node"] for n in q[side]["plan"]["nodes"]] for side in ("source", "target")]
        assert shape[0] == shape[1]
    assert queries["regions"]["source"]["ordered"] and not queries["customer_by_id"]["source"]["ordered"]
    assert "0 slower, 0 different results, 0 could not run" in output


def test_other_rows_on_the_target_are_a_result_mismatch(cli, altered, workload_file, tmp_path):
    text = """
-- name: email_of
-- params: {"id": 7}
SELECT id, email FROM customers WHERE id = :id;

-- name: regions
SELECT code, name FROM regions ORDER BY code;
"""
    code, queries, _ = _run(cli, altered, workload_file(text), tmp_path)
    assert code == 1
    assert queries["email_of"]["status"] == "mismatch"
    assert "1 rows on each side, but their values differ" in queries["email_of"]["summary"]
    assert queries["email_of"]["differences"] == [
        "only in source: ('7', 'user7@example.org')",
        "only in target: ('7', 'changed@example.org')",
    ]
    assert queries["regions"]["summary"] == "different results: 3 rows on the source, 2 on the target"


def test_bad_queries_are_reported_and_the_rest_runs(cli, altered, workload_file, tmp_path):
    text = (
        WORKLOAD.replace("customer_id = :customer", "id = :customer")
        + """
-- name: slow
SELECT pg_sleep(3);

-- name: removes
DELETE FROM regions WHERE code = 'EU';

-- name: unbound
SELECT * FROM customers WHERE id = :who;

-- name: bad_params
-- params: [1, 2]
SELECT 1;
"""
    )
    code, queries, output = _run(cli, altered, workload_file(text), tmp_path, "--timeout", "0.3")
    assert code == 2
    assert queries["customer_by_id"]["status"] == "error"
    assert 'column "name" does not exist' in queries["customer_by_id"]["target"]["error"]
    assert queries["customer_by_id"]["source"]["rows"] == 1  # the source side still ran
    assert queries["slow"]["target"]["timed_out"] and "timed out after 0.3s on the target" in queries["slow"]["summary"]
    assert "pass --allow-writes" in queries["removes"]["summary"]
    assert "bind parameter(s) :who have no value" in queries["unbound"]["summary"]
    assert "-- params: is not a JSON object" in queries["bad_params"]["summary"]
    assert queries["orders_of_customer"]["status"] == "ok" and queries["orders_by_code"]["status"] == "ok"
    suite = ET.parse(tmp_path / "performance.junit.xml").getroot()
    assert (suite.get("tests"), suite.get("errors"), suite.get("failures")) == (
        "8",
        "5",
        "1",
    )  # regions: the altered target lost a row
    assert "Traceback" not in output


def test_writes_run_in_a_transaction_that_is_rolled_back(cli, shop, workload_file, tmp_path):
    text = "-- name: removes\nDELETE FROM regions WHERE code = 'EU';\n"
    # a write's time swings with checkpoints on this shared server: this test is about the rollback, not the clock
    code, queries, output = _run(cli, shop, workload_file(text), tmp_path, "--allow-writes", "--min-ms", "10000")
    assert code == 0, output
    assert queries["removes"]["source"]["rows"] == 0 and len(queries["removes"]["target"]["latencies_ms"]) == 7
    for url in shop:
        with connect(url) as conn:
            assert conn.scalar("SELECT count(*) FROM regions") == 3


def test_an_empty_workload_exits_2_with_one_line(cli, shop, workload_file, tmp_path):
    source, target = shop
    empty = workload_file("-- nothing here yet\n")
    result = cli(
        "validate", "performance", "--source", _url(source), "--target", _url(target), "--workload", str(empty)
    )
    assert result.exit_code == 2
    assert f"could not run: workload {empty} holds no query: each starts with a `-- name: NAME` line" in result.output
    missing = cli("validate", "performance", "--source", _url(source), "--target", _url(target), "--workload", "/nope")
    assert missing.exit_code == 2 and "error: workload /nope does not exist" in missing.output


def test_concurrency_spreads_the_runs_over_sessions(shop, workload_file):
    workload = read_workload(workload_file(WORKLOAD))
    options = RunOptions(iterations=9, warmup=1, concurrency=3, explain=False)
    report = run_workload(*shop, workload, lambda sql: Conversion(sql), options)
    assert report.count("error") == report.count("mismatch") == 0, [q.summary for q in report.queries]
    assert {len(q.target.latencies_ms) for q in report.queries} <= {9, 18}  # 18: a second round confirmed "slower"
    assert all(q.target.plan is None for q in report.queries)


def test_a_query_the_converter_cannot_convert_with_certainty_is_not_timed(shop, workload_file):
    workload = read_workload(workload_file(WORKLOAD))
    report = run_workload(
        *shop, workload, lambda sql: Conversion(sql, ("X-1: unsure",), blocking="X-1: unsure"), RunOptions(iterations=1)
    )
    assert {q.status for q in report.queries} == {"error"}
    assert report.queries[0].summary == "did not convert with certainty: X-1: unsure"
    assert report.queries[0].source.latencies_ms == []


def test_an_unreachable_side_is_one_problem(shop, workload_file):
    from migrate.engines import parse_url

    workload = read_workload(workload_file(WORKLOAD))
    report = run_workload(shop[0], parse_url("postgresql://x:secret@127.0.0.1:1/x"), workload, Conversion, RunOptions())
    assert report.exit_code == 2 and report.problems[0].startswith(
        "cannot connect to PostgreSQL at postgresql://x:***@"
    )


def test_the_cli_says_what_it_needs(cli, shop, workload_file):
    source, target = shop
    assert "validate performance" in cli("validate", "--help").output
    html = cli("validate", "performance", "--source", _url(source), "--target", _url(target),
               "--workload", str(workload_file(WORKLOAD)), "--format", "html")  # fmt: skip
    assert html.exit_code == 2 and "error: --format html/json/junit writes files: say where" in html.output
    oracle = cli("validate", "performance", "--source", _url(source), "--target", "oracle://u@h:1521/?service_name=X",
                 "--workload", str(workload_file(WORKLOAD)))  # fmt: skip
    assert oracle.exit_code == 2 and "error: the target must be PostgreSQL, not oracle" in oracle.output
