"""`collabcheck validate`: its options as typer reads them, passed to the plain function."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, get_args

import typer

from collabcheck.cli.common import (
    AddRulesOption,
    ConfigOption,
    NoConfigOption,
    RulesOption,
    declared,
)
from collabcheck.commands.validate import validate
from collabcheck.config.settings import Colour as COLOUR
from collabcheck.config.settings import FailOn as FAIL_ON

# The choices typer offers, from the one list of them (config/settings.py).
FailOn = StrEnum("FailOn", [(value, value) for value in get_args(FAIL_ON)])  # type: ignore[misc]
Colour = StrEnum("Colour", [(value, value) for value in get_args(COLOUR)])  # type: ignore[misc]


def command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PROPOSAL",
            help="Proposal files, directories to search for proposals, or - for standard input.",
        ),
    ],
    as_of: Annotated[str | None, declared("as_of")] = None,
    rules: RulesOption = None,
    add_rules: AddRulesOption = None,
    fail_on: Annotated[FailOn | None, declared("fail_on")] = None,
    quiet: Annotated[bool, declared("quiet")] = False,
    verbose: Annotated[bool, declared("verbose")] = False,
    color: Annotated[Colour | None, declared("color")] = None,
    only_proposals: Annotated[bool, declared("only_proposals")] = False,
    formats: Annotated[list[str] | None, declared("formats")] = None,
    jobs: Annotated[int, declared("jobs")] = 1,
    waiver_files: Annotated[list[str] | None, declared("waiver_files")] = None,
    no_waivers: Annotated[bool, declared("no_waivers")] = False,
    files: Annotated[list[str] | None, declared("files")] = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    stdin_filename: Annotated[str | None, declared("stdin_filename")] = None,
    exclude: Annotated[list[str] | None, declared("exclude")] = None,
) -> None:
    """Check proposals against the rule packs and report pass/fail for every rule."""
    raise typer.Exit(
        validate(
            paths,
            as_of=as_of,
            rules=rules,
            add_rules=add_rules,
            fail_on=fail_on.value if fail_on else None,
            quiet=quiet,
            verbose=verbose,
            color=color.value if color else None,
            only_proposals=only_proposals,
            formats=formats,
            jobs=jobs,
            waiver_files=waiver_files,
            no_waivers=no_waivers,
            files=files,
            config=config,
            no_config=no_config,
            stdin_filename=stdin_filename,
            exclude=exclude,
        )
    )
