"""T-SQL procedural conversion speed: scan + convert a generated 50,000-line T-SQL script.

    .venv/bin/python bench/tsql.py [LINES]     (default 50000; the goal is <= 20 s)

The script holds one table and as many procedures, functions and triggers as fill LINES: each unit uses the
constructs real code is made of (variables, IF/WHILE, TRY/CATCH, cursors, temp tables, DML, EXEC, dynamic SQL,
RAISERROR, result sets). Prints seconds, lines per second, units and how many converted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from assessments.scan import scan_files
from converters.convert import convert_inventory
from migrate.model import ObjectStatus

TABLE = (
    "CREATE TABLE dbo.orders (id int IDENTITY(1,1) PRIMARY KEY, customer nvarchar(50), total money, status int)\nGO\n"
)
PROCEDURE = """-- procedure {n}: every construct of the converter, in comments and strings too ('BEGIN TRY' is text)
CREATE PROCEDURE dbo.usp_order_{n} @customer nvarchar(50), @limit int = 10, @count int OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @i int = 0, @total money, @id int, @msg nvarchar(200);
    CREATE TABLE #work (id int, total money);
    BEGIN TRY
        INSERT INTO #work (id, total) -- {n}
        SELECT TOP (@limit) id, total + {n} FROM dbo.orders WITH (NOLOCK) WHERE customer = @customer AND id > {n} ORDER BY id;
        SET @count = @@ROWCOUNT;
        IF @count = 0
            RAISERROR('no orders for %s', 16, 1, @customer);
        DECLARE c CURSOR LOCAL FAST_FORWARD FOR SELECT id, total FROM #work WHERE id <> {n};
        OPEN c;
        FETCH NEXT FROM c INTO @id, @total;
        WHILE @@FETCH_STATUS = 0
        BEGIN
            SET @i = @i + 1;
            IF @total > {n} AND @i < 5
                UPDATE dbo.orders SET status = {n} WHERE id = @id;
            ELSE
                UPDATE dbo.orders SET status = ISNULL(status, {n}) + 1 WHERE id = @id;
            FETCH NEXT FROM c INTO @id, @total;
        END
        CLOSE c;
        DEALLOCATE c;
        INSERT INTO dbo.orders (customer, total) VALUES (@customer + N'-copy{n}', {n});
        SET @id = SCOPE_IDENTITY();
        EXEC dbo.usp_order_{n} @customer = @customer, @limit = 1, @count = @i OUTPUT;
        SELECT id, total, CONVERT(varchar(10), GETDATE(), 120) AS today_{n} FROM #work ORDER BY total DESC;
    END TRY
    BEGIN CATCH
        SET @msg = N'failed {n}: ' + ERROR_MESSAGE();
        PRINT @msg;
        THROW;
    END CATCH
END
GO
CREATE FUNCTION dbo.fn_total_{n} (@customer nvarchar(50))
RETURNS money
AS
BEGIN
    DECLARE @t money;
    SELECT @t = SUM(total) FROM dbo.orders WHERE customer = @customer AND status <> {n};
    RETURN ISNULL(@t, 0);
END
GO
CREATE TRIGGER dbo.trg_orders_{n} ON dbo.orders
AFTER INSERT
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE o SET status = 0 FROM dbo.orders o JOIN inserted i ON i.id = o.id WHERE o.status IS NULL OR o.status = {n};
END
GO
"""


def generate(lines: int) -> str:
    per_unit = PROCEDURE.count("\n")
    return TABLE + "".join(PROCEDURE.format(n=n) for n in range(max(1, lines // per_unit)))


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    text = generate(lines)
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "code.sql"
        script.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        inventory = scan_files([script], "sqlserver")
        scanned = time.perf_counter()
        result = convert_inventory(inventory, jobs=1)
        done = time.perf_counter()
    units = [o for o in result.objects if o.kind in ("procedure", "function", "trigger")]
    converted = sum(o.status is not ObjectStatus.MANUAL for o in units)
    total_lines = text.count("\n")
    print(
        f"T-SQL script: {total_lines} lines, {len(units)} units ({converted} converted, {len(units) - converted} manual)"
    )
    print(f"scan {scanned - started:.1f} s, convert {done - scanned:.1f} s, total {done - started:.1f} s "
          f"({total_lines / (done - started):,.0f} lines/s); ledger reconciles: {result.ledger.reconciles}")  # fmt: skip


if __name__ == "__main__":
    main()
