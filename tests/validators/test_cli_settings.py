"""migration.toml's [validation] settings reach the checks: '' vs NULL policy, segment size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import url_text


def _project(tmp_path, two_databases, body):
    tmp_path.mkdir(exist_ok=True)
    source, target = (url_text(u) for u in two_databases)
    (tmp_path / "migration.toml").write_text(
        f'[source]\nurl = "{source}"\n[target]\nurl = "{target}"\n[validation]\n{body}\n'
    )
    return str(tmp_path)


@pytest.mark.parametrize(("policy", "exit_code"), [('"auto"', 1), ('"false"', 1), ('"true"', 0)])
def test_empty_string_is_null_policy(two_databases, run_sql, cli, tmp_path, policy, exit_code):
    run_sql(two_databases[1], "UPDATE ints SET note = NULL WHERE id = 11")  # '' on the source
    project = _project(tmp_path, two_databases, f"empty_string_is_null = {policy}")
    result = cli("validate", "checksums", "--project", project, "--tables", "ints")
    assert result.exit_code == exit_code, result.output
    if exit_code:
        assert "different: id=11" in result.output


def test_a_bad_policy_value_is_one_clear_line(two_databases, cli, tmp_path):
    project = _project(tmp_path, two_databases, 'empty_string_is_null = "maybe"')
    result = cli("validate", "counts", "--project", project)
    assert result.exit_code == 2
    assert "validation.empty_string_is_null" in result.output and "auto" in result.output


def _segments_hashed(cli, project, out):
    result = cli("validate", "checksums", "--project", project, "--tables", "ints", "--format", "json", "--out", out)
    assert result.exit_code == 0, result.output
    notes = json.loads((Path(out) / "validation.json").read_text())["checks"][0]["notes"]
    return int(next(n for n in notes if "segment checksums" in n).split()[0])


def test_segment_rows_from_the_project_file(two_databases, cli, tmp_path):
    small = _segments_hashed(cli, _project(tmp_path / "a", two_databases, "segment_rows = 100"), str(tmp_path / "a1"))
    large = _segments_hashed(cli, _project(tmp_path / "b", two_databases, "segment_rows = 3000"), str(tmp_path / "b1"))
    assert small >= 3000 // 100 > large  # 3,000 rows in ints
