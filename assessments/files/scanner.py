"""Export files into an Inventory: walk, decode, split, read every statement."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from assessments.files.builder import Builder
from assessments.files.dialect import reads_as
from assessments.files.object_tables import finish_object_tables
from assessments.files.problems import scan_finding
from assessments.files.read_data import finish_data
from assessments.files.reader import read_statement
from migrate.errors import InputError
from migrate.model import Inventory, Location, SourceInfo
from migrate.model.inventory import COMPILER_PREFIX
from migrate.sqltext.decode import decode
from migrate.sqltext.split_oracle import split_oracle
from migrate.sqltext.split_postgres import split_postgres
from migrate.sqltext.split_tsql import split_tsql
from migrate.sqltext.statement import Statement

Progress = Callable[..., None]

# How each dialect's scripts are cut into statements.
SPLITTERS: dict[str, Callable[[str, str], Iterator[Statement]]] = {
    "oracle": split_oracle,  # SQL*Plus: `;` and `/`, PL/SQL blocks, SQL*Plus commands
    "sqlserver": split_tsql,  # GO batches, modules alone in their batch
    "postgresql": split_postgres,  # `;`, dollar quotes, psql meta-commands, COPY data
}
# File name endings walked in a directory: plain SQL and the endings Oracle tools give code files.
SCRIPT_SUFFIXES = frozenset({".sql", ".pks", ".pkb", ".pkh", ".plh", ".pkg", ".pck", ".spc", ".bdy", ".prc", ".fnc", ".trg",
                             ".vw", ".tab", ".ddl", ".pls", ".plb", ".tps", ".tpb", ".seq", ".syn", ".idx", ".con",
                             ".typ"})  # fmt: skip


def script_files(paths: list[Path]) -> list[Path]:
    """The files to scan: files as given, directories walked for script endings, in sorted order."""
    found: list[Path] = []
    for path in paths:
        found.extend(_walk(path) if path.is_dir() else [path])
    return found


def _walk(root: Path) -> list[Path]:
    """Script files under `root`, symlinked folders followed (exports are often assembled from links). A folder
    or file reached twice -- a link loop, two links to one place -- is read once. A link whose target is gone is
    kept: reading it fails with a finding rather than the file going missing without a word."""
    folders: set[tuple[int, int]] = set()
    files: dict[tuple[int, int] | str, Path] = {}
    for folder, subfolders, names in os.walk(root, followlinks=True):
        status = os.stat(folder)
        if (status.st_dev, status.st_ino) in folders:
            subfolders[:] = []  # walked already: a loop, or a second link to it
            continue
        folders.add((status.st_dev, status.st_ino))
        for name in names:
            path = Path(folder) / name
            if path.suffix.lower() in SCRIPT_SUFFIXES:
                files.setdefault(_identity(path), path)
    return sorted(files.values())


def _identity(path: Path) -> tuple[int, int] | str:
    try:
        status = path.stat()
    except OSError:
        return str(path)  # a dangling link: itself
    return (status.st_dev, status.st_ino)


PROGRESS_EVERY = 100  # statements between progress reports inside a file


def scan_files(
    paths: list[Path], dialect: str, progress: Progress | None = None, default_schema: str | None = None
) -> Inventory:
    if dialect not in SPLITTERS:
        raise InputError(f"unknown source dialect {dialect!r}", f"use one of: {', '.join(sorted(SPLITTERS))}")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or directory: {', '.join(missing)}", "check the paths given to scan")
    files = script_files(paths)
    if not files:
        raise InputError(
            f"no script files under {', '.join(str(p) for p in paths)}",
            f"give .sql files or a directory holding files ending in {', '.join(sorted(SCRIPT_SUFFIXES))}",
        )
    builder = Builder(dialect, default_schema)
    complete, statements = True, 0
    report = progress or (lambda *a, **k: None)
    # progress in kilobytes read, so one big file moves the bar too (a statement's line tells how far in it is)
    sizes = [_size(path) for path in files]
    total_kb, before = max(1, sum(sizes) // 1024), 0
    for done, (path, size) in enumerate(zip(files, sizes)):
        builder.files_left = done < len(files) - 1

        def at(fraction: float, label: str, before: int = before, size: int = size) -> None:
            report(int((before + fraction * size) // 1024), total_kb, label)

        at(0.0, path.name)
        read = _scan_file(path, dialect, builder, at)
        complete &= read is not None
        statements += read or 0
        before += size
    _read_deferred(builder)
    report(total_kb, total_kb, "")
    finish_data(builder)
    finish_object_tables(builder)
    if not statements:  # nothing read is never a clean result, whatever the reason per file
        names = ", ".join(str(p) for p in paths)
        builder.findings.append(scan_finding("SCAN-EMPTY-002", names))
        complete = False
    if builder.placeholder_used:
        builder.findings.append(
            scan_finding(
                "SCAN-SCHEMA-001",
                f"{builder.placeholder_used} object names had no schema and the scripts never set one; "
                "they are in schema DEFAULT",
            )
        )
    collations = [f.detail.split(" ", 1)[1] for f in builder.features if f.detail.startswith("COLLATE ")]
    source = SourceInfo(
        engine=dialect,
        mode="files",
        collation=collations[-1] if collations else "",  # CREATE / ALTER DATABASE ... COLLATE: the last one
        files=tuple(str(f) for f in files),
        scanned_at=datetime.now(UTC).isoformat(timespec="seconds"),
        properties=compiler_properties(builder.compiler),
    )
    return builder.build(source, complete)


def compiler_properties(compiler: dict[str, set[str]]) -> dict[str, str]:
    """The PL/SQL compilation parameters the scripts set (ALTER SESSION SET ...), as the source's properties
    `compiler.<NAME>`: one the scripts set to different values is left out, as it is not known which units
    compiled with which."""
    return {f"{COMPILER_PREFIX}{name}": next(iter(values)) for name, values in compiler.items() if len(values) == 1}


def _read_deferred(builder: Builder) -> None:
    """Read again the changes met before their object, now that every file has been read."""
    builder.final_pass = True
    current = builder.current_schema
    for statement, schema in builder.deferred:
        builder.current_schema = schema
        read_statement(replace(statement, problem=""), builder)
    builder.current_schema = current


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _scan_file(
    path: Path, dialect: str, builder: Builder, at: Callable[[float, str], None] = lambda f, label: None
) -> int | None:
    """Read one file into the builder: how many statements it held; None when it could not be read at all."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        builder.findings.append(scan_finding("SCAN-FILE-001", f"{name}: {exc.strerror}", Location(name)))
        return None
    text, encoding = decode(data)
    del data  # the bytes are not needed once decoded: a 50 MB file should not be held twice while it is read
    if text is None:
        builder.findings.append(
            scan_finding("SCAN-ENCODING-002", f"{name}: not text ({encoding} content)", Location(name, 1))
        )
        return None
    if encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        builder.findings.append(
            scan_finding("SCAN-ENCODING-001", f"{name}: not UTF-8; read as {encoding}", Location(name, 1))
        )
    other = reads_as(text, dialect)
    if other is not None:
        message = f"{name} reads as {other[0]} SQL, not {dialect} ({', '.join(other[1])})"
        builder.findings.append(scan_finding("SCAN-DIALECT-001", message, Location(name, 1)))
    count, lines = 0, text.count("\n") + 1
    for statement in SPLITTERS[dialect](text, name):
        read_statement(statement, builder)
        count += 1
        if count % PROGRESS_EVERY == 0:
            line = statement.location.line or 0
            at(min(1.0, line / lines), f"{path.name}:{line}")
    if not count:
        builder.findings.append(scan_finding("SCAN-EMPTY-001", f"{name}: no SQL statement in it", Location(name)))
    return count
