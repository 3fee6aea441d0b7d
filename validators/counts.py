"""Row counts: exact COUNT(*) on both sides at once, or the catalog's estimate, labelled as one."""

from __future__ import annotations

import time

from validators.result import CheckResult
from validators.side import SidePair
from validators.tables import TablePair


def count_sql(side: str, pair: TablePair, sides: SidePair, where: str) -> str:
    table = pair.source if side == "source" else pair.target
    norm = (sides.source if side == "source" else sides.target).normaliser
    assert table is not None
    return f"SELECT COUNT(*) FROM {norm.quote(table.schema)}.{norm.quote(table.name)}" + (
        f" WHERE {where}" if where else ""
    )


def count_table(pair: TablePair, sides: SidePair, where: tuple[str, str]) -> CheckResult:
    started = time.monotonic()
    found = sides.both(count_sql("source", pair, sides, where[0]), count_sql("target", pair, sides, where[1]))
    source_rows, target_rows = int(found[0][0][0]), int(found[1][0][0])
    result = CheckResult("counts", pair.name, "match" if source_rows == target_rows else "differ", method="COUNT(*)")
    result.source_rows, result.target_rows = source_rows, target_rows
    result.difference_count = abs(source_rows - target_rows)
    result.summary = f"{source_rows} source rows, {target_rows} target rows"
    result.elapsed = time.monotonic() - started
    return result


def estimates(sides: SidePair) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """(schema, table) folded -> the catalog's row estimate, for each side."""
    found = sides.each(lambda side: side.rows(side.normaliser.estimate_query))
    return tuple(  # type: ignore[return-value]
        {(str(s).casefold(), str(t).casefold()): int(n or 0) for s, t, n in rows} for rows in found
    )


def estimate_table(
    pair: TablePair, found: tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]
) -> CheckResult:
    assert pair.source is not None and pair.target is not None
    source_rows = found[0].get((pair.source.schema.casefold(), pair.source.name.casefold()), 0)
    target_rows = found[1].get((pair.target.schema.casefold(), pair.target.name.casefold()), 0)
    result = CheckResult(
        "counts", pair.name, "match" if source_rows == target_rows else "differ", method="ESTIMATE from catalog stats"
    )
    result.source_rows, result.target_rows = source_rows, target_rows
    result.summary = f"estimate: ~{source_rows} source rows, ~{target_rows} target rows (statistics, not a count)"
    result.notes.append("an estimate from the catalog's statistics: run without --estimate for exact counts")
    return result
