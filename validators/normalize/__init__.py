"""A normaliser per engine: SQL that renders each value in the one canonical text form, and its hashes."""

from __future__ import annotations

from validators.normalize.base import BUCKET_SPACE, KINDS, ColumnSpec, Normaliser, Policy
from validators.normalize.oracle import OracleNormaliser
from validators.normalize.postgres import PostgresFastNormaliser, PostgresNormaliser
from validators.normalize.sqlserver import SqlServerNormaliser

# engine -> its normaliser (the engine names migrate.engines uses)
NORMALISERS: dict[str, type[Normaliser]] = {
    "postgresql": PostgresNormaliser,
    "oracle": OracleNormaliser,
    "sqlserver": SqlServerNormaliser,
}

# (source, target) -> a faster hash both sides share; only where both sides are the same engine
FAST_PATHS: dict[tuple[str, str], type[Normaliser]] = {
    # the same canonical row text, hashed by hashtextextended (64 bits of the text's bytes) instead of md5
    ("postgresql", "postgresql"): PostgresFastNormaliser,
}

__all__ = [
    "BUCKET_SPACE",
    "KINDS",
    "NORMALISERS",
    "ColumnSpec",
    "Normaliser",
    "OracleNormaliser",
    "Policy",
    "PostgresFastNormaliser",
    "PostgresNormaliser",
    "SqlServerNormaliser",
    "normalisers_for",
]


def normalisers_for(
    source_engine: str, target_engine: str, fast: bool = True, float_digits: int = 15
) -> tuple[Normaliser, Normaliser]:
    """The pair of normalisers; both PostgreSQL (and `fast`) takes the same-engine fast path. `float_digits` is
    the run's resolved Policy.float_digits."""
    pair = FAST_PATHS.get((source_engine, target_engine)) if fast else None
    if pair:
        return pair(float_digits), pair(float_digits)
    return NORMALISERS[source_engine](float_digits), NORMALISERS[target_engine](float_digits)
