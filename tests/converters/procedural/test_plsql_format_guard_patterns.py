"""The run-time guard of a format model held in a variable admits only what needs no translation: on PostgreSQL,
every element spelling it admits (alone and in models built of them) prints what the static translation of the
same literal prints, and the spellings and sequences Oracle reads otherwise are refused."""

from __future__ import annotations

import random

from converters.rewrite import convert_expression
from converters.rewrites.options import RewriteOptions
from converters.rewrites.oracle_format_guard import date_model_pattern, number_model_pattern
from converters.rewrites.oracle_formats import (
    CAPITALISED,
    DIFFERENT,
    NUMBER_SAME,
    SAME,
    SEPARATORS,
    SUFFIXES,
    UNGUARDED,
    translate_format,
)

STAMPS = ("2026-12-07 05:10:31.123456", "2024-02-29 23:59:59", "1999-01-03 00:00:00", "2000-07-16 12:30:05.5")
NUMBERS = ("0", "1", "-1", "1234.5", "-0.25", "98765.4321", "7")


def _admitted(pg, pattern: str, models: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    found = pg.rows("SELECT m FROM unnest(%s::text[]) AS m WHERE m ~ %s", (models, pattern))
    return [m for (m,) in found]


def _spellings(element: str) -> list[str]:
    return [element, element.lower(), element.capitalize(), element[:1].lower() + element[1:]]


def _same_text(pg, models: list[str]) -> dict[str, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """The models whose PostgreSQL text differs from their static translation's, on any of the timestamps."""
    pairs = [(m, translate_format(m)[0]) for m in models]
    rows = pg.rows(
        "SELECT m, to_char(s::timestamp, m), to_char(s::timestamp, t) FROM unnest(%s::text[], %s::text[]) AS x(m, t)"
        " CROSS JOIN unnest(%s::text[]) AS s",
        ([m for m, _ in pairs], [t for _, t in pairs], list(STAMPS)),
    )
    differ: dict[str, list[tuple[str, str]]] = {}
    for model, got, translated in rows:
        if got != translated:
            differ.setdefault(model, []).append((got, translated))
    return differ


def test_every_admitted_element_spelling_prints_what_its_translation_prints(pg) -> None:  # type: ignore[no-untyped-def]
    spellings = sorted({s for e in (*SAME, *DIFFERENT) for s in _spellings(e)})
    admitted = _admitted(pg, date_model_pattern(), spellings)
    assert _same_text(pg, admitted) == {}
    # upper and lower case of every element of SAME the guard keeps, the capitalised names too; nothing else
    kept = [e for e in SAME if e not in UNGUARDED and e not in SUFFIXES]  # TH only after an element
    expected = {e for e in kept} | {e.lower() for e in kept} | {e.capitalize() for e in kept if e in CAPITALISED}
    assert set(admitted) == expected


def test_models_built_of_admitted_elements_print_what_their_translation_prints(pg) -> None:  # type: ignore[no-untyped-def]
    kept = [s for e in SAME if e not in UNGUARDED for s in _spellings(e)]  # TH too: refused where misplaced
    parts = kept + list(SEPARATORS) + ['"at"', '" of "']
    rng = random.Random(14)  # fixed: the same models every run
    models = sorted({"".join(rng.choice(parts) for _ in range(rng.randint(1, 6))) for _ in range(3000)})
    admitted = _admitted(pg, date_model_pattern(), models)
    assert len(admitted) > 500  # the draw is not mostly refused
    assert _same_text(pg, admitted) == {}


def test_models_oracle_reads_otherwise_are_refused(pg) -> None:  # type: ignore[no-untyped-def]
    # Oracle (SQL Language Reference, Format Models): FM toggles fill mode for the rest of the model (PostgreSQL:
    # the next element); FF/RR/SP/TZR/X/E... are elements PostgreSQL spells otherwise or lacks; I then D is two
    # elements in Oracle, ID one in PostgreSQL (ISO weekday), SS SS two seconds, SSSS PostgreSQL's seconds past
    # midnight; DS is Oracle's short date style; 'Dd' is Oracle's DD (elements are case-blind), PostgreSQL's D
    # and a letter d; MONth is Oracle's MONTH, PostgreSQL's MON and th; a backslash in quotes escapes only in
    # PostgreSQL; '' is Oracle's NULL (never a model).
    refused = ["FMDD.MM.YYYY", "DD.FMMM", "HH24:MI:SS.FF3", "FF9", "DD-MON-RR", "DDSP", "DDSPTH", "YEAR", "TZR",
               "SSSSS", "IDDD", "IYYY-ID", "SSSS", "HH:MI:SSSS", "DS", "DL", "TS", "X", "Dd.Mm.Yyyy", "MONth",
               "Y,YYY", "SCC", "TZH:TZM", "TH", "THhh", "MONTH-TH", '"a\\"b"', '"open', "DD!MM", "", "E", "EE"]  # fmt: skip
    assert _admitted(pg, date_model_pattern(), refused) == []
    plain = ["DD.MM.YYYY", "yyyy-mm-dd hh24:mi:ss", "Month DD, YYYY", "DD-MON-YYYY", "Dy DD Mon", "IYYY-IW",
             "HH12:MI AM", '"Q"Q YYYY', "DDTH \"of\" Month", "ddth", "HH24th", "J", "YYYYMMDDHH24MISS", "day, dd month yyyy"]  # fmt: skip
    assert _admitted(pg, date_model_pattern(), plain) == plain


def test_number_models_admitted_print_oracles_documented_text(pg) -> None:  # type: ignore[no-untyped-def]
    # Oracle SQL Language Reference, Format Models, "Results of Number Conversions" (and the G/D/MI/PR/S rows of
    # the number format elements table, with NLS_NUMERIC_CHARACTERS '.,')
    documented = [
        ("0", "99.99", "   .00"),
        ("0.1", "99.99", "   .10"),
        ("-0.2", "99.99", "  -.20"),
        ("0", "90.99", "  0.00"),
        ("0.1", "90.99", "  0.10"),
        ("-0.2", "90.99", " -0.20"),
        ("0", "9999", "    0"),
        ("1", "9999", "    1"),
        ("123.456", "999.999", " 123.456"),
        ("-123.456", "999.999", "-123.456"),
        ("123.456", "FM999.009", "123.456"),
        ("123.45", "FM999.009", "123.45"),
        ("123.0", "FM999.009", "123.00"),
        ("1234567890", "9999999999S", "1234567890+"),
        ("-1234567890", "9999999999S", "1234567890-"),
        ("1234.5", "FM999G990D00", "1,234.50"),
        ("-1234.5", "9G999D99MI", "1,234.50-"),  # a trailing sign takes no leading place (S row above)
        ("1234.5", "9G999D99MI", "1,234.50 "),
        ("12", "999PR", "  12 "),  # PR: a positive value has a leading and a trailing blank
        ("-12", "999PR", " <12>"),
        ("12", "S999", " +12"),
    ]
    models = [m for _, m, _ in documented]
    assert _admitted(pg, number_model_pattern(), models) == models
    got = pg.rows(
        "SELECT to_char(n::numeric, m) FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS x(n, m, i) ORDER BY i",
        ([n for n, _, _ in documented], models),
    )
    assert [g for (g,) in got] == [text for _, _, text in documented]


def test_number_models_in_lower_case_print_what_upper_case_prints(pg) -> None:  # type: ignore[no-untyped-def]
    models = ["fm999g990d00", "9g999d99mi", "999pr", "s999", "99.99s"]
    assert _admitted(pg, number_model_pattern(), models) == models
    rows = pg.rows(
        "SELECT m, to_char(n::numeric, m), to_char(n::numeric, upper(m))"
        " FROM unnest(%s::text[]) AS m CROSS JOIN unnest(%s::text[]) AS n",
        (models, list(NUMBERS)),
    )
    assert [r for r in rows if r[1] != r[2]] == []


def test_number_models_oracle_reads_otherwise_are_refused(pg) -> None:  # type: ignore[no-untyped-def]
    # B (blank zero), EEEE, L/C/U/$ (currency), X (hex), V, RN, TM are outside the admitted elements; a group
    # separator cannot begin the model nor follow the decimal character; S at both ends; '' is NULL in Oracle
    refused = ["B9999", "9.9EEEE", "L999.99", "$999", "XXXX", "99V99", "RN", "TM", "G999", "9D9G9", "S999S", "",
               "Fm999", "999MIS", "99.99.9"]  # fmt: skip
    assert _admitted(pg, number_model_pattern(), refused) == []
    assert set(NUMBER_SAME) >= {"9", "0", "D", "G"}


def test_the_rewrite_records_a_guard_only_where_one_is_written() -> None:
    options = RewriteOptions(procedural=True, date_columns=frozenset({"d"}), guarded_variables=frozenset({"p_fmt"}))
    guarded = convert_expression("TO_CHAR(d, p_fmt)", "oracle", options)
    assert guarded.sql == "to_char(d, p_fmt)" and len(guarded.guards) == 1
    assert {f.rule_id for f in guarded.findings} == {"CONV-ORA-FORMAT-004"}
    assert guarded.guards[0].startswith("IF p_fmt !~ '^(?:") and "ERRCODE = 'UGF01'" in guarded.guards[0]
    # a view or DDL (no guarded variables), an expression, a value of unknown type: FORMAT-003 as before
    for sql, opts in (
        ("TO_CHAR(d, p_fmt)", RewriteOptions(date_columns=frozenset({"d"}))),
        ("TO_CHAR(d, p_fmt || 'x')", options),
        ("TO_CHAR(x, p_fmt)", options),
    ):
        found = convert_expression(sql, "oracle", opts)
        assert ({f.rule_id for f in found.findings}, found.guards) == ({"CONV-ORA-FORMAT-003"}, ()), sql
