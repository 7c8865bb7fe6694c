"""`collabcheck disclosure`: the Disclosure UK entries of a calendar year, from the proposals.

Values in, exit code out. Nothing is written unless every proposal could be read and every one's
transfers of value for the year agree with its disclosure plan: a partial file could be uploaded
as if it were complete. Exit codes as `validate`: 0 written; 1 findings (on standard error, one
line each, at their file, line and column); 2 something could not be read or the command line
cannot be used.
"""

from __future__ import annotations

from datetime import date
from typing import TextIO

from collabcheck.commands.outputs import deliver, output_problem, say
from collabcheck.commands.validate import as_of_date
from collabcheck.common.escape import inert
from collabcheck.config.settings import EXIT_FAILURES, EXIT_INVALID, EXIT_OK, Output
from collabcheck.loading.inputs import discover

# Disclosure UK began with the transfers of value of 2015; a date cannot go past 9999.
YEARS = range(2000, 9999)


def _usage_problem(year: int, day: date | None, as_of: str | None, fmt: str) -> str | None:
    if day is None:
        return f"--as-of {as_of!r} is not a date: use YYYY-MM-DD"
    if fmt not in ("csv", "json"):
        return f"unknown format {fmt!r}: choose csv or json"
    if year not in YEARS:
        return f"--year {year} is not a year to disclose: give a calendar year such as 2026"
    if day <= date(year, 12, 31):
        return (
            f"{year} has not ended on {day} (--as-of): the transfers of value of a calendar year "
            f"are disclosed after it ends; give an earlier --year, or an --as-of after "
            f"{year}-12-31"
        )
    return None


def disclosure(
    paths: list[str],
    year: int,
    fmt: str = "csv",
    output: str | None = None,
    as_of: str | None = None,
    exclude: list[str] | None = None,
    *,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    day = as_of_date(as_of)
    problem = _usage_problem(year, day, as_of, fmt)
    sources, unreadable = discover(paths, exclude=tuple(exclude or ()))
    if problem is None and output is not None:
        problem = output_problem((Output(fmt, output),), sources, (), ())
    if problem is None and not sources and not unreadable:
        problem = f"no proposals found in {', '.join(paths)}"
    if problem is not None or day is None:
        stderr.write(f"collabcheck: {inert(problem or '')}\n")
        return EXIT_INVALID
    from collabcheck.publish.disclosure import disclosure_rows
    from collabcheck.publish.disclosure_formats import render
    from collabcheck.publish.load import load_all

    inputs = load_all(sources, unreadable)
    if inputs.problems:
        say(map(str, inputs.problems), stderr)
        stderr.write("collabcheck: nothing written: not every file could be read as a proposal\n")
        return EXIT_INVALID
    if not inputs.proposals:
        stderr.write(f"collabcheck: no proposals found in {inert(', '.join(paths))}\n")
        return EXIT_INVALID
    rows, findings = disclosure_rows(inputs.proposals, year)
    if findings:
        say(map(str, findings), stderr)
        stderr.write(
            f"collabcheck: nothing written: {len(findings)} finding(s) keep the transfers of "
            f"value for {year} from being disclosed as they stand\n"
        )
        return EXIT_FAILURES
    text = render(fmt, rows, year, day)
    if not deliver(text, output, stdout, stderr):
        return EXIT_INVALID
    if output is None:
        return EXIT_OK
    count = len(inputs.proposals)
    stderr.write(
        f"collabcheck: wrote {len(rows)} row(s) for {year} from {count} proposal(s) to "
        f"{inert(output)}\n"
    )
    return EXIT_OK
