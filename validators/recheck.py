"""Recheck differing keys after a lag window: rows in flight under CDC are not differences.

While DMS still replicates, a checksum run sees rows the source changed and the target has not yet
applied. As DMS's own validation does, each differing key is read again on both sides after the lag
window (the measured CDC latency plus a margin) and only keys whose rows still differ are reported.
Tables compared without a key (a multiset of row hashes) cannot be rechecked row by row: they keep
their result, with a note saying so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from migrate.engines import DatabaseUrl
from migrate.errors import MigrateError
from validators.checksum import TableSQL, side_sql
from validators.normalize import normalisers_for
from validators.result import CheckResult, ValidationReport
from validators.run import ValidationOptions, translate_filter
from validators.side import Side, SidePair
from validators.tables import Pairing, TablePair, pair_tables, read_catalog


@dataclass(frozen=True)
class Recheck:
    """What a recheck did to one table's checksum result."""

    table: str
    rechecked: int
    settled: int  # keys whose rows matched after the window
    still_differ: int


def recheck_report(
    report: ValidationReport,
    source_url: DatabaseUrl,
    target_url: DatabaseUrl,
    options: ValidationOptions,
    after_seconds: float,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Recheck]:
    """Wait `after_seconds`, then read every listed differing key of every checksum result again; keys that
    now match are dropped from the result (which becomes a match when none is left)."""
    differing = [c for c in report.checks if c.check == "checksums" and c.status == "differ" and c.differences]
    if not differing:
        return []
    sleep(after_seconds)
    norms = normalisers_for(source_url.engine, target_url.engine, fast=options.fast)
    policy = options.policy.resolved((source_url.engine, target_url.engine))
    where = translate_filter(options.where, (norms[0].dialect, norms[1].dialect))
    sides = SidePair(Side("source", source_url, norms[0]), Side("target", target_url, norms[1]))
    try:
        catalogs = sides.each(lambda side: read_catalog(side.connection(), side.normaliser))
        pairing = Pairing(options.patterns, options.schema_map, options.conversion)
        pairs = {
            p.name: p
            for p in pair_tables(catalogs[0], catalogs[1], pairing, (source_url.engine, target_url.engine), norms[0])
        }
        done = []
        for result in differing:
            pair = pairs.get(result.table)
            if pair is None or not pair.key:
                result.notes.append(f"not rechecked after {after_seconds:g} s: no key to read rows by")
                continue
            source, target = side_sql(pair, norms, policy, where)
            done.append(_recheck_table(result, pair, source, target, sides, after_seconds))
        return done
    except MigrateError as exc:
        report.problems.append(f"recheck after {after_seconds:g} s could not run: {exc.message}")
        return []
    finally:
        sides.close()


def _recheck_table(
    result: CheckResult, pair: TablePair, source: TableSQL, target: TableSQL, sides: SidePair, after: float
) -> Recheck:
    names = [c.name for c in source.key_specs]
    keys = [tuple(str(d["key"][n]) for n in names) for d in result.differences]
    found = sides.both(source.rows_by_key(keys), target.rows_by_key(keys))
    width = len(names)
    by_key = [{tuple(str(v) for v in r[:width]): tuple(r[width:]) for r in rows} for rows in found]
    kept: list[dict[str, Any]] = []
    for difference, key in zip(result.differences, keys):
        if by_key[0].get(key) != by_key[1].get(key):  # both absent (deleted and applied) is settled too
            kept.append(difference)
    settled = len(result.differences) - len(kept)
    result.differences = kept
    result.difference_count -= settled
    unlisted = result.difference_count - len(kept)
    if result.difference_count <= 0 and not pair.notes:
        result.status, result.difference_count = "match", 0
    result.notes.append(
        f"rechecked {len(keys)} differing key(s) after {after:g} s: {settled} settled (rows in flight), "
        f"{len(kept)} still differ"
        + (f"; {unlisted} unlisted difference(s) were not rechecked" if unlisted > 0 else "")
    )
    return Recheck(pair.name, len(keys), settled, len(kept))
