"""An Oracle compound trigger -> one PostgreSQL trigger (and trigger function) per timing point.

    CREATE TRIGGER t FOR INSERT OR UPDATE ON emp COMPOUND TRIGGER
        c_max CONSTANT NUMBER := 10;
        BEFORE STATEMENT IS BEGIN ... END BEFORE STATEMENT;
        AFTER EACH ROW IS BEGIN ... END AFTER EACH ROW;
    END t;

becomes `t_before_statement` (BEFORE ... FOR EACH STATEMENT) and `t_after_row` (AFTER ... FOR EACH ROW), each with
its own function; PostgreSQL fires them at the same points, in the same order, with the same events and UPDATE OF
columns. What the declaration section shares is declared again in each function: constants, types, cursors and
exceptions, which no timing point changes. A variable that only one statement-level timing point uses is local to
it (that point runs once per statement, and Oracle initialises the section at the start of each statement). A
variable that a row-level point or several points use is state kept across the statement's rows and points, which
separate PostgreSQL functions do not share: it lives in a frame of transaction-local settings for the statement's
firing (see `frames`); AM-PLSQL-014 when its type is only known as %TYPE, or a cursor is opened in one point and
used in another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from converters.procedural.plpgsql import Lines
from converters.procedural.plsql_decl import declare
from converters.procedural.plsql_parse import Decl, Parser, Source, Stmt
from converters.procedural.plsql_scope import Scope
from converters.procedural.plsql_types import pg_type
from migrate.model import Trigger

# the words of each timing point -> (PostgreSQL timing, level, suffix of the trigger and function names)
TIMING_POINTS: dict[tuple[str, ...], tuple[str, str, str]] = {
    ("BEFORE", "STATEMENT"): ("BEFORE", "statement", "before_statement"),
    ("BEFORE", "EACH", "ROW"): ("BEFORE", "row", "before_row"),
    ("AFTER", "EACH", "ROW"): ("AFTER", "row", "after_row"),
    ("AFTER", "STATEMENT"): ("AFTER", "statement", "after_statement"),
    ("INSTEAD", "OF", "EACH", "ROW"): ("INSTEAD OF", "row", "instead_of_row"),
}
SHARED = frozenset({"const", "type", "subtype", "cursor", "exception", "pragma"})


@dataclass
class TimingPoint:
    trigger: Trigger  # the source trigger with this point's timing and level
    suffix: str
    block: Stmt
    decls: list[Decl]  # the shared declarations it needs, then its own
    entry: str = ""  # first statements: read the statement's shared variables (or start its frame)
    before_return: str = ""  # before each RETURN: write them back (or end the frame)


def parse_compound(src: Source, start: int) -> tuple[list[Decl], list[tuple[tuple[str, ...], Stmt]]]:
    """The declaration section and each timing point's block, from the COMPOUND token on."""
    p = Parser(src)
    p.pos = start
    p.expect("COMPOUND", "TRIGGER")
    decls = p.declarations(("BEFORE", "AFTER", "INSTEAD", "END"))
    points = []
    while not p.at("END"):
        words = next((w for w in TIMING_POINTS if p.at(*w)), None)
        if words is None:
            p.fail("expected a timing point (BEFORE STATEMENT, AFTER EACH ROW...)")
            raise AssertionError  # unreachable
        p.accept(*words)
        p.expect("IS")
        first = p.pos
        own = p.declarations(("BEGIN",))
        p.expect("BEGIN")
        body = p.statements()
        handlers = p.handlers()
        p.expect("END")
        p.accept(*words)  # END BEFORE STATEMENT; (the timing point's name is optional)
        p.expect(";")
        points.append((words, Stmt("block", first, p.pos, arms=[(None, body)], decls=own, handlers=handlers)))
    return decls, points


def timing_points(scope: Scope, trigger: Trigger, src: Source, start: int) -> list[TimingPoint] | None:
    """The timing points to create, or None (and AM-PLSQL-014 with the reason)."""
    decls, points = parse_compound(src, start)
    words_of = [{t.upper for t in src.tokens[block.first : block.end] if t.kind == "word"} for _, block in points]
    out = [TimingPoint(replace(trigger, timing=TIMING_POINTS[w][0], level=TIMING_POINTS[w][1]),
                       TIMING_POINTS[w][2], block, [d for d in decls if d.kind in SHARED])
           for w, block in points]  # fmt: skip
    reasons, shared = [], []
    for decl in decls:
        if decl.kind == "routine":
            reasons.append(f"subprogram {decl.name} declared in the trigger")
        users = [n for n, words in enumerate(words_of) if decl.name.upper() in words]
        if decl.kind == "cursor" and len(users) > 1 and any({"OPEN", "FETCH"} & words_of[n] for n in users):
            reasons.append(f"cursor {decl.name} is used across timing points")
        if decl.kind != "var":
            continue
        if len(users) > 1 or (users and out[users[0]].trigger.level == "row"):
            shared.append(decl)
            continue
        point = out[users[0]] if users else out[0] if out else None
        if point is not None:
            point.decls.append(decl)
    if trigger.when:
        reasons.append("WHEN clause on a compound trigger")
    if shared and not reasons:
        reasons += frames(scope, trigger, out, shared, [d for d in decls if d.kind in SHARED], start)
    if reasons or not out:
        scope.flag("AM-PLSQL-014", start, f"compound trigger {trigger.name}: {'; '.join(reasons) or 'no timing point'}")
        return None
    for point in out:
        point.decls.sort(key=lambda d: d.first)
        point.decls += point.block.decls
    return out


def frames(scope: Scope, trigger: Trigger, out: list[TimingPoint], shared: list[Decl], types: list[Decl],
           start: int) -> list[str]:  # fmt: skip
    """State the statement's timing points share: a frame of transaction-local settings per statement firing.

    BEFORE STATEMENT starts the frame (a level one deeper: an UPDATE run inside the statement has its own) with the
    declared defaults, as Oracle initialises the section when the statement starts; each point reads the variables
    first and writes them back before it returns; AFTER STATEMENT ends the frame. Returns the reasons it cannot."""
    typing = Scope(scope.ctx, scope.src, scope.owner, scope.schema, scope.location, "trigger")
    for decl in types:
        declare(typing, decl, Lines())
    typed = {decl.name: _castable(typing, decl) for decl in shared}
    untyped = [n for n, t in typed.items() if not t or "%" in t]
    if untyped:
        return [f"variable {untyped[0]} is shared across timing points and its type is only known as %TYPE"]
    key = re.sub(r"\W", "_", f"{scope.schema}_{trigger.name}".lower())
    level = f"'aurora_compound.{key}'"
    current = f"coalesce(nullif(current_setting({level}, true), ''), '0')"
    reads, writes = [f"aurora_level := {current};"], []
    for decl in shared:
        setting = f"'aurora_compound.{key}_{decl.name.lower()}_' || aurora_level"
        value = f"current_setting({setting}, true)"
        reads.append(f"{decl.name} := CASE WHEN {value} LIKE 'v%' THEN substr({value}, 2)::{typed[decl.name]} END;")
        writes.append(f"PERFORM set_config({setting}, CASE WHEN {decl.name} IS NULL THEN 'n' "
                      f"ELSE 'v' || {decl.name}::text END, true);")  # fmt: skip
    empty = Stmt("block", start, start, arms=[(None, [])])
    for suffix, timing in (("before_statement", "BEFORE"), ("after_statement", "AFTER")):
        if not any(p.suffix == suffix for p in out):
            point = TimingPoint(replace(trigger, timing=timing, level="statement"), suffix, empty, list(types))
            out.insert(0 if timing == "BEFORE" else len(out), point)
    undefaulted = [replace(d, spans={k: v for k, v in d.spans.items() if k != "default"}, not_null=False)
                   for d in shared]  # fmt: skip
    for point in out:
        first = point.suffix == "before_statement"
        point.decls += shared if first else undefaulted
        point.entry = (f"aurora_level := ({current}::integer + 1)::text;\nPERFORM set_config({level}, aurora_level, "
                       "true);") if first else "\n".join(reads)  # fmt: skip
        point.before_return = (
            "\n".join(writes)
            if point.suffix != "after_statement"
            else f"PERFORM set_config({level}, (aurora_level::integer - 1)::text, true);"
        )
        point.before_return += "\n"
    return []


def _castable(typing: Scope, decl: Decl) -> str:
    """The variable's PostgreSQL type as a cast can name it: a column's %TYPE resolved from the run's table."""
    type_ = pg_type(typing, decl.spans["type"])
    if "%" in type_:  # the element type of a collection of it is the column's own type, when the run has the table
        element = pg_type(typing, decl.spans["type"], array_element=True)
        type_ = element[:-2] if element.endswith("[]") and "%" not in element else type_
    return type_
