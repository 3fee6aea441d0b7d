"""Data statements in export scripts (INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY): summarised per table.

An SSMS "schema and data" export or an SSDT post-deployment script can hold millions of INSERTs. Rows move with DMS,
not with the schema, so each table a file writes to gets ONE ledger record and ONE finding saying how many
statements touch it and where they are (file and line range), never one per row: the inventory and conversion.json
stay the size of the schema, and a 50 MB statement is read by its header only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from assessments.files.builder import Builder
from assessments.files.problems import scan_finding
from migrate.model import Location
from migrate.sqltext.cursor import Cursor
from migrate.sqltext.statement import Statement

# How much of the first statement of a table's data is kept for a person to see (the rest stays in the file).
SAMPLE_CHARS = 2000
# Words between the verb and the table: INSERT INTO t, DELETE FROM t, TRUNCATE TABLE t, MERGE INTO t.
_BEFORE_TABLE = ("INTO", "FROM", "TABLE", "ONLY")


@dataclass
class DataRun:
    """The data statements of one file that write to one table."""

    record_at: int  # where its StatementRecord sits in the builder's ledger
    location: Location  # of its first statement; `span` reaches to the last
    table: str
    sample: str  # the first statement, redacted, at most SAMPLE_CHARS
    whole: bool  # the sample is the whole first statement
    verbs: Counter[str] = field(default_factory=Counter)
    end_line: int = 0  # the last line of its last statement so far

    @property
    def span(self) -> Location:
        return replace(self.location, end_line=max(self.end_line, self.location.end_line or 0))

    @property
    def statements(self) -> int:
        return sum(self.verbs.values())

    def describe(self) -> str:
        verbs = ", ".join(f"{verb} {count:,}" for verb, count in self.verbs.most_common())
        span = self.span
        lines = f"line {span.line}" if span.line == span.end_line else (
            f"lines {span.line}-{span.end_line}"
        )  # fmt: skip
        return f"{self.statements:,} data statements ({verbs}) into {self.table} on {lines} of {self.location.file}"


def data_target(cur: Cursor, b: Builder) -> str:
    """The table a data statement writes to, schema-qualified when the script says or set one."""
    verb = cur.word()
    cur.next()
    if verb == "INSERT" and cur.word() in ("ALL", "FIRST"):
        return "(several tables: Oracle multi-table INSERT)"
    if cur.accept("TOP"):  # T-SQL UPDATE / DELETE / MERGE TOP (n)
        cur.group()
        cur.accept("PERCENT")
    cur.accept_any(*_BEFORE_TABLE)
    parts = cur.name()
    if not parts:
        return "(a table the scanner could not name)"
    if len(parts) == 1 and b.current_schema:
        parts = (b.current_schema, parts[0])
    return ".".join(parts[-2:])


def read_data(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """One data statement: counted into its table's run (the first one opens the run's ledger record)."""
    verb = cur.word()
    table = data_target(cur, b)
    key = (stmt.file, table.upper())
    run = b.data.get(key)
    if run is None:
        b.record(replace(stmt, text=stmt.text[:SAMPLE_CHARS]), "dml", table, "unsupported", "data statements")
        run = DataRun(
            len(b.statements) - 1, stmt.location, table, b.statements[-1].text, len(stmt.text) <= SAMPLE_CHARS
        )
        b.data[key] = run
    else:
        run.end_line = max(run.end_line, stmt.end_line)
    run.verbs[verb] += 1


def finish_data(b: Builder) -> None:
    """Each run's ledger record and finding say how many statements it stands for and where they are."""
    for run in b.data.values():
        what = run.describe()
        shown = "the first statement" if run.whole else f"the first {SAMPLE_CHARS:,} characters of the first statement"
        cut = "" if run.statements == 1 and run.whole else f"\n-- [SCAN-DATA-001] above: {shown} of {what}"
        record = b.statements[run.record_at]
        b.statements[run.record_at] = replace(
            record,
            location=run.span,
            reason=f"{what}: rows move with DMS, not with the schema",
            text=run.sample + cut,
        )
        message = f"{what}: data, not schema"
        b.findings.append(scan_finding("SCAN-DATA-001", message, run.span, "dml", run.table, run.sample[:200]))
