"""Conversion and deploy throughput on a generated Oracle DDL script.

    .venv/bin/python bench/convert.py [STATEMENTS=20000] [--deploy-url postgresql://postgres@127.0.0.1:5432/postgres]

Prints: statements, lines, scan seconds, convert seconds, statements/s and lines/s (scan + convert; goal: 20,000
statements in <= 10 s), and, with --deploy-url, deploy seconds and objects/s into a fresh database there.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.output import write_output

STATEMENTS_PER_UNIT = 10


def unit(i: int) -> str:
    """Ten statements: a table, two indexes, a foreign key, a sequence, a view, two comments, a check, a prompt."""
    parent = f"hr.t{i - 1}" if i else "hr.t0"
    return f"""
PROMPT table {i}
CREATE TABLE hr.t{i} (
    id          NUMBER(10)          NOT NULL,
    parent_id   NUMBER(10),
    code        VARCHAR2(30 CHAR)   NOT NULL,
    amount      NUMBER(12,2)        DEFAULT 0,
    created_at  DATE                DEFAULT SYSDATE NOT NULL,
    note        CLOB,
    CONSTRAINT t{i}_pk PRIMARY KEY (id)
);
CREATE UNIQUE INDEX hr.t{i}_code_ux ON hr.t{i} (UPPER(code));
CREATE INDEX hr.t{i}_parent_ix ON hr.t{i} (parent_id, created_at DESC);
ALTER TABLE hr.t{i} ADD CONSTRAINT t{i}_parent_fk FOREIGN KEY (parent_id) REFERENCES {parent} (id) ON DELETE SET NULL;
ALTER TABLE hr.t{i} ADD CONSTRAINT t{i}_amount_ck CHECK (amount >= 0);
CREATE SEQUENCE hr.t{i}_seq START WITH 1 INCREMENT BY 1 NOCACHE;
CREATE OR REPLACE VIEW hr.t{i}_v AS SELECT t.id, NVL(t.amount, 0) AS amount, p.code AS parent_code
  FROM hr.t{i} t, {parent} p WHERE t.parent_id = p.id (+);
COMMENT ON TABLE hr.t{i} IS 'generated table {i}';
COMMENT ON COLUMN hr.t{i}.amount IS 'amount in cents precision';
"""


def generate(statements: int, path: Path) -> tuple[int, int]:
    units = max(statements // STATEMENTS_PER_UNIT, 1)
    text = "".join(unit(i) for i in range(units))
    path.write_text(text, encoding="utf-8")
    return units * STATEMENTS_PER_UNIT, text.count("\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("statements", nargs="?", type=int, default=20_000)
    parser.add_argument("--deploy-url", default="", help="server to deploy to (a fresh database is created there)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="am-bench-convert-"))
    statements, lines = generate(args.statements, work / "schema.sql")
    started = time.perf_counter()
    inventory = scan_files([work / "schema.sql"], "oracle", lambda *a, **k: None)
    scanned = time.perf_counter()
    result = convert_inventory(inventory)
    converted = time.perf_counter()
    write_output(result, work / "out")
    written = time.perf_counter()
    total = converted - started
    print(f"statements           {statements}")
    print(f"lines                {lines}")
    print(f"objects              {len(result.objects)}")
    print(f"scan                 {scanned - started:.2f} s")
    print(f"convert              {converted - scanned:.2f} s")
    print(f"write output         {written - converted:.2f} s")
    print(f"scan+convert         {total:.2f} s  (goal for 20,000 statements: <= 10 s)")
    print(f"statements/s         {statements / total:,.0f}")
    print(f"lines/s              {lines / total:,.0f}")
    print(f"ledger reconciles    {result.ledger.reconciles}")
    if args.deploy_url:
        deploy_bench(args.deploy_url, work / "out")


def deploy_bench(url: str, out: Path) -> None:
    from migrate.deploy import deploy
    from migrate.engines import connect, parse_url
    from migrate.model import DeployStatus

    server = parse_url(url)
    name = f"am_bench_{uuid.uuid4().hex[:8]}"
    with connect(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with connect(replace(server, database=name)) as conn:
            started = time.perf_counter()
            report = deploy(out, conn)
            seconds = time.perf_counter() - started
        ok = report.count(DeployStatus.OK)
        print(f"deploy               {seconds:.2f} s, {len(report.outcomes)} objects, {ok} ok")
        print(f"deploy objects/s     {len(report.outcomes) / seconds:,.0f}")
    finally:
        with connect(server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
