"""Reading an export file as text whatever its encoding, saying how it was read.

Order tried: a byte-order mark; UTF-16 without one (every other byte NUL); UTF-8; an encoding the file declares (SQL*Plus `-- encoding: x`,
a NLS_LANG comment, an XML prolog); Windows-1252 (SQL Developer and SSMS on Western Windows);
ISO-8859-1 last, which accepts any bytes. Text with NUL bytes in it is not a script.
"""

from __future__ import annotations

import codecs
import re

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"(?:coding[:=]\s*|charset=|encoding=[\"']?|NLS_LANG=\S*\.)([A-Za-z0-9_\-]+)", re.IGNORECASE)
# Oracle NLS character set names to Python codecs (the ones export files declare).
ORACLE_CHARSETS = {"AL32UTF8": "utf-8", "UTF8": "utf-8", "WE8MSWIN1252": "cp1252", "WE8ISO8859P1": "latin-1",
                   "WE8ISO8859P15": "iso8859-15", "EE8MSWIN1250": "cp1250", "CL8MSWIN1251": "cp1251",
                   "JA16SJIS": "shift_jis", "ZHS16GBK": "gbk", "KO16MSWIN949": "cp949"}  # fmt: skip


def decode(data: bytes) -> tuple[str | None, str]:
    """(text, encoding used); text is None when the bytes are not text at all."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    for encoding in _bom_less_utf16(data):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    try:
        text = data.decode("utf-8")
        return (text, "utf-8") if "\x00" not in text else (None, "binary")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        return None, "binary"
    for encoding in (*_declared(data), "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return None, "unknown"  # latin-1 decodes any bytes: only reached if a NUL check changes


def _bom_less_utf16(data: bytes) -> list[str]:
    """UTF-16 text written without a BOM: ASCII-range SQL leaves every other byte NUL."""
    head = data[:400]
    if len(head) < 8 or len(head) % 2:
        return []
    odd, even = head[1::2], head[0::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) == 0:
        return ["utf-16-le"]
    if even.count(0) > 0.9 * len(even) and odd.count(0) == 0:
        return ["utf-16-be"]
    return []


def _declared(data: bytes) -> list[str]:
    found = _DECLARED.search(data[:4096])
    if not found:
        return []
    name = found.group(1).decode("ascii", "replace")
    return [ORACLE_CHARSETS.get(name.upper(), name)]
