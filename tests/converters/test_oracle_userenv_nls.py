"""SYS_CONTEXT('USERENV', <NLS parameter>) on the real PostgreSQL: the OE `products` view (a product's name in the
session's language, else its base name) reads the rows Oracle returns for an AMERICAN session, and for a GERMAN
one once the role or session sets the parameter (Oracle: ALTER SESSION SET NLS_LANGUAGE = GERMAN)."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters.rewrite import RewriteOptions, convert_query

SCRIPT = """
CREATE TABLE oe.product_information (product_id NUMBER(6) PRIMARY KEY, product_name VARCHAR2(50));
CREATE TABLE oe.product_descriptions (product_id NUMBER(6), language_id VARCHAR2(3), translated_name NVARCHAR2(50),
    CONSTRAINT pd_pk PRIMARY KEY (product_id, language_id));
CREATE OR REPLACE VIEW oe.products AS
SELECT i.product_id, d.language_id,
       CASE WHEN d.language_id IS NOT NULL THEN d.translated_name
            ELSE TRANSLATE(i.product_name USING NCHAR_CS) END AS product_name
FROM   oe.product_information i, oe.product_descriptions d
WHERE  d.product_id (+) = i.product_id
AND    d.language_id (+) = sys_context('USERENV','LANG');
CREATE VIEW oe.session_nls AS
SELECT SYS_CONTEXT('USERENV', 'LANGUAGE') AS language, SYS_CONTEXT('USERENV', 'NLS_TERRITORY') AS territory
FROM dual;
"""

ROWS = [
    "INSERT INTO oe.product_information VALUES (1797, 'Inkjet C/8/HQ'), (2459, 'LaserPro 1200/8/BW')",
    "INSERT INTO oe.product_descriptions VALUES (1797, 'US', 'Inkjet C/8/HQ (US)'), (1797, 'D', 'Tintenstrahl C/8/HQ')",
]


def test_products_view_follows_the_session_language(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "oe.sql").write_text(SCRIPT)
    out = tmp_path / "out"
    converted = cli("convert", "--dialect", "oracle", str(tmp_path / "oe.sql"), "--out", str(out))
    assert converted.exit_code == 0 and "0 flagged" in converted.output, converted.output
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0
    for row in ROWS:
        pg.execute(row)
    # AMERICAN: LANG is 'US'; a product with no US description keeps its base name and a NULL language
    assert pg.rows("SELECT product_id, language_id, product_name FROM oe.products ORDER BY 1") == [
        (1797, "US", "Inkjet C/8/HQ (US)"), (2459, None, "LaserPro 1200/8/BW"),
    ]  # fmt: skip
    assert pg.rows("SELECT language, territory FROM oe.session_nls") == [("AMERICAN_AMERICA.AL32UTF8", "AMERICA")]
    pg.execute("SET oracle_userenv.lang = 'D'")  # what ALTER ROLE app SET oracle_userenv.lang = 'D' gives a session
    assert pg.rows("SELECT product_id, language_id, product_name FROM oe.products ORDER BY 1") == [
        (1797, "D", "Tintenstrahl C/8/HQ"), (2459, None, "LaserPro 1200/8/BW"),
    ]  # fmt: skip


NLS = [
    ("LANG", RewriteOptions(), "coalesce(current_setting('oracle_userenv.lang', TRUE), 'US')"),
    ("LANG", RewriteOptions(nls_language="german"), "coalesce(current_setting('oracle_userenv.lang', TRUE), 'D')"),
    ("LANGUAGE", RewriteOptions(nls_language="French", nls_territory="France", nls_characterset="WE8MSWIN1252"),
     "coalesce(current_setting('oracle_userenv.language', TRUE), 'FRENCH_FRANCE.WE8MSWIN1252')"),
    ("NLS_DATE_FORMAT", RewriteOptions(nls_date_format="YYYY-MM-DD"),
     "coalesce(current_setting('oracle_userenv.nls_date_format', TRUE), 'YYYY-MM-DD')"),
]  # fmt: skip


@pytest.mark.parametrize(("parameter", "options", "postgres"), NLS, ids=[f"{c[0]}-{n}" for n, c in enumerate(NLS)])
def test_nls_parameters(parameter: str, options: RewriteOptions, postgres: str) -> None:
    rewritten = convert_query(f"SELECT SYS_CONTEXT('USERENV', '{parameter}') FROM dual", "oracle", options)
    assert (rewritten.sql, rewritten.findings) == (f"SELECT {postgres}", ())


def test_a_language_oracle_does_not_know_stays_flagged() -> None:
    rewritten = convert_query("SELECT SYS_CONTEXT('USERENV', 'LANG') FROM dual", "oracle",
                              RewriteOptions(nls_language="KLINGON"))  # fmt: skip
    assert [f.rule_id for f in rewritten.findings] == ["CONV-ORA-FUNC-001"]


def test_routines_get_the_same_settings() -> None:
    """The contract with the procedural converters: DdlContext.routine_options carries the run's NLS settings and
    column facts into the SQL inside routines, with the routine's DATE variables."""
    from converters.ddl_context import DdlContext
    from converters.names import Names
    from migrate.config import ConversionSettings

    ctx = DdlContext("oracle", ConversionSettings(nls_language="GERMAN"), 16, Names("oracle", {}))
    ctx.number_columns = (("price", "bounded"),)
    options = ctx.routine_options(frozenset({"v_day"}))
    assert (options.procedural, options.nls_language, options.number_columns) == (
        True,
        "GERMAN",
        (("price", "bounded"),),
    )
    assert "v_day" in options.date_columns
    rewritten = convert_query("SELECT SYS_CONTEXT('USERENV', 'LANG') || TO_CHAR(price) FROM t", "oracle", options)
    assert "'D'" in rewritten.sql and "trim_scale(price)" in rewritten.sql


SESSION_VIEW = """
CREATE VIEW app.whoami AS
SELECT SYS_CONTEXT('USERENV', 'IP_ADDRESS') AS ip, SYS_CONTEXT('USERENV', 'SESSIONID') AS audsid FROM dual;
CREATE VIEW app.machine AS SELECT SYS_CONTEXT('USERENV', 'HOST') AS host FROM dual;
"""


def test_session_identity_reads_oracles_values(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """Oracle: IP_ADDRESS is the client's address as text ('127.0.0.1', not inet's '127.0.0.1/32'), SESSIONID a
    number unique to the session for the database's life (not a pid, which a later session reuses); HOST is the
    client machine's *name*, which PostgreSQL does not know: a finding, not its address."""
    (tmp_path / "app.sql").write_text(SESSION_VIEW)
    out = tmp_path / "out"
    converted = cli("convert", "--dialect", "oracle", str(tmp_path / "app.sql"), "--out", str(out))
    assert "1 flagged" in converted.output, converted.output
    assert "SYS_CONTEXT('USERENV', 'HOST')" in (out / "objects" / "view" / "app.machine.sql").read_text()
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0
    client = pg.rows("SELECT host(inet_client_addr())")[0][0]
    ((ip, audsid),) = pg.rows("SELECT ip, audsid FROM app.whoami")
    assert ip == client and "/" not in (ip or "")
    assert audsid.isdigit() and audsid != str(pg.rows("SELECT pg_backend_pid()")[0][0])
    assert pg.rows("SELECT audsid FROM app.whoami") == [(audsid,)]  # the same all session long
