"""assessment.json: the Assessment as a versioned document (schema in docs/assessment-json.md).

Version 1. Readers must refuse a newer major version; fields may be added within a version.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from assessments.analysis import Assessment
from migrate.model import Finding, to_data

FORMAT = "aurora-migrate/assessment"
VERSION = 1


def title(a: Assessment) -> str:
    """The database name, else the export folder's name, else the engine."""
    if a.source.database:
        return a.source.database
    if a.source.files:
        return Path(a.source.files[0]).parent.name or a.source.engine
    return a.source.engine


def finding_row(finding: Finding) -> dict[str, Any]:
    """A finding flattened for tables: file and line as their own fields."""
    location = finding.location
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "category": finding.category,
        "object_kind": finding.object_kind,
        "object_name": finding.object_name,
        "file": location.file if location and location.file else "",
        "line": location.line if location and location.line else None,
        "message": finding.message,
        "snippet": finding.snippet,
        "remedy": finding.remedy,
        "effort_hours": finding.effort_hours,
    }


def _rounded(value: Any) -> Any:
    """Hours to 3 decimals: sums of weights otherwise print as 94.04300000000002."""
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def document(assessment: Assessment) -> dict[str, Any]:
    # findings are written as flat rows; converting them as dataclasses first would double the memory
    data = _rounded(to_data(replace(assessment, findings=())))
    data["findings"] = [finding_row(f) for f in assessment.findings]
    data["top_blockers"] = [r.rule_id for r in assessment.blockers(10)]
    data["code_lines"] = assessment.code_lines
    data["fit"] = {
        "profile": assessment.profile,
        "fits": not any(f.severity.rank >= 3 for f in assessment.fit),
        "objects_not_fitting": len({(f.object_kind, f.object_name) for f in assessment.fit}),
    }
    return {"format": FORMAT, "version": VERSION, "data": data}


PRETTY_LIMIT = 2000  # findings; beyond this json's pure-Python indenting encoder costs seconds


def indent_for(findings: int) -> int | None:
    """Indented for a person to read when small, compact (C encoder) when large; jq reads both."""
    return 2 if findings <= PRETTY_LIMIT else None


def dumps(assessment: Assessment) -> str:
    indent = indent_for(len(assessment.findings))
    separators = None if indent else (",", ":")
    return json.dumps(document(assessment), indent=indent, separators=separators, ensure_ascii=False) + "\n"
