"""Two real PostgreSQL databases holding the same tables, for every validator test."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from migrate.engines import connect
from migrate.engines.url import DatabaseUrl
from tests.conftest import other_collation

# every key shape and every value kind the issue asks for; {collation} lets a side differ
TABLES = """
CREATE TABLE ints (id integer PRIMARY KEY, amount numeric(14,6), ratio float8, note text, flag boolean,
                   born date, seen timestamp, at timestamptz, code char(6), blob bytea, label varchar(40));
INSERT INTO ints SELECT g, g * 1.000001, g / 3.0, CASE WHEN g % 7 = 0 THEN NULL WHEN g % 11 = 0 THEN '' ELSE 'note ' || g END,
       g % 2 = 0, date '2020-01-01' + g, timestamp '2020-01-01 00:00:00.000001' + g * interval '1.000001 s',
       timestamptz '2020-01-01 00:00:00+02' + g * interval '1 minute', 'c' || (g % 100), decode(md5(g::text), 'hex'),
       CASE WHEN g % 13 = 0 THEN 'żółw ☃ ' || g ELSE 'label ' || g END
FROM generate_series(1, 3000) g;
CREATE TABLE bigs (id bigint PRIMARY KEY, v numeric);
INSERT INTO bigs SELECT g::bigint * 1000000000, g FROM generate_series(1, 500) g;
CREATE TABLE pairs (a int, b varchar(10), v text, PRIMARY KEY (a, b));
INSERT INTO pairs SELECT g % 50, 'b' || g, 'v' || g FROM generate_series(1, 1000) g;
CREATE TABLE names (name varchar(40) COLLATE "{collation}" PRIMARY KEY, v int);
INSERT INTO names SELECT n, i FROM (VALUES ('apple', 1), ('Apple', 2), ('banana', 3), ('_under', 4), ('Zebra', 5),
       ('éclair', 6), ('eclair', 7), ('a b', 8), ('a-b', 9), ('ab', 10)) AS t(n, i);
INSERT INTO names SELECT 'n' || g, g FROM generate_series(1, 2000) g;
CREATE TABLE uuids (id uuid PRIMARY KEY, v int);
INSERT INTO uuids SELECT md5(g::text)::uuid, g FROM generate_series(1, 1000) g;
CREATE TABLE nokey (a int, b text);
INSERT INTO nokey SELECT g % 10, 'x' || (g % 10) FROM generate_series(1, 200) g;
CREATE TABLE empty (id int PRIMARY KEY, v text);
"""


def build(url: DatabaseUrl, collation: str = "C") -> None:
    with connect(url) as conn:
        conn.execute(TABLES.replace("{collation}", collation))
        conn.execute("ANALYZE")


@pytest.fixture(scope="session")
def validator_databases(pg_server: DatabaseUrl) -> Iterator[Callable[[str], DatabaseUrl]]:
    """Copies of two template databases built once (source: "C" keys, target: ICU keys): a copy is ~10x
    faster to make than running TABLES again. All are dropped at the end."""
    created: list[str] = []
    templates: dict[str, str] = {}

    def copy(collation: str) -> DatabaseUrl:
        with connect(pg_server) as admin:
            if collation not in templates:
                name = f"am_vtpl_{uuid.uuid4().hex[:10]}"
                admin.execute(f'CREATE DATABASE "{name}"')
                created.append(name)
                build(replace(pg_server, database=name), collation)
                templates[collation] = name
            name = f"am_vtest_{uuid.uuid4().hex[:10]}"
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{templates[collation]}"')
            created.append(name)
        return replace(pg_server, database=name)

    yield copy
    with connect(pg_server) as admin:
        for name in reversed(created):
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def two_databases(
    validator_databases: Callable[[str], DatabaseUrl], pg_server: DatabaseUrl
) -> tuple[DatabaseUrl, DatabaseUrl]:
    """Source ("C" collation keys) and target (ICU collation keys) with the same data."""
    return validator_databases("C"), validator_databases(other_collation(pg_server))


@pytest.fixture(scope="session")
def shared_databases(
    validator_databases: Callable[[str], DatabaseUrl], pg_server: DatabaseUrl
) -> tuple[DatabaseUrl, DatabaseUrl]:
    """One pair for the tests that only read: they must not change it."""
    return validator_databases("C"), validator_databases(other_collation(pg_server))


@pytest.fixture
def run_sql() -> Callable[[DatabaseUrl, str], None]:
    """Run statements on one of the databases (to inject differences)."""

    def run(url: DatabaseUrl, sql: str) -> None:
        with connect(url) as conn:
            conn.execute(sql)

    return run
