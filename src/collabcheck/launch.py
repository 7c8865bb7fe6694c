"""The program's entry point: `collabcheck validate` with ordinary options starts without typer.

Building the whole typer application (every command's options, with a pydantic type adapter for
each parameter) costs more than checking a proposal. For `validate`, whose options are plain
names and values, the command line is read here, directly from the options `validate` declares,
and the same `command` function is called with the same values typer would pass. Anything this
reader is not certain about (help, an unknown or misspelt option, a missing or unusual value,
an option given twice, combined short options) goes to typer unchanged, so every message and
exit code is typer's own.
"""

from __future__ import annotations

import enum
import io
import os
import re
import signal
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

_NUMBER = re.compile(r"[0-9]{1,9}")


def prepare_process() -> None:
    # collabcheck needs no pydantic plugins; looking for them costs a scan of every installed
    # package's entry points at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for stream in (sys.stdout, sys.stderr):
        # A terminal or log that cannot show a character gets an escape, not a lost report.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    if hasattr(signal, "SIGPIPE"):
        # A reader that stops early (`collabcheck validate ... | head`) ends the run quietly, as
        # it does for other Unix tools, instead of click's exit code 1, which means "failures".
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


class _Option:
    """One option of a command: its parameter, how its value is read, whether it repeats."""

    def __init__(self, name: str, convert: Callable[[str], Any] | None, multiple: bool) -> None:
        self.name = name
        self.convert = convert  # None: a flag, which takes no value
        self.multiple = multiple


def _converter(tp: Any, info: Any) -> tuple[Callable[[str], Any] | None, bool] | None:
    """How to read a value of type `tp`, and whether the option repeats; None if unsure."""
    if typing.get_origin(tp) in (typing.Union, type(int | None)):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) != 1:
            return None
        tp = args[0]
    if typing.get_origin(tp) is list:
        readers: dict[tuple[Any, ...], Callable[[str], Any]] = {(str,): _text, (Path,): Path}
        item = readers.get(typing.get_args(tp))
        return (item, True) if item is not None else None
    if tp is bool:
        return None, False
    if tp is str:
        return _text, False
    if tp is Path:
        return Path, False
    if tp is int:
        low, high = info.min, info.max
        if info.clamp or not (low is None or isinstance(low, int)) or high is not None:
            return None

        def number(text: str) -> int:
            if not _NUMBER.fullmatch(text) or (low is not None and int(text) < low):
                raise ValueError(text)
            return int(text)

        return number, False
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        values = {str(member.value): member for member in tp}

        def choice(text: str) -> Any:
            return values[text]

        return choice, False
    return None


def _text(text: str) -> str:
    return text


# Settings that change how typer reads an option; an option with any of them is left to typer.
_UNUSUAL = (
    "callback",
    "envvar",
    "parser",
    "click_type",
    "prompt",
    "count",
    "is_eager",
    "hidden",
    "flag_value",
)


def options_of(command: Callable[..., Any]) -> tuple[dict[str, _Option], str] | None:
    """The options of a typer command function by every name they answer to, and the parameter
    that takes the command's arguments; None if the command declares anything unusual. The
    declarations are read with typer's own reader, so they mean what they mean to typer."""
    from typer.models import ArgumentInfo, OptionInfo
    from typer.utils import get_params_from_function

    table: dict[str, _Option] = {}
    arguments = None
    for name, param in get_params_from_function(command).items():
        info = param.default
        if isinstance(info, ArgumentInfo):
            if arguments is not None or param.annotation != list[str] or info.callback:
                return None
            arguments = name
            continue
        if not isinstance(info, OptionInfo):
            return None
        if any(getattr(info, attribute, None) for attribute in _UNUSUAL):
            return None
        found = _converter(param.annotation, info)
        decls = list(info.param_decls or ())
        if found is None or not decls or any("/" in d or not d.startswith("-") for d in decls):
            return None
        for decl in decls:
            table[decl] = _Option(name, *found)
    return (table, arguments) if arguments is not None else None


def read_arguments(
    args: list[str], table: dict[str, _Option], arguments: str
) -> dict[str, Any] | None:
    """The keyword arguments typer would pass, or None when typer must read the command line."""
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
        if option is None or (option.convert is None and equals):
            return None
        if option.name in given and not option.multiple:
            return None
        given.add(option.name)
        if option.convert is None:
            values[option.name] = True
            continue
        if not equals:
            value = next(rest, "")
        if not value or value.startswith("-"):
            return None
        try:
            converted = option.convert(value)
        except (KeyError, ValueError):
            return None
        if option.multiple:
            values.setdefault(option.name, []).append(converted)
        else:
            values[option.name] = converted
    return values if values[arguments] else None


def _quick_validate(args: list[str]) -> Callable[[], int] | None:
    if not args or args[0] != "validate":
        return None
    from collabcheck.cli.validate import command

    try:
        found = options_of(command)
    except Exception:  # typer reads declarations differently now: let typer read them
        return None
    if found is None:
        return None
    values = read_arguments(args[1:], *found)
    if values is None:
        return None

    def call() -> int:
        import typer

        try:
            command(**values)
        except typer.Exit as exc:
            return exc.exit_code
        return 0

    return call


def stop(exc: BaseException) -> NoReturn:
    """End a run that an exception interrupted: one line, never a traceback."""
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("collabcheck: interrupted\n")
        sys.exit(130)
    from collabcheck.reporters.escape import inert

    sys.stderr.write(f"collabcheck: internal error ({type(exc).__name__}): {inert(str(exc))}\n")
    sys.exit(2)


def main() -> None:
    prepare_process()
    try:
        quick = _quick_validate(sys.argv[1:])
        code = quick() if quick else None
    except (KeyboardInterrupt, Exception) as exc:  # the last line of defence
        stop(exc)
    if code is None:
        from collabcheck.cli import main as full

        full()
    sys.exit(code)
