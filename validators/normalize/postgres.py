"""PostgreSQL (and Aurora PostgreSQL): the canonical form in PostgreSQL SQL, and its catalog queries.

Two hashes of the one canonical row text: `PostgresNormaliser` uses md5 like every other engine (the
cross-engine path, also used PostgreSQL↔PostgreSQL with --md5); `PostgresFastNormaliser` is the same-engine
fast path and hashes the very same text with `hashtextextended` under the "C" collation, which is a 64-bit
hash of the text's bytes. Equal hashes therefore mean equal canonical texts (but for a 2^-64 collision),
exactly as on the md5 path. A type's own hash-opclass function (`hash_record_extended`, `hash_numeric`...)
is never used: those are built for hash joins, equal for values the type's equality calls equal (5.5 and
-5.5 hash alike in numeric's; 'a' and 'A' under a case-insensitive collation), so they hide differences.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from migrate.model import TypeFamily
from migrate.model.comparison import EXACT_FLOAT_DIGITS
from migrate.model.engines import POSTGRESQL
from validators.normalize.base import ColumnSpec, Normaliser

F = TypeFamily
# With DateStyle ISO (set for the session) a timestamp's own text is the canonical form already:
# 'YYYY-MM-DD HH:MI:SS[.ffffff]' without the fraction's trailing zeros; 2-3x faster than to_char.
STAMP = "{v}::timestamp::text"
UTC_STAMP = "({v} AT TIME ZONE 'UTC')::text"
FLOAT_TEXT = (
    "CASE WHEN abs({v}::float8) >= 0.0001 AND abs({v}::float8) < 1e14 THEN {v}::float8::text "
    "ELSE {v}::float8::numeric::text END"
)


class PostgresNormaliser(Normaliser):
    engine = POSTGRESQL.name
    dialect = POSTGRESQL.sqlglot
    render: ClassVar[dict[str, str]] = {
        "integer": "{v}::text",
        "decimal": "trim_scale({v}::numeric)::text",  # trim_scale: 1.50 and 1.5 are one value
        # 15 significant digits (DBL_DIG) in plain notation, never a trailing zero. float8 -> numeric does it
        # (through %.15g) for every value, but parsing and printing a numeric per value is most of a row's
        # cost; with extra_float_digits = 0 the float's own text is the same %.15g, in plain notation while
        # the value rounds to less than 1e15 and is at least 1e-4 (a test holds the two routes equal)
        "float": FLOAT_TEXT,
        "float_rounded": "trim_scale(round({v}::float8::numeric, {digits} - 1"
        " - floor(log(abs(COALESCE(NULLIF({v}::float8, 0), 1))::numeric))::int))::text",
        # exact (PostgreSQL on both sides): with extra_float_digits = 1 a double's text is the shortest one that
        # reads back as the same double (Ryu), so two doubles have one text only if they are one value; -0 and
        # 0 print differently and stay different, every NaN prints NaN. A real is widened exactly first.
        "float_exact": "{v}::float8::text",
        # exact in a session set for 15 digits (extra_float_digits = 0): the double's bits, NaN as one value
        "float_bits": "CASE WHEN {v}::float8 = 'NaN' THEN 'NaN' ELSE encode(float8send({v}::float8), 'hex') END",
        "string": "{v}::text",
        "fixed_string": "{v}::text",  # bpchar -> text drops the padding, as the policy wants
        "lob_text": "md5({v}::text)",
        "binary": "encode({v}, 'hex')",
        "lob_binary": "md5({v})",
        "date": "{v}::date::text",
        "datetime": STAMP,
        "datetime_tz": UTC_STAMP,
        "time": "{v}::time::text",
        "time_tz": "{v}::timetz::text",  # the offset is data: 10:00+02 is not 10:00+05
        "boolean": "{v}::int::text",
        "uuid": "{v}::text",  # PostgreSQL prints uuids in lower case
        "json": "{v}::jsonb::text",  # jsonb text: keys sorted, whitespace normalised
        "other": "{v}::text",
    }
    render_from: ClassVar[dict[tuple[str, TypeFamily], str]] = {
        ("datetime", F.DATETIME_TZ): UTC_STAMP,  # a timestamptz target of a zone-less source: UTC wall clock
        ("datetime_tz", F.DATETIME): STAMP,  # a zone-less target of a zoned source: stored as UTC
        ("binary", F.UUID): "replace({v}::text, '-', '')",  # RAW(16) -> uuid
        ("uuid", F.STRING): "lower({v})",
        ("uuid", F.FIXED_STRING): "lower({v})",
        ("lob_binary", F.BINARY): "md5({v})",
        ("boolean", F.INTEGER): "{v}::text",
        ("boolean", F.DECIMAL): "trim_scale({v})::text",
    }
    source_kinds: ClassVar[dict[TypeFamily, str]] = {F.TEXT: "string"}  # PostgreSQL text is an ordinary string
    binary_order = '{v} COLLATE "C"'
    # SET is allowed in a read-only session. DateStyle ISO: a timestamp's ::text is the canonical form.
    # enable_sort off: PostgreSQL cannot estimate how few segments a GROUP BY makes (it guesses one per
    # row) and on big tables would sort every row hash rather than hash-aggregate a few thousand groups;
    # no validation query needs a sort.
    session_setup = (
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
        "SET DateStyle = 'ISO, YMD'",
        # an interval's text is its canonical form: one style on both sides whatever a database's default
        "SET IntervalStyle = 'postgres'",
        # the texts of types the tool does not know (arrays of timestamptz or bytea, ranges...) and a --where
        # on a timestamptz read the same on both sides, whatever zone and bytea format each database defaults to
        "SET TimeZone = 'UTC'",
        "SET bytea_output = 'hex'",
        "SET enable_sort = off",
        # the same mis-estimate makes a parallel plan look like it ships millions of groups to the leader:
        # with tuple transfer free, workers render and md5 the rows (the costly part) and the leader only
        # sums — 6.7-8.4 s instead of 7.4-12.3 s for 1M rows on a busy 2-core machine, more with more cores
        "SET parallel_tuple_cost = 0",
        # the same mis-estimate lifts a big table's checksum query past the JIT inlining and optimisation
        # thresholds: LLVM then spends 0.4-0.5 s of CPU in every process (leader and each worker) optimising
        # expressions whose time goes to md5 and output functions, which it cannot speed up. Measured with
        # both sides at once, 2M rows, 2 workers each: 1.21x the md5 aggregate with them, 1.00x without.
        # Expression compilation (cheap) stays as the server decides.
        "SET jit_inline_above_cost = -1",
        "SET jit_optimize_above_cost = -1",
        # a validating process killed outright (kill -9, a closed laptop) cannot cancel its queries: PostgreSQL 14+
        # then polls the client socket while a query runs and ends it (and its parallel workers) within seconds
        # instead of scanning on for minutes. No statement_timeout: a big table's one scan legitimately runs long.
        "SELECT set_config('client_connection_check_interval', '2s', false)"
        " WHERE current_setting('server_version_num')::int >= 140000",
    )

    # Every check but a 15-digit checksum reads floats in the shortest exact form (extra_float_digits = 1, set
    # rather than reset: a database may default to another value): aggregates compare the values themselves
    default_check_setup = ("SET extra_float_digits = 1",)

    def setup_for(self, check: str) -> tuple[str, ...]:
        # a 15-digit run's checksums render floats through float8::text at %.15g (FLOAT_TEXT)
        if check == "checksums" and self.float_digits < EXACT_FLOAT_DIGITS:
            return ("SET extra_float_digits = 0",)
        return self.default_check_setup

    def value(self, column: ColumnSpec) -> str:
        if column.kind == "float":
            wanted = column.policy.float_digits or self.float_digits
            exact = wanted >= EXACT_FLOAT_DIGITS
            session_exact = self.float_digits >= EXACT_FLOAT_DIGITS
            route = FLOAT_ROUTES.get((exact, session_exact, wanted == 15), "float_rounded")
            column = replace(column, kind=route)
        elif column.kind == "time" and _zoned_time(column.raw_type):
            column = replace(column, kind="time_tz")
        return super().value(column)

    def length(self, text: str) -> str:
        # UTF-8 bytes (the database encoding: Aurora PostgreSQL's is UTF8): octet_length reads the stored
        # size, where char_length would walk every character (~450 CPU instructions per string field)
        return f"octet_length({text})"

    # the cast to bit(n) keeps the leftmost n bits of the 128-bit md5: the same value as cutting the hex
    # first (substr), one function call (~520 CPU instructions per row) less
    def row_hash(self, text: str) -> str:
        return f"('x' || md5({text}))::bit(56)::bigint"

    def bucket(self, text: str) -> str:
        return f"('x' || md5({text}))::bit(32)::bigint"

    # -- catalog ------------------------------------------------------------------------------
    columns_query = """
        SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY n.nspname, c.relname, a.attnum"""
    keys_query = """
        SELECT n.nspname, c.relname, CASE WHEN i.indisprimary THEN 'P' ELSE 'U' END, ic.relname, a.attname
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        ORDER BY 1, 2, 3, 4, k.ord"""
    estimate_query = """
        SELECT n.nspname, c.relname, GREATEST(c.reltuples, 0)::bigint
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"""
    objects_query = """
    SELECT n.nspname, CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'view'
           ELSE 'index' END, c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('S', 'v', 'm', 'i') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%'
    UNION ALL
    SELECT n.nspname, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT n.nspname, 'trigger', t.tgname
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal"""
    owned_sequences_query = """
    SELECT sn.nspname, s.relname, tn.nspname, t.relname, a.attname, COALESCE(ps.last_value, 0)
    FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
    JOIN pg_namespace sn ON sn.oid = s.relnamespace JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_namespace tn ON tn.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    LEFT JOIN pg_sequences ps ON ps.schemaname = sn.nspname AND ps.sequencename = s.relname
    WHERE d.deptype IN ('a', 'i')"""
    constraints_query = """
    SELECT n.nspname, c.relname, CASE k.contype WHEN 'f' THEN 'foreign key' ELSE 'check' END, count(*)
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.contype IN ('f', 'c') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    GROUP BY 1, 2, 3"""

    def type_text(self, raw: str) -> str:
        return raw


def _zoned_time(raw: str) -> bool:
    """`time with time zone`, `time(3) with time zone`, `timetz`: a time whose offset is part of the value."""
    text = raw.lower()
    return text.startswith("timetz") or (text.startswith("time") and "with time zone" in text and "stamp" not in text)


# (exact digits wanted, session set for exact, 15 digits wanted) -> the float template; else float_rounded
FLOAT_ROUTES: dict[tuple[bool, bool, bool], str] = {
    (True, True, False): "float_exact",  # the shortest exact text: the session prints it (extra_float_digits 1)
    (True, False, False): "float_bits",  # exact in a 15-digit session (a per-column override): the bits
    (False, False, True): "float",  # %.15g from the session's float8::text (extra_float_digits 0)
    # 15 digits in an exact session, or any other digits: rounded through numeric, whatever the session prints
}


class PostgresFastNormaliser(PostgresNormaliser):
    """Same-engine fast path: the canonical row text hashed by hashtextextended instead of md5.

    `COLLATE "C"` makes the hash one of the text's bytes: under a nondeterministic collation
    hashtextextended would hash the collation's sort key ('a' = 'A' case-insensitively), and over columns
    of two collations it could not choose one at all. Never used across engines."""

    hash_label = "hashtextextended of the canonical row text (same-engine fast path)"

    def row_hash(self, text: str) -> str:
        return f'hashtextextended(({text}) COLLATE "C", 0)'

    def bucket(self, text: str) -> str:
        return f'(hashtextextended(({text}) COLLATE "C", 0) & 4294967295)'


# schema parity: (schema, kind, name) of the objects besides tables, and sequences owned by a column
