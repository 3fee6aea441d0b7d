"""Schema parity: tables, columns, types (against conversion.json's expected types when given), keys,
indexes, sequences (and whether a sequence is behind the data it feeds), views, routines, triggers.

Results are one CheckResult per table (check "schema") plus one per object kind ("schema objects").
Object names compare case-folded; Oracle packages have no PostgreSQL object of the same kind (they
become schemas of functions), so packages are listed, not counted as missing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from validators.column_types import type_differences
from validators.result import CheckResult
from validators.side import SidePair
from validators.tables import Catalog, Pairing, TableDef, pair_tables

# object kinds whose names are compared one by one (packages and indexes are named freely by converters)
NAMED_KINDS = ("sequence", "view", "procedure", "function", "trigger")
COUNTED_KINDS = ("index",)


def compare_schema(sides: SidePair, source: Catalog, target: Catalog, options: Any) -> list[CheckResult]:
    engines = (sides.source.engine, sides.target.engine)
    pairing = Pairing(options.patterns, options.schema_map, options.conversion)
    results = []
    counts = _constraint_counts(sides)
    for pair in pair_tables(source, target, pairing, engines, sides.source.normaliser):
        result = CheckResult(
            "schema", pair.name, "match", method="catalogs" + (" + conversion.json" if options.conversion else "")
        )
        result.problems += list(pair.problems)
        if pair.source and pair.target:
            result.problems += _table_problems(pair.source, pair.target, pairing, engines)
            result.problems += _constraint_problems(pair.source, pair.target, counts)
        result.problems += [n for n in pair.notes]
        result.status = "differ" if result.problems else "match"
        result.difference_count = len(result.problems)
        result.summary = (
            f"{len(result.problems)} difference(s)" if result.problems else "tables, columns, types and keys match"
        )
        results.append(result)
    results.append(_objects(sides, options))
    return results


def _table_problems(source: TableDef, target: TableDef, pairing: Pairing, engines: tuple[str, str]) -> list[str]:
    problems = []
    expected = _expected_types(source, pairing)
    for name, raw, not_null in source.columns:
        found = target.column(pairing.column_map(source).get(name.casefold(), name))
        if not found:
            continue
        want = expected.get(name.casefold())
        if want and type_differences(want, found[1], ("postgresql", "postgresql")):
            problems.append(f"column {found[0]} is {found[1]} but the conversion says {want}")
        elif not want:
            problems += [f"column {found[0]}: {d}" for d in type_differences(raw, found[1], engines)]
        if not_null and not found[2]:
            problems.append(f"column {found[0]} is NOT NULL in source but nullable in target")
    source_keys = {(k, tuple(c.casefold() for c in cols)) for k, _, cols in source.keys}
    target_keys = {(k, tuple(c.casefold() for c in cols)) for k, _, cols in target.keys}
    for kind, cols in sorted(source_keys - target_keys):
        problems.append(f"{'primary key' if kind == 'P' else 'unique key'} ({', '.join(cols)}) is missing in target")
    return problems


def _constraint_counts(sides: SidePair) -> tuple[dict[tuple[str, str, str], int], ...]:
    """(schema, table, kind) folded -> how many foreign keys / check constraints, per side."""
    found = sides.each(lambda side: side.rows(side.normaliser.constraints_query))
    return tuple({(str(s).casefold(), str(t).casefold(), k): int(n) for s, t, k, n in rows} for rows in found)


def _constraint_problems(
    source: TableDef, target: TableDef, counts: tuple[dict[tuple[str, str, str], int], ...]
) -> list[str]:
    problems = []
    for kind in ("foreign key", "check"):
        have = counts[0].get((source.schema.casefold(), source.name.casefold(), kind), 0)
        got = counts[1].get((target.schema.casefold(), target.name.casefold(), kind), 0)
        if got < have:
            problems.append(f"{have} {kind} constraint(s) in source, {got} in target")
    return problems


def _expected_types(source: TableDef, pairing: Pairing) -> dict[str, str]:
    if not pairing.conversion:
        return {}
    for obj in pairing.conversion.objects:
        if obj.kind == "table" and obj.source_name.casefold() == source.qualified.casefold():
            return {c.source_name.casefold(): c.target_type for c in obj.columns}
    return {}


def _objects(sides: SidePair, options: Any) -> CheckResult:
    found = sides.each(lambda side: side.rows(side.normaliser.objects_query))
    names: list[dict[str, set[str]]] = []
    for rows in found:
        by_kind: dict[str, set[str]] = defaultdict(set)
        for schema, kind, name in rows:
            schema = options.schema_map.get(schema, schema)
            by_kind[str(kind).replace("materialized view", "view")].add(f"{schema}.{name}".casefold())
        names.append(by_kind)
    result = CheckResult("schema", "(objects)", "match", method="catalogs")
    for kind in NAMED_KINDS:
        result.problems += [f"{kind} {n} is missing in target" for n in sorted(names[0][kind] - names[1][kind])]
    for kind in COUNTED_KINDS:
        if len(names[0][kind]) > len(names[1][kind]):
            result.problems.append(f"{len(names[0][kind])} {kind}es in source, {len(names[1][kind])} in target")
    if names[0].get("package"):
        result.notes.append(f"{len(names[0]['package'])} Oracle packages: compare their functions by name")
    result.problems += _sequences_behind(sides)
    result.status = "differ" if result.problems else "match"
    result.difference_count = len(result.problems)
    result.summary = (
        f"{len(result.problems)} difference(s)"
        if result.problems
        else "sequences, views, routines, triggers and indexes match"
    )
    return result


def _sequences_behind(sides: SidePair) -> list[str]:
    """A sequence whose value is below the largest value in the column it feeds: the next insert collides."""
    target = sides.target
    if not target.normaliser.owned_sequences_query:
        return []
    problems = []
    for seq_schema, seq, schema, table, column, last in target.rows(target.normaliser.owned_sequences_query):
        q = target.normaliser.quote
        top = target.rows(f"SELECT MAX({q(column)}) FROM {q(schema)}.{q(table)}")[0][0]
        if top is not None and int(top) > int(last or 0):
            problems.append(
                f"sequence {seq_schema}.{seq} is at {last} but {schema}.{table}.{column} holds {top}: "
                f"run SELECT setval('{seq_schema}.{seq}', {top}) before the application writes"
            )
    return problems
