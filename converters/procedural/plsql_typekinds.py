"""What a PostgreSQL type written for a PL/SQL variable is like: text, an Oracle NUMBER of some kind, an Oracle DATE
(the rewrites need it for `||`, TO_CHAR, date arithmetic)."""

from __future__ import annotations

import re

INTEGER_TYPES = ("integer", "bigint", "smallint")
TEXT_TYPES = ("varchar", "text", "character varying", "char", "character", "bpchar")
RAW_DOMAIN = "aurora_raw_"  # RAW(n) variables: a domain over bytea named so, with n after it


def is_binary_type(type_: str) -> bool:
    """bytea (RAW, BLOB) or a RAW(n) domain over it."""
    return type_.split("(")[0] == "bytea" or re.search(rf'"?{RAW_DOMAIN}\d+"?$', type_) is not None


def is_text_type(type_: str) -> bool:
    return type_.split("(")[0].strip() in TEXT_TYPES


def text_width(type_: str) -> int | None:
    """The length limit of a text type written out (`varchar(30)`: 30, `varchar` / `text`: 0), None for any other
    type (an anchored `t.c%TYPE`, a domain): what a value assigned to it must fit."""
    match = re.fullmatch(r"\s*(varchar|text|character varying|char|character|bpchar)\s*(?:\(\s*(\d+)\s*\))?\s*", type_)
    if match is None:
        return None
    if match.group(2):
        return int(match.group(2))
    return 0 if match.group(1) in ("varchar", "text", "character varying") else 1  # bare CHAR is CHAR(1)


def number_kind_of_type(type_: str) -> str:
    """What a PostgreSQL type made from an Oracle NUMBER prints like (converters/rewrites/oracle_numbers.py):
    'integer', 'bounded' (NUMBER(p, s), fixed notation), 'unbounded' (NUMBER), '' for anything else."""
    base, _, rest = type_.partition("(")
    if base.strip() in INTEGER_TYPES:
        return "integer"
    if base.strip() != "numeric":
        return ""
    if not rest:
        return "unbounded"
    digits = [d.strip() for d in rest.rstrip(")").split(",")]
    if not all(d.lstrip("-").isdigit() for d in digits):
        return "unbounded"
    precision, scale = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
    if not 0 <= scale <= precision <= 38:
        return "unbounded"
    return "integer" if scale == 0 else "bounded"


def is_date_type(type_: str) -> bool:
    """An Oracle DATE (timestamp(0) here): `d + 1` adds a day and `d1 - d2` is a number of days. Not a TIMESTAMP,
    whose difference is an INTERVAL in Oracle as in PostgreSQL (and `ts + 1` would first drop its fractions)."""
    return type_ in ("timestamp(0)", "date")


def is_timestamp_type(type_: str) -> bool:
    """An Oracle TIMESTAMP [WITH [LOCAL] TIME ZONE] (not a DATE): `ts1 - ts2` and `ts - d` are INTERVALs."""
    return type_.startswith("timestamp") and not is_date_type(type_)


def typed_collections(
    columns: tuple[tuple[str, str], ...], elements: dict[str, str], collections: dict[str, str]
) -> tuple[tuple[str, str], ...]:
    """The typed columns, with a unit's variables of schema-level collection types (upper name -> element type,
    -> array type): `TABLE(v)` in FROM then reads the collection (oracle_objects). A column of the same name comes
    first, as in Oracle's SQL."""
    if not elements:
        return columns
    typed = dict(columns)
    for name in elements:
        typed.setdefault(name.lower(), collections[name].replace('"', "").rsplit(".", 1)[-1].upper())
    return tuple(sorted(typed.items()))


def element_kinds(collections: dict[str, str], elements: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """RewriteOptions.element_kinds: the collection variables (upper name -> array type; a schema-level type's
    element in `elements`) whose elements are Oracle DATEs or NUMBERs, by lower name."""
    found = []
    for name, type_ in collections.items():
        element = elements.get(name) or (type_[:-2] if type_.endswith("[]") else "")
        kind = "date" if is_date_type(element) else number_kind_of_type(element)
        if kind:
            found.append((name.lower(), kind))
    return tuple(sorted(found))
