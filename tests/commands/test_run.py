from __future__ import annotations

import pytest

from collabcheck.commands.run import exit_code
from collabcheck.config.settings import EXIT_FAILURES, EXIT_INVALID, EXIT_OK, FailOn
from collabcheck.results import (
    FileResult,
    Finding,
    InputProblem,
    Location,
    Outcome,
    Reference,
    RuleInfo,
    Severity,
)

REF = Reference("ABPI Code of Practice 2024", "20.3", "main_text", "https://pmcpa.example")


def result(*findings: tuple[Outcome, Severity], problem: bool = False) -> FileResult:
    made = [
        Finding(RuleInfo("r", "t", s, REF, "", "fix", ()), o, "m", "p", 1, 1) for o, s in findings
    ]
    problems = [InputProblem("yaml", "bad", Location("p", 1, 1))] if problem else []
    return FileResult("p", made, problems)


@pytest.mark.parametrize(
    ("findings", "fail_on", "code"),
    [
        ([(Outcome.PASS, Severity.ERROR)], "error", EXIT_OK),
        ([(Outcome.FAIL, Severity.ERROR)], "error", EXIT_FAILURES),
        ([(Outcome.FAIL, Severity.WARNING)], "error", EXIT_OK),
        ([(Outcome.FAIL, Severity.WARNING)], "warning", EXIT_FAILURES),
        ([(Outcome.FAIL, Severity.INFO)], "warning", EXIT_OK),
        ([(Outcome.FAIL, Severity.INFO)], "info", EXIT_FAILURES),
        ([(Outcome.FAIL, Severity.ERROR)], "never", EXIT_OK),
        ([(Outcome.ERROR, Severity.INFO)], "never", EXIT_INVALID),
        ([(Outcome.NOT_APPLICABLE, Severity.ERROR)], "info", EXIT_OK),
    ],
)
def test_exit_code_follows_fail_on(
    findings: list[tuple[Outcome, Severity]], fail_on: FailOn, code: int
) -> None:
    assert exit_code([result(*findings)], fail_on) == code


def test_an_unreadable_file_outranks_failures_elsewhere() -> None:
    failing = result((Outcome.FAIL, Severity.ERROR))
    assert exit_code([failing, result(problem=True)], "error") == EXIT_INVALID
