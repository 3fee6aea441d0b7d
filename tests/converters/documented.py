"""The harness of the documented-results tables (test_documented_oracle.py, test_documented_tsql.py).

A row is a query as the vendor's documentation writes it and the result the documentation gives. The query is
converted the way `convert` converts a view's query (object kind "view", the project's settings) and run on the
real PostgreSQL, once per target profile: without orafce, and with orafce (`[conversion] use_orafce = true`,
the extension installed). In each profile the row is either exact -- no blocking finding, and PostgreSQL returns
the documented row -- or flagged: the converter raises a blocking finding (the view is kept manual) and the row
says why no exact form exists. A wrong answer is never an outcome.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace

from converters.ddl_context import BLOCKING
from converters.rewrite import RewriteOptions, convert_query
from migrate.engines import connect
from migrate.engines.base import Connection
from migrate.engines.url import DatabaseUrl

PROFILES = ("native", "orafce")


@dataclass(frozen=True)
class Doc:
    """query -> the documented first row; `flag`: why the converter keeps it manual (both profiles unless
    `orafce_flag` says otherwise for the orafce profile; "" there means exact with orafce)."""

    query: str
    expected: tuple
    page: str
    flag: str = ""
    orafce_flag: str | None = None

    def reason(self, profile: str) -> str:
        return self.orafce_flag if profile == "orafce" and self.orafce_flag is not None else self.flag


def options(profile: str) -> RewriteOptions:
    return RewriteOptions(use_orafce=profile == "orafce", target_version=15, object_kind="view", object_name="doc_v")


def database(server: DatabaseUrl, dropper, extensions: tuple[str, ...] = ()) -> Iterator[Connection]:  # type: ignore[no-untyped-def]
    """A fresh database (the conftest's naming, so stale ones get dropped) with these extensions."""
    name = f"am_test_{int(time.time())}_{uuid.uuid4().hex[:8]}"
    with connect(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with connect(replace(server, database=name)) as conn:
            for extension in extensions:
                conn.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
            yield conn
    finally:
        dropper.names.put(name)


def outcome(conn: Connection, row: Doc, source: str, profile: str) -> tuple[str, object]:
    """("flagged", the blocking findings) or ("exact"/"wrong", the first row PostgreSQL returned, or the error)."""
    converted = convert_query(row.query, source, options(profile))
    blocking = [f for f in converted.findings if f.severity >= BLOCKING]
    if blocking:
        return "flagged", [f"{f.rule_id}: {f.message}" for f in blocking]
    try:
        rows = conn.rows(converted.sql)
    except Exception as error:  # PostgreSQL rejected the converted SQL: that is a wrong answer too
        return "wrong", f"{type(error).__name__}: {error} -- {converted.sql}"
    got = tuple(rows[0]) if rows else None
    return ("exact" if got == row.expected else "wrong"), (got, converted.sql)


def check(conn: Connection, row: Doc, source: str, profile: str) -> None:
    status, detail = outcome(conn, row, source, profile)
    reason = row.reason(profile)
    if reason:
        assert status == "flagged", f"documented as kept manual ({reason}) but converted: {detail}"
    else:
        assert status == "exact", f"{row.query} -> {detail}; documented: {row.expected}"
