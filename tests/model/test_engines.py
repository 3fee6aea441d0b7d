"""The engine descriptors: one vocabulary of names, and the identifier facts every stage reads from them."""

from __future__ import annotations

import pytest

from migrate.model import SourceInfo, loads
from migrate.model.engines import ENGINES, engine


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("oracle", "oracle"),
        ("sqlserver", "sqlserver"),
        ("tsql", "sqlserver"),  # the file scanner's older name
        ("mssql", "sqlserver"),  # the URL scheme
        ("postgresql", "postgresql"),
        ("postgres", "postgresql"),
    ],
)
def test_every_spelling_names_one_engine(written: str, name: str) -> None:
    assert engine(written).name == name


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown database engine 'db2'"):
        engine("db2")


def test_an_inventory_with_an_older_engine_name_reads_with_the_one_name() -> None:
    text = '{"format": "aurora-migrate/source", "version": 1, "data": {"engine": "tsql"}}'
    assert loads(SourceInfo, text, "source").engine == "sqlserver"


@pytest.mark.parametrize(
    ("source", "written", "quoted", "stored", "target"),
    [
        ("oracle", "emp", False, "EMP", ("emp", False)),  # unquoted: stored upper, lower on PostgreSQL
        ("oracle", "EMP", True, "EMP", ("emp", False)),  # "EMP" is EMP
        ("oracle", "Emp", True, "Emp", ("Emp", True)),  # a mixed-case quoted name stays quoted
        ("oracle", "emp", True, "emp", ("emp", True)),  # "emp" is not EMP in Oracle
        ("sqlserver", "Orders", False, "Orders", ("orders", False)),  # case-insensitive names fold
        ("sqlserver", "Order Details", True, "Order Details", ("order details", False)),
        ("postgresql", "Emp", False, "emp", ("emp", False)),
        ("postgresql", "Emp", True, "Emp", ("Emp", True)),
        ("postgresql", "emp", True, "emp", ("emp", True)),  # a PostgreSQL source keeps its quotes
    ],
)
def test_identifier_folding(source: str, written: str, quoted: bool, stored: str, target: tuple[str, bool]) -> None:
    facts = ENGINES[source]
    assert (written if quoted else facts.stored_name(written)) == stored
    assert facts.target_identifier(written, quoted) == target
