"""The executive summary in words: what moves as-is, what needs work, and the recommendation.

A CTO reads these sentences before any chart; every figure in them comes from the same Assessment the charts and
tables show, so the words and the numbers cannot disagree.
"""

from __future__ import annotations

from assessments.analysis import Assessment
from assessments.scoring import DATABASE_CLASSES
from migrate.model import Severity
from migrate.model.engines import ENGINES

# database complexity class -> what we recommend doing next (the class's own meaning is in DATABASE_CLASSES)
RECOMMENDATIONS: dict[str, str] = {
    "auto": "Proceed: convert and deploy to a test cluster; the work left is review and testing.",
    "simple": "Proceed: convert, deploy to a test cluster and work through the action items; nothing needs redesign.",
    "medium": "Proceed with a pilot: convert and deploy to a test cluster, then schedule the high-severity items "
    "(each needs a redesign of one piece) before committing to a cutover date.",
    "complex": "Plan it as a project of its own: decide on the blocking items first (prototype each), then convert; "
    "a cutover date is premature until they are settled.",
}


def complexity_meaning(name: str) -> str:
    """What a database complexity label means, in the words of the table that assigns it."""
    return next((why for label, _limit, _sev, why in DATABASE_CLASSES if label == name), "")


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _objects_sentence(a: Assessment) -> str:
    total = sum(a.counts.values())
    outlook = {name: a.outlook.get(name, 0) for name in ("auto", "simple", "medium", "complex")}
    code = f" and {_count(a.code_lines, 'line')} of stored code" if a.code_lines else ""
    parts = [
        f"{outlook['auto']:,} move as they are (the converter does them)",
        f"{outlook['simple']:,} need small mechanical fixes",
        f"{outlook['medium']:,} need about a day of work each",
        f"{outlook['complex']:,} need several days or a decision first",
    ]
    return f"The scan read {_count(total, 'object')}{code}: " + ", ".join(parts[:-1]) + f" and {parts[-1]}."


def _work_sentence(a: Assessment) -> str:
    db = a.database
    top = sorted(
        (r for r in a.rules if r.effort_hours + r.learning_hours > 0),
        key=lambda r: -(r.effort_hours + r.learning_hours),
    )[:3]
    where = f", most of it in {'; '.join(r.title for r in top)}" if top else ""
    return (
        f"Estimated effort: {db.effort.hours:,.0f} engineer-hours (range {db.effort.low:,.0f}–{db.effort.high:,.0f} h, "
        f"about {db.effort.hours / 8:,.0f} person-days){where}."
    )


def _severity_sentence(a: Assessment) -> str:
    blockers = [r for r in a.rules if r.severity is Severity.BLOCKER and r.left]
    highs = [r for r in a.rules if r.severity is Severity.HIGH and r.left]
    if blockers:
        names = "; ".join(r.title for r in blockers[:3])
        return f"{_count(len(blockers), 'issue')} block the migration until decided: {names}."
    if highs:
        names = "; ".join(r.title for r in sorted(highs, key=lambda r: -r.left)[:3])
        return f"Nothing blocks the migration; {_count(len(highs), 'high-severity issue')} need a redesign: {names}."
    return "Nothing blocks the migration and no item needs a redesign."


def _fit_sentence(a: Assessment) -> str:
    misfits = len({(f.object_kind, f.object_name) for f in a.fit})
    if not misfits:
        return f"Every object fits {a.profile_title}."
    return f"{_count(misfits, 'object')} do not fit {a.profile_title} as they are (see Target fit)."


def _behaviour_sentence(a: Assessment) -> str:
    places = sum(r.occurrences for r in a.behaviour_changes())
    if not places:
        return ""
    return (
        f"{_count(places, 'place')} convert without error but behave differently on PostgreSQL: "
        "the test plan must cover each one."
    )


def version_note(a: Assessment) -> str:
    """A PostgreSQL source newer than the target is a downgrade: features and dump formats may not go back."""
    engine = ENGINES.get(a.source.engine)
    if engine is None or not engine.is_target or not a.source.version:
        return ""
    try:
        source_major = int(a.source.version.split(".")[0].split()[0])
    except ValueError:
        return ""
    if source_major <= a.target_version:
        return ""
    return (
        f"Version downgrade: the source is PostgreSQL {source_major} and the target is {a.profile_title} "
        f"{a.target_version}. Features added after {a.target_version} (and pg_dump files of a newer server) may not "
        "load; target a newer Aurora version if one is offered, or check each finding."
    )


def recommendation(a: Assessment) -> str:
    if not a.complete:
        return "Finish the scan first: parts of the source could not be read, so every figure here is a lower bound."
    if a.fit:
        return (
            f"Settle the target first: some objects do not fit {a.profile_title}; then — "
            + RECOMMENDATIONS[a.database.complexity][0].lower()
            + RECOMMENDATIONS[a.database.complexity][1:]
        )
    return RECOMMENDATIONS[a.database.complexity]


def executive_summary(a: Assessment) -> list[str]:
    """The summary as sentences, most important first; the recommendation is the last one."""
    sentences = [
        _objects_sentence(a),
        _work_sentence(a),
        _severity_sentence(a),
        _fit_sentence(a),
        _behaviour_sentence(a),
        version_note(a),
    ]
    return [s for s in sentences if s]
