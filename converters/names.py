"""Target names: how a source identifier is spelled on PostgreSQL.

Oracle stores unquoted names in upper case, so an all-upper name folds to lower case and needs no
quotes; any other spelling was quoted in the source and stays quoted (case kept). SQL Server
compares names case-insensitively under its default collations, so every name folds to lower case.
PostgreSQL sources keep their names. Reserved words are quoted; names over 63 bytes (PostgreSQL's
NAMEDATALEN - 1) are shortened deterministically with a hash suffix and a finding.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from migrate.model import Finding, Location, Severity
from migrate.model.engines import engine
from migrate.sqltext.lexer import POSTGRES, Token, tokenize

MAX_IDENTIFIER_BYTES = 63


# PostgreSQL reserved key words (SQL Key Words appendix: "reserved" and "reserved (can be function or type)")
RESERVED = frozenset(
    """all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate
    collation column concurrently constraint create cross current_catalog current_date current_role
    current_schema current_time current_timestamp current_user default deferrable desc distinct do else end
    except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into
    is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on
    only or order outer overlaps placing primary references returning right select session_user similar some
    symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when
    where window with""".split()  # noqa: SIM905  (a word list reads better as text)
)

# PostgreSQL key words that may name a column but not a function's parameter ("non-reserved (cannot be function or
# type)" in the SQL Key Words appendix): `CREATE FUNCTION f(position numeric)` is a syntax error
COLUMN_NAME_KEYWORDS = frozenset(
    """between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping inout int
    integer interval json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar
    json_serialize json_table json_value least merge_action national nchar none normalize nullif numeric out overlay
    position precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes
    xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable""".split()  # noqa: SIM905
)

_PLAIN = re.compile(r"^[a-z_][a-z0-9_$]*$")

# kinds whose name is the object's identity in the source's own namespace too: two of them on one target name
# are a real duplicate. Indexes, constraints and partitions live in separate source namespaces and are renamed.
OWN_NAMES = frozenset({"table", "view", "materialized_view", "sequence", "synonym"})

NAME_TOO_LONG = "AM-NAME-001"
DUPLICATE_NAME = "AM-NAME-002"
NAME_CLASH_RENAMED = "AM-NAME-003"
# per-occurrence hours for the assessment: check the callers of a renamed object; settle a duplicate by hand
EFFORT_HOURS: dict[str, float] = {NAME_TOO_LONG: 0.25, NAME_CLASH_RENAMED: 0.25, DUPLICATE_NAME: 1.0}


def unwrap(name: str) -> str:
    """`[Order Details]` / `"Emp"` -> the bare name (SQL Server brackets, ANSI quotes)."""
    name = name.strip()
    if len(name) >= 2 and (name[0], name[-1]) in (("[", "]"), ('"', '"')):
        return name[1:-1].replace('""', '"').replace("]]", "]")
    return name


def fold(name: str, source: str) -> str:
    return engine(source).target_name(unwrap(name))


def shorten(name: str) -> str:
    """At most 63 bytes: a prefix plus an 8-hex hash of the whole name, so it is stable and unique."""
    if len(name.encode()) <= MAX_IDENTIFIER_BYTES:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    prefix = name.encode()[: MAX_IDENTIFIER_BYTES - 9].decode(errors="ignore")
    return f"{prefix}_{digest}"


def quote(name: str) -> str:
    """The identifier as PostgreSQL must read it: bare when it is a plain lower-case word, else quoted."""
    if _PLAIN.match(name) and name not in RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


def parameter_name(name: str) -> str:
    """A function parameter's name (as the source spells it) as PostgreSQL must read it: a reserved key word
    (offset, limit) or one a column may be named but a parameter may not (position, time, values) in quotes, lower
    case as PostgreSQL folds the unquoted name; any other name as written."""
    folded = name.lower()
    return f'"{folded}"' if folded in RESERVED or folded in COLUMN_NAME_KEYWORDS else name


def variable_name(name: str) -> str:
    """A PL/pgSQL variable's name (as the source spells it) as PL/pgSQL must read it: a reserved key word in quotes,
    lower case (`"limit"`); any other name as written (PL/pgSQL takes `position`, `time` as variables)."""
    return f'"{name.lower()}"' if name.lower() in RESERVED else name


# an Oracle name with '#' in PostgreSQL text: a word with '#' in it or at its end (r#wid, p#), not an operator
_HASH_NAME = re.compile(r"(?<![\w$#])([A-Za-z_][\w$]*#[\w$#]*)(?![\w$>\-])")
_CODE = frozenset({"word", "number", "op"})


def quote_hash_names(sql: str) -> str:
    """Oracle names may hold '#' (`r#wid`, `p#`); PostgreSQL's unquoted names may not (`#` is an operator there).
    Each unquoted one in PostgreSQL text, dollar-quoted bodies included, is quoted, folded to lower case as
    PostgreSQL folds an unquoted name. `#variable_conflict` and the operators (`a # b`, `j #>> p`) stay."""
    if not _HASH_NAME.search(sql):
        return sql
    out: list[str] = []
    last = 0
    group: list[Token] = []  # code tokens written against one another: a name is one such run
    for token in [*tokenize(sql, POSTGRES), None]:
        if token is not None and token.kind in _CODE and (not group or group[-1].end == token.start):
            group.append(token)
            continue
        if group:
            text = sql[group[0].start : group[-1].end]
            quoted = _HASH_NAME.sub(lambda m: quote(m.group(1).lower()), text)
            if quoted != text:
                out += [sql[last : group[0].start], quoted]
                last = group[-1].end
        group = [token] if token is not None and token.kind in _CODE else []
        if token is not None and token.kind == "string" and token.text.startswith("$"):
            tag = token.text[: token.text.index("$", 1) + 1]
            inner = token.text[len(tag) : -len(tag)]
            quoted = quote_hash_names(inner)
            if quoted != inner:
                out += [sql[last : token.start], tag, quoted, tag]
                last = token.end
    return "".join([*out, sql[last:]])


def qualified(schema: str, name: str) -> str:
    return f"{quote(schema)}.{quote(name)}" if schema else quote(name)


@dataclass
class Names:
    """The names of one conversion run: folding, schema renames, length limits and clashes.

    PostgreSQL puts tables, views, sequences, indexes and the indexes behind PK/UNIQUE constraints in
    one namespace per schema; Oracle and SQL Server keep indexes and constraints apart. So a second
    source object landing on a taken name is renamed with a suffix (and a finding), never dropped.
    """

    source: str
    schema_map: Mapping[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    _relations: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # -> (source name, kind)

    def schema(self, source_schema: str) -> str:
        mapped = {k.upper(): v for k, v in self.schema_map.items()}.get(unwrap(source_schema).upper())
        return mapped if mapped is not None else self.name(source_schema)

    def name(self, source_name: str, location: Location | None = None, kind: str = "") -> str:
        """A column, constraint or other non-relation name (no namespace check)."""
        folded = fold(source_name, self.source)
        short = shorten(folded)
        if short != folded:
            self.findings.append(
                Finding(
                    NAME_TOO_LONG,
                    Severity.LOW,
                    f"name {folded!r} is over 63 bytes; shortened to {short!r}",
                    object_kind=kind,
                    object_name=source_name,
                    location=location,
                    remedy="rename it in the source, or update code that refers to it by the long name",
                    effort_hours=EFFORT_HOURS[NAME_TOO_LONG],
                    category="name",
                )
            )
        return short

    def relation(self, schema: str, source_name: str, kind: str, location: Location | None) -> tuple[str, bool]:
        """A relation's target name in `schema` (already a target schema), and whether it is a duplicate
        of the same source name (the second definition of one object)."""
        wanted = self.name(source_name, location, kind)
        taken = self._relations.get((schema, wanted))
        if taken is None:
            self._relations[(schema, wanted)] = (source_name, kind)
            return wanted, False
        owner, owner_kind = taken
        if kind in OWN_NAMES and owner_kind in OWN_NAMES:
            # the second definition is kept (manual) under its own name, so it neither overwrites the first
            # one's file nor makes deploy skip what depends on the first one
            self.findings.append(self._duplicate(schema, wanted, owner, source_name, kind, location))
            kept = self._free_name(schema, wanted, "duplicate")
            self._relations[(schema, kept)] = (source_name, kind)
            return kept, True
        renamed = self._free_name(schema, wanted, kind)
        self._relations[(schema, renamed)] = (source_name, kind)
        self.findings.append(
            Finding(
                NAME_CLASH_RENAMED,
                Severity.LOW,
                f"{kind} {source_name} would be named {wanted!r}, which {owner} already uses in schema {schema} "
                f"(PostgreSQL shares one namespace for tables, views, sequences and indexes); named {renamed!r}",
                object_kind=kind,
                object_name=source_name,
                location=location,
                effort_hours=EFFORT_HOURS[NAME_CLASH_RENAMED],
                category="name",
            )
        )
        return renamed, False

    def _free_name(self, schema: str, wanted: str, kind: str) -> str:
        suffix = {"index": "_idx", "constraint": "_key", "duplicate": "_duplicate"}.get(kind, f"_{kind[:3]}")
        candidate, n = shorten(wanted + suffix), 2
        while (schema, candidate) in self._relations:
            candidate, n = shorten(f"{wanted}{suffix}{n}"), n + 1
        return candidate

    def _duplicate(
        self, schema: str, name: str, owner: str, source_name: str, kind: str, location: Location | None
    ) -> Finding:
        return Finding(
            DUPLICATE_NAME,
            Severity.HIGH,
            f"{kind} {source_name} lands on {schema}.{name}, already taken by {owner}; "
            "this definition is kept as a manual object and not deployed",
            object_kind=kind,
            object_name=source_name,
            location=location,
            remedy="rename one of them in the source, or map one schema elsewhere with conversion.schema_map",
            effort_hours=EFFORT_HOURS[DUPLICATE_NAME],
            category="name",
        )
