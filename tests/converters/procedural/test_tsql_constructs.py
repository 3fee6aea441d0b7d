"""T-SQL constructs that used to keep a unit manual: OUTPUT (with and without INTO), @@ERROR after a data
statement, SAVE TRANSACTION, GOTO, ... One line per shape: a piece of the expected PL/pgSQL in order, and the
findings expected (the shapes that stay manual say why). Behaviour on PostgreSQL: test_tsql_constructs_run.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from migrate.model import ConvertedObject

TABLES = """CREATE TYPE dbo.IdList AS TABLE (id int NOT NULL PRIMARY KEY);
GO
CREATE PROCEDURE dbo.rows_of @min int AS SELECT id, name FROM dbo.items WHERE id >= @min;
GO
CREATE TABLE dbo.items (id int IDENTITY(1,1) NOT NULL PRIMARY KEY, name nvarchar(50) NULL, flag bit NULL);
GO
CREATE TABLE dbo.item_log (n int IDENTITY(1,1) NOT NULL, id int NULL, name nvarchar(50) NULL);
GO
"""
P = "CREATE PROCEDURE dbo.p @a int = 0, @s nvarchar(20) = NULL\nAS\nBEGIN\n{}\nEND"
F = "CREATE FUNCTION dbo.f (@a int)\nRETURNS int\nAS\nBEGIN\n{}\nEND"
ERROR_BLOCK = [
    "BEGIN  -- @@ERROR is read next",
    "v_error := 0;",
    "EXCEPTION WHEN OTHERS THEN",
    "RAISE;  -- SQL Server ends the batch on this error",
    "v_error := CASE v_error_sqlstate WHEN '23505' THEN 2627",
]

CASES = [
    # OUTPUT ... INTO a table: its identity column is skipped (as SQL Server does), named from the inventory
    (
        P.format("DELETE FROM dbo.items OUTPUT deleted.id, deleted.name INTO dbo.item_log WHERE id = @a;"),
        [
            "WITH output_rows AS (DELETE FROM dbo.items WHERE id = p_a RETURNING id, name) "
            "INSERT INTO dbo.item_log (id, name) SELECT * FROM output_rows;"
        ],
        set(),
    ),
    (  # a table variable with an identity column: skipped too
        P.format(
            "DECLARE @k TABLE (n int IDENTITY(1,1), id int);\n"
            "DELETE FROM dbo.items OUTPUT deleted.id INTO @k WHERE id = @a;"
        ),
        ["INSERT INTO tv_k (id) SELECT * FROM output_rows;"],
        set(),
    ),
    # OUTPUT without INTO: the rows are a result set; the DML runs where it stands
    (
        P.format("UPDATE dbo.items SET name = @s OUTPUT inserted.id, inserted.name WHERE id = @a;"),
        [
            "INOUT result_set_1 refcursor DEFAULT NULL",
            "CREATE TEMPORARY TABLE tmp_output_1 (id integer, name varchar(50));",
            "PRAGMA:TABLE: tmp_output_1",
            "WITH output_rows AS (UPDATE dbo.items SET name = p_s WHERE id = p_a RETURNING id, name)",
            "INSERT INTO tmp_output_1 SELECT * FROM output_rows;",
            "OPEN result_set_1 FOR SELECT * FROM tmp_output_1;",
        ],
        {"PROC-TSQL-RESULTSET-001"},
    ),
    (P.format("DELETE FROM dbo.items OUTPUT deleted.id + 1 WHERE id = @a;"), ["/*"], {"PROC-TSQL-OUTPUT-001"}),
    (
        P.format("DELETE FROM dbo.items OUTPUT deleted.* WHERE id = @a;"),
        ["CREATE TEMPORARY TABLE tmp_output_1 (id integer, name varchar(50), flag boolean);", "RETURNING *)"],
        {"PROC-TSQL-RESULTSET-001"},
    ),
    (F.format("DELETE FROM dbo.items OUTPUT deleted.id;\nRETURN 1;"), ["/*"], {"PROC-TSQL-RESULTSET-002"}),
    (
        P.format(
            "MERGE dbo.items AS t USING (SELECT 1 AS id) AS s ON t.id = s.id WHEN MATCHED THEN DELETE OUTPUT $action;"
        ),
        ["/*"],
        {"PROC-TSQL-OUTPUTINTO-001", "CONV-TSQL-OUTPUT-003", "CONV-FUNC-002"},
    ),
    # @@ERROR right after a data statement
    (
        P.format("UPDATE dbo.items SET name = 'x';\nIF @@ERROR <> 0 RETURN;"),
        [*ERROR_BLOCK, "IF v_error <> 0 THEN"],
        set(),
    ),
    (
        P.format("DECLARE @e int, @r int;\nDELETE FROM dbo.items;\nSELECT @e = @@ERROR, @r = @@ROWCOUNT;"),
        [*ERROR_BLOCK, "v_rowcount := 0;", "SELECT v_error, v_rowcount INTO v_e, v_r;"],
        set(),
    ),
    (
        P.format("SET XACT_ABORT ON;\nUPDATE dbo.items SET name = 'x';\nIF @@ERROR <> 0 RETURN;"),
        ["UPDATE dbo.items SET name = 'x';", "v_error := 0;  -- @@ERROR: an error here would not reach"],
        set(),
    ),
    (P.format("EXEC dbo.p2;\nIF @@ERROR <> 0 RETURN;"), ["IF"], {"PROC-TSQL-ERROR-001", "CONV-RESIDUAL-001"}),
    (  # a WHILE condition is read again after each pass
        P.format("UPDATE dbo.items SET name = 'x';\nWHILE @@ERROR = 0 AND @a < 3 SET @a = @a + 1;"),
        ["UPDATE dbo.items SET name = 'x';"],
        {"PROC-TSQL-ERROR-001", "CONV-RESIDUAL-001"},
    ),
    # SAVE TRANSACTION: a BEGIN ... EXCEPTION block is the savepoint
    (
        P.format(
            "BEGIN TRAN;\nSAVE TRAN sp;\nBEGIN TRY\n  UPDATE dbo.items SET name = 'x';\nEND TRY\n"
            "BEGIN CATCH\n  ROLLBACK TRAN sp;\n  SET @a = 1;\nEND CATCH\nCOMMIT;"
        ),
        [
            "-- SAVE TRAN sp: the BEGIN ... EXCEPTION block below rolls back to here",
            "BEGIN",
            "EXCEPTION WHEN OTHERS THEN",
            "-- ROLLBACK TRAN sp: already undone",
            "p_a := 1;",
            "COMMIT;",
        ],
        {"PROC-TSQL-TRAN-004"},
    ),
    (
        P.format(
            "BEGIN TRAN;\nSAVE TRAN sp;\nINSERT INTO dbo.items (name) VALUES ('a');\n"
            "IF @@ERROR <> 0\nBEGIN\n  ROLLBACK TRAN sp;\n  RETURN;\nEND\nCOMMIT;"
        ),
        [*ERROR_BLOCK, "IF v_error <> 0 THEN", "-- ROLLBACK TRAN sp: already undone", "COMMIT;"],
        {"PROC-TSQL-TRAN-004"},
    ),
    (  # no transaction open: SQL Server refuses SAVE; the rollback is not first in CATCH
        P.format(
            "SAVE TRAN sp;\nBEGIN TRY\n  UPDATE dbo.items SET name = 'x';\nEND TRY\n"
            "BEGIN CATCH\n  ROLLBACK TRAN sp;\nEND CATCH"
        ),
        ["/ * SAVE TRAN sp * /"],
        {"PROC-TSQL-SAVETRAN-001"},
    ),
    (
        P.format(
            "BEGIN TRAN;\nSAVE TRAN sp;\nBEGIN TRY\n  UPDATE dbo.items SET name = 'x';\nEND TRY\n"
            "BEGIN CATCH\n  INSERT INTO dbo.item_log (id) VALUES (1);\n  ROLLBACK TRAN sp;\nEND CATCH"
        ),
        ["/ * SAVE TRAN sp * /"],
        {"PROC-TSQL-SAVETRAN-001"},
    ),
    # a full ROLLBACK in CATCH: dropped when the transaction wrote nothing before TRY, else a finding
    (
        P.format(
            "BEGIN TRAN;\nBEGIN TRY\n  UPDATE dbo.items SET name = 'x';\n  COMMIT;\nEND TRY\n"
            "BEGIN CATCH\n  IF @@TRANCOUNT > 0 ROLLBACK;\nEND CATCH"
        ),
        ["EXCEPTION WHEN OTHERS THEN", "-- ROLLBACK: the enclosing BEGIN ... EXCEPTION block is the transaction"],
        {"PROC-TSQL-TRAN-002"},
    ),
    (
        P.format(
            "BEGIN TRAN;\nDELETE FROM dbo.item_log;\nBEGIN TRY\n  UPDATE dbo.items SET name = 'x';\n"
            "  COMMIT;\nEND TRY\nBEGIN CATCH\n  IF @@TRANCOUNT > 0 ROLLBACK;\nEND CATCH"
        ),
        ["/ * ROLLBACK * /"],
        {"PROC-TSQL-TRAN-001", "PROC-TSQL-TRAN-002"},
    ),
    # GOTO forwards to a label of the same statement list: a labelled block left by EXIT
    (
        P.format(
            "IF @a = 0 GOTO done;\nWHILE @a > 0\nBEGIN\n  SET @a = @a - 1;\n  IF @a = 5 GOTO done;\nEND\n"
            "SET @s = 'loop';\ndone:\nSET @s = 'end';"
        ),
        [
            "<<l_done>>",
            "BEGIN",
            "IF p_a = 0 THEN",
            "EXIT l_done;",
            "WHILE p_a > 0 LOOP",
            "EXIT l_done;",
            "p_s := 'loop';",
            "END l_done;",
            "p_s := 'end';",
        ],
        set(),
    ),
    (
        P.format("IF @a = 0 GOTO one;\nIF @a = 1 GOTO two;\none:\nSET @s = '1';\ntwo:\nSET @s = '2';"),
        ["<<l_two>>", "<<l_one>>", "EXIT l_one;", "EXIT l_two;", "END l_one;", "p_s := '1';", "END l_two;"],
        set(),
    ),
    (P.format("again:\nSET @a = @a + 1;\nIF @a < 5 GOTO again;"), ["GOTO again"], {"PROC-TSQL-GOTO-001"}),
    (  # no semicolons: the label ends the RETURN before it (it is not RETURN's value)
        P.format("IF @a = 0\n    GOTO done\nRETURN\ndone:\n    SET @s = 'x'"),
        ["<<l_done>>", "EXIT l_done;", "RETURN;", "END l_done;", "p_s := 'x';"],
        set(),
    ),
]


SCROLL_CASES = [
    (
        P.format(
            "DECLARE @i int;\nDECLARE c CURSOR LOCAL SCROLL FOR SELECT id FROM dbo.items ORDER BY id;\nOPEN c;\n"
            "FETCH LAST FROM c INTO @i;\nFETCH PRIOR FROM c INTO @i;\nFETCH ABSOLUTE @a FROM c INTO @i;\n"
            "FETCH RELATIVE -1 FROM c INTO @i;\nFETCH FIRST FROM c INTO @i;\nCLOSE c;\nDEALLOCATE c;"
        ),
        [
            "OPEN c SCROLL FOR SELECT id FROM dbo.items ORDER BY id",
            "FETCH LAST FROM c INTO v_i;",
            "v_fetch_status := CASE WHEN FOUND THEN 0 ELSE -1 END;",
            "FETCH PRIOR FROM c INTO v_i;",
            "FETCH ABSOLUTE p_a FROM c INTO v_i;",
            "FETCH RELATIVE -1 FROM c INTO v_i;",
            "FETCH FIRST FROM c INTO v_i;",
        ],
        set(),
    ),
    (
        P.format(
            "DECLARE @i int;\nDECLARE c CURSOR FOR SELECT id FROM dbo.items;\nOPEN c;\nFETCH PRIOR FROM c INTO @i;"
        ),
        ["OPEN c FOR"],
        {"PROC-TSQL-CURSOR-001"},
    ),
    (
        P.format("DECLARE c CURSOR SCROLL FOR SELECT id FROM dbo.items FOR UPDATE OF name;\nOPEN c;"),
        ["OPEN c SCROLL FOR"],
        {"PROC-TSQL-CURSOR-001", "CONV-PARSE-001"},
    ),
    (
        P.format("DECLARE c CURSOR KEYSET FOR SELECT id FROM dbo.items;\nOPEN c;"),
        ["OPEN c FOR"],
        {"PROC-TSQL-CURSOR-001"},
    ),
    (  # FETCH without INTO sends the row to the client
        P.format("DECLARE c CURSOR FOR SELECT id FROM dbo.items;\nOPEN c;\nFETCH NEXT FROM c;"),
        ["OPEN c FOR"],
        {"PROC-TSQL-CURSOR-001"},
    ),
]
CASES += SCROLL_CASES
CASES += [
    # INSERT ... EXEC of a converted procedure: its result sets' rows, inserted by one INSERT
    (
        P.format("CREATE TABLE #r (id int, name nvarchar(50));\nINSERT INTO #r EXEC dbo.rows_of @a;"),
        [
            "v_ie_id_all := '{}';",
            "v_insert_exec_1 := NULL;",
            "CALL dbo.rows_of(p_a, result_set_1 => v_insert_exec_1);",
            "FETCH v_insert_exec_1 INTO v_ie_id, v_ie_name;",
            "EXIT WHEN NOT FOUND;",
            "v_ie_id_all := v_ie_id_all || v_ie_id;",
            "CLOSE v_insert_exec_1;",
            "INSERT INTO tmp_r (id, name) SELECT * FROM unnest(v_ie_id_all, v_ie_name_all);",
        ],
        set(),
    ),
    (  # the identity column of the target is skipped, as SQL Server does
        P.format("INSERT dbo.item_log EXEC dbo.rows_of 1;"),
        ["INSERT INTO dbo.item_log (id, name) SELECT * FROM unnest(v_ie_id_all, v_ie_name_all);"],
        set(),
    ),
    (P.format("INSERT INTO dbo.item_log (id) EXEC dbo.unknown_proc;"), ["/*"], {"PROC-TSQL-EXEC-001"}),
    (
        P.format("INSERT INTO dbo.item_log (id) EXEC ('SELECT 1');"),
        ["OPEN v_insert_exec_1 FOR EXECUTE 'SELECT 1';", "FETCH v_insert_exec_1 INTO v_ie_id;"],
        set(),
    ),
    (
        P.format("DECLARE @q nvarchar(99) = N'SELECT id FROM dbo.items';\nINSERT INTO dbo.item_log (id) EXEC (@q);"),
        ["OPEN v_insert_exec_1 FOR EXECUTE (v_q);", "INSERT INTO dbo.item_log (id) SELECT * FROM unnest(v_ie_id_all);"],
        {"PROC-TSQL-DYNAMIC-001"},
    ),
    (
        P.format(
            "INSERT INTO dbo.item_log (id) EXEC sp_executesql N'SELECT id FROM dbo.items WHERE id > @m', N'@m int', @a;"
        ),
        ["OPEN v_insert_exec_1 FOR EXECUTE 'SELECT id FROM dbo.items WHERE id > $1' USING p_a;"],
        set(),
    ),
    (P.format("INSERT INTO dbo.item_log (id) EXEC master.dbo.xp_cmdshell 'dir';"), ["/*"], {"PROC-TSQL-EXEC-001"}),
    # table-valued parameters: an array of the table type's composite type, read as a temporary table
    (
        "CREATE PROCEDURE dbo.p @t dbo.IdList READONLY\nAS\nSELECT id FROM @t;",
        [
            "dbo.p(p_t dbo.idlist[]",
            "CREATE TEMPORARY TABLE tvp_t (id INT NOT NULL PRIMARY KEY);",
            "INSERT INTO tvp_t SELECT * FROM unnest(p_t);",
            "OPEN result_set_1 FOR SELECT id FROM tvp_t;",
        ],
        set(),
    ),
    (
        P.format("DECLARE @k dbo.IdList;\nINSERT INTO @k VALUES (1);\nEXEC dbo.p2 @k;"),
        [
            "CREATE TEMPORARY TABLE tv_k (id INT NOT NULL PRIMARY KEY);",
            "v_tv_k_rows := (SELECT coalesce(array_agg(ROW(t.*)::dbo.idlist), '{}') FROM tv_k AS t);",
            "CALL dbo.p2(v_tv_k_rows);",
        ],
        set(),
    ),
    (
        "CREATE FUNCTION dbo.f (@t dbo.IdList READONLY)\nRETURNS TABLE\nAS\nRETURN SELECT id FROM @t",
        [],
        {"PROC-TSQL-UNIT-001", "PROC-TSQL-PARSE-001"},
    ),
    # COLUMNS_UPDATED(): column_id bits, not known from scripts (decided: a finding; UPDATE(col) converts)
    (
        "CREATE TRIGGER dbo.trg ON dbo.items AFTER UPDATE AS IF COLUMNS_UPDATED() & 2 > 0 PRINT 'x'",
        [],
        {"PROC-TSQL-TRIGGER-003"},
    ),
]
CASES += [
    # sp_executesql with OUTPUT parameters: a literal assignment becomes a FOR ... IN EXECUTE loop
    (
        P.format(
            "DECLARE @n int, @m int;\nEXEC sp_executesql N'SELECT @c = COUNT(*), @t = MAX(id) FROM dbo.items "
            "WHERE id > @k', N'@k int, @c int OUTPUT, @t int OUTPUT', @k = @a, @c = @n OUTPUT, @t = @m OUTPUT;"
        ),
        [
            "FOR v_n_row, v_m_row IN EXECUTE 'SELECT count(*), max(id) FROM dbo.items WHERE id > $1' "
            "USING p_a, v_n, v_m LOOP",
            "v_n := v_n_row;",
            "v_m := v_m_row;",
            "END LOOP;",
        ],
        set(),
    ),
    (
        P.format("EXEC sp_executesql N'SET @c = @c * 2', N'@c int OUTPUT', @a OUTPUT;"),
        ["FOR p_a_row IN EXECUTE 'SELECT $1 * 2' USING p_a LOOP", "p_a := p_a_row;"],
        set(),
    ),
    (  # accumulates row by row in SQL Server
        P.format("EXEC sp_executesql N'SELECT @c = @c + id FROM dbo.items', N'@c int OUTPUT', @c = @a OUTPUT;"),
        ["/*"],
        {"PROC-TSQL-EXEC-001"},
    ),
    (  # the OUTPUT parameter is passed without OUTPUT: SQL Server does not copy it back
        P.format("EXEC sp_executesql N'SET @c = 1', N'@c int OUTPUT', @a;"),
        ["/*"],
        {"PROC-TSQL-EXEC-001"},
    ),
]


def _unit(text: str, tmp_path: Path) -> ConvertedObject:
    script = tmp_path / "unit.sql"
    script.write_text(TABLES + text + "\nGO\n", encoding="utf-8")
    result = convert_inventory(scan_files([script], "sqlserver"), jobs=1)
    code = ("procedure", "function", "trigger")
    return next(o for o in result.objects if o.kind in code and o.name in ("p", "f", "trg"))


ALLOWED = {
    "PROC-TSQL-RESULTSET-001",
    "PROC-TSQL-TEMP-001",
    "PROC-TSQL-TYPE-001",
    "PROC-TSQL-SETOPT-001",
    "PROC-TSQL-RAISERROR-002",
    "CONV-FUNC-001",
}


@pytest.mark.parametrize(("text", "pieces", "rules"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_tsql_construct_converts(text: str, pieces: list[str], rules: set[str], tmp_path: Path) -> None:
    unit = _unit(text, tmp_path)
    found = {f.rule_id for f in unit.findings}
    assert rules <= found, unit.sql
    assert found - ALLOWED <= rules, unit.sql
    manual = any(f.severity.value == "high" for f in unit.findings)
    assert (unit.status.value == "manual") == manual
    at = 0
    for piece in pieces:
        where = unit.sql.find(piece, at)
        assert where >= 0, f"{piece!r} not in order in:\n{unit.sql}"
        at = where


def test_a_table_type_becomes_a_composite_type(tmp_path: Path) -> None:
    script = tmp_path / "unit.sql"
    script.write_text(TABLES, encoding="utf-8")
    result = convert_inventory(scan_files([script], "sqlserver"), jobs=1)
    kind = next(o for o in result.objects if o.kind == "type")
    assert kind.sql.strip() == "CREATE TYPE dbo.idlist AS (id integer);"
    assert kind.status.value == "converted"
