"""Benchmark of `validate checksums` against the in-database md5 aggregate (issue 5's goals).

    .venv/bin/python bench/validate.py --rows 200000     # while developing
    .venv/bin/python bench/validate.py                   # 10,000,000 rows, the issue's anchor

Builds two databases on the PostgreSQL at --server: `am_bench_src` with an N-row, 7-column table and
`am_bench_tgt` as an exact copy (CREATE DATABASE ... TEMPLATE), then prints, in one run:
identical-table time on the cross-engine md5 path and on the same-engine fast path; the 15-difference
time (10 updated rows incl. NULLs and a +1 µs timestamp, 5 deleted) on both paths, with a check that
exactly those 15 keys were found; reladiff's time if it is installed; the in-database md5 aggregate
over both tables at once; and this process's peak memory. Each figure is the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from migrate.engines import connect, parse_url
from validators.run import ValidationOptions, validate

TABLE = """
CREATE TABLE t (id {key} PRIMARY KEY, name varchar(40), amount numeric(14,4), ratio float8,
                created timestamp, updated timestamptz, note text);
INSERT INTO t SELECT g::{key}, 'name ' || g, g * 1.2345, g / 7.0, timestamp '2020-01-01' + g * interval '1.000001 s',
       timestamptz '2020-01-01 00:00:00+00' + g * interval '1 minute',
       CASE WHEN g % 10 = 0 THEN NULL ELSE md5(g::text) END
FROM generate_series(1, {rows}) g;
"""


def differences(rows: int) -> tuple[str, set[str]]:
    """10 updates (2 to NULL, 1 from NULL, 1 µs, 6th decimal...) and 5 deletes, spread over the table."""
    ids = [rows * i // 16 + 3 for i in range(1, 16)]  # + 3: not a multiple of 10, where note is NULL
    updates = [
        f"UPDATE t SET name = NULL WHERE id = '{ids[0]}'",
        f"UPDATE t SET note = NULL WHERE id = '{ids[1]}'",
        f"UPDATE t SET note = 'was null' WHERE id = '{ids[2] - ids[2] % 10}'",
        f"UPDATE t SET created = created + interval '1 microsecond' WHERE id = '{ids[3]}'",
        f"UPDATE t SET updated = updated + interval '1 microsecond' WHERE id = '{ids[4]}'",
        f"UPDATE t SET amount = amount + 0.0001 WHERE id = '{ids[5]}'",
        f"UPDATE t SET ratio = ratio * 1.000000001 WHERE id = '{ids[6]}'",
        f"UPDATE t SET name = name || ' ' WHERE id = '{ids[7]}'",
        f"UPDATE t SET note = '' WHERE id = '{ids[8]}'",
        f"UPDATE t SET amount = NULL WHERE id = '{ids[9]}'",
    ]
    deletes = [f"DELETE FROM t WHERE id = '{i}'" for i in ids[10:]]
    keys = {str(i) for i in [*ids[:2], ids[2] - ids[2] % 10, *ids[3:]]}
    return ";".join([*updates, *deletes]), keys


def build(server: str, rows: int, key: str) -> tuple[str, str]:
    admin = parse_url(server)
    with connect(admin) as conn:
        for name in ("am_bench_tgt", "am_bench_src"):
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute("CREATE DATABASE am_bench_src")
    base = server.rsplit("/", 1)[0]
    with connect(f"{base}/am_bench_src") as conn:
        conn.execute(TABLE.format(rows=rows, key=key))
        conn.execute("VACUUM ANALYZE t")  # visibility map and statistics, as after a DMS load + analyze
    with connect(admin) as conn:
        conn.execute("CREATE DATABASE am_bench_tgt TEMPLATE am_bench_src")
    return f"{base}/am_bench_src", f"{base}/am_bench_tgt"


REPEAT = 2  # best of: the machine is shared, the minimum is the least disturbed run


def timed(source: str, target: str, fast: bool) -> tuple[float, set[str], int]:
    best = float("inf")
    for _ in range(REPEAT):
        started = time.monotonic()
        report = validate(parse_url(source), parse_url(target), ValidationOptions(checks=("checksums",), fast=fast))
        best = min(best, time.monotonic() - started)
    check = report.checks[0]
    return best, {next(iter(d["key"].values())) for d in check.differences}, report.exit_code


def md5_aggregate(source: str, target: str) -> float:
    return min(_md5_aggregate(source, target) for _ in range(REPEAT))


def _md5_aggregate(source: str, target: str) -> float:
    sql = "SELECT count(*), sum(('x' || substr(md5(t::text), 1, 14))::bit(56)::bigint) FROM t"

    def run(url: str) -> object:
        with connect(url) as conn:
            return conn.rows(sql)

    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(run, (source, target)))
    return time.monotonic() - started


COLUMNS = ("name", "amount", "ratio", "created", "updated", "note")


def reladiff(source: str, target: str) -> str:
    """reladiff on the same tables, every column compared (by default it compares only the key), in its
    correct --skip-sort-results mode (its default sort crashes on differences involving NULL)."""
    exe = shutil.which("reladiff") or shutil.which("reladiff", path=str(Path(sys.executable).parent))
    if not exe:
        return "not installed"
    columns = [arg for name in COLUMNS for arg in ("-c", name)]
    command = [exe, source, "t", target, "t", "-k", "id", *columns, "--skip-sort-results", "--json"]
    best, found, code = float("inf"), 0, 0
    for _ in range(REPEAT):
        started = time.monotonic()
        # a wide console: reladiff prints through rich, which would wrap the JSON lines
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "100000"}
        )
        best = min(best, time.monotonic() - started)
        found, code = (
            len({json.loads(line)[1][0] for line in done.stdout.splitlines() if line.strip()}),
            done.returncode,
        )
        if code:
            return f"failed (exit {code}): {done.stderr.strip().splitlines()[-1:]}"
    return f"{best:.2f} s, {found} differing keys"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--key",
        choices=("bigint", "varchar"),
        default="bigint",
        help="Key type: varchar exercises hashed-key segments.",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the two databases afterwards.")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="Runs per figure; the best is printed.")
    args = parser.parse_args()
    globals()["REPEAT"] = max(1, args.repeat)
    started = time.monotonic()
    source, target = build(args.server, args.rows, args.key)
    print(f"rows: {args.rows:,} x 7 columns, {args.key} key (built in {time.monotonic() - started:.1f} s)")
    baseline = md5_aggregate(source, target)
    print(f"in-database md5 aggregate, both tables at once: {baseline:.2f} s")
    same = {}
    for fast, label in ((False, "cross-engine md5 path"), (True, "same-engine fast path")):
        same[fast], found, code = timed(source, target, fast)
        print(
            f"identical, {label}: {same[fast]:.2f} s ({same[fast] / baseline:.2f}x md5 aggregate), exit {code}, {len(found)} differences"
        )
    print(f"reladiff (--skip-sort-results), identical: {reladiff(source, target)}")
    script, expected = differences(args.rows)
    with connect(target) as conn:
        conn.execute(script)
        conn.execute("VACUUM ANALYZE t")
    for fast, label in ((False, "cross-engine md5 path"), (True, "same-engine fast path")):
        elapsed, found, code = timed(source, target, fast)
        verdict = (
            "all 15 found exactly"
            if found == expected
            else f"WRONG: missed {expected - found}, extra {found - expected}"
        )
        print(
            f"15 differences, {label}: {elapsed:.2f} s ({elapsed / same[fast]:.2f}x identical), exit {code}, {verdict}"
        )
    print(f"reladiff (--skip-sort-results), 15 differences: {reladiff(source, target)}")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if not args.keep:
        with connect(parse_url(args.server)) as conn:
            for name in ("am_bench_tgt", "am_bench_src"):
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
