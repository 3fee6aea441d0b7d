"""SYS_CONTEXT('USERENV', <NLS parameter>): the Oracle session's language settings, as project settings.

Oracle answers these from the session's NLS settings (set by the client's NLS_LANG or ALTER SESSION); PostgreSQL
has no such session values. The conversion settings `nls_language`, `nls_territory` and `nls_characterset` (and
`nls_date_format`) say what the applications' sessions use, and each parameter becomes
`COALESCE(current_setting('oracle_userenv.<parameter>', true), '<value>')`: the setting's value, unless a role,
a database or a session sets the custom parameter (ALTER ROLE app SET oracle_userenv.lang = 'D' is the
ALTER SESSION SET NLS_LANGUAGE = GERMAN of the target).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from converters.rewrites.calls import call
from converters.rewrites.common import Context, RewriteOptions

# NLS_LANGUAGE -> its abbreviation, what SYS_CONTEXT('USERENV', 'LANG') returns (upper case).
# Oracle Database Globalization Support Guide, "Languages" (Oracle Supported Languages table).
LANGUAGE_ABBREVIATIONS: dict[str, str] = {
    "AMERICAN": "US", "ARABIC": "AR", "BENGALI": "BN", "BRAZILIAN PORTUGUESE": "PTB", "BULGARIAN": "BG",
    "CANADIAN FRENCH": "FRC", "CATALAN": "CA", "SIMPLIFIED CHINESE": "ZHS", "CROATIAN": "HR", "CZECH": "CS",
    "DANISH": "DK", "DUTCH": "NL", "EGYPTIAN": "EG", "ENGLISH": "GB", "ESTONIAN": "ET", "FINNISH": "SF",
    "FRENCH": "F", "GERMAN DIN": "DIN", "GERMAN": "D", "GREEK": "EL", "HEBREW": "IW", "HUNGARIAN": "HU",
    "ICELANDIC": "IS", "INDONESIAN": "IN", "ITALIAN": "I", "JAPANESE": "JA", "KOREAN": "KO",
    "LATIN AMERICAN SPANISH": "ESA", "LATVIAN": "LV", "LITHUANIAN": "LT", "MALAY": "MS", "MEXICAN SPANISH": "ESM",
    "NORWEGIAN": "N", "POLISH": "PL", "PORTUGUESE": "PT", "ROMANIAN": "RO", "RUSSIAN": "RU", "SLOVAK": "SK",
    "SLOVENIAN": "SL", "SPANISH": "E", "SWEDISH": "S", "THAI": "TH", "TRADITIONAL CHINESE": "ZHT",
    "TURKISH": "TR", "UKRAINIAN": "UK", "VIETNAMESE": "VN",
}  # fmt: skip


def _lang(o: RewriteOptions) -> str | None:
    return LANGUAGE_ABBREVIATIONS.get(o.nls_language.upper())


def _known(o: RewriteOptions, value: str) -> str | None:
    return value if o.nls_language.upper() in LANGUAGE_ABBREVIATIONS else None


# USERENV parameter -> its value from the settings (None: the setting holds no value Oracle would accept)
NLS_PARAMETERS: dict[str, Callable[[RewriteOptions], str | None]] = {
    "LANG": _lang,
    "LANGUAGE": lambda o: _known(o, f"{o.nls_language.upper()}_{o.nls_territory.upper()}.{o.nls_characterset.upper()}"),
    "NLS_TERRITORY": lambda o: o.nls_territory.upper(),
    "NLS_DATE_LANGUAGE": lambda o: _known(o, o.nls_language.upper()),
    "NLS_DATE_FORMAT": lambda o: o.nls_date_format,
    "NLS_CALENDAR": lambda o: "GREGORIAN",  # the only calendar PostgreSQL's to_char knows
}


def nls_parameter(parameter: str, node: exp.Expression, ctx: Context) -> exp.Expression:
    """SYS_CONTEXT('USERENV', 'LANG') -> COALESCE(current_setting('oracle_userenv.lang', true), 'US')."""
    value = NLS_PARAMETERS[parameter](ctx.options)
    if value is None:
        ctx.flag("CONV-ORA-FUNC-001", node, f"SYS_CONTEXT('USERENV', '{parameter}'): conversion.nls_language "
                 f"{ctx.options.nls_language!r} is not an Oracle language name")  # fmt: skip
        return node
    setting = call("current_setting", exp.Literal.string(f"oracle_userenv.{parameter.lower()}"), exp.true())
    return exp.Coalesce(this=setting, expressions=[exp.Literal.string(value)])
