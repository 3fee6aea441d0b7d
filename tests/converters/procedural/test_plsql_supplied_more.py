"""More Oracle-supplied package calls with exact PostgreSQL forms (issue 14): DBMS_LOB / DBMS_CRYPTO / UTL_RAW
constants as their documented values, named notation, UTL_RAW.LENGTH and CAST_FROM_BINARY_INTEGER, UTL_ENCODE's
base64 (lines of 64 characters joined by CR LF), DBMS_CRYPTO.HASH / MAC of RAW values through pgcrypto. Each
converted routine runs on PostgreSQL; the expected values are Oracle's documented results."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import pytest

from migrate.engines import connect
from migrate.model import ObjectStatus
from tests.converters.procedural.conftest import assert_clean, deploy_oracle

CODE = """
CREATE OR REPLACE FUNCTION hr.lob_constants RETURN VARCHAR2 IS
BEGIN
    RETURN DBMS_LOB.DEFAULT_CSID || ',' || DBMS_LOB.DEFAULT_LANG_CTX || ',' || DBMS_LOB.NO_WARNING || ','
        || DBMS_LOB.WARN_INCONVERTIBLE_CHAR || ',' || DBMS_LOB.LOBMAXSIZE || ',' || DBMS_LOB.LOB_READONLY || ','
        || DBMS_LOB.LOB_READWRITE || ',' || DBMS_LOB.SESSION || ',' || DBMS_LOB.CALL;
END;
/
CREATE OR REPLACE FUNCTION hr.crypto_constants RETURN VARCHAR2 IS
BEGIN
    RETURN DBMS_CRYPTO.HASH_MD5 || DBMS_CRYPTO.HASH_SH1 || DBMS_CRYPTO.HASH_SH256 || DBMS_CRYPTO.HASH_SH384
        || DBMS_CRYPTO.HASH_SH512 || '/' || DBMS_CRYPTO.HMAC_MD5 || DBMS_CRYPTO.HMAC_SH1 || DBMS_CRYPTO.HMAC_SH256
        || DBMS_CRYPTO.HMAC_SH384 || DBMS_CRYPTO.HMAC_SH512;
END;
/
CREATE OR REPLACE FUNCTION hr.named_substr(p_text VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN DBMS_LOB.SUBSTR(lob_loc => p_text, amount => 3, offset => 2)
        || DBMS_LOB.SUBSTR(p_text, offset => 4, amount => 2);
END;
/
CREATE OR REPLACE FUNCTION hr.gap_substr(p_text VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN DBMS_LOB.SUBSTR(lob_loc => p_text, offset => 2);
END;
/
CREATE OR REPLACE FUNCTION hr.build_clob(p_text VARCHAR2) RETURN CLOB IS
    l_clob CLOB;
BEGIN
    DBMS_LOB.CREATETEMPORARY(lob_loc => l_clob, cache => TRUE, dur => DBMS_LOB.CALL);
    DBMS_LOB.WRITEAPPEND(lob_loc => l_clob, amount => 2, buffer => p_text);
    DBMS_LOB.APPEND(dest_lob => l_clob, src_lob => TO_CLOB('!'));
    RETURN l_clob;
END;
/
CREATE OR REPLACE FUNCTION hr.int_raw(p_n NUMBER, p_little BOOLEAN) RETURN RAW IS
BEGIN
    IF p_little THEN
        RETURN UTL_RAW.CAST_FROM_BINARY_INTEGER(p_n, UTL_RAW.LITTLE_ENDIAN);
    END IF;
    RETURN UTL_RAW.CAST_FROM_BINARY_INTEGER(n => p_n);
END;
/
CREATE OR REPLACE FUNCTION hr.machine_raw(p_n NUMBER) RETURN RAW IS
BEGIN
    RETURN UTL_RAW.CAST_FROM_BINARY_INTEGER(p_n, UTL_RAW.MACHINE_ENDIAN);
END;
/
CREATE OR REPLACE FUNCTION hr.raw_length(p_raw RAW) RETURN NUMBER IS
BEGIN
    RETURN UTL_RAW.LENGTH(p_raw);
END;
/
CREATE OR REPLACE FUNCTION hr.to_base64(p_raw RAW) RETURN VARCHAR2 IS
BEGIN
    RETURN UTL_RAW.CAST_TO_VARCHAR2(UTL_ENCODE.BASE64_ENCODE(p_raw));
END;
/
CREATE OR REPLACE FUNCTION hr.from_base64(p_text VARCHAR2) RETURN RAW IS
BEGIN
    RETURN UTL_ENCODE.BASE64_DECODE(UTL_RAW.CAST_TO_RAW(p_text));
END;
/
CREATE OR REPLACE FUNCTION hr.sha256_hex(p_text VARCHAR2) RETURN VARCHAR2 IS
BEGIN
    RETURN RAWTOHEX(DBMS_CRYPTO.HASH(UTL_RAW.CAST_TO_RAW(p_text), DBMS_CRYPTO.HASH_SH256));
END;
/
CREATE OR REPLACE FUNCTION hr.digest_of(p_raw RAW, p_md5 BOOLEAN) RETURN RAW IS
BEGIN
    IF p_md5 THEN
        RETURN DBMS_CRYPTO.HASH(src => p_raw, typ => DBMS_CRYPTO.HASH_MD5);
    END IF;
    RETURN DBMS_CRYPTO.HASH(p_raw, 3);
END;
/
CREATE OR REPLACE FUNCTION hr.mac_of(p_raw RAW, p_key RAW) RETURN RAW IS
BEGIN
    RETURN DBMS_CRYPTO.MAC(src => p_raw, typ => DBMS_CRYPTO.HMAC_SH512, key => p_key);
END;
/
CREATE OR REPLACE FUNCTION hr.totp_mac(p_hex VARCHAR2, p_key_hex VARCHAR2) RETURN RAW IS
BEGIN
    RETURN DBMS_CRYPTO.MAC(src => HEXTORAW(p_hex), typ => DBMS_CRYPTO.HMAC_SH1, key => HEXTORAW(p_key_hex));
END;
/
CREATE OR REPLACE FUNCTION hr.hash_text(p_text VARCHAR2) RETURN RAW IS
BEGIN
    RETURN DBMS_CRYPTO.HASH(p_text, DBMS_CRYPTO.HASH_SH1);
END;
/
CREATE OR REPLACE FUNCTION hr.clob_to_blob(p_clob CLOB) RETURN BLOB IS
    l_blob BLOB;
    l_dest_offset INTEGER := 1;
    l_src_offset INTEGER := 1;
    l_lang_context INTEGER := DBMS_LOB.DEFAULT_LANG_CTX;
    l_warning INTEGER;
BEGIN
    DBMS_LOB.CREATETEMPORARY(l_blob, TRUE);
    DBMS_LOB.CONVERTTOBLOB(dest_lob => l_blob, src_clob => p_clob, amount => DBMS_LOB.LOBMAXSIZE,
                           dest_offset => l_dest_offset, src_offset => l_src_offset,
                           blob_csid => DBMS_LOB.DEFAULT_CSID, lang_context => l_lang_context,
                           warning => l_warning);
    RETURN l_blob;
END;
/
CREATE OR REPLACE PROCEDURE hr.convert_part(p_blob IN OUT BLOB, p_clob CLOB, p_amount INTEGER,
                                            p_dest IN OUT INTEGER, p_src IN OUT INTEGER, p_warning OUT INTEGER) IS
    l_context INTEGER := 0;
BEGIN
    DBMS_LOB.CONVERTTOBLOB(p_blob, p_clob, p_amount, p_dest, p_src, 0, l_context, p_warning);
END;
/
CREATE OR REPLACE FUNCTION hr.copy_free(p_text VARCHAR2) RETURN CLOB IS
    l_tmp CLOB;
    l_result CLOB;
BEGIN
    DBMS_LOB.CREATETEMPORARY(l_tmp, TRUE, DBMS_LOB.SESSION);
    DBMS_LOB.WRITEAPPEND(l_tmp, LENGTH(p_text), p_text);
    l_result := l_tmp;
    DBMS_LOB.FREETEMPORARY(lob_loc => l_tmp);
    RETURN l_result;
END;
/
CREATE OR REPLACE FUNCTION hr.free_in_loop(p_n INTEGER) RETURN NUMBER IS
    l_tmp CLOB;
    l_total NUMBER := 0;
BEGIN
    FOR i IN 1 .. p_n LOOP
        DBMS_LOB.CREATETEMPORARY(l_tmp, TRUE);
        DBMS_LOB.APPEND(l_tmp, TO_CLOB('ab'));
        l_total := l_total + DBMS_LOB.GETLENGTH(l_tmp);
        DBMS_LOB.FREETEMPORARY(l_tmp);
    END LOOP;
    RETURN l_total;
END;
/
CREATE OR REPLACE PROCEDURE hr.free_param(p_lob IN OUT CLOB) IS
BEGIN
    DBMS_LOB.FREETEMPORARY(p_lob);
END;
/
CREATE OR REPLACE FUNCTION hr.free_then_read RETURN NUMBER IS
    l_tmp CLOB;
BEGIN
    DBMS_LOB.CREATETEMPORARY(l_tmp, TRUE);
    DBMS_LOB.FREETEMPORARY(l_tmp);
    RETURN DBMS_LOB.GETLENGTH(l_tmp);
END;
/
CREATE OR REPLACE FUNCTION hr.hex_raw(p_hex VARCHAR2) RETURN RAW IS
BEGIN
    RETURN HEXTORAW(p_hex);
END;
/
CREATE OR REPLACE FUNCTION hr.hash_md4(p_raw RAW) RETURN RAW IS
BEGIN
    RETURN DBMS_CRYPTO.HASH(p_raw, DBMS_CRYPTO.HASH_MD4);
END;
/
"""

CONVERTED = {"lob_constants", "crypto_constants", "named_substr", "build_clob", "int_raw", "raw_length",
             "to_base64", "from_base64", "sha256_hex", "digest_of", "mac_of", "clob_to_blob", "convert_part", "copy_free", "totp_mac", "hex_raw"}  # fmt: skip


@pytest.fixture(scope="module")
def deployed(pg_server, tmp_path_factory, _dropper):  # type: ignore[no-untyped-def]
    result, report, url = deploy_oracle(pg_server, tmp_path_factory.mktemp("supplied_more"), CODE)
    yield {o.name: o for o in result.objects}, report, url
    _dropper.names.put(url.database)


def _one(url, sql: str, *args: object) -> Any:  # type: ignore[no-untyped-def]
    with connect(url) as conn:
        return conn.rows(sql, args)[0][0] if args else conn.rows(sql)[0][0]


def test_the_calls_convert_and_deploy_clean(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, report, _url = deployed
    manual = {
        n: [f.message for f in objects[n].findings] for n in CONVERTED if objects[n].status is ObjectStatus.MANUAL
    }
    assert manual == {}
    assert_clean(report, CONVERTED)


def test_constants_are_the_documented_values(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    # DBMS_LOB: DEFAULT_CSID 0, DEFAULT_LANG_CTX 0, NO_WARNING 0, WARN_INCONVERTIBLE_CHAR 1, LOBMAXSIZE 2**64 - 1,
    # LOB_READONLY 0, LOB_READWRITE 1, SESSION 10, CALL 12
    assert _one(url, "SELECT hr.lob_constants()") == f"0,0,0,1,{2**64 - 1},0,1,10,12"
    # DBMS_CRYPTO: HASH_MD5 2 .. HASH_SH512 6; HMAC_MD5 1 .. HMAC_SH512 5
    assert _one(url, "SELECT hr.crypto_constants()") == "23456/12345"


def test_named_notation_takes_the_parameters_positions(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, _report, url = deployed
    # SUBSTR('abcdef', amount 3, offset 2) = 'bcd'; amount 2 from offset 4 = 'de'
    assert _one(url, "SELECT hr.named_substr('abcdef')") == "bcdde"
    # CREATETEMPORARY starts an empty LOB; WRITEAPPEND adds the first 2 characters; APPEND adds '!'
    assert _one(url, "SELECT hr.build_clob('xyz')") == "xy!"
    # a named argument after a gap (amount left to its default) is not placed: a finding, as before
    assert objects["gap_substr"].status is ObjectStatus.MANUAL
    assert "AM-PLSQL-009" in {f.rule_id for f in objects["gap_substr"].findings}


def test_utl_raw_binary_integers_and_length(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, _report, url = deployed
    # CAST_FROM_BINARY_INTEGER: the 4-byte two's complement, big endian by default
    assert bytes(_one(url, "SELECT hr.int_raw(1, false)")) == bytes.fromhex("00000001")
    assert bytes(_one(url, "SELECT hr.int_raw(-2, false)")) == bytes.fromhex("fffffffe")
    assert bytes(_one(url, "SELECT hr.int_raw(258, true)")) == bytes.fromhex("02010000")
    assert _one(url, "SELECT hr.int_raw(NULL, false)") is None
    assert _one(url, "SELECT hr.raw_length('\\x0102ff'::bytea)") == 3
    # MACHINE_ENDIAN is the Oracle server's byte order: not known here
    assert objects["machine_raw"].status is ObjectStatus.MANUAL


def test_base64_has_oracles_lines(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    value = bytes(range(100))
    text = _one(url, "SELECT hr.to_base64(%s)", value)
    plain = base64.b64encode(value).decode()  # 136 characters
    # Oracle: lines of 64 characters joined by CR LF, none after the last
    assert text == plain[:64] + "\r\n" + plain[64:128] + "\r\n" + plain[128:]
    assert bytes(_one(url, "SELECT hr.from_base64(%s)", text)) == value
    assert _one(url, "SELECT hr.to_base64('\\x54455354'::bytea)") == "VEVTVA=="


def test_crypto_hash_and_mac_of_raw(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, _report, url = deployed
    assert _one(url, "SELECT hr.sha256_hex('abc')") == hashlib.sha256(b"abc").hexdigest().upper()
    assert bytes(_one(url, "SELECT hr.digest_of('\\x0102'::bytea, true)")) == hashlib.md5(b"\x01\x02").digest()
    assert bytes(_one(url, "SELECT hr.digest_of('\\x0102'::bytea, false)")) == hashlib.sha1(b"\x01\x02").digest()
    mac = hmac.new(b"key", b"data", hashlib.sha512).digest()
    assert bytes(_one(url, "SELECT hr.mac_of('\\x64617461'::bytea, '\\x6b6579'::bytea)")) == mac
    assert "CREATE EXTENSION IF NOT EXISTS pgcrypto" in objects["mac_of"].sql
    totp = hmac.new(bytes.fromhex("3132"), bytes.fromhex("00000001"), hashlib.sha1).digest()
    assert bytes(_one(url, "SELECT hr.totp_mac('00000001', '3132')")) == totp  # HEXTORAW's RAW
    # a VARCHAR2 goes to the CLOB overload (its character set conversion undocumented); MD4: no pgcrypto form
    for name in ("hash_text", "hash_md4"):
        assert objects[name].status is ObjectStatus.MANUAL
        assert "AM-PLSQL-009" in {f.rule_id for f in objects[name].findings}


def test_clob_to_blob_writes_the_database_character_set(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    # AL32UTF8: the characters' UTF-8 bytes; a whole CLOB with LOBMAXSIZE
    assert bytes(_one(url, "SELECT hr.clob_to_blob('h\u00e9llo \u20ac')")) == "h\u00e9llo \u20ac".encode()
    assert bytes(_one(url, "SELECT hr.clob_to_blob('')")) == b""
    with connect(url) as conn, pytest.raises(Exception, match="numeric or value error"):
        conn.rows("SELECT hr.clob_to_blob(NULL)")  # VALUE_ERROR for a NULL argument


def test_convert_part_moves_the_offsets(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    call = "CALL hr.convert_part(%s, %s, %s, %s, %s, NULL)"
    with connect(url) as conn:
        # 2 characters from character 2 ('b\u00e9') written over bytes 2.. of 01 02 03 04 05: 3 bytes; the
        # offsets come back after the write (byte 5) and after the read (character 4); NO_WARNING
        blob, dest, src, warning = conn.rows(call, (b"\x01\x02\x03\x04\x05", "ab\u00e9d", 2, 2, 2))[0]
        assert (bytes(blob), dest, src, warning) == (b"\x01b\xc3\xa9\x05", 5, 4, 0)
        # past the end: the gap is zero bytes
        blob, dest, src, warning = conn.rows(call, (b"\x01", "xyz", 1, 4, 3))[0]
        assert (bytes(blob), dest, src, warning) == (b"\x01\x00\x00z", 5, 4, 0)
        with pytest.raises(Exception, match="out of range"):
            conn.rows(call, (b"", "xyz", 0, 1, 1))  # INVALID_ARGVAL: an amount below 1


def test_freetemporary_of_a_local_never_read_again(deployed) -> None:  # type: ignore[no-untyped-def]
    objects, _report, url = deployed
    # the result is a copy of the temporary LOB (a PL/SQL assignment copies a temporary LOB): still readable
    assert _one(url, "SELECT hr.copy_free('hello')") == "hello"
    # in a loop (a next iteration may read it), of a parameter (the caller keeps the freed locator), or read
    # afterwards (Oracle raises: the locator is invalid): the finding stays
    for name in ("free_in_loop", "free_param", "free_then_read"):
        assert objects[name].status is ObjectStatus.MANUAL, name
        assert any("FREETEMPORARY" in f.message for f in objects[name].findings), name


def test_hextoraw_reads_hex_digits(deployed) -> None:  # type: ignore[no-untyped-def]
    _objects, _report, url = deployed
    assert bytes(_one(url, "SELECT hr.hex_raw('0A0b')")) == b"\x0a\x0b"
    assert bytes(_one(url, "SELECT hr.hex_raw('A0b')")) == b"\x0a\x0b"  # an odd count: as if led by a 0
    assert _one(url, "SELECT hr.hex_raw(NULL)") is None
    with connect(url) as conn, pytest.raises(Exception, match="invalid hexadecimal"):
        conn.rows("SELECT hr.hex_raw('0A 0B')")  # ORA-01465 in Oracle: not a hex digit


STATEMENTS = """
CREATE OR REPLACE PROCEDURE hr.say(p_text VARCHAR2) IS
BEGIN
    DBMS_OUTPUT.PUT_LINE(item => p_text);
    DBMS_LOCK.SLEEP(seconds => 0);
END;
/
CREATE OR REPLACE PROCEDURE hr.say_wrong(p_text VARCHAR2) IS
BEGIN
    DBMS_OUTPUT.PUT_LINE(line => p_text);
END;
/
"""


def test_named_notation_in_supplied_statements(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    objects = {o.name: o for o in convert_plsql(STATEMENTS).objects}
    assert objects["say"].status is not ObjectStatus.MANUAL, [f.message for f in objects["say"].findings]
    assert "RAISE NOTICE '%', coalesce((p_text)::text, '');" in objects["say"].sql
    assert "PERFORM pg_sleep(0);" in objects["say"].sql
    # PUT_LINE's parameter is ITEM: another name places nothing (Oracle does not compile the call either)
    assert objects["say_wrong"].status is ObjectStatus.MANUAL
    assert "AM-PLSQL-009" in {f.rule_id for f in objects["say_wrong"].findings}


CHARSET = """
CREATE OR REPLACE FUNCTION hr.text_bytes(p_text VARCHAR2) RETURN RAW IS
BEGIN
    RETURN UTL_RAW.CAST_TO_RAW(p_text);
END;
/
"""


def test_cast_to_raw_needs_an_al32utf8_database(convert_plsql) -> None:  # type: ignore[no-untyped-def]
    utf8 = {o.name: o for o in convert_plsql(CHARSET).objects}["text_bytes"]
    assert "convert_to(p_text, 'UTF8')" in utf8.sql and utf8.status is not ObjectStatus.MANUAL
    # a WE8MSWIN1252 database recasts its own single-byte codes: not UTF-8's bytes
    latin = {o.name: o for o in convert_plsql(CHARSET, nls_characterset="WE8MSWIN1252").objects}["text_bytes"]
    assert latin.status is ObjectStatus.MANUAL
    assert "AM-PLSQL-009" in {f.rule_id for f in latin.findings}
