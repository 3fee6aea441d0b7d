"""The constructs of test_tsql_constructs.py run on the real PostgreSQL: created with check_function_bodies = on,
clean under plpgsql_check, and giving the results SQL Server documents for the same T-SQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from migrate.model import ConversionResult, ObjectStatus
from tests.conftest import need_part
from tests.converters.procedural.conftest import deploy_objects

SCHEMA = """
CREATE TABLE dbo.items (id int NOT NULL PRIMARY KEY, name nvarchar(50) NULL);
GO
CREATE TABLE dbo.item_log (n int IDENTITY(1,1) NOT NULL, id int NULL, name nvarchar(50) NULL);
GO
CREATE TYPE dbo.IdList AS TABLE (id int NOT NULL PRIMARY KEY, label nvarchar(20) NULL);
GO
"""

ROUTINES = """
CREATE PROCEDURE dbo.rename_all @suffix nvarchar(5), @left int OUTPUT
AS
BEGIN
    UPDATE dbo.items SET name = name + @suffix OUTPUT inserted.id, inserted.name WHERE id < 3;
    SELECT @left = COUNT(*) FROM dbo.items WHERE name NOT LIKE '%' + @suffix;
END
GO
CREATE PROCEDURE dbo.archive @min int
AS
BEGIN
    DELETE FROM dbo.items OUTPUT deleted.id, deleted.name INTO dbo.item_log WHERE id >= @min;
END
GO
CREATE PROCEDURE dbo.add_checked @id int, @name nvarchar(50), @err int OUTPUT, @rows int OUTPUT
AS
BEGIN
    INSERT INTO dbo.items (id, name) VALUES (@id, @name);
    SELECT @err = @@ERROR, @rows = @@ROWCOUNT;
    IF @err <> 0
        RETURN 1;
    RETURN 0;
END
GO
CREATE PROCEDURE dbo.add_divided @id int, @d int, @err int OUTPUT
AS
BEGIN
    INSERT INTO dbo.items (id, name) VALUES (@id / @d, N'x');
    SET @err = @@ERROR;
END
GO
CREATE PROCEDURE dbo.two_steps @first int, @second int
AS
BEGIN
    BEGIN TRANSACTION;
    INSERT INTO dbo.items (id, name) VALUES (@first, N'kept');
    SAVE TRANSACTION step;
    BEGIN TRY
        INSERT INTO dbo.items (id, name) VALUES (@second, N'step');
        INSERT INTO dbo.items (id, name) VALUES (@first, N'duplicate');
    END TRY
    BEGIN CATCH
        ROLLBACK TRANSACTION step;
        INSERT INTO dbo.item_log (id, name) VALUES (ERROR_NUMBER(), N'caught');
    END CATCH
    COMMIT TRANSACTION;
END
GO
CREATE PROCEDURE dbo.count_to @limit int, @stop int, @reached int OUTPUT, @how nvarchar(10) OUTPUT
AS
BEGIN
    SET @reached = 0;
    SET @how = N'limit';
    IF @limit < 0 GOTO finished;
    WHILE @reached < @limit
    BEGIN
        SET @reached = @reached + 1;
        IF @reached = @stop GOTO stopped;
    END
    GOTO finished;
stopped:
    SET @how = N'stopped';
finished:
    RETURN @reached;
END
GO
CREATE PROCEDURE dbo.scrolled @trail nvarchar(100) OUTPUT
AS
BEGIN
    DECLARE @id int;
    SET @trail = N'';
    DECLARE c CURSOR LOCAL SCROLL FOR SELECT id FROM dbo.items ORDER BY id;
    OPEN c;
    FETCH LAST FROM c INTO @id;
    SET @trail = @trail + CAST(@id AS nvarchar(10)) + N',';
    FETCH PRIOR FROM c INTO @id;
    SET @trail = @trail + CAST(@id AS nvarchar(10)) + N',';
    FETCH ABSOLUTE 1 FROM c INTO @id;
    SET @trail = @trail + CAST(@id AS nvarchar(10)) + N',';
    FETCH RELATIVE 2 FROM c INTO @id;
    SET @trail = @trail + CAST(@id AS nvarchar(10)) + N',';
    FETCH PRIOR FROM c INTO @id;
    FETCH PRIOR FROM c INTO @id;
    FETCH PRIOR FROM c INTO @id;
    SET @trail = @trail + CAST(@@FETCH_STATUS AS nvarchar(10));
    CLOSE c;
    DEALLOCATE c;
END
GO
CREATE PROCEDURE dbo.count_above @min int, @count int OUTPUT, @top int OUTPUT
AS
BEGIN
    SET @top = -1;
    EXEC sp_executesql N'SELECT @c = COUNT(*) FROM dbo.items WHERE id > @k', N'@k int, @c int OUTPUT',
        @k = @min, @c = @count OUTPUT;
    EXEC sp_executesql N'SELECT @t = id FROM dbo.items WHERE id > @k ORDER BY id', N'@k int, @t int OUTPUT',
        @min, @top OUTPUT;
END
GO
CREATE PROCEDURE dbo.name_of @id int, @name nvarchar(50) OUTPUT
AS
BEGIN
    SET @name = N'none';
    SELECT @name = name FROM dbo.items WHERE id = @id;
END
GO
CREATE PROCEDURE dbo.items_from @min int
AS
BEGIN
    SELECT id, name FROM dbo.items WHERE id >= @min ORDER BY id;
    SELECT id + 100, name + N'+' FROM dbo.items WHERE id >= @min;
END
GO
CREATE PROCEDURE dbo.copy_items @min int, @copied int OUTPUT
AS
BEGIN
    CREATE TABLE #seen (id int, name nvarchar(50));
    INSERT INTO #seen EXEC dbo.items_from @min;
    INSERT INTO dbo.item_log (id, name) EXEC dbo.items_from @min = @min;
    SET @copied = @@ROWCOUNT;
END
GO
CREATE PROCEDURE dbo.count_listed @ids dbo.IdList READONLY, @found int OUTPUT, @labels nvarchar(100) OUTPUT
AS
BEGIN
    SELECT @found = COUNT(*) FROM dbo.items AS it JOIN @ids AS i ON i.id = it.id;
    SELECT @labels = STRING_AGG(label, N',') WITHIN GROUP (ORDER BY id) FROM @ids;
END
GO
CREATE PROCEDURE dbo.list_and_count @found int OUTPUT, @labels nvarchar(100) OUTPUT
AS
BEGIN
    DECLARE @ids dbo.IdList;
    INSERT INTO @ids (id, label) VALUES (1, N'one'), (3, N'three'), (7, N'seven');
    EXEC dbo.count_listed @ids, @found OUTPUT, @labels = @labels OUTPUT;
END
GO
CREATE PROCEDURE dbo.copy_dynamic @min int, @copied int OUTPUT
AS
BEGIN
    DECLARE @q nvarchar(200) = N'SELECT id, name FROM dbo.items WHERE id >= 3';
    INSERT INTO dbo.item_log (id, name)
        EXEC sp_executesql N'SELECT id, name FROM dbo.items WHERE id >= @m', N'@m int', @min;
    INSERT INTO dbo.item_log (id, name) EXEC (@q);
    SELECT @copied = COUNT(*) FROM dbo.item_log;
END
GO
CREATE PROCEDURE dbo.purge @min int
AS
    DELETE FROM dbo.items OUTPUT deleted.* WHERE id >= @min;
GO
"""


@pytest.fixture
def deployed(pg, tmp_path: Path) -> ConversionResult:  # type: ignore[no-untyped-def]
    script = tmp_path / "code.sql"
    script.write_text(SCHEMA + ROUTINES, encoding="utf-8")
    result = convert_inventory(scan_files([script], "sqlserver"), jobs=1)
    deploy_objects(pg, result)
    return result


def test_every_routine_converts_and_passes_plpgsql_check(pg, deployed: ConversionResult) -> None:  # type: ignore[no-untyped-def]
    code = [o for o in deployed.objects if o.kind == "procedure"]
    assert len(code) == 15
    assert [o.name for o in code if o.status is ObjectStatus.MANUAL] == []
    assert deployed.ledger.reconciles
    need_part("plpgsql_check", "plpgsql_check" in pg.extensions())
    pg.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
    rows = pg.rows("SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'dbo'::regnamespace")
    assert len(rows) == 15
    for (oid,) in rows:
        found = pg.rows(f"SELECT * FROM plpgsql_check_function({oid}, fatal_errors => false)")
        assert [m[0] for m in found if not m[0].startswith("warning extra")] == [], oid


def test_output_without_into_returns_the_rows_and_the_change_is_made_at_once(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: the UPDATE's OUTPUT rows go to the client; the SELECT after it already sees the new names."""
    pg.execute("INSERT INTO dbo.items VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    pg.execute("BEGIN")
    assert pg.rows("CALL dbo.rename_all('!', NULL, 'changed')") == [(1, "changed")]
    assert sorted(pg.rows("FETCH ALL FROM changed")) == [(1, "a!"), (2, "b!")]
    pg.execute("COMMIT")


def test_output_into_a_table_skips_its_identity_column(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    pg.execute("INSERT INTO dbo.items VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    pg.execute("CALL dbo.archive(2)")
    assert pg.rows("SELECT id FROM dbo.items") == [(1,)]
    assert pg.rows("SELECT n, id, name FROM dbo.item_log ORDER BY n") in (
        [(1, 2, "b"), (2, 3, "c")],
        [(1, 3, "c"), (2, 2, "b")],
    )


def test_error_after_a_statement_is_its_number_and_the_procedure_goes_on(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: a primary key violation ends the INSERT only; @@ERROR is 2627, @@ROWCOUNT 0, RETURN 1 runs."""
    assert pg.rows("CALL dbo.add_checked(1, 'a', NULL, NULL)") == [(0, 1, 0)]
    assert pg.rows("CALL dbo.add_checked(1, 'again', NULL, NULL)") == [(2627, 0, 1)]
    assert pg.rows("SELECT id, name FROM dbo.items") == [(1, "a")]


def test_a_batch_ending_error_still_ends_the_procedure(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: divide by zero (ARITHABORT ON) ends the batch; the caller gets the error, @@ERROR is never read."""
    with pytest.raises(Exception, match="division by zero"):
        pg.execute("CALL dbo.add_divided(1, 0, NULL)")
    assert pg.rows("CALL dbo.add_divided(4, 2, NULL)") == [(0,)]


def test_rollback_to_a_savepoint_keeps_the_work_before_it(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: the row before SAVE TRANSACTION is committed, the TRY part's rows are rolled back, and the
    CATCH part's log row (written after the rollback) is committed."""
    pg.execute("CALL dbo.two_steps(1, 2)")
    assert pg.rows("SELECT id, name FROM dbo.items") == [(1, "kept")]
    assert pg.rows("SELECT id, name FROM dbo.item_log") == [(2627, "caught")]


def test_goto_leaves_loops_and_skips_to_the_label(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    assert pg.rows("CALL dbo.count_to(5, 3, NULL, NULL, NULL)") == [(3, "stopped", 3)]
    assert pg.rows("CALL dbo.count_to(2, 3, NULL, NULL, NULL)") == [(2, "limit", 2)]
    assert pg.rows("CALL dbo.count_to(-1, 3, NULL, NULL, NULL)") == [(0, "limit", 0)]


def test_scroll_cursor_moves_as_sql_server_documents(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """Rows 10, 20, 30, 40: LAST 40, PRIOR 30, ABSOLUTE 1 -> 10, RELATIVE 2 -> 30; three PRIORs pass the first
    row: @@FETCH_STATUS -1."""
    pg.execute("INSERT INTO dbo.items VALUES (10, 'a'), (20, 'b'), (30, 'c'), (40, 'd')")
    assert pg.rows("CALL dbo.scrolled(NULL)") == [("40,30,10,30,-1",)]


def test_sp_executesql_output_parameters_come_back(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: COUNT(*) comes back in @count; the assignment SELECT keeps the last row's id in @top, and leaves
    @top as it was (-1) when no row comes back."""
    pg.execute("INSERT INTO dbo.items VALUES (10, 'a'), (20, 'b'), (30, 'c')")
    assert pg.rows("CALL dbo.count_above(15, NULL, NULL)") == [(2, 30)]
    assert pg.rows("CALL dbo.count_above(30, NULL, NULL)") == [(0, -1)]


def test_assignment_select_with_no_row_leaves_the_variable_alone(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: SELECT @v = col FROM ... with no matching row leaves @v unchanged (a FOR loop straight into the
    variable would set it to NULL)."""
    pg.execute("INSERT INTO dbo.items VALUES (1, 'a')")
    assert pg.rows("CALL dbo.name_of(1, NULL)") == [("a",)]
    assert pg.rows("CALL dbo.name_of(2, NULL)") == [("none",)]


def test_insert_exec_inserts_every_result_set(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: INSERT ... EXEC inserts the rows of both result sets; @@ROWCOUNT is their number; the target's
    identity column numbers them."""
    pg.execute("INSERT INTO dbo.items VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    assert pg.rows("CALL dbo.copy_items(2, NULL)") == [(4,)]
    assert sorted(pg.rows("SELECT id, name FROM dbo.item_log")) == [(2, "b"), (3, "c"), (102, "b+"), (103, "c+")]
    assert pg.rows("SELECT count(DISTINCT n) FROM dbo.item_log") == [(4,)]


def test_table_valued_parameter_passes_the_rows(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: the callee joins the caller's @ids rows (ids 1 and 3 exist) and reads their labels."""
    pg.execute("INSERT INTO dbo.items VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    assert pg.rows("CALL dbo.list_and_count(NULL, NULL)") == [(2, "one,three,seven")]
    assert pg.rows("SELECT typname FROM pg_type WHERE typname = 'idlist'") == [("idlist",)]


def test_insert_exec_of_dynamic_sql_inserts_its_rows(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    pg.execute("INSERT INTO dbo.items VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    assert pg.rows("CALL dbo.copy_dynamic(2, NULL)") == [(3,)]
    assert sorted(pg.rows("SELECT id, name FROM dbo.item_log")) == [(2, "b"), (3, "c"), (3, "c")]


def test_output_deleted_star_returns_the_deleted_rows(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    pg.execute("INSERT INTO dbo.items VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    pg.execute("BEGIN")
    pg.execute("CALL dbo.purge(2, 'gone')")
    assert sorted(pg.rows("FETCH ALL FROM gone")) == [(2, "b"), (3, "c")]
    pg.execute("COMMIT")
    assert pg.rows("SELECT id FROM dbo.items") == [(1,)]
