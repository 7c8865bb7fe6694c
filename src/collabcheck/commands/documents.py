"""`collabcheck summary` and `collabcheck outcomes`: check one proposal and write the document
it must publish, or refuse with what stops it (exit 1), unless --draft asks for a draft."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from collabcheck.commands.outputs import deliver, output_problem, say
from collabcheck.commands.usage import UsageError, complain, settings
from collabcheck.commands.validate import as_of_date
from collabcheck.common.escape import inert
from collabcheck.config.settings import EXIT_FAILURES, EXIT_INVALID, EXIT_OK, Output

FORMATS = ("markdown", "html")
NAMES = {"summary": "executive summary", "outcomes": "outcomes report"}


def _problems(stderr: TextIO, lines: list[str], prefix: str = "") -> int:
    say((f"collabcheck: {prefix}{line}" for line in lines), stderr)
    return EXIT_INVALID


def publish(
    kind: str,
    path: str,
    stdout: TextIO,
    stderr: TextIO,
    fmt: str = "markdown",
    output: str | None = None,
    as_of: str | None = None,
    draft: bool = False,
    rules: list[Path] | None = None,
    add_rules: list[Path] | None = None,
    config: Path | None = None,
    no_config: bool = False,
) -> int:
    """Write the `kind` of document (summary or outcomes) for the proposal at `path` (`-`:
    standard input) and give the exit code."""
    day = as_of_date(as_of)
    if day is None:
        return complain(f"--as-of {as_of!r} is not a date: use YYYY-MM-DD")
    if fmt not in FORMATS:
        return complain(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    from collabcheck.config.resolve import CommandLine

    line = CommandLine(
        rules=tuple(rules or ()),
        add_rules=tuple(add_rules or ()),
        config=config,
        no_config=no_config,
    )
    try:
        chosen = settings(line)
    except UsageError as exc:
        return complain(str(exc))
    from collabcheck.publish.source import SourceProblem, read_checked, source_of
    from collabcheck.publish.writing import KINDS, judge, written
    from collabcheck.rulepacks.pack import PackError, builtin_pack_dir
    from collabcheck.rulepacks.selection import load_selection
    from collabcheck.waivers.apply import WaiverFileError, waiver_book

    source = source_of(path)
    selection = chosen.selection()
    packs = [str(d) for d in selection.directories(builtin_pack_dir())]
    config_files = (str(chosen.config.path),) if chosen.config else ()
    others = (*chosen.waivers.value, *config_files)
    problem = output_problem((Output(fmt, output),), [source], others, packs)
    if problem:
        return complain(problem)
    try:
        pack = load_selection(selection)
        waivers = waiver_book(pack, chosen.waivers.value)
        checked = read_checked(source, pack, day, waivers)
    except PackError as exc:
        return _problems(stderr, [str(p) for p in exc.problems], f"{exc.kind}: ")
    except WaiverFileError as exc:
        return _problems(stderr, [str(p) for p in exc.problems], "waiver file error: ")
    except SourceProblem as exc:
        return _problems(stderr, exc.lines)
    document = KINDS[kind]
    verdict = judge(document, checked)
    if verdict.stopped and not draft:
        stderr.write(
            f"collabcheck: the {NAMES[kind]} of {inert(checked.name)} is not written: the "
            "proposal is not ready for it (--draft writes it anyway, marked DRAFT):\n"
        )
        say(verdict.refusal(), stderr)
        return EXIT_FAILURES
    text = written(document, checked, verdict, fmt, day, draft)
    if not deliver(text, output, stdout, stderr):
        return EXIT_INVALID
    if output is None:
        return EXIT_OK
    marked = "a DRAFT " if draft else ""
    stderr.write(f"collabcheck: wrote {marked}{NAMES[kind]} to {inert(output)}\n")
    return EXIT_OK
