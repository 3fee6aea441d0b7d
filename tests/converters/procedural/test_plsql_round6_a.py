"""Round 6 (a): what the ceyhunkerti-pl, ora-sqldev-tools and plsql_utilities code bases showed, fixed in the general
case and checked on the real PostgreSQL against what Oracle returns:

- a package variable assigned with its own package's name in front (`pkg.g := v` inside pkg's body) no longer
  crashes the converter (internal error KeyError);
- a package variable of an object type: `g.member_procedure(...)` changes it, `g.member_function` and `g.attribute`
  read it, with or without the package name in front; the spec may come before the CREATE TYPE in the export.
"""

from __future__ import annotations

import pytest

from migrate.engines import connect
from migrate.model import DeployStatus, ObjectStatus
from tests.converters.procedural.conftest import deploy_oracle

CODE = """
CREATE OR REPLACE PACKAGE tally AS
    g counter_t;
    g_note VARCHAR2(30);
    PROCEDURE reset;
    FUNCTION step(k NUMBER) RETURN NUMBER;
END tally;
/
CREATE OR REPLACE TYPE counter_t AS OBJECT (
    n NUMBER,
    label VARCHAR2(30),
    MEMBER PROCEDURE bump(by_ NUMBER DEFAULT 1),
    MEMBER FUNCTION twice RETURN NUMBER
);
/
CREATE OR REPLACE TYPE BODY counter_t AS
    MEMBER PROCEDURE bump(by_ NUMBER DEFAULT 1) IS
    BEGIN
        self.n := self.n + by_;
    END;
    MEMBER FUNCTION twice RETURN NUMBER IS
    BEGIN
        RETURN n * 2;
    END;
END;
/
CREATE OR REPLACE PACKAGE BODY tally AS
    PROCEDURE reset IS
    BEGIN
        tally.g := counter_t(0, 'x');
        tally.g_note := 'reset';
    END reset;
    FUNCTION step(k NUMBER) RETURN NUMBER IS
    BEGIN
        tally.g.bump(k);
        g.bump;
        tally.g.label := 'y' || tally.g.n;
        RETURN tally.g.twice + g.n + LENGTH(g.label) + LENGTH(tally.g_note);
    END step;
END tally;
/
"""


@pytest.fixture(scope="module")
def target(pg_server, _dropper, tmp_path_factory):
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("round6_a"), CODE)
    yield result, report, url
    _dropper.names.put(url.database)


def test_a_package_variable_named_with_its_package_converts_and_deploys_clean(target) -> None:
    result, report, _ = target
    objects = {o.name: o for o in result.objects}
    assert objects["reset"].status is ObjectStatus.CONVERTED
    assert "PERFORM tally.set_g(" in objects["reset"].sql
    assert {o.name: o.status for o in report.outcomes if o.name in ("reset", "step")} == {
        "reset": DeployStatus.OK,
        "step": DeployStatus.OK,
    }


def test_member_procedures_and_attributes_of_a_package_object_variable(target) -> None:
    """Oracle: g = (0, 'x'); bump(3) -> 3; bump -> 4; label 'y4'; twice 8 + n 4 + LENGTH('y4') 2 + LENGTH('reset')
    5 = 19, and g keeps (4, 'y4') for the next call of the session."""
    _, _, url = target
    with connect(url) as conn:
        conn.execute("CALL tally.reset()")
        assert conn.rows("SELECT tally.step(3)") == [(19,)]
        assert conn.rows("SELECT (tally.g()).n, (tally.g()).label") == [(4, "y4")]
        assert conn.rows("SELECT tally.step(1)") == [(12 + 6 + 2 + 5,)]  # g (4, y4): bump(1) 5, bump 6, label y6
