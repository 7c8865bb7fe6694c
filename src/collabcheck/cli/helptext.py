"""The text of `--help`, written here rather than by typer.

Typer's own help pages changed from release to release: some show click's type names
(`TEXT`, `INTEGER RANGE`), current ones show its internal ones after every flag (`<bool>`,
`<list[str]>`). These classes write each page from what the commands declare, their names,
metavars, help and defaults, so it reads the same on every typer release collabcheck supports:
a flag shows nothing after its name, an option that takes a value shows its metavar, and an
argument its metavar.
"""

from __future__ import annotations

import inspect
import shutil
import textwrap
from enum import Enum
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

# `-h` is `--help` everywhere: the sub-commands' contexts inherit it from the root's.
CONTEXT = {"help_option_names": ["-h", "--help"]}

_INDENT = 2
_MAX_WIDTH = 100


def _width() -> int:
    return max(min(shutil.get_terminal_size().columns, _MAX_WIDTH), 60)


def _paragraphs(text: str | None) -> list[str]:
    """The paragraphs of a docstring or help text, each joined onto one line."""
    cleaned = inspect.cleandoc(text or "").partition("\f")[0]
    return [" ".join(p.split()) for p in cleaned.split("\n\n") if p.strip()]


def _wrap(text: str, width: int) -> list[str]:
    # Never break "built-in" or "--format" at the hyphen.
    return textwrap.wrap(text, width, break_on_hyphens=False)


def _default(param: Any) -> str | None:
    show = getattr(param, "show_default", None)
    if isinstance(show, str):
        return show
    default = getattr(param, "default", None)
    if not show or getattr(param, "is_flag", False) or default in (None, False, (), []):
        return None
    if callable(default):
        return None
    return str(default.value if isinstance(default, Enum) else default)


def _argument_name(param: Any) -> str:
    name = str(param.metavar or (param.name or "").upper())
    return f"{name}..." if param.nargs == -1 else name


def _option_name(param: Any) -> str:
    # Long names first, as the commands declare them; click keeps the help option's in a set.
    declared = [*param.opts, *param.secondary_opts]
    names = ", ".join(sorted(declared, key=lambda name: not name.startswith("--")))
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return names
    return f"{names} {param.metavar or (param.name or 'value').upper()}"


def _explain(param: Any) -> str:
    parts = [" ".join(str(getattr(param, "help", None) or "").split())]
    default = _default(param)
    if default is not None:
        parts.append(f"[default: {default}]")
    if param.required:
        parts.append("[required]")
    return " ".join(p for p in parts if p)


def _usage(command: Any, ctx: Any) -> str:
    pieces = [ctx.command_path, "[OPTIONS]"]
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = _argument_name(param)
            pieces.append(name if param.required else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append("COMMAND [ARGS]...")
    return "Usage: " + " ".join(pieces)


def _table(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns: the names, and the explanation wrapped beside them (or under long names)."""
    first = min(max(len(name) for name, _ in rows), 30) + 2
    lines = []
    for name, text in rows:
        body = _wrap(text, max(width - _INDENT - first, 20)) or [""]
        if len(name) + 2 > first:
            lines.append(" " * _INDENT + name)
            lines.extend(" " * (_INDENT + first) + b for b in body if b)
            continue
        lines.append(" " * _INDENT + name.ljust(first) + body[0])
        lines.extend(" " * (_INDENT + first) + b for b in body[1:])
    return [line.rstrip() for line in lines]


def render(command: Any, ctx: Any) -> str:
    """The help page of a command or group, as plain text."""
    width = _width()
    pad = " " * _INDENT
    lines = [_usage(command, ctx)]
    for paragraph in _paragraphs(command.help):
        lines += ["", *(pad + line for line in _wrap(paragraph, width - _INDENT))]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [
        (_argument_name(p), _explain(p)) for p in params if p.param_type_name == "argument"
    ]
    options = [(_option_name(p), _explain(p)) for p in params if p.param_type_name == "option"]
    commands = command.summaries(ctx) if isinstance(command, HelpGroup) else []
    for title, rows in (("Arguments", arguments), ("Options", options), ("Commands", commands)):
        if rows:
            lines += ["", f"{title}:", *_table(rows, width)]
    return "\n".join(lines)


def _show_help_when_called_bare(command: Any, ctx: Any, args: list[str]) -> None:
    if not args and command.no_args_is_help and not ctx.resilient_parsing:
        typer.echo(render(command, ctx), color=ctx.color)
        # Exit code 2, as for any other command line that names nothing to do.
        ctx.exit(2)


class HelpCommand(TyperCommand):
    """A typer command whose help page is written by `render`."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render(self, ctx) + "\n")


class HelpGroup(TyperGroup):
    """A typer group whose help page is written by `render`, also when it is given nothing."""

    def summaries(self, ctx: Any) -> list[tuple[str, str]]:
        """Each visible sub-command's name and the first paragraph of its help."""
        rows = []
        for name in self.list_commands(ctx):
            sub = self.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                summary = _paragraphs(sub.help)
                rows.append((name, summary[0] if summary else ""))
        return rows

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render(self, ctx) + "\n")

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _show_help_when_called_bare(self, ctx, args)
        return list(super().parse_args(ctx, args))


def choices(values: type[Enum]) -> str:
    """The metavar of an option that takes one of `values`: `[text|json]`."""
    return "[" + "|".join(str(v.value) for v in values) + "]"
