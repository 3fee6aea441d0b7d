"""migration.toml: interpolation, overrides, and clear errors for every kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.config import PROJECT_FILE, load_settings, render_template
from migrate.errors import ConfigError
from migrate.model.comparison import Policy


def project(tmp_path: Path, body: str) -> Path:
    (tmp_path / PROJECT_FILE).write_text(body, encoding="utf-8")
    return tmp_path


def test_template_loads_with_every_default(tmp_path: Path) -> None:
    settings = load_settings(project(tmp_path, render_template("demo")), env={})
    assert settings.name == "demo"
    assert settings.target.url == "" and settings.target.profile == "aurora-postgresql"
    assert settings.validation.empty_string_is_null is None and settings.validation.segment_rows == 1_000  # auto
    assert Policy.of(settings.validation) == Policy()  # the template's knobs are the validators' defaults


@pytest.mark.parametrize(("text", "value"), [('"auto"', None), ('"True"', True), ('"false"', False), ("true", True)])
def test_auto_knobs_read_auto_true_or_false(tmp_path: Path, text: str, value: bool | None) -> None:
    settings = load_settings(project(tmp_path, f"[validation]\nempty_string_is_null = {text}\n"), env={})
    assert settings.validation.empty_string_is_null is value
    assert Policy.of(settings.validation).empty_string_is_null is value


def test_env_interpolation_and_defaults(tmp_path: Path) -> None:
    body = '[source]\nurl = "oracle://${ORA_USER}@db:1521/?service_name=${SVC:-ORCL}"\nschemas = ["${S1}", "SALES"]\n'
    settings = load_settings(project(tmp_path, body), env={"ORA_USER": "scott", "S1": "HR"})
    assert settings.source.url == "oracle://scott@db:1521/?service_name=ORCL"
    assert settings.source.schemas == ("HR", "SALES")


def test_cli_overrides_win(tmp_path: Path) -> None:
    body = '[target]\nurl = "postgresql://a@h/db"\n[validation]\nthreads = 2\n'
    settings = load_settings(
        project(tmp_path, body), env={}, overrides={"target.url": "postgresql://b@h/db", "validation.threads": "8"}
    )
    assert settings.target.url == "postgresql://b@h/db"
    assert settings.validation.threads == 8


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = load_settings(project(tmp_path, ""), env={})
    with pytest.raises(AttributeError):
        settings.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("body", "message", "hint"),
    [
        ('[source]\nurl = "${NOPE}"\n', "environment variable NOPE is not set", "export NOPE"),
        ("[source\nurl = 1\n", "not valid TOML", "fix the line"),
        ('[sourse]\nurl = ""\n', "unknown section [sourse]", "did you mean 'source'"),
        ('[target]\nulr = ""\n', "unknown key target.ulr", "did you mean 'url'"),
        ('[validation]\nthreads = "many"\n', "validation.threads must be a number", ""),
        ('[conversion]\nstrict = "perhaps"\n', "conversion.strict must be true or false", ""),
        ('[target]\nprofile = "aurora-mysql"\n', "target.profile 'aurora-mysql' is not known", "aurora-dsql"),
    ],
)
def test_bad_files_name_the_problem_and_the_fix(tmp_path: Path, body: str, message: str, hint: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(project(tmp_path, body), env={})
    assert message in caught.value.message
    assert str(tmp_path / PROJECT_FILE) in caught.value.message
    assert hint in caught.value.hint


def test_missing_project_file_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path / "nowhere", env={})
    assert "aurora-migrate init" in caught.value.hint
