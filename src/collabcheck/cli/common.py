"""Options shared by every command that uses rule packs, and reading the configuration.

`--rules DIR` (repeatable) names exactly the packs to use, instead of the configured ones and
the built-in pack; `--add-rules DIR` (repeatable) uses a pack as well as them. `--config FILE`
reads that configuration file instead of looking for one; `--no-config` reads none.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from collabcheck.cli.options import DECLARED, Option
from collabcheck.commands import usage

if TYPE_CHECKING:
    from collabcheck.config.resolve import CommandLine, Effective


def declared(parameter: str, table: dict[str, Option] = DECLARED) -> Any:
    """typer's declaration of an option, from the launcher's table (that of `validate` unless
    another is named), where each option's names, help and metavar are written once."""
    option = table[parameter]
    return typer.Option(*option.names, help=option.help, metavar=option.metavar, min=option.minimum)


# The options every command that uses rule packs shares.
RulesOption = Annotated[list[Path] | None, declared("rules")]
AddRulesOption = Annotated[list[Path] | None, declared("add_rules")]
ConfigOption = Annotated[Path | None, declared("config")]
NoConfigOption = Annotated[bool, declared("no_config")]


def settings(line: CommandLine) -> Effective:
    """The effective settings, or exit 2 with one line saying what is wrong with them."""
    try:
        return usage.settings(line)
    except usage.UsageError as exc:
        raise typer.Exit(usage.complain(str(exc))) from None
