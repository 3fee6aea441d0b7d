"""Assessment speed: rules + effort + report over a generated Oracle inventory.

    .venv/bin/python bench/assess.py [TABLES]     (default 1000; the goal size is 10000)

Generates TABLES tables of 20 columns, TABLES/10 PL/SQL procedures of ~120 lines (every construct
the rules look for, in comments and strings too), TABLES/5 views; prints seconds and rates for
analyze() (rule detection + scoring + profile) and write_reports(), and peak memory.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from assessments.analysis import analyze
from assessments.report import write_reports
from migrate.model import (
    Column,
    Index,
    IndexColumn,
    Inventory,
    Location,
    Routine,
    RoutineKind,
    Schema,
    SourceInfo,
    Table,
    View,
    parse_column_type,
)

TYPES = ["NUMBER(10)", "VARCHAR2(100 CHAR)", "DATE", "NUMBER(12,2)", "CLOB", "TIMESTAMP(6)", "VARCHAR2(30 BYTE)"]
BODY = """  v_count NUMBER := 0; -- EXECUTE IMMEDIATE in a comment is not code
  v_name VARCHAR2(100) := '';
BEGIN
  SELECT COUNT(*) INTO v_count FROM t{n} WHERE ROWNUM < 100 AND a = b(+);
  FOR r IN (SELECT id, name FROM t{n} CONNECT BY PRIOR id = parent_id) LOOP
    v_name := v_name || r.name || 'COMMIT is only a word in this string';
    DBMS_OUTPUT.PUT_LINE(DECODE(r.id, NULL, 'none', r.id));
  END LOOP;
  UPDATE t{n} SET updated = SYSDATE WHERE id = v_count;
  COMMIT;
EXCEPTION WHEN OTHERS THEN NULL;
"""


def generate(tables: int) -> Inventory:
    columns = tuple(Column(f"COL_{i}", parse_column_type(TYPES[i % len(TYPES)], "oracle")) for i in range(20))
    index = (Index("IX", (IndexColumn("UPPER(COL_1)", is_expression=True),)),)
    made = tuple(
        Table("APP", f"T{n}", columns=columns, indexes=index, location=Location("tables.sql", n * 25 + 1), size_bytes=n * 4096)
        for n in range(tables)
    )  # fmt: skip
    routines = tuple(
        Routine("APP", f"P{n}", RoutineKind.PROCEDURE, f"CREATE OR REPLACE PROCEDURE p{n} IS\n" + BODY.format(n=n) * 10 + "END;",
                "plsql", Location("code.sql", n * 125 + 1))
        for n in range(tables // 10)
    )  # fmt: skip
    views = tuple(
        View("APP", f"V{n}", f"SELECT id, LEVEL FROM t{n} START WITH parent_id IS NULL CONNECT BY PRIOR id = parent_id")
        for n in range(tables // 5)
    )
    return Inventory(SourceInfo("oracle", database="BENCH"), schemas=(Schema("APP", made, views, routines=routines),))


def main() -> None:
    tables = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    inventory = generate(tables)
    lines = sum(r.line_count for s in inventory.schemas for r in s.routines)
    started = time.perf_counter()
    assessment = analyze(inventory)
    analysed = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        paths = write_reports(inventory, assessment, Path(out))
        sizes = {k: p.stat().st_size for k, p in paths.items()}
    written = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inventory: {tables:,} tables x 20 columns, {len(inventory.schemas[0].routines):,} procedures ({lines:,} lines), "
          f"{len(inventory.schemas[0].views):,} views")  # fmt: skip
    print(
        f"analyze:   {analysed - started:6.2f} s  ({lines / (analysed - started):,.0f} PL/SQL lines/s, {len(assessment.findings):,} findings)"
    )
    print(
        f"reports:   {written - analysed:6.2f} s  (html {sizes['html'] / 1e6:.1f} MB, json {sizes['json'] / 1e6:.1f} MB, sarif {sizes['sarif'] / 1e6:.1f} MB)"
    )
    print(f"peak RSS:  {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
