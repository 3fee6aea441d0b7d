"""PL/SQL conversion throughput: a generated package set through scan + convert (what `convert` does).

    .venv/bin/python bench/plsql.py [LINES]      (default 50000, the goal size; goal <= 20 s)

Each generated package has a spec (variables, a constant, a collection type, an exception) and a body of routines
using the common constructs (SELECT INTO, cursor loops, BULK COLLECT / FORALL, dynamic SQL, exception handlers,
RAISE_APPLICATION_ERROR, DBMS_OUTPUT, package state), every statement different so no cache flatters the figure.
Prints seconds, lines per second, how many routines converted, and ora2pg's time on the same file when it is
installed (`ora2pg -i FILE -t PACKAGE`).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assessments.scan import scan_files
from converters.convert import convert_inventory
from migrate.model import ObjectStatus

TABLE = "CREATE TABLE app.orders (id NUMBER(10) PRIMARY KEY, customer_id NUMBER(10), amount NUMBER(12,2), " \
        "status VARCHAR2(10), created DATE);\n"  # fmt: skip

SPEC = """CREATE OR REPLACE PACKAGE app.pkg{n} AS
    g_calls{n} NUMBER := 0;
    c_limit{n} CONSTANT NUMBER := {n};
    TYPE t_ids IS TABLE OF app.orders.id%TYPE;
    e_invalid EXCEPTION;
    PRAGMA EXCEPTION_INIT(e_invalid, -20{m:03d});
    FUNCTION total{n}(p_customer IN NUMBER) RETURN NUMBER;
    PROCEDURE close{n}(p_customer IN NUMBER, p_closed OUT NUMBER);
    PROCEDURE archive{n}(p_days IN NUMBER DEFAULT 30);
END pkg{n};
/
"""

BODY = """CREATE OR REPLACE PACKAGE BODY app.pkg{n} AS
    -- totals for customer lookups ({n})
    FUNCTION total{n}(p_customer IN NUMBER) RETURN NUMBER IS
        v_total NUMBER;
    BEGIN
        g_calls{n} := g_calls{n} + 1;
        SELECT NVL(SUM(amount), 0) INTO v_total
          FROM app.orders
         WHERE customer_id = p_customer AND status <> 'X{n}';
        IF v_total > c_limit{n} THEN
            DBMS_OUTPUT.PUT_LINE('large total ' || v_total || ' for ' || p_customer);
        ELSIF v_total = 0 THEN
            RAISE e_invalid;
        END IF;
        RETURN v_total;
    EXCEPTION
        WHEN NO_DATA_FOUND THEN
            RETURN 0;
    END total{n};

    PROCEDURE close{n}(p_customer IN NUMBER, p_closed OUT NUMBER) IS
        v_ids t_ids;
        CURSOR c_open (p_cust NUMBER) IS
            SELECT id, amount FROM app.orders WHERE customer_id = p_cust AND status = 'OPEN{n}';
    BEGIN
        p_closed := 0;
        FOR r IN c_open(p_customer) LOOP
            IF r.amount > {n} THEN
                p_closed := p_closed + 1;
            END IF;
        END LOOP;
        SELECT id BULK COLLECT INTO v_ids FROM app.orders WHERE customer_id = p_customer ORDER BY id;
        FORALL i IN 1 .. v_ids.COUNT
            UPDATE app.orders SET status = 'CLOSED' WHERE id = v_ids(i);
        IF SQL%ROWCOUNT = 0 THEN
            RAISE_APPLICATION_ERROR(-20{m:03d}, 'nothing to close for ' || p_customer);
        END IF;
    END close{n};

    PROCEDURE archive{n}(p_days IN NUMBER DEFAULT 30) IS
        v_count PLS_INTEGER := 0;
        v_sql   VARCHAR2(200);
    BEGIN
        v_sql := 'DELETE FROM app.orders WHERE created < SYSDATE - :d AND status = ''ARCH{n}''';
        EXECUTE IMMEDIATE v_sql USING p_days;
        v_count := SQL%ROWCOUNT;
        WHILE v_count > {n} LOOP
            v_count := v_count - 1;
        END LOOP;
        FOR k IN 1 .. LEAST(v_count, 10) LOOP
            INSERT INTO app.orders (id, customer_id, amount, status, created)
            VALUES (k + {n}, NULL, 0, 'LOG', SYSDATE);
        END LOOP;
        COMMIT;
    END archive{n};
END pkg{n};
/
"""


def generate(lines: int) -> str:
    parts, total, n = [TABLE], 1, 0
    while total < lines:
        n += 1
        unit = SPEC.format(n=n, m=n % 1000) + BODY.format(n=n, m=n % 1000)
        parts.append(unit)
        total += unit.count("\n")
    return "".join(parts)


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "packages.sql"
        path.write_text(generate(lines), encoding="utf-8")
        count = path.read_text(encoding="utf-8").count("\n")
        started, cpu = time.perf_counter(), time.process_time()
        inventory = scan_files([path], "oracle", lambda *a, **k: None)
        result = convert_inventory(inventory, jobs=1)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        code = [o for o in result.objects if o.kind in ("function", "procedure")]
        converted = sum(o.status is not ObjectStatus.MANUAL for o in code)
        # CPU seconds too: on a shared machine the wall clock measures the neighbours
        print(f"{count} lines of PL/SQL in {seconds:.1f} s ({cpu:.1f} s CPU): {count / seconds:,.0f} lines/s "
              f"({count / cpu:,.0f} per CPU second); {converted}/{len(code)} routines converted")  # fmt: skip
        ora2pg = shutil.which("ora2pg")
        if ora2pg is None:
            print("ora2pg is not installed: no comparison")
            return
        started, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        subprocess.run([ora2pg, "-i", str(path), "-t", "PACKAGE", "-b", tmp, "-o", "ora2pg.sql"],
                       capture_output=True, check=False)  # fmt: skip
        theirs = time.perf_counter() - started
        their_cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - children
        print(
            f"ora2pg -i (file mode): {theirs:.1f} s ({their_cpu:.1f} s CPU): {count / theirs:,.0f} lines/s; "
            f"ours is {theirs / seconds:.1f}x faster by the clock, {their_cpu / cpu:.1f}x per CPU second"
        )


if __name__ == "__main__":
    main()
