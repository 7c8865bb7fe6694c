"""`collabcheck validate`: options in, exit code out."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from collabcheck.check import EXIT_INVALID, Options, run


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _as_of(text: str | None) -> date | None:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def command(
    paths: Annotated[list[str], typer.Argument(metavar="PROPOSAL...", help="Proposal YAML files.")],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="YYYY-MM-DD", help="The date to check against (default: today)."
        ),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules", metavar="DIR", help="Use the rule pack in DIR instead of the built-in one."
        ),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option("--fail-on", help="Lowest severity of failure that makes the exit code 1."),
    ] = FailOn.error,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Show failures and errors only.")
    ] = False,
) -> None:
    """Check proposals against the rule pack and report pass/fail for every rule."""
    day = _as_of(as_of)
    if day is None:
        typer.echo(f"collabcheck: --as-of {as_of!r} is not a date: use YYYY-MM-DD", err=True)
        raise typer.Exit(EXIT_INVALID)
    options = Options(paths, day, rules, fail_on.value, quiet)
    raise typer.Exit(run(options))
