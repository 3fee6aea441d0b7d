"""SYS_CONTEXT('USERENV', parameter): the PostgreSQL session value with the same meaning, or a finding."""

from __future__ import annotations

from sqlglot import exp

from converters.rewrites.calls import args_of, call
from converters.rewrites.common import Context, pg_type
from converters.rewrites.oracle_nls import NLS_PARAMETERS, nls_parameter

# SYS_CONTEXT('USERENV', parameter) -> the PostgreSQL session value with the same meaning
USERENV = {
    "SESSION_USER": lambda: exp.SessionUser(),  # the logged-in user
    "CURRENT_USER": lambda: exp.CurrentUser(),  # the user whose privileges apply
    "CURRENT_SCHEMA": lambda: call("current_schema"),  # default schema for unqualified names
    "DB_NAME": lambda: call("current_database"),
    "IP_ADDRESS": lambda: call("inet_client_addr"),
    "SID": lambda: call("pg_backend_pid"),  # an id for the session
    "HOST": lambda: call("inet_client_addr"),  # client machine (address, not name)
    "SESSIONID": lambda: call("pg_backend_pid"),  # the auditing session id: an id for the session, as SID
    "CON_NAME": lambda: call("current_database"),  # the container (pluggable database) the session is in
    "SERVER_HOST": lambda: call("inet_server_addr"),  # the database server's machine (address, not name)
}


def sys_context(node: exp.Expression, ctx: Context) -> exp.Expression:
    args = args_of(node)
    namespace, parameter = (a.name.upper() if isinstance(a, exp.Literal) else "" for a in args[:2])
    if namespace == "USERENV" and parameter in NLS_PARAMETERS:
        return nls_parameter(parameter, node, ctx)
    build = USERENV.get(parameter) if namespace == "USERENV" else None
    if build is None:
        which = f"SYS_CONTEXT('{namespace}', '{parameter}')" if namespace and parameter else "SYS_CONTEXT"
        ctx.flag(
            "CONV-ORA-FUNC-001",
            node,
            f"{which}: outside USERENV, or a parameter with no equivalent "
            "(application contexts: use current_setting('app.name'))",
        )
        return node
    return exp.cast(build(), pg_type("text"))  # SYS_CONTEXT returns VARCHAR2; current_schema() and others a name
