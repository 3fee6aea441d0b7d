"""The ledger: every statement read (export files) or every object scanned (live catalogs) ends up converted,
flagged, or ignored with a reason. statements in = converted + flagged + ignored-with-reason; anything else
fails the run.

Statements the scanner could not hold (unparsed / unsupported) become manual statement objects, so their text
is in the output with an action item; ignored statements without a reason are flagged, never dropped.
"""

from __future__ import annotations

from converters.ddl_context import finding
from converters.ddl_objects import statement_object
from migrate.model import (
    ConvertedObject,
    Finding,
    Inventory,
    Ledger,
    LedgerEntry,
    LedgerStatus,
    ObjectStatus,
    Severity,
    StatementRecord,
)

# statement kind -> the object kinds a statement of that kind can produce (ALTER TABLE ADD CONSTRAINT yields the
# table's constraints; COMMENT ON lands in the table's or view's SQL)
# what a table statement (CREATE or ALTER) can produce besides the table: its pieces and post-load steps
TABLE_PARTS = frozenset(
    {"table", "constraint", "default", "generated_column", "index", "identity_reset", "rowversion", "rowversion_reset",
     "temporal"}
)  # fmt: skip
PRODUCES: dict[str, frozenset[str]] = {
    "table": TABLE_PARTS,
    "alter_table": TABLE_PARTS,
    "constraint": frozenset({"table", "constraint"}),
    "index": frozenset({"index"}),
    "comment": frozenset({"table", "view", "materialized_view", "schema"}),
    "view": frozenset({"view"}),
    "materialized_view": frozenset({"materialized_view", "refresh"}),
    "sequence": frozenset({"sequence"}),
    "synonym": frozenset({"synonym"}),
    "procedure": frozenset({"procedure"}),
    "function": frozenset({"function"}),
    "package": frozenset({"package"}),
    "package_body": frozenset({"package_body", "function", "procedure"}),  # a package's routines, in its schema
    "type": frozenset({"type", "domain"}),  # an Oracle collection type becomes an array domain
    "type_body": frozenset({"type_body", "function", "procedure"}),  # an object type's methods
    "trigger": frozenset({"trigger"}),
    "schema": frozenset({"schema"}),
    "user": frozenset({"schema"}),
    "grant": frozenset({"grant", "role"}),
    "context": frozenset({"context"}),  # an Oracle application context (converters/ddl_appcontext.py)
}


def _clean(obj: ConvertedObject) -> bool:
    """Converted, with nothing for a person to do (informational findings only)."""
    if obj.status is ObjectStatus.CONVERTED:
        return True
    return obj.status is ObjectStatus.CONVERTED_WITH_FINDINGS and all(f.severity is Severity.INFO for f in obj.findings)


# statement kind -> (why convert makes no object of it, what to do instead)
NOT_CONVERTED: dict[str, tuple[str, str]] = {
    "db_link": ("database links are not schema objects on PostgreSQL",
                "create a postgres_fdw / oracle_fdw / tds_fdw server and user mapping by hand"),
    "database": ("the target database is the one deploy connects to, created with the cluster",
                 "create it before deploy with the source's encoding and collation (a case-insensitive source "
                 "collation needs a nondeterministic ICU collation or citext)"),
    "job": ("scheduled jobs are not converted by convert", "schedule the work with pg_cron or Amazon EventBridge"),
    "": ("convert does not handle this kind of statement", "apply it by hand if it matters on the target"),
}  # fmt: skip


def build_ledger(
    inventory: Inventory, objects: list[ConvertedObject]
) -> tuple[list[ConvertedObject], Ledger, list[Finding]]:
    """The objects (plus a manual object per unheld statement), the ledger, and run-level findings."""
    if not inventory.statements:
        entries = [_object_entry(i, o) for i, o in enumerate(o for o in objects if o.kind != "schema")]
        return objects, Ledger(len(entries), tuple(entries)), []
    index = _by_source_name(objects)
    out, entries, findings = list(objects), [], []
    for record in inventory.statements:
        entry, extra, found = _statement_entry(record, index)
        entries.append(entry)
        out.extend(extra)
        findings.extend(found)
    return out, Ledger(len(inventory.statements), tuple(entries)), findings


def _object_entry(ordinal: int, obj: ConvertedObject) -> LedgerEntry:
    status = LedgerStatus.CONVERTED if _clean(obj) else LedgerStatus.FLAGGED
    return LedgerEntry(ordinal, obj.location, obj.kind, obj.source_name, status, _reason(obj), (obj.qualified_name,))


_BARE = "\0bare:"  # index keys by the name's last part only (cannot clash with a real name)


def _by_source_name(objects: list[ConvertedObject]) -> dict[str, list[ConvertedObject]]:
    index: dict[str, list[ConvertedObject]] = {}
    for obj in objects:
        index.setdefault(_key(obj.source_name), []).append(obj)
        index.setdefault(_BARE + _key(obj.source_name.rsplit(".", 1)[-1]), []).append(obj)
        if obj.kind == "constraint" and obj.source_name.count(".") == 2:
            # a foreign key (SCHEMA.TABLE.NAME) also answers for the table's statement that declared it
            index.setdefault(_key(obj.source_name.rsplit(".", 1)[0]), []).append(obj)
    return index


def _key(name: str) -> str:
    return ".".join(p.strip().strip('"[]').upper() for p in name.split("."))


def _statement_entry(
    record: StatementRecord, index: dict[str, list[ConvertedObject]]
) -> tuple[LedgerEntry, list[ConvertedObject], list[Finding]]:
    base = (record.ordinal, record.location, record.kind, record.name)
    if record.disposition == "ignored" and record.reason:
        return LedgerEntry(*base, LedgerStatus.IGNORED, record.reason), [], []
    if record.disposition in ("unparsed", "unsupported") or record.disposition == "ignored":
        reason = record.reason or f"{record.disposition} by the scanner"
        held = statement_object(record.kind, f"statement_{record.ordinal}", record.text, record.location, reason)
        return LedgerEntry(*base, LedgerStatus.FLAGGED, reason, (held.qualified_name,)), [held], []
    kinds = PRODUCES.get(record.kind.lower(), frozenset())
    made = [o for o in index.get(_key(record.name), []) if o.kind in kinds]
    if not made and record.kind.lower() == "comment":  # COMMENT ON COLUMN s.t.c lands in table s.t
        made = [o for o in index.get(_key(record.name.rsplit(".", 1)[0]), []) if o.kind in kinds]
    if not made and "." not in record.name:  # an unqualified name (sp_addextendedproperty): unique by bare name
        bare = [o for o in index.get(_BARE + _key(record.name), []) if o.kind in kinds]
        made = bare if len({o.qualified_name for o in bare}) == 1 else []
    if not made:
        why, remedy = NOT_CONVERTED.get(record.kind.lower(), NOT_CONVERTED[""])
        found = finding("no_object", Severity.MEDIUM,
                        f"{record.kind} statement for {record.name or '(unnamed)'} produced no PostgreSQL object: "
                        f"{why}", remedy)  # fmt: skip
        found = found.at(record.location).on(record.kind, record.name)
        return LedgerEntry(*base, LedgerStatus.FLAGGED, found.message), [], [found]
    clean = all(_clean(o) for o in made)
    status = LedgerStatus.CONVERTED if clean else LedgerStatus.FLAGGED
    reason = "" if clean else "; ".join(dict.fromkeys(_reason(o) for o in made if not _clean(o)))
    return LedgerEntry(*base, status, reason, tuple(o.qualified_name for o in made)), [], []


def _reason(obj: ConvertedObject) -> str:
    if _clean(obj):
        return ""
    rules = ", ".join(dict.fromkeys(f.rule_id for f in obj.findings))
    return f"{obj.status.value}: {rules}" if rules else obj.status.value
