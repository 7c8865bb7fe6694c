"""`collabcheck schema`: the JSON Schema of the proposal, rule file or waiver file format."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def command(
    rules: Annotated[
        bool,
        typer.Option("--rules", help="The schema of a rule file instead of a proposal."),
    ] = False,
    waivers: Annotated[
        bool,
        typer.Option("--waivers", help="The schema of a waiver file instead of a proposal."),
    ] = False,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the schema to FILE."),
    ] = None,
) -> None:
    """Print the JSON Schema of the proposal format, for editors that complete and check YAML.

    Name it on a proposal's first line: # yaml-language-server: $schema=PATH
    """
    if rules and waivers:
        typer.echo("collabcheck: choose one of --rules and --waivers", err=True)
        raise typer.Exit(2)
    from collabcheck.commands.schema import write_schema

    what = "rule file" if rules else "waiver file" if waivers else "proposal"
    raise typer.Exit(write_schema(what, output, sys.stdout, sys.stderr))
