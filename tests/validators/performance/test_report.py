"""The reports of a run: the HTML is one self-contained file with the latency chart and both texts per query; the
JUnit file has one case per query; the text names each cause and its fix."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from validators.performance.html import latency_chart, to_html
from validators.performance.report import to_junit, to_text
from validators.performance.result import Cause, PerformanceReport, QueryResult, SideRun

SETTINGS = {"iterations": 3, "warmup": 1, "concurrency": 1, "threshold": 1.5, "min_difference_ms": 1.0, "timeout_s": 30.0, "allow_writes": False}  # fmt: skip


def _report() -> PerformanceReport:
    slow = QueryResult(
        "orders_of_customer", "SELECT * FROM orders WHERE customer_id = :c", "SELECT * FROM orders WHERE customer_id = 42",
        "SELECT * FROM orders WHERE customer_id = 42", status="regression", summary="50.0x slower", ratio=50.0,
        source=SideRun([0.2, 0.3, 0.25], 10, "h"), target=SideRun([12.0, 14.0, 13.0], 10, "h"),
        causes=[Cause("PERF-SEQSCAN-001", "sequential scan of orders <big>", "CREATE INDEX ON orders (customer_id)")],
    )  # fmt: skip
    fine = QueryResult("by_id", "SELECT 1", "SELECT 1", "SELECT 1", status="ok", ratio=1.0,
                       source=SideRun([1.0], 1, "h"), target=SideRun([1.0], 1, "h"))  # fmt: skip
    broken = QueryResult("broken", "SELECT nope", "SELECT nope", "SELECT nope", status="error", summary="target: no",
                         target=SideRun(error="column nope does not exist"))  # fmt: skip
    return PerformanceReport("postgresql://u:***@a/s", "postgresql://u:***@b/t", SETTINGS, [slow, fine, broken])


def test_html_is_self_contained_with_chart_texts_and_causes() -> None:
    page = to_html(_report())
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from a network
    assert (page.count("<svg") == 1 and "12 ms" in latency_chart(_report())) or "13 ms" in page
    assert "SELECT * FROM orders WHERE customer_id = 42" in page and "sequential scan of orders &lt;big&gt;" in page
    assert "fix: CREATE INDEX ON orders (customer_id)" in page and "column nope does not exist" in page


def test_junit_has_one_case_per_query() -> None:
    suite = ET.fromstring(to_junit(_report()).split("?>", 1)[1])
    assert [c.get("name") for c in suite] == ["orders_of_customer", "by_id", "broken"]
    assert (suite.get("failures"), suite.get("errors")) == ("1", "1")
    assert "PERF-SEQSCAN-001" in suite[0].find("failure").text


def test_text_names_the_cause_and_its_fix() -> None:
    text = to_text(_report())
    assert "REGRESSION orders_of_customer" in text
    assert "cause PERF-SEQSCAN-001: sequential scan of orders <big>" in text
    assert "fix: CREATE INDEX ON orders (customer_id)" in text
    assert text.endswith("3 queries: 1 ok, 1 slower, 0 different results, 1 could not run in 0.0s; exit 2")
