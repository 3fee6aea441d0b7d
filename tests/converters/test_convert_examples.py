"""The project's own examples, end to end: scan the export files, convert, deploy to the real PostgreSQL.
Every object that is not manual must deploy; every manual one carries a finding saying why."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.files.view_columns import parsed_names
from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.output import object_path, write_output
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


def test_every_deployed_view_keeps_the_source_column_names(converted, pg) -> None:
    """The view columns on PostgreSQL are the names sqlglot reads from the whole source query (no fast path): a
    select item such as LISTAGG(...) WITHIN GROUP (...) AS members must not come out as a column named `within`."""
    result, out, _ = converted
    deploy(out, pg)
    dialect = {"oracle": "oracle", "sqlserver": "tsql"}[result.source_dialect]
    inventory = scan_files(
        [EXAMPLES / dict((c[0], c[1]) for c in CASES)[result.source_dialect]], result.source_dialect, None
    )
    checked = 0
    for view in (v for s in inventory.schemas for v in s.views):
        expected = [n.lower() for n in parsed_names(view.query, dialect)]
        target = next(
            (o for o in result.objects if o.source_name == view.qualified_name and o.kind.endswith("view")), None
        )
        if not expected or target is None or target.status is ObjectStatus.MANUAL:
            continue
        deployed = pg.rows(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 ORDER BY attnum",
            [f'"{target.schema}"."{target.name}"'],
        )
        assert [r[0].lower() for r in deployed] == expected, view.qualified_name
        checked += 1
    assert checked >= 3


def test_converted_views_are_indented_as_a_dba_writes_them(converted) -> None:
    result, _, _ = converted
    views = [
        o for o in result.objects if o.kind in ("view", "materialized_view") and o.status is not ObjectStatus.MANUAL
    ]
    assert views
    for view in views:
        body = view.sql.split(" AS\n", 1)[1]  # after the CREATE ... (columns) AS header
        assert max(len(line) for line in body.splitlines()) <= 140, view.sql


def test_each_object_file_carries_its_findings_at_the_top(converted) -> None:
    result, out, _ = converted
    noted = [o for o in result.objects if o.status is ObjectStatus.CONVERTED_WITH_FINDINGS]
    assert noted
    for obj in noted:
        text = (out / object_path(obj)).read_text()
        head = text.split("\n")[: len(obj.findings) * 2 + 1]
        assert all(any(f"[{f.rule_id}]" in line for line in head) for f in obj.findings), text[:400]
