"""`collabcheck rules list | show | test`: options in, exit code out.

They see the packs `collabcheck validate` would use: the configuration's, or those named with
--rules and --add-rules.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collabcheck.cli.common import (
    AddRulesOption,
    ConfigOption,
    NoConfigOption,
    RulesOption,
    settings,
)
from collabcheck.cli.helptext import CONTEXT, HelpCommand, HelpGroup, choices

if TYPE_CHECKING:
    from collabcheck.config.settings import PackSelection

app = typer.Typer(
    help="List, explain and test the rules of the rule packs in use.",
    add_completion=False,
    no_args_is_help=True,
    cls=HelpGroup,
    context_settings=CONTEXT,
)


class Format(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", metavar=choices(Format), help="text (default) or json."),
]


def _selection(
    rules: list[Path] | None,
    add_rules: list[Path] | None,
    config: Path | None,
    no_config: bool,
) -> PackSelection:
    from collabcheck.config.resolve import CommandLine

    line = CommandLine(
        rules=tuple(rules or ()),
        add_rules=tuple(add_rules or ()),
        config=config,
        no_config=no_config,
    )
    return settings(line).selection()


@app.command(name="list", cls=HelpCommand)
def list_command(
    rules: RulesOption = None,
    add_rules: AddRulesOption = None,
    fmt: FormatOption = Format.text,
    requirements: Annotated[
        bool,
        typer.Option(
            "--requirements",
            help="Add a column with the requirement each rule implements, by its title (the "
            "json format always has them).",
        ),
    ] = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """List the rules of the packs: id, severity, title and reference."""
    chosen = _selection(rules, add_rules, config, no_config)
    from collabcheck.commands.rules.common import Streams
    from collabcheck.commands.rules.listing import list_rules

    streams = Streams(sys.stdout, sys.stderr)
    raise typer.Exit(list_rules(chosen, fmt.value, streams, requirements=requirements))


@app.command(name="show", cls=HelpCommand)
def show_command(
    rule_id: Annotated[str, typer.Argument(metavar="RULE-ID", help="The id of the rule.")],
    rules: RulesOption = None,
    add_rules: AddRulesOption = None,
    fmt: FormatOption = Format.text,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Everything about one rule: reference, rationale, fix, when it applies, and its cases."""
    chosen = _selection(rules, add_rules, config, no_config)
    from collabcheck.commands.rules.common import Streams
    from collabcheck.commands.rules.show import show_rule

    raise typer.Exit(show_rule(rule_id, chosen, fmt.value, Streams(sys.stdout, sys.stderr)))


@app.command(name="test", cls=HelpCommand)
def test_command(
    directory: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="Test only the rule pack in DIR (a folder with pack.yaml and cases/), as "
            "--rules DIR does; default: every pack in use.",
            show_default=False,
        ),
    ] = None,
    rules: RulesOption = None,
    add_rules: AddRulesOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Run the pass, fail and not-applicable cases of every rule, and list rules without them."""
    named = [*(rules or []), *([directory] if directory else [])]
    chosen = _selection(named, add_rules, config, no_config)
    from collabcheck.commands.rules.common import Streams
    from collabcheck.commands.rules.testing import run_tests

    raise typer.Exit(run_tests(chosen, Streams(sys.stdout, sys.stderr)))
