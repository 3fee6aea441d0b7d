"""What an inventory holds besides schema objects: database links, scheduled jobs, grants, server-level features,
and the record of every statement an export file held (where the converter's ledger starts)."""

from __future__ import annotations

from dataclasses import dataclass

from migrate.model.findings import Location


@dataclass(frozen=True)
class DbLink:
    """An Oracle database link or a SQL Server linked server. Passwords are never kept."""

    owner: str
    name: str
    target: str = ""  # connect string / data source
    username: str | None = None
    provider: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class Job:
    owner: str
    name: str
    kind: str  # scheduler | dbms_job | sql_agent | pg_cron
    schedule: str = ""
    action: str = ""
    enabled: bool = True
    location: Location | None = None


@dataclass(frozen=True)
class Grant:
    grantee: str
    privilege: str
    object_schema: str
    object_name: str
    grantable: bool = False


@dataclass(frozen=True)
class Feature:
    """A server-level thing that is not a schema object: a CLR assembly, a Service Broker queue,
    a filegroup, a partition scheme, a full-text catalog, an installed extension..."""

    kind: str
    name: str
    detail: str = ""
    location: Location | None = None


# How an Oracle application context keeps its values, as DBA_CONTEXT.TYPE spells it: CREATE CONTEXT's default (one
# session's own values), ACCESSED GLOBALLY (shared by sessions), INITIALIZED EXTERNALLY / GLOBALLY (also set by the
# client or the directory at logon). A CREATE CONTEXT is Feature("context", namespace, "<access> USING pkg").
CONTEXT_ACCESS = ("ACCESSED LOCALLY", "ACCESSED GLOBALLY", "INITIALIZED EXTERNALLY", "INITIALIZED GLOBALLY")


def context_access(detail: str) -> str:
    """The access a context Feature's detail names ('' for another detail)."""
    return next((access for access in CONTEXT_ACCESS if detail.startswith(access)), "")


@dataclass(frozen=True)
class StatementRecord:
    """One statement read from an export file, and what the scanner made of it.

    The converter's ledger starts from these: every statement read must end up converted, flagged
    (kept in the output with an action item) or ignored with a reason, never dropped.
    `disposition`: object (it defined or altered the object `name`) | ignored (session noise such as
    SET / PROMPT / GO / USE, `reason` says why) | unparsed (the scanner could not read it; `text`
    holds it) | unsupported (read, but nothing in the model can hold it; `text` holds it).
    """

    ordinal: int
    location: Location | None
    kind: str  # table | index | constraint | view | sequence | procedure | grant | comment | set | ...
    name: str = ""  # schema-qualified source name of the object it defines or alters
    disposition: str = "object"
    reason: str = ""
    text: str = ""  # the statement itself, kept for unparsed / unsupported statements
