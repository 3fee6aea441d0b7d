"""PL/SQL conversion rate on real code bases: what share of the routines compile and are clean under plpgsql_check.

    .venv/bin/python bench/plsql_corpus.py FOLDER [--url postgresql://postgres@127.0.0.1:5432/postgres] [--top N]
        [--only NAME] [--orafce] [--oracle-version 19] [--no-autonomous]

FOLDER holds one sub-folder per code base (a migration.toml in it is read as a project's: source.default_schema for
the schema the export's unqualified names belong to, its [conversion] settings; any file below it with an ending `aurora-migrate` reads in a folder). Each code base goes through the tool's own library path, as `aurora-migrate convert` and
`deploy` do: scan, convert, write the output folder, deploy it to a fresh database on the PostgreSQL server at
--url (created here and dropped after), which compiles every routine with check_function_bodies = on and runs
plpgsql_check on it. A code base's units are the PL/SQL units scanned (procedures, functions, packages, package
bodies, triggers, types, type bodies); its routines are the functions, procedures and trigger functions that
conversion produced or kept manual (a package body's routines count one by one, a trigger counts its function).
A routine is clean when it deployed OK; every other routine is either manual (counted by the first rule id of
its findings) or failed at deploy (counted by its error message, the top ones printed).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from assessments.files import SCRIPT_SUFFIXES
from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.output import write_output
from converters.procedural.plsql_autotrigger import SUFFIX as AUTONOMOUS_TRIGGER_SUFFIX
from migrate.config import ConversionSettings, load_settings
from migrate.deploy import deploy
from migrate.engines import connect
from migrate.engines.base import Connection
from migrate.engines.url import parse_url
from migrate.model import ConvertedObject, DeployStatus, Inventory, ObjectStatus
from migrate.sqltext.lexer import ORACLE, tokenize

ROUTINES = ("function", "procedure", "trigger")  # a trigger object is its trigger function + CREATE TRIGGER
GENERATED = ("_aurora_try", AUTONOMOUS_TRIGGER_SUFFIX.lower())


@dataclass
class Figures:
    name: str
    units: int = 0
    routines: int = 0
    clean: int = 0
    manual: Counter[str] = field(default_factory=Counter)
    deploy_errors: Counter[str] = field(default_factory=Counter)
    skipped: int = 0  # waiting for a dependency that did not deploy


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SCRIPT_SUFFIXES)


def _short(message: str) -> str:
    """An error message with the names and numbers taken out, so that messages of one kind count together."""
    text = message.splitlines()[0] if message else "(no message)"
    text = re.sub(r'"[^"]*"', '"…"', text)
    text = re.sub(r"\b\d+\b", "N", text)
    return text[:140]


def _is_routine(kind: str) -> bool:
    return kind in ROUTINES


def _body_routines(source: str) -> int:
    """The procedures and functions a package body defines (a declaration `... ;` is not one): FUNCTION or
    PROCEDURE whose next IS / AS comes before the next `;`."""
    tokens = tokenize(source, ORACLE)
    count = 0
    for at, token in enumerate(tokens):
        if token.upper in ("FUNCTION", "PROCEDURE") and (at == 0 or tokens[at - 1].text != "."):
            ahead = next((t for t in tokens[at + 2 :] if t.text == ";" or t.upper in ("IS", "AS")), None)
            count += ahead is not None and ahead.text != ";"
    return count


def _whole_bodies(inventory: Inventory, objects: Sequence[ConvertedObject], figures: Figures) -> int:
    """A package body kept manual as a whole (its text did not parse) converts none of its routines: each one
    counts, as manual with the body's first finding."""
    sources = {
        r.name.lower(): r.source for s in inventory.schemas for r in s.routines if r.kind.value == "package_body"
    }
    converted = {o.schema for o in objects if _is_routine(o.kind)}  # a package's routines are in its schema
    count = 0
    for obj in objects:
        if obj.kind == "package_body" and obj.status is ObjectStatus.MANUAL and obj.name not in converted:
            routines = _body_routines(sources.get(obj.name.lower(), ""))
            rule = obj.findings[0].rule_id if obj.findings else "(no finding)"
            if routines:
                figures.manual[f"{rule} (package body not parsed)"] += routines
            count += routines
    return count


@dataclass(frozen=True)
class Profile:
    """What the user configured: `orafce` (conversion.use_orafce, the extension created on the target, which
    Aurora PostgreSQL supports), `oracle_version` (conversion.oracle_version, DBMS_DB_VERSION in conditional
    compilation), `autonomous` (False: conversion.autonomous_server = "", PRAGMA AUTONOMOUS_TRANSACTION routines
    stay manual; True, the default: deploy creates the dblink server back to the target they run through)."""

    orafce: bool = False
    oracle_version: str = ""
    autonomous: bool = True


def _project(folder: Path, profile: Profile) -> tuple[ConversionSettings, str]:
    """The code base's own migration.toml when it has one (as a user's project folder would: its
    source.default_schema, its [conversion] settings), with the profile over it."""
    settings = load_settings(folder, os.environ) if (folder / "migration.toml").is_file() else None
    conversion = settings.conversion if settings is not None else ConversionSettings()
    conversion = replace(conversion, use_orafce=profile.orafce or conversion.use_orafce,
                         oracle_version=conversion.oracle_version or profile.oracle_version,
                         autonomous_server=conversion.autonomous_server if profile.autonomous else "")  # fmt: skip
    return conversion, settings.source.default_schema if settings is not None else ""


def _prepare_target(conn: Connection, profile: Profile) -> None:
    if profile.orafce:
        conn.execute("CREATE EXTENSION IF NOT EXISTS orafce")


def measure(name: str, folder: Path, url: str, profile: Profile = Profile()) -> Figures:
    figures = Figures(name)
    settings, default_schema = _project(folder, profile)
    inventory = scan_files(_files(folder), "oracle", lambda *a, **k: None, default_schema or None)
    figures.units = sum(len(s.routines) + len(s.triggers) for s in inventory.schemas)
    result = convert_inventory(inventory, settings, jobs=1)
    # a procedure's twin (p_aurora_try, plsql_twin) and an autonomous trigger's procedure (t_aurora,
    # plsql_autotrigger) are no routines of the source: what they cost shows in their callers and triggers
    routines = [o for o in result.objects if _is_routine(o.kind) and not o.name.endswith(GENERATED)]
    figures.routines = len(routines) + _whole_bodies(inventory, result.objects, figures)
    for obj in routines:
        if obj.status in (ObjectStatus.MANUAL, ObjectStatus.FAILED):
            rule = next((f.rule_id for f in obj.findings if f.severity.name in ("HIGH", "CRITICAL")), "")
            figures.manual[rule or (obj.findings[0].rule_id if obj.findings else "(no finding)")] += 1
    admin_url = parse_url(url)
    database = f"bench_plsql_{uuid.uuid4().hex[:10]}"
    with connect(admin_url) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            write_output(result, out)
            target = replace(admin_url, database=database)
            with connect(target) as conn:
                _prepare_target(conn, profile)
                report = deploy(out, conn)
    finally:
        with connect(admin_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    kinds = {(o.schema, o.name): o.kind for o in routines}
    for outcome in report.outcomes:
        if (outcome.schema, outcome.name) not in kinds or not _is_routine(outcome.kind):
            continue
        if outcome.status is DeployStatus.OK:
            figures.clean += 1
        elif outcome.status is DeployStatus.SKIPPED_DEPENDENCY:
            figures.skipped += 1
            waits = outcome.error.split("depends on ", 1)[-1].split(",")[0].split(" ")[0]
            figures.deploy_errors[f"(waits for {waits or 'an object'}, which did not deploy)"] += 1
        elif outcome.status is not DeployStatus.SKIPPED_MANUAL:
            figures.deploy_errors[_short(outcome.error or (outcome.finding.message if outcome.finding else ""))] += 1
    return figures


def render(figures: Figures, top: int) -> str:
    share = 100.0 * figures.clean / figures.routines if figures.routines else 0.0
    lines = [
        f"== {figures.name}: {figures.units} units, {figures.routines} routines, "
        f"{figures.clean} compile and are clean under plpgsql_check ({share:.1f}%), "
        f"{sum(figures.manual.values())} manual, {sum(figures.deploy_errors.values())} fail at deploy"
    ]
    for rule, count in figures.manual.most_common():
        lines.append(f"   manual  {count:4d}  {rule}")
    for message, count in figures.deploy_errors.most_common(top):
        lines.append(f"   deploy  {count:4d}  {message}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="one sub-folder per code base")
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--top", type=int, default=8, help="deploy error messages to print per code base")
    parser.add_argument("--only", default="", help="measure only this code base (a sub-folder name)")
    parser.add_argument("--orafce", action="store_true", help="convert with conversion.use_orafce = true")
    parser.add_argument(
        "--oracle-version",
        default="19",
        help="conversion.oracle_version: the source's Oracle version for DBMS_DB_VERSION ('' = unknown)",
    )
    parser.add_argument(
        "--no-autonomous",
        dest="autonomous",
        action="store_false",
        help='conversion.autonomous_server = "": autonomous routines stay manual (default: deploy creates the server)',
    )
    args = parser.parse_args(argv)
    profile = Profile(args.orafce, args.oracle_version, args.autonomous)
    bases = sorted(p for p in args.folder.iterdir() if p.is_dir() and _files(p))
    if args.only:
        bases = [p for p in bases if p.name == args.only]
    total = Figures("all code bases")
    for base in bases:
        figures = measure(base.name, base, args.url, profile)
        print(render(figures, args.top), flush=True)
        total.units += figures.units
        total.routines += figures.routines
        total.clean += figures.clean
        total.manual.update(figures.manual)
        total.deploy_errors.update(figures.deploy_errors)
    print(render(total, args.top * 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
