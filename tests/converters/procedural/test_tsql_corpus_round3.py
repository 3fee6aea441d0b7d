"""Shapes met in real T-SQL code bases (IBuySpy, BugNET, the ASP.NET providers), run on the real PostgreSQL with
the results SQL Server documents for the same T-SQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from migrate.model import ConversionResult, ObjectStatus
from tests.conftest import need_part

SCHEMA = """
CREATE TABLE dbo.customers (id int NOT NULL PRIMARY KEY, email nvarchar(50) NULL);
GO
CREATE TABLE dbo.accounts (id int NOT NULL PRIMARY KEY, balance int NOT NULL);
GO
CREATE TABLE dbo.org (id int NOT NULL PRIMARY KEY, node hierarchyid NULL);
GO
CREATE TABLE dbo.events (id int NOT NULL PRIMARY KEY, app nvarchar(20) NOT NULL);
GO
CREATE VIEW dbo.customer_view AS SELECT id FROM dbo.customers;
GO
CREATE TABLE dbo.error_log (id int IDENTITY(1,1) NOT NULL PRIMARY KEY, number int NULL, message nvarchar(400) NULL);
GO
"""

ROUTINES = """
CREATE PROCEDURE dbo.customer_login @email nvarchar(50), @id int OUTPUT
AS
SELECT @id = id FROM dbo.customers WHERE email = @email
IF @@ROWCOUNT < 1
    SELECT @id = 0
GO
CREATE PROCEDURE dbo.count_matches @pattern nvarchar(50), @last int OUTPUT, @rows int OUTPUT
AS
SELECT @last = id FROM dbo.customers WHERE email LIKE @pattern ORDER BY id
SET @rows = @@ROWCOUNT
GO
CREATE FUNCTION dbo.echo (@x nvarchar(20)) RETURNS nvarchar(20) AS BEGIN RETURN @x END
GO
CREATE PROCEDURE dbo.is_yes @a nvarchar(20), @r int OUTPUT
AS
BEGIN
    SET @r = 0
    IF dbo.echo(@a) = 'Yes' SET @r = 1
    IF CAST(@a AS nvarchar(5)) = 'YES' SET @r = @r + 10
    SET @r = @r + 100 * CHARINDEX(',', @a)
END
GO
CREATE PROCEDURE dbo.events_page @app nvarchar(20), @index int, @size int, @first int OUTPUT
AS
BEGIN
    DECLARE @start int
    SET @start = @index * @size + 1
    SET ROWCOUNT @start
    SELECT @first = id FROM dbo.events WHERE app = @app ORDER BY id DESC
    SET ROWCOUNT @size
    SELECT id FROM dbo.events WHERE app = @app AND id <= @first ORDER BY id DESC
    SET ROWCOUNT 0
    SELECT COUNT(*) AS n FROM dbo.events
END
GO
CREATE PROCEDURE dbo.log_error @id int = 0 OUTPUT
AS
BEGIN
    SET @id = 0;
    BEGIN TRY
        IF ERROR_NUMBER() IS NULL
            RETURN;
        IF XACT_STATE() = -1
        BEGIN
            PRINT 'Cannot log error since the current transaction is in an uncommittable state.';
            RETURN;
        END
        INSERT dbo.error_log (number, message) VALUES (ERROR_NUMBER(), ERROR_MESSAGE());
        SET @id = @@IDENTITY;
    END TRY
    BEGIN CATCH
        RETURN -1;
    END CATCH
END
GO
CREATE PROCEDURE dbo.divide_logged @a int, @b int
AS
BEGIN
    BEGIN TRY
        BEGIN TRANSACTION;
        INSERT dbo.accounts VALUES (@a, @a / @b);
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF @@TRANCOUNT > 0
            ROLLBACK TRANSACTION;
        EXECUTE dbo.log_error;
    END CATCH
END
GO
CREATE PROCEDURE dbo.fragile_logger @zero int = 0
AS
BEGIN
    BEGIN TRY
        INSERT dbo.accounts VALUES (1, 1 / @zero);
    END TRY
    BEGIN CATCH
        EXECUTE dbo.log_error;
        RETURN -1;
    END CATCH
END
GO
CREATE PROCEDURE dbo.caller_logs @a int
AS
BEGIN
    BEGIN TRY
        INSERT dbo.accounts VALUES (@a, @a);
        INSERT dbo.accounts VALUES (@a, @a);
    END TRY
    BEGIN CATCH
        EXECUTE dbo.fragile_logger;
        EXECUTE dbo.log_error;
    END CATCH
END
GO
CREATE PROCEDURE dbo.add_customer @id int, @e int OUTPUT
AS
BEGIN
    SET @e = -1
    INSERT INTO dbo.customers (id, email) VALUES (@id, N'x')
    IF @@ERROR <> 0
    BEGIN
        IF @@ERROR = 0
            SET @e = 5
        ELSE
            SET @e = 6
    END
END
GO
CREATE PROCEDURE dbo.has_objects @t int OUTPUT, @v int OUTPUT, @p int OUTPUT, @none int OUTPUT
AS
BEGIN
    SET @t = 0
    SET @v = 0
    SET @p = 0
    SET @none = 0
    IF EXISTS (SELECT name FROM sysobjects WHERE name = N'Customers' AND type = 'U')
        SET @t = 1
    IF (EXISTS (SELECT name FROM sysobjects WHERE (name = N'customer_view') AND (type = 'V')))
        SET @v = 1
    IF EXISTS (SELECT * FROM dbo.sysobjects WHERE xtype = 'P' AND name = N'status_of')
        SET @p = 1
    IF EXISTS (SELECT name FROM sysobjects WHERE name = N'customers' AND type = 'V')
        SET @none = 1
END
GO
CREATE PROCEDURE dbo.status_of @n int
AS
BEGIN
    IF @n > 0
        RETURN @n
    RETURN
END
GO
CREATE PROCEDURE dbo.two_statuses @a int, @b int, @first int OUTPUT, @second int OUTPUT
AS
BEGIN
    DECLARE @rc int
    EXEC @rc = dbo.status_of @a
    SET @first = @rc
    EXEC @rc = dbo.status_of @b
    SET @second = @rc
END
GO
CREATE PROCEDURE dbo.manager_of @id int
AS
SELECT m.id FROM dbo.org e JOIN dbo.org m ON m.node = e.node.GetAncestor(1) WHERE e.id = @id
GO
CREATE PROCEDURE dbo.grand_manager_of @id int, @boss int OUTPUT
AS
SELECT @boss = m.id FROM dbo.org e JOIN dbo.org m ON e.node.GetAncestor(2) = m.node WHERE e.id = @id
GO
"""

TRANSFERS = """
CREATE PROCEDURE dbo.transfer @from int, @to int, @amount int
AS
BEGIN
    DECLARE @ErrorCode int
    SET @ErrorCode = 0
    DECLARE @TranStarted bit
    SET @TranStarted = 0
    IF( @@TRANCOUNT = 0 )
    BEGIN
        BEGIN TRANSACTION
        SET @TranStarted = 1
    END
    ELSE
        SET @TranStarted = 0
    UPDATE dbo.accounts SET balance = balance - @amount WHERE id = @from
    UPDATE dbo.accounts SET balance = balance + @amount WHERE id = @to
    IF( @@ROWCOUNT = 0 )
    BEGIN
        SET @ErrorCode = 1
        GOTO Cleanup
    END
    IF( @TranStarted = 1 )
    BEGIN
        SET @TranStarted = 0
        COMMIT TRANSACTION
    END
    RETURN 0
Cleanup:
    IF( @TranStarted = 1 )
    BEGIN
        SET @TranStarted = 0
        ROLLBACK TRANSACTION
    END
    RETURN @ErrorCode
END
GO
CREATE PROCEDURE dbo.transfer_twice @from int, @to int, @other int
AS
BEGIN
    DECLARE @rc int
    DECLARE @TranStarted bit
    IF( @@TRANCOUNT = 0 ) BEGIN BEGIN TRANSACTION SET @TranStarted = 1 END ELSE SET @TranStarted = 0
    EXEC @rc = dbo.transfer @from, @to, 10
    EXEC @rc = dbo.transfer @from, @other, 10
    IF( @rc <> 0 )
    BEGIN
        IF( @TranStarted = 1 ) ROLLBACK TRANSACTION
        RETURN @rc
    END
    IF( @TranStarted = 1 ) COMMIT TRANSACTION
    RETURN 0
END
GO
"""

ROUTINE_COUNT = 17


@pytest.fixture
def deployed(pg, tmp_path: Path) -> ConversionResult:  # type: ignore[no-untyped-def]
    script = tmp_path / "code.sql"
    script.write_text(SCHEMA + ROUTINES + TRANSFERS, encoding="utf-8")
    result = convert_inventory(scan_files([script], "sqlserver"), jobs=1)
    pg.execute("SET check_function_bodies = on")
    for obj in result.objects:
        if obj.status is not ObjectStatus.MANUAL and obj.deploy_phase == "schema":
            pg.execute(obj.sql)
    return result


def test_every_routine_converts_and_passes_plpgsql_check(pg, deployed: ConversionResult) -> None:  # type: ignore[no-untyped-def]
    code = [o for o in deployed.objects if o.kind in ("procedure", "function", "trigger")]
    assert [o.name for o in code if o.status is ObjectStatus.MANUAL] == []
    assert deployed.ledger.reconciles
    need_part("plpgsql_check", "plpgsql_check" in pg.extensions())
    pg.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
    rows = pg.rows("SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'dbo'::regnamespace")
    assert len(rows) == ROUTINE_COUNT
    for (oid,) in rows:
        found = pg.rows(f"SELECT * FROM plpgsql_check_function({oid}, fatal_errors => false)")
        assert [m[0] for m in found if not m[0].startswith("warning extra")] == [], oid


def test_rowcount_after_an_assignment_select_is_the_rows_it_read(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: @@ROWCOUNT after `SELECT @id = id FROM ...` is the number of rows the SELECT returned (a FOR
    loop in PL/pgSQL does not set ROW_COUNT: the login would always give 0)."""
    pg.execute("INSERT INTO dbo.customers VALUES (7, 'a@x'), (8, 'b@x'), (9, 'c@y')")
    assert pg.rows("CALL dbo.customer_login('a@x', NULL)") == [(7,)]
    assert pg.rows("CALL dbo.customer_login('nobody', 5)") == [(0,)]
    assert pg.rows("CALL dbo.count_matches('%@x', NULL, NULL)") == [(8, 2)]
    assert pg.rows("CALL dbo.count_matches('none', 3, NULL)") == [(3, 0)]


def test_transaction_started_only_without_one_commits_and_rolls_back_its_own_work(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server, called in autocommit mode (@@TRANCOUNT = 0): the procedure's transaction commits on success;
    on the error path ROLLBACK undoes the first UPDATE and the return code comes back."""
    pg.execute("INSERT INTO dbo.accounts VALUES (1, 100), (2, 0), (3, 0)")
    assert pg.rows("CALL dbo.transfer(1, 2, 10, NULL)") == [(0,)]
    assert pg.rows("SELECT id, balance FROM dbo.accounts ORDER BY id") == [(1, 90), (2, 10), (3, 0)]
    assert pg.rows("CALL dbo.transfer(1, 9, 10, NULL)") == [(1,)]
    assert pg.rows("SELECT id, balance FROM dbo.accounts ORDER BY id") == [(1, 90), (2, 10), (3, 0)]


def test_a_procedure_called_inside_the_callers_transaction_leaves_it_to_the_caller(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: inside transfer_twice's transaction (@@TRANCOUNT = 1) transfer neither commits nor rolls back;
    its failed second call returns 1 and transfer_twice's ROLLBACK undoes both calls' writes."""
    pg.execute("INSERT INTO dbo.accounts VALUES (1, 100), (2, 0), (3, 0)")
    assert pg.rows("CALL dbo.transfer_twice(1, 2, 9, NULL)") == [(1,)]
    assert pg.rows("SELECT id, balance FROM dbo.accounts ORDER BY id") == [(1, 100), (2, 0), (3, 0)]
    assert pg.rows("CALL dbo.transfer_twice(1, 2, 3, NULL)") == [(0,)]
    assert pg.rows("SELECT id, balance FROM dbo.accounts ORDER BY id") == [(1, 80), (2, 10), (3, 10)]


def test_inside_an_explicit_transaction_block_the_commit_is_refused_before_any_write(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """The one case PostgreSQL cannot tell apart (the application's own transaction): an error, not a result."""
    pg.execute("INSERT INTO dbo.accounts VALUES (1, 100), (2, 0)")
    pg.execute("BEGIN")
    with pytest.raises(Exception) as raised:
        pg.execute("CALL dbo.transfer(1, 2, 10, NULL)")
    assert getattr(raised.value.__cause__, "sqlstate", None) == "2D000"
    pg.execute("ROLLBACK")
    assert pg.rows("SELECT id, balance FROM dbo.accounts ORDER BY id") == [(1, 100), (2, 0)]


def test_hierarchyid_get_ancestor_on_the_path_text(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: GetAncestor(1) of /1/3/ is /1/, of /1.2/ is /, of the root NULL; GetAncestor(2) of /1/3/ is /."""
    pg.execute("INSERT INTO dbo.org VALUES (1, '/'), (2, '/1/'), (3, '/1/3/'), (4, '/1.2/')")
    pg.execute("BEGIN")
    for person, manager in ((3, [(2,)]), (4, [(1,)]), (1, [])):
        pg.execute(f"CALL dbo.manager_of({person}, 'managers')")
        assert pg.rows("FETCH ALL FROM managers") == manager
        pg.execute("CLOSE managers")
    pg.execute("COMMIT")
    assert pg.rows("CALL dbo.grand_manager_of(3, NULL)") == [(1,)]
    assert pg.rows("CALL dbo.grand_manager_of(2, 7)") == [(7,)]


def test_function_results_compare_with_text_under_the_databases_collation(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server (case-insensitive database): dbo.echo(@a) = 'Yes' and CAST(@a AS nvarchar(5)) = 'YES' ignore
    case; CHARINDEX(',', @a) searches a character that has no case."""
    assert pg.rows("CALL dbo.is_yes('yes', NULL)") == [(11,)]
    assert pg.rows("CALL dbo.is_yes('YES', NULL)") == [(11,)]
    assert pg.rows("CALL dbo.is_yes('yes,', NULL)") == [(400,)]


def test_set_rowcount_limits_the_queries_after_it(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: SET ROWCOUNT 4 stops the assignment SELECT after 4 rows (@first is the 4th, 7); SET ROWCOUNT 3
    returns 3 rows; SET ROWCOUNT 0 lifts the limit."""
    pg.execute("INSERT INTO dbo.events SELECT g, 'a' FROM generate_series(1, 10) g")
    pg.execute("INSERT INTO dbo.events VALUES (11, 'b')")
    pg.execute("BEGIN")
    assert pg.rows("CALL dbo.events_page('a', 1, 3, NULL, 'page', 'total')") == [(7, "page", "total")]
    assert pg.rows("FETCH ALL FROM page") == [(7,), (6,), (5,)]
    assert pg.rows("FETCH ALL FROM total") == [(11,)]
    pg.execute("COMMIT")
    pg.execute("BEGIN")
    assert pg.rows("CALL dbo.events_page('a', 5, 3, NULL, 'page2', 'total2')")[0][0] == 1  # fewer rows than 16
    assert pg.rows("FETCH ALL FROM page2") == [(1,)]
    pg.execute("COMMIT")


def test_an_error_logger_checking_for_an_uncommittable_transaction_logs(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """AdventureWorks' uspLogError shape. SQL Server: the caller's CATCH rolls back first, so XACT_STATE() is 0,
    not -1, and the error is logged (8134: divide by zero); outside a CATCH block ERROR_NUMBER() is NULL and
    nothing is logged. PL/pgSQL never runs in an uncommittable transaction: XACT_STATE() = -1 is false."""
    pg.execute("CALL dbo.divide_logged(5, 0)")
    pg.execute("CALL dbo.divide_logged(6, 2)")
    assert pg.rows("SELECT id, balance FROM dbo.accounts") == [(6, 3)]
    assert pg.rows("SELECT number FROM dbo.error_log") == [(8134,)]
    assert pg.rows("CALL dbo.log_error(NULL, NULL)") == [(0, 0)]
    assert pg.rows("SELECT count(*) FROM dbo.error_log") == [(1,)]


def test_a_bare_return_gives_the_caller_zero(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: `RETURN` without a value returns 0, so @rc is 0 after the second EXEC (the INOUT parameter
    would otherwise hand the caller's previous @rc back)."""
    assert pg.rows("CALL dbo.two_statuses(5, 0, NULL, NULL)") == [(5, 0)]
    assert pg.rows("CALL dbo.two_statuses(0, 7, NULL, NULL)") == [(0, 7)]


def test_a_catch_block_left_by_return_gives_the_callers_error_back(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: ERROR_NUMBER() in a procedure called from a CATCH block is that block's error. fragile_logger's
    CATCH logs its own 8134 and RETURNs; back in caller_logs' CATCH, log_error sees 2627 again; outside any CATCH
    block nothing is logged."""
    pg.execute("CALL dbo.caller_logs(20)")
    assert pg.rows("SELECT number FROM dbo.error_log ORDER BY id") == [(8134,), (2627,)]
    assert pg.rows("SELECT count(*) FROM dbo.accounts") == [(0,)]
    pg.execute("CALL dbo.log_error(NULL, NULL)")
    assert pg.rows("SELECT count(*) FROM dbo.error_log") == [(2,)]


def test_error_read_first_in_an_if_branch_is_the_ifs_own(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server resets @@ERROR on every statement, IF included: after the duplicate key (2627) the outer IF is
    taken, and the inner IF reads the outer IF's @@ERROR, 0."""
    assert pg.rows("CALL dbo.add_customer(1, NULL)") == [(-1,)]
    assert pg.rows("CALL dbo.add_customer(1, NULL)") == [(5,)]


def test_sysobjects_existence_tests_ask_the_postgresql_catalog(pg, deployed) -> None:  # type: ignore[no-untyped-def]
    """SQL Server: a table Customers (the name compared without case), a view and a procedure exist; no view
    is named customers."""
    assert pg.rows("CALL dbo.has_objects(NULL, NULL, NULL, NULL)") == [(1, 1, 1, 0)]
