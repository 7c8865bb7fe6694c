"""Reporters: one module per output format, chosen by name from a plain registry.

Each module is imported only when its format is asked for, so a run never pays for the
libraries of formats it does not write. Each says how it writes `##[` and a line's leading `:`
(LOG_ESCAPES), and `render` writes every format through `CommandFree`, so nothing taken from a
proposal or a file name can become a GitHub Actions workflow command in any output, whether
standard output in a CI log or a file printed there later.
"""

import importlib
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Protocol, TextIO, cast

from collabcheck.common.escape import CommandFree, LogEscapes
from collabcheck.common.records import Record
from collabcheck.results import FileResult, Finding, Outcome, PackInfo, Severity, WaiverStatus

REPORTERS: dict[str, str] = {
    "text": "collabcheck.reporters.text",
    "json": "collabcheck.reporters.json_report",
    "markdown": "collabcheck.reporters.markdown",
    "sarif": "collabcheck.reporters.sarif",
    "junit": "collabcheck.reporters.junit",
    "github": "collabcheck.reporters.github",
    "codeclimate": "collabcheck.reporters.codeclimate",
}


class Report(Record):
    files: list[FileResult]
    pack: PackInfo
    as_of: date
    version: str
    quiet: bool = False
    # Files a directory search found (or --only-proposals named) but skipped: YAML without a
    # top-level format_version.
    skipped: tuple[str, ...] = ()
    # The text report: every outcome even of several files, and the skipped files named.
    verbose: bool = False
    # Written to standard output rather than a file: only then may the text format use colour.
    terminal: bool = False
    # Each input's path relative to the repository root (the nearest folder above the working
    # folder holding .git, else the working folder), by the name reports show; an input outside
    # it, or standard input, is not here. SARIF gives its URIs relative to that root.
    repository_paths: Mapping[str, str] = MappingProxyType({})
    colour: str = "auto"  # --color: auto, always or never (standard output only)
    # The lowest severity of failure that fails the run (--fail-on); None: none does. Formats
    # that gate a pipeline themselves (JUnit) report only those failures as failures.
    fail_on: Severity | None = Severity.ERROR

    def fails(self, finding: Finding) -> bool:
        """A failure that counts (not waived) and is at or above --fail-on."""
        return finding.fails_at(self.fail_on)


class _Reporter(Protocol):
    LOG_ESCAPES: LogEscapes

    def render(self, report: Report, stream: TextIO) -> None: ...


def render(name: str, report: Report, stream: TextIO) -> None:
    module: _Reporter = importlib.import_module(REPORTERS[name])
    module.render(report, cast(TextIO, CommandFree(stream, module.LOG_ESCAPES)))


def summary_line(report: Report) -> str:
    """The one-line summary that the text and github formats end or start with."""
    counts = {o: sum(r.count(o) for r in report.files) for o in Outcome}
    invalid = sum(1 for r in report.files if r.problems)
    files = len(report.files)
    line = (
        f"collabcheck: {counts[Outcome.PASS]} passed, {counts[Outcome.FAIL]} failed, "
        f"{counts[Outcome.NOT_APPLICABLE]} not applicable, {counts[Outcome.ERROR]} errors "
        f"in {files} file{'s' if files != 1 else ''}"
    )
    confirm = sum(1 for r in report.files for f in r.findings if f.needs_confirmation)
    if confirm:
        line = line.replace(" passed,", f" passed ({confirm} to confirm),", 1)
    waived = sum(r.waived() for r in report.files)
    if waived:
        line = line.replace(" failed,", f" failed ({waived} waived),", 1)
    if invalid:
        line += f" ({invalid} could not be checked)"
    if report.skipped:
        n = len(report.skipped)
        line += f" ({n} other YAML file{'s' if n != 1 else ''} skipped: not proposals)"
    changed = len(report.pack.changes)
    if changed:
        line += f" ({changed} rule{'s' if changed != 1 else ''} changed by configuration)"
    waivers = waiver_counts(report)
    if waivers:
        line += " · waivers: " + ", ".join(f"{n} {status.label}" for status, n in waivers.items())
    return f"{line} · as of {report.as_of.isoformat()} · {report.pack.label()}"


def waiver_counts(report: Report) -> dict[WaiverStatus, int]:
    """How many waivers ended in each state, in the order of WaiverStatus; none left out."""
    counts = {status: 0 for status in WaiverStatus}
    for result in report.files:
        for use in result.waivers:
            counts[use.status] += 1
    return {status: n for status, n in counts.items() if n}
