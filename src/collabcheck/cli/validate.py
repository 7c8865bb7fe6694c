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
)
from collabcheck.cli.helptext import choices
from collabcheck.commands.validate import validate
from collabcheck.config.settings import FailOn as FAIL_ON

# The choices typer offers, from the one list of them (config/settings.py).
FailOn = StrEnum("FailOn", [(value, value) for value in get_args(FAIL_ON)])  # type: ignore[misc]


def command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PROPOSAL",
            help="Proposal files, directories to search for proposals, or - for standard input.",
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="YYYY-MM-DD", help="The date to check against (default: today)."
        ),
    ] = None,
    rules: RulesOption = None,
    add_rules: AddRulesOption = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            metavar=choices(FailOn),
            help="Lowest severity of failure that makes the exit code 1 (default: error, or "
            "fail_on in the configuration).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Show failures and errors only.")
    ] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT[=FILE]",
            help="text (default), json, markdown, sarif, junit or github; repeat for several.",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            metavar="N",
            help="Check files in N processes (0: one per CPU). The output is the same as with 1.",
        ),
    ] = 1,
    waiver_files: Annotated[
        list[str] | None,
        typer.Option(
            "--waivers",
            metavar="FILE",
            help="Apply the waivers in FILE, instead of the configuration's waiver files (repeat "
            "for several). A proposal's own waivers always apply.",
        ),
    ] = None,
    no_waivers: Annotated[
        bool,
        typer.Option(
            "--no-waivers",
            help="Apply no waivers at all: the audit view, every failure counted.",
        ),
    ] = False,
    files: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the --format to FILE; give one --output per --format.",
        ),
    ] = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
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
            formats=formats,
            jobs=jobs,
            waiver_files=waiver_files,
            no_waivers=no_waivers,
            files=files,
            config=config,
            no_config=no_config,
        )
    )
