"""The same-engine fast path is exact: on every type the tool maps it gives the --md5 path's verdict, and both
give the truth (the values' own text differs) on random values and their neighbours, on the real PostgreSQL.

A verdict is the set of differing keys of each table. Each type has its own table `v_<name> (id, v)` in both
databases; a case is a source value and a target value at one key. The truth is computed in SQL: the two
values' canonical-free text (the type's output, extra_float_digits = 1) differs, with the form's documented
equivalences only (numeric scale: 1.50 = 1.5; CHAR padding; JSON spacing and key order, compared as jsonb).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import struct
import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.engines import connect
from migrate.engines.url import DatabaseUrl
from migrate.errors import QueryError
from tests.conftest import REQUIRE_ALL, need_part
from validators.run import ValidationOptions, validate

CI = "ci"  # a case-insensitive (nondeterministic ICU) collation, created in both databases

# table -> (column type, how the truth compares two values of it)
TYPES: dict[str, tuple[str, str]] = {
    "int2": ("smallint", "{x}::text"),
    "int4": ("integer", "{x}::text"),
    "int8": ("bigint", "{x}::text"),
    "num": ("numeric", "trim_scale({x})::text"),  # 1.50 = 1.5: the canonical form's one numeric equivalence
    "num14": ("numeric(14,4)", "trim_scale({x})::text"),
    "money": ("money", "{x}::numeric::text"),
    "real": ("real", "{x}::text"),
    "dbl": ("double precision", "{x}::text"),
    "vc": ("varchar(40)", "{x}::text"),
    "vcci": (f'varchar(40) COLLATE "{CI}"', "{x}::text"),
    "txt": ("text", "{x}::text"),
    "chr": ("char(8)", "{x}::text"),  # bpchar -> text drops the padding, as the policy wants
    "bin": ("bytea", "{x}::text"),
    "day": ("date", "{x}::text"),
    "ts": ("timestamp", "{x}::text"),
    "tstz": ("timestamptz", "{x}::text"),  # the instant (both texts in the session's zone)
    "tm": ("time", "{x}::text"),
    "tmtz": ("timetz", "{x}::text"),
    "tmtz3": ("time(3) with time zone", "{x}::text"),
    "ivl": ("interval", "{x}::text"),
    "bool": ("boolean", "{x}::text"),
    "uid": ("uuid", "{x}::text"),
    "js": ("json", "{x}::jsonb::text"),  # json compares as jsonb: spacing and key order are not data
    "jsb": ("jsonb", "{x}::text"),
    "xml": ("xml", "{x}::text"),
    "dom": ("word", "{x}::text"),  # a domain over text: the tool knows no such type, it compares its text
    "arr": ("text[]", "{x}::text"),
    "tsa": ("timestamptz[]", "{x}::text"),  # its text is in the session's zone: one zone on both sides
}
BASE_TYPE = {name: sql.replace(f' COLLATE "{CI}"', "") for name, (sql, _) in TYPES.items()}


def _build(url: DatabaseUrl) -> None:
    with connect(url) as conn:
        try:
            conn.scalar("SELECT xmlparse(document '<a/>') IS NOT NULL")
        except QueryError:  # an xml column is among the types: the server must parse xml (the embedded one cannot)
            need_part("libxml", False)
        try:
            conn.execute(f"CREATE COLLATION {CI} (provider = icu, locale = 'und-u-ks-level2', deterministic = false)")
        except (
            QueryError
        ):  # no ICU in this server's build (the embedded one): the column keeps its place, case-sensitive
            need_part("ICU", not REQUIRE_ALL)
            conn.execute(f'CREATE COLLATION {CI} FROM "C"')
        conn.execute("CREATE DOMAIN word AS text")
        for name, (sql_type, _) in TYPES.items():
            conn.execute(f"CREATE TABLE v_{name} (id integer PRIMARY KEY, v {sql_type})")


@pytest.fixture
def typed_databases(make_database: Callable[[], DatabaseUrl]) -> tuple[DatabaseUrl, DatabaseUrl]:
    source, target = make_database(), make_database()
    _build(source)
    _build(target)
    return source, target


Case = tuple[str, str | None, str | None]  # (table, source literal, target literal); None = NULL


def _load(urls: tuple[DatabaseUrl, DatabaseUrl], cases: list[Case]) -> dict[str, set[str]]:
    """Put every case in its table on both sides; return the truth: table -> keys whose values differ."""
    truth: dict[str, set[str]] = {name: set() for name in TYPES}
    by_table: dict[str, list[tuple[int, str | None, str | None]]] = {}
    for i, (table, a, b) in enumerate(cases, 1):
        by_table.setdefault(table, []).append((i, a, b))
    for side, url in enumerate(urls):
        with connect(url) as conn:
            conn.execute("SET extra_float_digits = 1; SET IntervalStyle = 'postgres'")
            for table, rows in by_table.items():
                conn.execute(f"TRUNCATE v_{table}")
                conn.execute(
                    f"INSERT INTO v_{table} SELECT i, v::{BASE_TYPE[table]} FROM unnest(%s::int[], %s::text[]) u(i, v)",
                    [[r[0] for r in rows], [r[1 + side] for r in rows]],
                )
                if side == 0:
                    canon = TYPES[table][1]
                    a, b = (canon.format(x=f"{x}::{BASE_TYPE[table]}") for x in ("a", "b"))
                    found = conn.rows(
                        f'SELECT i FROM unnest(%s::int[], %s::text[], %s::text[]) u(i, a, b) WHERE ({a}) COLLATE "C" '
                        f'IS DISTINCT FROM ({b}) COLLATE "C"',
                        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
                    )
                    truth[table] = {str(r[0]) for r in found}
    return truth


def _verdicts(urls: tuple[DatabaseUrl, DatabaseUrl], fast: bool) -> dict[str, set[str]]:
    report = validate(*urls, ValidationOptions(checks=("checksums",), fast=fast, threads=2))
    assert not report.problems and all(c.status != "error" for c in report.checks), [
        (c.table, c.summary) for c in report.checks if c.status == "error"
    ]
    return {c.table.removeprefix("public.v_"): {d["key"]["id"] for d in c.differences} for c in report.checks}


def _check(urls: tuple[DatabaseUrl, DatabaseUrl], cases: list[Case]) -> None:
    truth = _load(urls, cases)
    fast, md5 = _verdicts(urls, True), _verdicts(urls, False)
    shown = {str(i): c for i, c in enumerate(cases, 1)}
    for table in TYPES:
        assert fast[table] == md5[table] == truth[table], (
            table,
            {"fast path missed": [shown[k] for k in truth[table] - fast[table]]},
            {"md5 path missed": [shown[k] for k in truth[table] - md5[table]]},
            {"fast path extra": [shown[k] for k in fast[table] - truth[table]]},
            {"md5 path extra": [shown[k] for k in md5[table] - truth[table]]},
        )


# (table, source value, target value, differ?): the issue's cases and every neighbour the form must tell apart
EDGES: list[tuple[str, str | None, str | None, bool]] = [
    ("num", "5.50", "-5.50", True),  # numeric's hash ignores the sign: hash_numeric(5.5) = hash_numeric(-5.5)
    ("num", "NaN", "Infinity", True),
    ("num", "Infinity", "-Infinity", True),
    ("num", "1.50", "1.5", False),  # one value: the canonical form trims the scale
    ("num", "0.0", "-0.0", False),  # numeric has no negative zero
    ("num", "1e-20", "1.00000000000000000001e-20", True),
    ("num14", "1234567890.1234", "1234567890.1233", True),
    ("num14", "-0.0001", "0.0001", True),
    ("money", "12.34", "-12.34", True),
    ("ivl", "1 mon", "30 days", True),  # equal to interval's =, and in its hash
    ("ivl", "1 day", "24 hours", True),
    ("ivl", "-1 day", "1 day", True),
    ("ivl", "1 year", "12 mons", False),  # one value, one text
    ("vcci", "name14", "NAME14", True),  # equal under the case-insensitive collation, not the same data
    ("vcci", "straße", "STRASSE", True),
    ("vc", "a", "a ", True),  # a trailing space is data in varchar
    ("vc", "", None, True),
    ("txt", "a|b", "a", True),
    ("txt", "x:y", "x", True),
    ("chr", "ab", "ab  ", False),  # CHAR padding is not data
    ("chr", "ab", "AB", True),
    ("dbl", "0.1", "0.10000000000000002", True),  # neighbouring doubles: equal at 15 digits, not the same value
    ("dbl", "1e308", "1.0000000000000002e308", True),
    ("dbl", "0", "-0", True),  # they print differently
    ("dbl", "NaN", "Infinity", True),
    ("dbl", "Infinity", "-Infinity", True),
    ("dbl", "5e-324", "0", True),
    ("real", "0.1", "0.100000009", True),
    ("real", "3.4028235e38", "Infinity", True),
    ("int8", "9223372036854775807", "-9223372036854775808", True),
    ("int2", "-1", "1", True),
    ("bin", "\\x00", "\\x", True),
    ("day", "infinity", "-infinity", True),
    ("ts", "2024-01-01 00:00:00", "2024-01-01 00:00:00.000001", True),
    ("ts", "2024-01-01", "2024-01-01 00:00:00.000000", False),
    ("tstz", "2024-01-01 10:00+02", "2024-01-01 08:00+00", False),  # one instant
    ("tstz", "2024-01-01 10:00+02", "2024-01-01 10:00+00", True),
    ("tm", "10:00", "10:00:00.000001", True),
    ("tmtz", "10:00+02", "10:00+05", True),  # the offset is part of a timetz
    ("tmtz", "10:00+02", "08:00+00", True),  # equal to timetz's =, not the same value
    ("tmtz3", "10:00:00.123+02", "10:00:00.123+05", True),
    ("tmtz3", "10:00:00.1234+02", "10:00:00.123+02", False),  # time(3) rounds both to one value
    ("bool", "true", "false", True),
    ("uid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", False),
    ("uid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12", True),
    ("js", '{"a": 1, "b": 2}', '{"b":2,"a":1}', False),
    ("js", '{"a": 1}', '{"a": 1.0}', True),
    ("jsb", '{"a": "x"}', '{"a": "X"}', True),
    ("xml", "<a>x</a>", "<a>y</a>", True),
    ("dom", "", None, True),  # '' is not NULL in a type the tool does not know either
    ("dom", "a|", "a", True),
    ("arr", "{}", None, True),
    ("arr", '{"a|b"}', '{"a","b"}', True),
    ("tsa", "{2024-01-01 10:00+02}", "{2024-01-01 08:00+00}", False),
    ("tsa", "{2024-01-01 10:00+02}", "{2024-01-01 10:00+00}", True),
]


def test_the_issues_edge_values_are_found_by_both_paths(typed_databases):
    with connect(typed_databases[1]) as conn:  # the target's database defaults to other output settings
        database = typed_databases[1].database
        conn.execute(f"ALTER DATABASE \"{database}\" SET TimeZone = 'Asia/Kolkata'")
        conn.execute(f"ALTER DATABASE \"{database}\" SET bytea_output = 'escape'")
        conn.execute(f"ALTER DATABASE \"{database}\" SET IntervalStyle = 'iso_8601'")
        conn.execute(f'ALTER DATABASE "{database}" SET extra_float_digits = 0')
    cases = [(table, a, b) for table, a, b, _ in EDGES]
    _check(typed_databases, cases)  # fast path = md5 path = the truth
    truth = _load(typed_databases, cases)
    assert {str(i) for i, e in enumerate(EDGES, 1) if e[3]} == set().union(*truth.values())


# -- random values and their neighbours ---------------------------------------------------------------------
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
TIMEZONES = st.sampled_from(["+00:00", "+02:00", "-05:30", "+14:00"])


def _float_neighbours(x: float) -> list[float]:
    return [math.nextafter(x, math.inf), math.nextafter(x, -math.inf), -x, x * 10, 0.0 if x else -0.0]


def _real_next(r: float) -> float:
    """The next real (float4) away from zero."""
    return struct.unpack("<f", struct.pack("<I", struct.unpack("<I", struct.pack("<f", r))[0] + 1))[0]


def _float_text(x: float) -> str:
    return repr(x).replace("inf", "Infinity").replace("nan", "NaN")


def _dec_text(d: Decimal) -> str:
    return "NaN" if d.is_nan() else str(d)


def _dec_neighbours(d: Decimal) -> list[str]:
    if not d.is_finite():
        return ["NaN", "Infinity", "-Infinity", "0"]
    step = Decimal(1).scaleb(d.as_tuple().exponent) if isinstance(d.as_tuple().exponent, int) else Decimal(1)
    return [str(-d), str(d + step), str(d - step), f"{d:f}0" if "." in f"{d:f}" else f"{d:f}.0", str(d * 10)]


def _interval_forms(m: int, d: int, us: int) -> list[str]:
    base = f"{m} mons {d} days {us} microseconds"
    return [f"{m - 1} mons {d + 30} days {us} microseconds", f"{m} mons {d - 1} days {us + 86_400_000_000} microseconds",
            f"{-m} mons {-d} days {-us} microseconds", f"{m} mons {d} days {us + 1} microseconds", base]  # fmt: skip


def _array(words: list[str]) -> str:
    return "{" + ",".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"' for w in words) + "}"


@st.composite
def cases(draw: st.DrawFn) -> list[Case]:
    """Random values of every type, each paired with itself, with NULL and with its neighbours."""
    found: list[Case] = []

    def add(table: str, value: str | None, neighbours: list[str | None]) -> None:
        for other in [value, None, *neighbours]:
            found.append((table, value, other))

    for table, bits in (("int2", 15), ("int4", 31), ("int8", 63)):
        n = draw(st.integers(-(2**bits), 2**bits - 1))
        add(table, str(n), [str(-n) if n != -(2**bits) else str(n + 1), str(n ^ 1)])
    d = draw(st.decimals(allow_nan=True, allow_infinity=True, places=draw(st.integers(0, 20))))
    add("num", _dec_text(d), _dec_neighbours(d))
    d = draw(st.decimals(-(10**10) + 1, 10**10 - 1, places=4))
    add("num14", str(d), [n for n in _dec_neighbours(d) if abs(Decimal(n)) < 10**10])
    cents = draw(st.integers(-(10**12), 10**12))
    add("money", f"{cents / 100:.2f}", [f"{-cents / 100:.2f}", f"{(cents + 1) / 100:.2f}"])
    x = draw(st.floats(width=64))
    add("dbl", _float_text(x), [_float_text(n) for n in _float_neighbours(x)])
    r = draw(st.floats(width=32))
    nexts = [] if math.isnan(r) or math.isinf(r) else [_real_next(r)]
    add("real", _float_text(r), [_float_text(n) for n in (-r, *nexts, 0.0 if r else -0.0)])
    s = draw(TEXT)
    for table in ("vc", "vcci", "txt"):
        add(table, s, [s.upper(), s.lower(), s + " ", s.strip(), s + "|", ""])
    c = draw(TEXT.filter(lambda t: len(t) <= 6))
    add("chr", c, [n for n in (c + "  ", c.upper(), " " + c) if len(n) <= 8])
    b = draw(st.binary(max_size=8))
    add("bin", "\\x" + b.hex(), ["\\x" + (b + b"\x00").hex(), "\\x" + bytes(reversed(b)).hex()])
    day = draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 30)))
    add("day", day.isoformat(), [(day + dt.timedelta(days=1)).isoformat(), "infinity"])
    t = draw(st.datetimes(dt.datetime(1, 1, 2), dt.datetime(9999, 12, 30)))
    add(
        "ts",
        t.isoformat(" "),
        [(t + dt.timedelta(microseconds=1)).isoformat(" "), t.replace(microsecond=0).isoformat(" ")],
    )
    zone, other = draw(TIMEZONES), draw(TIMEZONES)
    add(
        "tstz",
        t.isoformat(" ") + zone,
        [t.isoformat(" ") + other, (t + dt.timedelta(microseconds=1)).isoformat(" ") + zone],
    )
    tm = draw(st.times())
    add("tm", tm.isoformat(), [tm.replace(microsecond=(tm.microsecond + 1) % 1_000_000).isoformat()])
    for table in ("tmtz", "tmtz3"):
        add(
            table,
            tm.isoformat() + zone,
            [tm.isoformat() + other, tm.replace(second=(tm.second + 1) % 60).isoformat() + zone],
        )
    m, dd, us = draw(st.integers(-1000, 1000)), draw(st.integers(-1000, 1000)), draw(st.integers(-(10**12), 10**12))
    add("ivl", f"{m} mons {dd} days {us} microseconds", _interval_forms(m, dd, us))
    add("bool", str(draw(st.booleans())).lower(), ["true", "false"])
    u = draw(st.uuids())
    add("uid", str(u), [str(u).upper(), str(uuid.UUID(int=u.int ^ 1))])
    doc = draw(st.dictionaries(st.text("abc", min_size=1, max_size=3), st.integers(-5, 5) | TEXT, max_size=3))
    add("js", json.dumps(doc), [json.dumps(doc, separators=(",", ":")), json.dumps({**doc, "z": 1}), "null"])
    add("jsb", json.dumps(doc), [json.dumps({k: str(v) for k, v in doc.items()}), "[]"])
    add("xml", f"<a>{draw(st.integers(0, 9))}</a>", ["<a>x</a>", "<a/>"])  # fmt: skip
    add("dom", s, ["", s + "|", s.upper()])
    words = draw(st.lists(TEXT, max_size=3))
    add("arr", _array(words), [_array(words[::-1]), _array([*words, ""]), _array(["|".join(words)])])
    return found


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(cases())
def test_fast_path_verdicts_are_the_md5_paths_on_random_values_and_neighbours(typed_databases, drawn):
    _check(typed_databases, drawn)


MIXED = """CREATE TABLE mixed (a varchar(10) COLLATE "C", b varchar(10) COLLATE "{ci}", c text COLLATE "{ci}",
                   n {n}, PRIMARY KEY (a, b));
INSERT INTO mixed SELECT 'a' || g, 'b' || g, 'name' || g, g FROM generate_series(1, 500) g"""


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "md5"])
def test_two_collations_in_a_table_and_a_type_that_differs_between_sides(typed_databases, fast):
    """Text columns (and a key) of two collations, one case-insensitive, and an integer column that is bigint
    on one side: no 'could not determine which collation to use', identical data matches, a case change in the
    case-insensitive column is found."""
    source, target = typed_databases
    for url, n in ((source, "integer"), (target, "bigint")):
        with connect(url) as conn:
            conn.execute(MIXED.format(ci=CI, n=n))
    options = ValidationOptions(checks=("checksums",), patterns=("mixed",), fast=fast)
    same = validate(source, target, options)
    assert (same.exit_code, same.checks[0].status, same.checks[0].source_rows) == (0, "match", 500), same.checks
    with connect(target) as conn:
        conn.execute("UPDATE mixed SET c = upper(c) WHERE a = 'a14'; UPDATE mixed SET n = -n WHERE a = 'a15'")
    changed = validate(source, target, options)
    found = {(d["key"]["a"], d["columns"][0]["column"]) for d in changed.checks[0].differences}
    assert (changed.exit_code, found) == (1, {("a14", "c"), ("a15", "n")})


def test_a_separator_inside_values_of_a_type_the_tool_does_not_know(typed_databases):
    """Two columns of a domain over text: ('a|', 'b') and ('a', '|b') would make one row text without the
    length prefix every text kind carries."""
    source, target = typed_databases
    for url, row in ((source, "('a|', 'b')"), (target, "('a', '|b')")):
        with connect(url) as conn:
            conn.execute(
                f"CREATE TABLE two (id int PRIMARY KEY, a word, b word); INSERT INTO two SELECT 1, * FROM (VALUES {row}) v"
            )
    for fast in (True, False):
        report = validate(source, target, ValidationOptions(checks=("checksums",), patterns=("two",), fast=fast))
        assert [d["kind"] for d in report.checks[0].differences] == ["different"], fast
