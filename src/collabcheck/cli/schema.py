"""`collabcheck schema`: the JSON Schema of the proposal format, or of the rule format."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def command(
    rules: Annotated[
        bool,
        typer.Option("--rules", help="The schema of a rule file instead of a proposal."),
    ] = False,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the schema to FILE."),
    ] = None,
) -> None:
    """Print the JSON Schema of the proposal format, for editors that complete and check YAML.

    Name it on a proposal's first line: # yaml-language-server: $schema=PATH
    """
    from collabcheck.proposal.schema import write_schema

    raise typer.Exit(write_schema(rules, output, sys.stdout, sys.stderr))
