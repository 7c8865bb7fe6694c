"""One validate run: find the inputs, load the rule packs and waivers, put every input through
the pipeline (in worker processes with --jobs), write the reports, and choose the exit code."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from collabcheck import __version__, pipeline
from collabcheck.commands.outputs import output_problem
from collabcheck.common.atomic import write_atomically
from collabcheck.common.escape import inert
from collabcheck.config.find import repository_root
from collabcheck.config.settings import (
    EXIT_FAILURES,
    EXIT_INVALID,
    EXIT_OK,
    FailOn,
    Options,
    Output,
)
from collabcheck.loading.inputs import STDIN_NAME, Source, discover
from collabcheck.reporters import REPORTERS, Report, render, summary_line
from collabcheck.results import FileResult, InputProblem, Location, Outcome, Severity
from collabcheck.rulepacks.pack import Pack, PackError, builtin_pack_dir
from collabcheck.rulepacks.selection import load_selection
from collabcheck.waivers.apply import WaiverBook, WaiverFileError, waiver_book


def exit_code(results: list[FileResult], fail_on: FailOn) -> int:
    """2 for anything that could not be checked (including a waiver no board may give); else 1
    for a failure at or above the threshold that no waiver in force covers."""
    if any(r.problems or r.count(Outcome.ERROR) or r.refused_waivers() for r in results):
        return EXIT_INVALID
    return EXIT_FAILURES if _counted_failures(results, fail_on) else EXIT_OK


def threshold_of(fail_on: FailOn) -> Severity | None:
    """The lowest severity that fails a run; None for never."""
    return None if fail_on == "never" else Severity(fail_on)


def _counted_failures(results: list[FileResult], fail_on: FailOn) -> int:
    """Failures at or above the threshold that no waiver in force covers."""
    threshold = threshold_of(fail_on)
    return sum(1 for r in results for f in r.findings if f.fails_at(threshold))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def verdict(results: list[FileResult], code: int, fail_on: FailOn, unwritten: int = 0) -> str:
    """The exit code in words: `passed`, `failed: 3 failures at or above --fail-on error`, or
    what kept the run from checking everything."""
    failures = _counted_failures(results, fail_on)
    counted = f"{_plural(failures, 'failure')} at or above --fail-on {fail_on}"
    if code == EXIT_OK:
        failed = fail_on == "never" and any(f.failing for r in results for f in r.findings)
        return "passed (--fail-on never)" if failed else "passed"
    if code == EXIT_FAILURES:
        return f"failed: {counted}"
    parts = []
    for n, what in (
        (sum(1 for r in results if r.problems), "file could not be checked"),
        (sum(r.count(Outcome.ERROR) for r in results), "rule could not be evaluated"),
        (sum(len(r.refused_waivers()) for r in results), "waiver no board may give"),
        (unwritten, "report could not be written"),
    ):
        if n:
            noun, rest = what.split(" ", 1)
            parts.append(f"{_plural(n, noun)} {rest}")
    if failures:
        parts.append(counted)
    return "incomplete: " + ", ".join(parts)


def _to_files_only(
    report: Report, code: int, fail_on: FailOn, written: list[Output], unwritten: int
) -> str:
    """The line standard error gets when every report went to a file, so that a run is never
    silent: the counts, the verdict, and where each report was written."""
    where = ", ".join(f"{o.format} \N{RIGHTWARDS ARROW} {o.path}" for o in written)
    line = f"{summary_line(report)} · {verdict(report.files, code, fail_on, unwritten)}"
    return inert(f"{line} · {where or 'no report written'}")


def _usage_problem(options: Options, sources: list[Source], other_problems: bool) -> str | None:
    unknown = [o.format for o in options.outputs if o.format not in REPORTERS]
    if unknown:
        return f"unknown format {unknown[0]!r}: choose from {', '.join(REPORTERS)}"
    packs = [str(d) for d in options.selection().directories(builtin_pack_dir())]
    # The name given to standard input is never written to either, whatever file it names.
    named = (options.stdin_name,) if options.stdin_name else ()
    others = (*options.waiver_files, *options.settings_files, *named)
    problem = output_problem(options.outputs, sources, others, packs)
    if problem:
        return problem
    if not sources and not other_problems and not options.only_proposals:
        return _nothing_found(options)
    return None


def _nothing_found(options: Options) -> str:
    return f"no proposals found in {', '.join(options.paths)}"


def _no_proposals(options: Options, skipped: list[str]) -> int:
    """A run that found no proposal: a usage error, unless --only-proposals says that a run
    over files that are all some other kind of YAML (a commit that changes no proposal) passes.
    Either way, one line on standard error says so."""
    n = len(skipped)
    why = f" ({n} YAML file{'s' if n != 1 else ''} without a top-level format_version)"
    if options.only_proposals:
        options.stderr.write(f"collabcheck: no proposals to check{why if n else ''}\n")
        return EXIT_OK
    options.stderr.write(f"collabcheck: {inert(_nothing_found(options) + why)}\n")
    return EXIT_INVALID


def _results(
    sources: list[Source], pack: Pack, waivers: WaiverBook, options: Options
) -> Iterator[FileResult | None]:
    if options.jobs > 1 and len(sources) > 1:
        from collabcheck.parallel import check_in_workers

        return check_in_workers(
            sources, pack, waivers, options.selection(), options.as_of, options.jobs
        )
    return (pipeline.check_source(source, pack, options.as_of, waivers) for source in sources)


def _checked(
    sources: list[Source], pack: Pack, waivers: WaiverBook, options: Options, skipped: list[str]
) -> Iterator[FileResult]:
    """Each source's result in order; a file a directory search found that is not a proposal
    gives none, and its name goes into `skipped`."""
    results = _noted(_results(sources, pack, waivers, options), sources, skipped)
    if len(sources) > 1 and options.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(file=options.stderr), transient=True) as progress:
            task = progress.add_task("Checking proposals", total=len(sources))
            for result in results:
                progress.advance(task)
                if result is not None:
                    yield result
        return
    yield from (r for r in results if r is not None)


def _noted(
    results: Iterator[FileResult | None], sources: list[Source], skipped: list[str]
) -> Iterator[FileResult | None]:
    for source, result in zip(sources, results, strict=True):
        if result is None:
            skipped.append(source.display)
        yield result


def _write(output: Output, report: Report, stdout: TextIO) -> str | None:
    if output.path is None:
        render(output.format, report._replace(terminal=True), stdout)
        return None
    try:
        write_atomically(output.path, lambda handle: render(output.format, report, handle))
    except OSError as exc:
        return f"cannot write {output.path}: {exc.strerror or exc}"
    return None


def _one_project_one_reference(results: list[FileResult]) -> None:
    """Two proposals with one project.reference are an error in both, and neither keeps the
    waiver-file entries written for that reference: they could be for the other."""
    by_reference: dict[str, list[FileResult]] = {}
    for result in results:
        if result.project is not None and result.project.reference:
            by_reference.setdefault(result.project.reference, []).append(result)
    for reference, shared in by_reference.items():
        if len(shared) < 2:
            continue
        names = [r.display_name for r in shared]
        for result in shared:
            assert result.project is not None
            others = ", ".join(n for n in names if n != result.display_name) or result.display_name
            line, column = result.project.reference_at
            result.problems.append(
                InputProblem(
                    "schema",
                    f"project.reference {reference!r} is also the reference of {others}: each "
                    "project needs its own reference, because waiver files name projects by it",
                    Location(result.display_name, line, column, ("project", "reference")),
                )
            )
            result.set_findings(
                f if f.waiver is None or f.waiver.waiver.in_proposal else f._replace(waiver=None)
                for f in result.findings
            )
            result.waivers = [w for w in result.waivers if w.waiver.in_proposal]


def repository_paths(names: list[str], here: Path | None = None) -> dict[str, str]:
    """Each file name's path relative to the repository root (the nearest folder at or above
    the working folder holding .git, else the working folder), with forward slashes; a name
    outside it is left out. Only relative paths come out, so a report that uses them is the
    same wherever the repository is checked out."""
    here = Path.cwd() if here is None else here
    root = repository_root(here) or here
    found = {}
    for name in names:
        absolute = Path(os.path.normpath(here / name))
        for base, path in ((root, absolute), (root.resolve(), absolute.resolve())):
            if path.is_relative_to(base):
                found[name] = path.relative_to(base).as_posix()
                break
    return found


def _repository_paths(sources: list[Source], results: list[FileResult]) -> dict[str, str]:
    """The files of a run: its proposals (standard input only under the name --stdin-filename
    gives it) and the waiver files their waivers come from."""
    names = {s.display for s in sources}
    names.update(w.waiver.location.file for r in results for w in r.waivers)
    names.discard(STDIN_NAME)
    try:
        return repository_paths(sorted(names))
    except (OSError, RuntimeError):  # no working folder any more, or a symbolic link loop
        return {}


def run(options: Options) -> int:
    sources, unreadable = discover(
        options.paths, options.stdin_name, options.exclude, options.only_proposals
    )
    problem = _usage_problem(options, sources, bool(unreadable))
    if problem:
        options.stderr.write(f"collabcheck: {inert(problem)}\n")
        return EXIT_INVALID
    if not sources and not unreadable:  # --only-proposals, and nothing to look at
        return _no_proposals(options, [])
    try:
        pack = load_selection(options.selection())
    except PackError as exc:
        for found in exc.problems:
            options.stderr.write(f"collabcheck: {exc.kind}: {inert(str(found))}\n")
        return EXIT_INVALID
    try:
        waivers = waiver_book(pack, options.waiver_files, options.use_waivers)
    except WaiverFileError as exc:
        for found in exc.problems:
            options.stderr.write(f"collabcheck: waiver file error: {inert(str(found))}\n")
        return EXIT_INVALID
    if options.collector_paused:
        gc.freeze()  # what start-up built is kept for the whole run: never scan it again
        gc.enable()
    skipped: list[str] = []
    try:
        results = list(_checked(sources, pack, waivers, options, skipped))
    except pipeline.RunStopped as exc:  # a worker process died: nothing is reported
        options.stderr.write(f"collabcheck: {inert(str(exc))}\n")
        return EXIT_INVALID
    results += [
        FileResult(folder, problems=[InputProblem("read", why, Location(folder, 1, 1))])
        for folder, why in unreadable
    ]
    _one_project_one_reference(results)
    if not results:  # every file found was some other kind of YAML
        return _no_proposals(options, skipped)
    report = Report(
        results,
        pack.info,
        options.as_of,
        __version__,
        options.quiet,
        tuple(skipped),
        options.verbose,
        repository_paths=_repository_paths(sources, results),
        colour=options.colour,
        fail_on=threshold_of(options.fail_on),
    )
    code = exit_code(results, options.fail_on)
    written: list[Output] = []
    for output in options.outputs:
        error = _write(output, report, options.stdout)
        if error:
            options.stderr.write(f"collabcheck: {inert(error)}\n")
            code = EXIT_INVALID
        elif output.path is not None:
            written.append(output)
    if all(output.path is not None for output in options.outputs):
        unwritten = len(options.outputs) - len(written)
        line = _to_files_only(report, code, options.fail_on, written, unwritten)
        options.stderr.write(f"{line}\n")
    return code
