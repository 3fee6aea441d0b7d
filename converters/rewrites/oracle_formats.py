"""Oracle datetime format models -> PostgreSQL to_char/to_date/to_timestamp templates.

PostgreSQL's templates were modelled on Oracle's, so most elements are identical; the table lists only those
that differ or do not exist. Text inside double quotes is literal in both. Matching is longest-element-first and
case-insensitive; the case of month/day names (MON/Mon/mon) carries over as in Oracle.
"""

from __future__ import annotations

# Oracle element -> PostgreSQL element, or None when PostgreSQL has no equivalent (flagged, kept as written).
DIFFERENT: dict[str, str | None] = {
    "FF1": "FF1",
    "FF2": "FF2",
    "FF3": "MS",
    "FF4": "FF4",
    "FF5": "FF5",
    "FF6": "US",  # fraction digits
    "FF7": None,
    "FF8": None,
    "FF9": None,  # PostgreSQL keeps microseconds: printed as US and zeros (translate_format), not read
    "FF": "US",  # Oracle's default fraction precision is 6
    "RRRR": "YYYY",  # 4-digit input year; a 2-digit one is read by RR's rule (oracle_years)
    "RR": "YY",  # read as YY; Oracle windows 50-99 to the 1900s, PostgreSQL 70-99 (so 50-69 differ): flagged
    "SYYYY": None,
    "SYEAR": None,  # signed (BC) years
    "YEAR": None,  # year spelled in words
    "TS": None,
    "DS": None,
    "DL": None,  # NLS short/long date and time styles
    "X": None,  # radix character
    "E": None,
    "EE": None,  # era names (Japanese/Taiwan calendars)
    "SSSSS": "SSSS",  # seconds past midnight
    "TZR": "TZ",
    "TZD": "TZ",  # time zone region / abbreviation
    "SP": None,  # spelled numbers (DdSp = Fourteen): PostgreSQL has no such suffix
}

# Elements whose case is the case of the text they print (Month, MONTH, month); the others are case-blind in
# Oracle (Dd = DD) but not in PostgreSQL, so they are written in upper case.
CASED = frozenset(
    {"MONTH", "MON", "DAY", "DY", "AM", "PM", "A.M.", "P.M.", "AD", "BC", "A.D.", "B.C.", "RM", "TH", "FM", "FX"}
)

# Elements identical in PostgreSQL (kept so the tokenizer recognises them, longest first).
SAME = (
    "YYYY",
    "YYY",
    "YY",
    "Y",
    "IYYY",
    "IYY",
    "IY",
    "I",
    "Q",
    "MM",
    "MONTH",
    "MON",
    "RM",
    "WW",
    "IW",
    "W",
    "DDD",
    "DD",
    "D",
    "DAY",
    "DY",
    "J",
    "HH24",
    "HH12",
    "HH",
    "MI",
    "SS",
    "AM",
    "PM",
    "A.M.",
    "P.M.",
    "AD",
    "BC",
    "A.D.",
    "B.C.",
    "CC",
    "SCC",
    "TZH",
    "TZM",
    "FM",
    "FX",
    "TH",
)

# Elements translated but with a different meaning on some inputs: flagged like missing ones.
APPROXIMATE = {"RR": "RR read as YY: two-digit years 50-69 become 2050-2069 (Oracle: 1950-1969)"}
# Elements that print alike but read otherwise: flagged when the model parses (TO_DATE, TO_TIMESTAMP). Oracle's
# TO_DATE with YY "returns a year with the same first 2 digits as the current year" (Format Models, the RR
# element); PostgreSQL takes the year nearest 2020 (95 is 1995, Oracle's 2095); Y and YYY alike.
READ_APPROXIMATE = {
    "RRRR": "RRRR read as YYYY: a two-digit year stays in the first century (Oracle: RR's rule)",
    "YYY": "YYY read to the year nearest 2020 (Oracle: the current millennium's)",
    "YY": "YY read to the year nearest 2020: 70-99 become 1970-1999 (Oracle: the current century, 2070-2099)",
    "Y": "Y read to the year nearest 2020 (Oracle: the current decade's)",
}

ELEMENTS = sorted({*DIFFERENT, *SAME}, key=len, reverse=True)


# Elements a literal model cannot keep as written (flagged like missing ones): the same letters print otherwise.
NOT_KEPT = {
    "SCC": "SCC (PostgreSQL has no SCC: it prints S and the century)",
    "TZH": "TZH (PostgreSQL prints the session's offset, Oracle the value's own)",
    "TZM": "TZM (PostgreSQL prints the session's offset, Oracle the value's own)",
}


# Reading a two-digit year (oracle_years): the element read as four digits, the century put back after parsing
FULL_YEARS = {"RRRR": "YYYY", "RR": "YYYY", "YY": "YYYY"}


_YEARS = frozenset({"RRRR", "RR", "YYYY", "YYY", "YY", "Y", "SYYYY", "IYYY", "IYY", "IY", "I", "YEAR", "SYEAR"})
_MONTHS = frozenset({"MM", "MON", "MONTH", "RM", "DDD"})  # a day of the year sets the month too


def model_elements(model: str) -> list[str]:
    """The elements of a model (outside quoted text), upper case, in order."""
    found, i = [], 0
    while i < len(model):
        if model[i] == '"':
            end = model.find('"', i + 1)
            i = len(model) if end < 0 else end + 1
            continue
        element = next((e for e in ELEMENTS if model[i : i + len(e)].upper() == e), None)
        found.extend([element] if element else [])
        i += len(element) if element else 1
    return found


def year_elements(model: str) -> list[str]:
    """The year elements of a model (outside quoted text), upper case: ['RR'], ['YYYY'] ..."""
    return [e for e in model_elements(model) if e in _YEARS]


def default_fields(model: str) -> str:
    """What a model that reads a date lacks of the year and month, as the PostgreSQL template reading them first
    ('YYYY MM ', 'YYYY ', 'MM ' or ''). Oracle gives a missing year the current year and a missing month the current
    month (SQL Language Reference, Datetime Format Models: "the default date is the first day of the current month"
    ...); PostgreSQL's to_timestamp gives year 1 BC and January. A Julian day (J) sets the whole date."""
    elements = set(model_elements(model))
    if "J" in elements:
        return ""
    return ("" if elements & _YEARS else "YYYY ") + ("" if elements & _MONTHS else "MM ")


def translate_format(
    model: str, printing: bool = True, radix: str = "", full_years: bool = False
) -> tuple[str, list[str]]:
    """The PostgreSQL template for an Oracle format model, and the elements that have no equivalent. Oracle's FM
    toggles fill mode for the rest of the model (a second FM turns it off); PostgreSQL's FM applies to the next
    element only, so it is written before each element while the mode is on. `printing`: the model prints a value
    (TO_CHAR), where NOT_KEPT elements print otherwise; parsing reads them alike. `radix`: the decimal character
    of the sessions' territory, which X before FF stands for (none known, or another X: flagged)."""
    out, missing, i, fill = [], [], 0, False
    while i < len(model):
        if model[i] == '"':
            end = model.find('"', i + 1)
            end = len(model) - 1 if end < 0 else end
            out.append(model[i : end + 1])
            i = end + 1
            continue
        element = next((e for e in ELEMENTS if model[i : i + len(e)].upper() == e), None)
        if element is None:
            out.append(model[i])
            i += 1
            continue
        written = model[i : i + len(element)]
        i += len(element)
        if element == "FM":
            fill = not fill
            continue
        target = DIFFERENT.get(element, element) if element in DIFFERENT else written if element in CASED else element
        if full_years and element in FULL_YEARS:  # read as four digits, the century put back afterwards
            out.append(("FM" if fill else "") + FULL_YEARS[element])
            continue
        if printing and element in ("FF7", "FF8", "FF9"):  # PostgreSQL holds microseconds: the rest are zeros
            target = 'US"' + "0" * (int(element[2]) - 6) + '"'
        radix_here = element == "X" and radix and model[i : i + 2].upper() == "FF"  # SSXFF (XX alone: hexadecimal)
        target = f'"{radix}"' if radix_here else target
        if target is None:
            missing.append(written)
            target = written
        elif element in APPROXIMATE:
            missing.append(APPROXIMATE[element])
        elif element in READ_APPROXIMATE and not printing:
            missing.append(READ_APPROXIMATE[element])
        elif element in NOT_KEPT and printing:
            missing.append(NOT_KEPT[element])
        out.append(("FM" if fill and element not in SUFFIXES and element != "FX" else "") + target)
    return "".join(out), missing + _merged(out)


def _merged(pieces: list[str]) -> list[str]:
    """Elements PostgreSQL would read across the pieces Oracle reads apart (I then DD is IDD in Oracle, ID then D in
    PostgreSQL): each occurrence of one of PostgreSQL's own elements that is not a piece of its own."""
    starts, at = {}, 0
    for piece in pieces:
        starts[at] = piece.upper().removeprefix("FM")
        at += len(piece)
    text = "".join(p if not p.startswith('"') else " " * len(p) for p in pieces).upper()
    found = []
    for element in ONE_SIDED:  # PostgreSQL reads a piece whole from its start: only a match longer than the
        at = text.find(element)  # piece it starts in runs into the next one
        while at >= 0:
            piece = starts.get(at - 2 if at >= 2 and text[at - 2 : at] == "FM" and at - 2 in starts else at)
            if piece is not None and len(element) > len(piece):
                found.append(f"{element} (PostgreSQL would read these letters as its own element {element})")
                break
            at = text.find(element, at + 1)
    return found


# --- format models known only at run time (a parameter or variable): what a guard may admit unchanged --------------

# Elements of SAME that a run-time guard does not admit, although a literal keeps them: the pass-through is not
# the same result on every model that holds them.
UNGUARDED: dict[str, str] = {
    "FM": "Oracle's FM toggles fill mode for the rest of the model, PostgreSQL's applies to the next element only",
    "FX": "exact matching rules of the two parsers differ",
    "SCC": "PostgreSQL has no SCC: it prints S and the century",
    "TZH": "PostgreSQL prints the session's offset, Oracle the value's own",
    "TZM": "PostgreSQL prints the session's offset, Oracle the value's own",
}

# The mixed-case spellings PostgreSQL knows (besides upper and lower case): the capitalised names.
CAPITALISED = frozenset({"MONTH", "MON", "DAY", "DY"})

# Elements of only one of the two (besides DIFFERENT): an admitted element must not be the start of one of these,
# or the engines would split the text differently (I then D in Oracle, ID in PostgreSQL).
ONE_SIDED = ("ID", "IDDD", "SSSS", "MS", "US", "OF", "TZ", "TM", "Y,YYY", "SP", "SPTH", "THSP")

# Suffixes: they stand right after a numeric element (DDTH: 7TH), never alone.
SUFFIXES = frozenset({"TH"})

# Separators both print as written ("quoted text" is literal in both, with no backslash escape in Oracle).
SEPARATORS = " -/,.;:"

# Number model elements both read the same way, each in upper or lower case: (element, where it may stand).
NUMBER_SAME: dict[str, str] = {
    "FM": "first",
    "S": "either end",
    "MI": "last",
    "PR": "last",
    "9": "digits",
    "0": "digits",
    "G": "digits",
    ",": "digits",
    "D": "decimal",
    ".": "decimal",
}
