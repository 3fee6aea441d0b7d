"""PostgreSQL -> Aurora rule table: what a managed service does not allow."""

from __future__ import annotations

import pytest

from assessments.rules import RULESETS, detect
from migrate.model import Feature, Inventory, Location, Routine, RoutineKind, Schema, SourceInfo, Table


def inventory(*routines: Routine, features: tuple[Feature, ...] = (), tables: tuple[Table, ...] = ()) -> Inventory:
    return Inventory(
        SourceInfo("postgresql"), schemas=(Schema("app", routines=routines, tables=tables),), features=features
    )


def function(source: str, language: str = "plpgsql") -> Inventory:
    return inventory(Routine("app", "f", RoutineKind.FUNCTION, source, language, Location("f.sql", 1)))


def rule_ids(inv: Inventory) -> list[str]:
    return [f.rule_id for f in detect(inv)[0]]


CASES = [
    (function("import os", "plpython3u"), "PG-UNTRUSTED-001"),
    (function("'$libdir/mylib', 'f'", "c"), "PG-UNTRUSTED-001"),
    (function("BEGIN ALTER SYSTEM SET work_mem = '64MB'; END"), "PG-ALTERSYSTEM-001"),
    (function("BEGIN PERFORM pg_read_file('/etc/hosts'); END"), "PG-SERVERFILE-001"),
    (function("BEGIN COPY t FROM '/data/t.csv'; END"), "PG-COPYFILE-001"),
    (function("BEGIN TRUNCATE stage; END"), "PG-TRUNCATE-001"),
    (inventory(features=(Feature("event_trigger", "audit_ddl"),)), "PG-EVENTTRIGGER-001"),
    (inventory(features=(Feature("tablespace", "fast_ssd"),)), "PG-TABLESPACE-001"),
    (inventory(features=(Feature("foreign_server", "legacy"),)), "PG-FDW-001"),
    (inventory(tables=(Table("app", "remote_orders", kind="external"),)), "PG-FDW-001"),
    (inventory(features=(Feature("large_objects", "pg_largeobject", "120 objects"),)), "PG-LARGEOBJECT-001"),
    (inventory(features=(Feature("publication", "to_warehouse"),)), "PG-SUBSCRIPTION-001"),
    (inventory(tables=(Table("app", "t" * 64),)), "PG-NAMELEN-001"),
    (function("BEGIN RETURN 'unterminated; END"), "PG-TOKEN-001"),
]


@pytest.mark.parametrize("inv, rule_id", CASES)
def test_rule_fires(inv: Inventory, rule_id: str) -> None:
    assert rule_id in rule_ids(inv)


@pytest.mark.parametrize("language", ["plpgsql", "sql", "plperl"])
def test_trusted_languages_are_fine(language: str) -> None:
    assert "PG-UNTRUSTED-001" not in rule_ids(function("BEGIN RETURN 1; END", language))


def test_every_postgres_rule_has_a_test_line() -> None:
    tested = {rule_id for _, rule_id in CASES} | {"PG-PARSE-001"}
    assert {r.id for r in RULESETS["postgresql"].rules} - tested == set()
