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
separate PostgreSQL functions do not share: AM-PLSQL-014, with the variable named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from converters.procedural.plsql_parse import Decl, Parser, Source, Stmt
from converters.procedural.plsql_scope import Scope
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
        handlers = []
        if p.accept("EXCEPTION"):
            while p.accept("WHEN"):
                names = p.span_until("THEN")
                p.pos += 1
                handlers.append((names, p.statements()))
        p.expect("END")
        p.expect(*words)
        p.expect(";")
        points.append((words, Stmt("block", first, p.pos, arms=[(None, body)], decls=own, handlers=handlers)))
    return decls, points


def timing_points(scope: Scope, trigger: Trigger, src: Source, start: int) -> list[TimingPoint] | None:
    """The timing points to create, or None (and AM-PLSQL-014 with the reason) when state is shared."""
    decls, points = parse_compound(src, start)
    words_of = [{t.upper for t in src.tokens[block.first : block.end] if t.kind == "word"} for _, block in points]
    out = [TimingPoint(replace(trigger, timing=TIMING_POINTS[w][0], level=TIMING_POINTS[w][1]),
                       TIMING_POINTS[w][2], block, [d for d in decls if d.kind in SHARED])
           for w, block in points]  # fmt: skip
    reasons = []
    for decl in decls:
        if decl.kind == "routine":
            reasons.append(f"subprogram {decl.name} declared in the trigger")
        if decl.kind != "var":
            continue
        users = [n for n, words in enumerate(words_of) if decl.name.upper() in words]
        if len(users) > 1 or (users and out[users[0]].trigger.level == "row"):
            where = " and ".join(out[n].suffix.replace("_", " ") for n in users)
            reasons.append(f"variable {decl.name} is state kept across {where}")
            continue
        point = out[users[0]] if users else out[0] if out else None
        if point is not None:
            point.decls.append(decl)
    if trigger.when:
        reasons.append("WHEN clause on a compound trigger")
    if reasons or not out:
        scope.flag("AM-PLSQL-014", start, f"compound trigger {trigger.name}: {'; '.join(reasons) or 'no timing point'}")
        return None
    for point in out:
        point.decls.sort(key=lambda d: d.first)
        point.decls += point.block.decls
    return out
