"""Connection URLs in SQLAlchemy form, where the password comes from, and how a URL is shown.

    oracle://user@host:1521/?service_name=ORCL      oracle://user@host:1521/SID
    mssql://user@host:1433/db?driver=ODBC+Driver+18+for+SQL+Server
    postgresql://user@host:5432/db

A password may sit in the URL, in an environment variable (`password_env`), or in an AWS Secrets
Manager secret (`secret`, with the standard username/password/host/port/dbname keys). It is kept out
of `repr`, `str` and every message: `masked` is the only way a URL is shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from migrate.errors import ConfigError, register_secret
from migrate.model.engines import ENGINES

# scheme (with or without a +driver suffix) -> engine name: each engine's name and its accepted spellings
SCHEMES: dict[str, str] = {name: e.name for e in ENGINES.values() for name in (e.name, *e.url_schemes)}
DEFAULT_PORTS: dict[str, int] = {e.name: e.default_port for e in ENGINES.values()}


@dataclass(frozen=True)
class DatabaseUrl:
    engine: str
    host: str = ""
    port: int | None = None
    database: str = ""
    username: str = ""
    password: str = field(default="", repr=False)
    query: Mapping[str, str] = field(default_factory=dict)

    @property
    def masked(self) -> str:
        """The URL as it may be shown: any password replaced by ***."""
        return self._render("***" if self.password else "")

    def __str__(self) -> str:
        return self.masked

    def with_password(self, password: str) -> DatabaseUrl:
        register_secret(password)
        return replace(self, password=password)

    def _render(self, password: str) -> str:
        scheme = ENGINES[self.engine].url_schemes[0] if self.engine in ENGINES else self.engine
        auth = quote(self.username, safe="") if self.username else ""
        if password:
            auth += ":" + password
        netloc = f"{auth}@" if auth else ""
        params = dict(self.query)
        if self.host.startswith("/"):  # a Unix socket directory goes in the query, as libpq spells it
            params = {"host": self.host, **params}
        else:
            netloc += f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 address keeps its brackets
        if self.port:
            netloc += f":{self.port}"
        query = "&".join(f"{k}={quote(str(v), safe='/')}" for k, v in params.items())
        return f"{scheme}://{netloc}/{quote(self.database, safe='')}" + (f"?{query}" if query else "")


def parse_url(text: str, what: str = "URL") -> DatabaseUrl:
    """Parse with SQLAlchemy's URL grammar; unknown schemes get a message listing the known ones."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not text or "://" not in text:
        raise ConfigError(
            f"{what} '{text}' is not a database URL",
            "write it as oracle://user@host:1521/?service_name=ORCL, mssql://user@host:1433/db "
            "or postgresql://user@host:5432/db",
        )
    try:
        url = make_url(_encode_userinfo(text))
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(
            f"{what} cannot be parsed: {exc}", "check the URL's form: scheme://user@host:port/db"
        ) from None
    backend = url.get_backend_name()
    engine = SCHEMES.get(backend)
    if engine is None:
        raise ConfigError(
            f"{what} has an unknown scheme '{url.drivername}'",
            "use oracle://, mssql:// or postgresql:// (aurora-migrate reads Oracle, SQL Server and PostgreSQL)",
        )
    if url.password:
        register_secret(str(url.password))
    query = {k: (v if isinstance(v, str) else v[0]) for k, v in url.query.items()}
    return DatabaseUrl(
        engine=engine,
        host=url.host or "",
        port=url.port,
        database=url.database or "",
        username=url.username or "",
        password=str(url.password) if url.password else "",
        query=query,
    )


# What may follow the '@' that ends the userinfo: a host (a name, an address or [IPv6]), a port, then the path
# or query or nothing (an empty host: a Unix socket given in the query).
_HOST_AFTER = re.compile(r"(?:\[[^\]/?#@\s]*\]|[^/?#@:\s]*)(?::\d*)?(?:[/?#]|$)")


def _encode_userinfo(text: str) -> str:
    """`text` with any '@' inside the user name or password percent-encoded.

    SQLAlchemy ends the userinfo at the first '@', so `postgres:Ab@Cd3f@host` would read password `Ab` and host
    `Cd3f@host` (and show `Cd3f` when masked). Passwords are often pasted unencoded, so the userinfo ends at the
    LAST '@' that a host follows. (An '@' in a query value must then be written %40.)
    """
    start = text.find("://") + 3
    at = len(text)
    while (at := text.rfind("@", start, at)) >= 0 and not _HOST_AFTER.match(text, at + 1):
        pass
    if at < 0 or text.find("@", start, at) < 0:
        return text  # no userinfo, or a single '@': SQLAlchemy reads it right
    return text[:start] + text[start:at].replace("@", "%40") + text[at:]


SecretReader = Callable[[str], str]


def resolve_password(
    url: DatabaseUrl,
    *,
    password_env: str = "",
    secret: str = "",
    env: Mapping[str, str] | None = None,
    read_secret: SecretReader | None = None,
) -> DatabaseUrl:
    """The URL with its password filled in: URL first, then the environment variable, then the secret.

    A Secrets Manager secret may also supply the user name, host, port and database the URL lacks.
    """
    if url.password:
        return url
    if password_env:
        value = (env or {}).get(password_env)
        if value is None:
            raise ConfigError(
                f"password_env names {password_env}, but that environment variable is not set",
                f"export {password_env}=... (the password for {url.masked})",
            )
        return url.with_password(value)
    if secret:
        if read_secret is None:
            raise ConfigError(f"a Secrets Manager secret is configured ({secret}) but AWS access is not set up")
        return _apply_secret(url, secret, read_secret(secret))
    return url


def _apply_secret(url: DatabaseUrl, secret_id: str, secret_text: str) -> DatabaseUrl:
    try:
        data = json.loads(secret_text)
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or "password" not in data:
        raise ConfigError(
            f"secret {secret_id} has no 'password' key",
            "store it as JSON with the standard keys: username, password, host, port, dbname",
        )
    password = str(data["password"])
    register_secret(password)
    return replace(
        url,
        password=password,
        username=url.username or str(data.get("username", "")),
        host=url.host or str(data.get("host", "")),
        port=url.port or (int(data["port"]) if str(data.get("port", "")).isdigit() else None),
        database=url.database or str(data.get("dbname", "")),
    )
