"""findings.sarif: SARIF 2.1.0, so code-scanning tools (GitHub, VS Code, Azure DevOps) show the findings
at their file:line. Objects read from a live catalog have no file: they get a logical location only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assessments.analysis import Assessment
from assessments.report.document import indent_for
from assessments.rules import all_rules
from migrate import __version__
from migrate.model import Finding, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# SARIF has three levels; a blocker and a high both stop a build
LEVELS: dict[Severity, str] = {
    Severity.BLOCKER: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


def _rule(rule_id: str, example: Finding) -> dict[str, Any]:
    rule = all_rules().get(rule_id)
    title = rule.title if rule else example.message
    return {
        "id": rule_id,
        "name": rule_id.replace("-", ""),
        "shortDescription": {"text": title},
        "fullDescription": {"text": title},
        "help": {"text": example.remedy or "see the assessment report", "markdown": f"**Remedy:** {example.remedy}"},
        "defaultConfiguration": {"level": LEVELS[example.severity]},
        "properties": {
            "category": example.category,
            "severity": example.severity.value,
            "effort_hours": rule.effort if rule else example.effort_hours,
            "learning_hours": rule.learning if rule else 0.0,
        },
    }


def _location(finding: Finding, base: Path | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "logicalLocations": [{"fullyQualifiedName": finding.object_name, "kind": finding.object_kind or "object"}]
    }
    location = finding.location
    if location and location.file:
        path = Path(location.file)
        if base is not None and path.is_absolute():
            try:
                path = path.relative_to(base)
            except ValueError:
                pass
        region: dict[str, Any] = {"startLine": location.line or 1}
        if location.end_line:
            region["endLine"] = location.end_line
        if finding.snippet:
            region["snippet"] = {"text": finding.snippet}
        out["physicalLocation"] = {"artifactLocation": {"uri": path.as_posix()}, "region": region}
    return out


def sarif(assessment: Assessment, base: Path | None = None) -> dict[str, Any]:
    first: dict[str, Finding] = {}
    for finding in assessment.findings:
        first.setdefault(finding.rule_id, finding)
    index = {rule_id: i for i, rule_id in enumerate(first)}
    results = [
        {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": LEVELS[f.severity],
            "message": {"text": f"{f.object_name}: {f.message}" if f.object_name else f.message},
            "locations": [_location(f, base)],
            "properties": {"severity": f.severity.value, "effort_hours": f.effort_hours},
        }
        for f in assessment.findings
    ]
    run = {
        "tool": {
            "driver": {
                "name": "aurora-migrate",
                "version": __version__,
                "informationUri": "https://github.com/aurora-migrate/aurora-migrate",
                "rules": [_rule(rule_id, finding) for rule_id, finding in first.items()],
            }
        },
        "results": results,
        "properties": {"complete": assessment.complete, "profile": assessment.profile},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def dumps(assessment: Assessment, base: Path | None = None) -> str:
    indent = indent_for(len(assessment.findings))
    separators = None if indent else (",", ":")
    return json.dumps(sarif(assessment, base), indent=indent, separators=separators, ensure_ascii=False) + "\n"
