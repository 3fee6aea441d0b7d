"""URLs in SQLAlchemy form, passwords from three places, and never a password in what is shown."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from migrate import errors
from migrate.engines.url import parse_url, resolve_password
from migrate.errors import ConfigError, QueryError, mask_secrets


@pytest.mark.parametrize(
    ("text", "engine", "host", "port", "database", "query"),
    [
        (
            "oracle://scott@db.example:1521/?service_name=ORCLPDB1",
            "oracle",
            "db.example",
            1521,
            "",
            {"service_name": "ORCLPDB1"},
        ),
        ("oracle+oracledb://scott@db:1522/ORCL", "oracle", "db", 1522, "ORCL", {}),
        ("mssql://sa@sql.example:1433/Inventory", "sqlserver", "sql.example", 1433, "Inventory", {}),
        (
            "mssql+pyodbc://sa@sql/Inv?driver=ODBC+Driver+18+for+SQL+Server",
            "sqlserver",
            "sql",
            None,
            "Inv",
            {"driver": "ODBC Driver 18 for SQL Server"},
        ),
        ("postgresql://app@127.0.0.1:5432/sales", "postgresql", "127.0.0.1", 5432, "sales", {}),
        ("postgres://app@h/db", "postgresql", "h", None, "db", {}),
        ("postgresql+psycopg://app@h/db", "postgresql", "h", None, "db", {}),
    ],
)
def test_parse(text, engine, host, port, database, query) -> None:  # type: ignore[no-untyped-def]
    url = parse_url(text)
    assert (url.engine, url.host, url.port, url.database, dict(url.query)) == (engine, host, port, database, query)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mysql://root@h/db", "unknown scheme 'mysql'"),
        ("db.example:1521", "is not a database URL"),
        ("", "is not a database URL"),
    ],
)
def test_bad_urls(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_url(text)


def test_password_never_shown() -> None:
    url = parse_url("postgresql://app:S3cr%40t-pw@h:5432/db")
    assert url.password == "S3cr@t-pw"
    for shown in (url.masked, str(url), repr(url)):
        assert "S3cr" not in shown
    assert url.masked == "postgresql://app:***@h:5432/db"
    assert "S3cr@t-pw" not in str(QueryError(f"failed with password S3cr@t-pw at {url}"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oracle://u:hunter22@h/x", "oracle://u:***@h/x"),
        ("DRIVER={FreeTDS};UID=sa;PWD={pa55word};", "DRIVER={FreeTDS};UID=sa;PWD={***};"),
        ('{"username": "u", "password": "pa55word"}', '{"username": "u", "password": "***"}'),
        ("AWS_SECRET_ACCESS_KEY=abcdEFGH1234", "AWS_SECRET_ACCESS_KEY=***"),
    ],
)
def test_mask_secrets(text: str, expected: str) -> None:
    assert mask_secrets(text) == expected


def test_password_from_env() -> None:
    url = resolve_password(parse_url("postgresql://app@h/db"), password_env="APP_PW", env={"APP_PW": "from-env-pw"})
    assert url.password == "from-env-pw" and "from-env-pw" not in url.masked


def test_missing_password_env_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="APP_PW") as caught:
        resolve_password(parse_url("postgresql://app@h/db"), password_env="APP_PW", env={})
    assert "export APP_PW" in caught.value.hint


def test_password_and_missing_parts_from_a_secret() -> None:
    secret = json.dumps(
        {"username": "admin", "password": "from-secret-pw", "host": "aurora.example", "port": 5432, "dbname": "app"}
    )
    url = resolve_password(
        parse_url("postgresql:///"), secret="arn:aws:secretsmanager:eu-west-1:1:secret:x", read_secret=lambda _: secret
    )
    assert (url.username, url.host, url.port, url.database, url.password) == (
        "admin",
        "aurora.example",
        5432,
        "app",
        "from-secret-pw",
    )


def test_secret_without_password_key() -> None:
    with pytest.raises(ConfigError, match="no 'password' key"):
        resolve_password(parse_url("postgresql://a@h/db"), secret="s", read_secret=lambda _: '{"username": "a"}')


# Passwords as people type them: any printable character, '@' ':' '/' '?' '#' '%' blanks and quotes included.
PASSWORDS = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=6, max_size=40).filter(
    lambda pw: pw.strip("*") and pw.strip()
)


@contextmanager
def secrets_forgotten() -> Iterator[None]:
    """The registry of secrets as it was before: parse_url remembers every password it reads, process-wide."""
    saved = set(errors._registered)
    try:
        yield
    finally:
        errors._registered.clear()
        errors._registered.update(saved)


def _libpq(pw: str) -> str:
    """libpq conninfo quoting: bare when it can be, else '...' with \\ and ' escaped."""
    if pw and not any(c in pw for c in " \t'\\"):
        return f"host=db port=5432 password={pw} dbname=sales"
    return "host=db password='" + pw.replace("\\", "\\\\").replace("'", "\\'") + "' dbname=sales"


def _odbc(pw: str) -> str:
    return "DRIVER={ODBC Driver 18 for SQL Server};SERVER=db,1433;UID=sa;PWD={" + pw.replace("}", "}}") + "};"


# Where a password shows up: a URL pasted unencoded, libpq and ODBC connection strings, a Secrets Manager secret,
# a TOML line, and the error texts drivers and the tool build around them.
CARRIERS = {
    "url": lambda pw: f"postgresql://app:{pw}@db.example:5432/sales",
    "url_in_error": lambda pw: f"error: cannot connect to postgres://postgres:{pw}@host/db (timeout) at 12:00",
    "two_urls": lambda pw: f"source oracle://scott:{pw}@ora:1521/?service_name=X target postgresql://a@h/db",
    "libpq": _libpq,
    "libpq_in_error": lambda pw: f'invalid connection string "{_libpq(pw)}": missing "=" after "x"',
    "odbc": _odbc,
    "odbc_in_error": lambda pw: f"('08001', '[08001] cannot open {_odbc(pw)} (0) (SQLDriverConnect)')",
    "json": lambda pw: json.dumps({"username": "admin", "password": pw, "host": "h", "port": 5432}),
    "json_secret_string": lambda pw: json.dumps({"SecretString": json.dumps({"password": pw})}),
    "toml": lambda pw: 'password = "' + pw.replace("\\", "\\\\").replace('"', '\\"') + '"\nhost = "db"',
}


@settings(max_examples=300, deadline=None)
@given(PASSWORDS, st.sampled_from(sorted(CARRIERS)))
def test_no_generated_password_survives_masking(pw: str, carrier: str) -> None:
    # a password that is a piece of the masked text itself (`passwo`, `": "**`) proves nothing
    assume(pw not in mask_secrets(CARRIERS[carrier]("neutral-pw")))
    text = CARRIERS[carrier](pw)
    assert pw not in mask_secrets(text)
    assert pw not in str(QueryError(text, hint=text))


@settings(max_examples=300, deadline=None)
@given(PASSWORDS.filter(lambda pw: "%" not in pw))
def test_a_password_pasted_unencoded_is_read_whole_and_never_shown(pw: str) -> None:
    with secrets_forgotten():  # parse_url registers it: generated words must not be masked in later tests
        url = parse_url(f"postgresql://app:{pw}@db.example:5432/sales")
        assert (url.username, url.password, url.host, url.port) == ("app", pw, "db.example", 5432)
        assert url.masked == "postgresql://app:***@db.example:5432/sales"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgres://postgres:Ab@Cd3f@host/db", "postgres://postgres:***@host/db"),  # the example
        ("conn postgresql://u:p@ss w0rd:x@h:5/db failed", "conn postgresql://u:***@h:5/db failed"),
        ("host=h password='it\\'s a b' user=u", "host=h password='***' user=u"),
        ("PWD={a}}b;c};UID=sa", "PWD={***};UID=sa"),
        (
            "postgresql://app@h:5432/db and https://docs.example/x",
            "postgresql://app@h:5432/db and https://docs.example/x",
        ),
        ("CREATE USER x IDENTIFIED BY 'pw' PASSWORD EXPIRE", "CREATE USER x IDENTIFIED BY 'pw' PASSWORD EXPIRE"),
        (
            "<td>postgresql://app@h:5432/db</td><td>ops@example.com</td>",
            "<td>postgresql://app@h:5432/db</td><td>ops@example.com</td>",
        ),
        ("mssql://user@corp:s3cret@srv/db", "mssql://user@corp:***@srv/db"),
    ],
)
def test_mask_secrets_cases(text: str, expected: str) -> None:
    assert mask_secrets(text) == expected


def test_parse_splits_userinfo_at_the_last_at_before_the_host() -> None:
    url = parse_url("mssql://user@corp:p@ss@srv.example:1433/db")
    assert (url.username, url.password, url.host) == ("user@corp", "p@ss", "srv.example")
    assert parse_url("postgresql://u:p@@[::1]:5433/d").masked == "postgresql://u:***@[::1]:5433/d"


def _seconds(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.thread_time()
        work()
        best = min(best, time.thread_time() - started)
    return best


@pytest.mark.parametrize(
    "piece",
    [
        "0x" + "0123456789ABCDEF" * 64,  # the SSMS binary literal that made the former regex backtrack
        "abc://" * 50 + "x:" * 50,  # many anchors on one line
        "password=" * 20 + "'" + "x" * 200,  # keys, an unclosed quote
        "PWD={" + "}}" * 100,
    ],
)
def test_masking_cost_is_linear_in_the_text(piece: str) -> None:
    small, large = piece * 25, piece * 100
    assert _seconds(lambda: mask_secrets(large)) < 10 * _seconds(lambda: mask_secrets(small)) + 0.01


def test_masked_data_serialises_to_valid_json_without_the_secret() -> None:
    import json

    from migrate.errors import mask_data

    data = {"result": 'password=hunter22", "x": 1', "nested": ["postgresql://u:S3cr@t@h/db", 5], "n": None}
    text = json.dumps(mask_data(data))
    assert "hunter22" not in text and "S3cr" not in text
    assert set(json.loads(text)) == {"result", "nested", "n"}
