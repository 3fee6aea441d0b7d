"""The scanner's own findings: problems met while reading a source, not migration issues.

Migration issues (CONNECT BY, autonomous transactions...) are the rule tables' job; these say what
the scan itself could not do, so a report never claims more than was read. One row per rule id,
with the severity and the reason it has that severity.
"""

from __future__ import annotations

from migrate.model import Finding, Location, Severity

S = Severity

SCAN_RULES: dict[str, tuple[Severity, str, str]] = {
    # rule id: (severity, what it means, what to do)
    "SCAN-FILE-001": (S.HIGH, "a file could not be read", "check the path and permissions, then rescan"),
    "SCAN-ENCODING-001": (
        S.LOW,  # decoded, but a guess: accented text may be wrong
        "a file is not UTF-8; it was decoded with a fallback encoding",
        "re-export as UTF-8 (SQL Developer: Tools > Preferences > Environment > Encoding) or check accented text",
    ),
    "SCAN-ENCODING-002": (S.HIGH, "a file could not be decoded as text", "re-export the file as UTF-8 text"),
    "SCAN-EMPTY-001": (S.MEDIUM, "a file holds no SQL statement", "check the file: an empty export, or comments only"),
    "SCAN-EMPTY-002": (S.HIGH, "no SQL statement was read from the files given", "check the files and --dialect"),
    "SCAN-DIALECT-001": (
        S.MEDIUM,  # read anyway, but statement by statement into unparsed text and unknown types
        "a file reads as another SQL dialect than the one given",
        "scan it again with the dialect it is written in (--dialect)",
    ),
    "SCAN-UNTERMINATED-001": (
        S.MEDIUM,  # the statement is kept, but where it ends was a guess
        "a statement is not terminated where the client would end it",
        "add the missing ';' or '/' (or GO) and rescan; check the statement's end",
    ),
    "SCAN-UNPARSED-001": (
        S.MEDIUM,  # kept as text; nothing of it is in the inventory
        "a statement could not be read; its text is kept for review",
        "check the statement; convert it by hand if it is needed on the target",
    ),
    "SCAN-PARTIAL-001": (
        S.LOW,  # the object is in the inventory, one clause of it is not
        "a clause of a statement was not understood and is not in the inventory",
        "check the clause; add it by hand on the target if it matters",
    ),
    "SCAN-BEHAVIOUR-001": (
        S.MEDIUM,  # the object is in the inventory, but one clause's behaviour does not carry over
        "a clause was read whose behaviour the target does not have",
        "keep the behaviour by hand (the message says how), or confirm the application does not rely on it",
    ),
    "SCAN-UNSUPPORTED-001": (
        S.MEDIUM,  # read, but nothing in the model can hold it: the converter flags it again
        "a statement was read but is not a schema object (script code, data changes)",
        "decide whether it must run on the target; convert it by hand if so",
    ),
    "SCAN-DATA-001": (
        S.MEDIUM,  # the rows are not schema: they need a load, by DMS or by running the lines named
        "data statements (INSERT, UPDATE, DELETE, MERGE, COPY) in the export, summarised per table and file",
        "load the rows with DMS (full load); if they are seed data the application needs, run the lines named on "
        "the target after deploy",
    ),
    "SCAN-IMPLICIT-001": (
        S.LOW,  # read as the engine applies it; the script may not have meant it
        "a statement changes what it does not name (SQL Server ALTER COLUMN without NULL or NOT NULL makes the "
        "column nullable; a drop with CASCADE drops another table's foreign key); the inventory follows the engine",
        "check the object on the source (the live scan reads its real state); if a column must stay NOT NULL, add "
        "NOT NULL to the statement, or set it on the target; if a foreign key must stay, add it back on the target",
    ),
    "SCAN-ORPHAN-001": (
        S.MEDIUM,
        "a statement changes an object that is not in the scanned files",
        "scan the file that creates the object too, or apply the change by hand",
    ),
    "SCAN-SCHEMA-001": (
        S.INFO,
        "objects without a schema name were placed in the default schema",
        "pass the schema the script runs as (--default-schema) if it is not the one shown",
    ),
    "SCAN-SESSION-001": (
        S.HIGH,  # changes how every later statement behaves
        "a session setting changes SQL semantics for the statements after it",
        "review the objects created under this setting; PostgreSQL has no equivalent",
    ),
    "SCAN-GO-REPEAT-001": (
        S.MEDIUM,
        "'GO n' runs the batch before it n times",
        "repeat the batch's effect on the target by hand (usually test data)",
    ),
    "SCAN-PRIVILEGE-001": (
        S.MEDIUM,
        "the DBA_* views are not readable; the ALL_* views were used, which show only what this login can see",
        "grant SELECT_CATALOG_ROLE (or SELECT ANY DICTIONARY) to the scanning user for a complete inventory",
    ),
    "SCAN-QUERY-001": (
        S.HIGH,  # a whole object kind is missing from the inventory
        "a catalog query failed; that kind of object is missing from the inventory",
        "grant the scanning login read access to the view named in the message, then rescan",
    ),
    "SCAN-SCHEMA-002": (S.HIGH, "a requested schema does not exist", "check the schema name's spelling and case"),
}


# What SCAN-BEHAVIOUR-001 says about a column clause: one wording for the offline and the live scan.
BEHAVIOUR_NOTES = {
    "default_on_null": "{column} DEFAULT ON NULL: Oracle stores the default when NULL is inserted explicitly; "
    "a PostgreSQL DEFAULT does not (add a BEFORE INSERT trigger, or change the inserts)",
    "default_on_null_update": "{column} DEFAULT ON NULL FOR INSERT AND UPDATE: Oracle stores the default when NULL "
    "is inserted or updated explicitly; a PostgreSQL DEFAULT does neither (add a BEFORE INSERT OR UPDATE trigger, "
    "or change the statements)",
    "identity_on_null": "{column} BY DEFAULT ON NULL AS IDENTITY: Oracle generates a value when NULL is inserted "
    "explicitly; PostgreSQL rejects that NULL (change the inserts to omit the column)",
}


def scan_finding(
    rule_id: str,
    message: str,
    location: Location | None = None,
    object_kind: str = "",
    object_name: str = "",
    snippet: str = "",
) -> Finding:
    severity, _meaning, remedy = SCAN_RULES[rule_id]
    return Finding(
        rule_id=rule_id,
        severity=severity,
        message=message,
        object_kind=object_kind,
        object_name=object_name,
        location=location,
        remedy=remedy,
        snippet=snippet[:400],
        category="scan",
    )
