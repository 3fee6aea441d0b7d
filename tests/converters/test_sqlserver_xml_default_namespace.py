"""xml.value() under `declare default element namespace` on the real PostgreSQL: XPath 1.0 has no default element
namespace, so every element step gets a prefix bound to it; attributes keep none (a default element namespace does
not apply to them), and the values are what SQL Server returns for the documented AdventureWorks survey shape."""

from __future__ import annotations

from pathlib import Path

SCRIPT = """
CREATE TABLE [Sales].[Store](
    [BusinessEntityID] [int] NOT NULL PRIMARY KEY,
    [Name] nvarchar(50) NOT NULL,
    [Demographics] [XML]([Sales].[StoreSurveySchemaCollection]) NULL
)
GO
CREATE VIEW [Sales].[vStoreWithDemographics] AS
SELECT
    s.[BusinessEntityID]
    ,s.[Demographics].value('declare default element namespace "http://schemas.microsoft.com/sqlserver/2004/07/adventure-works/StoreSurvey";
        (/StoreSurvey/AnnualSales)[1]', 'money') AS [AnnualSales]
    ,s.[Demographics].value('declare default element namespace "http://schemas.microsoft.com/sqlserver/2004/07/adventure-works/StoreSurvey";
        (/StoreSurvey/BankName)[1]', 'nvarchar(50)') AS [BankName]
    ,s.[Demographics].value('declare default element namespace "http://schemas.microsoft.com/sqlserver/2004/07/adventure-works/StoreSurvey";
        (/StoreSurvey/@Version)[1]', 'nvarchar(5)') AS [Version]
FROM [Sales].[Store] s;
GO
"""

DOC = (
    '<StoreSurvey xmlns="http://schemas.microsoft.com/sqlserver/2004/07/adventure-works/StoreSurvey" Version="2">'
    "<AnnualSales>800000</AnnualSales><BankName>Primary Bank &amp; Reserve</BankName></StoreSurvey>"
)
OTHER = '<StoreSurvey xmlns="urn:other"><AnnualSales>1</AnnualSales></StoreSurvey>'  # another namespace: no match


def test_default_element_namespace_values(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "schema.sql").write_text(SCRIPT)
    out = tmp_path / "out"
    assert cli("convert", "--dialect", "sqlserver", str(tmp_path / "schema.sql"), "--out", str(out)).exit_code == 0
    result = cli("deploy", str(out), "--target", str(pg_url))
    assert result.exit_code == 0, result.output
    pg.execute("INSERT INTO sales.store VALUES (1, 'a', %s), (2, 'b', %s), (3, 'c', NULL)", (DOC, OTHER))
    rows = pg.rows(
        "SELECT businessentityid, annualsales::text, bankname, version FROM sales.vstorewithdemographics ORDER BY 1"
    )
    assert rows == [
        (1, "800000.0000", "Primary Bank & Reserve", "2"),
        (2, None, None, None),
        (3, None, None, None),
    ]
