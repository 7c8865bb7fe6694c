"""One validate run: load the rule pack, check every proposal, report, and choose the exit code."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, TextIO

from collabcheck import __version__
from collabcheck.engine.evaluate import evaluate
from collabcheck.inputs import ReadError, read_text
from collabcheck.packs import Pack, PackError, builtin_pack_dir, load_pack
from collabcheck.proposal.validate import to_proposal
from collabcheck.reporters import Report, render
from collabcheck.reporters.escape import inert
from collabcheck.results import FileResult, InputProblem, Location, Outcome, Severity
from collabcheck.yamlload import YamlError, parse

FailOn = Literal["error", "warning", "info", "never"]

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_INVALID = 2


@dataclass(frozen=True)
class Options:
    paths: list[str]
    as_of: date
    rules: Path | None = None
    fail_on: FailOn = "error"
    quiet: bool = False
    output_format: str = "text"
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)


def check_file(path: str, pack: Pack, as_of: date) -> FileResult:
    result = FileResult(path)
    try:
        doc = parse(read_text(path))
    except (ReadError, YamlError) as exc:
        stage = "read" if isinstance(exc, ReadError) else "yaml"
        result.problems.append(
            InputProblem(stage, exc.message, Location(path, exc.line, exc.column))
        )
        return result
    proposal = to_proposal(doc)
    if isinstance(proposal, list):
        result.problems.extend(
            InputProblem("schema", p.message, Location(path, p.mark.line, p.mark.column, p.path))
            for p in proposal
        )
        return result
    result.findings.extend(evaluate(pack.rules, proposal, doc, path, as_of))
    return result


def exit_code(results: list[FileResult], fail_on: FailOn) -> int:
    if any(r.problems or r.count(Outcome.ERROR) for r in results):
        return EXIT_INVALID
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on).rank
    failed = any(
        f.outcome is Outcome.FAIL and f.severity.rank >= threshold
        for r in results
        for f in r.findings
    )
    return EXIT_FAILURES if failed else EXIT_OK


def run(options: Options) -> int:
    try:
        pack = load_pack(options.rules or builtin_pack_dir())
    except PackError as exc:
        for problem in exc.problems:
            options.stderr.write(f"collabcheck: rule file error: {inert(str(problem))}\n")
        return EXIT_INVALID
    results = [check_file(path, pack, options.as_of) for path in options.paths]
    report = Report(results, pack.info, options.as_of, __version__, options.quiet)
    render(options.output_format, report, options.stdout)
    return exit_code(results, options.fail_on)
