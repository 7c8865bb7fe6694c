"""The command line: typer parses options and hands them to plain functions."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from collabcheck import __version__
from collabcheck.cli import config, documents, init, rules, schema, upgrade, validate
from collabcheck.cli.helptext import CONTEXT, HelpCommand, HelpGroup
from collabcheck.cli.process import prepare_process, stop
from collabcheck.common.escape import inert

app = typer.Typer(
    name="collabcheck",
    help="Check NHS-industry collaborative and joint working proposals against ABPI Code rules.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=HelpGroup,
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


app.command(name="validate", cls=HelpCommand)(validate.command)
app.add_typer(rules.app, name="rules")
app.command(name="schema", cls=HelpCommand)(schema.command)
app.command(name="init", cls=HelpCommand)(init.command)
app.command(name="config", cls=HelpCommand)(config.command)
app.command(name="upgrade", cls=HelpCommand)(upgrade.command)
app.command(name="summary", cls=HelpCommand)(documents.summary)
app.command(name="outcomes", cls=HelpCommand)(documents.outcomes)


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
