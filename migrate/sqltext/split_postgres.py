"""Cut a PostgreSQL script (pg_dump --schema-only / plain format, psql files) into statements.

A statement ends at a `;` outside strings, quoted names, comments and dollar quotes. psql
meta-commands (`\\connect`, `\\set`...) are client commands. `COPY ... FROM stdin;` is followed by
data rows up to a line `\\.`; the rows are kept with the COPY statement, never read as SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from migrate.sqltext.lexer import POSTGRES, State, scan_line
from migrate.sqltext.statement import Statement

_COPY_FROM_STDIN = re.compile(r"^\s*COPY\b.*\bFROM\s+stdin\b", re.IGNORECASE | re.S)


def split_postgres(text: str, file: str) -> Iterator[Statement]:
    lines = text.split("\n")
    state: State = None
    current: list[str] = []
    start = 0
    index = 0
    while index < len(lines):
        line = lines[index].rstrip("\r")
        number = index + 1
        index += 1
        if state is None and not current and line.lstrip().startswith("\\"):
            yield Statement(line.strip(), file, number, number, "client")
            continue
        pos, after_data = 0, 0
        while True:
            scan = scan_line(line, pos, state, POSTGRES, stop_at_semicolon=True)
            if not current:
                if scan.first_code is None:
                    state = scan.state
                    break
                start, pos = number, scan.first_code
                scan = scan_line(line, pos, state, POSTGRES, stop_at_semicolon=True)
            state = scan.state
            if scan.semicolon is None:
                current.append(line[pos:])
                break
            current.append(line[pos : scan.semicolon + 1])
            text_now = "\n".join(current)
            if _COPY_FROM_STDIN.match(text_now):
                # the data rows are not SQL and can be gigabytes: the statement says where they are
                data_end = _copy_data_end(lines, index)
                text_now += f"\n-- {data_end - index} data rows on lines {index + 1}-{data_end}, ended by \\."
                after_data = data_end + 1
                yield Statement(text_now, file, start, after_data, "sql")
            else:
                yield Statement(text_now, file, start, number, "sql")
            # psql reads COPY's rows from the next line on, and runs the rest of this line after them
            current, pos = [], scan.semicolon + 1
        index = max(index, after_data)
    if current:
        problem = "the file ends inside an unterminated string, comment or dollar quote" if state else ""
        yield Statement("\n".join(current).rstrip(), file, start, len(lines), "sql", problem)


def _copy_data_end(lines: list[str], index: int) -> int:
    """The index of the `\\.` line ending COPY data (or the end of the file)."""
    for at in range(index, len(lines)):
        if lines[at].rstrip("\r") == "\\.":
            return at
    return len(lines)
