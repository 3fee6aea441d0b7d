"""Checksums on two real PostgreSQL databases: no false positives, every injected difference found exactly."""

from __future__ import annotations

import json
import signal
import threading
import time
from dataclasses import replace

import pytest

from migrate.engines import connect
from validators.report import to_text
from validators.run import ValidationOptions, validate

SMALL = {"segment_rows": 300, "leaf_rows": 40}  # small segments so bisection runs several levels

# (what is done to the target, table, kind, key, differing column or None)
INJECTED = [
    ("UPDATE ints SET label = 'changed' WHERE id = 7", "public.ints", "different", ("7",), "label"),
    ("INSERT INTO ints (id) VALUES (9001)", "public.ints", "missing_in_source", ("9001",), None),
    ("DELETE FROM ints WHERE id = 2500", "public.ints", "missing_in_target", ("2500",), None),
    ("UPDATE ints SET note = NULL WHERE id = 22", "public.ints", "different", ("22",), "note"),  # '' -> NULL
    ("UPDATE ints SET amount = amount + 0.000001 WHERE id = 31", "public.ints", "different", ("31",), "amount"),
    (
        "UPDATE ints SET seen = seen + interval '1 microsecond' WHERE id = 45",
        "public.ints",
        "different",
        ("45",),
        "seen",
    ),
    ("UPDATE ints SET at = at + interval '1 microsecond' WHERE id = 46", "public.ints", "different", ("46",), "at"),
    (
        "UPDATE ints SET label = label || ' ' WHERE id = 58",
        "public.ints",
        "different",
        ("58",),
        "label",
    ),  # varchar space
    ("UPDATE ints SET ratio = ratio * 1.000001 WHERE id = 59", "public.ints", "different", ("59",), "ratio"),
    ("UPDATE ints SET flag = NOT flag WHERE id = 60", "public.ints", "different", ("60",), "flag"),
    ("UPDATE ints SET blob = blob || '\\x00'::bytea WHERE id = 61", "public.ints", "different", ("61",), "blob"),
    ("UPDATE ints SET born = born + 1 WHERE id = 62", "public.ints", "different", ("62",), "born"),
    ("UPDATE bigs SET v = v + 1 WHERE id = 7000000000", "public.bigs", "different", ("7000000000",), "v"),
    ("UPDATE pairs SET v = 'x' WHERE a = 3 AND b = 'b53'", "public.pairs", "different", ("3", "b53"), "v"),
    ("UPDATE names SET v = -1 WHERE name = 'éclair'", "public.names", "different", ("éclair",), "v"),
    ("DELETE FROM names WHERE name = 'Apple'", "public.names", "missing_in_target", ("Apple",), None),
    (
        "UPDATE uuids SET v = 0 WHERE v = 10",
        "public.uuids",
        "different",
        ("d3d94468-02a4-4259-755d-38e6d163e820",),
        "v",
    ),
    ("INSERT INTO nokey VALUES (1, 'x1')", "public.nokey", "missing_in_source", None, None),
]
# changes that are not differences under the default policy: CHAR padding is not data
NOT_DIFFERENCES = ["UPDATE ints SET code = code || '  ' WHERE id = 70"]


def _found(report):
    found = set()
    for check in report.checks:
        for d in check.differences:
            key = tuple(d["key"].values()) if "row_hash" not in d["key"] else None
            columns = [c["column"] for c in d.get("columns", [])]
            found.add((check.table, d["kind"], key, columns[0] if len(columns) == 1 else None))
    return found


def _expected():
    return {(table, kind, key, column) for _, table, kind, key, column in INJECTED}


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "md5-cross-engine"])
def test_identical_tables_match_despite_collations(shared_databases, fast):
    report = validate(
        *shared_databases, ValidationOptions(checks=("counts", "checksums", "aggregates"), fast=fast, **SMALL)
    )
    assert report.exit_code == 0, [
        (c.table, c.check, c.differences, c.problems) for c in report.checks if c.status != "match"
    ]
    assert {c.table for c in report.checks} >= {"public.ints", "public.names", "public.uuids", "public.empty"}


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "md5-cross-engine"])
def test_every_injected_difference_is_found_exactly(two_databases, run_sql, fast):
    source, target = two_databases
    run_sql(target, ";".join([i[0] for i in INJECTED] + NOT_DIFFERENCES))
    report = validate(source, target, ValidationOptions(checks=("checksums",), fast=fast, **SMALL))
    assert _found(report) == _expected()
    assert report.exit_code == 1
    assert "md5" in report.checks[0].method if not fast else "fast path" in report.checks[0].method


def test_uuid_key_method_and_zero_row_table(shared_databases):
    report = validate(*shared_databases, ValidationOptions(checks=("checksums",), fast=False))
    by_table = {c.table: c for c in report.checks}
    assert "md5 buckets of the normalised key" in by_table["public.uuids"].method
    assert (by_table["public.empty"].status, by_table["public.empty"].source_rows) == ("match", 0)
    assert "multiset" in by_table["public.nokey"].method


def test_duplicate_key_on_target_without_primary_key(two_databases, run_sql):
    source, target = two_databases
    run_sql(target, "ALTER TABLE bigs DROP CONSTRAINT bigs_pkey; INSERT INTO bigs VALUES (3000000000, 3)")
    report = validate(source, target, ValidationOptions(checks=("checksums",), patterns=("bigs",)))
    kinds = {d["kind"] for d in report.checks[0].differences}
    assert kinds == {"duplicate_key_in_target"}


def test_where_filter_limits_the_rows_compared(two_databases, run_sql):
    source, target = two_databases
    run_sql(target, "UPDATE ints SET label = 'x' WHERE id = 2900")
    report = validate(source, target, ValidationOptions(checks=("checksums",), patterns=("ints",), where="id < 1000"))
    assert (report.exit_code, report.checks[0].source_rows) == (0, 999)


def test_keyless_table_shows_the_extra_row(two_databases, run_sql):
    source, target = two_databases
    run_sql(target, "INSERT INTO nokey VALUES (42, 'extra')")
    report = validate(source, target, ValidationOptions(checks=("checksums",), patterns=("nokey",), fast=False))
    (difference,) = report.checks[0].differences
    assert difference["kind"] == "missing_in_source"
    assert difference["columns"] == [{"column": "a", "target": "42"}, {"column": "b", "target": "extra"}]


def test_a_run_stopped_mid_bisection_resumes_from_its_last_finished_step(two_databases, run_sql, tmp_path):
    """A run stopped while bisecting keeps its finished steps under --out; --resume goes on from there. The
    proof that a step is reused and not redone: a change made to the target after the stop, inside a segment
    the stopped run had already hashed, is not seen by the resumed run (a fresh run sees it)."""
    source, target = two_databases
    run_sql(target, "UPDATE ints SET label = 'changed' WHERE id = 7")
    options = ValidationOptions(checks=("checksums",), patterns=("ints",), fast=False, out=tmp_path, **SMALL)

    def stop(table, state):
        if "level 2" in state:  # level 1 is hashed and kept: the run stops before fetching any row
            raise KeyboardInterrupt("stopped")

    with pytest.raises(KeyboardInterrupt):
        validate(source, target, options, on_table=stop)
    run_sql(target, "UPDATE ints SET label = 'changed too' WHERE id = 200")  # segment 0, another child
    resumed = validate(source, target, replace(options, resume=True))
    (check,) = resumed.checks
    assert _found(resumed) == {("public.ints", "different", ("7",), "label")}
    assert "top-level segment checksums reused from the checkpoint (--resume)" in check.notes
    assert "1 bisection step(s) reused from the checkpoint (--resume)" in check.notes
    fresh = validate(source, target, replace(options, out=None))
    assert {d["key"]["id"] for d in fresh.checks[0].differences} == {"7", "200"}
    assert resumed.exit_code == fresh.exit_code == 1


def test_ctrl_c_stops_the_run_at_once_and_resume_goes_on(two_databases, run_sql, tmp_path):
    """A real SIGINT while a table is being bisected: validate stops with KeyboardInterrupt instead of finishing
    the table (and the tables queued after it), and --resume then gives the full answer."""
    source, target = two_databases
    run_sql(target, "UPDATE ints SET label = 'changed' WHERE id = 7")
    options = ValidationOptions(checks=("checksums",), patterns=("ints", "names"), fast=False, threads=1,
                                out=tmp_path, **SMALL)  # fmt: skip
    states: list[tuple[str, str]] = []

    def interrupt(table, state):
        states.append((table, state))
        if "level 2" in state:
            # a real SIGINT, sent to the main thread (a process-directed one may be taken by this worker thread,
            # and then the main thread, blocked waiting for the tables, would not see it until they end)
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
            time.sleep(1)  # the signal lands in the main thread meanwhile; then the next query is refused

    # Ctrl-C raises KeyboardInterrupt as in a terminal, whatever this process inherited or an earlier test left
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            validate(source, target, options, on_table=interrupt)
    finally:
        signal.signal(signal.SIGINT, previous)
    stopped_at = states.index(next(s for s in states if "level 2" in s[1]))
    assert [s for s in states[stopped_at + 1 :] if s[1]] == []  # nothing else was started: not names, no leaf
    checkpoint = json.loads((tmp_path / "validate.checkpoint.json").read_text())
    assert checkpoint["done"] == {} and list(checkpoint["tops"]) == ["public.ints"]
    resumed = validate(source, target, replace(options, resume=True))
    assert _found(resumed) == {("public.ints", "different", ("7",), "label")}
    assert {c.table for c in resumed.checks} == {"public.ints", "public.names"}


def test_a_recovered_dropped_connection_is_told_on_its_table(two_databases, pg_server):
    """The target's connection is killed while `ints` is being hashed: the query is run again, the table still
    matches, and its result (and the text report) says a retry happened; the other table's does not."""
    source, target = two_databases
    killed: list[str] = []

    def kill(table, state):
        if table == "public.ints" and "hashing" in state and not killed:
            with connect(pg_server) as admin:
                killed.extend(str(r[0]) for r in admin.rows(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [target.database],
                ))  # fmt: skip

    options = ValidationOptions(checks=("counts", "checksums"), patterns=("ints", "bigs"), threads=1)
    report = validate(source, target, options, on_table=kill)
    assert killed and report.exit_code == 0
    retried = {(c.table, c.check): c.retries for c in report.checks}
    assert retried[("public.bigs", "checksums")] == retried[("public.ints", "counts")] == []
    (line,) = retried[("public.ints", "checksums")]
    assert line.startswith("target: ") and "the connection was reopened and the query run again (try 2 of 3)" in line
    assert f"retried: {line}" in to_text(report)
