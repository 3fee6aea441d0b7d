"""RAISE_APPLICATION_ERROR with a number outside -20999..-20000: Oracle raises ORA-21000 ("error number argument to
raise_application_error of <n> is out of range") instead; SQLCODE is -21000 (PL/SQL Packages and Types Reference,
RAISE_APPLICATION_ERROR; Error Messages, ORA-21000). On the real PostgreSQL."""

from __future__ import annotations

import pytest

from migrate.engines import connect
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE OR REPLACE FUNCTION hr.raised(p_code NUMBER) RETURN VARCHAR2 IS
BEGIN
    IF p_code IS NULL THEN
        RAISE_APPLICATION_ERROR(-2012, 'literal out of range');
    END IF;
    RAISE_APPLICATION_ERROR(p_code, 'computed');
EXCEPTION
    WHEN OTHERS THEN
        RETURN SQLCODE || ' ' || SQLERRM;
END;
/
"""


@pytest.fixture(scope="module")
def url(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    _result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("raise_range"), CODE)
    assert_clean(report, {"raised"})
    yield url
    _dropper.names.put(url.database)


@pytest.mark.parametrize(
    ("code", "oracle"),
    [
        ("NULL", "-21000 ORA-21000: error number argument to raise_application_error of -2012 is out of range"),
        ("-100", "-21000 ORA-21000: error number argument to raise_application_error of -100 is out of range"),
        ("-20001", "-20001 ORA-20001: computed"),
        ("-20999.4", "-20999 ORA-20999: computed"),  # a NUMBER rounds to PLS_INTEGER
    ],
)
def test_out_of_range_numbers_raise_ora_21000(url, code: str, oracle: str) -> None:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        assert conn.rows(f"SELECT hr.raised({code})")[0][0] == oracle
