"""The program's entry point: `collabcheck validate` with ordinary options starts without typer.

Importing typer, and building the whole application (every command's options, with a pydantic
type adapter for each parameter), costs more than checking a proposal: reading the command line
here saves about 160 ms, a third of a one-proposal run (benchmarks/README.md). For `validate`,
whose options are plain names and values, the command line is read here with the options' one
declaration (cli/options.py, from which typer's declarations are built too), and the function
behind typer's `validate` command is called with the same values typer would pass. Anything this
reader is not certain about (help, an unknown or misspelt option, a missing or unusual value, an
option given twice, combined short options, shell completion) goes to typer unchanged, so every
message and exit code is typer's own.

`collabcheck rules list` is read the same way, with its own options' declaration, and
`collabcheck --version` is answered here, from the version the package declares, without
importing anything else of collabcheck.
"""

from __future__ import annotations

import gc
import os
import sys

from collabcheck.cli.process import prepare_process, stop

# Not `typing.TYPE_CHECKING`: `collabcheck --version` imports no more than it needs, and typing
# and pathlib are about a third of that (mypy reads this name as it reads typing's).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from collabcheck.cli.options import Option


def _read(option: Option, text: str) -> Any:
    """The value typer would pass for `text`; ValueError where typer would refuse it."""
    if option.reads == "path":
        from pathlib import Path

        return Path(text)
    if option.reads == "number":
        import re

        if not re.fullmatch(r"[0-9]{1,9}", text) or (
            option.minimum is not None and int(text) < option.minimum
        ):
            raise ValueError(text)
        return int(text)
    if option.reads == "choice" and text not in option.choices:
        raise ValueError(text)
    return text


def read_arguments(
    args: list[str], table: dict[str, Option], arguments: str
) -> dict[str, Any] | None:
    """The keyword arguments typer would pass to a command that needs at least one argument
    (in `arguments`), or None when typer must read the command line."""
    values = read_options(args, table, arguments)
    return values if values and values[arguments] else None


def read_options(
    args: list[str], table: dict[str, Option], arguments: str
) -> dict[str, Any] | None:
    """The keyword arguments typer would pass, the arguments in `arguments`, or None when typer
    must read the command line."""
    values: dict[str, Any] = {arguments: []}
    given: set[str] = set()
    rest = iter(args)
    for token in rest:
        if token == "--":
            values[arguments].extend(rest)
            break
        if token == "-" or not token.startswith("-"):
            values[arguments].append(token)
            continue
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        option = table.get(name)
        flag = option is not None and option.reads == "flag"
        if option is None or (flag and equals):
            return None
        if option.parameter in given and not option.repeats:
            return None
        given.add(option.parameter)
        if flag:
            values[option.parameter] = True
            continue
        if not equals:
            value = next(rest, "")
        if not value or value.startswith("-"):
            return None
        try:
            read = _read(option, value)
        except ValueError:
            return None
        if option.repeats:
            values.setdefault(option.parameter, []).append(read)
        else:
            values[option.parameter] = read
    return values


# Set by the shell completion scripts (`collabcheck --install-completion`) when they ask typer
# for the words that may come next.
COMPLETING = "_COLLABCHECK_COMPLETE"


def _quick_validate(args: list[str]) -> Callable[[], int] | None:
    if not args or args[0] != "validate" or COMPLETING in os.environ:
        return None
    from collabcheck.cli.options import ARGUMENTS, OPTIONS

    values = read_arguments(args[1:], OPTIONS, ARGUMENTS)
    if values is None:
        return None

    def call() -> int:
        # Start-up builds thousands of objects that live as long as the run (modules, pydantic
        # models, the compiled rule pack) and hold no garbage cycles; the cycle collector would
        # scan them again and again while they are built. It is off until the run, told so,
        # turns it back on with them set aside, before any proposal is read.
        gc.disable()
        try:
            from collabcheck.commands.validate import validate

            return validate(**values, collector_paused=True)
        finally:
            gc.enable()

    return call


def _quick_list(args: list[str]) -> Callable[[], int] | None:
    """`collabcheck rules list`, with no arguments and options typer would read alike."""
    if args[:2] != ["rules", "list"] or COMPLETING in os.environ:
        return None
    from collabcheck.cli.options import LIST_OPTIONS

    values = read_options(args[2:], LIST_OPTIONS, "unexpected")
    if values is None or values.pop("unexpected"):
        return None

    def call() -> int:
        from collabcheck.commands.rules.listing import list_command

        return list_command(**values)

    return call


def _version(args: list[str]) -> Callable[[], int] | None:
    if args != ["--version"] or COMPLETING in os.environ:
        return None

    def call() -> int:
        from collabcheck import __version__

        sys.stdout.write(f"collabcheck {__version__}\n")
        return 0

    return call


def main() -> None:
    prepare_process()
    try:
        args = sys.argv[1:]
        quick = _version(args) or _quick_validate(args) or _quick_list(args)
        code = quick() if quick else None
    except (KeyboardInterrupt, Exception) as exc:  # the last line of defence
        stop(exc)
    if code is None:
        from collabcheck.cli.app import main as full

        full()
    sys.exit(code)
