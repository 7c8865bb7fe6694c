"""`collabcheck init`: write a commented starter proposal, never over an existing file."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, get_args

import typer

from collabcheck.common.escape import inert
from collabcheck.config.settings import EXIT_INVALID
from collabcheck.proposal import vocabulary

# The choices typer offers, from the proposal format's own list (proposal/vocabulary.py).
ProjectType = StrEnum(  # type: ignore[misc]
    "ProjectType", [(value, value) for value in get_args(vocabulary.ProjectType)]
)


def command(
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            help="The file to write, or - for standard output.",
        ),
    ] = "proposal.yaml",
    project_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            "-t",
            metavar="TYPE",
            help="The kind of project: joint_working, collaborative_working or other_arrangement.",
        ),
    ] = None,
    schema: Annotated[
        str,
        typer.Option(
            "--schema",
            metavar="LOCATION",
            help="Where editors find the proposal JSON Schema: a path relative to the new file, "
            "or a web address.",
        ),
    ] = "proposal.schema.json",
) -> None:
    """Write a commented starter proposal to fill in; an existing file is never overwritten."""
    choices = [t.value for t in ProjectType]
    if project_type not in choices:
        given = "" if project_type is None else f" (not {inert(repr(project_type))})"
        named = ", ".join(f"--type {choice}" for choice in choices[:-1])
        typer.echo(
            f"collabcheck: choose the kind of project{given}: {named} or --type {choices[-1]}",
            err=True,
        )
        raise typer.Exit(EXIT_INVALID)
    from collabcheck.commands.init import write_starter

    raise typer.Exit(write_starter(path, project_type, schema, sys.stdout, sys.stderr))
