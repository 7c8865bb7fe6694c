"""The launcher's table of `validate` options says exactly what the typer declarations say, and
the plain function behind the command takes exactly what typer passes."""

from __future__ import annotations

import enum
import inspect
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
from typer.models import ArgumentInfo, OptionInfo
from typer.utils import get_params_from_function

from collabcheck.cli.options import ARGUMENTS, OPTIONS, Option
from collabcheck.cli.validate import command
from collabcheck.commands.validate import validate

# Settings that change how typer reads an option; the launcher's reader knows none of them.
UNUSUAL = (
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


# What the launcher needs to read an option: its parameter, how it reads its value, whether it
# repeats, its minimum and its choices.
Reading = tuple[str, str, bool, int | None, tuple[str, ...]]


def reading(option: Option) -> Reading:
    return (option.parameter, option.reads, option.repeats, option.minimum, option.choices)


def _option(parameter: str, tp: Any, info: OptionInfo) -> Reading:
    """How the launcher must read an option of type `tp`, declared with `info`."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        assert len(args) == 1, f"{parameter}: a union of several types"
        tp = args[0]
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        assert item in (str, Path), f"{parameter}: a list of {item}"
        return (parameter, "text" if item is str else "path", True, None, ())
    if tp is bool:
        return (parameter, "flag", False, None, ())
    if tp is str:
        return (parameter, "text", False, None, ())
    if tp is Path:
        return (parameter, "path", False, None, ())
    if tp is int:
        assert info.max is None and not info.clamp, f"{parameter}: a maximum"
        assert info.min is None or isinstance(info.min, int), f"{parameter}: minimum {info.min}"
        return (parameter, "number", False, info.min, ())
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return (parameter, "choice", False, None, tuple(str(m.value) for m in tp))
    raise AssertionError(f"{parameter}: a value of type {tp}")


def options_of(command: Callable[..., Any]) -> tuple[dict[str, Reading], str]:
    """The options of a typer command function by every name they answer to, and the parameter
    that takes the command's arguments. The declarations are read with typer's own reader, so
    they mean what they mean to typer; anything the launcher could not read fails."""
    table: dict[str, Reading] = {}
    arguments = []
    for name, param in get_params_from_function(command).items():
        info = param.default
        if isinstance(info, ArgumentInfo):
            assert param.annotation == list[str] and not info.callback, name
            arguments.append(name)
            continue
        assert isinstance(info, OptionInfo), name
        unusual = [attribute for attribute in UNUSUAL if getattr(info, attribute, None)]
        assert not unusual, f"{name}: {unusual}"
        decls = list(info.param_decls or ())
        assert decls, f"{name}: no option names"
        for decl in decls:
            assert decl.startswith("-") and "/" not in decl, f"{name}: {decl}"
            table[decl] = _option(name, param.annotation, info)
    assert len(arguments) == 1, arguments
    return table, arguments[0]


def test_the_table_says_what_typer_declares() -> None:
    assert options_of(command) == ({n: reading(o) for n, o in OPTIONS.items()}, ARGUMENTS)


def test_the_plain_function_takes_what_typer_passes_with_the_same_defaults() -> None:
    declared = {
        name: param.default.default for name, param in get_params_from_function(command).items()
    }
    taken = {
        name: ... if param.default is param.empty else param.default
        for name, param in inspect.signature(validate).parameters.items()
        if param.kind is not param.KEYWORD_ONLY  # the launcher's own, never typer's
    }
    assert list(taken) == list(declared)
    assert taken == declared


def _with_callback(
    paths: Annotated[list[str], typer.Argument()],
    name: Annotated[str, typer.Option("--name", callback=str.strip)] = "",
) -> None:
    """An option the launcher could not read as typer does."""


def _with_secondary_name(
    paths: Annotated[list[str], typer.Argument()],
    colour: Annotated[bool, typer.Option("--colour/--no-colour")] = False,
) -> None:
    """A flag with two names, one of which turns it off."""


def _with_maximum(
    paths: Annotated[list[str], typer.Argument()],
    jobs: Annotated[int, typer.Option("--jobs", min=0, max=8)] = 1,
) -> None:
    """A number typer would refuse above its maximum."""


@pytest.mark.parametrize("declared", [_with_callback, _with_secondary_name, _with_maximum])
def test_a_declaration_the_launcher_cannot_read_fails(declared: Callable[..., None]) -> None:
    with pytest.raises(AssertionError):
        options_of(declared)
