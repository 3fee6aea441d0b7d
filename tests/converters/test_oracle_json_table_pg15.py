"""Oracle JSON_TABLE below PostgreSQL 17, on the real PostgreSQL: the CO `product_reviews` view (a NESTED PATH over
the reviews of a JSON document kept in a BLOB under IS JSON) returns the rows Oracle's JSON_TABLE defines: one row
per review, a product without reviews kept once with NULLs (the nested path is outer-joined), a NULL document no
row, and NULL for a value that is missing, not a scalar, or not of the column's type (NULL ON EMPTY, NULL ON ERROR)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from converters.rewrite import RewriteOptions, convert_query

SCRIPT = """
create table co.products (product_id integer primary key, product_name varchar2(255 char) not null,
  product_details blob);
alter table co.products add constraint products_json_c check ( product_details is json );
create table co.notes (note_id integer primary key, body varchar2(4000));
create or replace view co.product_reviews as
  select p.product_name, r.rating,
         round ( avg ( r.rating ) over ( partition by product_name ), 2 ) avg_rating,
         r.review
  from   co.products p,
         json_table ( p.product_details, '$'
           columns ( nested path '$.reviews[*]'
             columns ( rating integer path '$.rating', review varchar2(10) path '$.review' ) ) ) r;
create or replace view co.note_tags as
  select n.note_id, t.tag, t.weight
  from co.notes n, json_table ( n.body, '$.tags[*]' columns ( tag varchar2(20) path '$.name',
                                                               weight number(4,1) path '$.w' ) ) t;
"""

DOCUMENTS = {
    "P1": {"reviews": [{"rating": 8, "review": "Great"}, {"rating": "4", "review": "ok"}]},
    "P2": {"reviews": []},
    "P3": {"brand": "x"},
    "P4": {"reviews": [{"rating": [1, 2], "review": {"a": 1}}, {"rating": "bad", "review": True},
                       {"rating": 4.5, "review": "far too long a text"}]},
    "P6": {"reviews": {"rating": 3}},
}  # fmt: skip


def test_product_reviews_rows(cli, tmp_path: Path, pg_url, pg) -> None:  # type: ignore[no-untyped-def]
    """Converted for the server's own version (15 here; on 16 the IS JSON guard of note_tags runs too); a server of
    17 or newer, which has JSON_TABLE itself, runs the conversion made for 16."""
    version = min(int(pg.scalar("SHOW server_version_num")) // 10000, 16)
    (tmp_path / "co.sql").write_text(SCRIPT)
    out = tmp_path / "out"
    args = ("convert", "--dialect", "oracle", str(tmp_path / "co.sql"), "--out", str(out), "--target-version")
    converted = cli(*args, str(version))
    assert converted.exit_code == 0, converted.output
    objects = {o["name"]: o for o in json.loads((out / "conversion.json").read_text())["data"]["objects"]}
    assert objects["product_reviews"]["status"] == "converted"
    # a plain VARCHAR2 document is checked with IS JSON from PostgreSQL 16; on 15 it is left for a person
    assert objects["note_tags"]["status"] == ("converted" if version >= 16 else "manual")
    assert cli("deploy", str(out), "--target", str(pg_url)).exit_code == 0
    for n, (name, doc) in enumerate([*DOCUMENTS.items(), ("P5", None)], 1):
        value = "NULL" if doc is None else "convert_to('" + json.dumps(doc).replace("'", "''") + "', 'UTF8')"
        pg.execute(f"INSERT INTO co.products VALUES ({n}, '{name}', {value})")
    rows = pg.rows("SELECT product_name, rating, avg_rating, review FROM co.product_reviews "
                   "ORDER BY product_name, rating NULLS LAST, review NULLS LAST")  # fmt: skip
    assert rows == [
        ("P1", 4, 6, "ok"),
        ("P1", 8, 6, "Great"),  # "4" is read as a number, as Oracle converts it
        ("P2", None, None, None),  # no review: the product row is kept (outer join of the nested path)
        ("P3", None, None, None),
        ("P4", 5, 5, None),  # 4.5 rounds into INTEGER; the too-long review is an error: NULL
        ("P4", None, 5, "true"),  # "bad" is no number: NULL; a boolean reads as 'true'
        ("P4", None, 5, None),  # an array and an object are not scalars: NULL
        ("P6", 3, 3, None),  # lax mode: a single object where an array was expected is one item
    ]  # fmt: skip  (P5, a NULL document, gives no row)
    if version >= 16:
        pg.execute("""INSERT INTO co.notes VALUES (1, '{"tags": [{"name": "a", "w": 1.25}, {"name": "b"}]}'),
                      (2, 'not json'), (3, NULL)""")
        assert pg.rows("SELECT note_id, tag, weight FROM co.note_tags ORDER BY 1, 2") == [(1, "a", 1.3), (1, "b", None)]


CASES = [
    ("SELECT t.a FROM t, JSON_TABLE(t.doc, '$' COLUMNS (n FOR ORDINALITY, a VARCHAR2(5) PATH '$.a')) t2",
     "FOR ORDINALITY"),
    ("SELECT j.a FROM t, JSON_TABLE(t.other, '$' COLUMNS (a VARCHAR2(5) PATH '$.a')) j", "IS JSON check"),
    ("SELECT 1 FROM t, JSON_TABLE(t.doc, '$' COLUMNS (NESTED PATH '$.a[*]' COLUMNS (x NUMBER PATH '$.x'), "
     "NESTED PATH '$.b[*]' COLUMNS (y NUMBER PATH '$.y'))) j", "sibling NESTED PATH"),
]  # fmt: skip


@pytest.mark.parametrize(("oracle", "reason"), CASES, ids=[c[1] for c in CASES])
def test_forms_left_for_a_person(oracle: str, reason: str) -> None:
    options = RewriteOptions(target_version=15, json_columns=(("doc", "jsonb"),))
    rewritten = convert_query(oracle, "oracle", options)
    assert [f.rule_id for f in rewritten.findings] == ["CONV-JSONTABLE-001"]
    assert reason in rewritten.findings[0].message


def test_a_nested_path_takes_the_lateral_form_on_17_too() -> None:
    """PostgreSQL 17's own NESTED PATH was not checked against Oracle's join; the LATERAL form was (above)."""
    oracle = ("SELECT r.rating FROM products p, JSON_TABLE(p.details, '$' COLUMNS (NESTED PATH '$.reviews[*]' "
              "COLUMNS (rating NUMBER(2) PATH '$.rating'))) r")  # fmt: skip
    options = RewriteOptions(target_version=17, json_columns=(("details", "jsonb"),))
    rewritten = convert_query(oracle, "oracle", options)
    assert rewritten.findings == ()
    assert "LEFT JOIN LATERAL jsonb_path_query(_jt0.item, '$.reviews[*]')" in rewritten.sql
    assert "json_table" not in rewritten.sql.lower()
