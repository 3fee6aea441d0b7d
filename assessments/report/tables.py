"""findings.csv (one row per finding, for spreadsheets) and assessment.md (for a pull request or wiki)."""

from __future__ import annotations

import csv
import io

from assessments.analysis import Assessment, RuleSummary
from assessments.report.document import finding_row, title
from assessments.report.summary import complexity_meaning, executive_summary, recommendation

CSV_COLUMNS = (
    "rule_id",
    "severity",
    "category",
    "object_kind",
    "object_name",
    "file",
    "line",
    "message",
    "snippet",
    "remedy",
    "effort_hours",
)


def findings_csv(assessment: Assessment) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for finding in assessment.findings:
        row = finding_row(finding)
        writer.writerow({k: ("" if row[k] is None else row[k]) for k in CSV_COLUMNS})
    return out.getvalue()


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def _hours(r: RuleSummary) -> str:
    return f"{r.effort_hours + r.learning_hours:g}"


def _summary(a: Assessment) -> list[str]:
    db, source = a.database, a.source
    lines = [f"# Assessment: {title(a)} ({source.engine}, {source.mode})", ""]
    if not a.complete:
        lines += ["> **INCOMPLETE SCAN** - parts of the source were not read; figures below are a lower bound.", ""]
        lines += [*(f"> - {item}" for item in a.not_scanned), ""]
    return [
        *lines,
        f"Target profile: **{a.profile_title}** · generated {a.generated_at}",
        "",
        "## Executive summary",
        "",
        " ".join(executive_summary(a)),
        "",
        f"**Recommendation.** {recommendation(a)}",
        "",
        f"- Effort: **{db.effort.hours:,.0f} h** (range {db.effort.low:,.0f}-{db.effort.high:,.0f} h), "
        f"database complexity **{db.complexity}** ({complexity_meaning(db.complexity)})",
        f"- Formula: {db.formula}",
        f"- Findings: {len(a.findings)} across {len(a.rules)} rules",
        "- Conversion outlook: " + ", ".join(f"{k} {v}" for k, v in sorted(a.outlook.items())),
        "- Objects: " + ", ".join(f"{k} {v}" for k, v in sorted(a.counts.items())),
        f"- Stored code: {a.code_lines:,} lines",
        "",
    ]


def _risks(a: Assessment) -> list[str]:
    lines = ["### Highest-severity items (blocker and high)", ""]
    lines += _table(
        ("rule", "severity", "what", "left", "objects", "hours"),
        [(r.rule_id, r.severity.value, r.title, r.left, r.objects, _hours(r)) for r in a.blockers(10)],
    )
    changes = a.behaviour_changes()
    if changes:
        lines += [
            "### Behaviour changes to test",
            "",
            "Code that converts without an error but behaves differently:",
            "",
        ]
        lines += _table(
            ("rule", "severity", "what changes", "places"),
            [(r.rule_id, r.severity.value, r.title, r.occurrences) for r in changes],
        )
    lines += ["## Findings by rule", ""]
    return lines + _table(
        ("rule", "severity", "category", "what", "occurrences", "converted", "hours", "remedy"),
        [
            (r.rule_id, r.severity.value, r.category, r.title, r.occurrences, r.converted, _hours(r), r.remedy)
            for r in a.rules
        ],
    )


def _effort_fit_sizing(a: Assessment) -> list[str]:
    lines = ["## Effort by schema", ""]
    lines += _table(
        ("schema", "objects", "hours", "low", "high", "complexity"),
        [
            (s.name, s.objects, f"{s.effort.hours:.1f}", f"{s.effort.low:.0f}", f"{s.effort.high:.0f}", s.complexity)
            for s in a.schemas
        ],
    )
    lines += [f"## Target fit: {a.profile_title}", ""]
    fit = [(f.rule_id, f.severity.value, f.object_name, f.message) for f in a.fit]
    lines += _table(("rule", "severity", "object", "why"), fit) if fit else ["Every object fits.", ""]
    lines += ["## Sizing", ""]
    lines += _table(("item", "recommendation", "based on"), [(s.item, s.recommendation, s.basis) for s in a.sizing])
    lines += ["## Most effort by object", ""]
    return lines + _table(
        ("object", "kind", "complexity", "hours", "formula"),
        [(o.name, o.kind, o.complexity, f"{o.effort.hours:.2f}", o.formula) for o in a.objects[:50]],
    )


def markdown(assessment: Assessment) -> str:
    return "\n".join([*_summary(assessment), *_risks(assessment), *_effort_fit_sizing(assessment)]) + "\n"
