"""SQL Server computed columns and checks over text and JSON on the real PostgreSQL: CONCAT over text becomes an
immutable operator chain (NULL read as '', as T-SQL reads it), JSON_VALUE / JSON_QUERY columns keep their
documented types and deploy (their computation is split off for a person: no exact PostgreSQL form), and ISJSON
is PostgreSQL 16's IS JSON (object or array: 1, else 0, NULL for NULL), or split off for an older target."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrate.engines import connect

SCRIPT = """
CREATE TABLE [Application].[People](
    [PersonID] [int] NOT NULL PRIMARY KEY,
    [FullName] [nvarchar](50) NOT NULL,
    [PreferredName] [nvarchar](50) NULL,
    [SearchName]  AS (concat([PreferredName],N' ',[FullName])) PERSISTED NOT NULL,
    [CustomFields] [nvarchar](max) NULL,
    [OtherLanguages]  AS (json_query([CustomFields],N'$.OtherLanguages')),
    [Title]  AS (json_value([CustomFields],N'$.Title'))
)
GO
CREATE TABLE [Sales].[Invoices](
    [InvoiceID] [int] NOT NULL PRIMARY KEY,
    [ReturnedDeliveryData] [nvarchar](max) NULL
)
GO
ALTER TABLE [Sales].[Invoices]  WITH CHECK ADD  CONSTRAINT [CK_Sales_Invoices_JSON] CHECK  (([ReturnedDeliveryData] IS NULL OR isjson([ReturnedDeliveryData])<>(0)))
GO
"""


def _convert_and_deploy(cli, tmp_path: Path, pg_url, version: int, case_insensitive: str = "icu") -> Path:  # type: ignore[no-untyped-def]
    (tmp_path / "schema.sql").write_text(SCRIPT)
    (tmp_path / "migration.toml").write_text(f'[conversion]\ncase_insensitive = "{case_insensitive}"\n')
    out = tmp_path / f"out{version}"
    args = ("convert", "--dialect", "sqlserver", str(tmp_path / "schema.sql"), "--out", str(out))
    args += ("--project", str(tmp_path))
    assert cli(*args, "--target-version", str(version)).exit_code == 0
    result = cli("deploy", str(out), "--target", str(pg_url))
    assert result.exit_code == 0, result.output
    return out


def test_concat_over_text_is_computed_as_t_sql_does(cli, tmp_path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    _convert_and_deploy(cli, tmp_path, pg_url, 15)
    pg.execute("INSERT INTO application.people (personid, fullname, preferredname) VALUES (1, 'Ann Lee', 'Ann')")
    pg.execute("INSERT INTO application.people (personid, fullname) VALUES (2, 'Bo Park')")
    rows = pg.rows("SELECT personid, searchname FROM application.people ORDER BY 1")
    assert rows == [(1, "Ann Ann Lee"), (2, " Bo Park")]  # CONCAT reads NULL as ''
    pg.execute("UPDATE application.people SET preferredname = 'Bob' WHERE personid = 2")
    assert pg.scalar("SELECT searchname FROM application.people WHERE personid = 2") == "Bob Bo Park"


def test_json_columns_keep_their_types_and_their_computation_waits(cli, tmp_path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    out = _convert_and_deploy(cli, tmp_path, pg_url, 15)
    types = dict(
        pg.rows(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'application.people'::regclass AND attname IN ('otherlanguages', 'title')"
        )
    )
    assert types == {"otherlanguages": "text", "title": "character varying(4000)"}
    objects = json.loads((out / "conversion.json").read_text())["data"]["objects"]
    split = {o["name"]: o["status"] for o in objects if o["kind"] == "generated_column"}
    assert split == {"people_otherlanguages_gen": "manual", "people_title_gen": "manual"}
    rules = {f["rule_id"] for o in objects if o["kind"] == "generated_column" for f in o["findings"]}
    assert "CONV-TSQL-JSON-001" in rules


def test_isjson_before_16_leaves_the_check_for_a_person(cli, tmp_path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    out = _convert_and_deploy(cli, tmp_path, pg_url, 15)
    pg.execute("INSERT INTO sales.invoices VALUES (1, 'not json')")  # no check on the target yet
    objects = json.loads((out / "conversion.json").read_text())["data"]["objects"]
    check = next(o for o in objects if "ck_sales_invoices_json" in o["name"])
    assert check["status"] == "manual" and check["findings"][0]["rule_id"] == "CONV-TSQL-ISJSON-001"


def test_isjson_is_the_is_json_predicate_on_16(cli, tmp_path, recent_pg_url) -> None:  # type: ignore[no-untyped-def]
    # IS JSON needs PostgreSQL 16+: the embedded 18 when the test server is older, built without ICU (citext then)
    _convert_and_deploy(cli, tmp_path, recent_pg_url, 16, "citext")
    with connect(recent_pg_url) as pg:
        _isjson_checks(pg)


def _isjson_checks(pg) -> None:  # type: ignore[no-untyped-def]
    for n, doc in enumerate(['{"a":1}', "[1]", None, '{"a":1,"a":2}'], 1):  # ISJSON 1 (or NULL): accepted
        pg.execute("INSERT INTO sales.invoices VALUES (%s, %s)", (n, doc))
    for doc in ["1", '"s"', "abc"]:  # ISJSON 0: refused, as the CHECK refuses them on SQL Server
        with pytest.raises(Exception, match="ck_sales_invoices_json"):
            pg.execute("INSERT INTO sales.invoices VALUES (9, %s)", (doc,))
