"""Real PostgreSQL databases for the performance runner, made once per run: the shop (200,000 orders, 20,000
customers, so a missing index costs tens of milliseconds, far above timing noise), an identical copy, and a copy
that differs (ALTERED)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from migrate.engines import connect
from migrate.engines.url import DatabaseUrl

SHOP = """
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email varchar(80) NOT NULL, region text NOT NULL);
INSERT INTO customers SELECT g, 'name ' || g, 'user' || g || '@example.org', (ARRAY['EU', 'US', 'APAC'])[1 + g % 3]
FROM generate_series(1, 20000) g;
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(12,2) NOT NULL, placed date NOT NULL,
                     code varchar(10) NOT NULL);
INSERT INTO orders SELECT g, 1 + g % 20000, (g % 1000) / 10.0, date '2024-01-01' + g % 365, (g % 5000)::text
FROM generate_series(1, 200000) g;
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX orders_code ON orders (code);
CREATE INDEX customers_email ON customers (email);
CREATE TABLE regions (code text PRIMARY KEY, name text NOT NULL);
INSERT INTO regions VALUES ('EU', 'Europe'), ('US', 'United States'), ('APAC', 'Asia Pacific');
ANALYZE;
"""


# what the altered target lacks or holds differently: one database for every "the target differs" test, each
# test reading through a different query (a database per test would cost a checkpoint per DROP DATABASE)
ALTERED = """
DROP INDEX orders_customer;
UPDATE customers SET email = 'changed@example.org' WHERE id = 7;
DELETE FROM regions WHERE code = 'US';
ALTER TABLE customers RENAME COLUMN name TO full_name;
ANALYZE;
"""


@pytest.fixture(scope="session")
def shops(pg_server: DatabaseUrl, _dropper: Any) -> Iterator[dict[str, DatabaseUrl]]:
    """The shop as source, an identical copy, and an altered copy; built once per run, and only read by the
    tests (a write test's changes are rolled back)."""
    stamp = f"am_test_{int(time.time())}_p{uuid.uuid4().hex[:6]}"
    names = {role: f"{stamp}_{role}" for role in ("source", "same", "altered")}
    with connect(pg_server) as admin:
        admin.execute(f'CREATE DATABASE "{names["source"]}"')
        with connect(replace(pg_server, database=names["source"])) as conn:
            conn.execute(SHOP)
        for role in ("same", "altered"):
            admin.execute(f'CREATE DATABASE "{names[role]}" TEMPLATE "{names["source"]}"')
    with connect(replace(pg_server, database=names["altered"])) as conn:
        conn.execute(ALTERED)
    yield {role: replace(pg_server, database=name) for role, name in names.items()}
    for name in names.values():
        _dropper.names.put(name)


@pytest.fixture
def shop(shops: dict[str, DatabaseUrl]) -> tuple[DatabaseUrl, DatabaseUrl]:
    """(source, target) with the same tables, indexes, rows and statistics."""
    return shops["source"], shops["same"]


@pytest.fixture
def altered(shops: dict[str, DatabaseUrl]) -> tuple[DatabaseUrl, DatabaseUrl]:
    """(source, target) where the target lacks orders_customer, has other rows, and renamed customers.name."""
    return shops["source"], shops["altered"]


@pytest.fixture
def workload_file(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "workload.sql"
        path.write_text(text, encoding="utf-8")
        return path

    return write
