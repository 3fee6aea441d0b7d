"""Export files into an Inventory: walk, decode, split, read every statement."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from assessments.files.builder import Builder
from assessments.files.problems import scan_finding
from assessments.files.reader import read_statement
from migrate.errors import InputError
from migrate.model import Inventory, Location, SourceInfo
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
SCRIPT_SUFFIXES = frozenset({".sql", ".pks", ".pkb", ".prc", ".fnc", ".trg", ".vw", ".tab", ".ddl", ".pls", ".plb", ".tps", ".tpb", ".seq", ".syn", ".idx", ".con", ".typ"})  # fmt: skip


def script_files(paths: list[Path]) -> list[Path]:
    """The files to scan: files as given, directories walked for script endings, in sorted order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SCRIPT_SUFFIXES))
        else:
            found.append(path)
    return found


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
    complete = True
    report = progress or (lambda *a, **k: None)
    for done, path in enumerate(files):
        report(done, len(files), path.name)
        builder.files_left = done < len(files) - 1
        complete &= _scan_file(path, dialect, builder)
    _read_deferred(builder)
    report(len(files), len(files), "")
    if builder.placeholder_used:
        builder.findings.append(
            scan_finding(
                "SCAN-SCHEMA-001",
                f"{builder.placeholder_used} object names had no schema and the scripts never set one; "
                "they are in schema DEFAULT",
            )
        )
    source = SourceInfo(
        engine=dialect,
        mode="files",
        files=tuple(str(f) for f in files),
        scanned_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return builder.build(source, complete)


def _read_deferred(builder: Builder) -> None:
    """Read again the changes met before their object, now that every file has been read."""
    builder.final_pass = True
    current = builder.current_schema
    for statement, schema in builder.deferred:
        builder.current_schema = schema
        read_statement(replace(statement, problem=""), builder)
    builder.current_schema = current


def _scan_file(path: Path, dialect: str, builder: Builder) -> bool:
    """Read one file into the builder; False when it could not be read at all."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        builder.findings.append(scan_finding("SCAN-FILE-001", f"{name}: {exc.strerror}", Location(name)))
        return False
    text, encoding = decode(data)
    if text is None:
        builder.findings.append(
            scan_finding("SCAN-ENCODING-002", f"{name}: not text ({encoding} content)", Location(name, 1))
        )
        return False
    if encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        builder.findings.append(
            scan_finding("SCAN-ENCODING-001", f"{name}: not UTF-8; read as {encoding}", Location(name, 1))
        )
    for statement in SPLITTERS[dialect](text, name):
        read_statement(statement, builder)
    return True
