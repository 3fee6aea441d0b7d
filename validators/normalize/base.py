"""The canonical text form every engine renders values in, and what each engine must supply.

A row is compared through one text per row, built the same way on every engine (see
docs/canonical-form.md): each column's value rendered by its *kind*, strings length-prefixed so no
value can imitate a separator, NULL as an empty field, fields joined with ``|``. The row's md5 (the
one hash Oracle, SQL Server and PostgreSQL all compute in SQL) gives a 56-bit integer per row that
segments sum; the key's md5 gives the 32-bit bucket that non-integer keys are segmented by.

An engine module subclasses `Normaliser` and overrides only what differs: the render templates per
kind, the hash/concat/arithmetic fragments, the catalog queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from migrate.model import TypeFamily
from migrate.model.comparison import Policy

F = TypeFamily

# The canonical form's edition: raised whenever a canonical text, the row text or a hash changes, so a
# checkpoint written by another edition is not resumed (its segment checksums would all differ).
# 2: string lengths in UTF-8 bytes (were characters; SQL Server counted UTF-16 units).
# 3: PostgreSQL<->PostgreSQL floats exact (shortest round-trip text); the fast path hashes the canonical row text;
#    "other" and JSON texts length-prefixed like strings.
CANONICAL_FORM = 3
BUCKET_SPACE = 1 << 32  # the key-hash bucket value is the md5's first 32 bits, unsigned
ROW_HASH_BITS = 56  # first 14 hex digits of the row's md5: fits a signed 64-bit integer everywhere
# source type family -> how values compare (the "kind"); the source column decides for both sides
KINDS: dict[TypeFamily, str] = {
    F.INTEGER: "integer",  # decimal digits, optional '-'
    F.DECIMAL: "decimal",  # exact value, no exponent, no trailing zeros after the point
    F.FLOAT: "float",  # rounded to Policy.float_digits significant digits, then as decimal
    F.STRING: "string",  # the characters, length-prefixed
    F.FIXED_STRING: "fixed_string",  # the characters with the padding trimmed (policy), length-prefixed
    F.TEXT: "lob_text",  # md5 of the UTF-8 text: LOB functions differ too much to render in a row
    F.BINARY: "binary",  # lower-case hex
    F.BLOB: "lob_binary",  # md5 of the bytes
    F.DATE: "date",  # YYYY-MM-DD
    F.DATETIME: "datetime",  # YYYY-MM-DD HH:MI:SS.ffffff, rounded half-up to the microsecond
    F.DATETIME_TZ: "datetime_tz",  # the same instant in UTC, same form
    F.TIME: "time",  # HH:MI:SS.ffffff
    F.BOOLEAN: "boolean",  # 1 / 0 (so NUMBER(1) and BIT compare with boolean)
    F.UUID: "uuid",  # lower-case 8-4-4-4-12
    F.XML: "lob_text",  # serialised text, by hash
    F.JSON: "json",  # the engine's normalised JSON text
    F.INTERVAL: "other",  # the engine's text: compared as-is and flagged
    F.SPATIAL: "other",
    F.ROWID: "other",
    F.OTHER: "other",
}

STRING_KINDS = frozenset({"string", "fixed_string"})
# kinds whose text may be empty or hold "|": length-prefixed in the row, so ('a|', 'b') is not ('a', '|b') and
# '' is not NULL (a domain over text, citext, an enum, an array, JSON text are all "other" or "json")
PREFIXED_KINDS = STRING_KINDS | {"other", "json", "binary"}  # binary: an empty VARBINARY's hex is ''

# target family -> source kinds its values may be compared with (anything else is "incompatible types")
COMPATIBLE: dict[str, frozenset[TypeFamily]] = {
    "integer": frozenset({F.INTEGER, F.DECIMAL, F.BOOLEAN}),  # NUMBER(10) -> integer or numeric(10)
    "decimal": frozenset({F.INTEGER, F.DECIMAL, F.FLOAT}),
    "float": frozenset({F.FLOAT, F.DECIMAL}),
    "string": frozenset({F.STRING, F.FIXED_STRING, F.TEXT}),
    "fixed_string": frozenset({F.STRING, F.FIXED_STRING, F.TEXT}),
    "lob_text": frozenset({F.TEXT, F.STRING, F.XML, F.JSON}),
    "binary": frozenset({F.BINARY, F.BLOB, F.UUID}),
    "lob_binary": frozenset({F.BLOB, F.BINARY}),
    "date": frozenset({F.DATE, F.DATETIME}),
    "datetime": frozenset({F.DATETIME, F.DATETIME_TZ, F.DATE}),
    "datetime_tz": frozenset({F.DATETIME_TZ, F.DATETIME}),
    "time": frozenset({F.TIME}),
    "boolean": frozenset({F.BOOLEAN, F.INTEGER, F.DECIMAL}),
    "uuid": frozenset({F.UUID, F.STRING, F.FIXED_STRING, F.BINARY}),
    "json": frozenset({F.JSON, F.TEXT, F.STRING}),
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column as one side sees it: its own name and type, and the kind both sides compare it as."""

    name: str
    family: TypeFamily
    raw_type: str
    kind: str
    precision: int | None = None
    scale: int | None = None
    policy: Policy = field(default_factory=Policy)


class Normaliser:
    """SQL fragments for one engine. Subclasses fill the templates; `{v}` is the quoted column."""

    engine: ClassVar[str] = ""
    dialect: ClassVar[str] = ""  # sqlglot dialect the fragments parse in
    hash_label: ClassVar[str] = "md5"
    # kind -> template producing the canonical text (NULL stays NULL)
    render: ClassVar[dict[str, str]] = {}
    # (kind, this side's own family) -> template, where a column's own type needs another route
    render_from: ClassVar[dict[tuple[str, TypeFamily], str]] = {}
    # family overrides of KINDS when this engine is the source (e.g. PostgreSQL text is no LOB)
    source_kinds: ClassVar[dict[TypeFamily, str]] = {}
    session_setup: ClassVar[tuple[str, ...]] = ()
    # check -> session settings its queries rely on (run before the check, and again after a reconnect)
    check_setup: ClassVar[dict[str, tuple[str, ...]]] = {}
    default_check_setup: ClassVar[tuple[str, ...]] = ()  # for the checks check_setup does not name
    columns_query: ClassVar[str] = ""  # (schema, table, column, type text, not null)
    keys_query: ClassVar[str] = ""  # (schema, table, P|U, index name, column) in key order
    estimate_query: ClassVar[str] = ""  # (schema, table, estimated rows)
    objects_query: ClassVar[str] = ""  # (schema, kind, name) of sequences, views, indexes, routines, triggers
    constraints_query: ClassVar[str] = ""  # (schema, table, foreign key|check, how many)
    owned_sequences_query: ClassVar[str] = ""  # target only: (seq schema, seq, schema, table, column, last value)
    binary_order: ClassVar[str] = "{v}"  # an expression ordered by code point, whatever the collation

    def __init__(self, float_digits: int = 15) -> None:
        # the digits the run's checksum sessions render floats at (Policy.float_digits, resolved): an engine
        # whose float text depends on a session setting sets it from this (PostgreSQL's extra_float_digits)
        self.float_digits = float_digits

    @staticmethod
    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def setup_for(self, check: str) -> tuple[str, ...]:
        return self.check_setup.get(check, self.default_check_setup)

    def kind_of(self, family: TypeFamily) -> str:
        return {**KINDS, **self.source_kinds}[family]

    # -- values --------------------------------------------------------------------------------
    def value(self, column: ColumnSpec) -> str:
        """The column's canonical text (NULL when the value is NULL), policies applied."""
        v = self.quote(column.name)
        template = self.render_from.get((column.kind, column.family)) or self.render[column.kind]
        digits = column.policy.float_digits or self.float_digits
        text = template.format(v=v, digits=digits, scale=column.scale or 0)
        if column.kind in STRING_KINDS or (column.kind == "lob_text" and not column.policy.lob_by_hash):
            text = self.string_policies(text, column)
        return text

    def string_policies(self, text: str, column: ColumnSpec) -> str:
        policy = column.policy
        if policy.ignore_trailing_spaces or (column.kind == "fixed_string" and policy.trim_char_padding):
            text = self.rtrim(text)
        if policy.empty_string_is_null:
            text = f"NULLIF({text}, '')"
        return text

    def field(self, column: ColumnSpec) -> str:
        """The value as a row field: strings (and texts that may hold anything) length-prefixed, NULL as ''."""
        text = self.value(column)
        if column.kind in PREFIXED_KINDS:
            text = self.concat([self.length(text), "':'", text])
        return f"COALESCE({text}, '')"

    def row_text(self, columns: list[ColumnSpec]) -> str:
        parts: list[str] = []
        for i, column in enumerate(columns):
            if i:
                parts.append("'|'")
            parts.append(self.field(column))
        return self.concat(parts) if parts else "''"

    def key_text(self, columns: list[ColumnSpec]) -> str:
        return self.row_text(columns)

    # -- engine fragments (overridden) -------------------------------------------------------------
    def concat(self, parts: list[str]) -> str:
        return " || ".join(parts)

    def rtrim(self, text: str) -> str:
        return f"RTRIM({text})"

    def length(self, text: str) -> str:
        """The text's length in UTF-8 bytes: what every engine hashes, counted the same way everywhere."""
        raise NotImplementedError

    def row_hash(self, text: str) -> str:
        """A signed 64-bit-safe integer from the text's md5 (its first 56 bits)."""
        raise NotImplementedError

    def bucket(self, text: str) -> str:
        """The text's md5's first 32 bits as an unsigned integer: the segment value of hashed keys."""
        raise NotImplementedError

    def segment_id(self, value: str, low: int, width: int) -> str:
        """Which segment of `width` starting at `low` a value falls in (integer division)."""
        return f"(({value}) - {low}) / {width}"

    def hash_sum(self, row_hash: str) -> str:
        return f"SUM({row_hash})"

    def limit(self, sql: str, n: int) -> str:
        return f"{sql} LIMIT {n}"

    @staticmethod
    def literal(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"
