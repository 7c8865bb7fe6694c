"""What wins: the command line over the configuration, the configuration over the defaults."""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from collabcheck.common.records import Record
from collabcheck.config.find import Search, find_config
from collabcheck.config.read import ConfigError
from collabcheck.config.settings import PackSelection, RuleSetting

if TYPE_CHECKING:
    from collabcheck.config.check import Config

T = TypeVar("T")

DEFAULT = "default"
COMMAND_LINE = "command line"


class Choice(Record, Generic[T]):
    value: T
    source: str  # DEFAULT, COMMAND_LINE, or the configuration file (with its line)


class CommandLine(Record):
    """What the command line says; None or empty: not given."""

    rules: tuple[Path, ...] = ()  # --rules: exactly these packs, instead of the configured ones
    add_rules: tuple[Path, ...] = ()  # --add-rules: these packs as well
    fail_on: str | None = None
    formats: tuple[str, ...] = ()  # --format and --output, already paired as FORMAT[=FILE]
    waivers: tuple[str, ...] | None = None
    config: Path | None = None  # --config FILE
    no_config: bool = False  # --no-config


class Effective(Record):
    config: "Config | None"
    builtin: Choice[bool]
    packs: tuple[Choice[Path], ...]  # pack folders besides the built-in one
    fail_on: Choice[str]
    formats: Choice[tuple[str, ...]]
    waivers: Choice[tuple[str, ...]]
    settings: tuple[RuleSetting, ...]
    search: Search | None = None  # where the configuration was looked for; None: not looked for

    def selection(self) -> PackSelection:
        return PackSelection(self.builtin.value, tuple(p.value for p in self.packs), self.settings)


def load_config(line: CommandLine) -> "tuple[Config | None, Search | None]":
    """The configuration the command line asks for: --config FILE, none, or the nearest
    trusted one; and where it was looked for (None: it was not)."""
    if line.no_config:
        return None, None
    if line.config is not None:
        if not line.config.is_file():
            what = (
                "is a folder, not a configuration file"
                if line.config.is_dir()
                else "is not a file that can be read"
                if os.path.lexists(line.config)
                else "no such file"
            )
            raise ConfigError(f"{what} (given with --config)", str(line.config))
        from collabcheck.config.check import read_config

        return read_config(line.config), None  # the user's own choice: no ownership check
    try:
        here = Path.cwd()
    except OSError:  # the working folder has been deleted: there is nothing above it to find
        return None, None
    return find_config(here)


def effective(
    line: CommandLine, config: "Config | None", search: Search | None = None
) -> Effective:
    """The command line wins over the configuration, which wins over the defaults."""

    def pick(key: str, given: T | None, configured: T | None, default: T) -> Choice[T]:
        if given is not None:
            return Choice(given, COMMAND_LINE)
        if configured is not None and config is not None:
            return Choice(configured, config.source(key))
        return Choice(default, DEFAULT)

    c = config
    if line.rules:
        builtin = Choice(False, COMMAND_LINE)
        packs = [Choice(p, COMMAND_LINE) for p in line.rules]
    else:
        builtin = pick("builtin", None, c.builtin if c else None, True)
        packs = [Choice(p, c.source("rules")) for p in (c.rules or ())] if c else []
    packs += [Choice(p, COMMAND_LINE) for p in line.add_rules]
    return Effective(
        config,
        builtin,
        tuple(packs),
        pick("fail_on", line.fail_on, c.fail_on if c else None, "error"),
        pick("format", line.formats or None, c.formats if c else None, ("text",)),
        pick("waivers", line.waivers, c.waivers if c else None, ()),
        c.settings if c else (),
        search,
    )
