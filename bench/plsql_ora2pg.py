"""ora2pg beside aurora-migrate on the same real PL/SQL code bases: routines that compile and are clean under
plpgsql_check.

    .venv/bin/python bench/plsql_ora2pg.py FOLDER [--url postgresql://postgres@127.0.0.1:5432/postgres] [--orafce]

FOLDER is the one bench/plsql_corpus.py reads (one sub-folder per code base). For each code base, ora2pg (Debian
package `ora2pg`, file mode `-i`) converts the files, read as one script, once per object type it knows (TYPE,
TABLE, SEQUENCE, VIEW, PACKAGE, PROCEDURE, FUNCTION, TRIGGER). Its output is run statement by statement in a fresh
database with check_function_bodies = on, in passes until no further statement succeeds (so that the order of its
files does not count against it), with orafce and plpgsql_check installed (ora2pg's output may call orafce).
Then every PL/pgSQL routine created is checked with plpgsql_check (a trigger function against its table). The same
code base then goes through bench/plsql_corpus.py's measurement of aurora-migrate, and both figures are printed:
routines written, routines created, routines clean.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from plsql_corpus import _files, measure

from migrate.engines import connect
from migrate.engines.base import Connection
from migrate.engines.url import parse_url
from migrate.sqltext.split_postgres import split_postgres

TYPES = ("TYPE", "TABLE", "SEQUENCE", "VIEW", "PACKAGE", "PROCEDURE", "FUNCTION", "TRIGGER")
_ROUTINE = re.compile(r"^\s*CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\b", re.IGNORECASE)

# every PL/pgSQL routine outside the system and extension schemas, with the table a trigger function fires on
_CREATED = """
SELECT p.oid::regprocedure::text, coalesce((SELECT t.tgrelid FROM pg_trigger t WHERE t.tgfoid = p.oid LIMIT 1), 0),
       p.prorettype = 'trigger'::regtype
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
WHERE l.lanname = 'plpgsql' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
"""


@dataclass
class Theirs:
    written: int = 0  # routines ora2pg wrote (CREATE FUNCTION / PROCEDURE, each name and parameter list once)
    created: int = 0
    clean: int = 0
    seconds: float = 0.0


def ora2pg_statements(ora2pg: str, folder: Path, work: Path) -> list[str]:
    script = work / "input.sql"
    script.write_text("\n".join(p.read_text(encoding="utf-8", errors="replace") for p in _files(folder)))
    statements: list[str] = []
    for kind in TYPES:
        out = f"{kind.lower()}.sql"
        subprocess.run([ora2pg, "-i", str(script), "-t", kind, "-b", str(work), "-o", out, "-q"],
                       capture_output=True, check=False, timeout=600)  # fmt: skip
        for path in sorted(work.glob(f"*{out}")):
            text = path.read_text(encoding="utf-8", errors="replace")
            statements += [s.text for s in split_postgres(text, path.name) if s.kind != "client"]
    return statements


def _header(statement: str) -> str:
    """A routine's name and parameters as written: CREATE ... up to RETURNS / AS, spaces and case folded."""
    head = re.split(r"\b(?:RETURNS|AS)\b", statement, maxsplit=1, flags=re.IGNORECASE)[0]
    return " ".join(head.lower().replace("or replace", "").split())


def run_in_passes(conn: Connection, statements: list[str]) -> None:
    pending = statements
    while pending:
        failed = []
        for text in pending:
            try:
                conn.execute(text)
            except Exception:
                failed.append(text)
        if len(failed) == len(pending):
            return
        pending = failed


def clean_routines(conn: Connection) -> tuple[int, int]:
    created = clean = 0
    for routine, relid, is_trigger in conn.rows(_CREATED):
        created += 1
        if is_trigger and not relid:
            continue  # a trigger function with no trigger cannot be checked: not counted as clean
        try:
            rows = conn.rows("SELECT level FROM plpgsql_check_function_tb(%s::regprocedure, %s::oid)", (routine, relid))
        except Exception:
            continue
        clean += not any(level == "error" for (level,) in rows)
    return created, clean


def measure_ora2pg(ora2pg: str, folder: Path, url: str) -> Theirs:
    import time

    figures = Theirs()
    admin_url = parse_url(url)
    database = f"bench_ora2pg_{uuid.uuid4().hex[:10]}"
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        statements = ora2pg_statements(ora2pg, folder, Path(tmp))
        figures.seconds = time.perf_counter() - started
    figures.written = len({_header(s) for s in statements if _ROUTINE.match(s)})  # it writes some twice
    with connect(admin_url) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        with connect(replace(admin_url, database=database)) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS orafce")
            conn.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
            conn.execute("SET check_function_bodies = on")
            run_in_passes(conn, statements)
            figures.created, figures.clean = clean_routines(conn)
    finally:
        with connect(admin_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="one sub-folder per code base")
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--orafce", action="store_true", help="aurora-migrate with conversion.use_orafce = true")
    parser.add_argument("--oracle-version", default="19", help="conversion.oracle_version for aurora-migrate")
    args = parser.parse_args(argv)
    ora2pg = shutil.which("ora2pg")
    if ora2pg is None:
        print("ora2pg is not installed (Debian package ora2pg): no comparison", file=sys.stderr)
        return 2
    totals = [0, 0, 0, 0, 0]
    print(
        f"{'code base':24} {'ora2pg: written':>16} {'created':>8} {'clean':>6} | {'aurora-migrate: routines':>25} {'clean':>6}"
    )
    for base in sorted(p for p in args.folder.iterdir() if p.is_dir()):
        theirs = measure_ora2pg(ora2pg, base, args.url)
        ours = measure(base.name, base, args.url, args.orafce, args.oracle_version)
        for i, n in enumerate((theirs.written, theirs.created, theirs.clean, ours.routines, ours.clean)):
            totals[i] += n
        print(
            f"{base.name:24} {theirs.written:16d} {theirs.created:8d} {theirs.clean:6d} | {ours.routines:25d} {ours.clean:6d}"
        )
    print(f"{'all':24} {totals[0]:16d} {totals[1]:8d} {totals[2]:6d} | {totals[3]:25d} {totals[4]:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
