"""The validate command end to end: exit codes 0/1/2, reports, resume, bad input a clear line each."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from migrate.engines import connect
from tests.conftest import url_text


def _urls(two_databases):
    return [url_text(u) for u in two_databases]


def test_all_checks_match_exit_0_and_write_every_report(shared_databases, cli, tmp_path):
    source, target = _urls(shared_databases)
    result = cli(
        "validate",
        "all",
        "--source",
        source,
        "--target",
        target,
        "--out",
        str(tmp_path),
        "--format",
        "text,json,html,junit",
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "validation.json").read_text())
    assert (data["version"], data["exit_code"], data["summary"]["differ"]) == (1, 0, 0)
    assert "<html" in (tmp_path / "validation.html").read_text()
    suite = ET.parse(tmp_path / "validation.junit.xml").getroot()
    assert int(suite.get("tests")) == len(data["checks"]) and suite.get("failures") == "0"


def test_differences_exit_1_and_are_listed(two_databases, run_sql, cli):
    run_sql(two_databases[1], "UPDATE ints SET note = 'changed' WHERE id = 12")
    source, target = _urls(two_databases)
    result = cli("validate", "checksums", "--source", source, "--target", target, "--tables", "ints")
    assert result.exit_code == 1
    assert "different: id=12" in result.output and "note" in result.output


def test_the_default_fast_path_finds_a_sign_flip(two_databases, run_sql, cli):
    """numeric's hash opclass ignores the sign; the fast path hashes the canonical text, so it is found."""
    run_sql(two_databases[1], "UPDATE ints SET amount = -amount WHERE id = 12")
    source, target = _urls(two_databases)
    result = cli("validate", "checksums", "--source", source, "--target", target, "--tables", "ints")
    assert result.exit_code == 1, result.output
    assert "different: id=12  [amount: '12.000012' -> '-12.000012']" in result.output
    assert "fast path" in result.output


def test_bad_tables_each_get_a_line_and_the_others_still_run(two_databases, run_sql, cli):
    run_sql(two_databases[1], "DROP TABLE pairs; ALTER TABLE bigs ALTER COLUMN v TYPE date USING NULL")
    source, target = _urls(two_databases)
    result = cli("validate", "checksums", "--source", source, "--target", target, "--md5")
    assert result.exit_code == 2, result.output  # bigs could not be compared
    assert "public.pairs  missing in target" in result.output
    assert "incompatible column types: v is numeric in source but date in target" in result.output
    assert "ok        checksums  public.ints" in result.output


def test_a_filter_that_does_not_parse_exits_2_with_one_line(shared_databases, cli):
    source, target = _urls(shared_databases)
    result = cli("validate", "counts", "--source", source, "--target", target, "--where", "id = ((3")
    assert result.exit_code == 2
    assert "--where 'id = ((3' does not parse" in result.output


def test_unreachable_database_exits_2(shared_databases, cli):
    source, _ = _urls(shared_databases)
    result = cli("validate", "counts", "--source", source, "--target", "postgresql://nobody:secret@127.0.0.1:1/x")
    assert result.exit_code == 2
    assert "cannot connect to PostgreSQL at postgresql://nobody:***@127.0.0.1:1/x" in result.output
    assert "0 matched, 0 different, 1 could not run" in result.output
    assert "secret" not in result.output


def test_resume_skips_finished_tables(shared_databases, cli, tmp_path):
    source, target = _urls(shared_databases)
    args = ["validate", "checksums", "--source", source, "--target", target, "--out", str(tmp_path), "--format", "json"]
    assert cli(*args).exit_code == 0
    again = cli(*args, "--resume")
    assert again.exit_code == 0
    notes = [n for c in json.loads((tmp_path / "validation.json").read_text())["checks"] for n in c["notes"]]
    assert notes.count("from the checkpoint (--resume)") == 7


def test_resume_with_other_hashing_starts_afresh(shared_databases, cli, tmp_path):
    """A checkpoint holds checksums of one hashing: resumed with another (--md5 after the fast path), every
    table is checked again instead of comparing fast-path checksums with md5 ones."""
    source, target = _urls(shared_databases)
    args = ["validate", "checksums", "--source", source, "--target", target, "--out", str(tmp_path), "--format", "json"]
    assert cli(*args).exit_code == 0
    again = cli(*args, "--md5", "--resume")
    assert again.exit_code == 0, again.output
    checks = json.loads((tmp_path / "validation.json").read_text())["checks"]
    assert checks and not any("checkpoint" in note for c in checks for note in c["notes"])
    assert all("md5" in c["method"] for c in checks if c["check"] == "checksums")


def test_estimate_counts_are_labelled(shared_databases, cli):
    source, target = _urls(shared_databases)
    result = cli("validate", "counts", "--source", source, "--target", target, "--estimate", "--tables", "ints")
    assert result.exit_code == 0 and "estimate: ~3000 source rows" in result.output


def test_aggregates_group_by(two_databases, run_sql, cli):
    run_sql(two_databases[1], "UPDATE pairs SET v = 'zz' WHERE a = 4 AND b = 'b4'")
    source, target = _urls(two_databases)
    result = cli(
        "validate", "aggregates", "--source", source, "--target", target, "--tables", "pairs", "--group-by", "a"
    )
    assert result.exit_code == 1
    assert "aggregate differs: column=v, a=4" in result.output


def _active(admin, databases):
    return admin.rows(
        "SELECT datname, backend_type FROM pg_stat_activity WHERE datname = ANY(%s) AND state = 'active'"
        " AND pid <> pg_backend_pid()",
        [databases],
    )


def test_kill_9_leaves_no_query_running(two_databases, pg_server):
    """`validate` killed outright mid-query (SIGKILL: no cancel is sent): both servers end its queries, and their
    parallel workers, within seconds, where they would otherwise run on for minutes (a filter sleeping 0.05 s
    per row, 3,000 rows)."""
    source, target = _urls(two_databases)
    databases = [u.database for u in two_databases]
    command = [sys.executable, "-m", "migrate", "validate", "counts", "--source", source, "--target", target,
               "--tables", "ints", "--where", "pg_sleep(0.05) IS NOT NULL"]  # fmt: skip
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with connect(pg_server) as admin:
        deadline = time.monotonic() + 60
        while len({row[0] for row in _active(admin, databases)}) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len({row[0] for row in _active(admin, databases)}) == 2  # both sides are counting
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        killed = time.monotonic()
        while _active(admin, databases) and time.monotonic() - killed < 30:
            time.sleep(0.2)
        assert _active(admin, databases) == [] and time.monotonic() - killed < 10
