"""assess and convert follow the same rules on export files: no SQL read -> exit 2 with the reason; a file that
reads as another dialect -> a warning naming it; symlinked folders are walked, once."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from assessments.files import script_files
from assessments.files.dialect import reads_as

TABLE = "CREATE TABLE t (id NUMBER PRIMARY KEY);\n"

# name -> (file bytes, the reason the output must give)
NO_SQL = {
    "nul": (b"CREATE TABLE a (x NUMBER);\x00\n", "not text"),
    "random": (random.Random(7).randbytes(4096), "not text"),
    "binary": (b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8, "not text"),
    "empty": (b"", "no SQL statement was read"),
    "comments": (b"-- nothing here\n/* nor here */\n", "no SQL statement was read"),
}


@pytest.mark.parametrize("command", ["assess", "convert"])
@pytest.mark.parametrize("case", sorted(NO_SQL))
def test_no_sql_read_exits_2_with_the_reason(tmp_path: Path, cli, command: str, case: str) -> None:
    data, reason = NO_SQL[case]
    (tmp_path / "x.sql").write_bytes(data)
    result = cli(command, "--dialect", "oracle", str(tmp_path / "x.sql"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert reason in result.output and "x.sql" in result.output


@pytest.mark.parametrize("command", ["assess", "convert"])
def test_one_unreadable_file_among_good_ones_still_exits_2(tmp_path: Path, cli, command: str) -> None:
    (tmp_path / "good.sql").write_text(TABLE)
    (tmp_path / "bad.sql").write_bytes(b"\x00\x01\x02binary")
    result = cli(command, "--dialect", "oracle", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "bad.sql" in result.output


@pytest.mark.parametrize("command", ["assess", "convert"])
def test_good_files_exit_0_without_warnings(tmp_path: Path, cli, command: str) -> None:
    (tmp_path / "good.sql").write_text(TABLE)
    result = cli(command, "--dialect", "oracle", str(tmp_path / "good.sql"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0 and "warning" not in result.output


TSQL = "CREATE TABLE [dbo].[T] ([ID] INT NOT NULL, [N] NVARCHAR(MAX), [D] DATETIME2 DEFAULT GETDATE());\nGO\n"
PG = "SET search_path = app;\nCREATE TABLE t (id bigserial, doc jsonb, at timestamptz DEFAULT now()::timestamptz);\n"
ORACLE = "CREATE TABLE t (id NUMBER(10), name VARCHAR2(30) DEFAULT NVL(USER, 'x'), at DATE DEFAULT SYSDATE);\n"


@pytest.mark.parametrize(
    ("text", "dialect", "reads"),
    [
        (TSQL, "oracle", "sqlserver"),
        (TSQL, "postgresql", "sqlserver"),
        (PG, "oracle", "postgresql"),
        (PG, "sqlserver", "postgresql"),
        (ORACLE, "sqlserver", "oracle"),
        (ORACLE, "postgresql", "oracle"),
        (TSQL, "sqlserver", None),
        (PG, "postgresql", None),
        (ORACLE, "oracle", None),
        ("SELECT 'VARCHAR2 NVL SYSDATE' FROM t -- NUMBER DUAL\n", "sqlserver", None),  # strings, comments: not code
    ],
)
def test_which_dialect_a_text_reads_as(text: str, dialect: str, reads: str | None) -> None:
    found = reads_as(text, dialect)
    assert (found[0] if found else None) == reads


@pytest.mark.parametrize("command", ["assess", "convert"])
def test_a_file_in_another_dialect_is_a_warning_naming_it(tmp_path: Path, cli, command: str) -> None:
    (tmp_path / "t.sql").write_text(TSQL)
    result = cli(command, "--dialect", "oracle", str(tmp_path / "t.sql"), "--out", str(tmp_path / "out"))
    assert "warning" in result.output and "reads as sqlserver SQL, not oracle" in result.output


def test_symlinked_folders_are_walked_once(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "export", tmp_path / "elsewhere"
    (root / "tables").mkdir(parents=True)
    elsewhere.mkdir()
    (root / "tables" / "a.sql").write_text(TABLE)
    (elsewhere / "b.sql").write_text(TABLE)
    os.symlink(elsewhere, root / "linked")  # a folder of the export that is a link
    os.symlink(root, root / "tables" / "loop")  # a loop back to the top
    os.symlink(elsewhere, root / "again")  # a second link to the same folder
    os.symlink(tmp_path / "gone.sql", root / "dangling.sql")  # a link whose target is gone
    found = [str(p.relative_to(root)) for p in script_files([root])]
    assert sorted(found) in (
        ["again/b.sql", "dangling.sql", "tables/a.sql"],
        ["dangling.sql", "linked/b.sql", "tables/a.sql"],
    )


def test_a_dangling_link_is_reported_not_skipped(tmp_path: Path, cli) -> None:
    (tmp_path / "a.sql").write_text(TABLE)
    os.symlink(tmp_path / "gone.sql", tmp_path / "b.sql")
    result = cli("convert", "--dialect", "oracle", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "b.sql" in result.output
