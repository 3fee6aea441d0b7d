"""Pricing from what the converter actually delivers.

Without a conversion, an object is priced from the assessment rules that fire on it (CONNECT BY: 6 h). With one,
the converter has already done part of that work: an object `convert` turns into PostgreSQL with nothing left to
do costs a review; one converted with findings costs a review plus each remaining action item (at its rule's
effort); a manual object costs what the rules say, as before. The behaviour notes to test (NULL concatenation,
COMMIT in a routine...) stay priced either way: converting them does not test them. So the conversion outlook and
the effort range describe the same thing `convert` will hand over, as AWS SCT's action items do.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.scoring import Effort, ObjectScore, base_effort, classify, findings_effort
from migrate.model import ConversionResult, ConvertedObject, Finding, ObjectStatus, Severity

CONVERTED_FORMULA = "converted by aurora-migrate"  # how a score priced from the conversion outcome begins
# share of an object's base effort spent reviewing what the converter produced (reading it, deploying it once)
REVIEW_SHARE = 0.25
# assessment rule categories that describe behaviour to test after an exact conversion, not work to convert
TEST_CATEGORIES = frozenset({"semantics", "transaction"})


@dataclass(frozen=True)
class Outcome:
    """What convert made of one source object: the worst status of the objects it became, and their findings."""

    status: ObjectStatus
    findings: tuple[Finding, ...]


def outcomes(conversion: ConversionResult) -> dict[str, Outcome]:
    """Source object name (upper case) -> its outcome, over every converted object made from it."""
    grouped: dict[str, list[ConvertedObject]] = {}
    for obj in conversion.objects:
        if obj.source_name:
            grouped.setdefault(obj.source_name.upper(), []).append(obj)
    return {name: _outcome(objs) for name, objs in grouped.items()}


def _outcome(objects: list[ConvertedObject]) -> Outcome:
    findings = tuple(f for o in objects for f in o.findings)
    if any(o.status in (ObjectStatus.MANUAL, ObjectStatus.FAILED) for o in objects):
        return Outcome(ObjectStatus.MANUAL, findings)
    if any(f.severity > Severity.INFO for f in findings):
        return Outcome(ObjectStatus.CONVERTED_WITH_FINDINGS, findings)
    return Outcome(ObjectStatus.CONVERTED, findings)


def score_converted(
    kind: str, name: str, schema: str, units: int, assessed: list[Finding], outcome: Outcome
) -> ObjectScore | None:
    """The object's score from its conversion outcome; None for a manual object (priced by the rules as before)."""
    if outcome.status is ObjectStatus.MANUAL:
        return None
    base, base_text = base_effort(kind, units)
    review = base * REVIEW_SHARE
    to_test = [f for f in assessed if f.category in TEST_CATEGORIES]
    remaining = [f for f in outcome.findings if f.severity > Severity.INFO]  # each priced by its rule row
    found = findings_effort([*to_test, *remaining])
    effort = Effort(review, review, review * 1.25) + found
    worst = max((f.severity for f in (*to_test, *remaining)), default=Severity.INFO)
    clean = outcome.status is ObjectStatus.CONVERTED and not to_test
    formula = (
        f"{CONVERTED_FORMULA}: review {REVIEW_SHARE:.0%} of ({base_text}) + {found.hours:g} h for "
        f"{len(remaining)} action item(s) and {len(to_test)} behaviour note(s) to test = {effort.hours:.2f} h"
    )
    complexity = "auto" if clean else classify(effort.hours, worst)
    return ObjectScore(
        kind,
        name,
        schema,
        units,
        review,
        found.hours,
        len(remaining) + len(to_test),
        worst,
        effort,
        complexity,
        formula,
    )
