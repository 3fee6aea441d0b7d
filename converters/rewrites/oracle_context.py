"""SYS_CONTEXT('USERENV', parameter): the PostgreSQL session value with the same meaning, or a finding.
SYS_CONTEXT of an application context's namespace: the session's value (oracle_app_context.py)."""

from __future__ import annotations

from sqlglot import exp, parse_one

from converters.rewrites.calls import args_of, call
from converters.rewrites.common import Context, pg_type
from converters.rewrites.oracle_app_context import BUILTIN_NAMESPACES, app_context_read
from converters.rewrites.oracle_nls import NLS_PARAMETERS, nls_parameter

# SYS_CONTEXT('USERENV', parameter) -> the PostgreSQL session value with the same meaning
USERENV = {
    "SESSION_USER": lambda: exp.SessionUser(),  # the logged-in user
    "CURRENT_USER": lambda: exp.CurrentUser(),  # the user whose privileges apply
    "CURRENT_SCHEMA": lambda: call("current_schema"),  # default schema for unqualified names
    "DB_NAME": lambda: call("current_database"),
    # the client's address without a netmask (inet's text is '10.0.0.1/32'); NULL over a local socket, as Oracle's
    # for a bequeath connection
    "IP_ADDRESS": lambda: call("host", call("inet_client_addr")),
    "SID": lambda: call("pg_backend_pid"),  # an id for the session among the current ones
    # the auditing session id, unique for the database's life (a pid alone is reused): the session's start in
    # microseconds times 2^22 (above any pid) plus its pid
    "SESSIONID": lambda: parse_one(SESSION_SERIAL, dialect="postgres"),
    "CON_NAME": lambda: call("current_database"),  # the container (pluggable database) the session is in
}
# HOST, SERVER_HOST (machine names: PostgreSQL knows addresses only), OS_USER, TERMINAL, MODULE, CLIENT_IDENTIFIER
# ... have no PostgreSQL value: a finding
SESSION_SERIAL = (
    "(SELECT trunc(extract(epoch FROM a.backend_start) * 1000000) * 4194304 + a.pid "
    "FROM pg_catalog.pg_stat_activity AS a WHERE a.pid = pg_backend_pid())"
)


def sys_context(node: exp.Expression, ctx: Context) -> exp.Expression:
    args = args_of(node)
    namespace, parameter = (a.name.upper() if isinstance(a, exp.Literal) else "" for a in args[:2])
    if namespace == "USERENV" and parameter in NLS_PARAMETERS:
        return nls_parameter(parameter, node, ctx)
    if namespace and namespace not in BUILTIN_NAMESPACES and len(args) >= 2:
        return app_context_read(node, namespace, args, ctx)
    build = USERENV.get(parameter) if namespace == "USERENV" else None
    if build is None:
        which = f"SYS_CONTEXT('{namespace}', '{parameter}')" if namespace and parameter else "SYS_CONTEXT"
        ctx.flag(
            "CONV-ORA-FUNC-001",
            node,
            f"{which}: a namespace known only at run time, or a parameter with no equivalent",
        )
        return node
    return exp.cast(build(), pg_type("text"))  # SYS_CONTEXT returns VARCHAR2; current_schema() and others a name
