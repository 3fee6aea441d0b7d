"""Names, paths and source text from the user go into comments of the generated SQL files; none of it may run when
the files are applied with psql as their header says. Each generator is fed hostile names, its files are applied
to a real PostgreSQL holding a canary table, and the canary must survive."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.engines import connect
from migrate.sqltext.comments import block_comment, line_comment
from tests.conftest import libpq_args, need_part

DROP = "DROP TABLE public.canary; --"
# Each hostile way out of a comment, with why it is one.
HOSTILE = [
    f"N\n{DROP}",  # a newline ends a -- comment
    f"R\r{DROP}",  # so does a carriage return (PostgreSQL's lexer: non_newline is [^\n\r])
    f"L\u2028{DROP}",  # a line separator: editors and other clients break the line there
    f"X\x85{DROP}",  # NEL, the same
    f"V\x0b{DROP}",  # vertical tab, the same for str.splitlines
    "B*/DROP TABLE public.canary;/*",  # closes a block comment early, then reopens one
    "D$$;DROP TABLE public.canary;$$",  # a dollar quote
    "Q';DROP TABLE public.canary;--",  # a string quote
    "S\\! touch pwned",  # a psql meta-command
]
PWNED = "pwned"


@pytest.mark.parametrize(
    ("text", "line", "block"),
    [
        ("a\nb", "a\\nb", "a\nb"),
        ("a\rb", "a\\rb", "a\rb"),
        ("a\u2028b\x85c", "a\\u2028b\\u0085c", "a\\u2028b\\u0085c"),
        ("a\x00b\x1bc", "a\\u0000b\\u001bc", "a\\u0000b\\u001bc"),
        ("a\tb", "a b", "a\tb"),
        ("x*/y/*z", "x*/y/*z", "x* /y/ *z"),
        ("/**/", "/**/", "/ ** /"),
        ("*/*", "*/*", "* / *"),
        ("plain ÄÖ 名前", "plain ÄÖ 名前", "plain ÄÖ 名前"),
    ],
)
def test_comment_text_is_neutralised(text: str, line: str, block: str) -> None:
    assert (line_comment(text), block_comment(text)) == (line, block)


def _oracle_script() -> str:
    out = []
    for n, name in enumerate(HOSTILE):
        q = name.replace('"', '""')
        out += [
            f'CREATE TABLE "T{q}" (ID NUMBER, "C{q}" VARCHAR2(10), "G{q}" NUMBER GENERATED ALWAYS AS '
            f"(SYS_CONTEXT('CTX','X')) VIRTUAL, W{n} \"Y{q}\");",
            f'CREATE TABLE "U{q}" (ID NUMBER);',
            f'CREATE UNIQUE INDEX "I{q}" ON "U{q}" (ID);',
            f'ALTER TABLE "U{q}" ADD CONSTRAINT "K{q}" PRIMARY KEY (ID) USING INDEX "I{q}";',
            f"COMMENT ON TABLE \"U{q}\" IS '{name.replace(chr(39), chr(39) * 2)}';",
            f'CREATE VIEW "V{q}" AS SELECT 1 AS a FROM DUAL MODEL DIMENSION BY (1 x) MEASURES (1 y) RULES ();',
            f"CREATE OR REPLACE PROCEDURE \"P{q}\" AS BEGIN DBMS_PIPE.PACK_MESSAGE('{name.replace(chr(39), '')}'); "
            "END;\n/",
        ]
    return "\n".join(out) + "\n"


def _tsql_script() -> str:
    out = []
    for name in HOSTILE:
        q = name.replace("]", "]]")
        out += [f"CREATE TABLE [T{q}] (ID INT NOT NULL, [C{q}] NVARCHAR(10), W [Y{q}]);", "GO",
                f"CREATE VIEW [V{q}] AS SELECT 1 AS a FROM sys.objects FOR XML PATH;", "GO"]  # fmt: skip
    return "\n".join(out) + "\n"


def _psql(url, path: Path, cwd: Path, stop_on_error: bool) -> subprocess.CompletedProcess[str]:
    need_part("psql", shutil.which("psql") is not None)
    args = ["psql", "-X", "-q", "-v", f"ON_ERROR_STOP={int(stop_on_error)}", *libpq_args(url), "-f", str(path)]
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def _apply(make_database, out: Path, files: list[Path], stop_on_error: bool = True) -> None:
    """Apply `files` in turn to a fresh database with a canary table: the canary must survive each, no psql
    meta-command may run, and (stopping on the first error) each file must apply cleanly: a comment left open
    would swallow statements, a comment broken open would fail."""
    url = make_database()
    with connect(url) as conn:
        conn.execute("CREATE TABLE public.canary (id int)")
    for path in files:
        ran = _psql(url, path, out, stop_on_error)
        with connect(url) as conn:
            alive = conn.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'canary'")
        assert alive == 1, f"{path.name} dropped the canary: {ran.stderr}"
        assert not (out / PWNED).exists(), f"{path.name} ran a psql meta-command"
        assert ran.returncode == 0 or not stop_on_error, f"{path.name}: {ran.stderr}"


def _check_applies_and_canary_survives(out: Path, make_database) -> None:
    _apply(make_database, out, [out / "deploy.sql", out / "post_load.sql"])
    _apply(make_database, out, [out / "deploy.schema.plan.sql"])
    # each object file alone (no search_path, no order): errors are expected, so every statement is attempted
    _apply(make_database, out, sorted((out / "objects").rglob("*.sql")), stop_on_error=False)


@pytest.mark.parametrize(("dialect", "script"), [("oracle", _oracle_script), ("sqlserver", _tsql_script)])
def test_hostile_names_in_export_files_cannot_run_as_sql(tmp_path: Path, cli, make_database, dialect, script) -> None:
    source = tmp_path / f"src\n{DROP}.sql"  # the file name lands in every object's location
    source.write_text(script(), encoding="utf-8")
    out = tmp_path / "out"
    result = cli("convert", "--dialect", dialect, str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert cli("deploy", str(out), "--dry-run").exit_code == 0
    deploy = (out / "deploy.sql").read_text(encoding="utf-8")
    assert "manual" in deploy and "\\n" in deploy  # the hostile names reached the headers, escaped
    _check_applies_and_canary_survives(out, make_database)


def test_hostile_names_from_a_live_postgresql_source_cannot_run_as_sql(tmp_path: Path, cli, make_database) -> None:
    source = make_database()
    with connect(source) as conn:
        conn.execute("CREATE SCHEMA app")
        for name in HOSTILE:
            q = name.replace('"', '""')
            conn.execute(f'CREATE TABLE app."T{q}" (id int PRIMARY KEY, "C{q}" text)')
            conn.execute(f'CREATE UNIQUE INDEX "I{q}" ON app."T{q}" (id)')
            conn.execute(f'CREATE VIEW app."V{q}" AS SELECT id FROM app."T{q}"')
    assessed = cli("assess", "--source", str(source), "--schemas", "app", "--out", str(tmp_path / "a"))
    assert assessed.exit_code == 0, assessed.output
    out = tmp_path / "out"
    result = cli("convert", "--inventory", str(tmp_path / "a" / "inventory.json"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert cli("deploy", str(out), "--dry-run").exit_code == 0
    _check_applies_and_canary_survives(out, make_database)
