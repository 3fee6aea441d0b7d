"""Statement readers for stored code: routines, triggers, and the scripts that create jobs.

Procedural code is not parsed here: its full source and location go into the inventory for the
rule tables and the converter. Only the header is read (kind, name, trigger timing and table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from assessments.files.builder import Builder
from migrate.model import Job, Routine, RoutineKind, Trigger
from migrate.model.engines import ORACLE, SQLSERVER, engine
from migrate.sqltext.cursor import Cursor, split_top_level
from migrate.sqltext.lexer import string_value
from migrate.sqltext.statement import Statement


def _language_clause(cur: Cursor) -> str:
    """PostgreSQL names the language in the statement (LANGUAGE plpgsql / sql / c ...); SQL by default."""
    words = [t.upper for t in cur.tokens]
    return cur.tokens[words.index("LANGUAGE") + 1].text.lower() if "LANGUAGE" in words[:-1] else "sql"


# How a routine's language is known, per dialect.
ROUTINE_LANGUAGE = {
    "oracle": lambda cur: ORACLE.language,  # CREATE JAVA is read elsewhere; everything here is PL/SQL
    "sqlserver": lambda cur: SQLSERVER.language,  # CLR modules are EXTERNAL NAME ... and show in the catalog scan
    "postgresql": _language_clause,
}

ROUTINE_KINDS = {
    "PACKAGE BODY": RoutineKind.PACKAGE_BODY,
    "PACKAGE": RoutineKind.PACKAGE,
    "TYPE BODY": RoutineKind.TYPE_BODY,
    "TYPE": RoutineKind.TYPE,
    "PROCEDURE": RoutineKind.PROCEDURE,
    "PROC": RoutineKind.PROCEDURE,  # T-SQL abbreviation
    "FUNCTION": RoutineKind.FUNCTION,
    "AGGREGATE": RoutineKind.AGGREGATE,
}


def read_routine(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("CREATE")
    cur.accept("OR", "REPLACE")
    cur.accept("OR", "ALTER")
    cur.accept("ALTER")
    cur.accept_any("EDITIONABLE", "NONEDITIONABLE", "EDITIONING")
    kind = ROUTINE_KINDS[cur.accept_any(*ROUTINE_KINDS)]
    schema, name = b.qualify(cur.name())
    if kind is RoutineKind.TYPE and cur.accept("FROM"):  # T-SQL alias type: CREATE TYPE x FROM nvarchar(15)
        base = cur.slice(*cur.skip_to(lambda c: c.word() in ("NULL", "NOT")))
        b.type_aliases[(schema.upper(), name.upper())] = base.replace("[", "").replace("]", "")
        if cur.accept("NOT", "NULL"):
            b.not_null_aliases.add((schema.upper(), name.upper()))
    span = cur.group() if kind in (RoutineKind.PROCEDURE, RoutineKind.FUNCTION) else None
    arguments = cur.slice(*span) if span else ""
    if cur.word() == "WRAPPED":
        b.problem("SCAN-PARTIAL-001", f"{kind.value} {schema}.{name} is wrapped (obfuscated PL/SQL): its logic "
                  "cannot be read or converted; get the unwrapped source from its owner", stmt, kind.value,
                  f"{schema}.{name}")  # fmt: skip
    language = ROUTINE_LANGUAGE[cur.quoting.name](cur)
    b.put_routine(Routine(schema, name, kind, stmt.text, language, stmt.location, arguments=arguments))
    b.record(stmt, kind.value, f"{schema}.{name}")


def changes_type(cur: Cursor) -> bool:
    """An ALTER TYPE that evolves the type (ADD / DROP / MODIFY ATTRIBUTE, methods, MODIFY LIMIT, [NOT] FINAL...),
    not one that recompiles it or sets its editioning."""
    return not {t.upper for t in cur.tokens[3:]} & {"COMPILE", "EDITIONABLE", "NONEDITIONABLE"}


TIMINGS = ("INSTEAD OF", "BEFORE", "AFTER", "FOR")
EVENTS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "LOGON", "LOGOFF", "STARTUP", "SHUTDOWN", "SERVERERROR",
          "CREATE", "ALTER", "DROP", "DDL")  # fmt: skip
# Whose schema an unqualified trigger name is in.
TRIGGER_IN_TABLE_SCHEMA = {
    "oracle": False,  # the creating user's schema, whatever table it fires on
    "sqlserver": True,  # a DML trigger lives in its table's schema
    "postgresql": True,  # a trigger belongs to its table; it has no schema of its own
}
# Where the trigger's header ends and its body begins, per dialect.
BODY_START = frozenset({"DECLARE", "BEGIN", "COMPOUND", "CALL", "EXECUTE", "AS"})


def read_trigger(stmt: Statement, cur: Cursor, b: Builder) -> None:
    cur.accept("CREATE")
    cur.accept("OR", "REPLACE")
    cur.accept("OR", "ALTER")
    cur.accept_any("EDITIONABLE", "NONEDITIONABLE", "CONSTRAINT")
    cur.accept("TRIGGER")
    own_name = cur.name()
    schema, name = b.qualify(own_name)
    timing, events, table, level, when, enabled = "", [], "", "statement", None, True
    while not cur.done and cur.word() not in BODY_START:
        if cur.accept("ON"):
            target = cur.name()
            if len(own_name) == 1 and len(target) >= 2 and TRIGGER_IN_TABLE_SCHEMA[cur.quoting.name]:
                schema = target[-2]
            table = _trigger_table(target, schema)
        elif cur.accept("REFERENCING"):  # Oracle: NEW AS n OLD AS o (the AS is not the T-SQL body start)
            while cur.word() in ("NEW", "OLD", "PARENT"):
                cur.next()
                cur.accept("AS")
                cur.next()
        elif cur.accept("FOR", "EACH", "ROW"):
            level = "row"
        elif cur.accept("FOR", "EACH", "STATEMENT"):
            level = "statement"
        elif cur.accept("WHEN"):
            span = cur.group()
            when = cur.slice(*span) if span else None
        elif cur.accept("DISABLE"):
            enabled = False  # Oracle: created disabled
        elif cur.word() in EVENTS:
            events.append(cur.next().upper)  # type: ignore[union-attr]
        elif not timing and cur.accept_any(*TIMINGS):
            timing = cur.tokens[cur.pos - 1].upper if cur.tokens[cur.pos - 1].upper != "OF" else "INSTEAD OF"
        else:
            cur.next()  # OR, OF column lists, REFERENCING, FOLLOWS, ENABLE, WITH EXECUTE AS ...
    trigger = Trigger(
        schema, name, table, timing, tuple(events), level, when, stmt.text, engine(cur.quoting.name).language,
        enabled=enabled, location=stmt.location,
    )  # fmt: skip
    b.put("triggers", trigger)
    b.record(stmt, "trigger", f"{schema}.{name}")


def _trigger_table(target: tuple[str, ...], schema: str) -> str:
    if not target:
        return ""
    if len(target) >= 2 and target[-2].upper() != schema.upper():
        return f"{target[-2]}.{target[-1]}"
    return target[-1]


# Calls that create jobs, and how their arguments map: (package, procedure) -> job kind.
JOB_CALLS = {
    ("DBMS_SCHEDULER", "CREATE_JOB"): "scheduler",
    ("DBMS_JOB", "SUBMIT"): "dbms_job",
}
# Calls with nothing to migrate, and why.
NOISE_CALLS = {
    "DBMS_STATS": "statistics are gathered on the target after the load (ANALYZE)",
    "DBMS_OUTPUT": "console output of the install script",
    "DBMS_UTILITY": "recompiles/analyzes source objects; nothing to create",
    "DBMS_SESSION": "session settings of the install script",
}


# DDL an install block may run as EXECUTE IMMEDIATE '<literal>': read as a statement of the script (the objects
# exist on the source, whatever condition the block tested before creating them)
EXECUTED_DDL = (("CREATE", "TABLE"), ("CREATE", "GLOBAL"), ("CREATE", "SEQUENCE"), ("CREATE", "INDEX"),
                ("CREATE", "UNIQUE"), ("CREATE", "BITMAP"), ("CREATE", "VIEW"), ("CREATE", "OR"), ("ALTER", "TABLE"),
                ("COMMENT", "ON"))  # fmt: skip


def executed_ddl(stmt: Statement, cur: Cursor) -> list[Statement]:
    """The DDL statements an Oracle block runs as `EXECUTE IMMEDIATE '<one literal>';`, each as a statement of the
    file at the line of its literal."""
    tokens, found = cur.tokens, []
    for at in range(len(tokens) - 2):
        if tokens[at].upper != "EXECUTE" or tokens[at + 1].upper != "IMMEDIATE" or tokens[at + 2].kind != "string":
            continue
        if at + 3 < len(tokens) and tokens[at + 3].text != ";":
            continue  # INTO / USING, or text built by ||: not a statement of its own
        value = string_value(tokens[at + 2].text)
        words = tuple(w.upper() for w in (value or "").split()[:2])
        if value is not None and words in EXECUTED_DDL:
            line = stmt.line + stmt.text.count("\n", 0, tokens[at + 2].start)
            found.append(Statement(value.strip().rstrip(";"), stmt.file, line, line + value.count("\n"), "sql"))
    return found


def read_install_block(stmt: Statement, cur: Cursor, b: Builder, read: Callable[[Statement, Builder], None]) -> None:
    """An Oracle block: the DDL it runs by EXECUTE IMMEDIATE '<literal>' is read (`read`: the reader's dispatch)
    as statements of the script; a block that does nothing else is recorded as read through."""
    executed = executed_ddl(stmt, cur)
    for ddl in executed:
        read(ddl, b)
    if executed and not creates_jobs(cur):
        b.record(stmt, "anonymous_block", "", "ignored", f"install block: the {len(executed)} DDL statement(s) it runs "
                 "by EXECUTE IMMEDIATE are read as statements of the script")  # fmt: skip
        return
    read_anonymous_block(stmt, cur, b)


def read_anonymous_block(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """A BEGIN/DECLARE block (or a SQL*Plus EXEC): jobs are read from it; anything else is flagged."""
    jobs = list(_oracle_jobs(cur, b, stmt))
    if jobs:
        b.jobs.extend(jobs)
        b.record(stmt, "job", ", ".join(f"{j.owner}.{j.name}" for j in jobs))
        return
    calls = {t.upper for t in cur.tokens if t.kind == "word"} & set(NOISE_CALLS)
    code_words = (
        {t.upper for t in cur.tokens if t.kind == "word"} - set(NOISE_CALLS) - {"BEGIN", "END", "EXEC", "EXECUTE"}
    )
    if calls and len(code_words) <= 4:
        b.record(stmt, "anonymous_block", "", "ignored", NOISE_CALLS[sorted(calls)[0]])
        return
    b.problem("SCAN-UNSUPPORTED-001", "an anonymous block: it is run by the script, not stored", stmt)
    b.record(stmt, "anonymous_block", "", "unsupported", "script code, not a schema object")


def creates_jobs(cur: Cursor) -> bool:
    """Does the block call DBMS_SCHEDULER.CREATE_JOB / DBMS_JOB.SUBMIT (read by read_anonymous_block)?"""
    tokens = cur.tokens
    return any((tokens[at].upper, tokens[at + 2].upper) in JOB_CALLS and tokens[at + 1].text == "."
               for at in range(len(tokens) - 2))  # fmt: skip


def _oracle_jobs(cur: Cursor, b: Builder, stmt: Statement) -> list[Job]:
    found = []
    tokens = cur.tokens
    for at in range(len(tokens) - 3):
        key = (tokens[at].upper, tokens[at + 2].upper)
        if key in JOB_CALLS and tokens[at + 1].text == "." and tokens[at + 3].text == "(":
            call = Cursor(cur.text, cur.quoting)
            call.pos = at + 3
            span = call.group()
            args = _arguments(cur, span) if span else {}
            found.append(_job(JOB_CALLS[key], args, b, stmt))
    return found


def _arguments(cur: Cursor, span: tuple[int, int]) -> dict[str, str]:
    """Named (`a => v`) and positional (`#0`, `#1`...) arguments, string quotes removed."""
    args = {}
    for position, (begin, end) in enumerate(split_top_level(cur.text, cur.quoting, *span)):
        text = cur.text[begin:end].strip()
        key, _, value = text.partition("=>") if "=>" in text else (f"#{position}", "", text)
        value = value.strip()
        if value[:1] == "'" and value[-1:] == "'":
            value = value[1:-1].replace("''", "'")
        args[key.strip().upper()] = value
    return args


def _job(kind: str, args: dict[str, str], b: Builder, stmt: Statement) -> Job:
    if kind == "dbms_job":  # DBMS_JOB.SUBMIT(job OUT, what, next_date, interval)
        action = args.get("WHAT", args.get("#1", ""))
        schedule = args.get("INTERVAL", args.get("#3", ""))
        # The job number is given by the database when the block runs; the script only says where.
        where = f"{stmt.file.replace(chr(92), '/').rsplit('/', 1)[-1]}:{stmt.line}"
        return Job(b.owner(), f"DBMS_JOB.SUBMIT at {where}", kind, schedule, action, True, stmt.location)
    owner, name = b.qualify(tuple(args.get("JOB_NAME", args.get("#0", "")).split(".")))
    action = args.get("JOB_ACTION", args.get("PROGRAM_NAME", ""))
    schedule = args.get("REPEAT_INTERVAL", args.get("SCHEDULE_NAME", ""))
    enabled = args.get("ENABLED", "FALSE").upper() == "TRUE"
    return Job(owner, name.upper() if cur_is_unquoted(name) else name, kind, schedule, action, enabled, stmt.location)


def cur_is_unquoted(name: str) -> bool:
    return not name.startswith('"')


def read_domain(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """PostgreSQL CREATE DOMAIN: a named type with its constraints, kept like other user types."""
    cur.accept("CREATE", "DOMAIN")
    schema, name = b.qualify(cur.name())
    b.put_routine(Routine(schema, name, RoutineKind.TYPE, stmt.text, "sql", stmt.location))
    b.record(stmt, "type", f"{schema}.{name}")


def read_trigger_state(stmt: Statement, cur: Cursor, b: Builder) -> None:
    """ALTER TRIGGER x ENABLE|DISABLE (Oracle), DISABLE|ENABLE TRIGGER x ON t (T-SQL): a disabled
    trigger is kept disabled in the inventory; enabling one changes nothing."""
    words = [t.upper for t in cur.tokens]
    at = words.index("TRIGGER") + 1 if "TRIGGER" in words else len(words)
    cur.pos = at
    schema, name = b.qualify(cur.name())
    if "DISABLE" in words and b.change("triggers", schema, name, lambda t: replace(t, enabled=False)):
        b.record(stmt, "trigger", f"{schema}.{name}")
        return
    b.record(
        stmt, "trigger", f"{schema}.{name}", "ignored", "enables or recompiles a trigger; triggers are created enabled"
    )
