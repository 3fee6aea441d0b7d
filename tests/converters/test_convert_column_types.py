"""Views see the inventory's column types: Oracle DATE arithmetic and T-SQL string `+` convert exactly,
and the result runs on PostgreSQL with Oracle's / SQL Server's answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory

CASES = [
    (
        "oracle",
        "CREATE TABLE hr.emp (id NUMBER(9) PRIMARY KEY, hired DATE);\n"
        "CREATE VIEW hr.emp_due AS SELECT id, hired + 30 AS due, TRUNC(hired) AS day FROM hr.emp;\n",
        "INSERT INTO hr.emp VALUES (1, '2024-01-31 15:45:10')",
        "SELECT due::text, day::text FROM hr.emp_due",
        ("2024-03-01 15:45:10", "2024-01-31 00:00:00"),
    ),
    (
        "sqlserver",
        "CREATE TABLE dbo.people (id INT PRIMARY KEY, first_name NVARCHAR(50), last_name NVARCHAR(50));\nGO\n"
        "CREATE VIEW dbo.full_names AS SELECT id, first_name + ' ' + last_name AS full_name FROM dbo.people;\nGO\n",
        "INSERT INTO dbo.people VALUES (1, 'Ada', 'Lovelace'), (2, 'Grace', NULL)",
        "SELECT coalesce(full_name, '<NULL>') FROM dbo.full_names ORDER BY id",
        ("Ada Lovelace", "<NULL>"),  # T-SQL: 'Grace' + ' ' + NULL is NULL
    ),
]


@pytest.mark.parametrize(("dialect", "ddl", "data", "query", "expected"), CASES, ids=[c[0] for c in CASES])
def test_view_converts_with_column_types_and_runs(pg, tmp_path: Path, dialect, ddl, data, query, expected) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "schema.sql"
    script.write_text(ddl, encoding="utf-8")
    result = convert_inventory(scan_files([script], dialect))
    view = next(o for o in result.objects if o.kind == "view")
    assert view.status.value == "converted", [f.message for f in view.findings]
    for kind in ("schema", "table", "view"):
        for obj in (o for o in result.objects if o.kind == kind):
            pg.execute(obj.sql)
    pg.execute(data)
    rows = pg.rows(query)
    assert tuple(v for row in rows for v in row) == expected
