"""`collabcheck disclosure`: the Disclosure UK entries of a calendar year."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PROPOSAL",
            help="Proposal files or folders to search, or - for standard input.",
        ),
    ],
    year: Annotated[
        int,
        typer.Option("--year", metavar="YYYY", help="The calendar year to disclose."),
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", metavar="[csv|json]", help="csv (default) or json."),
    ] = "csv",
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE (never an input) instead."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="YYYY-MM-DD", help="Today's date for the run (default: today)."
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Leave files and folders that match GLOB out of folder searches; repeatable.",
        ),
    ] = None,
) -> None:
    """Write the Disclosure UK entries for a calendar year from the proposals' transfers of value.

    One row per proposal, company and recipient organisation, with the total of the transfers
    made that year. Nothing is written, and the exit code is 1, when a proposal's transfers do
    not add up to its disclosure plan or cannot be disclosed as they stand; each finding is
    named on standard error. See docs/disclosure.md.
    """
    from collabcheck.commands.disclosure import disclosure

    code = disclosure(
        paths, year, fmt, output, as_of, exclude, stdout=sys.stdout, stderr=sys.stderr
    )
    raise typer.Exit(code)
