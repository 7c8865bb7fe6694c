"""The top-level group, which builds a sub-command only when it is used.

typer builds every command of an application before it reads the command line: it imports
each command's module (and with them the reporters, the configuration and the rule machinery
they name) and declares every option of every command, to run one of them or to print one help
page. This group is given the commands by name instead, and builds one the first time it is
asked for it, with typer's own functions, exactly as typer would have built it with the rest.
The top-level help page lists the commands with the summaries given here (tests/cli/test_help.py
checks that each is the first paragraph of its command's help, and that every help page is the
one the application built all at once prints).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
from typer.core import TyperGroup

from collabcheck.cli.helptext import HelpCommand, HelpGroup


@dataclass(frozen=True)
class Entry:
    """A sub-command: its module, and there a group's typer app or a command's function."""

    name: str
    module: str
    summary: str
    group: bool = False
    attribute: str = "command"


def declare(entry: Entry) -> typer.Typer:
    """A typer application holding only `entry`, declared as the whole application declared it."""
    holder = typer.Typer()
    module = importlib.import_module(entry.module)
    if entry.group:
        holder.add_typer(module.app, name=entry.name)
    else:
        holder.command(name=entry.name, cls=HelpCommand)(getattr(module, entry.attribute))
    return holder


class _OnDemand(dict[str, Any]):
    """The group's commands, each built the first time it is looked up."""

    def __init__(self, group: LazyGroup) -> None:
        super().__init__(dict.fromkeys(group.entries))
        self._group = group

    def __getitem__(self, name: str) -> Any:
        built = super().__getitem__(name)
        if built is None:
            built = self._group.build(name)
            self[name] = built
        return built

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        return (self[name] for name in self)

    def items(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        return ((name, self[name]) for name in self)


class LazyGroup(HelpGroup):
    """A group whose sub-commands, `entries`, are built when they are first used."""

    entries: ClassVar[dict[str, Entry]] = {}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _OnDemand(self)

    def build(self, name: str) -> Any:
        holder = declare(self.entries[name])
        if self.entries[name].group:
            return typer.main.get_group_from_info(
                holder.registered_groups[0],
                pretty_exceptions_short=holder.pretty_exceptions_short,
                rich_markup_mode=self.rich_markup_mode,
                suggest_commands=self.suggest_commands,
            )
        return typer.main.get_command_from_info(
            holder.registered_commands[0],
            pretty_exceptions_short=holder.pretty_exceptions_short,
            rich_markup_mode=self.rich_markup_mode,
        )

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.entries)

    def summaries(self, ctx: Any) -> list[tuple[str, str]]:
        return [(entry.name, entry.summary) for entry in self.entries.values()]


def lazy_group(*entries: Entry) -> type[TyperGroup]:
    """The group class typer builds for an application whose sub-commands are `entries`."""
    return type("Commands", (LazyGroup,), {"entries": {entry.name: entry for entry in entries}})
