"""Reports of a validation run: text summary, versioned JSON, self-contained HTML, JUnit XML for CI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from migrate.errors import mask_data, mask_secrets
from validators.result import ValidationReport

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
    return json.dumps(mask_data(report.as_dict()), indent=2, default=str, ensure_ascii=False)


TEMPLATES = Path(__file__).parent / "templates"
ORDER = {"differ": 0, "error": 1, "match": 2}  # the HTML lists differing checks first, then those that could not run


def to_html(report: ValidationReport) -> str:
    """One self-contained page in the assessment report's look: the verdict, summary cards, and a sortable,
    filterable table of the checks with the differing keys of each, differing checks first."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    checks = sorted(report.checks, key=lambda c: (ORDER[c.status], c.table, c.check))
    page = env.get_template("validation.html.j2").render(
        source=report.source,
        target=report.target,
        started=report.started,
        elapsed=report.elapsed,
        exit_code=report.exit_code,
        checks=checks,
        tables=len({c.table for c in report.checks}),
        match=report.count("match"),
        differ=report.count("differ"),
        errors=report.count("error") + len(report.problems),
        difference_total=sum(c.difference_count for c in report.checks),
        problems=report.problems,
        retries=report.retries,
        marks=MARK,
        order=ORDER,
        line=difference_line,
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
    """The reports under `folder`. A report of an earlier run there (one a user may have open, or was told to open)
    is kept as validation.previous.*, not written over: a --resume run's report then sits beside the one before."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in formats:
        path = folder / FILES[name]
        if path.exists():
            path.replace(previous_report(path))
        path.write_text(RENDER[name](report), encoding="utf-8")
        written.append(path)
    return written


def previous_report(path: Path) -> Path:
    """validation.html -> validation.previous.html (validation.junit.xml -> validation.previous.junit.xml)."""
    stem, _, rest = path.name.partition(".")
    return path.with_name(f"{stem}.previous.{rest}")
