"""`collabcheck config`: the effective settings and where each came from."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from collabcheck.cli.common import (
    AddRulesOption,
    ConfigOption,
    NoConfigOption,
    RulesOption,
    settings,
)
from collabcheck.cli.helptext import choices
from collabcheck.cli.validate import FailOn


class Format(StrEnum):
    text = "text"
    json = "json"


def command(
    rules: RulesOption = None,
    add_rules: AddRulesOption = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            metavar=choices(FailOn),
            help="As for validate: shows what it would change.",
        ),
    ] = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    fmt: Annotated[
        Format,
        typer.Option("--format", "-f", metavar=choices(Format), help="text (default) or json."),
    ] = Format.text,
) -> None:
    """Show the settings validate and rules would use, and where each comes from.

    Each comes from the command line, the configuration file (with its line), or the default.
    """
    from collabcheck.config.resolve import CommandLine

    chosen = settings(
        CommandLine(
            rules=tuple(rules or ()),
            add_rules=tuple(add_rules or ()),
            fail_on=fail_on.value if fail_on else None,
            config=config,
            no_config=no_config,
        )
    )
    from collabcheck.commands.config import show_config

    code = show_config(
        chosen,
        fmt.value,
        sys.stdout,
        sys.stderr,
        no_config=no_config,
        explicit=config is not None,
    )
    raise typer.Exit(code)
