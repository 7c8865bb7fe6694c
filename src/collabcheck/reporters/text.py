"""The terminal report: a summary line, then each finding with where, why and how to fix it.

Lines are built as (text, style) segments. Everything that can come from a proposal passes
through `inert` first. With colour (standard output that is a terminal, or that FORCE_COLOR or
CLICOLOR_FORCE colours; a report file never has colour) the segments are printed as rich
Text, never as markup, so `[bold]` in a proposal is shown, not obeyed; without colour they are
written as plain text, which is much faster for large CI logs and does not load rich at all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TextIO

from collabcheck.common.escape import TEXT, inert
from collabcheck.reporters import Report, summary_line
from collabcheck.results import FileResult, Finding, Outcome, WaiverStatus

LOG_ESCAPES = TEXT

Segment = tuple[str, str | None]
Line = list[Segment]

_LABELS = {
    Outcome.FAIL: ("FAIL", "bold red"),
    Outcome.ERROR: ("ERROR", "bold magenta"),
    Outcome.PASS: ("PASS", "green"),
    Outcome.NOT_APPLICABLE: ("N/A", "dim"),
}
_ORDER = {Outcome.ERROR: 0, Outcome.FAIL: 1, Outcome.PASS: 2, Outcome.NOT_APPLICABLE: 3}
_NOT_CHECKED = re.compile(r"(\(\d+ could not be checked\))")


def _sort_key(f: Finding) -> tuple[int, int, int, int, str]:
    order = _ORDER[f.outcome] * 2 + f.waived  # a waived failure after the ones that count
    return (order, -f.severity.rank, f.line, f.column, f.rule_id)


def summary(report: Report) -> Line:
    head, _, rest = summary_line(report).partition(" ")
    line: Line = [(head, "bold")]
    for part in _NOT_CHECKED.split(" " + rest):
        line.append((part, "bold red" if _NOT_CHECKED.fullmatch(part) else None))
    return line


def _problems(result: FileResult) -> list[Line]:
    return [
        [
            ("INVALID ", "bold red"),
            (inert(str(problem.location)), "bold"),
            (f"  {inert(problem.message)}", None),
        ]
        for problem in result.problems
    ]


def _waivers(result: FileResult, quiet: bool) -> list[Line]:
    """Waivers that cover no finding: refused ones (errors) and, unless quiet, stale ones."""
    shown = (WaiverStatus.REFUSED,) if quiet else (WaiverStatus.REFUSED, WaiverStatus.STALE)
    return [
        [
            ("ERROR " if use.status is WaiverStatus.REFUSED else "STALE ", "bold magenta"),
            (inert(str(use.waiver.location)), "bold"),
            (f"  {use.waiver.rule_id}", "cyan"),
            (f"  {inert(use.note)}", None),
        ]
        for use in result.waivers
        if use.status in shown
    ]


def _finding(f: Finding) -> list[Line]:
    if f.needs_confirmation:
        label, style = "CONFIRM", "yellow"
    else:
        label, style = ("WAIVED", "yellow") if f.waived else _LABELS[f.outcome]
    head: Line = [
        ((label + " ").ljust(6), style),
        (inert(str(f.location)), "bold"),
        (f"  {f.rule_id}", "cyan"),
    ]
    if f.outcome in (Outcome.FAIL, Outcome.ERROR):
        head.append((f"  [{f.severity.value}]", style))
        out: list[Line] = [
            head,
            [(f"      {inert(f.message)}", None)],
            [(f"      Clause: {inert(str(f.reference))}", "dim")],
            [(f"      Fix: {inert(f.remediation)}", None)],
        ]
        if f.waiver is not None:
            where = inert(str(f.waiver.waiver.location))
            out.append([(f"      Waiver ({where}): {inert(f.waiver.note)}", "yellow")])
        return out
    text = f.reason if f.outcome is Outcome.NOT_APPLICABLE else f.message
    if f.needs_confirmation:
        text += ": met on an attributed statement; a person must confirm it"
    head.append((f"  {inert(text)}", None))
    return [head]


def lines(report: Report) -> list[Line]:
    return list(_lines(report))


def _lines(report: Report) -> Iterator[Line]:
    """One line at a time, so a report of thousands of files is never held whole."""
    yield summary(report)
    if report.verbose:
        for name in report.skipped:
            yield [
                ("SKIP  ", "dim"),
                (inert(name), "bold"),
                ("  not a proposal: no top-level format_version", None),
            ]
    for result in report.files:
        yield from _problems(result)
        yield from _waivers(result, report.quiet)
        for f in sorted(result.findings, key=_sort_key):
            if report.quiet and f.outcome not in (Outcome.FAIL, Outcome.ERROR):
                continue
            yield from _finding(f)


def colour(report: Report, stream: TextIO) -> bool:
    """Colour only on standard output (never in a report file, whatever the environment says):
    when it is a terminal or FORCE_COLOR or CLICOLOR_FORCE asks for it, unless NO_COLOR is set."""
    if not report.terminal or os.environ.get("NO_COLOR"):
        return False
    forced = os.environ.get("FORCE_COLOR") or os.environ.get("CLICOLOR_FORCE", "") not in ("", "0")
    return bool(forced) or stream.isatty()


def render(report: Report, stream: TextIO) -> None:
    if not colour(report, stream):
        for line in _lines(report):
            stream.write("".join(text for text, _ in line) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=stream,
        force_terminal=True,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=True,
    )
    for line in _lines(report):
        console.print(Text.assemble(*((t, s or "") for t, s in line)))
