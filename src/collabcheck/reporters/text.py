"""The terminal report: a summary line, then each finding with where, why and how to fix it.

Everything that can come from a proposal is passed through `inert` and printed as rich Text,
never as markup, so `[bold]` or an escape sequence in a proposal is shown, not obeyed.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from collabcheck.reporters import Report, summary_line
from collabcheck.reporters.escape import inert
from collabcheck.results import FileResult, Finding, Outcome

_LABELS = {
    Outcome.FAIL: ("FAIL", "bold red"),
    Outcome.ERROR: ("ERROR", "bold magenta"),
    Outcome.PASS: ("PASS", "green"),
    Outcome.NOT_APPLICABLE: ("N/A", "dim"),
}
_ORDER = {Outcome.ERROR: 0, Outcome.FAIL: 1, Outcome.PASS: 2, Outcome.NOT_APPLICABLE: 3}


def _sort_key(f: Finding) -> tuple[int, int, int, int, str]:
    return (_ORDER[f.outcome], -f.severity.rank, f.location.line, f.location.column, f.rule_id)


def summary(report: Report) -> Text:
    text = Text(summary_line(report))
    text.stylize("bold", 0, len("collabcheck:"))
    text.highlight_regex(r"\(\d+ could not be checked\)", "bold red")
    return text


def _problems(result: FileResult) -> list[Text]:
    lines = []
    for problem in result.problems:
        line = Text("INVALID ", style="bold red")
        line.append(inert(str(problem.location)), style="bold")
        line.append(f"  {inert(problem.message)}")
        lines.append(line)
    return lines


def _finding(f: Finding, quiet: bool) -> list[Text]:
    label, style = ("CONFIRM", "yellow") if f.needs_confirmation else _LABELS[f.outcome]
    head = Text(f"{label:<6}", style=style)
    head.append(inert(str(f.location)), style="bold")
    head.append(f"  {f.rule_id}", style="cyan")
    if f.outcome in (Outcome.FAIL, Outcome.ERROR):
        head.append(f"  [{f.severity.value}]", style=style)
        lines = [head, Text(f"      {inert(f.message)}")]
        lines.append(Text(f"      Clause: {inert(str(f.reference))}", style="dim"))
        lines.append(Text(f"      Fix: {inert(f.remediation)}"))
        return lines
    text = f.reason if f.outcome is Outcome.NOT_APPLICABLE else f.message
    if f.needs_confirmation:
        text += ": met on an attributed statement; a person must confirm it"
    head.append(f"  {inert(text)}")
    return [head]


def lines(report: Report) -> list[Text]:
    out = [summary(report)]
    for result in report.files:
        out.extend(_problems(result))
        for f in sorted(result.findings, key=_sort_key):
            if report.quiet and f.outcome not in (Outcome.FAIL, Outcome.ERROR):
                continue
            out.extend(_finding(f, report.quiet))
    return out


def render(report: Report, stream: TextIO) -> None:
    console = Console(file=stream, highlight=False, emoji=False, markup=False, soft_wrap=True)
    for line in lines(report):
        console.print(line)
