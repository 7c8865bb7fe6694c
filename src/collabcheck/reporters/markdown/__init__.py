"""The board report: a markdown document for an NHS governance board, as GitHub renders it.

It answers the board's questions in order: is each proposal ready, what must change, what must a
person confirm, how was every requirement assessed, what happens when, and what exactly was
checked. Every piece of text that comes from a proposal or a rule pack goes through `escape`
(markup.py), so it is shown as text and never read as markdown or HTML; text in the Mermaid
chart goes through `mermaid_label` instead. The output depends only on the report (no clock,
host or environment), so the same inputs give the same bytes.

`report.quiet` is ignored: a board report is a complete record, not a console view."""

from __future__ import annotations

import io
from typing import TextIO

from collabcheck.common.escape import TEXT
from collabcheck.reporters import Report
from collabcheck.reporters.markdown.sections import sections

# `##[` and a line's leading `:` with a backslash, which markdown reads as the character itself.
LOG_ESCAPES = TEXT


def markdown(report: Report) -> str:
    out = io.StringIO()
    render(report, out)
    return out.getvalue()


def render(report: Report, stream: TextIO) -> None:
    """The report a proposal at a time, so that a board report on thousands of proposals is
    never held whole: the lines joined by newlines, ending in exactly one."""
    written = False
    held: list[str] = []
    for section in sections(report):
        if not section:
            continue
        if held:
            stream.write(("\n" if written else "") + "\n".join(held))
            written = True
        held = section
    stream.write(("\n" if written else "") + "\n".join(held).rstrip("\n") + "\n")
