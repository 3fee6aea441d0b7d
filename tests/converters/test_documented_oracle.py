"""Oracle SQL Language Reference examples, converted and run on the real PostgreSQL: each returns the documented
result, or the converter keeps it manual for the reason its row gives (see documented.py). Queries are the
documentation's, FROM DUAL, with DATE literals for its SYSDATE / sample-table values; a DATE result is read
through TO_CHAR so the comparison is of what Oracle prints. Session settings are Oracle's defaults
(NLS_TERRITORY AMERICA: Sunday is day 1; NLS_DATE_FORMAT DD-MON-RR)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.converters.documented import PROFILES, Doc, check

DATES = "Oracle SQL Language Reference: ROUND and TRUNC Date Functions"
FMT = "Oracle SQL Language Reference: Format Models"
NOSP = "PostgreSQL to_char has no SP (spelled) suffix"

ROWS = [
    # ADD_MONTHS: from a month's last day, or past the target month's end, to the target month's last day
    Doc("SELECT TO_CHAR(ADD_MONTHS(DATE '2024-01-31', 1), 'YYYY-MM-DD') FROM DUAL", ("2024-02-29",), "ADD_MONTHS"),
    Doc("SELECT TO_CHAR(ADD_MONTHS(DATE '2024-02-29', 1), 'YYYY-MM-DD') FROM DUAL", ("2024-03-31",), "ADD_MONTHS"),
    Doc("SELECT TO_CHAR(ADD_MONTHS(DATE '2024-03-15', -1), 'YYYY-MM-DD') FROM DUAL", ("2024-02-15",), "ADD_MONTHS"),
    Doc("SELECT TO_CHAR(ADD_MONTHS(DATE '2023-06-30', 8), 'YYYY-MM-DD') FROM DUAL", ("2024-02-29",), "ADD_MONTHS"),
    # MONTHS_BETWEEN: whole months when both are the same day or both month ends, else a 31-day fraction
    Doc(
        "SELECT ROUND(MONTHS_BETWEEN(TO_DATE('02-02-1995','MM-DD-YYYY'), TO_DATE('01-01-1995','MM-DD-YYYY')), 8) "
        "FROM DUAL",
        (D("1.03225806"),),
        "MONTHS_BETWEEN",
    ),
    Doc(
        "SELECT MONTHS_BETWEEN(DATE '2024-03-31', DATE '2024-02-29') FROM DUAL",
        (1,),
        "MONTHS_BETWEEN",
    ),
    Doc("SELECT TO_CHAR(LAST_DAY(DATE '2024-02-10'), 'YYYY-MM-DD') FROM DUAL", ("2024-02-29",), "LAST_DAY"),
    # LENGTHB counts bytes of the AL32UTF8 text (the project's nls_characterset): 'é' is two
    Doc("SELECT LENGTHB('h\u00e9llo'), LENGTHB('') FROM DUAL", (6, None), "LENGTHB"),
    # the documented TO_TIMESTAMP_TZ example (11:00 at -8:00), read back in UTC
    Doc(
        "SELECT TO_CHAR(SYS_EXTRACT_UTC(TO_TIMESTAMP_TZ('1999-12-01 11:00:00 -8:00', 'YYYY-MM-DD HH:MI:SS TZH:TZM')), "
        "'YYYY-MM-DD HH24:MI') FROM DUAL",
        ("1999-12-01 19:00",),
        "TO_TIMESTAMP_TZ",
    ),
    Doc(
        "SELECT LAST_DAY(DATE '2024-02-10') - DATE '2024-02-10' FROM DUAL",
        (19,),
        "LAST_DAY: Days Left",
    ),
    Doc(
        "SELECT TO_CHAR(NEXT_DAY(DATE '2001-02-02', 'TUESDAY'), 'DD-MON-YYYY') FROM DUAL",
        ("06-FEB-2001",),
        "NEXT_DAY",
    ),
    # ROUND / TRUNC (date)
    Doc(
        "SELECT TO_CHAR(ROUND(DATE '2000-10-27', 'YEAR'), 'YYYY-MM-DD') FROM DUAL",
        ("2001-01-01",),
        "ROUND (date)",
    ),
    Doc("SELECT TO_CHAR(TRUNC(DATE '1992-10-27', 'YEAR'), 'YYYY-MM-DD') FROM DUAL", ("1992-01-01",), "TRUNC (date)"),
    Doc("SELECT TO_CHAR(TRUNC(DATE '2024-05-17', 'Q'), 'YYYY-MM-DD') FROM DUAL", ("2024-04-01",), DATES),
    Doc(
        "SELECT TO_CHAR(ROUND(DATE '2024-05-16', 'Q'), 'YYYY-MM-DD') FROM DUAL",
        ("2024-07-01",),
        DATES,
    ),
    Doc(
        "SELECT TO_CHAR(ROUND(DATE '2024-05-15', 'Q'), 'YYYY-MM-DD') FROM DUAL",
        ("2024-04-01",),
        DATES,
    ),
    Doc(
        "SELECT TO_CHAR(ROUND(DATE '2024-03-16', 'MM'), 'YYYY-MM-DD') FROM DUAL",
        ("2024-04-01",),
        DATES,
    ),
    Doc("SELECT TO_CHAR(TRUNC(DATE '2024-03-14', 'IW'), 'YYYY-MM-DD') FROM DUAL", ("2024-03-11",), DATES),
    Doc("SELECT TO_CHAR(TRUNC(DATE '2024-03-14', 'DAY'), 'YYYY-MM-DD') FROM DUAL", ("2024-03-10",), DATES),
    Doc(
        "SELECT TO_CHAR(TRUNC(DATE '2024-03-14', 'WW'), 'YYYY-MM-DD'), TO_CHAR(TRUNC(DATE '2024-03-14', 'W'), 'YYYY-MM-DD') "
        "FROM DUAL",
        ("2024-03-11", "2024-03-08"),
        DATES,
    ),
    Doc(
        "SELECT TO_CHAR(ROUND(TO_DATE('2024-03-14 12:00', 'YYYY-MM-DD HH24:MI'), 'DDD'), 'YYYY-MM-DD') FROM DUAL",
        ("2024-03-15",),
        DATES,
    ),
    Doc(
        "SELECT TO_CHAR(TRUNC(TO_DATE('2024-03-14 18:30', 'YYYY-MM-DD HH24:MI')), 'YYYY-MM-DD HH24:MI') FROM DUAL",
        ("2024-03-14 00:00",),
        "TRUNC (date)",
    ),
    Doc(
        "SELECT TO_CHAR(ROUND(TO_DATE('2024-03-14 11:59', 'YYYY-MM-DD HH24:MI')), 'YYYY-MM-DD') FROM DUAL",
        ("2024-03-14",),
        "ROUND (date): no format model rounds to the day",
    ),
    Doc(
        "SELECT TO_CHAR(ROUND(TO_DATE('2024-03-14 10:30', 'YYYY-MM-DD HH24:MI'), 'HH'), 'HH24:MI') FROM DUAL",
        ("11:00",),
        DATES,
    ),
    Doc(
        "SELECT TO_CHAR(ROUND(DATE '2024-07-01', 'YEAR'), 'YYYY-MM-DD') FROM DUAL",
        ("2025-01-01",),
        DATES,
    ),
    # TO_CHAR (datetime) and the datetime format elements
    Doc(
        "SELECT TO_CHAR(DATE '2008-04-03', 'fmDDTH') || ' of ' || TO_CHAR(DATE '2008-04-03', 'fmMonth') || ', ' "
        "|| TO_CHAR(DATE '2008-04-03', 'YYYY') FROM DUAL",
        ("3RD of April, 2008",),
        FMT + ": Ides",
    ),
    Doc(
        "SELECT TO_CHAR(DATE '2008-04-03', 'DDTH') || ' of ' || TO_CHAR(DATE '2008-04-03', 'Month') || ', ' "
        "|| TO_CHAR(DATE '2008-04-03', 'YYYY') FROM DUAL",
        ("03RD of April    , 2008",),
        FMT + ": Ides",
    ),
    Doc("SELECT TO_CHAR(DATE '2024-03-14', 'Day') || '|' FROM DUAL", ("Thursday |",), FMT),
    # "Format Model Modifiers": FM turns fill mode off for the rest of the model; each later FM toggles it back
    Doc("SELECT TO_CHAR(DATE '2024-01-05', 'FMDD.MM.YYYY') FROM DUAL", ("5.1.2024",), FMT + ": FM"),
    Doc("SELECT TO_CHAR(DATE '2024-01-05', 'FMDD.FMMM.YYYY') FROM DUAL", ("5.01.2024",), FMT + ": FM toggles"),
    Doc("SELECT TO_CHAR(DATE '2024-01-05', 'fmMonth DD, YYYY') FROM DUAL", ("January 5, 2024",), FMT + ": FM"),
    # X: "local radix character" (AMERICA's is '.'), FF the fraction with the type's digits (TIMESTAMP(6): 6)
    Doc(
        "SELECT TO_CHAR(CAST(TIMESTAMP '2024-03-05 10:11:12.5' AS TIMESTAMP(6)), 'HH24:MI:SSXFF') FROM DUAL",
        ("10:11:12.500000",),
        FMT + ": X",
    ),
    Doc("SELECT TO_CHAR(DATE '2024-03-14', 'D') FROM DUAL", ("5",), FMT + ": D (AMERICA, Sunday = 1)"),
    Doc("SELECT TO_CHAR(DATE '2000-01-01', 'J') FROM DUAL", ("2451545",), FMT + ": J"),
    Doc("SELECT TO_CHAR(DATE '2024-01-07', 'WW'), TO_CHAR(DATE '2024-01-08', 'WW') FROM DUAL", ("01", "02"), FMT),
    Doc("SELECT TO_CHAR(DATE '2021-01-03', 'IW'), TO_CHAR(DATE '2021-01-03', 'IYYY') FROM DUAL", ("53", "2020"), FMT),
    Doc("SELECT TO_CHAR(DATE '2024-03-14', 'DDD'), TO_CHAR(DATE '2024-03-14', 'Q') FROM DUAL", ("074", "1"), FMT),
    Doc("SELECT TO_CHAR(DATE '2024-03-14', 'DdSp') FROM DUAL", ("Fourteen",), FMT + ": SP", flag=NOSP),
    Doc("SELECT TO_CHAR(DATE '2024-03-14') FROM DUAL", ("14-MAR-24",), "TO_CHAR (datetime): NLS_DATE_FORMAT"),
    Doc(
        "SELECT TO_CHAR(TIMESTAMP '1999-12-01 10:00:00', 'DD-MON-YYYY HH:MI:SS AM') FROM DUAL",
        ("01-DEC-1999 10:00:00 AM",),
        "TO_CHAR (datetime)",
    ),
    # TO_CHAR (number): Format Models, "Results of Number Conversions"
    Doc("SELECT TO_CHAR(0, '99.99') FROM DUAL", ("   .00",), FMT),
    # "If a value has more significant digits to the left of the decimal place than are specified in the format,
    # then pound signs (#) replace the value": the whole field, the sign's place included
    Doc(
        "SELECT TO_CHAR(666.66, '99.99'), TO_CHAR(-12345, '999'), TO_CHAR(12.5, '99.99') FROM DUAL",
        ("######", "####", " 12.50"),
        FMT + ": overflow",
    ),
    # "Number Format Elements": TM, the text minimum number format model (TM9 by default): the fewest characters
    Doc("SELECT TO_CHAR(123.45, 'TM9'), TO_CHAR(0.5, 'tm'), TO_CHAR(-7, 'TM9') FROM DUAL", ("123.45", ".5", "-7"), FMT),
    Doc("SELECT TO_CHAR(-0.2, '99.99') FROM DUAL", ("  -.20",), FMT),
    Doc("SELECT TO_CHAR(-0.2, '90.99') FROM DUAL", (" -0.20",), FMT),
    Doc("SELECT TO_CHAR(1, '9999') FROM DUAL", ("    1",), FMT),
    Doc("SELECT TO_CHAR(-123.456, '999.999') FROM DUAL", ("-123.456",), FMT),
    Doc("SELECT TO_CHAR(123.456, 'FM999.009') FROM DUAL", ("123.456",), FMT),
    Doc("SELECT TO_CHAR(123.0, 'FM999.009') FROM DUAL", ("123.00",), FMT),
    Doc(
        "SELECT TO_CHAR(123.456, '9.9EEEE') FROM DUAL",
        ("  1.2E+02",),
        FMT,
        flag="PostgreSQL writes the exponent in lower case (1.2e+02)",
    ),
    Doc("SELECT TO_CHAR(1234567890, '9999999999S') FROM DUAL", ("1234567890+",), FMT),
    Doc("SELECT TO_CHAR(1234.5, '9,999.99') FROM DUAL", (" 1,234.50",), FMT),
    Doc("SELECT TO_CHAR(1234.5, '9G999D99') FROM DUAL", (" 1,234.50",), FMT + ": G and D (AMERICA)"),
    Doc(
        "SELECT TO_CHAR(123.45, '$999.99') FROM DUAL",
        (" $123.45",),
        FMT + ": $",
        flag="PostgreSQL writes '$' where the model has it ('$ 123.45'), Oracle next to the digits",
    ),
    Doc("SELECT TO_CHAR(DATE '2024-03-14', 'fmMonth DD, YYYY') FROM DUAL", ("March 14, 2024",), FMT + ": FM"),
    Doc(
        "SELECT TO_CHAR(DATE '2024-03-04', 'fmDD'), TO_CHAR(DATE '2024-03-04', 'DD') FROM DUAL",
        ("4", "04"),
        FMT + ": FM",
    ),
    Doc(
        "SELECT TO_CHAR(DATE '2024-03-14', 'MON'), TO_CHAR(DATE '2024-03-14', 'Mon'), TO_CHAR(DATE '2024-03-14', 'DY') "
        "FROM DUAL",
        ("MAR", "Mar", "THU"),
        FMT,
    ),
    Doc(
        "SELECT TO_CHAR(TIMESTAMP '2024-03-14 13:05:09.123456', 'HH12:MI:SS.FF3 PM') FROM DUAL",
        ("01:05:09.123 PM",),
        FMT + ": FF",
    ),
    Doc("SELECT TO_CHAR(-5, '999MI') FROM DUAL", ("  5-",), FMT),
    Doc("SELECT TO_CHAR(12, 'RN'), TO_CHAR(12, 'FMRN') FROM DUAL", ("            XII", "XII"), FMT + ": RN"),
    Doc("SELECT TO_CHAR(255, 'XX') FROM DUAL", (" FF",), FMT + ": X"),
    Doc("SELECT TO_NUMBER('FF', 'XX') FROM DUAL", (255,), "TO_NUMBER: X"),
    Doc(
        "SELECT TO_CHAR(TO_DATE('27-OCT-98', 'DD-MON-RR'), 'YYYY') FROM DUAL",
        ("1998",),
        FMT + ": RR",
    ),
    # TO_DATE / TO_NUMBER
    Doc(
        "SELECT TO_CHAR(TO_DATE('January 15, 1989, 11:00 A.M.', 'Month dd, YYYY, HH:MI A.M.'), "
        "'YYYY-MM-DD HH24:MI') FROM DUAL",
        ("1989-01-15 11:00",),
        "TO_DATE",
    ),
    Doc("SELECT TO_NUMBER('1,234.50', '9,999.99') FROM DUAL", (D("1234.5"),), "TO_NUMBER"),
    Doc("SELECT TO_NUMBER('-100') + 1 FROM DUAL", (-99,), "TO_NUMBER"),
    # character functions
    Doc("SELECT INSTR('CORPORATE FLOOR', 'OR', 3, 2) FROM DUAL", (14,), "INSTR"),
    Doc("SELECT INSTR('CORPORATE FLOOR', 'OR', -3, 2) FROM DUAL", (2,), "INSTR"),
    Doc("SELECT INSTR('CORPORATE FLOOR', 'OR') FROM DUAL", (2,), "INSTR"),
    Doc(
        "SELECT INSTR('CORPORATE FLOOR', 'OR', -1, 1), INSTR('CORPORATE FLOOR', 'OR', 1, 4) FROM DUAL", (14, 0), "INSTR"
    ),
    Doc("SELECT INSTR('AAA', 'AA', 1, 2) FROM DUAL", (2,), "INSTR: occurrences may overlap"),
    Doc("SELECT SUBSTR('ABCDEFG', 3, 4) FROM DUAL", ("CDEF",), "SUBSTR"),
    Doc("SELECT SUBSTR('ABCDEFG', -5, 4) FROM DUAL", ("CDEF",), "SUBSTR"),
    Doc(
        "SELECT SUBSTR('ABCDEFG', 0, 2), SUBSTR('ABCDEFG', 9), SUBSTR('ABCDEFG', 2, -1) FROM DUAL",
        ("AB", None, None),
        "SUBSTR",
    ),
    Doc("SELECT LPAD('Page 1', 15, '*.') FROM DUAL", ("*.*.*.*.*Page 1",), "LPAD"),
    Doc("SELECT RPAD('Page 1', 3), LPAD('abc', 5) FROM DUAL", ("Pag", "  abc"), "RPAD"),
    Doc("SELECT TRANSLATE('SQL*Plus User''s Guide', ' */''', '___') FROM DUAL", ("SQL_Plus_Users_Guide",), "TRANSLATE"),
    Doc(
        "SELECT TRANSLATE('2KRW229', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
        "'9999999999XXXXXXXXXXXXXXXXXXXXXXXXXX') FROM DUAL",
        ("9XXX999",),
        "TRANSLATE",
    ),
    Doc("SELECT TRANSLATE('abc', 'a', '') FROM DUAL", (None,), "TRANSLATE: an empty string is NULL"),
    Doc("SELECT REPLACE('JACK and JUE', 'J', 'BL') FROM DUAL", ("BLACK and BLUE",), "REPLACE"),
    Doc(
        "SELECT REPLACE('abcb', 'b', NULL), REPLACE('abc', NULL, 'x'), REPLACE('abc', 'b') FROM DUAL",
        ("ac", "abc", "ac"),
        "REPLACE",
    ),
    Doc("SELECT INITCAP('the soap') FROM DUAL", ("The Soap",), "INITCAP"),
    Doc("SELECT LENGTH('CANDIDE'), LENGTH('') FROM DUAL", (7, None), "LENGTH"),
    Doc("SELECT CHR(67) || CHR(65) || CHR(84), ASCII('ABC') FROM DUAL", ("CAT", 65), "CHR, ASCII"),
    Doc("SELECT CONCAT('a', NULL), CONCAT(NULL, NULL) FROM DUAL", ("a", None), "CONCAT"),
    Doc("SELECT UPPER('mr. scott'), LOWER('MR. SCOTT') FROM DUAL", ("MR. SCOTT", "mr. scott"), "UPPER, LOWER"),
    Doc(
        "SELECT LTRIM('<=====>BROWNING<=====>', '<>='), RTRIM('BROWNING: ./=./=', '/=.') FROM DUAL",
        ("BROWNING<=====>", "BROWNING: "),
        "LTRIM, RTRIM",
    ),
    Doc("SELECT TRIM(LEADING '0' FROM '0009872340') FROM DUAL", ("9872340",), "TRIM"),
    Doc(
        "SELECT RTRIM('xyxxy', 'xy'), LTRIM('   '), TRIM('  ') FROM DUAL",
        (None, None, None),
        "RTRIM, LTRIM, TRIM: an empty result is NULL",
    ),
    Doc("SELECT LPAD('abc', 0), RPAD('abc', -1, 'x') FROM DUAL", (None, None), "LPAD, RPAD: an empty result is NULL"),
    Doc("SELECT REGEXP_REPLACE('aaa', 'a+', '') FROM DUAL", (None,), "REGEXP_REPLACE: an empty result is NULL"),
    Doc("SELECT TRANSLATE('abc', 'abc', 'x') FROM DUAL", ("x",), "TRANSLATE"),
    Doc(
        "SELECT SOUNDEX('SMYTHE'), SOUNDEX('Smith') FROM DUAL",
        ("S530", "S530"),
        "SOUNDEX",
        flag="soundex() needs the fuzzystrmatch extension",
    ),
    # NULL functions
    Doc(
        "SELECT NVL(NULL, 'Not Applicable'), NVL2(NULL, 'x', 'y'), NVL2('a', 'x', 'y') FROM DUAL",
        ("Not Applicable", "y", "x"),
        "NVL, NVL2",
    ),
    Doc(
        "SELECT DECODE(NULL, NULL, 'match', 'none'), DECODE(2, 1, 'one', 2, 'two') FROM DUAL",
        ("match", "two"),
        "DECODE",
    ),
    Doc("SELECT DECODE(3, 1, 'one', 2, 'two') FROM DUAL", (None,), "DECODE"),
    Doc("SELECT COALESCE(NULL, NULL, 3), NULLIF(1, 1), NULLIF(1, 2) FROM DUAL", (3, None, 1), "COALESCE, NULLIF"),
    Doc("SELECT CASE WHEN '' IS NULL THEN 'null' ELSE 'not null' END FROM DUAL", ("null",), "Nulls: empty string"),
    Doc("SELECT NVL('', 'empty'), 'a' || '' || 'b' FROM DUAL", ("empty", "ab"), "Nulls in character functions"),
    # regular expressions
    Doc(
        "SELECT REGEXP_SUBSTR('500 Oracle Parkway, Redwood Shores, CA', ',[^,]+,') FROM DUAL",
        (", Redwood Shores,",),
        "REGEXP_SUBSTR",
    ),
    Doc(
        "SELECT REGEXP_SUBSTR('http://www.example.com/products', 'http://([[:alnum:]]+\\.?){3,4}/?') FROM DUAL",
        ("http://www.example.com/",),
        "REGEXP_SUBSTR",
    ),
    Doc("SELECT REGEXP_SUBSTR('1234567890', '(123)(4(56)(78))', 1, 1, 'i', 4) FROM DUAL", ("78",), "REGEXP_SUBSTR"),
    Doc(
        "SELECT REGEXP_INSTR('500 Oracle Parkway, Redwood Shores, CA', '[^ ]+', 1, 6) FROM DUAL", (37,), "REGEXP_INSTR"
    ),
    Doc(
        "SELECT REGEXP_INSTR('500 Oracle Parkway, Redwood Shores, CA', '[s|r|p][[:alpha:]]{6}', 3, 2, 1, 'i') "
        "FROM DUAL",
        (28,),
        "REGEXP_INSTR",
    ),
    Doc(
        "SELECT REGEXP_REPLACE('500   Oracle     Parkway,    Redwood  Shores, CA', '( ){2,}', ' ') FROM DUAL",
        ("500 Oracle Parkway, Redwood Shores, CA",),
        "REGEXP_REPLACE: every occurrence by default",
    ),
    Doc("SELECT REGEXP_COUNT('123123123123123', '(12)3', 1, 'i') FROM DUAL", (5,), "REGEXP_COUNT"),
    Doc(
        "SELECT REGEXP_COUNT('ABC123', '[a-z]', 1, 'i'), REGEXP_COUNT('ABC123', '[a-z]') FROM DUAL",
        (3, 0),
        "REGEXP_COUNT",
    ),
    Doc(
        "SELECT REGEXP_COUNT('a' || CHR(10) || 'b', '.'), REGEXP_COUNT('a' || CHR(10) || 'b', '.', 1, 'n') FROM DUAL",
        (2, 3),
        "Oracle Regular Expression Support: the period does not match a newline unless 'n'",
    ),
    Doc(
        "SELECT REGEXP_COUNT('a' || CHR(10) || 'b', '[^x].'), REGEXP_SUBSTR('ab' || CHR(10) || 'c', '[^a]+') FROM DUAL",
        (1, "b" + chr(10) + "c"),
        "Oracle Regular Expression Support: '.' stops at a newline, a non-matching list '[^...]' does not",
    ),
    Doc("SELECT COUNT(*) FROM DUAL WHERE REGEXP_LIKE('Steven', '^Ste(v|ph)en$')", (1,), "REGEXP_LIKE"),
    Doc("SELECT COUNT(*) FROM DUAL WHERE REGEXP_LIKE('STEVEN', '^ste(v|ph)en$', 'i')", (1,), "REGEXP_LIKE"),
    # aggregates
    Doc(
        "SELECT LISTAGG(n, '; ') WITHIN GROUP (ORDER BY n DESC) FROM "
        "(SELECT 'a' n FROM DUAL UNION ALL SELECT 'b' FROM DUAL UNION ALL SELECT 'c' FROM DUAL)",
        ("c; b; a",),
        "LISTAGG",
    ),
    Doc(
        "SELECT LISTAGG(n, ',' ON OVERFLOW TRUNCATE '...' WITH COUNT) WITHIN GROUP (ORDER BY n) FROM "
        "(SELECT 'a' n FROM DUAL UNION ALL SELECT 'b' FROM DUAL)",
        ("a,b",),
        "LISTAGG: ON OVERFLOW TRUNCATE",
        flag="a list over 4000 bytes is cut with '...' and a count: string_agg has no limit",
    ),
    # GREATEST / LEAST
    Doc(
        "SELECT GREATEST('HARRY', 'HARRIOT', 'HAROLD'), LEAST('HARRY', 'HARRIOT', 'HAROLD') FROM DUAL",
        ("HARRY", "HAROLD"),
        "GREATEST, LEAST",
    ),
    Doc("SELECT GREATEST(1, '3.925', '2.4') FROM DUAL", (D("3.925"),), "GREATEST: the first argument's type"),
    Doc("SELECT GREATEST(1, NULL, 3), LEAST(1, NULL) FROM DUAL", (None, None), "GREATEST, LEAST: NULL"),
    # numeric functions
    Doc("SELECT MOD(11, 4), MOD(-11, 4), MOD(11, -4), MOD(11, 0) FROM DUAL", (3, -3, 3, 11), "MOD"),
    Doc("SELECT REMAINDER(11, 4), REMAINDER(-11, 4) FROM DUAL", (-1, 1), "REMAINDER"),
    Doc("SELECT ROUND(15.193, 1), ROUND(15.193, -1) FROM DUAL", (D("15.2"), 20), "ROUND (number)"),
    Doc("SELECT ROUND(1.5), ROUND(2.5), ROUND(-2.5) FROM DUAL", (2, 3, -3), "ROUND (number): half away from zero"),
    Doc(
        "SELECT ROUND(CAST(2.5 AS BINARY_DOUBLE)), ROUND(CAST(3.5 AS BINARY_DOUBLE)) FROM DUAL",
        (2, 4),
        "ROUND (number): BINARY_DOUBLE half to even",
    ),
    Doc("SELECT TRUNC(15.79, 1), TRUNC(15.79, -1), TRUNC(-15.79) FROM DUAL", (D("15.7"), 10, -15), "TRUNC (number)"),
    Doc("SELECT CEIL(15.7), FLOOR(15.7), CEIL(-15.7), FLOOR(-15.7) FROM DUAL", (16, 15, -15, -16), "CEIL, FLOOR"),
    Doc("SELECT SIGN(-15), SIGN(0), ABS(-15) FROM DUAL", (-1, 0, 15), "SIGN, ABS"),
    Doc("SELECT POWER(3, 2), SQRT(26) - SQRT(26) FROM DUAL", (9, 0), "POWER, SQRT"),
    Doc(
        "SELECT ROUND(LN(95), 8), LOG(10, 100), ROUND(EXP(4), 6) FROM DUAL",
        (D("4.55387689"), 2, D("54.59815")),
        "LN, LOG, EXP",
    ),
    Doc("SELECT BITAND(6, 3), BITAND(6, 4) FROM DUAL", (2, 4), "BITAND"),
    # "each argument A is replaced with the value SIGN(A)*FLOOR(ABS(A))", then two's complement: -5 & 3 = 3
    Doc("SELECT BITAND(5.7, 3), BITAND(-5.5, 3), BITAND(7.9, 6.2) FROM DUAL", (1, 3, 6), "BITAND"),
    Doc("SELECT 7 / 2, 1 / 4 FROM DUAL", (D("3.5"), D("0.25")), "Arithmetic operators: NUMBER division"),
    # EXTRACT and intervals
    Doc("SELECT EXTRACT(YEAR FROM DATE '1998-03-07') FROM DUAL", (1998,), "EXTRACT (datetime)"),
    Doc(
        "SELECT EXTRACT(HOUR FROM TIMESTAMP '2024-03-14 18:30:05'), EXTRACT(SECOND FROM TIMESTAMP '2024-03-14 18:30:05') "
        "FROM DUAL",
        (18, 5),
        "EXTRACT (datetime)",
    ),
    Doc("SELECT EXTRACT(MONTH FROM NUMTOYMINTERVAL(14, 'MONTH')) FROM DUAL", (2,), "EXTRACT (interval)"),
    Doc(
        "SELECT TO_CHAR(DATE '2024-01-01' + NUMTODSINTERVAL(36, 'HOUR'), 'YYYY-MM-DD HH24:MI') FROM DUAL",
        ("2024-01-02 12:00",),
        "NUMTODSINTERVAL",
    ),
    Doc(
        "SELECT TO_CHAR(DATE '2024-01-15' + NUMTOYMINTERVAL(1, 'YEAR'), 'YYYY-MM-DD') FROM DUAL",
        ("2025-01-15",),
        "NUMTOYMINTERVAL",
    ),
    Doc(
        "SELECT EXTRACT(DAY FROM NUMTODSINTERVAL(100, 'HOUR')), EXTRACT(HOUR FROM NUMTODSINTERVAL(100, 'HOUR')) FROM DUAL",
        (4, 4),
        "EXTRACT (interval)",
    ),
    # DATE arithmetic: the result's shape
    Doc("SELECT SYSDATE - SYSDATE, (SYSDATE + 1) - SYSDATE FROM DUAL", (0, 1), "Datetime/Interval Arithmetic"),
    Doc(
        "SELECT TO_CHAR(DATE '2024-03-14' + 1/24, 'YYYY-MM-DD HH24:MI'), DATE '2024-03-14' - DATE '2024-03-01' FROM DUAL",
        ("2024-03-14 01:00", 13),
        "Datetime/Interval Arithmetic",
    ),
    Doc("SELECT COUNT(*) FROM DUAL WHERE TRUNC(SYSDATE) <= SYSDATE", (1,), "Datetime/Interval Arithmetic"),
    # comparison semantics
    Doc(
        "SELECT CASE WHEN 'a ' = 'a' THEN 1 ELSE 0 END FROM DUAL",
        (1,),
        "Data Type Comparison Rules: blank-padded comparison of text literals",
    ),
    Doc(
        "SELECT CASE WHEN CAST('a' AS CHAR(3)) = 'a' THEN 1 ELSE 0 END FROM DUAL",
        (1,),
        "Data Type Comparison Rules: blank-padded comparison of CHAR",
    ),
]


def test_the_table_covers_the_reference() -> None:
    assert len(ROWS) >= 80
    assert all(r.query.upper().count("FROM DUAL") >= 1 or "FROM (" in r.query for r in ROWS)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("row", ROWS, ids=[f"{i:03}" for i in range(len(ROWS))])
def test_documented_result(request: pytest.FixtureRequest, row: Doc, profile: str) -> None:
    check(request.getfixturevalue(f"{profile}_db"), row, "oracle", profile)
