"""The shipped examples scan completely: every object they define is in the inventory, every
statement is accounted for, and nothing is left unread."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assessments.scan import scan_files
from migrate.model import Inventory, dumps, loads

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def oracle() -> Inventory:
    return scan_files([EXAMPLES / "oracle" / "hr_sales"], "oracle")


@pytest.fixture(scope="module")
def sqlserver() -> Inventory:
    return scan_files([EXAMPLES / "sqlserver" / "inventory_app"], "sqlserver")


def counts(inv: Inventory) -> dict[str, int]:
    kinds = ("tables", "views", "sequences", "routines", "triggers", "synonyms")
    totals = {k: sum(len(getattr(s, k)) for s in inv.schemas) for k in kinds}
    return {**totals, "db_links": len(inv.db_links), "jobs": len(inv.jobs), "grants": len(inv.grants)}


def test_oracle_example_objects(oracle: Inventory) -> None:
    assert counts(oracle) == {
        "tables": 15, "views": 11, "sequences": 6, "routines": 12, "triggers": 3, "synonyms": 3,
        "db_links": 1, "jobs": 2, "grants": 8,
    }  # fmt: skip


def test_sqlserver_example_objects(sqlserver: Inventory) -> None:
    assert counts(sqlserver) == {
        "tables": 10, "views": 5, "sequences": 2, "routines": 6, "triggers": 2, "synonyms": 1,
        "db_links": 0, "jobs": 1, "grants": 0,
    }  # fmt: skip


@pytest.mark.parametrize("which", ["oracle", "sqlserver"])
def test_examples_read_without_problems(which: str, request: pytest.FixtureRequest) -> None:
    inv: Inventory = request.getfixturevalue(which)
    assert [f"{f.rule_id} {f.location}: {f.message}" for f in inv.findings] == []
    assert inv.complete
    assert Counter(r.disposition for r in inv.statements)["unparsed"] == 0
    assert Counter(r.disposition for r in inv.statements)["unsupported"] == 0


def test_every_code_line_of_the_oracle_example_is_in_a_statement(oracle: Inventory) -> None:
    covered: dict[str, set[int]] = {}
    for record in oracle.statements:
        loc = record.location
        covered.setdefault(loc.file, set()).update(range(loc.line, loc.end_line + 1))
    for path in sorted((EXAMPLES / "oracle" / "hr_sales").glob("*.sql")):
        code = {
            n
            for n, line in enumerate(path.read_text().split("\n"), 1)
            if line.strip() not in ("", "/") and not line.lstrip().startswith("--")
        }
        assert code - covered[str(path)] == set(), path.name


def test_example_keeps_source_and_locations(oracle: Inventory) -> None:
    body = next(r for s in oracle.schemas for r in s.routines if r.kind.value == "package_body")
    assert body.location.file.endswith("05_code.sql") and body.location.line == 49
    assert "PRAGMA AUTONOMOUS_TRANSACTION" in body.source and body.source.rstrip().endswith("END payroll_pkg;")
    orders = oracle.find_table("SALES", "ORDERS")
    assert orders.partitioning.method == "range" and len(orders.partitioning.partitions) == 4
    assert orders.location.line == 171 and orders.source_text.startswith("CREATE TABLE sales.orders")


def test_example_db_link_password_is_never_kept(oracle: Inventory) -> None:
    assert "Fin#Reader2024" not in dumps(oracle, "inventory")


@pytest.mark.parametrize("which", ["oracle", "sqlserver"])
def test_examples_round_trip_through_json(which: str, request: pytest.FixtureRequest) -> None:
    inv: Inventory = request.getfixturevalue(which)
    assert loads(Inventory, dumps(inv, "inventory"), "inventory") == inv
