"""capture-workload against a live pg_stat_statements, then the captured workload replayed.

pg_stat_statements needs shared_preload_libraries, i.e. a server restart; the machine's PostgreSQL does not load
it, so this test starts the embedded PostgreSQL (the wheel ships the extension) with the library preloaded.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from migrate.engines import connect, embedded
from migrate.engines.url import DatabaseUrl
from tests.conftest import url_text


@pytest.fixture(scope="module")
def stats_server() -> Iterator[DatabaseUrl]:
    # outside pytest's tmp_path: the server's system user must traverse the path (see tests/engines/test_embedded.py)
    data_dir = Path(tempfile.mkdtemp(prefix="am-pgss-")) / "pgdata"
    url = embedded.start(data_dir)
    with connect(url) as conn:
        conn.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
    embedded.stop(data_dir)
    url = embedded.start(data_dir)  # the restart the library needs
    try:
        yield url
    finally:
        embedded.stop(data_dir)


def _url(url: DatabaseUrl) -> str:
    return f"postgresql://postgres@/{url.database}?host={url.host}"


def test_capture_from_pg_stat_statements_then_replay(stats_server, cli, tmp_path):
    with connect(stats_server) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        conn.execute("DROP TABLE IF EXISTS items; CREATE TABLE items (id int PRIMARY KEY, label text)")
        conn.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 5000) g")
        conn.execute("SELECT pg_stat_statements_reset()")
        for i in range(1, 40):
            conn.rows(f"SELECT label FROM items WHERE id = {i}")
        conn.rows("SELECT count(*) FROM items WHERE label LIKE 'item 1%'")
        conn.execute("SET work_mem = '8MB'")  # a utility statement: not workload
    out = tmp_path / "captured.sql"
    result = cli("capture-workload", "--source", _url(stats_server), "--top", "10", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "take bind parameters: give their values on the -- params: line" in result.output
    text = out.read_text()
    blocks = {b.split("\n", 1)[0]: b for b in text.split("\n\n")}
    lookup = next(b for b in blocks.values() if "SELECT label FROM items WHERE id = $1" in b)
    assert "39 calls" in lookup and "-- todo: give values for $1 in -- params:" in lookup
    assert "work_mem" not in text and "pg_stat_statements_reset" not in text  # not the application's workload
    # the user fills in the value; the workload then replays (this server as both sides; --min-ms keeps a busy
    # machine's timing noise out of a test about binding and replay)
    out.write_text(text.replace("-- params: {}", '-- params: {"1": 7}'))
    replay = cli(
        "validate", "performance", "--source", _url(stats_server), "--target", _url(stats_server),
        "--workload", str(out), "--iterations", "3", "--min-ms", "50", "--out", str(tmp_path / "r"), "--format", "json",
    )  # fmt: skip
    queries = json.loads((tmp_path / "r" / "performance.json").read_text())["queries"]
    replayed = next(q for q in queries if "WHERE id = $1" in q["source_sql"])
    assert replayed["source_run_sql"] == "SELECT label FROM items WHERE id = 7", replay.output
    assert replayed["status"] == "ok" and replayed["target"]["rows"] == 1


def test_capture_without_the_extension_says_how_to_enable_it(cli, pg_url, tmp_path):
    result = cli(
        "capture-workload", "--source", url_text(pg_url),
        "--out", str(tmp_path / "w.sql"),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "error: cannot read pg_stat_statements" in result.output
    assert "shared_preload_libraries" in result.output
