"""Target profiles: will the source fit the chosen AWS PostgreSQL service, and how big should it be?

`aurora-postgresql` (default), `rds-postgresql` and `aurora-dsql`. Each profile is a table of fit
checks (object -> finding) plus a sizing function; every sizing hint carries the numbers it came from.

Aurora DSQL lists as of the AWS Aurora DSQL User Guide pages "Unsupported PostgreSQL features in
Aurora DSQL" and "Cluster quotas and database limits in Amazon Aurora DSQL", read 2026-11-23: no
foreign keys or exclusion constraints; no temporary tables, triggers, sequences, partitions,
tablespaces, materialized views, CREATE TYPE; functions in SQL only (no PL/pgSQL); no extensions;
no TRUNCATE, SAVEPOINT, ALTER SYSTEM; one database with C collation; at most 255 columns, 24 indexes
per table, 8 key columns per index, 1 KiB key, 2 MiB row, 1 MiB non-key column; 10 MiB written per
transaction; 5-minute transactions; 10 TiB storage (default quota). DSQL is young: check the guide.

Aurora PostgreSQL extension list: Aurora PostgreSQL 16 release notes ("Extension versions for
Amazon Aurora PostgreSQL"), read 2026-11-23. RDS for PostgreSQL offers the same set for this purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import assessments.rules.model as m
import assessments.rules.semantics as semantics
from assessments.rules.base import Hit, ModelDetector
from assessments.sizing import SizingHint, aurora_sizing, dsql_sizing, rds_sizing
from migrate.errors import ConfigError
from migrate.model import ConstraintKind, Finding, Inventory, Severity, TypeFamily

S = Severity
MIB = 1024**2
GIB = 1024**3
TIB = 1024**4

AURORA_EXTENSIONS = frozenset(
    """address_standardizer address_standardizer_data_us amcheck aurora_stat_utils autoinc aws_commons aws_lambda
    aws_ml aws_s3 bloom bool_plperl btree_gin btree_gist citext cube dblink dict_int dict_xsyn earthdistance
    fuzzystrmatch h3 h3_postgis hll hstore hstore_plperl hypopg insert_username intagg intarray ip4r isn
    jsonb_plperl lo log_fdw ltree moddatetime mysql_fdw oracle_fdw orafce pg_bigm pg_buffercache pg_cron
    pg_freespacemap pg_hint_plan pg_partman pg_prewarm pg_proctab pg_repack pg_similarity pg_stat_statements
    pg_tle pg_trgm pg_visibility pg_walinspect pgaudit pgcrypto pglogical pgrouting pgrowlocks pgstattuple pgtap
    plperl plpgsql plprofiler plrust pltcl postgis postgis_raster postgis_tiger_geocoder postgis_topology
    postgres_fdw prefix rdkit refint rum seg sslinfo tablefunc tcn tds_fdw tsm_system_rows tsm_system_time
    unaccent uuid-ossp vector""".split()  # noqa: SIM905 - a word list reads better than 90 quoted strings
)


@dataclass(frozen=True)
class FitCheck:
    """One thing the target cannot hold. `detect` looks at the inventory; a check with `from_rules`
    instead carries over the code findings of those source rules (a SAVEPOINT, a TRUNCATE...)."""

    id: str
    title: str
    severity: Severity
    remedy: str
    effort: float
    detect: ModelDetector
    from_rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    checks: tuple[FitCheck, ...]
    sizing: Callable[[Inventory], tuple[SizingHint, ...]]
    storage_limit: int  # bytes
    sources: str  # where the limits come from


def _none(inventory: Inventory) -> Iterator[Hit]:
    """For checks that carry over rule findings instead of reading the inventory."""
    return iter(())


def _all_routines(inventory: Inventory) -> Iterator[Hit]:
    yield from m.routines_where(lambda r: True)(inventory)


def _extensions_missing(available: frozenset[str]) -> ModelDetector:
    return m.features("extension", when=lambda f: f.name.lower() not in available)


def _column_count(limit: int) -> ModelDetector:
    return m.tables_where(lambda t: len(t.columns) > limit, lambda t: f"{len(t.columns)} columns (limit {limit})")


def _index_count(limit: int) -> ModelDetector:
    return m.tables_where(lambda t: len(t.indexes) > limit, lambda t: f"{len(t.indexes)} indexes (limit {limit})")


def _wide_keys(limit: int) -> ModelDetector:
    def too_wide(table) -> bool:
        keys = [len(i.columns) for i in table.indexes] + [len(c.columns) for c in table.constraints]
        return any(n > limit for n in keys)

    return m.tables_where(too_wide, lambda t: f"an index or key with more than {limit} columns")


def _big_tables(limit: int) -> ModelDetector:
    return m.tables_where(
        lambda t: (t.size_bytes or 0) > limit, lambda t: f"{(t.size_bytes or 0) / GIB:.2f} GiB, {t.row_count or 0} rows"
    )


F = FitCheck
# fmt: off
DSQL_CHECKS: tuple[FitCheck, ...] = (
    F("DSQL-FK-001", "foreign key (DSQL has none)", S.BLOCKER, "Enforce the relationship in the application; keep an index on the referencing columns.", 1, m.constraints_where(lambda c: c.kind is ConstraintKind.FOREIGN_KEY)),
    F("DSQL-TRIGGER-001", "trigger (DSQL has none)", S.BLOCKER, "Move the trigger's logic into the application's write path.", 4, m.triggers_where(lambda t: True)),
    F("DSQL-PLPGSQL-001", "procedural code (DSQL runs SQL-language functions only)", S.BLOCKER, "Move the logic to the application or a Lambda; only single-statement SQL functions remain possible.", 4, _all_routines),
    F("DSQL-SEQUENCE-001", "sequence (DSQL has none)", S.BLOCKER, "Use UUID keys (gen_random_uuid()) or keys issued by the application.", 1, m.sequences_where(lambda s: True, lambda s: f"sequence {s.name}")),
    F("DSQL-IDENTITY-001", "identity column (needs a sequence)", S.BLOCKER, "UUID keys, or keys issued by the application.", 1, m.columns_where(lambda c: c.identity is not None)),
    F("DSQL-TEMP-001", "temporary table (DSQL has none)", S.BLOCKER, "A regular table keyed by session, or application memory.", 2, m.tables_where(lambda t: t.kind in ("global_temporary", "temporary"), lambda t: t.kind)),
    F("DSQL-PARTITION-001", "partitioned table (DSQL has no partitioning)", S.HIGH, "A single table: DSQL distributes storage itself; archive by date in the application.", 1, m.tables_where(lambda t: t.partitioning is not None, lambda t: "partitioned")),
    F("DSQL-MVIEW-001", "materialized view (DSQL has none)", S.HIGH, "A table refreshed by a scheduled job, or a plain view.", 2, m.views_where(lambda v: v.materialized, lambda v: "materialized view")),
    F("DSQL-TYPE-001", "user-defined type (CREATE TYPE unsupported)", S.HIGH, "Flatten into columns, or jsonb.", 2, m.routines_where(lambda r: r.kind.value in ("type", "type_body"))),
    F("DSQL-SPATIAL-001", "spatial column (needs PostGIS; DSQL has no extensions)", S.BLOCKER, "Store WKB/GeoJSON and compute in the application, or stay on Aurora PostgreSQL.", 2, m.column_family(TypeFamily.SPATIAL)),
    F("DSQL-EXTENSION-001", "extension in use (DSQL has none)", S.BLOCKER, "Remove the dependency or stay on Aurora PostgreSQL.", 2, m.features("extension", when=lambda f: f.name.lower() != "plpgsql")),
    F("DSQL-COLUMNS-001", "table over 255 columns", S.BLOCKER, "Split the table vertically.", 4, _column_count(255)),
    F("DSQL-INDEXES-001", "table over 24 indexes", S.HIGH, "Drop or merge indexes.", 1, _index_count(24)),
    F("DSQL-KEYCOLS-001", "index or key over 8 columns", S.HIGH, "Narrow the key (a hash column, or fewer columns).", 1, _wide_keys(8)),
    F("DSQL-LOB-001", "LOB column (DSQL: 1 MiB per non-key column, 2 MiB per row)", S.MEDIUM, "Keep large values in S3 and store the key; check observed maximum sizes.", 0.5, m.columns_where(lambda c: c.type.is_lob)),
    F("DSQL-LOAD-001", "table over 10 MiB (DSQL writes at most 10 MiB per transaction)", S.LOW, "Load in batches that stay under 10 MiB and 5 minutes per transaction.", 0.25, _big_tables(10 * MIB)),
    F("DSQL-COLLATION-001", "case-insensitive collation (DSQL is C collation only)", S.HIGH, "Compare lower(x) with an index on lower(x); no citext.", 2, semantics.case_insensitive_collation),
    F("DSQL-TEMPCODE-001", "temporary table created in code (DSQL has none)", S.BLOCKER, "Keep the intermediate rows in the application, or in a regular table keyed by session.", 1, _none, ("TSQL-TEMPTABLE-001", "TSQL-GLOBALTEMP-001", "TSQL-TABLEVAR-001")),
    F("DSQL-SAVEPOINT-001", "SAVEPOINT in code (DSQL has none)", S.BLOCKER, "Split the work into separate transactions, retried by the application.", 1, _none, ("ORA-SAVEPOINT-001", "TSQL-SAVETRAN-001")),
    F("DSQL-TRUNCATE-001", "TRUNCATE in code (DSQL has none)", S.HIGH, "DELETE in batches that stay under the 10 MiB / 5-minute transaction limits, or drop and re-create the table.", 0.5, _none, ("ORA-TRUNCATE-001", "TSQL-TRUNCATE-001", "PG-TRUNCATE-001")),
    F("DSQL-DDLDML-001", "DDL issued from code (DSQL: DDL and DML never in one transaction)", S.HIGH, "Run the DDL as its own transaction, outside the data-changing code.", 1, _none, ("ORA-DDLCOMMIT-001", "TSQL-DDLINCODE-001")),
    F("DSQL-DBLINK-001", "database link / linked server (DSQL has no FDW)", S.BLOCKER, "Reach the remote system from the application.", 2, m.db_links()),
)
AURORA_CHECKS: tuple[FitCheck, ...] = (
    F("AURORA-EXT-001", "extension not offered by Aurora PostgreSQL", S.BLOCKER, "Remove the dependency, find an offered alternative, or package it with pg_tle if it is SQL/trusted-language only.", 8, _extensions_missing(AURORA_EXTENSIONS)),
    F("AURORA-STORAGE-001", "database larger than Aurora's 128 TiB cluster volume", S.BLOCKER, "Archive or shard before moving.", 40, lambda inv: _over_storage(inv, 128 * TIB)),
)
RDS_CHECKS: tuple[FitCheck, ...] = (
    F("RDS-EXT-001", "extension not offered by RDS for PostgreSQL", S.BLOCKER, "Remove the dependency, find an offered alternative, or package it with pg_tle.", 8, _extensions_missing(AURORA_EXTENSIONS)),
    F("RDS-STORAGE-001", "database larger than RDS's 64 TiB volume", S.BLOCKER, "Aurora (128 TiB) or archive before moving.", 40, lambda inv: _over_storage(inv, 64 * TIB)),
)
# fmt: on


def source_bytes(inventory: Inventory) -> int | None:
    """The source's data size: as the scanner recorded it, else the sum of table sizes."""
    if inventory.source.size_bytes:
        return inventory.source.size_bytes
    sizes = [t.size_bytes for t in inventory.tables() if t.size_bytes]
    return sum(sizes) if sizes else None


def _over_storage(inventory: Inventory, limit: int) -> Iterator[Hit]:
    size = source_bytes(inventory)
    if size and size > limit:
        yield Hit("database", inventory.source.database or "database", None, f"{size / TIB:.1f} TiB")


def _carried(rule_ids: tuple[str, ...], findings: tuple[Finding, ...]) -> Iterator[Hit]:
    wanted = set(rule_ids)
    for f in findings:
        if f.rule_id in wanted:
            yield Hit(f.object_kind, f.object_name, f.location, f.snippet)


def fit_findings(profile: Profile, inventory: Inventory, findings: tuple[Finding, ...] = ()) -> tuple[Finding, ...]:
    """Every object that would not fit the target, as findings (category "target").
    `findings` are the source rules' findings, for checks that build on them."""
    out: dict[Finding, None] = {}
    for check in profile.checks:
        hits = _carried(check.from_rules, findings) if check.from_rules else check.detect(inventory)
        for hit in hits:
            finding = hit.finding(
                check.id, check.severity, check.title, check.remedy, check.effort, "target", snippet_chars=None
            )
            out[finding] = None
    return tuple(out)


PROFILES: dict[str, Profile] = {
    "aurora-postgresql": Profile(
        "aurora-postgresql", "Amazon Aurora PostgreSQL", AURORA_CHECKS, aurora_sizing, 128 * TIB,
        "Aurora PostgreSQL 16 extension list and limits, read 2026-11-23",
    ),
    "rds-postgresql": Profile(
        "rds-postgresql", "Amazon RDS for PostgreSQL", RDS_CHECKS, rds_sizing, 64 * TIB,
        "RDS for PostgreSQL extension list and limits, read 2026-11-23",
    ),
    "aurora-dsql": Profile(
        "aurora-dsql", "Amazon Aurora DSQL", DSQL_CHECKS, dsql_sizing, 10 * TIB,
        "Aurora DSQL User Guide: unsupported features, cluster quotas and database limits, read 2026-11-23",
    ),
}  # fmt: skip


def profile(name: str) -> Profile:
    found = PROFILES.get(name)
    if found is None:
        raise ConfigError(f"unknown target profile '{name}'", f"use one of: {', '.join(PROFILES)}")
    return found
