"""Assessment scanner speed and memory.

  .venv/bin/python bench/assess_scan.py [LINES] [TABLES]

1. Offline: writes an Oracle export of LINES lines (default 100,000: tables, constraints, indexes,
   views, packages, SQL*Plus noise), times `scan_files` on it. Goal: <= 10 s.
2. Live mapping: builds an Inventory from TABLES synthetic Oracle catalog tables (default 10,000,
   20 columns each = 200,000 column rows) through the real Oracle scan and row mapping, fed by a
   stand-in connection. Goal: <= 30 s and <= 1 GB peak memory.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from assessments.scan import scan_files, scan_live
from migrate.engines.url import parse_url

TYPES = ["NUMBER(10)", "VARCHAR2(100 CHAR)", "DATE", "NUMBER(12,2)", "TIMESTAMP(6)", "CLOB", "CHAR(1 BYTE)", "RAW(16)"]


def table_block(n: int) -> list[str]:
    lines = [f"PROMPT Creating table APP.T{n}", "", f"CREATE TABLE app.t{n} ("]
    lines += [f"    c{k} {TYPES[k % len(TYPES)]}{' NOT NULL' if k < 2 else ''}," for k in range(18)]
    lines += [f"    CONSTRAINT t{n}_pk PRIMARY KEY (c0)", ") TABLESPACE users;", ""]
    if n:
        lines.append(f"ALTER TABLE app.t{n} ADD CONSTRAINT t{n}_fk FOREIGN KEY (c1) REFERENCES app.t{n - 1} (c0);")
    lines += [
        f"CREATE INDEX app.t{n}_ix ON app.t{n} (c2, UPPER(c1));",
        f"COMMENT ON TABLE app.t{n} IS 'table {n}';",
        "",
    ]
    return lines


def code_block(n: int) -> list[str]:
    body = [f"CREATE OR REPLACE PACKAGE BODY app.pkg{n} AS", "  g_count NUMBER := 0;"]
    for p in range(4):
        body += [f"  PROCEDURE p{p}(a IN NUMBER) IS", "  BEGIN", f"    UPDATE app.t{n} SET c3 = a WHERE c0 = a;",
                 "    IF SQL%ROWCOUNT = 0 THEN", "      INSERT INTO app.t0 (c0, c1) VALUES (a, 'x;y');", "    END IF;",
                 "    COMMIT;", "  EXCEPTION WHEN OTHERS THEN NULL;", f"  END p{p};"]  # fmt: skip
    body += [f"END pkg{n};", "/", ""]
    view = [f"CREATE OR REPLACE VIEW app.v{n} AS", "SELECT c0, NVL(c1, 'none') AS c1, DECODE(c6, 'Y', 1, 0) AS flag",
            f"  FROM app.t{n} WHERE ROWNUM <= 100;", ""]  # fmt: skip
    return view + body


def export(lines_wanted: int) -> str:
    out = ["SET DEFINE OFF", "WHENEVER SQLERROR EXIT", "SPOOL install.log", ""]
    n = 0
    while len(out) < lines_wanted:
        out += table_block(n)
        if n % 5 == 4:
            out += code_block(n)
        n += 1
    return "\n".join(out[:lines_wanted]) + "\n"


def measure(what: str, run: Any) -> Any:
    tracemalloc.start()
    started = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{what}: {elapsed:.2f} s (python heap peak {peak / 2**20:.0f} MiB, tracemalloc on)")
    return result, elapsed


def offline(lines: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.sql"
        path.write_text(export(lines), encoding="utf-8")
        size = path.stat().st_size
        started, cpu = time.perf_counter(), time.process_time()
        inv = scan_files([path], "oracle")
        plain, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"offline scan: {lines:,} lines, {size / 2**20:.1f} MiB -> {len(inv.tables()):,} tables, "
              f"{len(inv.statements):,} statements in {plain:.2f} s wall, {cpu:.2f} s CPU "
              f"({lines / plain:,.0f} lines/s); goal <= 10 s")  # fmt: skip


class SyntheticDictionary:
    """Answers the Oracle scanner's catalog queries with TABLES synthetic tables of 20 columns."""

    engine = "oracle"

    def __init__(self, tables: int) -> None:
        self.url = parse_url("oracle://bench@db:1521/ORCL")
        self.tables = tables

    def rollback(self) -> None:
        pass

    def dicts(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        view = sql.split("FROM", 1)[1].split()[0].lower() if "FROM" in sql else ""
        make = getattr(self, view.replace("dba_", "rows_"), None)
        return list(make()) if make else []

    def rows_users(self) -> list[dict[str, Any]]:
        return [{"username": "APP"}]

    def rows_tables(self) -> Any:
        return (
            {"owner": "APP", "table_name": f"T{n}", "iot_type": None, "temporary": "N", "duration": None,
             "partitioned": "NO", "num_rows": n * 10, "avg_row_len": 80, "blocks": n, "comments": None, "n": 1}
            for n in range(self.tables)
        )  # fmt: skip

    def rows_tab_cols(self) -> Any:
        for n in range(self.tables):
            for k in range(20):
                yield {
                    "owner": "APP", "table_name": f"T{n}", "column_name": f"C{k}", "column_id": k + 1,
                    "data_type": ("NUMBER", "VARCHAR2", "DATE", "TIMESTAMP(6)")[k % 4], "data_type_owner": None,
                    "data_length": 22, "data_precision": 10 if k % 4 == 0 else None, "data_scale": 0,
                    "char_length": 50, "char_used": "C", "nullable": "N" if k == 0 else "Y",
                    "data_default": "SYSDATE" if k % 4 == 2 else None, "virtual_column": "NO",
                    "identity_column": "NO", "avg_col_len": 8, "comments": None, "generation_type": None,
                    "identity_options": None,
                }  # fmt: skip

    def rows_constraints(self) -> Any:
        for n in range(self.tables):
            yield {"owner": "APP", "constraint_name": f"T{n}_PK", "constraint_type": "P", "table_name": f"T{n}",
                   "search_condition": None, "r_owner": None, "r_table_name": None, "r_constraint_name": None,
                   "delete_rule": None, "status": "ENABLED", "deferrable": "NOT DEFERRABLE", "deferred": "IMMEDIATE",
                   "validated": "VALIDATED", "generated": "USER NAME"}  # fmt: skip

    def rows_cons_columns(self) -> Any:
        return (
            {"owner": "APP", "constraint_name": f"T{n}_PK", "table_name": f"T{n}", "column_name": "C0", "position": 1}
            for n in range(self.tables)
        )


def live(tables: int) -> None:
    conn = SyntheticDictionary(tables)
    started, cpu = time.perf_counter(), time.process_time()
    inv = scan_live(conn, ["APP"])
    plain, cpu = time.perf_counter() - started, time.process_time() - cpu
    columns = sum(len(t.columns) for t in inv.tables())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"live mapping: {len(inv.tables()):,} tables, {columns:,} columns in {plain:.2f} s wall, {cpu:.2f} s CPU; "
          f"process peak RSS {rss:.0f} MiB; goals <= 30 s, <= 1024 MiB")  # fmt: skip
    measure("live mapping again", lambda: scan_live(SyntheticDictionary(tables), ["APP"]))


if __name__ == "__main__":
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    tables = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    offline(lines)
    live(tables)
