"""Query rewrite throughput: Oracle and T-SQL views and queries through convert_query / convert_expression.

    .venv/bin/python bench/rewrite.py [STATEMENTS=2000]

Prints statements, lines, seconds, statements/s and lines/s for each source, and for expressions (defaults,
checks). The statement mix is the hard cases: (+) joins, CONNECT BY, ROWNUM, DECODE, format models, APPLY,
DATEDIFF, CONVERT styles. Each statement is made distinct (table names numbered) so nothing is cached.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converters.rewrite import convert_expression, convert_query

ORACLE = [
    """SELECT d.department_id, d.department_name,
       NVL(m.first_name || ' ' || m.last_name, '(vacant)') AS manager_name,
       DECODE(d.location_id, 1700, 'HQ', NULL, 'none', 'Field') AS site
  FROM hr.departments{n} d, hr.employees{n} m
 WHERE d.manager_id = m.employee_id (+)""",
    """SELECT employee_id, LEVEL AS depth, SYS_CONNECT_BY_PATH(last_name, '/') AS path
  FROM hr.employees{n}
 START WITH manager_id IS NULL
CONNECT BY NOCYCLE PRIOR employee_id = manager_id
 ORDER SIBLINGS BY last_name""",
    """SELECT * FROM (SELECT employee_id, salary FROM hr.employees{n} ORDER BY salary DESC) WHERE ROWNUM <= 10""",
    """SELECT TO_CHAR(hire_date, 'YYYY-MM-DD HH24:MI:SS'), TRUNC(SYSDATE, 'MM'), ADD_MONTHS(hire_date, 3),
       LISTAGG(last_name, ',') WITHIN GROUP (ORDER BY last_name), emp_seq{n}.NEXTVAL
  FROM hr.employees{n} GROUP BY hire_date""",
]
TSQL = [
    """SELECT TOP (20) p.ProductId, p.Name + N' (' + c.Name + N')' AS DisplayName, ISNULL(s.Name, N'-') AS Supplier,
       IIF(p.Discontinued = 1, 'retired', 'active') AS Lifecycle
  FROM dbo.Product{n} AS p WITH (NOLOCK)
  JOIN dbo.Category AS c ON c.CategoryId = p.CategoryId
  LEFT JOIN dbo.Supplier AS s ON s.SupplierId = p.SupplierId
 ORDER BY p.Name""",
    """SELECT p.ProductId, lm.MovedAt, DATEDIFF(day, lm.MovedAt, GETDATE()) AS Age,
       CONVERT(varchar(10), lm.MovedAt, 103) AS Shown
  FROM dbo.Product{n} AS p
 CROSS APPLY (SELECT TOP (1) m.MovedAt FROM ops.StockMovement AS m WHERE m.ProductId = p.ProductId
              ORDER BY m.MovedAt DESC) AS lm""",
]
EXPRESSIONS = [
    ("oracle", "SYSDATE"),
    ("oracle", "salary{n} > 0 AND status IN ('A', 'I')"),
    ("sqlserver", "(getdate())"),
    ("sqlserver", "([qty{n}]*[price])"),
]


def run(label: str, items: list[tuple[str, str]], convert) -> None:
    lines = sum(text.count("\n") + 1 for _, text in items)
    start = time.perf_counter()
    findings = sum(len(convert(text, source).findings) for source, text in items)
    seconds = time.perf_counter() - start
    print(
        f"{label:<12} {len(items):>7} statements {lines:>8} lines {seconds:>7.2f} s "
        f"{len(items) / seconds:>9.0f} statements/s {lines / seconds:>9.0f} lines/s ({findings} findings)"
    )


def main() -> None:
    sizes = [a for a in sys.argv[1:] if a.isdigit()]
    count = int(sizes[0]) if sizes else 2000
    tracemalloc.start() if "--memory" in sys.argv else None
    for label, source, texts in (("oracle", "oracle", ORACLE), ("sqlserver", "sqlserver", TSQL)):
        items = [(source, texts[i % len(texts)].format(n=i)) for i in range(count)]
        run(label, items, convert_query)
    items = [(src, text.format(n=i)) for i in range(count) for src, text in [EXPRESSIONS[i % len(EXPRESSIONS)]]]
    run("expressions", items, convert_expression)
    _, peak = tracemalloc.get_traced_memory()
    print(f"peak memory {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
