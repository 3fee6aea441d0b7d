"""Assembling the inventory while statements are read, in file order.

Later statements change earlier objects (ALTER TABLE ADD CONSTRAINT, COMMENT ON, CREATE INDEX);
the builder keeps each object by its case-folded name and replaces it as it changes, then freezes
everything into one `Inventory` at the end. A change read before the object it changes (the files
of a directory are read in name order: `co_constraints.sql` before `co_tables.sql`) is deferred and
read again once every file has been read; only then is its object "not in the scanned files".
Within the last file, statements keep the order a script run would give them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from assessments.files.partitions import range_partitions
from assessments.files.problems import scan_finding
from migrate.errors import mask_secrets
from migrate.model import (
    DbLink,
    Feature,
    Finding,
    Grant,
    Inventory,
    Job,
    Routine,
    RoutineKind,
    Schema,
    Sequence,
    SourceInfo,
    StatementRecord,
    Synonym,
    Table,
    Trigger,
    View,
    parse_column_type,
)
from migrate.model.engines import engine
from migrate.sqltext.lexer import QUOTING, redact
from migrate.sqltext.statement import Statement

# Words after which a statement may hold a password the lexer must find (IDENTIFIED BY, PASSWORD =, SECRET =).
_SECRET_WORDS = re.compile("IDENTIFIED|PASSWORD|SECRET", re.IGNORECASE)
# How much of a statement a finding's snippet is cut from (it shows the first 200 characters of the first line).
SNIPPET_WINDOW = 4000
# Collections of schema objects, in the order a Schema lists them.
KINDS = ("tables", "views", "sequences", "routines", "triggers", "synonyms")


def routine_key(kind: RoutineKind, schema: str, name: str, arguments: str = "") -> tuple[str, str]:
    """Where the builder keeps a routine: overloads differ by their arguments, a type and its body by kind."""
    return schema.upper(), f"{name.upper()}/{kind.value}/{arguments}"


class Builder:
    def __init__(self, dialect: str, default_schema: str | None = None) -> None:
        self.dialect = dialect
        self.current_schema = default_schema or engine(dialect).default_schema
        self.default_schema = self.current_schema  # where names go when the scripts name no schema we can know
        self.placeholder_used = 0
        self.objects: dict[str, dict[tuple[str, str], Any]] = {kind: {} for kind in KINDS}
        self.schema_names: dict[str, str] = {}
        self.schema_comments: dict[str, str] = {}  # SCHEMA (upper case) -> its description
        self.db_links: list[DbLink] = []
        self.jobs: list[Job] = []
        self.grants: list[Grant] = []
        self.features: list[Feature] = []
        self.findings: list[Finding] = []
        self.statements: list[StatementRecord] = []
        self.unread: list[str] = []  # clauses of the statement being read that were not understood
        self.behaviour: list[str] = []  # clauses read whose behaviour the target lacks (SCAN-BEHAVIOUR-001)
        self.implicit: list[str] = []  # what a statement changed without saying it (SCAN-IMPLICIT-001)
        self._record_at: dict[tuple[str, str], list[int]] = {}  # (kind, NAME) -> positions in statements
        self.partitions: dict[tuple[str, str], tuple[str, str]] = {}  # (schema, child) -> (schema, parent)
        self.defines: dict[str, str] = {}  # SQL*Plus DEFINE variables, by upper-case name
        self.compiler: dict[str, set[str]] = {}  # Oracle ALTER SESSION SET PLSQL_...: every value each one is given
        self.define_on = True  # SQL*Plus substitutes &name unless SET DEFINE OFF
        self.undefined: set[str] = set()  # &names used with no DEFINE (reported once each)
        self.partition_functions: dict[str, tuple[list[str], bool]] = {}  # name -> (boundaries, RANGE RIGHT)
        self.partition_schemes: dict[str, str] = {}  # scheme -> function
        self.table_schemes: dict[tuple[str, str], str] = {}  # (schema, table) -> scheme
        self.type_aliases: dict[tuple[str, str], str] = {}  # T-SQL CREATE TYPE x FROM base: (schema, x) -> base
        self.data: dict[tuple[str, str], Any] = {}  # (file, TABLE) -> its data statements' run (read_data.DataRun)
        self.not_null_aliases: set[tuple[str, str]] = set()  # alias types declared NOT NULL: (SCHEMA, NAME)
        # T-SQL named defaults (`CONSTRAINT DF_x DEFAULT 0`): (SCHEMA, TABLE, CONSTRAINT) -> (name, column). The model
        # keeps a column's default, not its name, and scripts drop it by that name (ALTER TABLE ... DROP CONSTRAINT)
        self.default_names: dict[tuple[str, str, str], tuple[str, str]] = {}
        self.deferred: list[tuple[Statement, str]] = []  # (change read before its object, schema then current)
        self.creation_waits = False  # a CREATE waits for the end of the scan: changes in the last file wait too
        # object tables that may hold their type's subtypes (assessments/files/object_tables.py): (SCHEMA, TABLE)
        self.substitutable: set[tuple[str, str]] = set()
        self.final_pass = False  # True while deferred changes are read again: no further deferral
        self.files_left = False  # True while files remain to be read (the object may be in one of them)
        self._mark = (0, 0)  # (findings, placeholder_used) when the statement being read began

    # -- names ----------------------------------------------------------------------------------
    def qualify(self, parts: tuple[str, ...]) -> tuple[str, str]:
        """(schema, name) of a dotted name; a database or link prefix is dropped by the caller."""
        if not parts:
            raise ValueError("no object name where the statement needs one")
        if len(parts) >= 2:
            return parts[-2], parts[-1]
        if not self.current_schema:
            self.placeholder_used += 1
        return self.current_schema or "DEFAULT", parts[-1] if parts else ""

    def owner(self) -> str:
        """The schema the script runs as (for DB links and jobs, which name no schema)."""
        return self.qualify(("",))[0]

    def note_schema(self, name: str) -> None:
        self.schema_names.setdefault(name.upper(), name)

    # -- objects --------------------------------------------------------------------------------
    def get(self, kind: str, schema: str, name: str) -> Any:
        return self.objects[kind].get((schema.upper(), name.upper()))

    def routine(self, kind: RoutineKind, schema: str, name: str, arguments: str = "") -> Routine | None:
        return self.objects["routines"].get(routine_key(kind, schema, name, arguments))

    def put_routine(self, routine: Routine) -> None:
        self.note_schema(routine.schema)
        self.objects["routines"][routine_key(routine.kind, routine.schema, routine.name, routine.arguments)] = routine

    def put(self, kind: str, obj: Any) -> None:
        self.note_schema(obj.schema)
        self.objects[kind][(obj.schema.upper(), obj.name.upper())] = obj

    def change(self, kind: str, schema: str, name: str, how: Callable[[Any], Any]) -> bool:
        found = self.get(kind, schema, name)
        if found is None:
            return False
        self.put(kind, how(found))
        return True

    def change_table(self, schema: str, name: str, **fields: Any) -> bool:
        return self.change("tables", schema, name, lambda t: replace(t, **fields))

    def name_defaults(self, schema: str, table: str, names: dict[str, str], fresh: bool = False) -> None:
        """Note a table's named defaults (constraint name -> column); `fresh`: the table is created anew, its
        earlier ones are gone."""
        key = (schema.upper(), table.upper())
        if fresh:
            self.default_names = {k: v for k, v in self.default_names.items() if k[:2] != key}
        self.default_names.update({(*key, name.upper()): (name, column) for name, column in names.items()})

    # -- the ledger -----------------------------------------------------------------------------
    def record(
        self, statement: Statement, kind: str, name: str = "", disposition: str = "object", reason: str = ""
    ) -> None:
        keep_text = disposition in ("unparsed", "unsupported")
        self._record_at.setdefault((kind, name.upper()), []).append(len(self.statements))
        self.statements.append(
            StatementRecord(
                ordinal=len(self.statements) + 1,
                location=statement.location,
                kind=kind,
                name=name,
                disposition=disposition,
                reason=reason,
                text=self.redact(statement.text) if keep_text else "",
            )
        )

    def retag(self, kind: str, name: str, new_kind: str, new_name: str, reason: str = "") -> None:
        """Say what an earlier statement turned out to be (a table that became a partition...)."""
        for at in self._record_at.pop((kind, name.upper()), []):
            record = self.statements[at]
            self.statements[at] = replace(record, kind=new_kind, name=new_name, reason=reason or record.reason)
            self._record_at.setdefault((new_kind, new_name.upper()), []).append(at)

    def begin(self) -> None:
        """A statement starts being read: what `defer` rolls back if it turns out to come too early."""
        self._mark = (len(self.findings), self.placeholder_used)

    def defer(self, statement: Statement, creates: bool = False) -> bool:
        """Keep a change whose object is not read yet, to read it again after the last file.

        False in the final pass or in the last file (the object is really missing, or a script run in
        order would have failed there too): the caller reports the orphan. A CREATE that needs an object declared
        further on (`creates`: an object table whose type comes later) waits in any file, and the changes met after
        it, in the last file too, wait with it: the final pass reads them in their order."""
        if self.final_pass or not (self.files_left or self.creation_waits or creates):
            return False
        del self.findings[self._mark[0] :]
        self.placeholder_used = self._mark[1]
        self.deferred.append((statement, self.current_schema))
        self.creation_waits |= creates
        return True

    def is_partition(self, schema: str, name: str) -> bool:
        return (schema.upper(), name.upper()) in self.partitions

    def redact(self, text: str) -> str:
        """Passwords in a statement never reach the inventory, the ledger or a finding."""
        if not _SECRET_WORDS.search(text):
            return mask_secrets(text)
        return mask_secrets(redact(text, QUOTING[self.dialect]))

    def problem(self, rule_id: str, message: str, statement: Statement, kind: str = "", name: str = "") -> None:
        # the snippet is the first line's start: redact a bounded head, not a statement of megabytes per finding
        snippet = self.redact(statement.text[:SNIPPET_WINDOW]).split("\n", 1)[0][:200]
        self.findings.append(scan_finding(rule_id, message, statement.location, kind, name, snippet))

    # -- the result -----------------------------------------------------------------------------
    def build(self, source: SourceInfo, complete: bool = True) -> Inventory:
        self._drop_key_indexes()
        self._resolve_references()
        self._resolve_alias_types()
        self._resolve_partition_schemes()
        by_schema: dict[str, dict[str, list[Any]]] = {}
        for kind in KINDS:
            for obj in self.objects[kind].values():
                self.note_schema(obj.schema)
                by_schema.setdefault(obj.schema.upper(), {k: [] for k in KINDS})[kind].append(obj)
        schemas = tuple(
            Schema(
                name=self.schema_names[key],
                comment=self.schema_comments.get(key),
                **{k: tuple(v) for k, v in by_schema.get(key, {}).items()},
            )
            for key in sorted(self.schema_names)
        )
        return Inventory(
            source=source,
            schemas=schemas,
            db_links=tuple(self.db_links),
            jobs=tuple(self.jobs),
            grants=tuple(self.grants),
            features=tuple(self.features),
            findings=tuple(self.findings),
            statements=tuple(self.statements),
            complete=complete,
        )

    def _drop_key_indexes(self) -> None:
        """A unique index on exactly a key's columns is the key's own index (DBMS_METADATA and pg_dump
        write it separately, then `ADD CONSTRAINT ... USING INDEX`): the key creates it on the target."""
        for key, table in list(self.objects["tables"].items()):
            keys = {
                tuple(c.upper() for c in k.columns)
                for k in table.constraints
                if k.kind.value in ("primary_key", "unique")
            }
            names = {k.name.upper() for k in table.constraints}
            dropped = [
                i for i in table.indexes
                if i.unique and not i.where and (i.name.upper() in names or tuple(c.expression.upper() for c in i.columns) in keys)
                and not any(c.is_expression or c.descending for c in i.columns)
            ]  # fmt: skip
            if not dropped:
                continue
            self.objects["tables"][key] = replace(table, indexes=tuple(i for i in table.indexes if i not in dropped))
            for index in dropped:
                self.retag("index", f"{table.schema}.{index.name}", "index", f"{table.schema}.{index.name}",
                           "backs a key: the PRIMARY KEY / UNIQUE constraint creates it")  # fmt: skip
                self._ignore_record("index", f"{table.schema}.{index.name}")

    def _resolve_references(self) -> None:
        """`REFERENCES t` names no schema (the table's own) and maybe no columns (t's primary key)."""
        for key, table in list(self.objects["tables"].items()):
            constraints = tuple(self._resolved(table.schema, c) for c in table.constraints)
            if constraints != table.constraints:
                self.objects["tables"][key] = replace(table, constraints=constraints)

    def _resolved(self, schema: str, constraint: Any) -> Any:
        if constraint.kind.value != "foreign_key":
            return constraint
        ref_schema = constraint.ref_schema or schema
        target = self.get("tables", ref_schema, constraint.ref_table or "")
        key = target.primary_key if target is not None else None
        columns = constraint.ref_columns or (key.columns if key is not None else ())
        return replace(constraint, ref_schema=ref_schema, ref_columns=columns)

    def _resolve_alias_types(self) -> None:
        """Columns of a T-SQL alias type (CREATE TYPE Phone FROM varchar(25)) get the base type: the
        target has no such alias, and the base type is what the data is."""
        if not self.type_aliases:
            return
        by_name = {name: base for (_, name), base in self.type_aliases.items()}
        for key, table in list(self.objects["tables"].items()):
            columns = tuple(self._unaliased(column, by_name) for column in table.columns)
            if columns != table.columns:
                self.objects["tables"][key] = replace(table, columns=columns)

    def not_null_alias(self, type_name: str) -> bool:
        """Is this column type an alias type declared NOT NULL (`CREATE TYPE id FROM varchar(11) NOT NULL`)?"""
        parts = type_name.upper().split(".")
        if len(parts) == 2:
            return (parts[0], parts[1]) in self.not_null_aliases
        return any(name == parts[-1] for _, name in self.not_null_aliases)

    def _unaliased(self, column: Any, by_name: dict[str, str]) -> Any:
        parts = column.type.name.split(".")
        aliased = self.type_aliases.get((parts[0], parts[-1])) if len(parts) == 2 else by_name.get(parts[-1])
        if aliased is None:
            return column
        return replace(column, type=parse_column_type(aliased, self.dialect))

    def _resolve_partition_schemes(self) -> None:
        """T-SQL tables `ON scheme(col)` get their partitions from the scheme's partition function."""
        for key, scheme in self.table_schemes.items():
            function = self.partition_functions.get(self.partition_schemes.get(scheme, ""))
            table = self.objects["tables"].get(key)
            if function is None or table is None or table.partitioning is None:
                continue
            partitions = range_partitions(*function)
            self.objects["tables"][key] = replace(
                table, partitioning=replace(table.partitioning, partitions=partitions)
            )

    def _ignore_record(self, kind: str, name: str) -> None:
        for at in self._record_at.get((kind, name.upper()), []):
            self.statements[at] = replace(self.statements[at], disposition="ignored")


__all__ = ["Builder", "DbLink", "Feature", "Grant", "Job", "Routine", "Sequence", "Synonym", "Table", "Trigger", "View"]
