"""Case-insensitive source collations (converters/collation.py, converters/rewrites/collation.py): how each column
is converted under each `conversion.case_insensitive` mode, and, on the real PostgreSQL, that 'ABC' = 'abc' and a
UNIQUE key behave as SQL Server's default collation makes them behave."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.collation import column_collation, insensitive
from converters.convert import convert_inventory
from migrate.config import ConversionSettings
from migrate.errors import ConversionError, QueryError
from migrate.model import Column, ColumnType, ConversionResult, ObjectStatus, Table, TypeFamily

SCHEMA = """
CREATE TABLE dbo.users (id int NOT NULL PRIMARY KEY, name nvarchar(50) NOT NULL UNIQUE,
    code varchar(10) COLLATE Latin1_General_CS_AS NULL, tag varchar(10) COLLATE Latin1_General_100_CI_AI NULL);
GO
CREATE PROCEDURE dbo.count_named @name nvarchar(50), @n int OUTPUT
AS
BEGIN
    SELECT @n = COUNT(*) FROM dbo.users WHERE name = @name;
END
GO
CREATE PROCEDURE dbo.count_like @pattern nvarchar(50), @n int OUTPUT
AS
BEGIN
    SELECT @n = COUNT(*) FROM dbo.users WHERE name LIKE @pattern;
END
GO
CREATE PROCEDURE dbo.count_unlike @pattern nvarchar(50), @n int OUTPUT
AS
BEGIN
    SELECT @n = COUNT(*) FROM dbo.users WHERE name NOT LIKE @pattern;
END
GO
CREATE PROCEDURE dbo.is_next @method varchar(8), @n int OUTPUT
AS
BEGIN
    SET @n = 0;
    IF @method = 'next' SET @n = 1;
    IF @method LIKE 'pre%' SET @n = 2;
    IF UPPER(LEFT(@method, 4)) = 'last' SET @n = 3;
    SET @n = CASE @method WHEN 'mid' THEN 4 ELSE @n END;
END
GO
CREATE VIEW dbo.user_names AS SELECT DISTINCT name FROM dbo.users;
GO
CREATE VIEW dbo.user_hits AS SELECT id FROM dbo.users WHERE CHARINDEX('x', name) > 0;
GO
"""


def _convert(tmp_path: Path, mode: str) -> ConversionResult:
    script = tmp_path / "users.sql"
    script.write_text(SCHEMA, encoding="utf-8")
    return convert_inventory(scan_files([script], "sqlserver"), ConversionSettings(case_insensitive=mode), jobs=1)


def _object(result: ConversionResult, name: str):  # type: ignore[no-untyped-def]
    return next(o for o in result.objects if o.name == name)


def _column(collation: str | None = None) -> Column:
    return Column("name", ColumnType("nvarchar(50)", "nvarchar", TypeFamily.STRING), collation=collation)


TABLE = Table(schema="dbo", name="users", columns=(_column(),))


@pytest.mark.parametrize(
    ("collation", "database", "setting", "expected"),
    [
        (None, "", "", ("und-u-ks-level2", "ci_as")),  # SQL Server's default collation is case-insensitive
        (None, "Latin1_General_CS_AS", "", None),  # the database says: case-sensitive
        (None, "", "Latin1_General_BIN2", None),  # the setting says: binary
        ("SQL_Latin1_General_CP1_CI_AI", "", "", ("und-u-ks-level1", "ci_ai")),  # accents do not count either
        ("Latin1_General_100_CI_AS_KS_WS", "Latin1_General_CS_AS", "", ("und-u-ks-level2", "ci_as")),
        ("Latin1_General_CS_AI", "", "", ("und-u-ks-level1-kc-true", "cs_ai")),
        ("Latin1_General_BIN", "", "", None),
    ],
)
def test_a_columns_collation_decides(collation, database, setting, expected) -> None:  # type: ignore[no-untyped-def]
    column = _column(collation)
    settings = ConversionSettings(source_collation=setting)
    choice = insensitive(TABLE, column, "varchar(50)", database, settings, "sqlserver")
    assert (choice.locale, choice.collation) == expected if expected else choice is None
    assert column_collation(column, database, settings, "sqlserver") == (
        collation or database or setting or "SQL_Latin1_General_CP1_CI_AS"
    )


def test_numbers_and_oracle_defaults_are_exact() -> None:
    settings = ConversionSettings()
    assert insensitive(TABLE, _column(), "integer", "", settings, "sqlserver") is None
    assert insensitive(TABLE, _column(), "varchar(50)", "", settings, "oracle") is None
    path = Column("node", ColumnType("hierarchyid", "hierarchyid"))  # kept as its ToString() text: no collation
    assert insensitive(TABLE, path, "text", "", settings, "sqlserver") is None


def test_per_column_mode_and_a_bad_mode() -> None:
    settings = ConversionSettings(case_insensitive_columns={"DBO.USERS.NAME": "citext"})
    assert insensitive(TABLE, _column(), "varchar(50)", "", settings, "sqlserver").mode == "citext"  # type: ignore[union-attr]
    with pytest.raises(ConversionError, match="is not a mode"):
        insensitive(TABLE, _column(), "text", "", ConversionSettings(case_insensitive="lower"), "sqlserver")


def test_icu_columns_get_the_collation_and_like_becomes_ilike(tmp_path: Path) -> None:
    result = _convert(tmp_path, "icu")
    assert "CREATE COLLATION IF NOT EXISTS \"dbo\".ci_as (provider = icu, locale = 'und-u-ks-level2', " in (
        _object(result, "dbo").sql
    )
    table = _object(result, "users").sql
    assert 'name varchar(50) COLLATE "dbo".ci_as NOT NULL' in table
    assert "code varchar(10)," in table  # Latin1_General_CS_AS: exact already
    assert 'tag varchar(10) COLLATE "dbo".ci_ai' in table
    like = _object(result, "count_like")
    assert 'WHERE name COLLATE "und-x-icu" ILIKE p_pattern' in like.sql
    assert [f.rule_id for f in like.findings] == ["CONV-COLLATION-004"]  # a note: the unit stays converted
    assert "WHERE name = p_name" in _object(result, "count_named").sql
    hits = _object(result, "user_hits")
    assert hits.status is ObjectStatus.MANUAL and [f.rule_id for f in hits.findings] == ["CONV-COLLATION-003"]


def test_citext_columns_keep_their_length_and_variables_are_cast(tmp_path: Path) -> None:
    result = _convert(tmp_path, "citext")
    assert "CREATE EXTENSION IF NOT EXISTS citext SCHEMA public;" in _object(result, "dbo").sql
    assert "name citext NOT NULL CHECK (char_length(name) <= 50)" in _object(result, "users").sql
    assert "WHERE name = CAST(p_name AS citext)" in _object(result, "count_named").sql
    assert "WHERE name LIKE p_pattern" in _object(result, "count_like").sql  # citext's LIKE ignores case


def test_case_sensitive_makes_each_dependent_comparison_a_finding(tmp_path: Path) -> None:
    result = _convert(tmp_path, "case_sensitive")
    table = _object(result, "users")
    assert "name varchar(50) NOT NULL" in table.sql
    assert sorted({f.rule_id for f in table.findings}) == ["AM-DDL-036", "AM-DDL-037"]  # the UNIQUE key, columns
    for routine in ("count_named", "count_like", "is_next"):
        found = _object(result, routine)
        assert found.status is ObjectStatus.MANUAL
        assert {f.rule_id for f in found.findings} == {"CONV-COLLATION-001"}
    names = _object(result, "user_names")
    assert [f.rule_id for f in names.findings] == ["CONV-COLLATION-002"]  # DISTINCT name


def test_like_is_kept_from_postgresql_18(tmp_path: Path) -> None:
    script = tmp_path / "users.sql"
    script.write_text(SCHEMA, encoding="utf-8")
    result = convert_inventory(scan_files([script], "sqlserver"), target_version=18, jobs=1)
    assert "WHERE name LIKE p_pattern" in _object(result, "count_like").sql


# --- on the real PostgreSQL: SQL Server (default collation) gives 1 for 'ABC' = 'abc' and rejects 'abc' after 'ABC'


def _deploy(pg, result: ConversionResult) -> None:  # type: ignore[no-untyped-def]
    pg.execute("SET check_function_bodies = on")
    for obj in result.objects:
        if obj.status is not ObjectStatus.MANUAL and obj.deploy_phase == "schema":
            pg.execute(obj.sql)


def _count(pg, procedure: str, argument: str) -> int:  # type: ignore[no-untyped-def]
    return int(pg.scalar(f"CALL dbo.{procedure}(%s, NULL)", (argument,)))


@pytest.mark.parametrize("mode", ["icu", "citext"])
def test_converted_column_compares_as_sql_server(pg, need_extensions, tmp_path: Path, mode: str) -> None:  # type: ignore[no-untyped-def]
    if mode == "citext":
        need_extensions("citext")
    _deploy(pg, _convert(tmp_path, mode))
    pg.execute("INSERT INTO dbo.users (id, name, tag) VALUES (1, 'ABC', 'Élan')")
    assert _count(pg, "count_named", "abc") == 1  # SQL Server: 'ABC' = 'abc'
    assert _count(pg, "count_like", "ab%") == 1  # SQL Server: 'ABC' LIKE 'ab%'
    assert _count(pg, "count_named", "abd") == 0
    assert _count(pg, "count_unlike", "ab%") == 0  # NOT LIKE keeps its NOT (sqlglot: Like(negate=True))
    assert _count(pg, "count_unlike", "x%") == 1
    assert _count(pg, "is_next", "NEXT") == 1  # SQL Server: variables compare under the database's collation
    assert _count(pg, "is_next", "Previous") == 2
    assert _count(pg, "is_next", "last") == 3  # UPPER(...) = 'last': true under the case-insensitive collation
    assert _count(pg, "is_next", "other") == 0
    assert _count(pg, "is_next", "MID") == 4  # CASE @method WHEN 'mid': the same comparison
    assert pg.scalar("SELECT count(*) FROM dbo.user_names") == 1
    with pytest.raises(QueryError, match="duplicate key"):  # SQL Server: Violation of UNIQUE KEY constraint
        pg.execute("INSERT INTO dbo.users (id, name) VALUES (2, 'abc')")


def test_icu_accent_insensitive_column(pg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _deploy(pg, _convert(tmp_path, "icu"))
    pg.execute("INSERT INTO dbo.users (id, name, tag, code) VALUES (1, 'ABC', 'Élan', 'X1')")
    assert pg.scalar("SELECT count(*) FROM dbo.users WHERE tag = 'elan'") == 1  # _CI_AI: neither case nor accent
    assert pg.scalar("SELECT count(*) FROM dbo.users WHERE code = 'x1'") == 0  # _CS_AS: case counts


def test_case_sensitive_column_tells_case_apart(pg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = _convert(tmp_path, "case_sensitive")
    _deploy(pg, result)  # the routines that compare are manual: only the table and the views without findings
    pg.execute("INSERT INTO dbo.users (id, name) VALUES (1, 'ABC')")
    pg.execute("INSERT INTO dbo.users (id, name) VALUES (2, 'abc')")  # accepted: the AM-DDL-036 finding says so
    assert pg.scalar("SELECT count(*) FROM dbo.users WHERE name = 'abc'") == 1
    assert _object(result, "count_named").status is ObjectStatus.MANUAL


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("CREATE DATABASE shop COLLATE Latin1_General_CS_AS;\nGO\n", "name varchar(50) NOT NULL"),
        ("ALTER DATABASE shop COLLATE Latin1_General_BIN2;\nGO\n", "name varchar(50) NOT NULL"),
        ("CREATE DATABASE shop COLLATE SQL_Latin1_General_CP1_CI_AI;\nGO\n", 'name varchar(50) COLLATE "dbo".ci_ai'),
        ("CREATE DATABASE shop;\nGO\n", 'name varchar(50) COLLATE "dbo".ci_as'),  # SQL Server's default
    ],
)
def test_the_scripts_database_collation_is_the_default(tmp_path: Path, script: str, expected: str) -> None:
    path = tmp_path / "db.sql"
    path.write_text(script + "CREATE TABLE dbo.users (id int NOT NULL, name nvarchar(50) NOT NULL);\nGO\n")
    result = convert_inventory(scan_files([path], "sqlserver"), jobs=1)
    assert expected in _object(result, "users").sql
