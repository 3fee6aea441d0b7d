"""How validation compares values that differ only by an engine's habit: the knobs a project sets once.

`Comparison` holds the knobs migration.toml's `[validation]` section sets (config's `ValidationSettings` adds the
run's sizing to them); `Policy` is what the validators compare by: the same knobs plus the ones the engines decide
and per-column overrides. A knob is declared here only, so the file, the CLI and the validators cannot drift apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace

from migrate.model.engines import ENGINES

# float_digits meaning "exact": the shortest text that reads back as the same double (17 significant digits at
# most). Only PostgreSQL<->PostgreSQL can render it on both sides; across engines floats compare at 15 digits.
EXACT_FLOAT_DIGITS = 17
CROSS_ENGINE_FLOAT_DIGITS = 15  # what a double keeps through Oracle's and SQL Server's decimal text


@dataclass(frozen=True)
class Comparison:
    """The comparison knobs of migration.toml's [validation]. `None` = auto, decided by the engines."""

    empty_string_is_null: bool | None = None  # Oracle stores '' as NULL: auto = on when either side does
    trim_char_padding: bool = True  # CHAR(n) padding is not data
    # relative tolerance for floats; 0 = as exact as the engines allow. Lowers Policy.float_digits (1e-9: 9 digits);
    # left out of the repr: the resolved float_digits carries it (a validation checkpoint's fingerprint)
    float_tolerance: float = field(default=0.0, repr=False)


@dataclass(frozen=True)
class Policy(Comparison):
    """How values compare in one validation run: the project's knobs plus what the engines decide."""

    ignore_trailing_spaces: bool | None = None  # SQL Server compares 'a ' = 'a': auto = on when a side is SQL Server
    # significant digits floats compare at; auto = from float_tolerance, else exact (EXACT_FLOAT_DIGITS) when both
    # sides render exact float text (Engine.exact_float_text: PostgreSQL), else CROSS_ENGINE_FLOAT_DIGITS
    float_digits: int | None = None
    lob_by_hash: bool = True  # LOB columns enter the row as their md5, never as text
    per_column: dict[str, Policy] = field(default_factory=dict)  # "table.column" -> override

    @classmethod
    def of(cls, knobs: Comparison) -> Policy:
        """The policy a project's knobs ask for (any subclass of Comparison, e.g. the [validation] settings)."""
        return cls(**{f.name: getattr(knobs, f.name) for f in fields(Comparison)})

    def resolved(self, engines: tuple[str, str]) -> Policy:
        """Every auto knob decided for this pair of engines."""
        known = [ENGINES[e] for e in engines if e in ENGINES]
        digits = _digits(self.float_tolerance) if self.float_digits is None else self.float_digits
        exact = all(e in ENGINES and ENGINES[e].exact_float_text for e in engines)
        return replace(
            self,
            empty_string_is_null=any(e.empty_string_is_null for e in known)
            if self.empty_string_is_null is None
            else self.empty_string_is_null,
            ignore_trailing_spaces=any(e.ignores_trailing_spaces for e in known)
            if self.ignore_trailing_spaces is None
            else self.ignore_trailing_spaces,
            float_digits=(EXACT_FLOAT_DIGITS if exact else CROSS_ENGINE_FLOAT_DIGITS) if digits is None else digits,
        )


def _digits(tolerance: float) -> int | None:
    """A relative float tolerance as significant digits; None for 0 (as exact as the engines allow)."""
    if tolerance <= 0:
        return None
    return max(1, min(CROSS_ENGINE_FLOAT_DIGITS, int(-math.log10(tolerance))))
