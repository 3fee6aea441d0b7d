"""Schema parity of one column's type: precision, scale, length, fractional seconds and integer width.

A type family match is not a schema match: `numeric(14,4)` and `numeric(10,2)` are both decimals, but the
target rounds what the source holds. Between two databases of one engine the declared types must be equal
(spelling aside: `int4` is `integer`, `timestamp` is `timestamp(6)`); between engines, whose vocabularies
differ, the target must hold every value the source's declaration allows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from migrate.model import ColumnType, TypeFamily, parse_column_type

F = TypeFamily

# the one name of each spelling, per engine (what `format_type` and the catalogs write differently)
SYNONYMS: dict[str, dict[str, str]] = {
    "postgresql": {
        "INT": "INTEGER",
        "INT4": "INTEGER",
        "SERIAL": "INTEGER",  # serial is integer + a sequence default
        "INT8": "BIGINT",
        "BIGSERIAL": "BIGINT",
        "INT2": "SMALLINT",
        "SMALLSERIAL": "SMALLINT",
        "FLOAT8": "DOUBLE PRECISION",
        "FLOAT4": "REAL",
        "DECIMAL": "NUMERIC",
        "CHAR": "CHARACTER",
        "VARCHAR": "CHARACTER VARYING",
        "BOOL": "BOOLEAN",
        "TIMESTAMP": "TIMESTAMP WITHOUT TIME ZONE",
        "TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE",
        "TIME": "TIME WITHOUT TIME ZONE",
        "TIMETZ": "TIME WITH TIME ZONE",
    },
}

# (engine, name) -> what an omitted length or precision means, so `char` is `char(1)` (a bare `bpchar` is
# unlimited, another type) and `timestamp` is
# `timestamp(6)`; an omitted numeric precision means "any", which is not the same as any declared one
DEFAULTS: dict[tuple[str, str], tuple[str, int]] = {
    ("postgresql", "CHARACTER"): ("length", 1),
    ("postgresql", "TIMESTAMP WITHOUT TIME ZONE"): ("precision", 6),
    ("postgresql", "TIMESTAMP WITH TIME ZONE"): ("precision", 6),
    ("postgresql", "TIME WITHOUT TIME ZONE"): ("precision", 6),
    ("postgresql", "TIME WITH TIME ZONE"): ("precision", 6),
    ("oracle", "TIMESTAMP"): ("precision", 6),
    ("oracle", "TIMESTAMP WITH TIME ZONE"): ("precision", 6),
    ("oracle", "TIMESTAMP WITH LOCAL TIME ZONE"): ("precision", 6),
    ("sqlserver", "DATETIME2"): ("precision", 7),
    ("sqlserver", "DATETIMEOFFSET"): ("precision", 7),
    ("sqlserver", "TIME"): ("precision", 7),
    ("sqlserver", "DATETIME"): ("precision", 3),
    ("sqlserver", "SMALLDATETIME"): ("precision", 0),
    ("oracle", "DATE"): ("precision", 0),
}

# engine -> integer type names -> bits. SQL Server's tinyint is unsigned (0..255 fits a 16-bit smallint); Oracle's
# INTEGER and SMALLINT are NUMBER(38), decimals without a declared precision, so they are not listed
INTEGER_BITS: dict[str, dict[str, int]] = {
    "postgresql": {"SMALLINT": 16, "INTEGER": 32, "BIGINT": 64},
    "sqlserver": {"TINYINT": 9, "SMALLINT": 16, "INT": 32, "INTEGER": 32, "BIGINT": 64},
}
# bits -> decimal digits every value of a declared NUMBER(p) with p at most that many needs
INTEGER_DIGITS: dict[int, int] = {9: 2, 16: 4, 32: 9, 64: 18}
PG_MAX_FRACTION = 6  # PostgreSQL keeps microseconds: a finer source is rounded by design (docs/canonical-form.md)


def declared_type(raw: str, engine: str) -> ColumnType:
    """The type as declared. An array (`numeric(10,2)[]`, `timestamptz[]`) is not its element type: its values
    compare by their text, so it is family OTHER under its own name (the type parser, made for scalar source
    types, reads SQL Server's [bracket] quotes and would see the element type)."""
    found = parse_column_type(raw, engine)
    if raw.rstrip().endswith("[]"):
        return replace(found, name=f"{found.name}[]", family=TypeFamily.OTHER)
    return found


@dataclass(frozen=True)
class Shape:
    """A declared type reduced to what limits its values."""

    name: str
    family: TypeFamily
    length: int | None  # characters or bytes; -1 = MAX
    precision: int | None  # numeric digits, or fractional-second digits
    scale: int | None
    bits: int | None = None  # a named integer type's width

    @classmethod
    def of(cls, raw: str, engine: str) -> Shape:
        parsed = declared_type(raw, engine)
        name = SYNONYMS.get(engine, {}).get(parsed.name, parsed.name)
        length, precision = parsed.length, parsed.precision
        default = DEFAULTS.get((engine, name))
        if default and default[0] == "length" and length is None:
            length = default[1]
        if default and default[0] == "precision" and precision is None:
            precision = default[1]
        bits = INTEGER_BITS.get(engine, {}).get(name)
        return cls(name, parsed.family, length, precision, parsed.scale, bits)


def type_differences(source_raw: str, target_raw: str, engines: tuple[str, str]) -> list[str]:
    """What the target's declared type changes about the source's values ([] when nothing)."""
    source, target = Shape.of(source_raw, engines[0]), Shape.of(target_raw, engines[1])
    same_engine = engines[0] == engines[1]
    # numeric(38,0) counts as an integer family: one name on one engine is one family, whatever its precision
    if source.family is not target.family and not (same_engine and source.name == target.name):
        return [f"type family differs ({source_raw} -> {target_raw})"]
    if same_engine:
        facets = _facets(source, target) if source != target else []
        return [f"type differs ({source_raw} -> {target_raw}: {', '.join(facets)})"] if facets else []
    return [f"type is narrower ({source_raw} -> {target_raw}: {f})" for f in _narrower(source, target)]


def _facets(source: Shape, target: Shape) -> list[str]:
    """One engine on both sides: every facet that differs, named."""
    if source.name != target.name:
        if source.bits and target.bits:
            return [f"integer width {source.bits} -> {target.bits} bits"]
        return [f"{source.name.lower()} -> {target.name.lower()}"]
    return [
        f"{label} {_size(a)} -> {_size(b)}"
        for label, a, b in (
            ("length", source.length, target.length),
            ("fractional seconds" if source.family in TEMPORAL else "precision", source.precision, target.precision),
            ("scale", source.scale, target.scale),
        )
        if a != b
    ]


TEMPORAL = frozenset({F.DATETIME, F.DATETIME_TZ, F.TIME})


def _size(value: int | None) -> str:
    return "unlimited" if value is None or value == -1 else str(value)


def _narrower(source: Shape, target: Shape) -> list[str]:
    """Across engines: where the target cannot hold a value the source's declaration allows."""
    found: list[str] = []
    if source.family in (F.INTEGER, F.DECIMAL):
        found += _numeric_room(source, target)
    elif source.family in (F.STRING, F.FIXED_STRING, F.BINARY) and _shorter(source.length, target.length):
        found.append(f"length {source.length} -> {target.length}: longer values do not fit")
    elif source.family in TEMPORAL and _rounded(source.precision, target.precision):
        found.append(f"fractional seconds {source.precision} -> {target.precision}: values are rounded")
    return found


def _rounded(source: int | None, target: int | None) -> bool:
    return source is not None and target is not None and target < min(source, PG_MAX_FRACTION)


def _shorter(source: int | None, target: int | None) -> bool:
    if source is None or target is None or target == -1:
        return False
    return source == -1 or target < source


def _numeric_room(source: Shape, target: Shape) -> list[str]:
    """Digits before and after the point the source declares, against what the target holds."""
    s_bits, t_bits = source.bits, target.bits
    if s_bits and t_bits:
        return [f"integer width {s_bits} -> {t_bits} bits"] if t_bits < s_bits else []
    if source.precision is None:  # an undeclared precision (bare NUMBER): nothing declared to hold
        return []
    s_scale = source.scale or 0
    if t_bits:
        room = INTEGER_DIGITS[t_bits]
        need = source.precision - s_scale
        return [f"integer digits {need} -> {room}"] if room < need else []
    if target.precision is None:  # unconstrained numeric holds anything
        return []
    t_scale = target.scale or 0
    found = []
    if target.precision - t_scale < source.precision - s_scale:
        found.append(f"integer digits {source.precision - s_scale} -> {target.precision - t_scale}")
    if t_scale < s_scale:
        found.append(f"scale {s_scale} -> {t_scale}: values are rounded")
    return found
