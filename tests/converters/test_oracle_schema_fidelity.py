"""Oracle schema fidelity on the real PostgreSQL: what the source says about views (comments on the view and its
columns) arrives on the target."""

from __future__ import annotations

import json
from pathlib import Path

from migrate.engines import connect

SCRIPT = """
CREATE TABLE hr.t (id NUMBER PRIMARY KEY, n VARCHAR2(10));
CREATE VIEW hr.v AS SELECT id, n FROM hr.t;
COMMENT ON TABLE hr.v IS 'the view';
COMMENT ON COLUMN hr.v.n IS 'it''s a name';
COMMENT ON COLUMN hr.t.n IS 'table column';
"""


def test_comments_on_a_view_and_its_columns_are_kept(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "v.sql").write_text(SCRIPT)
    out = tmp_path / "out"
    converted = cli("convert", "--dialect", "oracle", str(tmp_path / "v.sql"), "--out", str(out))
    assert converted.exit_code == 0 and "0 flagged" in converted.output
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0
    assert pg.scalar("SELECT obj_description('hr.v'::regclass, 'pg_class')") == "the view"
    assert pg.scalar("SELECT col_description('hr.v'::regclass, 2)") == "it's a name"
    assert pg.scalar("SELECT col_description('hr.t'::regclass, 2)") == "table column"


SYNONYMS = """
CREATE SEQUENCE hr.emp_seq;
CREATE TABLE hr.emp (id NUMBER PRIMARY KEY);
CREATE PUBLIC SYNONYM emp_seq FOR hr.emp_seq;
CREATE PUBLIC SYNONYM emp FOR hr.emp;
CREATE SYNONYM app.staff FOR hr.emp;
CREATE SYNONYM app.other_seq FOR hr.emp_seq;
"""


def test_synonyms_reach_their_targets_by_the_same_names(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """A synonym for a table is a view of it; one for a sequence (or routine) under its own name puts the target
    schema on the database's search_path (new sessions reach it unqualified); under another name it stays manual."""
    (tmp_path / "s.sql").write_text(SYNONYMS)
    out = tmp_path / "out"
    cli("convert", "--dialect", "oracle", str(tmp_path / "s.sql"), "--out", str(out))
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0  # idempotent: the schema is added once
    with connect(pg_url) as session:  # a new session sees the database's search_path
        assert "hr" in session.scalar("SHOW search_path").split(", ")
        assert session.scalar("SHOW search_path").count("hr") == 1
        assert session.scalar("SELECT nextval('emp_seq')") == 1
        session.execute("INSERT INTO hr.emp VALUES (7)")
        assert session.scalar("SELECT count(*) FROM app.staff") == 1 and session.scalar("SELECT id FROM emp") == 7
    objects = json.loads((out / "conversion.json").read_text())["data"]["objects"]
    status = {o["name"]: o["status"] for o in objects}
    assert status["other_seq"] == "manual"


UTC_DEFAULT = """
CREATE TABLE hr.stamped (id NUMBER PRIMARY KEY, at_utc TIMESTAMP DEFAULT SYS_EXTRACT_UTC(SYSTIMESTAMP) NOT NULL);
"""


def test_a_default_with_at_time_zone_deploys(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """SYS_EXTRACT_UTC(SYSTIMESTAMP) becomes `... AT TIME ZONE 'UTC'`, which PostgreSQL's DEFAULT takes only in
    parentheses (its column grammar is a restricted expression): the table used to fail at deploy."""
    (tmp_path / "t.sql").write_text(UTC_DEFAULT)
    out = tmp_path / "out"
    assert cli("convert", "--dialect", "oracle", str(tmp_path / "t.sql"), "--out", str(out)).exit_code == 0
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0
    pg.execute("INSERT INTO hr.stamped (id) VALUES (1)")
    gap = pg.scalar("SELECT abs(extract(epoch FROM at_utc - (now() AT TIME ZONE 'UTC'))) FROM hr.stamped")
    assert gap < 5


OWN_SCHEMA_SYNONYMS = """
ALTER SESSION SET CURRENT_SCHEMA = lib;
CREATE TABLE log_lines (id NUMBER PRIMARY KEY);
CREATE OR REPLACE PUBLIC SYNONYM log_lines FOR log_lines;
CREATE SYNONYM app.lines FOR log_lines;
"""


def test_an_unqualified_synonym_target_is_in_the_creators_schema(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """`CREATE PUBLIC SYNONYM log_lines FOR log_lines`, as install scripts write it: the target is the creating
    user's log_lines (Oracle assumes the object is in your own schema), not the synonym's schema: it was a view of
    itself that failed at deploy."""
    (tmp_path / "s.sql").write_text(OWN_SCHEMA_SYNONYMS)
    out = tmp_path / "out"
    cli("convert", "--dialect", "oracle", str(tmp_path / "s.sql"), "--out", str(out))
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0
    pg.execute("INSERT INTO lib.log_lines VALUES (3)")
    assert pg.scalar("SELECT id FROM public.log_lines") == 3
    assert pg.scalar("SELECT id FROM app.lines") == 3
