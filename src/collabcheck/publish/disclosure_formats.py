"""Disclosure rows as CSV (the default) or JSON, the same bytes for the same rows.

CSV: a header of the column names, then one record per row, RFC 4180 with CRLF line ends, text
made safe for spreadsheets (publish/csv_safe.py). JSON: one object with `format`, `version`,
`year`, `as_of` and `rows`, each row an object with the columns in the same order; keys are
never sorted, so the order is the columns' own; amounts are strings (`"81375.00"`) so that no
reader turns them into binary fractions.
"""

from __future__ import annotations

import json
from datetime import date

from collabcheck.common.escape import JSON, command_free
from collabcheck.publish.csv_safe import Cell, Number, csv_text
from collabcheck.publish.disclosure import COLUMNS, DisclosureRow

FORMATS = ("csv", "json")
JSON_FORMAT = "collabcheck-disclosure"
JSON_VERSION = 1


NUMBERS = frozenset({"year", "amount_gbp"})  # written unquoted in CSV


def _cells(row: DisclosureRow) -> list[Cell]:
    pairs = zip(COLUMNS, row.values(), strict=True)
    return [Number(str(v)) if name in NUMBERS else str(v) for name, v in pairs]


def as_csv(rows: list[DisclosureRow]) -> str:
    return csv_text(COLUMNS, [_cells(row) for row in rows])


def as_json(rows: list[DisclosureRow], year: int, as_of: date) -> str:
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "year": year,
        "as_of": as_of.isoformat(),
        "rows": [dict(zip(COLUMNS, row.values(), strict=True)) for row in rows],
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return command_free(text, JSON)


def render(fmt: str, rows: list[DisclosureRow], year: int, as_of: date) -> str:
    return as_csv(rows) if fmt == "csv" else as_json(rows, year, as_of)
