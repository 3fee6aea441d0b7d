"""The validation knobs: one declaration (Comparison), and what Policy.resolved decides for a pair of engines."""

from __future__ import annotations

import pytest

from migrate.config import ValidationSettings
from migrate.model.comparison import EXACT_FLOAT_DIGITS, Comparison, Policy


@pytest.mark.parametrize(
    ("engines", "empty_is_null", "trailing", "digits"),
    [
        (("oracle", "postgresql"), True, False, 15),  # Oracle stores '' as NULL
        (("sqlserver", "postgresql"), False, True, 15),  # SQL Server compares 'a ' = 'a'
        (("postgresql", "postgresql"), False, False, EXACT_FLOAT_DIGITS),  # both render exact float text
    ],
)
def test_auto_knobs_are_decided_by_the_engines(
    engines: tuple[str, str], empty_is_null: bool, trailing: bool, digits: int
) -> None:
    policy = Policy().resolved(engines)
    assert (policy.empty_string_is_null, policy.ignore_trailing_spaces, policy.float_digits) == (
        empty_is_null,
        trailing,
        digits,
    )


def test_set_knobs_win_over_the_engines() -> None:
    policy = Policy(empty_string_is_null=False, float_tolerance=1e-9).resolved(("oracle", "postgresql"))
    assert policy.empty_string_is_null is False and policy.float_digits == 9
    assert Policy(float_tolerance=1e-30).resolved(("postgresql", "postgresql")).float_digits == 15  # at most 15


def test_the_project_settings_are_the_policy_knobs() -> None:
    """[validation] extends the one declaration; Policy.of copies exactly its knobs (not threads or segments)."""
    settings = ValidationSettings(empty_string_is_null=True, trim_char_padding=False, float_tolerance=0.001, threads=9)
    assert isinstance(settings, Comparison)
    assert Policy.of(settings) == Policy(empty_string_is_null=True, trim_char_padding=False, float_tolerance=0.001)


def test_the_tolerance_is_not_in_the_fingerprint_text() -> None:
    """A checkpoint's fingerprint holds the resolved policy's repr: float_digits carries the tolerance."""
    assert "float_tolerance" not in repr(Policy(float_tolerance=0.01))
