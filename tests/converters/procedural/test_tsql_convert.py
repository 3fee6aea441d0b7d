"""T-SQL units -> PL/pgSQL: one line per construct (a piece of the expected output, the findings expected), and a
guard that every rule of converters/procedural/tsql_rules.py has a line here."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.procedural.tsql_rules import TSQL_RULES
from migrate.model import ConvertedObject
from tests.converters.procedural.test_tsql_constructs import CASES as CONSTRUCT_CASES

TABLES = """CREATE TABLE dbo.items (id int IDENTITY(1,1) NOT NULL PRIMARY KEY, name nvarchar(50) NULL, flag bit NULL);
GO
CREATE VIEW dbo.v_items AS SELECT id, name FROM dbo.items;
GO
"""
P = "CREATE PROCEDURE dbo.p @a int = 0, @s nvarchar(20) = NULL\nAS\nBEGIN\n{}\nEND"
F = "CREATE FUNCTION dbo.f (@a int)\nRETURNS int\nAS\nBEGIN\n{}\nEND"
T = "CREATE TRIGGER dbo.trg ON dbo.items\nAFTER INSERT\nAS\nBEGIN\n{}\nEND"

# (unit text, pieces of the PL/pgSQL expected in order, rule ids of the findings expected)
CASES = [
    # variables, assignment, NULL semantics of +
    (P.format("DECLARE @x int = 5, @t nvarchar(10);\nSET @t = @s + N'!';"), ["v_x := 5;", "v_t := p_s || '!';"], set()),
    (P.format("DECLARE @x int;\nSET @x += @a;"), ["v_x := v_x + (p_a);"], set()),
    (P.format("DECLARE @f bit = 1;"), ["v_f := true;"], set()),
    (
        P.format("DECLARE @n int;\nSELECT @n = COUNT(*) FROM dbo.items;"),
        ["SELECT count(*) INTO v_n FROM dbo.items;"],
        set(),
    ),
    (
        P.format("DECLARE @n nvarchar(50);\nSELECT @n = name FROM dbo.items WHERE id = @a;"),
        ["FOR v_n_row IN SELECT name FROM dbo.items WHERE id = p_a LOOP", "v_n := v_n_row;", "END LOOP;"],
        set(),
    ),
    # control flow
    (
        P.format("IF @a > 1 PRINT 'big' ELSE IF @a = 1 PRINT 'one' ELSE PRINT 'small'"),
        ["IF p_a > 1 THEN", "RAISE NOTICE '%', 'big';", "ELSIF p_a = 1 THEN", "ELSE", "END IF;"],
        set(),
    ),
    (
        P.format("WHILE @a < 10 BEGIN SET @a = @a + 1; IF @a = 5 CONTINUE; IF @a = 8 BREAK; END"),
        ["WHILE p_a < 10 LOOP", "CONTINUE;", "EXIT;", "END LOOP;"],
        set(),
    ),
    (P.format("IF @a = 0 RETURN 1;\nRETURN;"), ["return_status := 1;", "RETURN;"], set()),
    (P.format("lbl:\nGOTO lbl;"), ["GOTO lbl"], {"PROC-TSQL-GOTO-001"}),
    (
        P.format("WAITFOR DELAY '00:00:01';"),
        ["PERFORM pg_sleep_for(CAST('00:00:01' AS interval));"],
        {"PROC-TSQL-WAITFOR-001"},
    ),
    # errors
    (
        P.format("BEGIN TRY SELECT 1/0; END TRY BEGIN CATCH PRINT ERROR_NUMBER(); END CATCH"),
        ["EXCEPTION WHEN OTHERS THEN", "GET STACKED DIAGNOSTICS", "v_error_number := CASE"],
        {"PROC-TSQL-ERRORNUM-001", "PROC-TSQL-RESULTSET-001"},
    ),
    (P.format("THROW 50010, N'bad', 1;"), ["RAISE EXCEPTION USING ERRCODE = 'U0010', MESSAGE = 'bad';"], set()),
    (P.format("BEGIN TRY SELECT 1; END TRY BEGIN CATCH THROW; END CATCH"), ["RAISE;"], {"PROC-TSQL-RESULTSET-001"}),
    (
        P.format("RAISERROR('id %d of %s', 16, 1, @a, @s);"),
        ["RAISE EXCEPTION USING ERRCODE = 'U0000', MESSAGE = format('id %s of %s', p_a, p_s);"],
        {"PROC-TSQL-RAISERROR-002"},
    ),
    (P.format("RAISERROR('note', 10, 1);"), ["RAISE NOTICE '%', 'note';"], set()),
    (P.format("RAISERROR('width %5d', 16, 1, @a) WITH LOG;"), ["format("], {"PROC-TSQL-RAISERROR-001"}),
    (
        P.format("SET @a = 1;\nIF @@ERROR <> 0 RETURN;"),  # after a data statement: test_tsql_constructs.py
        ["p_a := 1;"],
        {"PROC-TSQL-ERROR-001"},
    ),
    # transactions
    (
        P.format("BEGIN TRAN;\nUPDATE dbo.items SET name = 'x';\nCOMMIT;"),
        ["UPDATE dbo.items", "COMMIT;"],
        {"PROC-TSQL-TRAN-004"},
    ),
    (
        P.format(
            "BEGIN TRY BEGIN TRAN; DELETE FROM dbo.items; COMMIT; END TRY\n"
            "BEGIN CATCH IF @@TRANCOUNT > 0 ROLLBACK; THROW; END CATCH"
        ),
        ["-- BEGIN TRAN: the enclosing", "-- ROLLBACK: the enclosing", "RAISE;"],
        {"PROC-TSQL-TRAN-002"},
    ),
    (
        P.format(
            "BEGIN TRY DELETE FROM dbo.items; END TRY\n"
            "BEGIN CATCH INSERT INTO dbo.items (name) VALUES ('err'); THROW; END CATCH"
        ),
        ["RAISE;"],
        {"PROC-TSQL-TRAN-003"},
    ),
    (
        P.format("IF @@TRANCOUNT = 0 BEGIN TRANSACTION;\nUPDATE dbo.items SET name = 'x';\nIF @@TRANCOUNT > 0 COMMIT;"),
        ["-- BEGIN TRANSACTION: PostgreSQL starts the next transaction by itself", "COMMIT;"],
        {"PROC-TSQL-TRAN-004"},
    ),
    (P.format("SAVE TRANSACTION sp1;"), ["SAVE TRANSACTION sp1"], {"PROC-TSQL-SAVETRAN-001"}),
    (P.format("IF @@TRANCOUNT = 0 PRINT 'none';"), ["IF"], {"PROC-TSQL-TRANCOUNT-001"}),
    (T.format("COMMIT;"), ["COMMIT"], {"PROC-TSQL-TRAN-001"}),
    (
        T.format(
            "IF EXISTS (SELECT 1 FROM inserted WHERE name IS NULL) BEGIN RAISERROR('no name', 16, 1); ROLLBACK; END"
        ),
        [
            "MESSAGE = 'the trigger rolled back the transaction'",
            "REFERENCING NEW TABLE AS inserted",
            "FOR EACH STATEMENT",
        ],
        set(),
    ),
    # result sets, temp tables, cursors, identity, OUTPUT INTO
    (
        P.format("SELECT id, name FROM dbo.items WITH (NOLOCK);"),
        ["INOUT result_set_1 refcursor DEFAULT NULL", "OPEN result_set_1 FOR SELECT id, name FROM dbo.items;"],
        {"PROC-TSQL-RESULTSET-001", "CONV-TSQL-HINT-001"},
    ),
    (F.format("SELECT id FROM dbo.items;\nRETURN 1;"), ["RETURN 1;"], {"PROC-TSQL-RESULTSET-002"}),
    (
        P.format("CREATE TABLE #t (id int);\nINSERT INTO #t SELECT id FROM dbo.items;\nDROP TABLE #t;"),
        [
            "CREATE TEMPORARY TABLE tmp_t (id INT);",
            "PRAGMA:TABLE: tmp_t (id INT)",
            "INSERT INTO tmp_t SELECT",
            "DROP TABLE IF EXISTS tmp_t;",
        ],
        {"PROC-TSQL-TEMP-001"},
    ),
    (
        P.format("SELECT id INTO #k FROM dbo.items;"),
        ["CREATE TEMPORARY TABLE tmp_k AS SELECT id FROM dbo.items;", "PRAGMA:TABLE: tmp_k (id integer)"],
        set(),
    ),
    (
        P.format("DECLARE @id int;\nINSERT INTO dbo.items (name) VALUES (@s);\nSET @id = SCOPE_IDENTITY();"),
        ["RETURNING id INTO v_scope_identity;", "v_id := v_scope_identity;"],
        set(),
    ),
    (
        P.format(
            "DECLARE @id int;\nINSERT INTO dbo.items (name) SELECT name FROM dbo.items;\nSET @id = SCOPE_IDENTITY();"
        ),
        ["v_scope_identity := lastval();"],
        {"PROC-TSQL-IDENTITY-001"},
    ),
    (
        P.format("DECLARE @k TABLE (id int);\nINSERT INTO dbo.items (name) OUTPUT inserted.id INTO @k VALUES ('a');"),
        [
            "WITH output_rows AS (INSERT INTO dbo.items (name) VALUES ('a') RETURNING id)",
            "INSERT INTO tv_k SELECT * FROM output_rows;",
        ],
        {"PROC-TSQL-TEMP-001"},
    ),
    (
        P.format("UPDATE dbo.items SET name = 'b' OUTPUT deleted.name;"),
        ["/*"],
        {"CONV-TSQL-OUTPUT-001"},
    ),
    (
        P.format("DECLARE @n int;\nUPDATE dbo.items SET name = 'c';\nSET @n = @@ROWCOUNT;"),
        ["GET DIAGNOSTICS v_rowcount = ROW_COUNT;", "v_n := v_rowcount;"],
        set(),
    ),
    (
        P.format(
            "DECLARE @i int;\nDECLARE c CURSOR FOR SELECT id FROM dbo.items;\nOPEN c;\nFETCH NEXT FROM c INTO @i;\n"
            "WHILE @@FETCH_STATUS = 0 FETCH NEXT FROM c INTO @i;\nCLOSE c;\nDEALLOCATE c;"
        ),
        ["OPEN c FOR SELECT id FROM dbo.items;", "FETCH c INTO v_i;", "WHILE v_fetch_status = 0 LOOP", "CLOSE c;"],
        set(),
    ),
    (
        P.format("DECLARE c CURSOR SCROLL FOR SELECT id FROM dbo.items;\nOPEN c;\nFETCH LAST FROM c;"),
        ["OPEN c"],
        {"PROC-TSQL-CURSOR-001"},
    ),
    # EXEC
    (
        P.format("DECLARE @rc int, @o int;\nEXEC @rc = dbo.other @x = @a, @y = @o OUTPUT;"),
        ["CALL dbo.other(p_x => p_a, p_y => v_o, return_status => v_rc);"],
        set(),
    ),
    (P.format("EXEC dbo.other 1, N'two';"), ["CALL dbo.other(1, 'two');"], set()),
    (
        P.format("DECLARE @sql nvarchar(max) = N'SELECT 1';\nEXEC (@sql);\nEXEC sp_executesql @sql;"),
        ["OPEN result_set_1 FOR EXECUTE (v_sql);", "OPEN result_set_2 FOR EXECUTE v_sql;"],
        {"PROC-TSQL-DYNAMIC-001", "PROC-TSQL-RESULTSET-001"},
    ),
    (
        P.format("DECLARE @sql nvarchar(max) = N'DELETE FROM dbo.items';\nEXEC (@sql);"),
        ["EXECUTE (v_sql);"],
        {"PROC-TSQL-DYNAMIC-001"},
    ),
    (P.format("EXEC sp_who;"), ["EXEC sp_who"], {"PROC-TSQL-EXEC-001"}),
    (
        P.format(
            "DECLARE @q nvarchar(99);\nSET @q = N'SELECT id FROM dbo.items WHERE id > @i';\n"
            "EXEC sp_executesql @q, N'@i int', @a;"
        ),
        ["OPEN result_set_1 FOR EXECUTE regexp_replace(v_q, '@i\\M', '$1', 'gi') USING p_a;"],
        {"PROC-TSQL-DYNAMIC-001", "PROC-TSQL-RESULTSET-001"},
    ),
    (
        P.format("DECLARE @q nvarchar(99) = @s;\nEXEC (@q);"),
        ["EXECUTE (v_q);"],
        {"PROC-TSQL-DYNAMIC-002", "PROC-TSQL-DYNAMIC-001"},
    ),
    (
        P.format("EXEC ('DELETE FROM dbo.items WHERE name IS NULL');"),
        ["EXECUTE 'DELETE FROM dbo.items WHERE name IS NULL';"],
        set(),
    ),
    (
        P.format(
            "IF OBJECT_ID('tempdb..#w') IS NOT NULL DROP TABLE #w;\nIF OBJECT_ID('dbo.old') IS NOT NULL DROP TABLE dbo.old;"
        ),
        ["DROP TABLE IF EXISTS tmp_w;", "DROP TABLE IF EXISTS dbo.old;"],
        set(),
    ),
    (
        P.format("DECLARE @q nvarchar(99) = N'x';\nEXEC sp_executesql @q, N'@x int OUTPUT', @x = @a OUTPUT;"),
        ["/*"],
        {"PROC-TSQL-EXEC-001"},
    ),
    (
        P.format(
            "EXEC sp_executesql N'UPDATE dbo.items SET name = @n WHERE id = @i', N'@i int, @n nvarchar(9)', @a, @s;"
        ),
        ["EXECUTE 'UPDATE dbo.items SET name = $2 WHERE id = $1' USING p_a, p_s;"],
        set(),
    ),
    (
        P.format(
            "DECLARE @q nvarchar(200) = N'DELETE FROM dbo.items WHERE id = @i';\n"
            "EXEC sp_executesql @q, N'@i int', @i = @a;"
        ),
        ["EXECUTE regexp_replace(v_q, '@i\\M', '$1', 'gi') USING p_a;"],
        {"PROC-TSQL-DYNAMIC-001"},
    ),
    # SET options
    (
        P.format("SET NOCOUNT ON;\nSET XACT_ABORT ON;"),
        ["-- SET NOCOUNT ON: no PostgreSQL effect"],
        {"PROC-TSQL-SETOPT-001"},
    ),
    (P.format("SET IDENTITY_INSERT dbo.items ON;"), ["SET IDENTITY_INSERT"], {"PROC-TSQL-SETOPT-002"}),
    (P.format("USE otherdb;"), ["T-SQL kept as written: USE otherdb"], {"PROC-TSQL-PARSE-001"}),
    # headers
    (
        "CREATE PROCEDURE dbo.p @a int = 1, @b int\nAS\nSELECT @b",
        ["(p_a integer, p_b integer", "OPEN result_set_1 FOR SELECT p_b"],
        {"PROC-TSQL-DEFAULTS-001"},
    ),
    ("CREATE PROCEDURE dbo.p @t dbo.IdList READONLY\nAS\nRETURN", [], {"PROC-TSQL-UNIT-001", "PROC-TSQL-PARSE-001"}),
    ("CREATE PROCEDURE dbo.p\nWITH ENCRYPTION\nAS\nRETURN", [], {"PROC-TSQL-ENCRYPTED-001"}),
    ("CREATE PROCEDURE dbo.p @a int\nAS EXTERNAL NAME Asm.Cls.Method", [], {"PROC-TSQL-CLR-001"}),
    (
        "CREATE FUNCTION dbo.f (@a int) RETURNS int WITH SCHEMABINDING AS BEGIN RETURN @a + 1; END",
        ["RETURNS integer", "RETURN p_a + 1;"],
        {"PROC-TSQL-SCHEMABINDING-001"},
    ),
    (
        "CREATE FUNCTION dbo.f (@a int) RETURNS TABLE AS RETURN SELECT id, name, id * 2 AS twice FROM dbo.items",
        ["RETURNS TABLE (id integer, name varchar(50), twice text)"],
        {"PROC-TSQL-TYPE-001"},
    ),
    (
        "CREATE FUNCTION dbo.f (@a int) RETURNS TABLE AS RETURN (SELECT id, CAST(name AS varchar(9)) AS n FROM dbo.items)",
        ["RETURNS TABLE (id integer, n VARCHAR(9))", "LANGUAGE sql STABLE"],
        set(),
    ),
    (
        "CREATE FUNCTION dbo.f () RETURNS TABLE AS RETURN SELECT 'id: ' + CAST(id AS nvarchar(10)) AS label FROM dbo.items",
        ["RETURNS TABLE (label text)"],
        set(),
    ),
    ("CREATE PROCEDURE dbo.p AS", [], {"PROC-TSQL-HEADER-001"}),
    # triggers
    (
        "CREATE TRIGGER dbo.trg ON dbo.v_items INSTEAD OF UPDATE AS IF UPDATE(name) PRINT 'x'",
        [],
        {"PROC-TSQL-TRIGGER-001"},
    ),
    (
        "CREATE TRIGGER dbo.trg ON dbo.items AFTER INSERT, UPDATE AS IF UPDATE(name) PRINT 'x'",
        [
            "BEFORE UPDATE OF name ON dbo.items",
            "IF TRUE THEN",
            "v_updated_name := coalesce(current_setting(",
            "IF v_updated_name THEN",
        ],
        set(),
    ),
    (
        "CREATE TRIGGER dbo.trg ON dbo.items INSTEAD OF DELETE AS IF (SELECT COUNT(*) FROM deleted) > 1 ROLLBACK",
        [],
        {"PROC-TSQL-TRIGGER-002", "PROC-TSQL-TRIGGER-004"},
    ),
    (
        "CREATE TRIGGER dbo.trg ON dbo.v_items INSTEAD OF INSERT AS INSERT INTO dbo.items (name) SELECT name FROM inserted",
        ["FROM (SELECT new.*) AS inserted", "RETURN NEW;", "INSTEAD OF INSERT ON dbo.v_items", "FOR EACH ROW"],
        {"PROC-TSQL-TRIGGER-002"},
    ),
    (
        "CREATE TRIGGER dbo.trg ON dbo.items AFTER INSERT, DELETE AS SELECT 1 FROM deleted",
        ["trg_insert", "(SELECT * FROM inserted WHERE FALSE) AS deleted", "trg_delete"],
        {"PROC-TSQL-RESULTSET-002"},
    ),
]


# findings a line may raise besides its own: a consequence of the same construct
ALSO_ALLOWED = {"PROC-TSQL-TRAN-002", "PROC-TSQL-RAISERROR-002", "CONV-RESIDUAL-001"}


def _unit(text: str, tmp_path: Path) -> ConvertedObject:
    script = tmp_path / "unit.sql"
    script.write_text(TABLES + text + "\nGO\n", encoding="utf-8")
    result = convert_inventory(scan_files([script], "sqlserver"), jobs=1)
    return next(o for o in result.objects if o.kind in ("procedure", "function", "trigger"))


@pytest.mark.parametrize(("text", "pieces", "rules"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_tsql_unit_converts(text: str, pieces: list[str], rules: set[str], tmp_path: Path) -> None:
    unit = _unit(text, tmp_path)
    found = {f.rule_id for f in unit.findings} - {
        "PROC-TSQL-SCHEMABINDING-001",
        "PROC-TSQL-SETOPT-001",
        "PROC-TSQL-TEMP-001",
        "PROC-TSQL-TRIGGER-002",
        "CONV-FUNC-001",
    }
    expected = rules - {"PROC-TSQL-SCHEMABINDING-001", "PROC-TSQL-SETOPT-001", "PROC-TSQL-TEMP-001",
                        "PROC-TSQL-TRIGGER-002"}  # fmt: skip
    assert expected <= {f.rule_id for f in unit.findings}, unit.sql
    assert found - {"PROC-TSQL-RESULTSET-001"} <= expected | ALSO_ALLOWED, unit.sql
    at = 0
    for piece in pieces:
        where = unit.sql.find(piece, at)
        assert where >= 0, f"{piece!r} not in order in:\n{unit.sql}"
        at = where


def test_a_converter_bug_costs_one_unit_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> str:
        raise ValueError("boom")

    monkeypatch.setattr("converters.procedural.tsql._unit_sql", broken)
    unit = _unit(P.format("SET @a = 1;"), tmp_path)
    assert unit.status.value == "manual"
    assert [f.rule_id for f in unit.findings] == ["PROC-TSQL-INTERNAL-001"]
    assert "SET @a = 1;" in unit.sql  # the source is kept


# rules tested by a test of their own rather than a line of CASES
TESTED_ELSEWHERE = {"PROC-TSQL-INTERNAL-001"}  # test_a_converter_bug_costs_one_unit_not_the_run
TESTED_ELSEWHERE |= {rule for _text, _pieces, rules in CONSTRUCT_CASES for rule in rules}  # test_tsql_constructs


def test_every_tsql_rule_has_a_test_line() -> None:
    tested = {rule for _text, _pieces, rules in CASES for rule in rules} | TESTED_ELSEWHERE
    assert set(TSQL_RULES) - tested == set()
