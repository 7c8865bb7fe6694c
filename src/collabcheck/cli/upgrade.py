"""`collabcheck upgrade`: print the format version 2 form of a version 1 proposal."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def command(
    path: Annotated[
        str,
        typer.Argument(metavar="FILE", help="The proposal to upgrade, or - for standard input."),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the upgraded proposal to PATH (never the input itself) instead of "
            "standard output.",
        ),
    ] = None,
) -> None:
    """Print the format version 2 form of a version 1 proposal, keeping its comments and layout.

    It sets format_version: 2 and replaces safeguards.linked_to_prescribing with
    safeguards.prescribing_link; the file itself is never changed. A file that is already
    version 2 is printed as it is.
    """
    from collabcheck.commands.upgrade import upgrade

    raise typer.Exit(upgrade(path, output, sys.stdout, sys.stderr))
