"""URLs in SQLAlchemy form, passwords from three places, and never a password in what is shown."""

from __future__ import annotations

import json

import pytest

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
