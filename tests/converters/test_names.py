"""Target names: folding per source, quoting, the 63-byte limit, clashes and duplicates."""

from __future__ import annotations

import pytest

from converters.names import Names, fold, quote, shorten
from migrate.model import Location

# (source, name as the source stores it, target name, as written in SQL)
FOLDS = [
    ("oracle", "EMPLOYEES", "employees", "employees"),
    ("oracle", "MixedCase", "MixedCase", '"MixedCase"'),
    ("oracle", '"EMP"', "emp", "emp"),
    ("oracle", "ORDER", "order", '"order"'),
    ("oracle", "EMP#NO", "emp#no", '"emp#no"'),
    ("oracle", "USER", "user", '"user"'),
    ("sqlserver", "OrderDetails", "orderdetails", "orderdetails"),
    ("sqlserver", "[Order Details]", "order details", '"order details"'),
    ("sqlserver", "[select]", "select", '"select"'),
    ("postgresql", "CamelCase", "CamelCase", '"CamelCase"'),
    ("postgresql", "plain_name", "plain_name", "plain_name"),
]


@pytest.mark.parametrize(("source", "name", "target", "written"), FOLDS)
def test_fold_and_quote(source: str, name: str, target: str, written: str) -> None:
    assert (fold(name, source), quote(fold(name, source))) == (target, written)


def test_long_names_are_shortened_deterministically() -> None:
    long = "a" * 70
    assert len(shorten(long).encode()) == 63
    assert shorten(long) == shorten(long) != shorten("a" * 69 + "b")


def test_long_name_raises_a_finding_with_its_location() -> None:
    names = Names("oracle")
    names.name("X" * 64, Location("t.sql", 3), "column")
    assert [(f.rule_id, str(f.location)) for f in names.findings] == [("AM-NAME-001", "t.sql:3")]


def test_schema_map_renames_schemas() -> None:
    assert Names("oracle", {"hr": "hr_app"}).schema("HR") == "hr_app"


def test_duplicate_relation_is_flagged() -> None:
    names = Names("sqlserver")
    assert names.relation("dbo", "Orders", "table", None) == ("orders", False)
    assert names.relation("dbo", "ORDERS", "table", Location("a.sql", 9)) == ("orders_duplicate", True)
    assert [(f.rule_id, str(f.location)) for f in names.findings] == [("AM-NAME-002", "a.sql:9")]


def test_index_named_like_a_table_is_renamed_not_dropped() -> None:
    names = Names("oracle")
    names.relation("hr", "EMP", "table", None)
    assert names.relation("hr", "EMP", "index", None) == ("emp_idx", False)
    assert [f.rule_id for f in names.findings] == ["AM-NAME-003"]
