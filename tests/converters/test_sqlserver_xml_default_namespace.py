"""xml.value() under `declare default element namespace` on the real PostgreSQL: XPath 1.0 has no default element
namespace, so every element step gets a prefix bound to it; attributes keep none (a default element namespace does
not apply to them), and the values are what SQL Server returns for the documented AdventureWorks survey shape."""

from __future__ import annotations

import json
from pathlib import Path

from tests.converters.conftest import convert_and_deploy

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
    convert_and_deploy(cli, tmp_path, SCRIPT, "sqlserver", pg_url)
    pg.execute("INSERT INTO sales.store VALUES (1, 'a', %s), (2, 'b', %s), (3, 'c', NULL)", (DOC, OTHER))
    rows = pg.rows(
        "SELECT businessentityid, annualsales::text, bankname, version FROM sales.vstorewithdemographics ORDER BY 1"
    )
    assert rows == [
        (1, "800000.0000", "Primary Bank & Reserve", "2"),
        (2, None, None, None),
        (3, None, None, None),
    ]


NODES_SCRIPT = """
CREATE TABLE [HumanResources].[JobCandidate](
    [JobCandidateID] [int] NOT NULL PRIMARY KEY,
    [Resume] [XML]([HumanResources].[HRResumeSchemaCollection]) NULL
)
GO
CREATE VIEW [HumanResources].[vJobCandidateEmployment]
AS
SELECT
    jc.[JobCandidateID]
    ,[Employment].ref.value(N'declare default element namespace "urn:resume";
        (Emp.OrgName)[1]', 'nvarchar(100)') AS [Emp.OrgName]
    ,[Employment].ref.value('@Years[1]', 'int') AS [Years]
FROM [HumanResources].[JobCandidate] jc
CROSS APPLY jc.[Resume].nodes(N'declare default element namespace "urn:resume";
    /Resume/Employment') AS Employment(ref);
GO
CREATE VIEW [HumanResources].[vEmploymentRoot]
AS
SELECT [e].ref.value(N'declare default element namespace "urn:resume"; (/Resume/Name)[1]', 'nvarchar(100)') AS [Name]
FROM [HumanResources].[JobCandidate] jc
CROSS APPLY jc.[Resume].nodes(N'declare default element namespace "urn:resume"; /Resume/Employment') AS e(ref);
GO
CREATE VIEW [HumanResources].[vJobCandidateName]
AS
SELECT jc.[JobCandidateID]
    ,[r].ref.value(N'declare default element namespace "urn:resume"; (/Resume/Name)[1]', 'nvarchar(100)') AS [Name]
FROM [HumanResources].[JobCandidate] jc
OUTER APPLY jc.[Resume].nodes(N'declare default element namespace "urn:resume"; /Resume') AS r(ref);
GO
"""

RESUME = (
    '<Resume xmlns="urn:resume"><Name>Shai</Name>'
    '<Employment Years="3"><Emp.OrgName>Wingtip</Emp.OrgName></Employment>'
    '<Employment Years="2"><Emp.OrgName>Contoso</Emp.OrgName></Employment></Resume>'
)


def test_nodes_in_cross_and_outer_apply(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    out = convert_and_deploy(cli, tmp_path, NODES_SCRIPT, "sqlserver", pg_url)
    pg.execute("INSERT INTO humanresources.jobcandidate VALUES (1, %s), (2, NULL)", (RESUME,))
    rows = pg.rows('SELECT * FROM humanresources.vjobcandidateemployment ORDER BY "emp.orgname"')
    assert rows == [(1, "Contoso", 2), (1, "Wingtip", 3)]  # one row per node; paths relative to the node
    # an absolute path read on a node that is not the root element means the whole document: left for a person
    objects = json.loads((out / "conversion.json").read_text())["data"]["objects"]
    assert next(o["status"] for o in objects if o["name"] == "vemploymentroot") == "manual"
    names = pg.rows("SELECT * FROM humanresources.vjobcandidatename ORDER BY 1")
    assert names == [(1, "Shai"), (2, None)]  # OUTER APPLY keeps the candidate without a resume
