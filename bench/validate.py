"""Benchmark of `validate checksums` against the in-database md5 aggregate (issue 5's goals).

    .venv/bin/python bench/validate.py --rows 200000     # while developing
    .venv/bin/python bench/validate.py                   # 10,000,000 rows, the issue's anchor

Builds three databases on the PostgreSQL at --server: `am_bench_src` with an N-row, 7-column table,
`am_bench_tgt` as an exact copy and `am_bench_dif` as a copy with 16 differences (11 updated rows incl.
NULLs, a +1 µs timestamp and a numeric sign flip, 5 deleted), then prints, in one run: the in-database md5
aggregate over both tables at once; identical-table time on the cross-engine md5 path and on the
same-engine fast path; the 16-difference time on both paths, with a check that exactly those 16 keys were
found; reladiff's times if it is installed; and this process's peak memory.

The machine may be shared and its speed drifts over minutes, so each of --repeat rounds runs every
figure once, back to back: times are the best of the rounds, ratios the median of each round's own
ratio (ours / the md5 aggregate of the same round; the differences / identical of the same round).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
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
    """11 updates (2 to NULL, 1 from NULL, 1 µs, 6th decimal, a sign...) and 5 deletes, spread over the table."""
    ids = [rows * i // 17 + 3 for i in range(1, 17)]  # + 3: not a multiple of 10, where note is NULL
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
        # numeric's hash opclass ignores the sign: the fast path that summed hash_record_extended missed this one
        f"UPDATE t SET amount = -amount WHERE id = '{ids[10]}'",
    ]
    deletes = [f"DELETE FROM t WHERE id = '{i}'" for i in ids[11:]]
    keys = {str(i) for i in [*ids[:2], ids[2] - ids[2] % 10, *ids[3:]]}
    return ";".join([*updates, *deletes]), keys


DATABASES = ("am_bench_src", "am_bench_tgt", "am_bench_dif")


def build(server: str, rows: int, key: str) -> tuple[str, str, str]:
    """The source table, an exact copy, and a copy with the differences (CREATE DATABASE ... TEMPLATE)."""
    admin = parse_url(server)
    drop(server)
    with connect(admin) as conn:
        conn.execute("CREATE DATABASE am_bench_src")
    base = server.rsplit("/", 1)[0]
    with connect(f"{base}/am_bench_src") as conn:
        conn.execute(TABLE.format(rows=rows, key=key))
        conn.execute("VACUUM ANALYZE t")  # visibility map and statistics, as after a DMS load + analyze
    with connect(admin) as conn:
        conn.execute("CREATE DATABASE am_bench_tgt TEMPLATE am_bench_src")
        conn.execute("CREATE DATABASE am_bench_dif TEMPLATE am_bench_src")
    script, _ = differences(rows)
    with connect(f"{base}/am_bench_dif") as conn:
        conn.execute(script)
        conn.execute("VACUUM ANALYZE t")
    return f"{base}/am_bench_src", f"{base}/am_bench_tgt", f"{base}/am_bench_dif"


def drop(server: str) -> None:
    with connect(parse_url(server)) as conn:
        for name in DATABASES:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


REPEAT = 3  # rounds: the machine is shared, so every round runs every figure and ratios are taken per round


def ours(source: str, target: str, fast: bool) -> tuple[float, set[str], int]:
    started = time.monotonic()
    report = validate(parse_url(source), parse_url(target), ValidationOptions(checks=("checksums",), fast=fast))
    elapsed = time.monotonic() - started
    check = report.checks[0]
    return elapsed, {next(iter(d["key"].values())) for d in check.differences}, report.exit_code


def md5_aggregate(source: str, target: str) -> float:
    # the row hash exactly as the PostgreSQL normaliser computes it (its first 56 bits, summed), over the
    # server's own row text: what our canonical text, segments and bisection cost is measured against
    sql = "SELECT count(*), sum(('x' || md5(t::text))::bit(56)::bigint) FROM t"

    def run(url: str) -> object:
        with connect(url) as conn:
            return conn.rows(sql)

    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(run, (source, target)))
    return time.monotonic() - started


COLUMNS = ("name", "amount", "ratio", "created", "updated", "note")


def reladiff_exe() -> str | None:
    return shutil.which("reladiff") or shutil.which("reladiff", path=str(Path(sys.executable).parent))


def reladiff(exe: str, source: str, target: str) -> tuple[float, int, str]:
    """One reladiff run on the same tables, every column compared (by default it compares only the key),
    in its correct --skip-sort-results mode (its default sort crashes on differences involving NULL):
    its time, the number of differing keys it printed, and an error line if it failed."""
    columns = [arg for name in COLUMNS for arg in ("-c", name)]
    command = [exe, source, "t", target, "t", "-k", "id", *columns, "--skip-sort-results", "--json"]
    started = time.monotonic()
    # a wide console: reladiff prints through rich, which would wrap the JSON lines
    done = subprocess.run(command, capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "100000"})
    elapsed = time.monotonic() - started
    if done.returncode:
        return elapsed, 0, f"failed (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}"
    return elapsed, len({json.loads(line)[1][0] for line in done.stdout.splitlines() if line.strip()}), ""


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
    parser.add_argument("--keep", action="store_true", help="Keep the databases afterwards.")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="Rounds; each runs every figure once.")
    args = parser.parse_args()
    rounds = max(1, args.repeat)
    started = time.monotonic()
    source, target, changed = build(args.server, args.rows, args.key)
    _, expected = differences(args.rows)
    print(f"rows: {args.rows:,} x 7 columns, {args.key} key (built in {time.monotonic() - started:.1f} s)")
    paths = {False: "cross-engine md5 path", True: "same-engine fast path"}
    times: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {}
    verdicts: dict[str, str] = {}
    exe = reladiff_exe()
    for _ in range(rounds):
        baseline = md5_aggregate(source, target)
        times.setdefault("baseline", []).append(baseline)
        for fast in paths:
            same, found, code = ours(source, target, fast)
            if code or found:
                verdicts[f"same {fast}"] = f"WRONG: exit {code}, {len(found)} differences on identical tables"
            elapsed, found, code = ours(source, changed, fast)
            verdicts[f"diff {fast}"] = (
                f"exit {code}, all {len(expected)} found exactly"
                if found == expected and code == 1
                else f"WRONG: exit {code}, missed {expected - found}, extra {found - expected}"
            )
            times.setdefault(f"same {fast}", []).append(same)
            times.setdefault(f"diff {fast}", []).append(elapsed)
            ratios.setdefault(f"same {fast}", []).append(same / baseline)
            ratios.setdefault(f"diff {fast}", []).append(elapsed / same)
        if exe:
            for name, other in (("identical", target), ("differences", changed)):
                spent, found_keys, error = reladiff(exe, source, other)
                times.setdefault(f"reladiff {name}", []).append(spent)
                verdicts[f"reladiff {name}"] = error or f"{found_keys} differing keys"
            ratios.setdefault("reladiff", []).append(spent / times["diff False"][-1])
    print(f"{rounds} rounds; each figure is the best time, each ratio the median of the rounds' own ratios")
    print(f"in-database md5 aggregate, both tables at once: {min(times['baseline']):.2f} s")
    for fast, label in paths.items():
        verdict = verdicts.get(f"same {fast}", "exit 0, no differences")
        print(
            f"identical, {label}: {min(times[f'same {fast}']):.2f} s, "
            f"{statistics.median(ratios[f'same {fast}']):.2f}x the md5 aggregate "
            f"(rounds: {', '.join(f'{r:.2f}' for r in ratios[f'same {fast}'])}), {verdict}"
        )
    fast_share = [f / m for f, m in zip(times["same True"], times["same False"])]
    print(
        f"identical, the fast path takes {statistics.median(fast_share):.2f}x the md5 path's time "
        f"(rounds: {', '.join(f'{r:.2f}' for r in fast_share)})"
    )
    for fast, label in paths.items():
        print(
            f"{len(expected)} differences, {label}: {min(times[f'diff {fast}']):.2f} s, "
            f"{statistics.median(ratios[f'diff {fast}']):.2f}x identical, {verdicts[f'diff {fast}']}"
        )
    for name in ("identical", "differences"):
        figure = f"{min(times[f'reladiff {name}']):.2f} s, {verdicts[f'reladiff {name}']}" if exe else "not installed"
        print(f"reladiff (--skip-sort-results), {name}: {figure}")
    if exe:
        print(
            f"{len(expected)} differences: reladiff takes {statistics.median(ratios['reladiff']):.2f}x our cross-engine md5 path "
            f"(rounds: {', '.join(f'{r:.2f}' for r in ratios['reladiff'])})"
        )
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if not args.keep:
        drop(args.server)


if __name__ == "__main__":
    main()
