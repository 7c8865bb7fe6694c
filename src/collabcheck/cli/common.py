"""Options shared by every command that uses rule packs, and reading the configuration.

`--rules DIR` (repeatable) names exactly the packs to use, instead of the configured ones and
the built-in pack; `--add-rules DIR` (repeatable) uses a pack as well as them. `--config FILE`
reads that configuration file instead of looking for one; `--no-config` reads none.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collabcheck.commands import usage

if TYPE_CHECKING:
    from collabcheck.config.resolve import CommandLine, Effective

RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="Use the rule pack in DIR instead of the built-in and configured packs; repeat "
        "for several.",
        show_default=False,
    ),
]
AddRulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--add-rules",
        metavar="DIR",
        help="Use the rule pack in DIR as well as the built-in and configured packs; repeat "
        "for several.",
        show_default=False,
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Read this configuration file (collabcheck.toml, or a pyproject.toml with a "
        "tool.collabcheck table) instead of looking for one.",
        show_default=False,
    ),
]
NoConfigOption = Annotated[
    bool,
    typer.Option("--no-config", help="Read no configuration file: defaults and options only."),
]


def settings(line: CommandLine) -> Effective:
    """The effective settings, or exit 2 with one line saying what is wrong with them."""
    try:
        return usage.settings(line)
    except usage.UsageError as exc:
        raise typer.Exit(usage.complain(str(exc))) from None
