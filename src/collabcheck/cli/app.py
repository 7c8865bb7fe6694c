"""The command line: typer parses options and hands them to plain functions."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from collabcheck import __version__
from collabcheck.cli.helptext import CONTEXT
from collabcheck.cli.lazy import Entry, lazy_group
from collabcheck.cli.process import prepare_process, stop
from collabcheck.common.escape import inert

# The sub-commands, in the order the help page lists them (groups last, as typer lists them);
# each is built only when it is used.
COMMANDS = lazy_group(
    Entry(
        "validate",
        "collabcheck.cli.validate",
        "Check proposals against the rule packs and report pass/fail for every rule.",
    ),
    Entry(
        "schema",
        "collabcheck.cli.schema",
        "Print the JSON Schema of the proposal format, for editors that complete and check YAML.",
    ),
    Entry(
        "init",
        "collabcheck.cli.init",
        "Write a commented starter proposal to fill in; an existing file is never overwritten.",
    ),
    Entry(
        "config",
        "collabcheck.cli.config",
        "Show the settings validate and rules would use, and where each comes from.",
    ),
    Entry(
        "upgrade",
        "collabcheck.cli.upgrade",
        "Print the format version 2 form of a version 1 proposal, keeping its comments and layout.",
    ),
    Entry(
        "summary",
        "collabcheck.cli.documents",
        "Write the executive summary a project publishes before it starts, from the proposal.",
        attribute="summary",
    ),
    Entry(
        "outcomes",
        "collabcheck.cli.documents",
        "Write the outcomes report of a completed project, from the proposal.",
        attribute="outcomes",
    ),
    Entry(
        "disclosure",
        "collabcheck.cli.disclosure",
        "Write the Disclosure UK entries for a calendar year from the proposals' transfers of "
        "value.",
    ),
    Entry(
        "rules",
        "collabcheck.cli.rules",
        "List, explain and test the rules of the rule packs in use.",
        group=True,
    ),
)

app = typer.Typer(
    name="collabcheck",
    help="Check NHS-industry collaborative and joint working proposals against ABPI Code rules.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=COMMANDS,
    context_settings=CONTEXT,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"collabcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Check NHS-industry collaborative and joint working proposals against ABPI Code rules."""


def main() -> None:
    prepare_process()
    try:
        # One name however it was started (`python -m collabcheck` too): the shell completion
        # scripts typer writes call the command by it.
        code = app(standalone_mode=False, prog_name="collabcheck")
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.TyperException as exc:
        # One line, like every other collabcheck error, instead of click's boxed usage panel.
        message = exc.format_message()
        if message:
            sys.stderr.write(f"collabcheck: {inert(message)} (see collabcheck --help)\n")
        code = 2
    except typer.Abort:
        sys.stderr.write("collabcheck: interrupted\n")
        code = 130
    except (KeyboardInterrupt, Exception) as exc:
        stop(exc)
    sys.exit(code if isinstance(code, int) else 0)
