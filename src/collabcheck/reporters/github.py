"""GitHub Actions workflow commands: one annotation per failed rule, per rule that could not be
evaluated and per input problem, then the summary line (plain text, not a command).

A failed rule is `::error`, `::warning` or `::notice` by its severity, and `::notice` while a
waiver covers it; a rule that could not be evaluated, a file that could not be checked and a
waiver that cannot be given are always `::error`, and a stale waiver is a `::warning`.

The most serious come first: every error, then every warning, then every notice, each level in
the order of the files and findings. GitHub makes at most SHOWN annotations of each level in a
step; the others are only lines in the log. When a level has more, its last annotation shown
says how many more there are and where to read them (the log, the board report, the SARIF).

Values are escaped exactly as @actions/core escapes them (data: % CR LF; properties: also : and
,), after control, bidi and line separator characters from a proposal are made visible (\\x1b,
\\n), so nothing in a proposal can end the line and start a command of its own.
The message's own line breaks are %0A.
"""

from __future__ import annotations

import re
from typing import TextIO

from collabcheck.common.escape import GITHUB
from collabcheck.reporters import Report, summary_line
from collabcheck.results import Finding, Location, Outcome, Severity, WaiverStatus

LOG_ESCAPES = GITHUB  # `##[` becomes `##\[`; the lines are this format's own commands
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
INVALID_INPUT = "collabcheck/invalid-input"
ORDER = ("error", "warning", "notice")  # the most serious first
SHOWN = 10  # GitHub's limit on the annotations of each level in one step

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff]"
)


def visible(text: str) -> str:
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, location: Location, title: str, lines: list[str]) -> str:
    props = ",".join(
        [
            f"file={escape_property(visible(location.file))}",
            f"line={max(1, location.line)}",
            f"col={max(1, location.column)}",
            f"title={escape_property(visible(title))}",
        ]
    )
    message = "\n".join(visible(line) for line in lines)
    return f"::{level} {props}::{escape_data(message)}"


Annotation = tuple[str, Location, str, list[str]]  # level, where, title, message lines


def _finding(f: Finding) -> Annotation | None:
    if f.outcome is Outcome.FAIL:
        lines = [f.message, f"Clause: {f.reference}", f"Fix: {f.remediation}"]
        title = f"{f.rule_id}: {f.title}"
        if f.waiver is not None:
            lines.append(f"Waiver ({f.waiver.waiver.location}): {f.waiver.note}")
        if f.waived:
            return ("notice", f.location, f"{title} (waived)", lines)
        return (LEVELS[f.severity], f.location, title, lines)
    if f.outcome is Outcome.ERROR:
        title = f"{f.rule_id}: the rule could not be evaluated"
        return ("error", f.location, title, [f.message])
    return None


def ordered(report: Report) -> list[Annotation]:
    """Every annotation, most serious first, in the order of the files within a level."""
    out: list[Annotation] = []
    for result in report.files:
        for p in result.problems:
            title = f"{INVALID_INPUT}: the file could not be checked"
            out.append(("error", p.location, title, [p.message]))
        out.extend(a for a in map(_finding, result.findings) if a is not None)
        for use in result.waivers:
            if use.status is WaiverStatus.REFUSED:
                title = f"{use.waiver.rule_id}: this waiver cannot be given"
                out.append(("error", use.waiver.location, title, [use.note]))
            elif use.status is WaiverStatus.STALE:
                title = f"{use.waiver.rule_id}: stale waiver"
                out.append(("warning", use.waiver.location, title, [use.note]))
    return sorted(out, key=lambda a: ORDER.index(a[0]))


def _more(level: str, hidden: int) -> str:
    more = f"1 more {level} follows" if hidden == 1 else f"{hidden} more {level}s follow"
    return (
        f"GitHub shows {SHOWN} {level} annotations in a step: {more} in this job's log, and "
        "every finding is in the board report (markdown) and the SARIF"
    )


def lines(report: Report) -> list[str]:
    found = ordered(report)
    totals = {level: sum(1 for a in found if a[0] == level) for level in ORDER}
    seen = dict.fromkeys(ORDER, 0)
    out: list[str] = []
    for level, location, title, message in found:
        seen[level] += 1
        if seen[level] == SHOWN and totals[level] > SHOWN:
            message = [*message, _more(level, totals[level] - SHOWN)]
        out.append(command(level, location, title, message))
    out.append(visible(summary_line(report)))
    return out


def render(report: Report, stream: TextIO) -> None:
    stream.write("".join(f"{line}\n" for line in lines(report)))
