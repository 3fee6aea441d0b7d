"""How much real-world T-SQL comes out compiling and clean: scan + convert + deploy + plpgsql_check per code base.

    .venv/bin/python bench/tsql_corpus.py CORPUS_DIR [--target URL] [--keep]

CORPUS_DIR holds one folder per code base (its scripts: tables first if the code base has them, then the routines,
read in name order as `convert` reads a folder). Each code base is converted through the library layer
(`migrate.tasks.convert_project`) into a temporary project and deployed (`migrate.tasks.deploy_project`) into a
fresh database of the target (default: the local PostgreSQL at postgresql://postgres@127.0.0.1:5432/postgres),
where every procedure, function and trigger is created with `check_function_bodies = on` and checked with
plpgsql_check. The database is dropped afterwards unless `--keep`.

Printed per code base: routines read, routines compiling and clean (converted, deployed, no plpgsql_check error),
routines left manual grouped by the rule id that keeps them manual, and the most frequent deploy / plpgsql_check
errors (the server's message with names and numbers blanked). A routine counts once, under its first rule.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from migrate.config import ConversionSettings, EndpointSettings, Settings, TargetSettings
from migrate.engines import connect
from migrate.model import ConversionResult, DeployReport, DeployStatus, ObjectStatus
from migrate.tasks.convert import ConvertRequest, convert_project
from migrate.tasks.deploy import deploy_project

ROUTINE_KINDS = ("procedure", "function", "trigger")
DEFAULT_TARGET = "postgresql://postgres@127.0.0.1:5432/postgres"
BLOCKING = ("critical", "high")  # severities that keep a unit manual
WAITS_FOR_MANUAL = "AM-PLSQL-026"  # converted, but calls a routine left manual (converters/procedural/__init__.py)


@dataclass
class Tally:
    """One code base's figures."""

    name: str
    routines: int = 0
    clean: int = 0
    manual: Counter[str] = field(default_factory=Counter)  # rule id that keeps a routine manual -> routines
    errors: Counter[str] = field(default_factory=Counter)  # deploy / plpgsql_check error, normalised -> routines
    not_deployed: int = 0  # converted, but it calls a routine left manual (or needs an object not created)
    seconds: float = 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--target", default=DEFAULT_TARGET)
    parser.add_argument("--keep", action="store_true", help="keep the databases and output folders")
    parser.add_argument("--top", type=int, default=8, help="how many rules / errors to print per code base")
    parser.add_argument("--case-insensitive", default="icu", help="conversion.case_insensitive (icu, citext, "
                        "case_sensitive: every comparison that depends on the collation is then a finding)")  # fmt: skip
    args = parser.parse_args(argv)
    bases = sorted(p for p in args.corpus.iterdir() if p.is_dir())
    if not bases:
        print(f"{args.corpus}: no code-base folders", file=sys.stderr)
        return 2
    tallies = [measure(base, args.target, args.keep, args.case_insensitive) for base in bases]
    for tally in tallies:
        print_tally(tally, args.top)
    print_total(tallies, args.top)
    return 0


def measure(base: Path, target: str, keep: bool, case_insensitive: str = "icu") -> Tally:
    started = time.perf_counter()
    database = "corpus_" + re.sub(r"\W", "_", base.name.lower())
    out = Path(tempfile.mkdtemp(prefix=f"tsql-corpus-{base.name}-"))
    url = _fresh_database(target, database)
    settings = Settings(
        project_dir=out,
        source=EndpointSettings(dialect="sqlserver", files=(str(base),)),
        target=TargetSettings(url=url),
        conversion=ConversionSettings(case_insensitive=case_insensitive),
    )
    run = convert_project(settings, ConvertRequest(out=out / "converted", paths=(base,), jobs=1), env={})
    report = deploy_project(settings, out / "converted", env={})
    tally = count(base.name, run.result, report)
    tally.seconds = time.perf_counter() - started
    if not keep:
        _drop_database(target, database)
    else:
        print(f"{base.name}: output {out}, database {database}")
    return tally


def count(name: str, result: ConversionResult, report: DeployReport) -> Tally:
    tally = Tally(name)
    outcomes = {(o.kind, o.schema, o.name): o for o in report.outcomes}
    for obj in result.objects:
        if obj.kind not in ROUTINE_KINDS:
            continue
        tally.routines += 1
        if obj.status is ObjectStatus.MANUAL or obj.status is ObjectStatus.FAILED:
            blocking = [f for f in obj.findings if f.severity.value in BLOCKING] or list(obj.findings)
            tally.manual[blocking[0].rule_id if blocking else "(no finding)"] += 1
            continue
        outcome = outcomes.get((obj.kind, obj.schema, obj.name))
        waits = any(f.rule_id == WAITS_FOR_MANUAL for f in obj.findings)
        if (
            outcome is None
            or outcome.status is DeployStatus.SKIPPED_DEPENDENCY
            or (waits and outcome.status is not DeployStatus.OK)
        ):
            tally.not_deployed += 1  # it calls a routine left manual: it can only deploy after that one
            continue
        if outcome.status is DeployStatus.OK:
            tally.clean += 1
        else:
            tally.errors[normalise(outcome.error)] += 1
    return tally


def normalise(error: str) -> str:
    """The server's message without the names and numbers that make every occurrence different."""
    line = error.strip().splitlines()[0] if error.strip() else "(no message)"
    line = re.sub(r"^[\w.]+\([^)]*\) line \d+: ", "", line)  # plpgsql_check: "schema.routine(args) line n: ..."
    line = re.sub(r'"[^"]*"', '"…"', line)
    line = re.sub(r"\b\d+\b", "N", line)
    return line[:140]


def print_tally(tally: Tally, top: int) -> None:
    manual = sum(tally.manual.values())
    failed = sum(tally.errors.values())
    print(f"\n== {tally.name}: {tally.routines} routines, {tally.clean} compiling and clean "
          f"({_pct(tally.clean, tally.routines)}), {manual} manual, {failed} failing deploy/plpgsql_check, "
          f"{tally.not_deployed} waiting for a manual routine they call [{tally.seconds:.1f} s]")  # fmt: skip
    for rule, n in tally.manual.most_common(top):
        print(f"   manual  {n:4d}  {rule}")
    for error, n in tally.errors.most_common(top):
        print(f"   error   {n:4d}  {error}")


def print_total(tallies: list[Tally], top: int) -> None:
    total = Tally("all code bases")
    for t in tallies:
        total.routines += t.routines
        total.clean += t.clean
        total.manual.update(t.manual)
        total.errors.update(t.errors)
        total.not_deployed += t.not_deployed
        total.seconds += t.seconds
    print_tally(total, top * 2)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _fresh_database(target: str, database: str) -> str:
    with connect(target) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database}")  # type: ignore[attr-defined]
        conn.execute(f"CREATE DATABASE {database}")  # type: ignore[attr-defined]
    with connect(_with_database(target, database)) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")  # type: ignore[attr-defined]
    return _with_database(target, database)


def _drop_database(target: str, database: str) -> None:
    with connect(target) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database}")  # type: ignore[attr-defined]


def _with_database(url: str, database: str) -> str:
    return re.sub(r"/[^/?]*(\?|$)", f"/{database}\\1", url, count=1) if "/" in url.split("://", 1)[1] else (
        f"{url}/{database}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
