"""The project's own examples, end to end: scan the export files, convert, deploy to the real PostgreSQL.
Every object that is not manual must deploy; every manual one carries a finding saying why."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.output import write_output
from migrate.deploy import deploy
from migrate.model import DeployStatus, ObjectStatus

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# (dialect, export folder, object kinds that must be present in the conversion)
CASES = [
    ("oracle", "oracle/hr_sales", {"table", "index", "constraint", "sequence", "view", "materialized_view", "synonym"}),
    ("sqlserver", "sqlserver/inventory_app", {"table", "index", "constraint", "sequence", "view", "synonym"}),
]


@pytest.fixture(scope="module", params=CASES, ids=[c[0] for c in CASES])
def converted(request, tmp_path_factory):
    dialect, folder, kinds = request.param
    inventory = scan_files([EXAMPLES / folder], dialect, lambda *a, **k: None)
    result = convert_inventory(inventory)
    out = tmp_path_factory.mktemp(dialect)
    write_output(result, out)
    return result, out, kinds


def test_ledger_reconciles(converted) -> None:
    result, _, _ = converted
    assert result.ledger.reconciles and result.ledger.statements_in > 0


def test_every_kind_is_converted(converted) -> None:
    result, _, kinds = converted
    assert kinds <= {o.kind for o in result.objects if o.status is not ObjectStatus.MANUAL}


def test_every_manual_object_says_why(converted) -> None:
    result, _, _ = converted
    assert [o.qualified_name for o in result.objects if o.status is ObjectStatus.MANUAL and not o.findings] == []


def test_every_converted_object_deploys(converted, pg) -> None:
    """...except a routine calling one left manual (it says so with AM-PLSQL-026 and waits for it)."""
    result, out, _ = converted
    report = deploy(out, pg)
    waiting = {f"{o.schema}.{o.name}" for o in result.objects if any(f.rule_id == "AM-PLSQL-026" for f in o.findings)}
    failed = {f"{o.kind} {o.schema}.{o.name}": o.error for o in report.outcomes if o.status is not DeployStatus.OK
              and o.status is not DeployStatus.SKIPPED_MANUAL and f"{o.schema}.{o.name}" not in waiting}  # fmt: skip
    assert failed == {}
    assert report.count(DeployStatus.SKIPPED_MANUAL) == sum(o.status is ObjectStatus.MANUAL for o in result.objects)


def test_redeploy_keeps_every_deployed_object(converted, pg) -> None:
    _, out, _ = converted
    first = {(o.kind, o.name): o.status for o in deploy(out, pg).outcomes}
    second = {(o.kind, o.name): o.status for o in deploy(out, pg).outcomes}
    assert second == first
