"""SQL Server (T-SQL) -> PostgreSQL query rewrites: one line per rewrite (and that unrelated SQL stays as it was)."""

from __future__ import annotations

import pytest

from converters.rewrite import RewriteOptions, convert_expression, convert_query

NOW = "CAST(statement_timestamp() AS TIMESTAMP)"

# (T-SQL text, PostgreSQL text, rule ids of the findings expected)
QUERIES = [
    ("SELECT a, b FROM t WHERE a = 1", "SELECT a, b FROM t WHERE a = 1", set()),
    # PIVOT over a derived table: conditional aggregation grouped by the other columns; UNPIVOT: lateral VALUES
    (
        "SELECT r, [1] AS one FROM (SELECT r, k, v FROM t) AS s PIVOT (SUM(v) FOR k IN ([1])) AS p",
        'SELECT r, "1" AS one FROM (SELECT r, sum(v) FILTER(WHERE k = \'1\') AS "1" '
        "FROM (SELECT r, k, v FROM t) AS s GROUP BY r) AS p",
        set(),
    ),
    ("SELECT * FROM t PIVOT (SUM(v) FOR k IN ([1])) AS p", "SELECT * FROM t", {"CONV-UNSUPPORTED-001"}),
    (
        "SELECT u.id, u.n FROM t AS x UNPIVOT (v FOR n IN (a, b)) AS u",
        "SELECT x.id, u.n FROM t AS x CROSS JOIN LATERAL (VALUES ('a', x.a), ('b', x.b)) AS u(n, v) "
        "WHERE NOT u.v IS NULL",
        set(),
    ),
    # a CTE that reads itself is recursive: PostgreSQL needs the word
    (
        "WITH c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT n FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT n FROM c",
        set(),
    ),
    ("WITH c AS (SELECT 1 AS n) SELECT n FROM c", "WITH c AS (SELECT 1 AS n) SELECT n FROM c", set()),
    # SET names the target's columns bare, however the source qualified them
    ("UPDATE s.t SET s.t.a = 1, t.b = 2 WHERE c = 3", "UPDATE s.t SET a = 1, b = 2 WHERE c = 3", set()),
    # TOP; WITH TIES needs FETCH FIRST (PostgreSQL has no LIMIT ... WITH TIES); T-SQL sorts NULLs first
    ("SELECT TOP 5 a FROM t ORDER BY a", "SELECT a FROM t ORDER BY a NULLS FIRST LIMIT 5", set()),
    ("SELECT TOP (10) a FROM t", "SELECT a FROM t LIMIT 10", set()),
    (
        "SELECT TOP 3 WITH TIES a FROM t ORDER BY a DESC",
        "SELECT a FROM t ORDER BY a DESC NULLS LAST FETCH FIRST 3 ROWS WITH TIES",
        set(),
    ),
    ("SELECT TOP 10 PERCENT a FROM t", "SELECT a FROM t LIMIT 10 PERCENT", {"CONV-TSQL-TOP-001"}),
    ("SELECT TOP 100 PERCENT a FROM t ORDER BY a", "SELECT a FROM t ORDER BY a NULLS FIRST", set()),
    # ISNULL, IIF
    ("SELECT ISNULL(a, 0) FROM t", "SELECT coalesce(a, 0) FROM t", set()),
    ("SELECT IIF(a > 1, 'x', 'y') FROM t", "SELECT CASE WHEN a > 1 THEN 'x' ELSE 'y' END FROM t", set()),
    # + on strings is || (NULL in, NULL out, like SQL Server); numbers keep +
    ("SELECT 'a' + b + 'c' FROM t", "SELECT 'a' || b || 'c' FROM t", set()),
    ("SELECT a + 1 FROM t", "SELECT a + 1 FROM t", set()),
    ("SELECT CHAR(13) + CHAR(10) + a FROM t", "SELECT chr(13) || chr(10) || a FROM t", set()),
    (
        "SELECT QUOTENAME(a) + b FROM t",
        "SELECT CASE WHEN length(a) > 128 THEN NULL ELSE '[' || replace(a, ']', ']]') || ']' END || b FROM t",
        set(),
    ),
    ("SELECT N'caf\u00e9' + name FROM t", "SELECT 'caf\u00e9' || name FROM t", set()),
    # CONVERT with styles
    (
        "SELECT CONVERT(varchar(10), d, 103) FROM t",
        "SELECT CAST(to_char(d, 'DD/MM/YYYY') AS VARCHAR(10)) FROM t",
        set(),
    ),
    (
        "SELECT CONVERT(varchar(19), d, 120) FROM t",
        "SELECT CAST(to_char(d, 'YYYY-MM-DD HH24:MI:SS') AS VARCHAR(19)) FROM t",
        set(),
    ),
    (
        "SELECT CONVERT(datetime, s, 112) FROM t",
        "SELECT CAST(to_timestamp(s, 'YYYYMMDD') AS TIMESTAMP(3)) FROM t",
        set(),
    ),
    ("SELECT CONVERT(int, x) FROM t", "SELECT CAST(x AS INT) FROM t", set()),
    ("SELECT CONVERT(varchar(20), m, 1) FROM t", "SELECT CAST(m AS VARCHAR(20)) FROM t", {"CONV-TSQL-CONVERT-001"}),
    # FORMAT: custom date patterns translate; .NET standard formats and cultures do not
    ("SELECT FORMAT(d, 'dd/MM/yyyy HH:mm') FROM t", "SELECT to_char(d, 'DD/MM/YYYY HH24:MI') FROM t", set()),
    ("SELECT FORMAT(d, 'D') FROM t", "SELECT to_char(d, 'FMDay,FMMonth,YYYY') FROM t", {"CONV-TSQL-FORMAT-001"}),
    ("SELECT FORMAT(n, 'N2') FROM t", "SELECT number_to_str(n, 'N2') FROM t", {"CONV-TSQL-FORMAT-001"}),
    # dates
    ("SELECT DATEADD(day, 1, d) FROM t", "SELECT d + INTERVAL '1 DAY' FROM t", set()),
    (
        "SELECT DATEDIFF(day, a, b) FROM t",
        "SELECT CAST((CAST(CAST(b AS TIMESTAMP) AS DATE)) - (CAST(CAST(a AS TIMESTAMP) AS DATE)) AS BIGINT) FROM t",
        set(),
    ),
    ("SELECT DATEPART(year, d) FROM t", "SELECT CAST(EXTRACT(YEAR FROM d) AS INT) FROM t", set()),
    ("SELECT DATEPART(weekday, d) FROM t", "SELECT CAST(EXTRACT(DOW FROM d) AS INT) + 1 FROM t", set()),
    (
        "SELECT DATEPART(week, d) FROM t",
        "SELECT ((CAST(EXTRACT(DOY FROM d) AS INT) - 1 + CAST(EXTRACT(DOW FROM date_trunc('year', CAST(d AS TIMESTAMP))) "
        "AS INT)) / 7 + 1) FROM t",
        set(),
    ),
    ("SELECT DATEPART(iso_week, d) FROM t", "SELECT CAST(EXTRACT(WEEK FROM d) AS INT) FROM t", set()),
    ("SELECT DATENAME(month, d) FROM t", "SELECT to_char(CAST(d AS TIMESTAMP), 'FMMonth') FROM t", set()),
    (
        "SELECT DATENAME(dy, d) FROM t",
        "SELECT CAST(CAST(EXTRACT(DOY FROM CAST(d AS TIMESTAMP)) AS INT) AS TEXT) FROM t",
        set(),
    ),
    ("SELECT GETDATE(), SYSDATETIME(), CURRENT_TIMESTAMP", f"SELECT {NOW}, {NOW}, {NOW}", set()),
    ("SELECT GETDATE() - 7", f"SELECT {NOW} - 7 * INTERVAL '1 day'", set()),
    ("SELECT GETUTCDATE()", "SELECT statement_timestamp() AT TIME ZONE 'UTC'", set()),
    ("SELECT DATEADD(day, 1, '2024-01-01')", "SELECT CAST('2024-01-01' AS TIMESTAMP) + INTERVAL '1 DAY'", set()),
    # LIKE's [character classes] exist in SIMILAR TO, not in PostgreSQL's LIKE
    ("SELECT a FROM t WHERE a LIKE '[a-c]%(x)'", "SELECT a FROM t WHERE a SIMILAR TO '[a-c]%\\(x\\)'", set()),
    ("SELECT a FROM t WHERE a LIKE 'abc%'", "SELECT a FROM t WHERE a LIKE 'abc%'", set()),
    (
        "SELECT a FROM t WHERE a LIKE '[a]!%' ESCAPE '!'",
        "SELECT a FROM t WHERE a LIKE '[a]!%' ESCAPE '!'",
        {"CONV-TSQL-LIKE-001"},
    ),
    # LEN ignores trailing spaces; DATALENGTH counts bytes
    ("SELECT LEN(a) FROM t", "SELECT length(rtrim(CAST(a AS TEXT))) FROM t", set()),
    ("SELECT DATALENGTH(a) FROM t", "SELECT octet_length(a) FROM t", {"CONV-TSQL-DATALENGTH-001"}),
    # APPLY -> LATERAL
    (
        "SELECT a.id, x.v FROM a CROSS APPLY (SELECT TOP 1 v FROM b WHERE b.id = a.id) x",
        "SELECT a.id, x.v FROM a INNER JOIN LATERAL (SELECT v FROM b WHERE b.id = a.id LIMIT 1) AS x ON TRUE",
        set(),
    ),
    (
        "SELECT a.id FROM a OUTER APPLY dbo.f(a.id) x",
        "SELECT a.id FROM a LEFT JOIN LATERAL dbo.f(a.id) AS x ON TRUE",
        set(),
    ),
    # hints removed with a finding; [brackets] and names fold like SQL Server's case-insensitive collation
    (
        "SELECT [Name] FROM [dbo].[Customers] c WITH (NOLOCK)",
        "SELECT name FROM dbo.customers AS c",
        {"CONV-TSQL-HINT-001"},
    ),
    (
        "SELECT [Order Details].[Unit Price] FROM [Order Details]",
        'SELECT "order details"."unit price" FROM "order details"',
        set(),
    ),
    # @variables outside procedural code, SELECT INTO #temp
    ("SELECT a FROM t WHERE id = @id", "SELECT a FROM t WHERE id = $id", {"CONV-TSQL-VAR-001", "CONV-RESIDUAL-001"}),
    ("SELECT a INTO #t FROM b", "SELECT a INTO TEMPORARY t FROM b", {"CONV-TSQL-TEMP-001"}),
    # FOR XML PATH('') concatenation -> string_agg
    (
        "SELECT STUFF((SELECT ',' + n FROM t ORDER BY n FOR XML PATH('')), 1, 1, '')",
        "SELECT (SELECT string_agg(n, ',' ORDER BY n NULLS FIRST) FROM t)",
        {"CONV-TSQL-XMLPATH-001"},
    ),
    ("SELECT a FROM t FOR XML PATH('row')", "SELECT a FROM t", {"CONV-UNSUPPORTED-001"}),
    # UPDATE/DELETE joined to their own target: PostgreSQL would join the table with itself
    (
        "UPDATE x SET x.a = 1 FROM t AS x INNER JOIN u ON x.id = u.id WHERE u.k = 2",
        "UPDATE t AS x SET a = 1 FROM u WHERE x.id = u.id AND u.k = 2",
        set(),
    ),
    ("UPDATE t SET a = 1 FROM u WHERE t.id = u.id", "UPDATE t SET a = 1 FROM u WHERE t.id = u.id", set()),
    (
        "DELETE t FROM t JOIN u ON t.id = u.id WHERE u.x = 1",
        "DELETE FROM t USING u WHERE t.id = u.id AND u.x = 1",
        set(),
    ),
    (
        "UPDATE x SET a = 1 FROM t AS x LEFT JOIN u ON x.id = u.id",
        "UPDATE x SET a = 1 FROM t AS x LEFT JOIN u ON x.id = u.id",
        {"CONV-TSQL-UPDATEJOIN-001"},
    ),
    # a parenthesised join in UPDATE ... FROM (in SELECT: test_rewrites_common.py)
    (
        "UPDATE a SET a.x = c.y FROM a JOIN (b JOIN c ON b.c_id = c.id) ON a.b_id = b.id",
        "UPDATE a SET x = c.y FROM (b JOIN c ON b.c_id = c.id) WHERE a.b_id = b.id",
        set(),
    ),
    # OPENJSON has no PostgreSQL form (its jsonb rewrite depends on what the caller reads): kept, flagged
    (
        "SELECT j.name FROM t CROSS APPLY OPENJSON(t.doc, '$.items') WITH (name NVARCHAR(30) '$.name') j",
        "SELECT j.name FROM t INNER JOIN LATERAL OPENJSON(t.doc, '$.items') WITH (name VARCHAR(30) '$.name') AS j ON TRUE",
        {"CONV-TSQL-OPENJSON-001"},
    ),
    (
        "SELECT j.[key], j.value FROM t CROSS APPLY OPENJSON(t.doc) j",
        "SELECT j.key, j.value FROM t INNER JOIN LATERAL OPENJSON(t.doc) AS j ON TRUE",
        {"CONV-TSQL-OPENJSON-001"},
    ),
    ("INSERT INTO t (a) OUTPUT inserted.id VALUES (1)", "INSERT INTO t (a) VALUES (1) RETURNING id", set()),
    ("SELECT a FROM t OPTION (RECOMPILE)", "SELECT a FROM t", {"CONV-TSQL-OPTION-001"}),
    # types in CAST follow the DDL's type table
    (
        "SELECT CAST(a AS NVARCHAR(MAX)), CAST(b AS BIT), CAST(c AS DATETIME) FROM t",
        "SELECT CAST(a AS TEXT), CAST(b AS BOOLEAN), CAST(c AS TIMESTAMP(3)) FROM t",
        set(),
    ),
    # a character type without a length is 30 long in CAST/CONVERT (the value is cut there in SQL Server too)
    (
        "SELECT CAST(a AS VARCHAR), CONVERT(NVARCHAR, b) FROM t",
        "SELECT CAST(a AS VARCHAR(30)), CAST(b AS VARCHAR(30)) FROM t",
        set(),
    ),
    ("SELECT CAST(a AS my_udt) FROM t", "SELECT CAST(a AS my_udt) FROM t", {"CONV-CAST-001"}),
    ("SELECT NEWID()", "SELECT GEN_RANDOM_UUID()", set()),
    ("SELECT NEXT VALUE FOR dbo.OrderSeq", "SELECT nextval('dbo.orderseq')", set()),
    ("SELECT ROUND(a, 2, 1), ROUND(a, 2) FROM t", "SELECT trunc(a, 2), round(a, 2) FROM t", set()),
    ("SELECT DATEFROMPARTS(y, m, 1) FROM t", "SELECT make_date(y, m, 1) FROM t", set()),
    ("SELECT @@SPID, @@VERSION", "SELECT pg_backend_pid(), version()", set()),
    ("SELECT ISNUMERIC(a) FROM t", "SELECT isnumeric(a) FROM t", {"CONV-TSQL-FUNC-001"}),
    (
        "SELECT STUFF(a, 2, 3, 'xy') FROM t",
        "SELECT CASE WHEN 2 > length(a) THEN NULL ELSE OVERLAY(a PLACING 'xy' FROM 2 FOR 3) END FROM t",
        set(),
    ),
    ("SELECT CHOOSE(i, 'a', 'b') FROM t", "SELECT (array['a', 'b'])[i] FROM t", set()),
    (
        "SELECT QUOTENAME(n) FROM t",
        "SELECT CASE WHEN length(n) > 128 THEN NULL ELSE '[' || replace(n, ']', ']]') || ']' END FROM t",
        set(),
    ),
    (
        "SELECT TRY_CAST(a AS INT) FROM t",
        "SELECT CASE WHEN pg_input_is_valid(CAST(a AS TEXT), 'INT') THEN CAST(CAST(a AS TEXT) AS INT) END FROM t",
        set(),
    ),
    ("SELECT PATINDEX('%x%', a) FROM t", "SELECT regexp_instr(a, 'x') FROM t", set()),
    ("SELECT PATINDEX(p, a) FROM t", "SELECT patindex(p, a) FROM t", {"CONV-TSQL-FUNC-001"}),
]


@pytest.mark.parametrize(("tsql", "expected", "rules"), QUERIES)
def test_tsql_query(tsql: str, expected: str, rules: set[str]) -> None:
    result = convert_query(tsql, "sqlserver")
    assert result.sql == expected
    assert {f.rule_id for f in result.findings} == rules


EXPRESSIONS = [
    ("getdate()", NOW, "default"),
    ("(sysdatetimeoffset())", "(statement_timestamp())", "default"),
    ("(sysutcdatetime())", "(statement_timestamp() AT TIME ZONE 'UTC')", "default"),
    ("newid()", "GEN_RANDOM_UUID()", "default"),
    ("([qty]*[unit_price])", "(qty * unit_price)", "generated_column"),
    ("[status] IN ('A', 'I')", "status IN ('A', 'I')", "check"),
    ("([deleted]=(0))", "(deleted = (0))", "index"),
]


@pytest.mark.parametrize(("tsql", "expected", "kind"), EXPRESSIONS)
def test_tsql_expression(tsql: str, expected: str, kind: str) -> None:
    assert convert_expression(tsql, "sqlserver", RewriteOptions(object_kind=kind)).sql == expected


def test_try_cast_before_postgresql_16_is_flagged() -> None:
    result = convert_query("SELECT TRY_CAST(a AS INT) FROM t", "sqlserver", RewriteOptions(target_version=15))
    assert (result.sql, [f.rule_id for f in result.findings]) == (
        "SELECT CAST(a AS INT) FROM t",
        ["CONV-TSQL-FUNC-001"],
    )


def test_variables_inside_procedures_are_not_findings() -> None:
    result = convert_query("SELECT a FROM t WHERE id = @id", "sqlserver", RewriteOptions(procedural=True))
    assert "CONV-TSQL-VAR-001" not in {f.rule_id for f in result.findings}


def test_string_columns_make_plus_a_concatenation() -> None:
    from converters.rewrite import string_columns
    from migrate.model import Column, Inventory, Schema, SourceInfo, Table, parse_column_type

    columns = (
        Column("FirstName", parse_column_type("nvarchar(50)", "sqlserver")),
        Column("Qty", parse_column_type("int", "sqlserver")),
    )
    inventory = Inventory(SourceInfo("sqlserver"), schemas=(Schema("dbo", tables=(Table("dbo", "P", columns),)),))
    options = RewriteOptions(string_columns=string_columns(inventory))
    assert string_columns(inventory) == {"firstname"}
    assert convert_query("SELECT FirstName + LastName, Qty + 1 FROM P", "sqlserver", options).sql == (
        "SELECT firstname || lastname, qty + 1 FROM p"
    )


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("SELECT name FROM sys.objects WHERE type = 'U'", "to_regclass"),
        ("SELECT COUNT(*) FROM sys.dm_exec_sessions", "pg_stat_activity"),
        ("SELECT name FROM sysobjects WHERE xtype = 'P'", "pg_class"),
        ("SELECT * FROM master.dbo.sysdatabases", "pg_database"),  # SQL Server 2000 system table
    ],
)
def test_system_catalog_views_are_findings(query: str, where: str | None) -> None:
    found = [f for f in convert_query(query, "sqlserver").findings if f.rule_id == "CONV-TSQL-CATALOG-001"]
    assert (where in found[0].message) if where else not found
