"""Taking a source type's text apart: base name, length/precision/scale, char semantics, family.

The family tables are data, one per source engine, so scanners of catalogs and of export files
classify a type the same way. Unknown names map to OTHER; the converter flags those.
"""

from __future__ import annotations

import re
from dataclasses import replace

from migrate.model.inventory import ColumnType, TypeFamily

F = TypeFamily

_COMMON: dict[str, TypeFamily] = {
    "INTEGER": F.INTEGER,
    "INT": F.INTEGER,
    "SMALLINT": F.INTEGER,
    "BIGINT": F.INTEGER,
    "DECIMAL": F.DECIMAL,
    "NUMERIC": F.DECIMAL,
    "REAL": F.FLOAT,
    "FLOAT": F.FLOAT,
    "DOUBLE PRECISION": F.FLOAT,
    "CHAR": F.FIXED_STRING,
    "CHARACTER": F.FIXED_STRING,
    "NCHAR": F.FIXED_STRING,
    "VARCHAR": F.STRING,
    "CHARACTER VARYING": F.STRING,
    "DATE": F.DATE,
    "TIME": F.TIME,
    "TIMESTAMP": F.DATETIME,
    "XML": F.XML,
}

FAMILIES: dict[str, dict[str, TypeFamily]] = {
    "oracle": {
        **_COMMON,
        "NUMBER": F.DECIMAL,  # refined to INTEGER when scale is 0, see classify()
        "BINARY_FLOAT": F.FLOAT,
        "BINARY_DOUBLE": F.FLOAT,
        "VARCHAR2": F.STRING,
        "NVARCHAR2": F.STRING,
        "CLOB": F.TEXT,
        "NCLOB": F.TEXT,
        "LONG": F.TEXT,
        "BLOB": F.BLOB,
        "BFILE": F.BLOB,
        "RAW": F.BINARY,
        "LONG RAW": F.BLOB,
        "DATE": F.DATETIME,  # Oracle DATE carries a time of day to the second
        "TIMESTAMP WITH TIME ZONE": F.DATETIME_TZ,
        "TIMESTAMP WITH LOCAL TIME ZONE": F.DATETIME_TZ,
        "INTERVAL YEAR TO MONTH": F.INTERVAL,
        "INTERVAL DAY TO SECOND": F.INTERVAL,
        "XMLTYPE": F.XML,
        "SYS.XMLTYPE": F.XML,
        "JSON": F.JSON,
        "SDO_GEOMETRY": F.SPATIAL,
        "MDSYS.SDO_GEOMETRY": F.SPATIAL,
        "ROWID": F.ROWID,
        "UROWID": F.ROWID,
        "BOOLEAN": F.BOOLEAN,
    },
    "sqlserver": {
        **_COMMON,
        "TINYINT": F.INTEGER,
        "BIT": F.BOOLEAN,
        "MONEY": F.DECIMAL,
        "SMALLMONEY": F.DECIMAL,
        "NVARCHAR": F.STRING,
        "TEXT": F.TEXT,
        "NTEXT": F.TEXT,
        "BINARY": F.BINARY,
        "VARBINARY": F.BINARY,  # VARBINARY(MAX) refined to BLOB in classify()
        "IMAGE": F.BLOB,
        "DATETIME": F.DATETIME,
        "DATETIME2": F.DATETIME,
        "SMALLDATETIME": F.DATETIME,
        "DATETIMEOFFSET": F.DATETIME_TZ,
        "UNIQUEIDENTIFIER": F.UUID,
        "ROWVERSION": F.BINARY,
        "TIMESTAMP": F.BINARY,  # T-SQL TIMESTAMP is ROWVERSION, not a point in time
        "SQL_VARIANT": F.OTHER,
        "HIERARCHYID": F.OTHER,
        "GEOGRAPHY": F.SPATIAL,
        "GEOMETRY": F.SPATIAL,
        "SYSNAME": F.STRING,
    },
    "postgresql": {
        **_COMMON,
        "INT2": F.INTEGER,
        "INT4": F.INTEGER,
        "INT8": F.INTEGER,
        "SERIAL": F.INTEGER,
        "BIGSERIAL": F.INTEGER,
        "FLOAT4": F.FLOAT,
        "FLOAT8": F.FLOAT,
        "MONEY": F.DECIMAL,
        "BPCHAR": F.FIXED_STRING,
        "TEXT": F.TEXT,
        "BYTEA": F.BLOB,
        "TIMESTAMP WITHOUT TIME ZONE": F.DATETIME,
        "TIMESTAMP WITH TIME ZONE": F.DATETIME_TZ,
        "TIMESTAMPTZ": F.DATETIME_TZ,
        "TIME WITHOUT TIME ZONE": F.TIME,
        "TIME WITH TIME ZONE": F.TIME,
        "TIMETZ": F.TIME,
        "INTERVAL": F.INTERVAL,
        "BOOLEAN": F.BOOLEAN,
        "BOOL": F.BOOLEAN,
        "UUID": F.UUID,
        "JSON": F.JSON,
        "JSONB": F.JSON,
        "GEOMETRY": F.SPATIAL,
        "GEOGRAPHY": F.SPATIAL,
    },
}

# Other spellings each engine accepts for its own types (the ANSI and legacy names), read as the canonical name:
# SQL Server "Data type synonyms (Transact-SQL)"; Oracle "ANSI, DB2, and SQL/DS Data Types" (SQL Language Reference).
# Longest first: NATIONAL CHAR VARYING before NATIONAL CHAR.
SYNONYMS: dict[str, tuple[tuple[str, str], ...]] = {
    "sqlserver": (
        ("NATIONAL CHARACTER VARYING", "NVARCHAR"),
        ("NATIONAL CHAR VARYING", "NVARCHAR"),
        ("NATIONAL CHARACTER", "NCHAR"),
        ("NATIONAL CHAR", "NCHAR"),
        ("NATIONAL TEXT", "NTEXT"),
        ("CHARACTER VARYING", "VARCHAR"),
        ("CHAR VARYING", "VARCHAR"),
        ("BINARY VARYING", "VARBINARY"),
        ("DEC", "DECIMAL"),
    ),
    "oracle": (
        ("NATIONAL CHARACTER VARYING", "NVARCHAR2"),
        ("NATIONAL CHAR VARYING", "NVARCHAR2"),
        ("NCHAR VARYING", "NVARCHAR2"),
        ("NATIONAL CHARACTER", "NCHAR"),
        ("NATIONAL CHAR", "NCHAR"),
        ("CHARACTER VARYING", "VARCHAR2"),
        ("CHAR VARYING", "VARCHAR2"),
        ("DEC", "DECIMAL"),
    ),
}
_SYNONYM_RES: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    dialect: tuple(
        (re.compile(r"^" + r"\s+".join(words.split()) + r"(?=\s|\(|$)", re.IGNORECASE), canonical)
        for words, canonical in pairs
    )
    for dialect, pairs in SYNONYMS.items()
}
# SQL Server typed XML: XML([CONTENT|DOCUMENT] schema_collection); the collection is not part of the type's data
_TYPED_XML = re.compile(r"^XML\s*\(\s*(?:(?:CONTENT|DOCUMENT)\s+)?[\w.$#@\s]+\)\s*", re.IGNORECASE)
_SYNONYM_RES["sqlserver"] += ((_TYPED_XML, "XML "),)


def _canonical_spelling(text: str, dialect: str) -> str:
    for pattern, canonical in _SYNONYM_RES.get(dialect, ()):
        if pattern.match(text):
            return pattern.sub(canonical, text, count=1).strip()
    return text


# NAME [ (a [, b]) ] [BYTE|CHAR] [ WITH [LOCAL] TIME ZONE | TO MONTH/SECOND ... ]
_TYPE_RE = re.compile(
    r"""^\s*(?P<name>[A-Za-z_][\w.$#]*(?:\s+(?:PRECISION|VARYING|RAW))?)\s*
        (?:\(\s*(?P<a>\d+|MAX|\*)\s*(?:,\s*(?P<b>-?\d+))?\s*(?P<sem>BYTE|CHAR)?\s*\))?
        (?P<rest>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)


def parse_column_type(raw: str, dialect: str) -> ColumnType:
    """`raw` as the source spells it, e.g. ``NUMBER(10,2)``, ``VARCHAR2(30 CHAR)``, ``nvarchar(max)``."""
    text = _canonical_spelling(" ".join(raw.replace("[", "").replace("]", "").split()), dialect)
    match = _TYPE_RE.match(text)
    if not match:
        return ColumnType(raw=raw, name=text.upper(), family=TypeFamily.OTHER)
    name = match.group("name").upper()
    rest = match.group("rest").strip().upper()
    a, b = match.group("a"), match.group("b")
    # "TIMESTAMP(6) WITH TIME ZONE", "INTERVAL DAY(2) TO SECOND(6)": the suffix is part of the name.
    rest_name = " ".join(re.sub(r"\(\s*\d+\s*\)", "", rest).split())  # INTERVAL DAY (2) TO SECOND (6) too
    if rest_name and not rest_name.startswith(("NOT ", "NULL", "DEFAULT", "COLLATE", "IDENTITY")):
        name = f"{name} {rest_name}".strip()
    semantics = match.group("sem").upper() if match.group("sem") else None
    length = precision = scale = None
    if name.startswith(("TIMESTAMP", "DATETIME2", "DATETIMEOFFSET", "TIME")) and a and a.isdigit():
        precision = int(a)
    elif name.startswith("INTERVAL"):
        precision = int(a) if a and a.isdigit() else None
    elif a is not None:
        family_guess = FAMILIES.get(dialect, _COMMON).get(name, TypeFamily.OTHER)
        if family_guess in (TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.INTEGER):
            precision = int(a) if a.isdigit() else None
            scale = int(b) if b is not None else None
        else:
            length = int(a) if a.isdigit() else -1  # -1 = MAX
    return classify(ColumnType(raw, name, TypeFamily.OTHER, length, precision, scale, semantics), dialect)


def classify(column_type: ColumnType, dialect: str) -> ColumnType:
    """Fill in the family from the dialect's table, with the refinements a name alone can't give."""
    table = FAMILIES.get(dialect, _COMMON)
    family = table.get(column_type.name, TypeFamily.OTHER)
    if family is TypeFamily.DECIMAL and column_type.scale in (None, 0) and column_type.precision:
        # NUMBER(10) / DECIMAL(10) / NUMBER(10,0): whole numbers only.
        family = TypeFamily.INTEGER
    if column_type.length == -1 and family is TypeFamily.STRING:
        family = TypeFamily.TEXT  # (N)VARCHAR(MAX)
    if column_type.length == -1 and family is TypeFamily.BINARY:
        family = TypeFamily.BLOB  # VARBINARY(MAX)
    return replace(column_type, family=family)
