"""Reports from a ValidationReport: text, versioned JSON, HTML, JUnit XML, the DataFrame; no secret leaks."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from validators.report import to_html, to_json, to_junit, to_text
from validators.result import CheckResult, ValidationReport

DIFFERENT = {
    "kind": "different",
    "key": {"id": "7"},
    "count": 1,
    "columns": [{"column": "note", "source": "", "target": None}],
}


def report() -> ValidationReport:
    found = ValidationReport("postgresql://u:***@h/s", "postgresql://u:***@h/t", elapsed=1.5)
    found.checks = [
        CheckResult("counts", "public.a", "match", source_rows=3, target_rows=3),
        CheckResult("checksums", "public.a", "differ", differences=[DIFFERENT], difference_count=1, method="md5"),
        CheckResult("checksums", "public.b", "error", summary="password=hunter2 rejected"),
    ]
    return found


def test_text_lists_each_difference_with_its_columns():
    text = to_text(report())
    assert "different: id=7  [note: '' -> NULL]" in text
    assert "1 matched, 1 different, 1 could not run" in text and "exit 2" in text


def test_json_is_versioned_and_masks_secrets():
    data = json.loads(to_json(report()))
    assert (data["format"], data["version"], data["summary"]) == (
        "aurora-migrate-validation",
        1,
        {"match": 1, "differ": 1, "error": 1},
    )
    assert "hunter2" not in to_json(report())


def test_junit_has_one_case_per_table_per_check():
    suite = ET.fromstring(to_junit(report()))
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("counts", "public.a"),
        ("checksums", "public.a"),
        ("checksums", "public.b"),
    ]
    assert (suite.get("failures"), suite.get("errors")) == ("1", "1")


def test_html_is_self_contained():
    page = to_html(report())
    assert "<style>" in page and "src=" not in page and "href=" not in page


def test_dataframe_has_a_row_per_table_per_check():
    frame = report().dataframe()
    assert list(frame["status"]) == ["match", "differ", "error"] and frame.loc[0, "source_rows"] == 3


def test_a_retry_is_told_in_every_format_even_on_a_match():
    found = report()
    line = "target: server closed the connection unexpectedly; the connection was reopened and the query run again"
    found.checks[0].retries = [line]
    found.retries = ["source: terminating connection due to administrator command; reopened"]
    assert f"retried: {line}" in to_text(found) and "retried (catalogs and schema): source:" in to_text(found)
    assert json.loads(to_json(found))["checks"][0]["retries"] == [line]
    assert line in to_html(found)
    (out,) = ET.fromstring(to_junit(found)).find("testcase").findall("system-out")
    assert out.text == f"retried: {line}"


def test_html_leads_with_the_verdict_and_lists_differing_checks_first():
    page = to_html(report())
    assert "Incomplete:" in page  # a check could not run: never presented as a match
    order = [page.index(f'class="st st-{status}"') for status in ("differ", "error", "match")]
    assert order == sorted(order)
    assert "different: id=7  [note: &#39;&#39; -&gt; NULL]" in page and "hunter2" not in page


def test_a_second_run_keeps_the_report_of_the_one_before(tmp_path):  # type: ignore[no-untyped-def]
    from validators.report import write_reports

    first = report()
    write_reports(first, tmp_path, ("html", "junit", "text"))
    second = report()
    second.checks = second.checks[:1]
    write_reports(second, tmp_path, ("html", "junit", "text"))
    assert "public.b" in (tmp_path / "validation.previous.txt").read_text()
    assert "public.b" not in (tmp_path / "validation.txt").read_text()
    assert (tmp_path / "validation.previous.junit.xml").exists() and (tmp_path / "validation.previous.html").exists()
