"""SQL Server documentation (Transact-SQL reference) examples, converted and run on the real PostgreSQL: each
returns the documented result, or the converter keeps it manual for the reason its row gives (see documented.py).
Session settings are SQL Server's defaults (us_english: DATEFIRST 7, DATEFORMAT mdy)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest

from tests.converters.documented import PROFILES, Doc, check

DIFF = "DATEDIFF: boundaries crossed"
CONVERT = "CAST and CONVERT: date and time styles"

ROWS = [
    # DATEADD: the day clamped to the target month's end
    Doc("SELECT DATEADD(month, 1, '2024-01-31')", (datetime(2024, 2, 29),), "DATEADD"),
    Doc("SELECT DATEADD(quarter, 1, '2024-01-31')", (datetime(2024, 4, 30),), "DATEADD"),
    Doc("SELECT DATEADD(year, 1, '2024-02-29')", (datetime(2025, 2, 28),), "DATEADD"),
    Doc("SELECT DATEADD(day, 1, '2024-12-31')", (datetime(2025, 1, 1),), "DATEADD"),
    Doc("SELECT DATEADD(hour, -3, '2024-01-01 01:00')", (datetime(2023, 12, 31, 22, 0),), "DATEADD"),
    # DATEDIFF counts boundaries
    Doc("SELECT DATEDIFF(year, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000')", (1,), DIFF),
    Doc("SELECT DATEDIFF(quarter, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000')", (1,), DIFF),
    Doc("SELECT DATEDIFF(month, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000')", (1,), DIFF),
    Doc("SELECT DATEDIFF(day, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000')", (1,), DIFF),
    Doc("SELECT DATEDIFF(hour, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000')", (1,), DIFF),
    Doc("SELECT DATEDIFF(minute, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000')", (1,), DIFF),
    Doc("SELECT DATEDIFF(week, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000')", (1,), DIFF),
    Doc("SELECT DATEDIFF(day, '2024-03-01', '2024-02-01')", (-29,), "DATEDIFF"),
    # DATEPART / DATENAME (DATEFIRST 7)
    Doc("SELECT DATEPART(weekday, '2007-04-21'), DATEPART(dayofyear, '2007-04-21')", (7, 111), "DATEPART"),
    Doc(
        "SELECT DATEPART(week, '2007-04-21'), DATEPART(quarter, '2007-04-21')",
        (16, 2),
        "DATEPART",
    ),
    Doc("SELECT DATENAME(weekday, '2007-04-21'), DATENAME(month, '2007-04-21')", ("Saturday", "April"), "DATENAME"),
    Doc("SELECT DATENAME(year, '2007-04-21'), DATENAME(day, '2007-04-21')", ("2007", "21"), "DATENAME: text"),
    Doc("SELECT YEAR('2024-03-05'), MONTH('2024-03-05'), DAY('2024-03-05')", (2024, 3, 5), "YEAR, MONTH, DAY"),
    Doc("SELECT DATEPART(iso_week, '2021-01-03'), DATEPART(isowk, '2021-01-04')", (53, 1), "DATEPART: ISO_WEEK"),
    Doc("SELECT EOMONTH('2011-12-01'), EOMONTH('2011-12-01', 1)", (date(2011, 12, 31), date(2012, 1, 31)), "EOMONTH"),
    Doc("SELECT EOMONTH('2024-01-15', 1)", (date(2024, 2, 29),), "EOMONTH"),
    Doc("SELECT DATEFROMPARTS(2010, 12, 31)", (date(2010, 12, 31),), "DATEFROMPARTS"),
    # CONVERT styles, both ways
    Doc("SELECT CONVERT(varchar(10), CAST('2024-03-05' AS datetime), 101)", ("03/05/2024",), CONVERT),
    Doc("SELECT CONVERT(varchar(10), CAST('2024-03-05' AS datetime), 103)", ("05/03/2024",), CONVERT),
    Doc("SELECT CONVERT(varchar(8), CAST('2024-03-05' AS datetime), 112)", ("20240305",), CONVERT),
    Doc("SELECT CONVERT(varchar(19), CAST('2024-03-05 14:07:09' AS datetime), 120)", ("2024-03-05 14:07:09",), CONVERT),
    Doc(
        "SELECT CONVERT(varchar(23), CAST('2024-03-05 14:07:09.123' AS datetime2), 121)",
        ("2024-03-05 14:07:09.123",),
        CONVERT,
    ),
    Doc(
        "SELECT CONVERT(varchar(23), CAST('2024-03-05 14:07:09.123' AS datetime), 126)",
        ("2024-03-05T14:07:09.123",),
        CONVERT,
    ),
    Doc("SELECT CONVERT(datetime, '05/03/2024', 103)", (datetime(2024, 3, 5),), CONVERT),
    Doc("SELECT CONVERT(datetime, '20240305', 112)", (datetime(2024, 3, 5),), CONVERT),
    Doc("SELECT CONVERT(date, '03/05/2024', 101)", (date(2024, 3, 5),), CONVERT),
    Doc("SELECT CONVERT(varchar(11), CAST('2024-03-05' AS datetime), 106)", ("05 Mar 2024",), CONVERT),
    Doc("SELECT CONVERT(varchar(8), CAST('2024-03-05 14:07:09' AS datetime), 108)", ("14:07:09",), CONVERT),
    Doc("SELECT CONVERT(varchar(10), CAST('2024-03-05' AS date), 23)", ("2024-03-05",), CONVERT),
    Doc("SELECT CONVERT(varchar(10), CAST('2024-03-05' AS datetime), 104)", ("05.03.2024",), CONVERT),
    Doc("SELECT CONVERT(varchar(10), CAST('2024-03-05' AS datetime), 110)", ("03-05-2024",), CONVERT),
    Doc("SELECT CONVERT(varchar(10), CAST('2024-03-05' AS datetime), 111)", ("2024/03/05",), CONVERT),
    Doc(
        "SELECT DATEADD(minute, 90, '2024-01-01'), DATEADD(month, -1, '2024-03-31')",
        (datetime(2024, 1, 1, 1, 30), datetime(2024, 2, 29)),
        "DATEADD",
    ),
    Doc("SELECT DATEDIFF(month, '2024-01-31', '2024-03-01')", (2,), "DATEDIFF"),
    Doc(
        "SELECT DATEPART(hour, '2024-03-05 14:07:09'), DATEPART(millisecond, '2024-03-05 14:07:09.123')",
        (14, 123),
        "DATEPART",
    ),
    Doc("SELECT DATENAME(quarter, '2024-03-05')", ("1",), "DATENAME"),
    # FORMAT (.NET format strings, en-US)
    Doc("SELECT FORMAT(CAST('2024-03-05' AS date), 'yyyy-MM-dd')", ("2024-03-05",), "FORMAT"),
    Doc("SELECT FORMAT(CAST('2024-03-05' AS date), 'dd/MM/yyyy')", ("05/03/2024",), "FORMAT"),
    Doc(
        "SELECT FORMAT(1234.5, 'N2')",
        ("1,234.50",),
        "FORMAT: numeric",
        flag=".NET standard numeric formats follow the culture",
    ),
    Doc(
        "SELECT FORMAT(123, '000000')",
        ("000123",),
        "FORMAT: custom numeric",
        flag=".NET custom numeric formats are not translated",
    ),
    # CAST to text
    # strings
    Doc("SELECT LEN('abc  '), DATALENGTH('abc  ')", (3, 5), "LEN, DATALENGTH"),
    Doc("SELECT DATALENGTH(N'abc')", (6,), "DATALENGTH: nvarchar is 2 bytes a character"),
    Doc(
        "SELECT CHARINDEX('bicycle', 'Reflectors are vital safety components of your bicycle.')",
        (48,),
        "CHARINDEX",
    ),
    Doc("SELECT CHARINDEX('is', 'This is a string', 4), CHARINDEX('at', 'This is a string')", (6, 0), "CHARINDEX"),
    Doc(
        "SELECT PATINDEX('%ter%', 'interesting data')",
        (3,),
        "PATINDEX",
    ),
    Doc(
        "SELECT PATINDEX('%en_ure%', 'Please ensure the door is locked!')",
        (8,),
        "PATINDEX",
    ),
    Doc(
        "SELECT PATINDEX('%[^0-9]%', '123a5'), PATINDEX('ab%', 'abc'), PATINDEX('b%', 'abc'), PATINDEX('%bc', 'abc')",
        (4, 1, 0, 2),
        "PATINDEX: wildcards and anchoring",
    ),
    Doc("SELECT STUFF('abcdef', 2, 3, 'ijklmn')", ("aijklmnef",), "STUFF"),
    Doc("SELECT REPLICATE('0', 4) + '12'", ("000012",), "REPLICATE"),
    Doc("SELECT LEFT('abcdefg', 2), RIGHT('abcdefg', 2)", ("ab", "fg"), "LEFT, RIGHT"),
    Doc("SELECT LTRIM('     Five spaces'), RTRIM('Trailing     ') + '|'", ("Five spaces", "Trailing|"), "LTRIM, RTRIM"),
    Doc("SELECT TRIM('     test    ') + '|'", ("test|",), "TRIM"),
    Doc("SELECT TRIM('.,! ' FROM '     #     test    .')", ("#     test",), "TRIM: characters"),
    Doc(
        "SELECT SUBSTRING('abcdef', 2, 3), SUBSTRING('abc', 5, 2), SUBSTRING('abcdef', 0, 3)",
        ("bcd", "", "ab"),
        "SUBSTRING",
    ),
    Doc("SELECT UPPER('abc'), LOWER('ABC'), REVERSE('abc')", ("ABC", "abc", "cba"), "UPPER, LOWER, REVERSE"),
    Doc("SELECT 'a' + SPACE(2) + 'b'", ("a  b",), "SPACE"),
    Doc("SELECT ASCII('A'), CHAR(65), UNICODE(N'Å')", (65, "A", 197), "ASCII, CHAR, UNICODE"),
    Doc("SELECT CONCAT('a', NULL, 'b'), CONCAT_WS(',', 'a', NULL, 'b')", ("ab", "a,b"), "CONCAT, CONCAT_WS"),
    Doc("SELECT TRANSLATE('2*[3+4]/{7-2}', '[]{}', '()()')", ("2*(3+4)/(7-2)",), "TRANSLATE"),
    Doc("SELECT 'a' + NULL", (None,), "+ (String Concatenation): CONCAT_NULL_YIELDS_NULL"),
    Doc(
        "SELECT SOUNDEX('Smith'), SOUNDEX('Smythe')",
        ("S530", "S530"),
        "SOUNDEX",
        flag="soundex() needs the fuzzystrmatch extension on the target",
    ),
    Doc(
        "SELECT DIFFERENCE('Smithers', 'Smythers')",
        (4,),
        "DIFFERENCE",
        flag="difference() needs the fuzzystrmatch extension on the target",
    ),
    # NULL handling and choices
    Doc("SELECT ISNULL(NULL, 'abc'), COALESCE(NULL, NULL, 'third')", ("abc", "third"), "ISNULL, COALESCE"),
    Doc("SELECT ISNULL(CAST(NULL AS varchar(2)), 'abc')", ("ab",), "ISNULL: the first argument's type"),
    Doc(
        "SELECT IIF(45 > 30, 'greater', 'less'), CHOOSE(3, 'Manager', 'Director', 'Developer', 'Tester')",
        ("greater", "Developer"),
        "IIF, CHOOSE",
    ),
    Doc("SELECT NULLIF(4, 4), NULLIF(4, 5)", (None, 4), "NULLIF"),
    # numbers
    Doc("SELECT ROUND(123.9994, 3), ROUND(123.9995, 3)", (D("123.9990"), D("124.0000")), "ROUND"),
    Doc("SELECT ROUND(150.75, 0, 1), ROUND(748.58, -2)", (D("150.00"), D("700.00")), "ROUND: truncation"),
    Doc(
        "SELECT CEILING(123.45), CEILING(-123.45), FLOOR(123.45), FLOOR(-123.45)",
        (124, -123, 123, -124),
        "CEILING, FLOOR",
    ),
    Doc("SELECT 7 / 2, 7 % 2, -7 % 2, 7 % -2", (3, 1, -1, 1), "/ (Divide), % (Modulus)"),
    Doc("SELECT POWER(2, 10), SQUARE(3), SIGN(-5), ABS(-5)", (1024, 9, -1, 5), "POWER, SQUARE, SIGN, ABS"),
    Doc(
        "SELECT CAST(3.7 AS int), CAST(-3.7 AS int), CONVERT(int, 3.99)",
        (3, -3, 3),
        "CAST and CONVERT: decimal to int truncates",
    ),
    Doc("SELECT CAST('12' AS int) + 1, 5 / 2.0", (13, D("2.5")), "CAST and CONVERT"),
    Doc("SELECT ROUND(LOG(10), 6), LOG10(100), LOG(8, 2)", (D("2.302585"), 2, 3), "LOG: natural; LOG(x, base)"),
    Doc("SELECT ROUND(2.5, 0), ROUND(-2.5, 0), DEGREES(PI())", (3, -3, 180), "ROUND, DEGREES, PI"),
    Doc(
        "SELECT STUFF('abc', 5, 1, 'x'), STUFF('abcdef', 2, 0, 'XY')",
        (None, "aXYbcdef"),
        "STUFF: start past the end is NULL",
    ),
    Doc(
        "SELECT REPLICATE('ab', 0), REPLICATE('ab', -1), SPACE(-1)",
        ("", None, None),
        "REPLICATE, SPACE: a negative count is NULL",
    ),
    Doc("SELECT SUBSTRING('abc', 2, 100), LEFT('abc', 10)", ("bc", "abc"), "SUBSTRING, LEFT"),
    Doc("SELECT CONCAT(1, 'a', NULL), CONCAT_WS(',', NULL, NULL)", ("1a", ""), "CONCAT, CONCAT_WS"),
    Doc("SELECT IIF(NULL = NULL, 1, 0)", (0,), "IIF"),
    Doc("SELECT NULLIF('a ', 'a'), IIF('a ' = 'a', 1, 0)", (None, 1), "Comparison: trailing blanks are ignored"),
    Doc("SELECT QUOTENAME('abc'), QUOTENAME('abc', '\"')", ("[abc]", '"abc"'), "QUOTENAME"),
    Doc(
        "SELECT FORMAT(CAST('2024-03-05' AS date), 'MMMM dd, yyyy'), FORMAT(CAST('2024-03-05' AS date), 'ddd')",
        ("March 05, 2024", "Tue"),
        "FORMAT: custom date",
    ),
    Doc("SELECT FORMAT(CAST('2024-03-05 14:07:09' AS datetime), 'HH:mm:ss')", ("14:07:09",), "FORMAT: custom time"),
    Doc("SELECT GREATEST(1, NULL, 3), LEAST('b', 'a')", (3, "a"), "GREATEST, LEAST: NULLs ignored"),
    Doc("SELECT DATETRUNC(month, CAST('2024-03-05 14:07:09' AS datetime2))", (datetime(2024, 3, 1),), "DATETRUNC"),
    # conversions that may fail
    Doc(
        "SELECT TRY_CAST('12.3' AS int), TRY_CAST('test' AS float), TRY_CONVERT(int, '123')",
        (None, None, 123),
        "TRY_CAST, TRY_CONVERT",
        flag="pg_input_is_valid() needs PostgreSQL 16 (the test server is 15)",
    ),
    Doc(
        "SELECT TRY_PARSE('Jabberwokkie' AS datetime2 USING 'en-US')",
        (None,),
        "TRY_PARSE",
        flag="TRY_PARSE follows .NET culture parsing rules",
    ),
    # aggregates and rows
    Doc(
        "SELECT STRING_AGG(v, ',') WITHIN GROUP (ORDER BY v) FROM (VALUES ('b'), ('a'), ('c')) AS t(v)",
        ("a,b,c",),
        "STRING_AGG",
    ),
    Doc(
        "SELECT COUNT(*) FROM STRING_SPLIT('Lorem ipsum dolor', ' ')",
        (3,),
        "STRING_SPLIT",
    ),
    Doc("SELECT COUNT(*) FROM STRING_SPLIT('', ',')", (1,), "STRING_SPLIT: an empty string is one empty piece"),
    Doc(
        "SELECT COUNT(*), MAX(s.value) FROM (VALUES ('a,b'), ('c'), (NULL)) AS t(tags) CROSS APPLY STRING_SPLIT(t.tags, ',') AS s",
        (3, "c"),
        "STRING_SPLIT with CROSS APPLY",
    ),
    Doc(
        "SELECT COUNT(*) FROM (SELECT TOP 2 WITH TIES v FROM (VALUES (3), (2), (2), (1)) AS t(v) ORDER BY v DESC) AS x",
        (3,),
        "TOP: WITH TIES",
    ),
    Doc("SELECT LEN(CAST(NEWID() AS varchar(36))), DATALENGTH(NEWID())", (36, 16), "NEWID"),
]


def test_the_table_covers_the_reference() -> None:
    assert len(ROWS) >= 60


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("row", ROWS, ids=[f"{i:03}" for i in range(len(ROWS))])
def test_documented_result(request: pytest.FixtureRequest, row: Doc, profile: str) -> None:
    check(request.getfixturevalue(f"{profile}_db"), row, "sqlserver", profile)
