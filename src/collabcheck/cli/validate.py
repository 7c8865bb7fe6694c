"""`collabcheck validate`: options in, exit code out."""

from __future__ import annotations

import os
import re
from datetime import date
from enum import StrEnum
from typing import Annotated, cast

import typer

from collabcheck.cli.common import (
    AddRulesOption,
    ConfigOption,
    NoConfigOption,
    RulesOption,
    settings,
)
from collabcheck.reporters.escape import inert
from collabcheck.settings import EXIT_INVALID, Options, Output
from collabcheck.settings import FailOn as FailOnName


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _as_of(text: str | None) -> date | None:
    if text is None:
        return date.today()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def outputs(formats: list[str], files: list[str]) -> tuple[Output, ...] | str:
    """Where each format goes. FORMAT=FILE is always clear; --output is paired with --format only
    when there is exactly one file per format, because the order in which they were given on
    the command line cannot be seen."""
    formats = formats or ["text"]
    if files and any("=" in spec for spec in formats):
        return "name files either as --format FORMAT=FILE or with --output, not both"
    if files and len(files) != len(formats):
        return (
            f"{len(files)} --output file(s) for {len(formats)} --format option(s): give one "
            "--output per --format, or write --format FORMAT=FILE"
        )
    paired = []
    for i, spec in enumerate(formats):
        name, _, path = spec.partition("=")
        paired.append(Output(name, path or (files[i] if files else None)))
    return tuple(paired)


def command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PROPOSAL",
            help="Proposal files, directories to search for proposals, or - for standard input.",
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="YYYY-MM-DD", help="The date to check against (default: today)."
        ),
    ] = None,
    rules: RulesOption = None,
    add_rules: AddRulesOption = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Lowest severity of failure that makes the exit code 1 (default: error, or "
            "fail_on in the configuration).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Show failures and errors only.")
    ] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT[=FILE]",
            help="text (default), json, markdown, sarif, junit or github; repeat for several.",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Check files in N processes (0: one per CPU). The output is the same as with 1.",
        ),
    ] = 1,
    waiver_files: Annotated[
        list[str] | None,
        typer.Option(
            "--waivers",
            metavar="FILE",
            help="Apply the waivers in FILE, instead of the configuration's waiver files (repeat "
            "for several). A proposal's own waivers always apply.",
        ),
    ] = None,
    no_waivers: Annotated[
        bool,
        typer.Option(
            "--no-waivers",
            help="Apply no waivers at all: the audit view, every failure counted.",
        ),
    ] = False,
    files: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the --format to FILE; give one --output per --format.",
        ),
    ] = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Check proposals against the rule packs and report pass/fail for every rule."""
    day = _as_of(as_of)
    if day is None:
        typer.echo(
            f"collabcheck: --as-of {inert(repr(as_of))} is not a date: use YYYY-MM-DD", err=True
        )
        raise typer.Exit(EXIT_INVALID)
    given = outputs(formats or [], files or []) if formats or files else ()
    if isinstance(given, str):
        typer.echo(f"collabcheck: {inert(given)}", err=True)
        raise typer.Exit(EXIT_INVALID)
    from collabcheck.config import CommandLine

    chosen = settings(
        CommandLine(
            rules=tuple(rules or ()),
            add_rules=tuple(add_rules or ()),
            fail_on=fail_on.value if fail_on else None,
            formats=tuple(o.format if o.path is None else f"{o.format}={o.path}" for o in given),
            config=config,
            no_config=no_config,
            waivers=tuple(waiver_files) if waiver_files else None,
        )
    )
    from collabcheck.check import run  # the engine is loaded only when there is work to do

    workers = jobs or os.cpu_count() or 1
    options = Options(
        paths,
        day,
        None,
        cast(FailOnName, chosen.fail_on.value),
        quiet,
        given or tuple(Output(*spec.split("=", 1)) for spec in chosen.formats.value),
        workers,
        packs=chosen.selection(),
        waiver_files=chosen.waivers.value,
        use_waivers=not no_waivers,
        settings_files=(str(chosen.config.path),) if chosen.config else (),
    )
    raise typer.Exit(run(options))
