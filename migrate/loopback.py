"""The dblink server autonomous transactions run through, created by deploy from the target connection.

A converted PRAGMA AUTONOMOUS_TRANSACTION routine runs its body through dblink on a foreign server looping back to
the database it lives in (converters/procedural/plsql_autonomous.py). With `conversion.autonomous_server` left at
its default, the conversion holds a `loopback_server` object first; deploying it creates, unless the server exists:

    CREATE EXTENSION IF NOT EXISTS dblink SCHEMA public;
    CREATE SERVER aurora_migrate_loopback FOREIGN DATA WRAPPER dblink_fdw OPTIONS (host ..., port ..., dbname ...);
    CREATE USER MAPPING IF NOT EXISTS FOR CURRENT_USER SERVER aurora_migrate_loopback OPTIONS (user ..., password ...);

from the host, port, database, user and password deploy connected with (the password only in the user mapping,
which PostgreSQL shows to its owner and superusers only), then opens a dblink connection through it and runs
SELECT 1 in the same transaction. When that fails (the server cannot reach the address deploy used, e.g. through a
tunnel; a role that may not connect without a password), what was created is rolled back, the object fails with
the server's message and the fix, and every routine using the server waits for it instead of deploying code that
fails when called.
"""

from __future__ import annotations

from migrate.engines.base import Connection
from migrate.engines.url import DatabaseUrl
from migrate.errors import QueryError, mask_secrets

SERVER_EXISTS = "SELECT 1 FROM pg_foreign_server WHERE srvname = %s"
MAPPING_EXISTS = "SELECT 1 FROM pg_user_mappings WHERE srvname = %s AND usename = current_user"
PROBE = "SELECT probe FROM public.dblink({server}, 'SELECT 1') AS t(probe int)"
REMEDY = (
    "the dblink server {server} loops back to the target for autonomous transactions: deploy with a URL the "
    "server itself can reach (its own host name, not a tunnel) and a user with a password, or create the server "
    "and a user mapping by hand (CREATE SERVER {server} FOREIGN DATA WRAPPER dblink_fdw OPTIONS (host ..., dbname "
    "...); CREATE USER MAPPING FOR CURRENT_USER SERVER {server} OPTIONS (user ..., password ...)) and deploy again, "
    'or set conversion.autonomous_server = "" to keep autonomous routines manual'
)


def create_loopback(conn: Connection, server: str) -> str:
    """Create `server` (if absent) and the current user's mapping (if absent), then check a dblink connection
    through it answers. Returns '' when it does, else the reason (secrets masked)."""
    try:
        with conn.transaction():  # type: ignore[attr-defined]
            if not conn.rows(SERVER_EXISTS, (server,)):
                conn.execute("CREATE EXTENSION IF NOT EXISTS dblink SCHEMA public")
                conn.execute(
                    f"CREATE SERVER {conn.quote(server)} FOREIGN DATA WRAPPER dblink_fdw OPTIONS ({_address(conn.url)})"
                )
            if not conn.rows(MAPPING_EXISTS, (server,)):
                login = _login(conn.url, conn.rows("SELECT current_user")[0][0])
                conn.execute(f"CREATE USER MAPPING FOR CURRENT_USER SERVER {conn.quote(server)} OPTIONS ({login})")
            conn.rows(PROBE.format(server=_literal(server)))  # a failure rolls back what this created
    except QueryError as exc:
        cause = exc.__cause__
        diag = getattr(cause, "diag", None)
        message = getattr(diag, "message_primary", None) or str(cause or exc).strip().splitlines()[0]
        return mask_secrets(message)
    return ""


def remedy(server: str) -> str:
    return REMEDY.format(server=server)


def _address(url: DatabaseUrl) -> str:
    options = [("host", url.host or url.query.get("host", ""))]
    options += [("port", str(url.port) if url.port else ""), ("dbname", url.database)]
    return ", ".join(f"{key} {_literal(value)}" for key, value in options if value)


def _login(url: DatabaseUrl, current_user: str) -> str:
    options = [("user", url.username or current_user), ("password", url.password)]
    return ", ".join(f"{key} {_literal(value)}" for key, value in options if value)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
