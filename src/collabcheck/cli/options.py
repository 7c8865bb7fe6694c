"""The options of `collabcheck validate` and `rules list`, each declared once, as plain data.

The launcher (launch.py) reads an ordinary command line with them without importing typer, and
typer's declarations are built from them (common.py, `declared`).
tests/cli/test_validate_options.py checks that the Python type each parameter has in
cli/validate.py is what this table says the launcher reads.
"""

from typing import Literal, get_args

from collabcheck.common.records import Record
from collabcheck.config.settings import Colour, FailOn
from collabcheck.reporters import REPORTERS

# "flag": takes no value; "text" and "path": any value; "number": a whole number of at least
# `minimum`; "choice": one of `choices`.
Reads = Literal["flag", "text", "path", "number", "choice"]


class Option(Record):
    """One option of `collabcheck validate`, declared once: how the launcher reads it, and what
    cli/ gives typer for it (names, help, metavar; cli/common.py's `declared`)."""

    parameter: str
    reads: Reads
    names: tuple[str, ...]
    help: str
    metavar: str | None = None
    repeats: bool = False
    minimum: int | None = None
    choices: tuple[str, ...] = ()


def format_names() -> str:
    """The formats, in the registry's order: `text (default), json, ... or codeclimate`."""
    first, *others = REPORTERS
    return f"{first} (default), {', '.join(others[:-1])} or {others[-1]}"


ARGUMENTS = "paths"  # the parameter that takes the proposals named on the command line


def by_parameter(*options: Option) -> dict[str, Option]:
    """Options by the name of the parameter each gives its value to."""
    return {option.parameter: option for option in options}


DECLARED = by_parameter(
    Option(
        "as_of",
        "text",
        ("--as-of",),
        "The date to check against (default: today).",
        "YYYY-MM-DD",
    ),
    Option(
        "rules",
        "path",
        ("--rules",),
        "Use the rule pack in DIR instead of the built-in and configured packs; repeat for "
        "several.",
        "DIR",
        repeats=True,
    ),
    Option(
        "add_rules",
        "path",
        ("--add-rules",),
        "Use the rule pack in DIR as well as the built-in and configured packs; repeat for "
        "several.",
        "DIR",
        repeats=True,
    ),
    Option(
        "fail_on",
        "choice",
        ("--fail-on",),
        "Lowest severity of failure that makes the exit code 1 (default: error, or fail_on "
        "in the configuration).",
        "[" + "|".join(get_args(FailOn)) + "]",
        choices=get_args(FailOn),
    ),
    Option("quiet", "flag", ("--quiet", "-q"), "Show failures and errors only."),
    Option(
        "verbose",
        "flag",
        ("--verbose", "-v"),
        "Show every outcome, passes too, when several files are checked, and name each file "
        "a directory search skipped because it is not a proposal.",
    ),
    Option(
        "color",
        "choice",
        ("--color",),
        "Colour the text report on standard output: auto (default; a terminal, FORCE_COLOR "
        "or CLICOLOR_FORCE, never with NO_COLOR), always or never.",
        "[" + "|".join(get_args(Colour)) + "]",
        choices=get_args(Colour),
    ),
    Option(
        "only_proposals",
        "flag",
        ("--only-proposals",),
        "Treat named files as a directory search does: skip, and count, YAML without a "
        "top-level format_version (for pre-commit). A run that finds no proposal passes.",
    ),
    Option(
        "formats",
        "text",
        ("--format", "-f"),
        f"{format_names()}; repeat for several.",
        "FORMAT[=FILE]",
        repeats=True,
    ),
    Option(
        "jobs",
        "number",
        ("--jobs", "-j"),
        "Check files in N processes (0: one per CPU). The output is the same as with 1.",
        "N",
        minimum=0,
    ),
    Option(
        "waiver_files",
        "text",
        ("--waivers",),
        "Apply the waivers in FILE, instead of the configuration's waiver files (repeat for "
        "several). A proposal's own waivers always apply.",
        "FILE",
        repeats=True,
    ),
    Option(
        "no_waivers",
        "flag",
        ("--no-waivers",),
        "Apply no waivers at all: the audit view, every failure counted.",
    ),
    Option(
        "files",
        "text",
        ("--output", "-o"),
        "Write the --format to FILE; give one --output per --format.",
        "FILE",
        repeats=True,
    ),
    Option(
        "config",
        "path",
        ("--config",),
        "Read this configuration file (collabcheck.toml, or a pyproject.toml with a "
        "tool.collabcheck table) instead of looking for one.",
        "FILE",
    ),
    Option(
        "no_config",
        "flag",
        ("--no-config",),
        "Read no configuration file: defaults and options only.",
    ),
    Option(
        "stdin_filename",
        "text",
        ("--stdin-filename",),
        "The name to report the proposal read from standard input (-) under; nothing is "
        "read from or written to it.",
        "NAME",
    ),
    Option(
        "exclude",
        "text",
        ("--exclude",),
        "Leave out of directory searches the files and folders that match GLOB, by their "
        "path below the folder searched or by any one name in it; repeat for several.",
        "GLOB",
        repeats=True,
    ),
)


def by_name(options: list[Option]) -> dict[str, Option]:
    """Each option under each of its names, as the launcher looks them up."""
    return {name: option for option in options for name in option.names}


OPTIONS = by_name(list(DECLARED.values()))

# The options of `collabcheck rules list` that `validate` does not have (--format takes one of
# two values there); it shares the rest.
LIST_DECLARED = by_parameter(
    Option(
        "fmt",
        "choice",
        ("--format", "-f"),
        "text (default) or json.",
        "[text|json]",
        choices=("text", "json"),
    ),
    Option(
        "requirements",
        "flag",
        ("--requirements",),
        "Add a column with the requirement each rule implements, by its title (the json "
        "format always has them).",
    ),
)
LIST_OPTIONS = by_name(
    [
        *LIST_DECLARED.values(),
        *(DECLARED[shared] for shared in ("rules", "add_rules", "config", "no_config")),
    ]
)
