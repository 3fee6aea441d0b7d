"""A workload: named queries in the source dialect with the values of their bind parameters.

The file format (docs/performance.md) is plain SQL with comment markers, so a workload can be written by hand,
reviewed and kept under version control:

    -- name: orders_of_customer
    -- params: {"customer": 42, "since": "2024-01-01"}
    -- note: why it matters (free text, shown in the report)
    SELECT * FROM orders WHERE customer_id = :customer AND placed >= :since;

A query ends where the next `-- name:` line starts. A folder is read as every *.sql file in it, in name order.
Bind parameters are written as the source engine writes them (`:name` / `:1` for Oracle and PostgreSQL, `@name`
for SQL Server, `$1` as pg_stat_statements shows them). Their values are put into the text as literals of the
source dialect before conversion, so both sides run the same statement with the same values.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlglot import exp
from sqlglot.dialects import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import Token, TokenType

from migrate.errors import InputError

MARKERS = ("name", "params", "note", "todo")
# token that opens a bind parameter -> the token types its name can be (`:cust`, `:1`, `@cust`, `$1`)
BIND_OPENERS = {TokenType.COLON, TokenType.PARAMETER}
BIND_NAMES = {TokenType.VAR, TokenType.NUMBER}


@dataclass(frozen=True)
class WorkloadQuery:
    name: str
    sql: str  # source dialect, as written
    params: dict[str, Any] = field(default_factory=dict)
    file: str = ""
    line: int = 0
    note: str = ""
    todo: str = ""
    problem: str = ""  # why it cannot run (shown in the report; the rest of the workload runs)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file else ""


@dataclass(frozen=True)
class Workload:
    queries: tuple[WorkloadQuery, ...] = ()
    problems: tuple[str, ...] = ()  # a file or folder that holds no query


def read_workload(path: Path) -> Workload:
    """The queries of a workload file, or of every *.sql file in a folder."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".sql" and p.is_file())
        if not files:
            return Workload(problems=(f"workload folder {path} holds no .sql file",))
    elif path.is_file():
        files = [path]
    else:
        raise InputError(f"workload {path} does not exist", "point --workload at a .sql workload file or a folder")
    queries: list[WorkloadQuery] = []
    problems: list[str] = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"cannot read workload {file}: {exc}")
            continue
        found = parse_workload(text, str(file))
        if not found:
            problems.append(f"workload {file} holds no query: each starts with a `-- name: NAME` line")
        queries += found
    return Workload(tuple(_unique(queries)), tuple(problems))


def parse_workload(text: str, file: str = "") -> list[WorkloadQuery]:
    blocks: list[tuple[int, dict[str, str], list[str]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        marker = _marker(line)
        if marker and marker[0] == "name":
            blocks.append((number, {"name": marker[1]}, []))
        elif blocks and marker and not blocks[-1][2]:
            blocks[-1][1][marker[0]] = marker[1]  # markers belong to the header, before the SQL
        elif blocks:
            blocks[-1][2].append(line)
    return [_query(line, markers, body, file) for line, markers, body in blocks]


def _marker(line: str) -> tuple[str, str] | None:
    stripped = line.strip()
    if not stripped.startswith("--"):
        return None
    key, colon, value = stripped[2:].strip().partition(":")
    if not colon or key.strip().lower() not in MARKERS:
        return None
    return key.strip().lower(), value.strip()


def _query(line: int, markers: dict[str, str], body: list[str], file: str) -> WorkloadQuery:
    sql = "\n".join(body).strip()
    while sql.endswith(";") or sql.endswith("/"):  # a trailing ; or a SQL*Plus / ends the statement
        sql = sql[:-1].rstrip()
    name = markers["name"]
    problem = ""
    params: dict[str, Any] = {}
    try:
        loaded = json.loads(markers.get("params") or "{}")
        if not isinstance(loaded, dict):
            raise ValueError("not a JSON object")
        params = {str(k): v for k, v in loaded.items()}
    except ValueError as exc:
        problem = f'-- params: is not a JSON object of name: value ({exc}); write -- params: {{"name": 42}}'
    if not name:
        problem = "-- name: is empty: give the query a name"
    elif not sql and not problem:
        problem = "no SQL after the -- name: line"
    return WorkloadQuery(
        name or f"line_{line}",
        sql,
        params,
        file,
        line,
        markers.get("note", ""),
        markers.get("todo", ""),
        problem,
    )


def _unique(queries: list[WorkloadQuery]) -> list[WorkloadQuery]:
    """A name used twice keeps its first query; the second is reported under a numbered name."""
    seen: dict[str, WorkloadQuery] = {}
    out = []
    for query in queries:
        if query.name in seen:
            first = seen[query.name]
            query = WorkloadQuery(
                f"{query.name}#{query.line}",
                query.sql,
                query.params,
                query.file,
                query.line,
                problem=f"the name {query.name} is already used at {first.where}: names must be unique",
            )
        seen.setdefault(query.name, query)
        out.append(query)
    return out


def bind(sql: str, params: dict[str, Any], dialect: str) -> str:
    """`sql` with each bind parameter replaced by its value as a literal of `dialect`.

    The dialect's own tokenizer finds the parameters, so text inside strings and comments is never touched.
    Raises ValueError naming a parameter that has no value.
    """
    values = {k.lower(): v for k, v in params.items()}
    pieces: list[str] = []
    position = 0
    missing: list[str] = []
    for opener, name in bind_tokens(sql, dialect):
        key = name.text.lower()
        if key not in values:
            missing.append(opener.text + name.text)
            continue
        pieces += [sql[position : opener.start], literal(values[key], dialect)]
        position = name.end + 1
    if missing:
        names = ", ".join(dict.fromkeys(missing))
        raise ValueError(f"bind parameter(s) {names} have no value: add them to the -- params: line")
    return "".join(pieces) + sql[position:]


def bind_tokens(sql: str, dialect: str) -> list[tuple[Token, Token]]:
    """The (opener, name) token pairs of each bind parameter in `sql`: `:` `cust`, `@` `P1`, `$` `1`."""
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(sql)
    except SqlglotError as exc:
        raise ValueError(f"the query does not tokenize as {dialect}: {str(exc).splitlines()[0]}") from None
    return [
        (a, b)
        for a, b in itertools.pairwise(tokens)
        if a.token_type in BIND_OPENERS and b.token_type in BIND_NAMES and b.start == a.end + 1
    ]


def literal(value: Any, dialect: str) -> str:
    if isinstance(value, (dict, list)):
        raise ValueError(f"parameter value {value!r} is not a number, string, boolean or null")
    return exp.convert(value).sql(dialect=dialect)


def write_workload(queries: list[WorkloadQuery], path: Path) -> None:
    """Write `queries` in the workload format (what capture-workload produces)."""
    blocks = []
    for query in queries:
        lines = [f"-- name: {query.name}"]
        if query.note:
            lines.append(f"-- note: {' '.join(query.note.split())}")
        if query.todo:
            lines.append(f"-- todo: {' '.join(query.todo.split())}")
        lines.append(f"-- params: {json.dumps(query.params, default=str)}")
        lines.append(query.sql.rstrip().rstrip(";") + ";")
        blocks.append("\n".join(lines))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
