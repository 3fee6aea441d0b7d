"""SQL Server schema fidelity on the real PostgreSQL: every spelling of a type SQL Server accepts maps, alias types
(CREATE TYPE ... FROM and sp_addtype) resolve, typed XML is xml, and ROWVERSION behaves as SQL Server's does."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.model import parse_column_type
from tests.converters.conftest import convert_and_deploy

SCRIPT = """
CREATE TYPE [dbo].[Name] FROM [nvarchar](50) NULL
GO
EXEC sp_addtype N'Phone', N'varchar(25)', N'NULL'
GO
CREATE TABLE [dbo].[Person](
  [ID] [int] IDENTITY(1,1) NOT NULL,
  [FirstName] [dbo].[Name] NOT NULL,
  [Phone] [Phone] NULL,
  [Amount] dec(10,2) NULL,
  [N2] national character varying(30) NULL,
  [N3] national char(5) NULL,
  [C] char varying(3) NULL,
  [B] binary varying(4) NULL,
  [Doc] xml(CONTENT dbo.MySchemaCollection) NULL,
  [Ver] rowversion NOT NULL,
  CONSTRAINT [PK_Person] PRIMARY KEY CLUSTERED ([ID] ASC)
)
GO
CREATE TABLE dbo.Audit (id int PRIMARY KEY, note varchar(10), [ts] timestamp)
GO
"""

COLUMNS = {  # column -> the PostgreSQL type it must have
    "firstname": "character varying(50)",
    "phone": "character varying(25)",
    "amount": "numeric(10,2)",
    "n2": "character varying(30)",
    "n3": "character(5)",
    "c": "character varying(3)",
    "b": "bytea",
    "doc": "xml",
    "ver": "bytea",
}


@pytest.fixture
def deployed(cli, tmp_path: Path, pg_url, pg):  # type: ignore[no-untyped-def]
    out = convert_and_deploy(cli, tmp_path, SCRIPT, "sqlserver", pg_url)
    return out


def test_every_type_spelling_and_alias_type_maps(deployed, pg) -> None:  # type: ignore[no-untyped-def]
    rows = pg.rows(
        "SELECT column_name, format_type(atttypid, atttypmod) FROM information_schema.columns c "
        "JOIN pg_attribute a ON a.attrelid = 'dbo.person'::regclass AND a.attname = c.column_name "
        "WHERE table_schema = 'dbo' AND table_name = 'person'"
    )
    types = dict(rows)
    assert {k: types[k] for k in COLUMNS} == COLUMNS


def test_rowversion_is_set_on_insert_and_changes_on_every_update(deployed, cli, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    pg.execute("INSERT INTO dbo.person (firstname) VALUES ('a'), ('b')")
    pg.execute("INSERT INTO dbo.audit (id, note) VALUES (1, 'x')")
    before = dict(pg.rows("SELECT id, ver FROM dbo.person"))
    assert all(len(bytes(v)) == 8 for v in before.values()) and len(set(map(bytes, before.values()))) == 2
    pg.execute("UPDATE dbo.person SET phone = '1' WHERE firstname = 'a'")
    after = dict(pg.rows("SELECT id, ver FROM dbo.person"))
    changed = [i for i in after if bytes(after[i]) != bytes(before[i])]
    assert len(changed) == 1 and bytes(after[changed[0]]) > max(bytes(v) for v in before.values())
    audit = bytes(pg.scalar("SELECT ts FROM dbo.audit"))  # inserted after the two people, before the update
    assert max(bytes(v) for v in before.values()) < audit < bytes(after[changed[0]])  # one counter, like @@DBTS


def test_after_the_load_new_rowversions_sort_after_the_copied_ones(deployed, cli, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    copied = (2**40).to_bytes(8, "big")  # a value the load copied from SQL Server
    pg.execute("INSERT INTO dbo.person (firstname, ver) VALUES ('loaded', %s)", [copied])
    assert cli("deploy", str(deployed), "--target", str(pg_url), "--post-load").exit_code == 0
    pg.execute("INSERT INTO dbo.person (firstname) VALUES ('new')")
    assert bytes(pg.scalar("SELECT ver FROM dbo.person WHERE firstname = 'new'")) > copied


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("national character varying(30)", "NVARCHAR"),
        ("NATIONAL CHAR VARYING(9)", "NVARCHAR"),
        ("national character(2)", "NCHAR"),
        ("national char(2)", "NCHAR"),
        ("national text", "NTEXT"),
        ("character varying(5)", "VARCHAR"),
        ("char varying(5)", "VARCHAR"),
        ("binary varying(5)", "VARBINARY"),
        ("dec(9,2)", "DECIMAL"),
        ("decimal(9,2)", "DECIMAL"),  # DEC is a word of its own, not a prefix
        ("xml(dbo.Schemas)", "XML"),
        ("xml (DOCUMENT [dbo].[Schemas])", "XML"),
    ],
)
def test_sqlserver_type_synonyms(spelling: str, canonical: str) -> None:
    assert parse_column_type(spelling, "sqlserver").name == canonical
