"""The options `collabcheck validate` declares, as plain data.

The launcher reads an ordinary `validate` command line with this table instead of building the
typer application. It must say exactly what the typer declarations in `cli/validate.py` say;
tests/cli/test_validate_options.py compares the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from collabcheck.config.settings import FailOn

# "flag": takes no value; "text" and "path": any value; "number": a whole number of at least
# `minimum`; "choice": one of `choices`.
Reads = Literal["flag", "text", "path", "number", "choice"]


@dataclass(frozen=True)
class Option:
    parameter: str
    reads: Reads
    repeats: bool = False
    minimum: int | None = None
    choices: tuple[str, ...] = ()


ARGUMENTS = "paths"  # the parameter that takes the proposals named on the command line

OPTIONS: dict[str, Option] = {
    "--as-of": Option("as_of", "text"),
    "--rules": Option("rules", "path", repeats=True),
    "--add-rules": Option("add_rules", "path", repeats=True),
    "--fail-on": Option("fail_on", "choice", choices=get_args(FailOn)),
    "--quiet": Option("quiet", "flag"),
    "-q": Option("quiet", "flag"),
    "--format": Option("formats", "text", repeats=True),
    "-f": Option("formats", "text", repeats=True),
    "--jobs": Option("jobs", "number", minimum=0),
    "-j": Option("jobs", "number", minimum=0),
    "--waivers": Option("waiver_files", "text", repeats=True),
    "--no-waivers": Option("no_waivers", "flag"),
    "--output": Option("files", "text", repeats=True),
    "-o": Option("files", "text", repeats=True),
    "--config": Option("config", "path"),
    "--no-config": Option("no_config", "flag"),
}
