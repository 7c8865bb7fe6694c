"""The terminal report: a summary line, then each finding with where, why and how to fix it.

Lines are built as (text, style) segments. Everything that can come from a proposal passes
through `inert` first. With colour (standard output, by --color or the terminal and the
environment: `colour`; a report file never has colour) the segments are printed as rich
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
# Compiled when first needed (re keeps it): most runs check every file.
_NOT_CHECKED = r"(\(\d+ could not be checked\))"


def _sort_key(f: Finding) -> tuple[int, int, int, int, str]:
    order = _ORDER[f.outcome] * 2 + f.waived  # a waived failure after the ones that count
    return (order, -f.severity.rank, f.line, f.column, f.rule_id)


def summary(report: Report) -> Line:
    head, _, rest = summary_line(report).partition(" ")
    line: Line = [(head, "bold")]
    if "could not be checked" not in rest:
        return [*line, (" " + rest, None)]
    for part in re.split(_NOT_CHECKED, " " + rest):
        line.append((part, "bold red" if re.fullmatch(_NOT_CHECKED, part) else None))
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
    # Of several files, only what needs doing or confirming, unless --verbose asks for every
    # outcome: 100 compliant proposals are a summary line and their items to confirm.
    brief = len(report.files) > 1 and not report.verbose
    for result in report.files:
        yield from _problems(result)
        yield from _waivers(result, report.quiet)
        for f in sorted(result.findings, key=_sort_key):
            if _shown(f, report.quiet, brief):
                yield from _finding(f)


def _shown(f: Finding, quiet: bool, brief: bool) -> bool:
    if f.outcome in (Outcome.FAIL, Outcome.ERROR):
        return True
    if quiet:
        return False
    return not brief or f.needs_confirmation


def _forced(name: str) -> bool:
    """FORCE_COLOR and CLICOLOR_FORCE force colour when set to anything but empty or 0."""
    return os.environ.get(name, "") not in ("", "0")


def colour(report: Report, stream: TextIO) -> bool:
    """Colour only on standard output (never in a report file, whatever the options and the
    environment say). --color always or never decides; auto: never when NO_COLOR is set to
    anything but empty, else when FORCE_COLOR or CLICOLOR_FORCE is set to anything but empty or
    0, else when standard output is a terminal."""
    if not report.terminal or report.colour == "never":
        return False
    if report.colour == "always":
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return _forced("FORCE_COLOR") or _forced("CLICOLOR_FORCE") or stream.isatty()


def render(report: Report, stream: TextIO) -> None:
    if not colour(report, stream):
        for line in _lines(report):
            stream.write("".join(text for text, _ in line) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    # Decided above: rich is not to decide again from NO_COLOR, FORCE_COLOR or TERM. The styles
    # are all of the 16 standard colours, the same codes on any colour terminal.
    console = Console(
        file=stream,
        force_terminal=True,
        no_color=False,
        color_system="standard",
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=True,
    )
    for line in _lines(report):
        console.print(Text.assemble(*((t, s or "") for t, s in line)))
