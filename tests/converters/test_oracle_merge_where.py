"""MERGE with a WHERE in its UPDATE or INSERT branch (Oracle): only the rows whose condition is true are updated or
inserted, the others are left alone. PostgreSQL writes the condition on the branch (`WHEN MATCHED AND c`). Run on
the real PostgreSQL against the rows Oracle's documented semantics give."""

from __future__ import annotations

from converters.rewrite import convert_query

MERGE = """
MERGE INTO acc t USING src s ON (t.id = s.id)
WHEN MATCHED THEN UPDATE SET t.v = s.v WHERE s.v > 0
WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v) WHERE s.v > 1
"""


def test_branch_conditions_update_and_insert_only_their_rows(pg) -> None:  # type: ignore[no-untyped-def]
    converted = convert_query(MERGE, "oracle")
    assert not converted.findings, converted.findings
    pg.execute("CREATE TEMP TABLE acc (id int PRIMARY KEY, v int); CREATE TEMP TABLE src (id int, v int)")
    pg.execute("INSERT INTO acc VALUES (1, 10), (2, 20), (3, 30)")
    # 1: matched, v > 0 -> updated; 2: matched, v <= 0 -> left; 3: matched, NULL -> left (NULL is not true);
    # 4: new, v > 1 -> inserted; 5: new, v = 1 -> not inserted
    pg.execute("INSERT INTO src VALUES (1, 11), (2, -5), (3, NULL), (4, 40), (5, 1)")
    pg.execute(converted.sql)
    assert pg.rows("SELECT id, v FROM acc ORDER BY id") == [(1, 11), (2, 20), (3, 30), (4, 40)]


UPSERT = """
MERGE INTO stock s USING dual ON (s.id = 7)
WHEN MATCHED THEN UPDATE SET s.qty = s.qty + 5
WHEN NOT MATCHED THEN INSERT (id, qty) VALUES (7, 5)
"""


def test_merge_using_dual_is_the_one_row_upsert(pg) -> None:  # type: ignore[no-untyped-def]
    """Oracle: DUAL has one row, so the first run inserts (7, 5) and the second adds 5 to it."""
    converted = convert_query(UPSERT, "oracle")
    assert not converted.findings, converted.findings
    pg.execute("CREATE TEMP TABLE stock (id int PRIMARY KEY, qty int)")
    pg.execute(converted.sql)
    pg.execute(converted.sql)
    assert pg.rows("SELECT id, qty FROM stock") == [(7, 10)]
