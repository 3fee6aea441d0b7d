"""assessment.html: one self-contained file (inline CSS, JS and SVG; nothing fetched from a network)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import jinja2

import assessments.report.charts as charts
from assessments.analysis import Assessment
from assessments.report.document import finding_row, title
from assessments.report.summary import complexity_meaning, executive_summary, recommendation, version_note
from assessments.scoring import BASE_EFFORT, CLASSES, RANGE
from migrate import __version__
from migrate.model import Severity

TEMPLATES = Path(__file__).parent / "templates"
CLASS_ORDER = ("auto", "simple", "medium", "complex")
# rows the HTML tables hold: a browser stays responsive; the full lists are in the CSV/JSON/SARIF
HTML_ROWS = 5000
KIND_LABELS = {
    "materialized_view": "materialized view",
    "package_body": "package body",
    "type_body": "type body",
    "db_link": "database link",
}


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _charts(a: Assessment) -> dict[str, Any]:
    outlook = [(name, a.outlook.get(name, 0), charts.CLASS_COLOURS[name]) for name in CLASS_ORDER]
    by_severity = Counter(f.severity.value for f in a.findings)
    severities = [(s.value, by_severity.get(s.value, 0), charts.SEVERITY_COLOURS[s.value]) for s in reversed(Severity)]
    by_category = Counter(f.category or "other" for f in a.findings).most_common(10)
    kinds = sorted(a.counts.items(), key=lambda kv: -kv[1])
    priced = [r for r in a.rules if r.effort_hours + r.learning_hours > 0]  # what convert leaves costs hours
    top_rules = sorted(priced, key=lambda r: -(r.effort_hours + r.learning_hours))[:12]
    schemas = [(s.name, s.effort.low, s.effort.hours, s.effort.high) for s in a.schemas]
    return {
        "outlook_donut": charts.donut(outlook, str(sum(a.outlook.values())), "objects"),
        "outlook_legend": charts.legend(outlook),
        "kinds": charts.hbars([(KIND_LABELS.get(k, k), v, "#0ea5e9") for k, v in kinds]),
        "severity": charts.hbars(severities),
        "category": charts.hbars([(c, n, "#6366f1") for c, n in by_category]),
        "rules_effort": charts.hbars(
            [
                (r.rule_id, r.effort_hours + r.learning_hours, charts.SEVERITY_COLOURS[r.severity.value])
                for r in top_rules
            ],
            unit=" h",
        ),
        "schemas": charts.range_bars(schemas),
    }


def _detail_rows(a: Assessment) -> list[dict[str, Any]]:
    """Finding rows for the HTML, with file paths shown relative to the export folder they share."""
    rows = [finding_row(f) for f in a.findings[:HTML_ROWS]]
    files = {r["file"] for r in rows if r["file"]}
    try:
        common = os.path.commonpath(list(files)) if files else ""
    except ValueError:  # relative and absolute paths mixed
        common = ""
    if len(files) == 1:
        common = os.path.dirname(common)
    for row in rows:
        short = os.path.relpath(row["file"], common) if common and row["file"] else row["file"]
        row["where"] = (
            f"{short}:{row['line']}"
            if row["line"] and short
            else (short or (f"line {row['line']}" if row["line"] else ""))
        )
    return rows


def _inventory_matrix(a: Assessment) -> dict[str, Any]:
    """Objects per schema and kind (inventory objects only)."""
    counted = Counter((o.schema, o.kind) for o in a.objects if o.kind in a.counts)
    schemas = sorted({schema for schema, _ in counted})
    kinds = sorted(a.counts, key=lambda k: -a.counts[k])
    return {"schemas": schemas, "kinds": kinds, "cells": counted}


def _dependencies(a: Assessment) -> dict[str, Any]:
    referenced = Counter(d.target for d in a.dependencies).most_common(15)
    return {"rows": a.dependencies[:2000], "total": len(a.dependencies), "most_referenced": referenced}


def context(a: Assessment) -> dict[str, Any]:
    db = a.database
    blockers = sum(1 for f in a.findings if f.severity is Severity.BLOCKER)
    highs = sum(1 for f in a.findings if f.severity is Severity.HIGH)
    fit_objects = len({(f.object_kind, f.object_name) for f in a.fit})
    return {
        "a": a,
        "db": db,
        "title": title(a),
        "version": __version__,
        "person_days": (db.effort.low / 8, db.effort.hours / 8, db.effort.high / 8),
        "blocker_count": blockers,
        "high_count": highs,
        "fit_objects": fit_objects,
        "object_total": sum(a.counts.values()),
        "blockers": a.blockers(10),
        "charts": _charts(a),
        "findings": _detail_rows(a),
        "objects": a.objects[:HTML_ROWS],
        "html_rows": HTML_ROWS,
        "deps": _dependencies(a),
        "matrix": _inventory_matrix(a),
        "weights": [(k, *v) for k, v in BASE_EFFORT.items()],
        "ranges": [(s.value, *v) for s, v in RANGE.items()],
        "classes": [(n, "∞" if h == float("inf") else f"{h:g}", s.value, why) for n, h, s, why in CLASSES],
        "kind_labels": KIND_LABELS,
        "summary_sentences": executive_summary(a),
        "recommendation": recommendation(a),
        "complexity_meaning": complexity_meaning(db.complexity),
        "version_note": version_note(a),
    }


def render(a: Assessment) -> str:
    return _environment().get_template("assessment.html.j2").render(**context(a))
