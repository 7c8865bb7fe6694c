"""`collabcheck validate` once its options are read: values in, exit code out.

Free of typer, so that the launcher can call it without building the command-line application.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import cast

from collabcheck.commands.usage import UsageError, complain, settings
from collabcheck.config.settings import Colour, FailOn, Options, Output
from collabcheck.loading.inputs import STDIN


def as_of_date(text: str | None) -> date | None:
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


def _stdin_name_problem(name: str, paths: list[str]) -> str | None:
    if STDIN not in paths:
        return "--stdin-filename names standard input: give - among the proposals to read it"
    if not name.strip():
        return "--stdin-filename needs a name, such as proposals/heart-failure.yaml"
    return None


def validate(
    paths: list[str],
    as_of: str | None = None,
    rules: list[Path] | None = None,
    add_rules: list[Path] | None = None,
    fail_on: str | None = None,
    quiet: bool = False,
    verbose: bool = False,
    color: str | None = None,
    only_proposals: bool = False,
    formats: list[str] | None = None,
    jobs: int = 1,
    waiver_files: list[str] | None = None,
    no_waivers: bool = False,
    files: list[str] | None = None,
    config: Path | None = None,
    no_config: bool = False,
    stdin_filename: str | None = None,
    exclude: list[str] | None = None,
    *,
    collector_paused: bool = False,
) -> int:
    """Check proposals with the options `collabcheck validate` was given (by the names and with
    the defaults it declares) and give the exit code. `collector_paused`: the caller turned the
    cycle collector off for start-up, and the run is to turn it back on (the launcher does)."""
    day = as_of_date(as_of)
    if day is None:
        return complain(f"--as-of {as_of!r} is not a date: use YYYY-MM-DD")
    if stdin_filename is not None:
        problem = _stdin_name_problem(stdin_filename, paths)
        if problem:
            return complain(problem)
    given = outputs(formats or [], files or []) if formats or files else ()
    if isinstance(given, str):
        return complain(given)
    from collabcheck.config.resolve import CommandLine

    line = CommandLine(
        rules=tuple(rules or ()),
        add_rules=tuple(add_rules or ()),
        fail_on=fail_on,
        formats=tuple(o.format if o.path is None else f"{o.format}={o.path}" for o in given),
        config=config,
        no_config=no_config,
        waivers=tuple(waiver_files) if waiver_files else None,
    )
    try:
        chosen = settings(line)
    except UsageError as exc:
        return complain(str(exc))
    from collabcheck.commands.run import run  # the engine is loaded only when there is work to do

    workers = jobs or os.cpu_count() or 1
    options = Options(
        paths,
        day,
        None,
        cast(FailOn, chosen.fail_on.value),
        quiet,
        given or tuple(Output(*spec.split("=", 1)) for spec in chosen.formats.value),
        workers,
        packs=chosen.selection(),
        waiver_files=chosen.waivers.value,
        use_waivers=not no_waivers,
        settings_files=(str(chosen.config.path),) if chosen.config else (),
        collector_paused=collector_paused,
        verbose=verbose,
        colour=cast(Colour, color or "auto"),
        stdin_name=stdin_filename,
        exclude=tuple(exclude or ()),
        only_proposals=only_proposals,
    )
    return run(options)
