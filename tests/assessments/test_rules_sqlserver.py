"""T-SQL rule table: one line per rule, the source that must (or must not) fire it."""

from __future__ import annotations

import pytest

from assessments.rules import RULESETS, detect
from migrate.model import (
    Column,
    DbLink,
    Feature,
    Index,
    IndexColumn,
    Inventory,
    Job,
    Location,
    Partitioning,
    Routine,
    RoutineKind,
    Schema,
    Severity,
    SourceInfo,
    Synonym,
    Table,
    Trigger,
    View,
    parse_column_type,
)


def inventory(collation: str = "", **parts: object) -> Inventory:
    extra = {k: parts.pop(k) for k in ("db_links", "jobs", "features") if k in parts}
    source = SourceInfo("sqlserver", database="App", collation=collation)
    return Inventory(source, schemas=(Schema("dbo", **parts),), **extra)  # type: ignore[arg-type]


def proc(code: str, line: int = 1) -> Inventory:
    source = f"CREATE PROCEDURE dbo.p AS\nBEGIN\n  {code}\nEND"
    return inventory(routines=(Routine("dbo", "p", RoutineKind.PROCEDURE, source, "tsql", Location("p.sql", line)),))


def table(*columns: tuple[str, str], **fields: object) -> Inventory:
    cols = tuple(Column(name, parse_column_type(raw, "sqlserver")) for name, raw in columns) or (
        Column("id", parse_column_type("int", "sqlserver")),
    )
    return inventory(tables=(Table("dbo", "t", columns=cols, **fields),))  # type: ignore[arg-type]


def rule_ids(inv: Inventory) -> list[str]:
    return [f.rule_id for f in detect(inv)[0]]


CODE = [
    ("SELECT @name = 'Mr ' + @last;", "TSQL-CONCAT-001"),
    ("SET ANSI_NULLS OFF;", "TSQL-ANSINULLS-001"),
    ("SELECT @x = ISNULL(@y, 0);", "TSQL-ISNULL-001"),
    ("SELECT @d = DATEDIFF(day, @a, @b);", "TSQL-DATEDIFF-001"),
    ("SELECT @s = CONVERT(varchar(10), @d, 112);", "TSQL-CONVERT-001"),
    ("UPDATE t WITH (UPDLOCK) SET a = 1;", "TSQL-NOLOCK-001"),
    ("SELECT TOP 10 a FROM t;", "TSQL-TOP-001"),
    ("SELECT a FROM t CROSS APPLY f(t.id) x;", "TSQL-APPLY-001"),
    ("MERGE t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a;", "TSQL-MERGE-001"),
    ("SELECT a FROM t FOR XML PATH('row');", "TSQL-FORXML-001"),
    ("SELECT a FROM t FOR JSON AUTO;", "TSQL-FORJSON-001"),
    ("SELECT * FROM OPENJSON(@doc);", "TSQL-OPENJSON-001"),
    ("EXEC sp_xml_preparedocument @h OUTPUT, @doc;", "TSQL-OPENXML-001"),
    ("SELECT @v = @doc.value('(/a/b)[1]', 'int');", "TSQL-XMLMETHOD-001"),
    ("SELECT * FROM OPENQUERY(LEGACY, 'select 1');", "TSQL-OPENQUERY-001"),
    ("SELECT * FROM LEGACY.sales.dbo.orders;", "TSQL-LINKEDREF-001"),
    ("SET @id = SCOPE_IDENTITY();", "TSQL-IDENTITYFN-001"),
    ("SET @id = @@IDENTITY;", "TSQL-ATIDENTITY-001"),
    ("SET IDENTITY_INSERT dbo.t ON;", "TSQL-IDENTITYINSERT-001"),
    ("SET @p = CHARINDEX('a', @s);", "TSQL-STRINGFN-001"),
    ("SET @g = NEWID();", "TSQL-NEWID-001"),
    ("SET @n = TRY_CONVERT(int, @s);", "TSQL-TRYCONVERT-001"),
    ("SET @s = FORMAT(@d, 'yyyy-MM-dd');", "TSQL-FORMAT-001"),
    ("SELECT value FROM STRING_SPLIT(@list, ',');", "TSQL-STRINGSPLIT-001"),
    ("SET @h = HASHBYTES('SHA2_256', @s);", "TSQL-HASHBYTES-001"),
    ("SELECT a, b INTO dbo.t_copy FROM t;", "TSQL-SELECTINTO-001"),
    ("SET @id = NEXT VALUE FOR dbo.seq;", "TSQL-NEXTVALUE-001"),
    ("EXEC sp_getapplock @Resource = 'x', @LockMode = 'Exclusive';", "TSQL-APPLOCK-001"),
    ("EXEC sp_rename 'dbo.t.a', 'b', 'COLUMN';", "TSQL-SPRENAME-001"),
    ("SET DATEFIRST 1;", "TSQL-DATEFIRST-001"),
    ("SET @v = SESSION_CONTEXT(N'tenant');", "TSQL-SESSIONCONTEXT-001"),
    ("SET NOCOUNT ON; SELECT a, b FROM t;", "TSQL-RESULTSET-001"),
    ("UPDATE t SET a = 1; SET @n = @@ROWCOUNT;", "TSQL-ROWCOUNT-001"),
    ("IF @@ERROR <> 0 RETURN 1;", "TSQL-ERROR-001"),
    ("IF @@TRANCOUNT > 0 ROLLBACK;", "TSQL-TRANCOUNT-001"),
    ("WHILE @@FETCH_STATUS = 0 FETCH NEXT FROM c INTO @x;", "TSQL-FETCHSTATUS-001"),
    ("SET @who = @@SERVERNAME;", "TSQL-SYSVAR-001"),
    ("BEGIN TRY SET @a = 1; END TRY BEGIN CATCH SET @a = 2; END CATCH", "TSQL-TRYCATCH-001"),
    ("SET @m = ERROR_MESSAGE();", "TSQL-ERRORFN-001"),
    ("RAISERROR('bad', 16, 1);", "TSQL-RAISERROR-001"),
    ("THROW 50001, 'bad', 1;", "TSQL-THROW-001"),
    ("PRINT 'hello';", "TSQL-PRINT-001"),
    ("DECLARE c CURSOR FOR SELECT a FROM t;", "TSQL-CURSOR-001"),
    ("DECLARE @rows TABLE (id int);", "TSQL-TABLEVAR-001"),
    ("INSERT INTO #work (id) VALUES (1);", "TSQL-TEMPTABLE-001"),
    ("INSERT INTO ##shared (id) VALUES (1);", "TSQL-GLOBALTEMP-001"),
    ("INSERT INTO t (a) OUTPUT INSERTED.id VALUES (1);", "TSQL-OUTPUT-001"),
    ("UPDATE t SET a = 1 FROM inserted i;", "TSQL-TRIGGERTABLES-001"),
    ("EXEC sp_executesql @sql;", "TSQL-DYNSQL-001"),
    ("EXEC (@sql);", "TSQL-DYNSQL-002"),
    ("BEGIN TRANSACTION; UPDATE t SET a = 1; COMMIT;", "TSQL-TRAN-001"),
    ("SAVE TRANSACTION sp1;", "TSQL-SAVETRAN-001"),
    ("SET XACT_ABORT ON;", "TSQL-XACTABORT-001"),
    ("CREATE TABLE #stage (id int); DROP TABLE #stage;", "TSQL-DDLINCODE-001"),
    ("TRUNCATE TABLE dbo.stage;", "TSQL-TRUNCATE-001"),
    ("SET NOCOUNT ON;", "TSQL-NOCOUNT-001"),
    ("GOTO done;", "TSQL-GOTO-001"),
    ("WAITFOR DELAY '00:00:05';", "TSQL-WAITFOR-001"),
    ("EXEC dbo.load @rows READONLY;", "TSQL-TVP-001"),
    ("EXEC xp_cmdshell 'dir';", "TSQL-XPCMDSHELL-001"),
    ("EXEC master..xp_fileexist @path;", "TSQL-XPPROC-001"),
    ("EXEC sp_OACreate 'Scripting.FileSystemObject', @fs OUT;", "TSQL-OLEAUTO-001"),
    ("BEGIN DIALOG @h FROM SERVICE a TO SERVICE 'b';", "TSQL-SERVICEBROKER-002"),
    ("BULK INSERT t FROM 'c:\\data.csv';", "TSQL-BULKINSERT-001"),
]


@pytest.mark.parametrize("code, rule_id", CODE)
def test_code_fires(code: str, rule_id: str) -> None:
    assert rule_id in rule_ids(proc(code))


QUIET = [
    ("SELECT @x = a FROM t;", "TSQL-RESULTSET-001"),  # an assignment, not a result set
    ("INSERT INTO t (a) SELECT a FROM s;", "TSQL-RESULTSET-001"),
    ("SELECT a INTO #copy FROM t;", "TSQL-RESULTSET-001"),
    ("-- EXEC xp_cmdshell 'dir'\nSET @a = 1;", "TSQL-XPCMDSHELL-001"),
    ("SET @s = 'BEGIN TRY';", "TSQL-TRYCATCH-001"),
    ("INSERT INTO ##shared (id) VALUES (1);", "TSQL-TEMPTABLE-001"),
    ("SELECT @n = @a + @b;", "TSQL-CONCAT-001"),
    ("INSERT INTO t (a) SELECT a FROM s;", "TSQL-SELECTINTO-001"),
    ("FETCH NEXT FROM c INTO @a;", "TSQL-SELECTINTO-001"),
]


@pytest.mark.parametrize("code, rule_id", QUIET)
def test_code_does_not_fire(code: str, rule_id: str) -> None:
    assert rule_id not in rule_ids(proc(code))


VIEWS = [
    ("SELECT first_name + ' ' + last_name AS name FROM people", "TSQL-CONCAT-001"),
    ("SELECT ISNULL(a, 0) AS a FROM t", "TSQL-ISNULL-001"),
    ("SELECT a FROM t FOR XML PATH('r')", "TSQL-FORXML-001"),
    ("SELECT TOP 5 a FROM t ORDER BY a", "TSQL-TOP-001"),
    ("SELECT FROM WHERE ((", "TSQL-PARSE-001"),
]


@pytest.mark.parametrize("query, rule_id", VIEWS)
def test_view_fires(query: str, rule_id: str) -> None:
    assert rule_id in rule_ids(inventory(views=(View("dbo", "v", query),)))


MODEL = [
    (table(("active", "bit")), "TSQL-BIT-001"),
    (inventory(tables=(Table("dbo", "t", columns=(Column("zip", parse_column_type("varchar(10)", "sqlserver")),)),), views=(View("dbo", "v", "SELECT * FROM t WHERE zip = 12345"),)), "TSQL-IMPLICIT-001"),
    (table(("ver", "rowversion")), "TSQL-ROWVERSION-001"),
    (table(("val", "sql_variant")), "TSQL-SQLVARIANT-001"),
    (table(("node", "hierarchyid")), "TSQL-HIERARCHYID-001"),
    (table(("at", "geography")), "TSQL-SPATIAL-001"),
    (table(("price", "money")), "TSQL-MONEY-001"),
    (table(("at", "datetime")), "TSQL-DATETIME-001"),
    (table(("body", "ntext")), "TSQL-DEPRECATEDLOB-001"),
    (table(("doc", "xml")), "TSQL-XMLTYPE-001"),
    (table(("id", "uniqueidentifier")), "TSQL-UNIQUEID-001"),
    (table(("CustomerId", "int")), "TSQL-CASE-001"),
    (table(("order", "int")), "TSQL-RESERVED-001"),
    (table(("c" * 64, "int")), "TSQL-NAMELEN-001"),
    (inventory(tables=(Table("dbo", "t", columns=(Column("total", parse_column_type("int", "sqlserver"), generated="[a]+[b]"),)),)), "TSQL-COMPUTED-001"),
    (inventory(tables=(Table("dbo", "t", columns=(Column("total", parse_column_type("int", "sqlserver"), generated="[a]+[b]", generated_stored=True),)),)), "TSQL-PERSISTED-001"),
    (table(indexes=(Index("cx", (IndexColumn("id"),), kind="clustered"),)), "TSQL-CLUSTERED-001"),
    (table(indexes=(Index("cs", (IndexColumn("id"),), kind="nonclustered_columnstore"),)), "TSQL-COLUMNSTORE-001"),
    (table(indexes=(Index("ft", (IndexColumn("body"),), kind="fulltext"),)), "TSQL-FULLTEXT-001"),
    (table(indexes=(Index("sp", (IndexColumn("at"),), kind="spatial"),)), "TSQL-SPATIALIDX-001"),
    (table(indexes=(Index("fx", (IndexColumn("id"),), where="[deleted] = 0"),)), "TSQL-FILTERED-001"),
    (table(kind="memory_optimized"), "TSQL-MEMOPT-001"),
    (table(partitioning=Partitioning("range", ("id",))), "TSQL-PARTITION-001"),
    (inventory(collation="SQL_Latin1_General_CP1_CI_AS"), "TSQL-COLLATION-001"),
    (inventory(db_links=(DbLink("dbo", "LEGACY", "legacy-sql01"),)), "TSQL-LINKED-001"),
    (inventory(features=(Feature("clr_assembly", "Utils"),)), "TSQL-CLR-001"),
    (inventory(features=(Feature("service_broker", "OrderQueue"),)), "TSQL-SERVICEBROKER-001"),
    (inventory(features=(Feature("service_broker_queue", "OrderQueue", "SERVICE_QUEUE"),)), "TSQL-SERVICEBROKER-001"),
    (inventory(features=(Feature("fulltext_index", "dbo.Product", "Description"),)), "TSQL-FULLTEXT-001"),
    (inventory(features=(Feature("ddl_trigger", "audit_ddl"),)), "TSQL-DDLTRIGGER-001"),
    (inventory(features=(Feature("xml_schema_collection", "OrderSchema"),)), "TSQL-XMLSCHEMA-001"),
    (inventory(jobs=(Job("sa", "nightly", "sql_agent", "daily"),)), "TSQL-AGENT-001"),
    (inventory(synonyms=(Synonym("dbo", "s", "dbo", "t"),)), "TSQL-SYNONYM-001"),
    (inventory(triggers=(Trigger("dbo", "tr", "v", "INSTEAD OF", ("INSERT",), level="statement"),)), "TSQL-INSTEADOF-001"),
    (inventory(triggers=(Trigger("dbo", "ddl", "DATABASE", "FOR", ("CREATE_TABLE",), level="database"),)), "TSQL-DDLTRIGGER-001"),
    (inventory(triggers=(Trigger("dbo", "tr", "t", "AFTER", ("UPDATE",), level="statement"),)), "TSQL-TRIGGER-001"),
]  # fmt: skip


@pytest.mark.parametrize("inv, rule_id", MODEL)
def test_model_fires(inv: Inventory, rule_id: str) -> None:
    assert rule_id in rule_ids(inv)


def test_mixed_case_columns_of_a_table_are_one_finding() -> None:
    found = [f for f in detect(table(("CustomerId", "int"), ("OrderDate", "date")))[0] if f.rule_id == "TSQL-CASE-001"]
    assert len(found) == 1 and "CustomerId" in found[0].snippet and "OrderDate" in found[0].snippet


def test_every_rule_is_a_complete_row() -> None:
    rules = RULESETS["sqlserver"].rules
    assert len(rules) >= 50
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert rule.id.startswith("TSQL-") and rule.title and rule.remedy and rule.category, rule.id
        assert isinstance(rule.severity, Severity) and rule.effort >= 0 and rule.learning >= 0, rule.id


def test_every_tsql_rule_has_a_test_line() -> None:
    tested = {rule_id for _, rule_id in CODE + VIEWS + MODEL} | {"TSQL-TOKEN-001"}
    assert {r.id for r in RULESETS["sqlserver"].rules} - tested == set()
