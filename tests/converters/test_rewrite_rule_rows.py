"""Every row of the query rewrites' rule table (converters/rewrites/rules*.py) has a test line that raises it:
the rows below raise the ones no other test names; a row nothing raises any more is listed as retired (its id
stays reserved, never reused with another meaning)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from converters.rewrite import convert_query
from converters.rewrites.rules import RULES

RETIRED = {"CONV-ORA-SYSDATE-001", "CONV-ORA-OUTERJOIN-002", "CONV-TSQL-PLUS-001", "CONV-TSQL-LEN-001", "CONV-DOC-004"}

RAISED = [
    ("CONV-DOC-001", "oracle", "SELECT a FROM t WHERE REGEXP_LIKE(a, b)"),
    ("CONV-DOC-002", "oracle", "SELECT LISTAGG(a, ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY a) FROM t"),
    ("CONV-DOC-003", "oracle", "SELECT TO_CHAR(a, '9.9EEEE') FROM t"),
    ("CONV-ORA-CHARSET-001", "oracle", "SELECT TRANSLATE(a USING CHAR_CS) FROM t"),
    ("CONV-ORA-CONNECTBY-002", "oracle", "SELECT * FROM t START WITH p IS NULL CONNECT BY PRIOR id = p"),
    ("CONV-ORA-FORMAT-002", "oracle", "SELECT TO_TIMESTAMP_TZ(a) FROM t"),
    ("CONV-ORA-FORMAT-003", "oracle", "SELECT TO_CHAR(a, b) FROM t"),
    ("CONV-ORA-TSTEXT-001", "oracle", "SELECT 'at ' || SYSTIMESTAMP FROM dual"),
    ("CONV-ORA-FLASHBACK-001", "oracle", "SELECT a FROM t AS OF TIMESTAMP SYSTIMESTAMP"),
    (
        "CONV-ORA-JOINMARK-001",
        "oracle",
        "SELECT t.a FROM t, u WHERE t.a(+) = u.a + (SELECT 1 FROM w WHERE w.x(+) = t.a)",
    ),
    ("CONV-TSQL-DATEPART-001", "sqlserver", "SELECT DATEDIFF(nanosecond, a, b) FROM t"),
]


@pytest.mark.parametrize(("rule", "dialect", "sql"), RAISED)
def test_the_row_is_raised(rule: str, dialect: str, sql: str) -> None:
    assert rule in {f.rule_id for f in convert_query(sql, dialect).findings}


def test_every_live_row_has_a_test_line() -> None:
    here = Path(__file__).resolve()
    text = "".join(p.read_text() for p in here.parents[1].rglob("test_*.py") if p.resolve() != here)
    untested = {r for r in RULES if r not in RETIRED and not re.search(rf"\b{r}\b", text)}
    assert untested <= {r for r, *_ in RAISED} | {"CONV-WARN-001"}  # raised only when sqlglot itself warns
    assert not RETIRED - set(RULES)
