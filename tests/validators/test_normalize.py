"""Each engine's normaliser: the SQL it writes for every kind, and that it parses in that engine's dialect."""

from __future__ import annotations

import hashlib

import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.model import TypeFamily as F
from validators.normalize import OracleNormaliser, Policy, PostgresNormaliser, SqlServerNormaliser
from validators.normalize.base import KINDS, ColumnSpec
from validators.tables import TableDef

ALL_KINDS = sorted(set(KINDS.values()))
NORMALISERS = [PostgresNormaliser(), OracleNormaliser(), SqlServerNormaliser()]


def spec(kind, family=F.OTHER, **policy):
    return ColumnSpec("c", family, "", kind, policy=Policy(**policy))


@pytest.mark.parametrize("norm", NORMALISERS, ids=lambda n: n.engine)
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_renders_sql_that_parses(norm, kind):
    sql = f"SELECT {norm.row_hash(norm.row_text([spec(kind), spec('integer')]))}, {norm.bucket(norm.value(spec(kind)))} FROM t"
    sqlglot.parse_one(sql, read=norm.dialect)


# (normaliser, column, a fragment its canonical text must contain)
RENDERS = [
    (
        OracleNormaliser(),
        spec("decimal"),
        "REGEXP_REPLACE(TO_CHAR(\"c\", 'TM9'), '^(-?)[.]', '\\10.')",
    ),  # '.5' -> '0.5'
    (OracleNormaliser(), spec("datetime"), 'CAST("c" AS TIMESTAMP(6))'),  # TIMESTAMP(9) rounds half up
    (OracleNormaliser(), spec("datetime_tz"), 'SYS_EXTRACT_UTC("c")'),
    (OracleNormaliser(), spec("lob_text"), 'DBMS_CRYPTO.HASH("c", 2)'),
    (OracleNormaliser(), spec("binary"), 'LOWER(RAWTOHEX("c"))'),
    (SqlServerNormaliser(), spec("datetime"), "CAST([c] AS DATETIME2(6)), 121"),  # DATETIME2(7) rounds half up
    (OracleNormaliser(), spec("datetime"), "RTRIM(RTRIM(TO_CHAR("),  # no trailing zeros in the fraction
    (PostgresNormaliser(), spec("datetime"), '"c"::timestamp::text'),  # ISO DateStyle is the canonical form
    (SqlServerNormaliser(), spec("datetime_tz"), "SWITCHOFFSET([c], '+00:00')"),
    (SqlServerNormaliser(), spec("uuid"), "LOWER(CONVERT(CHAR(36), [c]))"),
    (SqlServerNormaliser(), spec("binary"), "CONVERT(VARCHAR(MAX), [c], 2)"),
    (SqlServerNormaliser(), spec("string", ignore_trailing_spaces=True), "RTRIM([c])"),
    (SqlServerNormaliser(), spec("lob_text"), "COLLATE Latin1_General_100_BIN2_UTF8"),
    (PostgresNormaliser(), spec("string", empty_string_is_null=True), "NULLIF(\"c\"::text, '')"),
    (PostgresNormaliser(), spec("datetime_tz"), "AT TIME ZONE 'UTC'"),
    (PostgresNormaliser(), spec("float", float_digits=9), "9 - 1"),
    (PostgresNormaliser(), spec("binary", F.UUID), "replace(\"c\"::text, '-', '')"),  # RAW(16) -> uuid
]


@pytest.mark.parametrize(("norm", "column", "fragment"), RENDERS)
def test_canonical_text(norm, column, fragment):
    assert fragment in norm.value(column)


# the row hash is the md5's first 56 bits and the bucket its first 32, on every engine
HASHES = [
    (PostgresNormaliser(), "('x' || md5(x))::bit(56)::bigint", "('x' || md5(x))::bit(32)::bigint"),
    (OracleNormaliser(), "STANDARD_HASH(x, 'MD5')), 1, 14), 'XXXXXXXXXXXXXX')", "1, 8), 'XXXXXXXX')"),
    (SqlServerNormaliser(), "UTF8 AS VARCHAR(MAX))), 1, 7))", "UTF8 AS VARCHAR(MAX))), 1, 4))"),
]


@pytest.mark.parametrize(("norm", "row", "bucket"), HASHES, ids=lambda v: getattr(v, "engine", ""))
def test_hashes_take_the_same_md5_bits(norm, row, bucket):
    assert row in norm.row_hash("x") and bucket in norm.bucket("x")


def test_strings_are_length_prefixed_and_null_is_an_empty_field():
    field = PostgresNormaliser().field(spec("string"))
    assert field == "COALESCE(octet_length(\"c\"::text) || ':' || \"c\"::text, '')"


# kind -> is its field length-prefixed: every text that may be empty ('' would be NULL) or hold '|'
PREFIXED = {"string": True, "fixed_string": True, "other": True, "json": True, "binary": True, "integer": False,
            "decimal": False, "float": False, "date": False, "datetime": False, "uuid": False, "lob_text": False}  # fmt: skip


@pytest.mark.parametrize("norm", NORMALISERS, ids=lambda n: n.engine)
@pytest.mark.parametrize(("kind", "prefixed"), PREFIXED.items())
def test_texts_that_may_be_empty_or_hold_a_bar_are_length_prefixed(norm, kind, prefixed):
    assert ("':'" in norm.field(spec(kind))) is prefixed


# the length prefix counts UTF-8 bytes on every engine: characters outside the BMP (an emoji) are one
# character to PostgreSQL and Oracle but two UTF-16 units to SQL Server's NVARCHAR
LENGTHS = [
    (OracleNormaliser(), "LENGTHB(x)"),
    (
        SqlServerNormaliser(),
        "DATALENGTH(CAST(CAST(x AS NVARCHAR(MAX)) COLLATE Latin1_General_100_BIN2_UTF8 AS VARCHAR(MAX)))",
    ),
    (PostgresNormaliser(), "octet_length(x)"),
]


@pytest.mark.parametrize(("norm", "fragment"), LENGTHS, ids=lambda v: getattr(v, "engine", ""))
def test_string_lengths_are_utf8_bytes(norm, fragment):
    assert fragment in norm.length("x")


def test_oracle_national_strings_hash_in_the_database_character_set():
    norm = OracleNormaliser()
    national = ColumnSpec("c", F.STRING, "NVARCHAR2(40)", "string")
    assert norm.value(national) == 'TO_CHAR("c")'
    assert norm.value(ColumnSpec("c", F.FIXED_STRING, "NCHAR(3)", "fixed_string", policy=Policy())).startswith(
        "TO_CHAR("
    )
    assert norm.value(ColumnSpec("c", F.STRING, "VARCHAR2(40)", "string")) == '"c"'


TEXTS = ["", "plain", "O'Brien|x:y", "déjà vu", "日本語", "emoji \U0001f600 and \U0001d11e", "tab\tnew\nline"]


def test_postgres_row_hash_and_length_are_the_documented_values(pg):
    """The PostgreSQL fragments give the documented values: the md5's first 56 (row) and 32 (bucket) bits
    as integers, and the UTF-8 byte length, checked against Python on the real server."""
    norm = PostgresNormaliser()
    rows = pg.rows(
        f"SELECT v, {norm.row_hash('v')}, {norm.bucket('v')}, {norm.length('v')} FROM unnest(%s::text[]) AS u(v)",
        [TEXTS],
    )
    assert len(rows) == len(TEXTS)
    for text, row_hash, bucket, length in rows:
        digest = hashlib.md5(text.encode()).hexdigest()
        assert (row_hash, bucket, length) == (int(digest[:14], 16), int(digest[:8], 16), len(text.encode()))


@pytest.mark.parametrize("norm", [OracleNormaliser(), SqlServerNormaliser()], ids=lambda n: n.engine)
@pytest.mark.parametrize(
    "query", ["columns_query", "keys_query", "estimate_query", "objects_query", "constraints_query"]
)
def test_catalog_queries_parse(norm, query):
    sqlglot.parse_one(getattr(norm, query), read=norm.dialect)


@pytest.mark.parametrize("norm", [OracleNormaliser(), SqlServerNormaliser()], ids=lambda n: n.engine)
def test_session_setup_parses(norm):
    for statement in (*norm.session_setup, *(s for c in ("checksums", "aggregates") for s in norm.setup_for(c))):
        sqlglot.parse_one(statement, read=norm.dialect)


# (filter as the user writes it, Oracle, SQL Server)
FILTERS = [
    # Oracle reads the CAST with the session's ISO NLS_DATE_FORMAT (set by the normaliser)
    ("created >= DATE '2024-01-01' AND region = 'EU'", "created >= CAST('2024-01-01' AS DATE)", "region = 'EU'"),
    ("id % 10 = 0", "MOD(id, 10) = 0", "id % 10 = 0"),
]


@pytest.mark.parametrize(("where", "oracle", "tsql"), FILTERS)
def test_filters_are_translated_per_side(where, oracle, tsql):
    from validators.run import translate_filter

    to_oracle, to_tsql = translate_filter(where, ("oracle", "tsql"))
    assert oracle in to_oracle and tsql in to_tsql


@pytest.mark.parametrize("norm", NORMALISERS, ids=lambda n: n.engine)
def test_aggregate_queries_parse(norm):
    from validators.aggregates import aggregate_sql

    specs = [spec(k) for k in ("integer", "string", "datetime", "lob_text", "float")]
    sqlglot.parse_one(aggregate_sql(norm, "t", specs, "", None), read=norm.dialect)
    sqlglot.parse_one(aggregate_sql(norm, "t", specs, "x > 1", specs[1]), read=norm.dialect)


# an Oracle table and its PostgreSQL twin, paired as a run would pair them
ORACLE_EMP = TableDef(
    "HR",
    "EMP",
    (
        ("ID", "NUMBER(10,0)", True),
        ("NAME", "VARCHAR2(40)", False),
        ("HIRED", "TIMESTAMP(9)", False),
        ("CV", "CLOB", False),
    ),
    (("P", "EMP_PK", ("ID",)),),
)
SQLSERVER_EMP = TableDef(
    "dbo",
    "emp",
    (("code", "nvarchar(20)", True), ("amount", "decimal(12,2)", False), ("at", "datetimeoffset(7)", False)),
    (("P", "pk_emp", ("code",)),),
)


TARGET_TYPES = {
    "oracle": ("integer", "character varying(40)", "timestamp(6) without time zone", "text"),
    "sqlserver": ("character varying(20)", "numeric(12,2)", "timestamp with time zone"),
}


@pytest.mark.parametrize(
    ("norm", "table", "engine", "mode"),
    [
        (OracleNormaliser(), ORACLE_EMP, "oracle", "range"),
        (SqlServerNormaliser(), SQLSERVER_EMP, "sqlserver", "bucket"),
    ],
)
def test_every_checksum_query_parses_in_the_source_dialect(norm, table, engine, mode):
    from validators.checksum import side_sql
    from validators.tables import pair_columns

    columns = tuple((c[0].lower(), t, c[2]) for c, t in zip(table.columns, TARGET_TYPES[engine]))
    target = TableDef(table.schema.lower(), table.name.lower(), columns)
    pair = pair_columns(table, target, {}, (engine, "postgresql"), norm)
    assert pair.problems == () and pair.key == (0,)
    source, _ = side_sql(pair, (norm, PostgresNormaliser()), Policy().resolved((engine, "postgresql")), ("x > 1", ""))
    queries = [
        source.bounds(),
        source.level(0, 4096, None, []),
        source.level(0, 256, 4096, [1, 2, 5]),
        source.leaves(0, 256, [16, 17, 40]),
        source.rows_by_key([("7",), ("8",)] if mode == "range" else [("O'Brien",)]),
    ]
    assert source.mode == mode
    for sql in queries:
        sqlglot.parse_one(sql, read=norm.dialect)


FLOAT_EDGES = [0.0, -0.0, 0.1, 1 / 3, -2 / 3, 123456.789, 1e-4, 9.999999999999999e-05, 1.00000000000001e-4, 1e14,
               99999999999999.99, 999999999999999.9, 1e15, 1e16, 5e-324, 2.2250738585072014e-308,
               1.7976931348623157e308, -1.7976931348623157e308, 0.30000000000000004, 2.5, 1e-5, 12345678901234.56,
               float("inf"), float("-inf"), float("nan")]  # fmt: skip


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=1, max_size=200))
def test_float_text_is_the_numeric_route(pg, values: list[float]) -> None:
    """The float kind's fast template (float8::text with extra_float_digits = 0, where that prints plain
    digits) gives exactly float8::numeric::text, the form every engine's canonical float text is held to."""
    norm = PostgresNormaliser()
    fast = norm.value(spec("float", F.FLOAT)).replace('"c"', "v")
    for setup in (*norm.session_setup, *norm.setup_for("checksums")):
        pg.execute(setup.replace("SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "search_path = public"))
    rows = pg.rows(
        f"SELECT v::text, {fast}, v::numeric::text FROM unnest(%s::float8[]) AS u(v)", [FLOAT_EDGES + values]
    )
    assert len(rows) == len(FLOAT_EDGES) + len(values)
    assert [r[1] for r in rows] == [r[2] for r in rows], [r for r in rows if r[1] != r[2]]
