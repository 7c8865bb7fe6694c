"""`collabcheck rules list | show | test`: options in, exit code out."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="List, explain and test the rules of a rule pack.",
    add_completion=False,
    no_args_is_help=True,
)


class Format(StrEnum):
    text = "text"
    json = "json"


RulesDir = Annotated[
    Path | None,
    typer.Option(
        "--rules", metavar="DIR", help="Use the rule pack in DIR instead of the built-in one."
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="text (default) or json.")]


@app.command(name="list")
def list_command(rules: RulesDir = None, fmt: FormatOption = Format.text) -> None:
    """List the rules of the pack: id, severity, title and reference."""
    from collabcheck.ruletools import Streams, list_rules

    raise typer.Exit(list_rules(rules, fmt.value, Streams(sys.stdout, sys.stderr)))


@app.command(name="show")
def show_command(
    rule_id: Annotated[str, typer.Argument(metavar="RULE-ID", help="The id of the rule.")],
    rules: RulesDir = None,
    fmt: FormatOption = Format.text,
) -> None:
    """Everything about one rule: reference, rationale, fix, when it applies, and its cases."""
    from collabcheck.ruletools import Streams, show_rule

    raise typer.Exit(show_rule(rule_id, rules, fmt.value, Streams(sys.stdout, sys.stderr)))


@app.command(name="test")
def test_command(
    directory: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="The rule pack to test (a folder with pack.yaml and cases/); default: built-in.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the pass, fail and not-applicable cases of every rule, and list rules without them."""
    from collabcheck.ruletools import Streams, run_tests

    raise typer.Exit(run_tests(directory, Streams(sys.stdout, sys.stderr)))
