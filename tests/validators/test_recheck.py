"""Recheck after a lag window: keys whose rows arrive during the window (rows in flight under CDC) are dropped;
keys that still differ stay. Real PostgreSQL on both sides."""

from __future__ import annotations

from migrate.engines import connect
from tests.conftest import url_text
from validators.recheck import recheck_report
from validators.run import ValidationOptions, validate


def copy_rows(source, target, where: str) -> None:
    """What CDC delivers while the recheck waits: the source's rows put on the target."""
    with connect(source) as src, connect(target) as tgt:
        tgt.execute(f"DELETE FROM ints WHERE {where}")
        for row in src.rows(f"SELECT * FROM ints WHERE {where}"):
            tgt.execute(f"INSERT INTO ints VALUES ({', '.join(['%s'] * len(row))})", row)


def test_rows_in_flight_settle_and_real_differences_stay(two_databases, run_sql):
    source, target = two_databases
    for sql in ("UPDATE ints SET note = 'in flight' WHERE id = 12", "DELETE FROM ints WHERE id = 40",
                "UPDATE pairs SET v = 'really different' WHERE a = 1 AND b = 'b1'"):  # fmt: skip
        run_sql(target, sql)
    options = ValidationOptions(checks=("checksums",), patterns=("ints", "pairs"))
    report = validate(source, target, options)
    assert {c.table: c.difference_count for c in report.checks} == {"public.ints": 2, "public.pairs": 1}
    waited: list[float] = []

    def lag_window(seconds: float) -> None:
        waited.append(seconds)
        copy_rows(source, target, "id IN (12, 40)")

    rechecks = recheck_report(report, source, target, options, 2.5, sleep=lag_window)
    assert waited == [2.5]
    assert [(r.table, r.settled, r.still_differ) for r in rechecks] == [("public.ints", 2, 0), ("public.pairs", 0, 1)]
    by_table = {c.table: c for c in report.checks}
    assert by_table["public.ints"].status == "match" and by_table["public.ints"].differences == []
    assert by_table["public.pairs"].status == "differ" and "1 still differ" in by_table["public.pairs"].notes[-1]
    assert report.exit_code == 1


def test_everything_settles_into_a_match(two_databases, run_sql):
    source, target = two_databases
    run_sql(target, "UPDATE uuids SET v = -1 WHERE v = 7")
    options = ValidationOptions(checks=("checksums",), patterns=("uuids",))
    report = validate(source, target, options)
    assert report.exit_code == 1
    recheck_report(
        report, source, target, options, 0, sleep=lambda _s: run_sql(target, "UPDATE uuids SET v = 7 WHERE v = -1")
    )
    assert report.exit_code == 0 and report.checks[0].status == "match"
    assert "1 settled" in report.checks[0].notes[-1]


def test_cli_recheck_after_reports_only_keys_that_still_differ(two_databases, run_sql, cli):
    run_sql(two_databases[1], "UPDATE ints SET note = 'changed' WHERE id = 12")
    source, target = (url_text(u) for u in two_databases)
    result = cli("validate", "checksums", "--source", source, "--target", target, "--tables", "ints",
                 "--recheck-after", "0.1")  # fmt: skip
    assert result.exit_code == 1
    assert "different: id=12" in result.output and "1 still differ" in result.output
