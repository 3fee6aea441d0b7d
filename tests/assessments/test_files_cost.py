"""Cost linear in the input, memory bounded, data summarised per table (bench/pathological.py has the figures).

Speed is asserted as a ratio, never as seconds: the same work on 4n input must take well under the 16x a quadratic
scan would. CPU time of this thread, not wall time: on a shared machine a long run is preempted more often than a
short one, which skews wall-clock ratios. Memory is asserted against the input's size.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from assessments.scan import scan_files
from migrate.sqltext.split_oracle import split_oracle
from migrate.sqltext.split_postgres import split_postgres
from migrate.sqltext.split_tsql import split_tsql

SPLIT = {"oracle": split_oracle, "sqlserver": split_tsql, "postgresql": split_postgres}
LINEAR = 10  # 4x the input: linear work takes ~4x, quadratic ~16x


def seconds(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.thread_time()
        work()
        best = min(best, time.thread_time() - started)
    return best


def assert_linear(make: Callable[[int], str], run: Callable[[str], object], n: int) -> None:
    small, large = make(n), make(4 * n)
    assert seconds(lambda: run(large)) < LINEAR * seconds(lambda: run(small)) + 0.02


# Lines of megabytes: a literal full of doubled quotes, ';' and comment marks; T-SQL bracket names with ]].
LONG_LINES = {
    "oracle": lambda n: "INSERT INTO t VALUES ('" + "ab'' c;-- /*x*/ " * (n // 16) + "');\n",
    "postgresql": lambda n: "INSERT INTO t VALUES ('" + "ab'' c;-- /*x*/ " * (n // 16) + "');\n",
    "sqlserver": lambda n: "INSERT [dbo].[" + "a]]b" * (n // 8) + "] VALUES (N'" + "ab'' c;" * (n // 14) + "')\nGO\n",
}


@pytest.mark.parametrize("dialect", sorted(SPLIT))
def test_splitting_a_long_line_is_linear(dialect: str) -> None:
    assert_linear(LONG_LINES[dialect], lambda text: list(SPLIT[dialect](text, "f.sql")), 150_000)


def scan_text(tmp_path: Path, text: str, dialect: str, name: str = "export.sql") -> object:
    path = tmp_path / name
    path.write_text(text)
    return scan_files([path], dialect)


def test_scanning_long_binary_literals_is_linear(tmp_path: Path) -> None:
    """An SSMS export's varbinary rows: the secret masker backtracked over them (145 s for 1 MB)."""

    def export(n: int) -> str:
        return "".join(
            f"INSERT [dbo].[Blob] ([Id], [Data]) VALUES ({i}, 0x{'0123456789ABCDEF' * (n // 16)})\n" for i in range(4)
        )

    assert_linear(export, lambda text: scan_text(tmp_path, text, "sqlserver"), 20_000)


def test_one_huge_statement_is_read_in_memory_a_small_multiple_of_its_size(tmp_path: Path) -> None:
    """A 50 MB one-statement file took 4.1 GB: every token of it was held. Only its head is read now."""
    rows = "".join(f"({i}, 'name {i} it''s', {i}.25),\n" for i in range(30_000))
    path = tmp_path / "one.sql"
    path.write_text(f"INSERT INTO public.t (id, name, amount) VALUES\n{rows}(0, 'last', 0);\n")
    scan_files([path], "postgresql")  # imports and caches first
    tracemalloc.start()
    try:
        inventory = scan_files([path], "postgresql")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 15 * path.stat().st_size
    assert [f.rule_id for f in inventory.findings] == ["SCAN-DATA-001"]


INSERTS = """CREATE TABLE app.t0 (id NUMBER PRIMARY KEY);
CREATE TABLE app.t1 (id NUMBER PRIMARY KEY);
{rows}UPDATE app.t0 SET id = id + 1;
COMMIT;
"""


def inserts(n: int) -> str:
    return INSERTS.format(rows="".join(f"Insert into APP.T{i % 2} (ID) values ('{i}');\n" for i in range(n)))


def test_data_statements_are_one_record_and_one_finding_per_table(tmp_path: Path) -> None:
    inventory = scan_text(tmp_path, inserts(40), "oracle")
    data = [r for r in inventory.statements if r.kind == "dml"]  # type: ignore[attr-defined]
    assert [(r.name, r.disposition, r.location.line, r.location.end_line) for r in data] == [
        ("APP.T0", "unsupported", 3, 43),
        ("APP.T1", "unsupported", 4, 42),
    ]
    findings = [(f.rule_id, f.object_name, f.message) for f in inventory.findings]  # type: ignore[attr-defined]
    assert findings == [
        ("SCAN-DATA-001", "APP.T0", f"21 data statements (INSERT 20, UPDATE 1) into APP.T0 on lines 3-43 of "
         f"{tmp_path / 'export.sql'}: data, not schema"),
        ("SCAN-DATA-001", "APP.T1", f"20 data statements (INSERT 20) into APP.T1 on lines 4-42 of "
         f"{tmp_path / 'export.sql'}: data, not schema"),
    ]  # fmt: skip
    assert data[0].text.startswith("Insert into APP.T0 (ID) values ('0');\n-- [SCAN-DATA-001] above: the first")


def test_ssms_insert_lines_without_semicolons_are_statements(tmp_path: Path) -> None:
    rows = "".join(f"INSERT [dbo].[T] ([a]) VALUES ({i})\n" for i in range(30))
    text = f"SET IDENTITY_INSERT [dbo].[T] ON\n{rows}SET IDENTITY_INSERT [dbo].[T] OFF\nGO\n"
    assert [s.text.split(" VALUES")[0] for s in split_tsql(text, "f.sql")][:3] == [
        "SET IDENTITY_INSERT [dbo].[T] ON",
        "INSERT [dbo].[T] ([a])",
        "INSERT [dbo].[T] ([a])",
    ]
    inventory = scan_text(tmp_path, text, "sqlserver")
    assert [f.message.split(" into")[0] for f in inventory.findings] == ["30 data statements (INSERT 30)"]  # type: ignore[attr-defined]


def test_conversion_json_does_not_grow_with_the_rows(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """A 10 MB file of INSERTs wrote a 422 MB conversion.json (one manual object and finding per row)."""
    sizes = []
    for n in (100, 400):
        (tmp_path / f"in{n}").mkdir()
        path = tmp_path / f"in{n}" / "export.sql"
        path.write_text(inserts(n))
        result = cli("convert", "--dialect", "oracle", str(path), "--out", str(tmp_path / f"out{n}"), "--jobs", "1")
        assert result.exit_code == 0, result.output
        conversion = tmp_path / f"out{n}" / "conversion.json"
        sizes.append(conversion.stat().st_size)
        ledger = json.loads(conversion.read_text())["data"]["ledger"]
        assert ledger["statements_in"] == len(ledger["entries"]) == 5
    assert sizes[1] < sizes[0] * 1.05


def test_a_long_guarded_block_is_read_by_its_header(tmp_path: Path) -> None:
    """SSMS/SSDT `IF NOT EXISTS (...) BEGIN ... END` wrappers of any length: the object inside is still read."""
    rows = "".join(f"  INSERT INTO dbo.T (a) VALUES ({i});\n" for i in range(300))
    long_table = "CREATE TABLE dbo.X (a int /*" + "x" * 5000 + "*/)"
    text = f"IF NOT EXISTS (SELECT 1 FROM dbo.T)\nBEGIN\n{rows}END\nGO\nIF 1 = 1\nBEGIN\n{long_table}\nEND\nGO\n"
    inventory = scan_text(tmp_path, text, "sqlserver")
    kinds = [(r.kind, r.name, r.disposition) for r in inventory.statements if r.kind != "client"]  # type: ignore[attr-defined]
    assert kinds == [("script", "", "unsupported"), ("table", "dbo.X", "object")]
