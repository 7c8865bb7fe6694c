"""JUnit XML output, validated against the strict windyroad JUnit.xsd (see SOURCES.md)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import xmlschema

from collabcheck.reporters import Report
from collabcheck.reporters.junit import INVALID_INPUT, clean, render, token
from collabcheck.results import FileResult, Outcome, Severity
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES
from tests.reporters.test_sarif import (
    HOSTILE,
    HOSTILE_FILE,
    PACK,
    checked,
    finding,
    invalid,
    report,
    schema_path,
)


@cache
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(schema_path("JUnit.xsd")))


def junit_text(rep: Report) -> str:
    out = io.StringIO()
    render(rep, out)
    return out.getvalue()


def assert_valid(text: str) -> ET.Element:
    errors = [str(e.reason) for e in xsd().iter_errors(text)]
    assert errors == []
    return ET.fromstring(text)


def suites(root: ET.Element) -> list[ET.Element]:
    return root.findall("testsuite")


def test_hostile_report_is_valid_against_the_strict_xsd() -> None:
    root = assert_valid(junit_text(report()))
    assert root.tag == "testsuites" and root.attrib == {}
    assert [s.get("name") for s in suites(root)] == [token(HOSTILE_FILE), "bad.yaml"]
    for i, suite in enumerate(suites(root)):
        assert suite.get("id") == str(i)
        assert suite.get("package") == "abpi-2024"
        assert suite.get("timestamp") == "2026-11-22T00:00:00"
        assert suite.get("hostname") == "collabcheck"
        assert suite.get("time") == "0"
        tags = [c.tag for c in suite]
        assert (tags[0], tags[-2], tags[-1]) == ("properties", "system-out", "system-err")


def at(fail_on: Severity | None, *files: FileResult) -> Report:
    return report(*files)._replace(fail_on=fail_on)


def test_counts_one_testcase_per_rule_and_the_outcome_elements() -> None:
    root = ET.fromstring(junit_text(at(Severity.INFO)))
    good = suites(root)[0]
    assert {k: good.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "6",
        "failures": "3",
        "errors": "1",
        "skipped": "1",
    }
    cases = good.findall("testcase")
    assert len(cases) == 6
    outcome = {c.get("name"): [e.tag for e in c] for c in cases}
    assert outcome == {
        "summary-published: Summary published": ["failure"],
        "outcomes-measured: Outcomes measured": ["failure"],
        "roles-named: Roles named": ["failure"],
        "benefit-test: Benefit test": [],
        "jw-only: Jw only": ["skipped"],
        "broken: Broken": ["error"],
    }
    assert {c.get("classname") for c in cases} == {token(HOSTILE_FILE)}
    failure_types = [c.find("failure").get("type") for c in cases[:3]]
    assert failure_types == ["error", "warning", "info"]  # --fail-on info: every one fails
    assert cases[4].find("skipped").get("message") == "applies to joint working only"
    assert cases[5].find("error").get("type") == "rule-error"
    assert good.find("system-out").text is None  # nothing passed that failed


@pytest.mark.parametrize(
    ("fail_on", "failing"),
    [
        (Severity.INFO, ["summary-published", "outcomes-measured", "roles-named"]),
        (Severity.WARNING, ["summary-published", "outcomes-measured"]),
        (Severity.ERROR, ["summary-published"]),
        (None, []),
    ],
)
def test_only_failures_at_or_above_fail_on_fail(
    fail_on: Severity | None, failing: list[str]
) -> None:
    root = assert_valid(junit_text(at(fail_on, checked(message="It is wrong"))))
    [suite] = suites(root)
    cases = {c.get("name", "").split(":")[0]: c for c in suite.findall("testcase")}
    assert [n for n, c in cases.items() if c.find("failure") is not None] == failing
    assert suite.get("failures") == str(len(failing))
    passed = [
        n for n in ("summary-published", "outcomes-measured", "roles-named") if n not in failing
    ]
    for name in passed:
        assert list(cases[name]) == []  # a passed testcase: no child at all
    out = suite.find("system-out").text or ""
    assert [b.split(":")[0] for b in out.split("\n\n") if b] == passed
    assert cases["broken"].find("error") is not None  # a rule error is an error at any threshold


def test_a_failure_below_fail_on_is_written_to_the_suites_system_out() -> None:
    root = assert_valid(junit_text(at(Severity.ERROR, checked(message="It is wrong"))))
    out = suites(root)[0].find("system-out").text or ""
    warning, info = out.split("\n\n")
    assert warning.splitlines() == [
        "outcomes-measured: Outcomes measured: failed (warning), below --fail-on error: passed",
        "It is wrong",
        "Location: my proposals/100% caf\u00e9 \u2013 draft.yaml:12:5 (outcomes.measures)",
        "Severity: warning",
        "Clause: ABPI Code of Practice 2019, 20 (guidance); UNVERIFIED",
        "Source: https://pmcpa.example/c",
        "Fix: Fix outcomes-measured.",
    ]
    assert info.startswith(
        "roles-named: Roles named: failed (info), below --fail-on error: passed\n"
    )
    never = assert_valid(junit_text(at(None, checked(message="It is wrong"))))
    assert (suites(never)[0].find("system-out").text or "").startswith(
        "summary-published: Summary published: failed (error); with --fail-on never, "
        "reported as passed\n"
    )


def test_the_file_is_where_the_strict_schema_allows_it() -> None:
    """GitLab reads a testcase's `file` attribute, but the strict schema allows none, on a
    testcase or a suite: the file is the suite's name, each classname and a property."""
    text = junit_text(report())
    assert list(xsd().iter_errors(text.replace("<testcase ", '<testcase file="p.yaml" ', 1)))
    assert list(xsd().iter_errors(text.replace("<testsuite ", '<testsuite file="p.yaml" ', 1)))
    suite = suites(assert_valid(text))[0]
    values = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert values["file"] == suite.get("name") == token(HOSTILE_FILE)
    assert {c.get("classname") for c in suite.iter("testcase")} == {token(HOSTILE_FILE)}


def test_a_file_that_could_not_be_checked_is_one_erroring_testcase() -> None:
    bad = suites(ET.fromstring(junit_text(report())))[1]
    assert {k: bad.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "1",
        "failures": "0",
        "errors": "1",
        "skipped": "0",
    }
    [case] = bad.findall("testcase")
    assert (case.get("name"), case.get("classname")) == (INVALID_INPUT, "bad.yaml")
    error = case.find("error")
    assert error is not None and error.get("type") == "invalid-input"
    assert error.get("message", "").startswith("the file could not be checked: invalid YAML: ")
    assert error.get("message", "").endswith(" (and 1 more)")
    assert (error.text or "").splitlines()[-1] == "bad.yaml:0:0: schema: project.title is missing"


def test_failures_carry_message_and_body_for_gitlab_and_jenkins() -> None:
    case = suites(ET.fromstring(junit_text(at(Severity.WARNING))))[0].findall("testcase")[1]
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "It is wrong"
    assert (failure.text or "").splitlines() == [
        "It is wrong",
        f"Location: {clean(HOSTILE_FILE)}:12:5 (outcomes.measures)",
        "Severity: warning",
        "Clause: ABPI Code of Practice 2019, 20 (guidance); UNVERIFIED",
        "Source: https://pmcpa.example/c",
        "Fix: Fix outcomes-measured.",
    ]


def test_classname_and_name_are_unique_across_files() -> None:
    rep = report(checked("a.yaml", "x"), checked("b.yaml", "x"))
    root = assert_valid(junit_text(rep))
    keys = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert len(keys) == len(set(keys)) == 12


def test_hostile_text_round_trips_as_text() -> None:
    text = junit_text(report())
    for raw in ("\x1b", "\x00", "\x9b", "\u202e", "\u2066", "\ud800", "\r"):
        assert raw not in text
    root = assert_valid(text)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == clean(HOSTILE)
    assert (failure.text or "").startswith(clean(HOSTILE) + "\n")
    assert "</script><b>x</b>" in failure.get("message", "")  # escaped by ElementTree, read back
    assert "\\x1b[31mred" in clean(HOSTILE) and "\\ud800" in clean(HOSTILE)
    assert "\\r\nnew line" in clean(HOSTILE)  # CR shown, newline kept in bodies


def test_tokens_are_one_line_and_never_empty() -> None:
    assert token("  a \t b\n\nc  ") == "a b c"
    assert token(" \n ") == "-"
    file = FileResult("  \n  ", [finding("roles-named", Outcome.PASS, file="  \n  ")])
    root = assert_valid(junit_text(report(file)))
    assert root.find("testsuite").get("name") == "-"


def test_output_is_deterministic_with_declaration_and_trailing_newline() -> None:
    text = junit_text(report())
    assert text == junit_text(report())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n')
    assert text.endswith("</testsuites>\n")
    text.encode("utf-8")


def test_no_files_is_still_valid() -> None:
    assert_valid(junit_text(Report([], PACK, date(2026, 11, 22), "0.1.0")))


def test_properties_record_versions_and_hashes() -> None:
    suite = suites(ET.fromstring(junit_text(report(invalid()))))[0]
    values = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert values == {
        "collabcheck.version": "0.1.0",
        "as-of": "2026-11-22",
        "rule-pack": "abpi-2024",
        "rule-pack.version": "0.1.0",
        "rule-pack.sha256": "f" * 64,
        "fail-on": "error",
        "file": "bad.yaml",
        "file.sha256": "b" * 64,
    }


def test_cli_junit_for_an_example_and_a_broken_file(
    cli: Cli, write: Callable[..., Path], tmp_path: Path
) -> None:
    bad = write("format_version: 1\nproject: [\n", name="bad file.yaml")
    example = EXAMPLES / "failing-undeclared-interests.yaml"
    out = tmp_path / "junit.xml"
    done = cli("validate", "--as-of", AS_OF, "-f", "junit", "-o", str(out), str(example), str(bad))
    assert done.returncode == 2, done.stderr
    text = out.read_text(encoding="utf-8")
    root = assert_valid(text)
    good, broken = suites(root)
    assert good.get("name") == str(example)
    rule_count = str(load_pack(builtin_pack_dir()).info.rule_count)
    # 5 rules fail; the example's own waiver covers one, which is skipped like the 12 that do not
    # apply.
    assert (good.get("tests"), good.get("failures"), good.get("skipped")) == (rule_count, "4", "22")
    assert len(good.findall("testcase")) == int(rule_count)
    assert all(f.get("message") and f.text for f in good.iter("failure"))
    assert broken.find("testcase").get("name") == INVALID_INPUT


@pytest.mark.parametrize("name", ["heart-failure-joint-working.yaml", "failing-funding-only.yaml"])
def test_cli_junit_to_stdout_is_valid(cli: Cli, name: str) -> None:
    done = cli("validate", "--as-of", AS_OF, "--format", "junit", str(EXAMPLES / name))
    assert done.returncode in (0, 1), done.stdout + done.stderr
    root = assert_valid(done.stdout)
    [suite] = suites(root)
    assert (int(suite.get("failures", "-1")) > 0) == (done.returncode == 1)
    assert int(suite.get("tests", "0")) == len(suite.findall("testcase")) > 1


def test_the_validator_is_strict() -> None:
    short = (
        '<testsuites><testsuite name="s" tests="1" failures="0" errors="0">'
        '<testcase name="c" classname="k" time="0"/></testsuite></testsuites>'
    )
    assert list(xsd().iter_errors(short))
    with_attribute = junit_text(report()).replace("<testsuites>", '<testsuites tests="1">')
    assert list(xsd().iter_errors(with_attribute))


@pytest.mark.parametrize(("fail_on", "failures", "code"), [("error", "4", 1), ("never", "0", 0)])
def test_cli_passes_fail_on_to_the_report(cli: Cli, fail_on: str, failures: str, code: int) -> None:
    example = EXAMPLES / "failing-undeclared-interests.yaml"
    done = cli("validate", "--as-of", AS_OF, "-f", "junit", "--fail-on", fail_on, str(example))
    assert done.returncode == code, done.stderr
    [suite] = suites(assert_valid(done.stdout))
    assert suite.get("failures") == failures  # the report fails exactly when the run does
    values = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert values["fail-on"] == fail_on
    out = suite.find("system-out")
    assert out is not None and bool(out.text) is (fail_on == "never")
