"""A command line or configuration that cannot be used: one line on standard error, exit 2."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from collabcheck.common.escape import inert
from collabcheck.config.settings import EXIT_INVALID

if TYPE_CHECKING:
    from pathlib import Path

    from collabcheck.config.find import Search
    from collabcheck.config.resolve import CommandLine, Effective
    from collabcheck.config.settings import PackSelection


class UsageError(Exception):
    """What is wrong with how collabcheck was called; `str()` is the line to show."""


def complain(message: str) -> int:
    """Say what is wrong, as `collabcheck: MESSAGE`, and give the exit code for it."""
    sys.stderr.write(f"collabcheck: {inert(message)}\n")
    sys.stderr.flush()
    return EXIT_INVALID


def settings(line: CommandLine) -> Effective:
    """The effective settings, or UsageError saying what is wrong with them."""
    from collabcheck.config.read import ConfigError
    from collabcheck.config.resolve import effective, load_config

    if line.config is not None and line.no_config:
        raise UsageError("give --config FILE or --no-config, not both")
    try:
        config, search = load_config(line)
    except ConfigError as exc:
        raise UsageError(f"configuration error: {exc}") from None
    if search is not None:
        warn_skipped(search)
    return effective(line, config, search)


def pack_selection(
    rules: list[Path] | None,
    add_rules: list[Path] | None,
    config: Path | None,
    no_config: bool,
) -> PackSelection:
    """The packs `validate` would use with these options, or UsageError."""
    from collabcheck.config.resolve import CommandLine

    line = CommandLine(
        rules=tuple(rules or ()),
        add_rules=tuple(add_rules or ()),
        config=config,
        no_config=no_config,
    )
    return settings(line).selection()


def warn_skipped(search: Search) -> None:
    """One line on standard error for each configuration file the search passed over."""
    from collabcheck.config.find import nearby

    for skipped in search.skipped:
        sys.stderr.write(
            f"collabcheck: warning: ignoring {inert(str(nearby(skipped.path)))}: "
            f"{inert(skipped.reason)}\n"
        )
    sys.stderr.flush()
