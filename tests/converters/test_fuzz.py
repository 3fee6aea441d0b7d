"""Property tests of the converter on hostile text: deep nesting, long tokens, control characters, random bytes.
Whatever comes in, nothing raises, every finding has a known rule, and the ledger reconciles."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.scan import scan_files
from converters.convert import convert_inventory
from converters.rewrite import convert_expression, convert_query
from converters.rewrites.rules import RULES

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(["\x7f", "\x85", "\u2028", "\ufeff"])
WORDS = st.sampled_from(["SELECT", "FROM", "t", "a", "NVL(", "REPLACE(", "(", ")", ",", "'x'", "1", ";", "CASE",
                         "WHEN", "END", "q'[", "]'", '"', "--", "/*", "*/", "||", "+", "DECODE(", "TOP", "GO", "\n"])  # fmt: skip
PIECES = st.one_of(
    WORDS,
    CONTROL,
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x2FFF), min_size=1, max_size=3),
    st.integers(1, 5000).map(lambda n: "x" * n),  # a long token
    st.integers(1, 200).map(lambda n: "(" * n + "a" + ")" * n),  # deep nesting
    st.integers(1, 120).map(lambda n: "NVL(" * n + "a" + ", 0)" * n),
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(pieces=st.lists(PIECES, max_size=12), source=st.sampled_from(["oracle", "sqlserver", "postgresql"]))
def test_any_text_converts_or_is_flagged(pieces: list[str], source: str) -> None:
    text = " ".join(pieces)
    for convert in (convert_query, convert_expression):
        result = convert(text, source)
        assert isinstance(result.sql, str)
        assert all(f.rule_id in RULES or f.category == "type" for f in result.findings)


def _convert_file(data: bytes, dialect: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.sql"
        path.write_bytes(data)
        inventory = scan_files([path], dialect)
    result = convert_inventory(inventory, jobs=1)  # raises ConversionError if the ledger does not reconcile
    assert result.ledger.reconciles


@FUZZ
@given(data=st.binary(max_size=2000), dialect=st.sampled_from(["oracle", "sqlserver", "postgresql"]))
def test_random_bytes_never_crash_the_pipeline(data: bytes, dialect: str) -> None:
    _convert_file(data, dialect)


@FUZZ
@given(
    body=st.lists(PIECES, min_size=1, max_size=8).map(" ".join),
    wrapper=st.sampled_from(
        [
            "CREATE TABLE t{n} (a NUMBER DEFAULT {body}, b VARCHAR2(10) CHECK (b <> {body}));",
            "CREATE VIEW v{n} AS SELECT {body} AS x FROM t;",
            "CREATE INDEX ix{n} ON t ({body});",
            'CREATE TABLE "{body}" (a NUMBER);',
            "CREATE OR REPLACE PROCEDURE p{n} AS BEGIN {body}; END;\n/",
        ]
    ),
    count=st.integers(1, 3),
)
def test_statements_with_hostile_parts_reconcile(body: str, wrapper: str, count: int) -> None:
    text = "\n".join(wrapper.format(n=n, body=body) for n in range(count)) + "\n"
    _convert_file(text.encode("utf-8", errors="surrogatepass"), "oracle")
