"""A command line or configuration that cannot be used: one line on standard error, exit 2."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from collabcheck.common.escape import inert
from collabcheck.config.settings import EXIT_INVALID

if TYPE_CHECKING:
    from collabcheck.config.resolve import CommandLine, Effective


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
        return effective(line, load_config(line))
    except ConfigError as exc:
        raise UsageError(f"configuration error: {exc}") from None
