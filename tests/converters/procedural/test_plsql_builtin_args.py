"""A built-in package member called without arguments next to the defaulted-argument rule (DBMS_LOB.INSTR's
trailing nth = 1): converts, never an internal error (AM-PLSQL-029)."""

from __future__ import annotations

from migrate.model import ObjectStatus

CODE = """
CREATE OR REPLACE FUNCTION rnd RETURN NUMBER IS
BEGIN
    RETURN DBMS_RANDOM.VALUE + DBMS_LOB.INSTR('abc', 'b', 1, 1);
END;
/
"""


def test_a_built_in_called_without_arguments_converts(convert_plsql) -> None:
    objects = {o.name: o for o in convert_plsql(CODE).objects}
    assert objects["rnd"].status is not ObjectStatus.MANUAL, [f.message for f in objects["rnd"].findings]
    assert "random()" in objects["rnd"].sql and "AM-PLSQL-029" not in {f.rule_id for f in objects["rnd"].findings}
