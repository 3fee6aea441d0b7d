"""A side's connection: read-only, and reopened when the link drops mid-run."""

from __future__ import annotations

import threading
import time

import pytest

from migrate.engines import connect
from migrate.errors import QueryError
from validators.normalize import PostgresNormaliser
from validators.side import Side, Stopped


def test_a_dropped_connection_is_reopened_and_the_query_retried(pg_url):
    side = Side("target", pg_url, PostgresNormaliser())
    pid = side.rows("SELECT pg_backend_pid()")[0][0]
    with connect(pg_url) as admin:
        admin.execute(f"SELECT pg_terminate_backend({pid})")
    assert side.rows("SELECT pg_backend_pid()")[0][0] != pid
    (retry,) = side.take_retries()  # told, so the report can say so
    assert retry.startswith("target: ") and retry.endswith(
        "the connection was reopened and the query run again (try 2 of 3)"
    )
    assert side.take_retries() == []
    side.close()


def test_an_orphaned_query_ends_when_the_client_is_gone(pg_url):
    """client_connection_check_interval is set for every validating session (PostgreSQL 14+), so a query whose
    client died is ended by the server within seconds rather than running to its end."""
    side = Side("source", pg_url, PostgresNormaliser())
    assert side.rows("SHOW client_connection_check_interval") == [("2s",)]
    side.close()


def test_sessions_are_read_only(pg_url):
    side = Side("source", pg_url, PostgresNormaliser())
    with pytest.raises(QueryError, match="read-only"):
        side.rows("CREATE TABLE nope (a int)")
    side.close()


def test_a_checks_settings_hold_across_a_reconnect(pg_url):
    """Checksums render floats at %.15g (extra_float_digits = 0); aggregates read the exact value. A dropped
    link mid-check must come back with the check's settings, or the canonical text would change."""
    side = Side("target", pg_url, PostgresNormaliser())
    third = "SELECT (1/3::float8)::text"
    assert side.rows(third) == [("0.3333333333333333",)]  # the server's default: the shortest exact form
    side.prepare("checksums")
    assert side.rows(third) == [("0.333333333333333",)]
    pid = side.rows("SELECT pg_backend_pid()")[0][0]
    with connect(pg_url) as admin:
        admin.execute(f"SELECT pg_terminate_backend({pid})")
    assert side.rows(third) == [("0.333333333333333",)]  # reconnected, settings replayed
    side.prepare("aggregates")
    assert side.rows(third) == [("0.3333333333333333",)]
    side.close()


def test_a_stop_cancels_the_running_query_and_no_other_starts(pg_url):
    """Ctrl-C: the query running on a side is cancelled on the server (not retried as a dropped link), and
    the side sends nothing after the stop."""
    stop = threading.Event()
    side = Side("source", pg_url, PostgresNormaliser(), stop)
    side.rows("SELECT 1")
    failed: list[BaseException] = []

    def sleep() -> None:
        try:
            side.rows("SELECT pg_sleep(60)")
        except BaseException as exc:
            failed.append(exc)

    runner = threading.Thread(target=sleep)
    started = time.monotonic()
    runner.start()
    time.sleep(0.5)
    stop.set()
    side.cancel()
    runner.join(30)
    assert not runner.is_alive() and time.monotonic() - started < 30  # not the 60 s of the query
    assert [type(e) for e in failed] == [Stopped]
    with pytest.raises(Stopped, match="the run was stopped"):
        side.rows("SELECT 1")
    side.close()


def test_cancel_on_an_idle_connection_does_nothing(pg_url):
    with connect(pg_url) as conn:
        conn.cancel()
        assert conn.scalar("SELECT 1") == 1
