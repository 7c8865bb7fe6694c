"""The command line: typer parses options and hands them to plain functions."""

from __future__ import annotations

import signal
import sys
from typing import Annotated

import typer

from collabcheck import __version__
from collabcheck.cli import validate

app = typer.Typer(
    name="collabcheck",
    help="Check NHS-industry collaborative and joint working proposals against ABPI Code rules.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
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


app.command(name="validate")(validate.command)


def main() -> None:
    if hasattr(signal, "SIGPIPE"):
        # A reader that stops early (`collabcheck validate ... | head`) ends the run quietly, as
        # it does for other Unix tools, instead of click's exit code 1, which means "failures".
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("collabcheck: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # last line of defence: one line, never a traceback
        sys.stderr.write(f"collabcheck: internal error ({type(exc).__name__}): {exc}\n")
        sys.exit(2)
