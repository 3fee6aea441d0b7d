"""TO_DATE of a DATE re-reads its text (Oracle converts the DATE to text with NLS_DATE_FORMAT first), and a
format model read from a variable that holds YY is refused before the statement (Oracle's TO_DATE reads YY in the
current century, PostgreSQL to the year nearest 2020). On the real PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE OR REPLACE FUNCTION hr.reread(p DATE) RETURN DATE IS
BEGIN
    RETURN TO_DATE(p, 'DD-MON-YYYY');
END;
/
CREATE OR REPLACE FUNCTION hr.parse(p VARCHAR2, p_model VARCHAR2) RETURN DATE IS
BEGIN
    RETURN TO_DATE(p, p_model);
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    _result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("reread"), CODE)
    assert_clean(report, {"reread", "parse"})
    yield url
    _dropper.names.put(url.database)


def test_a_date_is_read_back_from_its_nls_text(url) -> None:  # type: ignore[no-untyped-def]
    """Oracle: TO_CHAR(p) is '15-MAR-24' (DD-MON-RR), read with DD-MON-YYYY: the year 24 (0024), the time gone."""
    with connect(url) as conn:
        assert conn.rows("SELECT hr.reread('2024-03-15 10:30:00')") == [(datetime(24, 3, 15),)]


def test_a_model_in_a_variable_with_yy_raises_for_reading(url) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows("SELECT hr.parse('01-JAN-1995', 'DD-MON-YYYY')") == [(datetime(1995, 1, 1),)]
        with pytest.raises(Exception, match="format model"):
            conn.rows("SELECT hr.parse('01-JAN-95', 'DD-MON-YY')")
