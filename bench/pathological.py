"""Cost on pathological export files: long binary literals, lines of megabytes, one huge statement, many INSERTs.

    .venv/bin/python bench/pathological.py [CASE ...] [--timeout SECONDS] [--command assess|convert]

Generates each input in a temporary folder, runs `aurora-migrate assess` and `aurora-migrate convert` on it in a
fresh process, and prints seconds, peak RSS of that process, and the size of what it wrote (conversion.json for
convert). Goals: <= 5 s for any 1 MB export; time and memory linear in the input; a 50 MB statement in well under
1 GB; conversion.json a small multiple of the summaries, not of the rows (data statements are summarised per table).

Cases (sizes in the name): ssms_binary_1mb (SSMS export, INSERT batches of 4 KB 0x... literals; _16k_: 16 KB
literals, where the former masking regex was quadratic in the literal's length), long_lines_8mb
(two INSERT lines of 4 MB), one_statement_50mb (one multi-row INSERT), inserts_10mb (one-row INSERTs), ssdt_10mb
(an SSDT-like folder: tables plus post-deployment INSERT scripts with binary literals).

Measured 2026-12-07 on the 2-core development machine, shared (load 9-14, so ~5x an idle run), timeout 240 s;
"written" is inventory.json for assess, conversion.json for convert:

    case                  command   before: s / peak RSS / written    after: s / peak RSS / written
    ssms_binary_1mb       assess      12.0 /   47 MB /   1.0 MB         4.6 /  45 MB / 0.01 MB
    ssms_binary_1mb       convert     31.5 /   49 MB /   1.0 MB         4.1 /  46 MB / 0.01 MB
    ssms_binary_16k_1mb   assess      50.4 /   49 MB /   1.0 MB         2.1 /  46 MB / 0.01 MB
    long_lines_8mb        assess      81.5 /  786 MB /   8.0 MB         3.9 /  62 MB / 0.01 MB
    long_lines_8mb        convert     37.5 /  786 MB /   9.0 MB         2.2 /  63 MB / 0.01 MB
    one_statement_50mb    assess    > 240  / >1.5 GB / -               36.9 / 266 MB / 0.01 MB
    one_statement_50mb    convert   > 240  / >1.5 GB / -               28.8 / 266 MB / 0.01 MB
    inserts_10mb          assess     143.0 /  393 MB / 104 MB          28.3 /  68 MB / 0.01 MB
    inserts_10mb          convert   > 240  /  486 MB / -               26.5 /  69 MB / 0.01 MB
    ssdt_10mb             assess     183.1 /   68 MB /  13 MB           7.6 /  46 MB / 0.10 MB
    ssdt_10mb             convert   > 240  /   53 MB / -                6.9 /  46 MB / 0.10 MB

After, again at load ~5 (assess / convert seconds; peak RSS and written as above): ssms_binary_1mb 2.4 / 1.7,
ssms_binary_16k_1mb 1.5 / 1.1, long_lines_8mb 1.0 / 0.9, one_statement_50mb 10.4 / 9.2 (267 MB),
inserts_10mb 20.0 / 20.6, ssdt_10mb 5.1 / 6.2.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


def _hex(n: int, size: int) -> str:
    """A 0x... literal of `size` bytes (2 hex digits each), different per row."""
    seed = f"{n:08X}"
    return "0x" + (seed * (size * 2 // len(seed) + 1))[: size * 2]


def ssms_binary(path: Path, size: int = MB, literal: int = 4096) -> str:
    """SSMS "Generate Scripts" with data: a table, then INSERT batches of long binary literals, GO every 50 rows."""
    head = (
        "SET ANSI_NULLS ON\nGO\nSET QUOTED_IDENTIFIER ON\nGO\n"
        "CREATE TABLE [dbo].[Blob]([Id] [int] NOT NULL, [Data] [varbinary](max) NULL, "
        "CONSTRAINT [PK_Blob] PRIMARY KEY CLUSTERED ([Id] ASC)) ON [PRIMARY]\nGO\n"
    )
    parts, written, n = [head], len(head), 0
    while written < size:
        row = f"INSERT [dbo].[Blob] ([Id], [Data]) VALUES ({n}, {_hex(n, literal)})\n"
        if n % 50 == 49:
            row += "GO\n"
        parts.append(row)
        written += len(row)
        n += 1
    path.write_text("".join(parts) + "GO\n")
    return "sqlserver"


def long_lines(path: Path, size: int = 8 * MB) -> str:
    """Oracle INSERTs whose string literal makes each line 4 MB."""
    lines = ["CREATE TABLE app.doc (id NUMBER PRIMARY KEY, body CLOB);"]
    per = 4 * MB
    for n in range(max(1, size // per)):
        lines.append(f"INSERT INTO app.doc (id, body) VALUES ({n}, '" + ("ab'' c;-- /*x*/ " * (per // 16)) + "');")
    path.write_text("\n".join(lines) + "\n")
    return "oracle"


def one_statement(path: Path, size: int = 50 * MB) -> str:
    """One PostgreSQL multi-row INSERT of `size` bytes (a row per line)."""
    with path.open("w") as out:
        out.write("CREATE TABLE public.t (id integer PRIMARY KEY, name text, amount numeric);\n")
        out.write("INSERT INTO public.t (id, name, amount) VALUES\n")
        written, n = 0, 0
        while written < size:
            row = f"({n}, 'name {n} it''s', {n}.25),\n"
            out.write(row)
            written += len(row)
            n += 1
        out.write(f"({n}, 'last', 0);\n")
    return "postgresql"


def inserts(path: Path, size: int = 10 * MB) -> str:
    """Oracle one-row INSERTs into three tables, SQL Developer style."""
    with path.open("w") as out:
        for t in range(3):
            out.write(f"CREATE TABLE app.t{t} (id NUMBER PRIMARY KEY, name VARCHAR2(100), created DATE);\n")
        written, n = 0, 0
        while written < size:
            row = (
                f"Insert into APP.T{n % 3} (ID,NAME,CREATED) values "
                f"('{n}','row {n} of the data',to_date('2024-01-02','YYYY-MM-DD'));\n"
            )
            out.write(row)
            written += len(row)
            n += 1
    return "oracle"


def ssdt(folder: Path, size: int = 10 * MB) -> str:
    """An SSDT-like project: a file per table, post-deployment scripts of INSERTs with binary literals."""
    tables = folder / "dbo" / "Tables"
    post = folder / "Scripts" / "Post-Deployment"
    tables.mkdir(parents=True)
    post.mkdir(parents=True)
    for t in range(20):
        (tables / f"Item{t}.sql").write_text(
            f"CREATE TABLE [dbo].[Item{t}] (\n    [Id] INT NOT NULL PRIMARY KEY,\n    [Name] NVARCHAR(100) NULL,\n"
            f"    [Image] VARBINARY(MAX) NULL\n);\n"
        )
    per_file = size // 10
    for f in range(10):
        parts, written, n = [f"-- Post-deployment seed data {f}\nSET IDENTITY_INSERT [dbo].[Item{f}] ON;\n"], 0, 0
        while written < per_file:
            row = f"INSERT INTO [dbo].[Item{f}] ([Id], [Name], [Image]) VALUES ({n}, N'item {n}', {_hex(n, 2048)});\n"
            parts.append(row)
            written += len(row)
            n += 1
        parts.append(f"SET IDENTITY_INSERT [dbo].[Item{f}] OFF;\nGO\n")
        (post / f"Seed{f}.PostDeployment.sql").write_text("".join(parts))
    return "sqlserver"


CASES: dict[str, Callable[[Path], str]] = {
    "ssms_binary_1mb": lambda p: ssms_binary(p / "export.sql"),
    "ssms_binary_16k_1mb": lambda p: ssms_binary(p / "export.sql", literal=16384),
    "long_lines_8mb": lambda p: long_lines(p / "export.sql"),
    "one_statement_50mb": lambda p: one_statement(p / "export.sql"),
    "inserts_10mb": lambda p: inserts(p / "export.sql"),
    "ssdt_10mb": lambda p: ssdt(p / "project"),
}


def _input(case: str, work: Path) -> tuple[Path, str]:
    dialect = CASES[case](work)
    found = work / "project" if (work / "project").exists() else work / "export.sql"
    return found, dialect


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def run(command: str, source: Path, dialect: str, out: Path, timeout: float) -> tuple[str, float, float, int]:
    """(exit, seconds, peak RSS MB, bytes written) of one CLI run in a fresh process."""
    args = [sys.executable, "-m", "migrate", command, "--dialect", dialect, str(source), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=out.parent)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            return "timeout", time.perf_counter() - started, usage.ru_maxrss / 1024, 0
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    written = (out / "conversion.json") if command == "convert" else (out / "inventory.json")
    return str(proc.returncode), seconds, usage.ru_maxrss / 1024, written.stat().st_size if written.exists() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("cases", nargs="*", help=f"any of {', '.join(CASES)} (default: all)")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--command", action="append", choices=["assess", "convert"])
    options = parser.parse_args()
    commands = options.command or ["assess", "convert"]
    unknown = [c for c in options.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]}: use one of {', '.join(CASES)}")
    print(f"{'case':<20} {'input':>9} {'command':<8} {'exit':>7} {'seconds':>8} {'peak RSS':>9} {'written':>10}")
    for case in options.cases or list(CASES):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            source, dialect = _input(case, work)
            for command in commands:
                code, seconds, rss, written = run(command, source, dialect, work / command, options.timeout)
                print(
                    f"{case:<20} {_size(source) / MB:7.1f}MB {command:<8} {code:>7} {seconds:8.2f} "
                    f"{rss:7.0f}MB {written / MB:8.2f}MB",
                    flush=True,
                )


if __name__ == "__main__":
    main()
