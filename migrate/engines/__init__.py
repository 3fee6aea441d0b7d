"""Database engines: one module per engine; this module picks the module by the URL's scheme."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from migrate.config import AwsSettings, EndpointSettings, Settings
from migrate.engines.base import Connection
from migrate.engines.url import DatabaseUrl, parse_url, resolve_password
from migrate.errors import ConfigError

# engine -> module that connects to it (imported only when used, so a missing driver hurts no one else)
ENGINE_MODULES: dict[str, str] = {
    "oracle": "migrate.engines.oracle",
    "sqlserver": "migrate.engines.sqlserver",
    "postgresql": "migrate.engines.postgres",
}

__all__ = ["Connection", "DatabaseUrl", "connect", "endpoint_url", "parse_url", "target"]


def connect(url: DatabaseUrl | str, *, read_only: bool = False) -> Connection:
    """A connection to `url`; sources are opened read-only where the engine allows it."""
    parsed = parse_url(url) if isinstance(url, str) else url
    module = importlib.import_module(ENGINE_MODULES[parsed.engine])
    connection: Connection = module.connect(parsed, read_only=read_only)
    return connection


def endpoint_url(endpoint: EndpointSettings, aws: AwsSettings, env: Mapping[str, str], what: str) -> DatabaseUrl:
    """The endpoint's URL with its password resolved from the URL, the environment or Secrets Manager."""
    if not endpoint.url:
        raise ConfigError(f"no {what} URL is configured", f"set {what}.url in migration.toml or pass --{what}")
    url = parse_url(endpoint.url, what=f"{what}.url")

    def read_secret(secret_id: str) -> str:
        from migrate.engines.aws import read_secret as read

        return read(aws, secret_id)

    return resolve_password(
        url, password_env=endpoint.password_env, secret=endpoint.secret, env=env, read_secret=read_secret
    )


@contextlib.contextmanager
def target(settings: Settings, env: Mapping[str, str]) -> Iterator[tuple[DatabaseUrl, bool]]:
    """The target's URL, and whether it is the embedded server (started here, stopped on exit)."""
    if settings.target.url:
        yield endpoint_url(settings.target, settings.aws, env, "target"), False
        return
    from migrate.engines import embedded

    data_dir = Path(settings.embedded_data_dir)
    with embedded.running(data_dir) as url:
        yield url, True
