"""Reports of a validation run: text summary, versioned JSON, self-contained HTML, JUnit XML for CI."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from migrate.errors import mask_secrets
from validators.result import CheckResult, ValidationReport

FORMATS = ("text", "json", "html", "junit")
FILES = {
    "text": "validation.txt",
    "json": "validation.json",
    "html": "validation.html",
    "junit": "validation.junit.xml",
}
MARK = {"match": "ok", "differ": "DIFFERENT", "error": "ERROR"}


def difference_line(d: dict[str, Any]) -> str:
    key = ", ".join(f"{k}={v}" for k, v in d["key"].items())
    count = f" ×{d['count']}" if d.get("count", 1) != 1 else ""
    columns = "; ".join(_column_text(c) for c in d.get("columns", []))
    return f"{d['kind'].replace('_', ' ')}: {key}{count}" + (f"  [{columns}]" if columns else "")


def _column_text(column: dict[str, Any]) -> str:
    if "source" in column and "target" in column:
        return f"{column['column']}: {_value(column['source'])} -> {_value(column['target'])}"
    return f"{column['column']}={_value(column.get('source', column.get('target')))}"  # a row one side holds


def _value(value: object) -> str:
    """SQL's spelling: NULL is not the string 'None', and '' must stay visibly different from it."""
    return "NULL" if value is None else repr(value)


def to_text(report: ValidationReport, limit: int = 20) -> str:
    lines = [f"validate {report.source} -> {report.target}"]
    lines += [f"  could not run: {p}" for p in report.problems]
    lines += [f"  retried (catalogs and schema): {r}" for r in report.retries]
    for check in report.checks:
        rows = "" if check.source_rows is None else f"  rows {check.source_rows} / {check.target_rows}"
        lines.append(f"{MARK[check.status]:<9} {check.check:<10} {check.table}{rows}  {check.summary}".rstrip())
        if check.method and check.status != "match":
            lines.append(f"          by {check.method}" + (f"; key: {check.key}" if check.key else ""))
        lines += [f"          - {difference_line(d)}" for d in check.differences[:limit]]
        if len(check.differences) > limit:
            lines.append(f"          ... {len(check.differences) - limit} more in the JSON/HTML report")
        lines += [f"          problem: {p}" for p in check.problems if p != check.summary]
        lines += [f"          note: {n}" for n in check.notes if check.status != "match"]
        lines += [f"          retried: {r}" for r in check.retries]
    errors = report.count("error") + len(report.problems)  # a run-level problem stops every check it would have run
    lines.append(
        f"{report.count('match')} matched, {report.count('differ')} different, {errors} could not run"
        f" in {report.elapsed:.1f}s; exit {report.exit_code}"
    )
    return mask_secrets("\n".join(lines))


def to_json(report: ValidationReport) -> str:
    return mask_secrets(json.dumps(report.as_dict(), indent=2, default=str, ensure_ascii=False))


CSS = """body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}
.match{background:#e8f6e8}.differ{background:#fdecea}.error{background:#fff4d6}.small{color:#666;font-size:12px}
.pill{display:inline-block;padding:2px 10px;border-radius:10px;margin-right:8px;font-weight:600}"""


def _row(check: CheckResult) -> str:
    e = html.escape
    details = "".join(f"<li>{e(difference_line(d))}</li>" for d in check.differences[:200])
    details += "".join(f"<li>problem: {e(p)}</li>" for p in check.problems)
    notes = "".join(f"<div class=small>{e(n)}</div>" for n in check.notes)
    notes += "".join(f"<div class=small>retried: {e(r)}</div>" for r in check.retries)
    rows = "" if check.source_rows is None else f"{check.source_rows} / {check.target_rows}"
    return (
        f"<tr class={check.status}><td>{e(check.check)}</td><td>{e(check.table)}</td><td>{MARK[check.status]}</td>"
        f"<td>{rows}</td><td>{e(check.summary)}<ul>{details}</ul>{notes}</td>"
        f"<td class=small>{e(check.method)}<br>{e(check.key)}</td><td>{check.elapsed:.2f}s</td></tr>"
    )


def to_html(report: ValidationReport) -> str:
    e = html.escape
    pills = "".join(
        f"<span class='pill {s}'>{report.count(s)} {w}</span>"
        for s, w in (("match", "matched"), ("differ", "different"), ("error", "could not run"))
    )
    problems = "".join(f"<p class=error>could not run: {e(p)}</p>" for p in report.problems)
    problems += "".join(f"<p class=small>retried (catalogs and schema): {e(r)}</p>" for r in report.retries)
    body = "".join(_row(c) for c in report.checks)
    page = (
        f"<!doctype html><html><head><meta charset=utf-8><title>Validation report</title><style>{CSS}</style></head>"
        f"<body><h1>Validation report</h1><p>{e(report.source)} &rarr; {e(report.target)}<br>"
        f"<span class=small>started {e(report.started)}, {report.elapsed:.1f}s, exit code {report.exit_code}</span></p>"
        f"<p>{pills}</p>{problems}<table><tr><th>check</th><th>table</th><th>result</th><th>rows source / target</th>"
        f"<th>details</th><th>method</th><th>time</th></tr>{body}</table></body></html>"
    )
    return mask_secrets(page)


def to_junit(report: ValidationReport) -> str:
    suite = ET.Element(
        "testsuite",
        name="aurora-migrate validate",
        tests=str(len(report.checks) + len(report.problems)),
        failures=str(report.count("differ")),
        errors=str(report.count("error") + len(report.problems)),
        time=f"{report.elapsed:.3f}",
    )
    for problem in report.problems:
        case = ET.SubElement(suite, "testcase", classname="validate", name="run")
        ET.SubElement(case, "error", message=problem)
    for check in report.checks:
        case = ET.SubElement(suite, "testcase", classname=check.check, name=check.table, time=f"{check.elapsed:.3f}")
        if check.retries:
            ET.SubElement(case, "system-out").text = "\n".join(f"retried: {r}" for r in check.retries)
        if check.status != "match":
            tag = "failure" if check.status == "differ" else "error"
            node = ET.SubElement(case, tag, message=check.summary or f"{check.difference_count} differences")
            node.text = "\n".join([difference_line(d) for d in check.differences] + check.problems)
    return mask_secrets(ET.tostring(suite, encoding="unicode", xml_declaration=True))


RENDER = {"text": to_text, "json": to_json, "html": to_html, "junit": to_junit}


def write_reports(report: ValidationReport, folder: Path, formats: tuple[str, ...]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in formats:
        path = folder / FILES[name]
        path.write_text(RENDER[name](report), encoding="utf-8")
        written.append(path)
    return written
