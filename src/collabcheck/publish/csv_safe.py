"""CSV that is safe to open in a spreadsheet (RFC 4180, with OWASP's CSV injection defence).

A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` as a formula, and one that
starts with a tab or a carriage return can be made to; a formula can run commands or send the
sheet's data away. As OWASP recommends, such a cell is written with a single quote `'` before it
(spreadsheets show it as text) and always in double quotes. The full-width forms of the four
characters are treated the same, because some spreadsheets read them as the ASCII ones.

Every text cell is quoted, embedded quotes doubled; numbers (which collabcheck formats itself)
are not. Rows end with CRLF, as RFC 4180 says. Line breaks and tabs inside a cell are kept, so
that an address written on several lines stays so; other control and format characters (an
escape, a bidirectional override) are written as visible escapes such as `\\x1b`, never as the
character. Nor can a cell carry a GitHub Actions workflow command into a CI log that shows the
file: `##[` and a line inside a cell that starts with `:` get a backslash before the `[` or `:`
(common/escape.py, "Workflow commands").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from collabcheck.common.escape import TEXT, command_free, inert

ROW_END = "\r\n"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_KEPT = "\t\n\r"


def _visible(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text
    return "".join(ch if ch in _KEPT else inert(ch) for ch in text)


def neutralised(text: str) -> str:
    """The cell's text as a spreadsheet must get it: a would-be formula starts with `'`."""
    text = _visible(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Number:
    """A number collabcheck formatted itself (`2026`, `81375.00`): written unquoted."""

    text: str


Cell = str | Number


def _cell(cell: Cell) -> str:
    if isinstance(cell, Number):
        return cell.text
    return '"' + neutralised(cell).replace('"', '""') + '"'


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The header and the records, each ending with CRLF."""
    lines = [header, *rows]
    text = "".join(",".join(_cell(c) for c in line) + ROW_END for line in lines)
    return command_free(text, TEXT)
