"""GitHub Actions workflow commands: exact lines, and escaping that nothing in a proposal beats."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from collabcheck.reporters import Report
from collabcheck.reporters.github import escape_data, escape_property, render
from collabcheck.results import FileResult, InputProblem, Location, Outcome
from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES
from tests.reporters.test_sarif import checked, finding, invalid, report

SUMMARY = "collabcheck: 1 passed, 2 failed, 1 not applicable, 1 errors in 2 files (1 could not be checked) · as of 2026-11-22 · rule pack abpi-2024 0.1.0"


def github(rep: Report) -> list[str]:
    out = io.StringIO()
    render(rep, out)
    text = out.getvalue()
    assert text.endswith("\n")
    return text.splitlines()


def small() -> Report:
    findings = [
        finding("summary-published", Outcome.FAIL, ("governance", "summary"), "Not published"),
        finding("outcomes-measured", Outcome.FAIL, ("outcomes",), "No measures, 0: none", line=7),
        finding("benefit-test", Outcome.PASS),
        finding("jw-only", Outcome.NOT_APPLICABLE),
        finding("broken", Outcome.ERROR, message="the rule could not be evaluated: boom"),
    ]
    bad = FileResult("dir, with: colon.yaml")
    bad.problems.append(
        InputProblem("yaml", "invalid YAML: 50% done", Location(bad.display_name, 3, 1))
    )
    return report(FileResult("p.yaml", findings), bad)


def test_exact_lines_for_a_small_report() -> None:
    assert github(small()) == [
        "::error file=p.yaml,line=12,col=5,title=summary-published%3A Summary published::"
        "Not published%0AClause: ABPI Code of Practice 2024, 20.3 (main text)"
        "%0AFix: Fix summary-published.",
        "::error file=p.yaml,line=12,col=5,title=broken%3A the rule could not be evaluated::"
        "the rule could not be evaluated: boom",
        "::error file=dir%2C with%3A colon.yaml,line=3,col=1,"
        "title=collabcheck/invalid-input%3A the file could not be checked::"
        "invalid YAML: 50%25 done",
        "::warning file=p.yaml,line=7,col=5,title=outcomes-measured%3A Outcomes measured::"
        "No measures, 0: none%0AClause: ABPI Code of Practice 2019, 20 (guidance); UNVERIFIED"
        "%0AFix: Fix outcomes-measured.",
        SUMMARY,
    ]


def test_info_failures_are_notices() -> None:
    rep = report(FileResult("p.yaml", [finding("roles-named", Outcome.FAIL)]))
    assert github(rep)[0].startswith("::notice file=p.yaml,line=12,col=5,title=roles-named%3A ")


def test_escaping_matches_the_actions_toolkit() -> None:
    assert escape_data("100% a:b,c\r\nd") == "100%25 a:b,c%0D%0Ad"
    assert escape_property("100% a:b,c\r\nd") == "100%25 a%3Ab%2Cc%0D%0Ad"
    assert escape_data("%0A") == "%250A"  # already-escaped text is not decoded by the runner


def test_a_proposal_cannot_start_a_command_of_its_own() -> None:
    lines = github(report(checked(message="x\n::error::fake\r::warning::also"), invalid()))
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 6  # 3 failures, 1 rule error, 2 input problems: nothing injected
    assert all(
        re.match(r"::(error|warning|notice) file=[^:]*,line=\d+,col=\d+,title=", c)
        for c in commands
    )
    assert "x\\n::error::fake\\r::warning::also%0AClause" in commands[0]
    assert not any(line.strip().startswith("::") for line in lines if line not in commands)
    assert lines[-1].startswith("collabcheck: ")


def test_hostile_text_is_shown_not_obeyed() -> None:
    text = "\n".join(github(report()))
    for raw in ("\x1b", "\x00", "\x9b", "\u202e", "\u2066", "\ud800", "\r", "\u2028"):
        assert raw not in text
    assert "\\x1b[31mred" in text and "\\u202egnp.exe" in text and "\\ud800" in text
    assert "%250A ::error::fake, 100%25 :: end" in text  # data keeps : and , but not a raw %
    first = github(report())[0]
    file_property = first.split(",line=")[0]
    assert file_property == "::error file=my proposals/100%25 caf\u00e9 \u2013 draft.yaml"


def test_each_line_has_one_command_whose_properties_parse_as_the_runner_parses_them() -> None:
    for line in github(report()):
        if not line.startswith("::"):
            continue
        head, _, _message = line[2:].partition("::")
        _level, _, props = head.partition(" ")
        keys = [p.split("=", 1)[0] for p in props.split(",")]
        assert keys == ["file", "line", "col", "title"]


def test_cli_github_annotations_for_an_example(cli: Cli, write: Callable[..., Path]) -> None:
    bad = write("a: [\n", name="bad.yaml")
    example = EXAMPLES / "failing-undeclared-interests.yaml"
    done = cli("validate", "--as-of", AS_OF, "--format", "github", str(example), str(bad))
    assert done.returncode == 2, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:-1]] == [
        "::error",
        "::error",
        "::error",
        "::error",  # tov-disclosed: main text of the Code
        "::error",
        "::notice",  # outcomes-measured, waived by the example's own waiver: after the errors
    ]
    assert lines[0].startswith(f"::error file={example},line=230,col=7,title=nhs-coi-declared%3A ")
    assert f"::error file={bad},line=2,col=1," in lines[4]
    assert lines[-1].startswith(
        "collabcheck: 61 passed (8 to confirm), 5 failed (1 waived), 21 not applicable, 0 errors "
    )


def many(errors: int, warnings: int) -> Report:
    """A report with `errors` error failures and `warnings` warning failures, interleaved."""
    findings = []
    for i in range(max(errors, warnings)):
        if i < warnings:
            findings.append(finding("outcomes-measured", Outcome.FAIL, ("w", i), line=100 + i))
        if i < errors:
            findings.append(finding("summary-published", Outcome.FAIL, ("e", i), line=i + 1))
    findings.append(finding("roles-named", Outcome.FAIL, ("n",), line=999))
    return report(FileResult("p.yaml", findings))


def levels(lines: list[str]) -> list[str]:
    return [line[2:].split(" ", 1)[0] for line in lines if line.startswith("::")]


def test_annotations_come_most_serious_first_in_file_order() -> None:
    lines = github(many(3, 3))
    assert levels(lines) == ["error"] * 3 + ["warning"] * 3 + ["notice"]
    assert [int(line.split(",line=")[1].split(",")[0]) for line in lines[:3]] == [1, 2, 3]
    assert "GitHub shows" not in "\n".join(lines)


def test_ten_of_a_level_need_no_note() -> None:
    assert "GitHub shows" not in "\n".join(github(many(10, 10)))


def test_the_last_annotation_github_shows_says_how_many_more_and_where() -> None:
    lines = github(many(13, 11))
    assert levels(lines) == ["error"] * 13 + ["warning"] * 11 + ["notice"]
    noted = [i for i, line in enumerate(lines) if "GitHub shows" in line]
    assert noted == [9, 22]  # the 10th error and the 10th warning
    assert lines[9].endswith(
        "%0AGitHub shows 10 error annotations in a step: 3 more errors follow in this job's "
        "log, and every finding is in the board report (markdown) and the SARIF"
    )
    assert "10 warning annotations in a step: 1 more warning follows in" in lines[22]
    assert lines[-1].startswith("collabcheck: ")
