"""Oracle schema fidelity on the real PostgreSQL: what the source says about views (comments on the view and its
columns) arrives on the target."""

from __future__ import annotations

from pathlib import Path

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
