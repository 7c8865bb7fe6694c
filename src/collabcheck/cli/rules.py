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
    declared,
)
from collabcheck.cli.helptext import CONTEXT
from collabcheck.cli.lazy import Entry, lazy_group
from collabcheck.cli.options import LIST_DECLARED
from collabcheck.commands import usage

if TYPE_CHECKING:
    from collabcheck.config.settings import PackSelection

# Each command is built only when it is used (cli/lazy.py).
app = typer.Typer(
    help="List, explain and test the rules of the rule packs in use.",
    add_completion=False,
    no_args_is_help=True,
    cls=lazy_group(
        Entry(
            "list",
            "collabcheck.cli.rules",
            "List the rules of the packs: id, severity, title and reference.",
            attribute="list_command",
        ),
        Entry(
            "show",
            "collabcheck.cli.rules",
            "Everything about one rule: reference, rationale, fix, when it applies, and its cases.",
            attribute="show_command",
        ),
        Entry(
            "test",
            "collabcheck.cli.rules",
            "Run the pass, fail and not-applicable cases of every rule, and list rules without "
            "them.",
            attribute="test_command",
        ),
    ),
    context_settings=CONTEXT,
)

# text or json, as `rules list` declares it (cli/options.py).
Format = StrEnum(  # type: ignore[misc]
    "Format", [(value, value) for value in LIST_DECLARED["fmt"].choices]
)
FormatOption = Annotated[Format, declared("fmt", LIST_DECLARED)]
TEXT = Format("text")


def _selection(
    rules: list[Path] | None,
    add_rules: list[Path] | None,
    config: Path | None,
    no_config: bool,
) -> PackSelection:
    try:
        return usage.pack_selection(rules, add_rules, config, no_config)
    except usage.UsageError as exc:
        raise typer.Exit(usage.complain(str(exc))) from None


def list_command(
    rules: RulesOption = None,
    add_rules: AddRulesOption = None,
    fmt: FormatOption = TEXT,
    requirements: Annotated[bool, declared("requirements", LIST_DECLARED)] = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """List the rules of the packs: id, severity, title and reference."""
    from collabcheck.commands.rules.listing import list_command

    raise typer.Exit(
        list_command(
            rules=rules,
            add_rules=add_rules,
            fmt=fmt.value,
            requirements=requirements,
            config=config,
            no_config=no_config,
        )
    )


def show_command(
    rule_id: Annotated[str, typer.Argument(metavar="RULE-ID", help="The id of the rule.")],
    rules: RulesOption = None,
    add_rules: AddRulesOption = None,
    fmt: FormatOption = TEXT,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Everything about one rule: reference, rationale, fix, when it applies, and its cases."""
    chosen = _selection(rules, add_rules, config, no_config)
    from collabcheck.commands.rules.common import Streams
    from collabcheck.commands.rules.show import show_rule

    raise typer.Exit(show_rule(rule_id, chosen, fmt.value, Streams(sys.stdout, sys.stderr)))


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
