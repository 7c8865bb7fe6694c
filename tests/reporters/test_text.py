from __future__ import annotations

import io
from datetime import date

import pytest

from collabcheck.common.escape import inert
from collabcheck.reporters import Report
from collabcheck.reporters.text import colour, render
from collabcheck.results import (
    FileResult,
    Finding,
    InputProblem,
    Location,
    Outcome,
    PackInfo,
    Reference,
    RuleInfo,
    Severity,
)

PACK = PackInfo("abpi-2024", "0.1.0", "0" * 64, 2)
REF = Reference("ABPI Code of Practice 2024", "20.3", "main_text", "https://pmcpa.example/c20")


def finding(
    outcome: Outcome, message: str = "The summary is late", rule: str = "summary-published"
) -> Finding:
    return Finding(
        RuleInfo(rule, "Summary published", Severity.ERROR, REF, "", "Publish it first.", ()),
        outcome,
        message,
        "p.yaml",
        12,
        5,
        (),
        "applies to collaborative working only" if outcome is Outcome.NOT_APPLICABLE else "",
    )


def text(*files: FileResult, quiet: bool = False) -> str:
    out = io.StringIO()
    render(Report(list(files), PACK, date(2026, 11, 22), "0.1.0", quiet), out)
    return out.getvalue()


def test_summary_line_comes_first_with_counts_date_and_pack() -> None:
    result = FileResult(
        "p.yaml", [finding(Outcome.FAIL), finding(Outcome.PASS), finding(Outcome.NOT_APPLICABLE)]
    )
    first = text(result).splitlines()[0]
    assert first == (
        "collabcheck: 1 passed, 1 failed, 1 not applicable, 0 errors in 1 file · as of 2026-11-22 "
        "· rule pack abpi-2024 0.1.0"
    )


def test_failure_shows_rule_location_clause_and_fix() -> None:
    lines = text(FileResult("p.yaml", [finding(Outcome.FAIL)])).splitlines()
    assert lines[1] == "FAIL  p.yaml:12:5  summary-published  [error]"
    assert lines[2] == "      The summary is late"
    assert lines[3] == "      Clause: ABPI Code of Practice 2024, 20.3 (main text)"
    assert lines[4] == "      Fix: Publish it first."


def test_failures_come_before_passes_and_not_applicable() -> None:
    result = FileResult(
        "p.yaml",
        [
            finding(Outcome.NOT_APPLICABLE, rule="c"),
            finding(Outcome.PASS, rule="b"),
            finding(Outcome.FAIL, rule="a"),
        ],
    )
    heads = [line.split()[0] for line in text(result).splitlines()[1:] if not line.startswith(" ")]
    assert heads == ["FAIL", "PASS", "N/A"]


def test_quiet_shows_only_failures() -> None:
    result = FileResult("p.yaml", [finding(Outcome.PASS), finding(Outcome.NOT_APPLICABLE)])
    assert text(result, quiet=True).splitlines()[1:] == []


def test_input_problems_are_shown_and_counted() -> None:
    result = FileResult(
        "bad.yaml", problems=[InputProblem("yaml", "duplicate key 'a'", Location("bad.yaml", 3, 1))]
    )
    lines = text(result).splitlines()
    assert "(1 could not be checked)" in lines[0]
    assert lines[1] == "INVALID bad.yaml:3:1  duplicate key 'a'"


def test_proposal_text_is_printed_as_data_not_obeyed() -> None:
    hostile = "[bold red]pwned[/] \x1b[31mred\x1b[0m \u202egnp.exe \x9b2J\nnext"
    output = text(FileResult("p.yaml", [finding(Outcome.FAIL, message=hostile)]))
    assert "[bold red]pwned[/]" in output
    assert "\x1b" not in output and "\u202e" not in output and "\x9b" not in output
    assert "\\x1b[31mred\\x1b[0m \\u202egnp.exe \\x9b2J\\x0anext" in output


def test_inert_leaves_ordinary_text_alone() -> None:
    text = "Caf\u00e9 \u2013 \u00a345,000 (NHS) \u2713"
    assert inert(text) == text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "terminal", "tty", "expected"),
    [
        ({}, True, True, True),
        ({}, True, False, False),
        ({"FORCE_COLOR": "1"}, True, False, True),
        ({"CLICOLOR_FORCE": "1"}, True, False, True),
        ({"CLICOLOR_FORCE": "0"}, True, False, False),
        ({"CLICOLOR_FORCE": ""}, True, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, True, False),
        # FORCE_COLOR=0 forces nothing (the terminal decides); an empty NO_COLOR is not set
        ({"FORCE_COLOR": "0"}, True, False, False),
        ({"FORCE_COLOR": ""}, True, False, False),
        ({"FORCE_COLOR": "0"}, True, True, True),
        ({"FORCE_COLOR": "true"}, True, False, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": ""}, True, False, True),
        # a report file: never colour, whatever the environment or the stream says
        ({"FORCE_COLOR": "1"}, False, False, False),
        ({"CLICOLOR_FORCE": "1"}, False, False, False),
        ({}, False, True, False),
    ],
)
def test_colour_only_on_standard_output(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], terminal: bool, tty: bool, expected: bool
) -> None:
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    report = Report([], PACK, date(2026, 11, 22), "0.1.0")._replace(terminal=terminal)
    stream = _Terminal() if tty else io.StringIO()
    assert colour(report, stream) is expected
    render(report, stream)
    assert ("\x1b[" in stream.getvalue()) is expected


@pytest.mark.parametrize(
    ("choice", "env", "terminal", "tty", "expected"),
    [
        ("always", {}, True, False, True),
        ("always", {"NO_COLOR": "1"}, True, False, True),
        ("never", {}, True, True, False),
        ("never", {"FORCE_COLOR": "1"}, True, True, False),
        ("never", {"CLICOLOR_FORCE": "1"}, True, True, False),
        ("auto", {"FORCE_COLOR": "1"}, True, False, True),
        # a report file: never colour, not even with --color always
        ("always", {"FORCE_COLOR": "1"}, False, True, False),
    ],
)
def test_the_color_option_overrides_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
    env: dict[str, str],
    terminal: bool,
    tty: bool,
    expected: bool,
) -> None:
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    report = Report([], PACK, date(2026, 11, 22), "0.1.0", terminal=terminal, colour=choice)
    stream = _Terminal() if tty else io.StringIO()
    assert colour(report, stream) is expected
    render(report, stream)
    assert ("\x1b[" in stream.getvalue()) is expected


def test_forced_colour_is_colour_even_on_a_dumb_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("NO_COLOR", "1")
    report = Report([], PACK, date(2026, 11, 22), "0.1.0", terminal=True, colour="always")
    stream = io.StringIO()
    render(report, stream)
    assert stream.getvalue().startswith("\x1b[1mcollabcheck:\x1b[0m")
