"""The Disclosure UK rows of a year, and how they are written as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from collabcheck.publish.disclosure import COLUMNS, disclosure_rows
from collabcheck.publish.disclosure_formats import as_csv, as_json
from tests.publish.proposals import COMPANY, TRUST, entry, loaded, proposal, transfer

AS_OF = date(2027, 2, 1)
OTHER_COMPANY = {"id": "pharma", "name": "Albion Pharma Ltd", "kind": "pharmaceutical_company"}


def _two_projects() -> list:
    first = proposal(
        [transfer(46500, "2026-04-20"), transfer(34875, "2026-10-19")], [entry(2026, 81375)]
    )
    second = proposal(
        [transfer(1000.5, "2026-03-01")],
        [entry(2026, 1000.5)],
        parties=[TRUST, OTHER_COMPANY],
        reference="NTH-CW-2026-002",
    )
    return [loaded(first, "a.yaml"), loaded(second, "b.yaml")]


def test_one_row_per_project_company_and_recipient_in_order() -> None:
    rows, findings = disclosure_rows(_two_projects(), 2026)
    assert findings == []
    assert [(r.company, r.amount_gbp, r.project_reference) for r in rows] == [
        ("Albion Pharma Ltd", "1000.50", "NTH-CW-2026-002"),
        ("Meridian Pharmaceuticals UK Ltd", "81375.00", "NTH-JW-2026-014"),
    ]
    row = rows[1]
    assert (row.recipient, row.recipient_address, row.country, row.year, row.category) == (
        "Northshire Teaching Hospitals NHS Foundation Trust",
        "Infirmary Road, Northshire NS1 4AB",
        "England",
        2026,
        "collaborative_working",
    )
    assert row.summary_url == "https://example.org/summary"


def test_the_order_does_not_depend_on_the_order_of_the_files() -> None:
    projects = _two_projects()
    assert disclosure_rows(projects, 2026)[0] == disclosure_rows(projects[::-1], 2026)[0]


def test_two_files_with_one_project_reference_would_disclose_it_twice() -> None:
    document = proposal([transfer(5, "2026-03-01")], [entry(2026, 5)])
    _, findings = disclosure_rows([loaded(document, "a.yaml"), loaded(document, "copy.yaml")], 2026)
    assert [f.file for f in findings] == ["copy.yaml"]
    assert (
        "is also the reference of a.yaml, so its transfers of value would be disclosed twice"
        in findings[0].message
    )


def test_rows_need_the_published_summary_link() -> None:
    document = proposal([transfer(5, "2026-03-01")], [entry(2026, 5)], url=None)
    _, findings = disclosure_rows([loaded(document)], 2026)
    assert [f.message.split(":")[0] for f in findings] == ["governance.summary.published_url"]


def test_csv_has_a_header_and_reads_back_with_the_csv_module() -> None:
    rows, _ = disclosure_rows(_two_projects(), 2026)
    written = as_csv(rows)
    read = list(csv.DictReader(io.StringIO(written, newline="")))
    assert list(read[0]) == list(COLUMNS)
    assert [r["amount_gbp"] for r in read] == ["1000.50", "81375.00"]
    assert written.count("\r\n") == 3 and "\n" not in written.replace("\r\n", "")


def test_json_has_its_version_and_the_columns_in_order() -> None:
    rows, _ = disclosure_rows(_two_projects(), 2026)
    document = json.loads(as_json(rows, 2026, AS_OF))
    assert list(document) == ["format", "version", "year", "as_of", "rows"]
    assert (document["format"], document["version"], document["as_of"]) == (
        "collabcheck-disclosure",
        1,
        "2027-02-01",
    )
    assert [list(r) for r in document["rows"]] == [list(COLUMNS)] * 2
    assert document["rows"][0]["amount_gbp"] == "1000.50"


def test_hostile_text_is_neutralised_in_csv_and_escaped_in_json() -> None:
    hostile_company = {**COMPANY, "name": '=HYPERLINK("https://evil.example","x")'}
    hostile_trust = {**TRUST, "name": "@SUM(1)\u202e", "address": "-2+3\n::error::x"}
    document = proposal(
        [transfer(5, "2026-03-01")],
        [entry(2026, 5)],
        parties=[hostile_trust, hostile_company],
        url="+cmd|' /C calc'!A0",
    )
    rows, findings = disclosure_rows([loaded(document)], 2026)
    assert findings == []
    record = next(csv.DictReader(io.StringIO(as_csv(rows), newline="")))
    assert record["company"] == '\'=HYPERLINK("https://evil.example","x")'
    assert record["recipient"] == "'@SUM(1)\\u202e"
    assert record["recipient_address"] == "'-2+3\n\\::error::x"
    assert record["summary_url"] == "'+cmd|' /C calc'!A0"
    written = as_json(rows, 2026, AS_OF)
    assert "\u202e" not in written and "\\u202e" in written
    assert json.loads(written)["rows"][0]["recipient"] == "@SUM(1)\u202e"
