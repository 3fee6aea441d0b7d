"""Oracle application contexts: what the run's CREATE CONTEXT statements tell the rewrites, and what each becomes.

    CREATE CONTEXT app_ctx USING hr.ctx_pkg;                     -> nothing to create (a comment): the values
                                                                    are the session setting aurora_migrate.app_context
    CREATE CONTEXT app_ctx USING hr.ctx_pkg ACCESSED GLOBALLY;  -> manual: no PostgreSQL store is shared so

A local context (CREATE CONTEXT's default) holds one session's own values: the converted DBMS_SESSION calls write
them to a custom setting and SYS_CONTEXT reads them back (converters/rewrites/oracle_app_context.py), so the
context needs no object. Oracle lets only the USING package set them (ORA-01031 for any other caller: PL/SQL
Packages and Types Reference, DBMS_SESSION.SET_CONTEXT); a custom setting takes a value from any SQL the session
runs, which a context guarding data (a VPD predicate, an audit trail) relies on: a low finding says so. A context
ACCESSED GLOBALLY (values every session sees) or INITIALIZED EXTERNALLY / GLOBALLY (values the client or the
directory sets at logon) has no such form: manual, as are its reads and writes where they are.
"""

from __future__ import annotations

from converters.ddl_context import DdlContext, finding, make_object
from converters.rewrites.oracle_app_context import LOCAL, SETTING
from migrate.model import ConvertedObject, Feature, Inventory, Severity, context_access
from migrate.sqltext.comments import line_comment


def app_contexts(inventory: Inventory) -> tuple[tuple[str, str], ...]:
    """(UPPER namespace, access) of each CREATE CONTEXT in the run (RewriteOptions.app_contexts)."""
    return tuple((f.name.upper(), context_access(f.detail)) for f in inventory.features if f.kind == "context")


def note_app_contexts(inventory: Inventory, ctx: DdlContext) -> None:
    ctx.app_contexts = app_contexts(inventory)


def context_objects(inventory: Inventory) -> list[ConvertedObject]:
    """One object per CREATE CONTEXT, so its statement is accounted for in the ledger."""
    features = [f for f in inventory.features if f.kind == "context"]
    return [_local(f) if context_access(f.detail) == LOCAL else _shared(f) for f in features]


def _local(feature: Feature) -> ConvertedObject:
    """Nothing to create: a comment saying where the values live, and the low finding on who may set them."""
    name = feature.name.upper()
    sql = "-- " + line_comment(f"Oracle application context {name} ({feature.detail}): its values are the "
                               f"session setting {SETTING}, written by the converted DBMS_SESSION calls")  # fmt: skip
    note = finding("app_context", Severity.LOW, f"application context {name}: Oracle lets only its USING package "
                   f"set its values; any SQL of the session can set {SETTING} (set_config, SET)",
                   "nothing to do unless the context guards data (a VPD predicate, an audit trail): then make sure "
                   "the application cannot run its own SQL in the session")  # fmt: skip
    return make_object("context", "", name.lower(), sql + "\n", source_name=feature.name,
                       location=feature.location, findings=[note])  # fmt: skip


def _shared(feature: Feature) -> ConvertedObject:
    """ACCESSED GLOBALLY / INITIALIZED EXTERNALLY / GLOBALLY: manual, with the statement for the action item."""
    name, access = feature.name.upper(), context_access(feature.detail)
    note = finding("app_context", Severity.HIGH, f"application context {name} is {access}: its values are not "
                   "one session's own (shared by sessions, or set by the client or the directory at logon), and "
                   "PostgreSQL has no such store; its DBMS_SESSION calls and SYS_CONTEXT reads stay manual")  # fmt: skip
    return make_object("context", "", name.lower(), "", source_name=feature.name, location=feature.location,
                       findings=[note], manual=True, source_text=_statement(name, feature.detail))  # fmt: skip


def _statement(name: str, detail: str) -> str:
    """The CREATE CONTEXT the feature was read from, in Oracle's clause order."""
    access, _, package = detail.partition(" USING ")
    return f"CREATE CONTEXT {name} USING {package} {access};" if package else f"CREATE CONTEXT {name} {access};"
