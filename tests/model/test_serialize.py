"""The model's JSON is lossless (property test) and refuses what it cannot read, clearly."""

from __future__ import annotations

import dataclasses
import json
import typing
from enum import Enum
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.model import (
    SCHEMA_VERSION,
    ConversionResult,
    Inventory,
    ModelFormatError,
    dumps,
    load_inventory,
    loads,
    save_inventory,
)

text = st.text(max_size=12)


def strategy_for(tp: typing.Any, seen: frozenset[type] = frozenset()) -> st.SearchStrategy[typing.Any]:
    """A hypothesis strategy for any model type, built from its type hints.

    `seen` holds the dataclasses above this point, so recursive types (partitions of partitions)
    get one level of nesting and then stop."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, __import__("types").UnionType):
        return st.one_of(*[strategy_for(a, seen) for a in args])
    if tp is type(None):
        return st.none()
    if origin is tuple:
        if args[0] in seen:
            return st.just(())
        return st.lists(strategy_for(args[0], seen), max_size=2).map(tuple)
    if origin is dict:
        return st.dictionaries(text, text, max_size=2)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = {f.name: strategy_for(hints[f.name], seen | {tp}) for f in dataclasses.fields(tp)}
        return st.builds(tp, **fields)
    return {
        str: text,
        int: st.integers(min_value=-(10**28), max_value=10**28),  # Oracle's 28-digit sequence bounds
        float: st.floats(allow_nan=False, allow_infinity=False),
        bool: st.booleans(),
    }[tp]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategy_for(Inventory))
def test_inventory_round_trip_is_lossless(inventory: Inventory) -> None:
    assert loads(Inventory, dumps(inventory, "inventory"), "inventory") == inventory


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategy_for(ConversionResult))
def test_conversion_round_trip_is_lossless(result: ConversionResult) -> None:
    assert loads(ConversionResult, dumps(result, "conversion"), "conversion") == result


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(strategy_for(Inventory))
def test_file_round_trip(tmp_path: Path, inventory: Inventory) -> None:
    path = save_inventory(tmp_path / "inventory.json", inventory)
    assert json.loads(path.read_text())["version"] == SCHEMA_VERSION
    assert load_inventory(path) == inventory


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("not json", "not JSON"),
        ('{"format": "aurora-migrate/conversion", "version": 1, "data": {}}', "not an aurora-migrate inventory"),
        ('{"format": "aurora-migrate/inventory", "version": 99, "data": {}}', "newer than this release reads"),
        ('{"format": "aurora-migrate/inventory", "version": 1, "data": {}}', "required field 'source' is missing"),
        (
            '{"format": "aurora-migrate/inventory", "version": 1, "data": {"source": {"engine": 3}}}',
            "$.source.engine: expected str, got int",
        ),
    ],
)
def test_bad_documents_say_what_is_wrong(document: str, message: str) -> None:
    with pytest.raises(ModelFormatError, match=message.replace("$", r"\$").replace("(", r"\(")):
        loads(Inventory, document, "inventory", source="x.json")


def test_nulls_not_distinct_round_trips_and_old_files_without_it_still_load() -> None:
    from migrate.model import Constraint, ConstraintKind, Index, IndexColumn, Schema, SourceInfo, Table

    key = Constraint("t_ab", ConstraintKind.UNIQUE, ("a", "b"), nulls_not_distinct=True)
    index = Index("t_c", (IndexColumn("c"),), unique=True, nulls_not_distinct=True)
    inventory = Inventory(
        SourceInfo("postgresql"), (Schema("s", (Table("s", "t", constraints=(key,), indexes=(index,)),)),)
    )
    text = dumps(inventory, "inventory")
    assert loads(Inventory, text, "inventory") == inventory
    # a file written before the field existed: the key and the index load, NULLs distinct as before
    document = json.loads(text)
    table = document["data"]["schemas"][0]["tables"][0]
    for item in (*table["constraints"], *table["indexes"]):
        assert item.pop("nulls_not_distinct") is True
    old = loads(Inventory, json.dumps(document), "inventory").find_table("s", "t")
    assert old is not None
    assert (old.constraints[0].nulls_not_distinct, old.indexes[0].nulls_not_distinct) == (False, False)
    assert dataclasses.replace(old.constraints[0], nulls_not_distinct=True) == key
