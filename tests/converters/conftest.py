"""Fixtures the converter tests share: a database per test module for the documented-results tables, without and
with orafce (the two target profiles a row is checked in)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from migrate.engines.base import Connection
from migrate.engines.url import DatabaseUrl
from tests.converters.documented import database


@pytest.fixture(scope="module")
def native_db(pg_server: DatabaseUrl, _dropper) -> Iterator[Connection]:  # type: ignore[no-untyped-def]
    yield from database(pg_server, _dropper)


@pytest.fixture(scope="module")
def orafce_db(pg_server: DatabaseUrl, _dropper) -> Iterator[Connection]:  # type: ignore[no-untyped-def]
    yield from database(pg_server, _dropper, ("orafce",))


def convert_and_deploy(cli, folder: Path, script: str, dialect: str, target: DatabaseUrl) -> Path:  # type: ignore[no-untyped-def]
    """`aurora-migrate convert` of `script` as an export file of `dialect`, then `deploy` to `target`, as a user
    runs them; both must succeed. Returns the output folder."""
    (folder / "schema.sql").write_text(script, encoding="utf-8")
    out = folder / "out"
    converted = cli("convert", "--dialect", dialect, str(folder / "schema.sql"), "--out", str(out))
    assert converted.exit_code == 0, converted.output
    deployed = cli("deploy", str(out), "--target", str(target))
    assert deployed.exit_code == 0, deployed.output
    return out
