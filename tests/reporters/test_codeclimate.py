"""GitLab Code Quality output, validated against a JSON Schema written from GitLab's documentation
of the format (tests/schemas/gitlab-code-quality.schema.json)."""

from __future__ import annotations

import io
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from collabcheck.reporters import Report, render
from collabcheck.reporters.fingerprint import INVALID_INPUT, RULE_ERROR
from collabcheck.results import FileResult, Outcome
from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES, ROOT
from tests.reporters.test_sarif import (
    FINGERPRINT,
    HOSTILE,
    HOSTILE_FILE,
    PACK,
    checked,
    finding,
    invalid,
    report,
    sarif,
)

SCHEMA = ROOT / "tests" / "schemas" / "gitlab-code-quality.schema.json"
KEYS = ["description", "check_name", "fingerprint", "severity", "location"]


@cache
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def assert_valid(text: str) -> list[dict[str, Any]]:
    """Valid against the schema, as GitLab reads it: no BOM, and every fingerprint unique (GitLab
    shows issues with one fingerprint as one)."""
    assert not text.startswith("\ufeff")
    issues: list[dict[str, Any]] = json.loads(text)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(issues)]
    assert errors == []
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(fingerprints) == len(set(fingerprints))
    for issue in issues:
        assert list(issue) == KEYS
        assert list(issue["location"]) == ["path", "lines"]
    return issues


def codeclimate_text(rep: Report) -> str:
    """As a run writes it: through the escaping every format's output passes."""
    out = io.StringIO()
    render("codeclimate", rep, out)
    return out.getvalue()


def codeclimate(rep: Report) -> list[dict[str, Any]]:
    return assert_valid(codeclimate_text(rep))


def test_the_schema_holds_gitlabs_example_and_refuses_what_gitlab_cannot_read() -> None:
    example = {
        "description": "'unused' is assigned a value but never used.",
        "check_name": "no-unused-vars",
        "fingerprint": "7815696ecbf1c96e6894b779456d330e",
        "severity": "minor",
        "location": {"path": "lib/index.js", "lines": {"begin": 42}},
    }
    assert list(validator().iter_errors([example])) == []
    by_position = {**example, "location": {"path": "a.js", "positions": {"begin": {"line": 3}}}}
    assert list(validator().iter_errors([by_position])) == []
    for broken in (
        {**example, "severity": "error"},
        {k: v for k, v in example.items() if k != "fingerprint"},
        {**example, "location": {"path": "lib/index.js"}},
        {**example, "location": {"path": "lib/index.js", "lines": {"begin": 0}}},
        {**example, "location": {"path": "/abs/index.js", "lines": {"begin": 1}}},
    ):
        assert list(validator().iter_errors([broken])), broken
    assert list(validator().iter_errors(example))  # an array, not one issue


def test_one_issue_per_failure_rule_error_and_input_problem() -> None:
    issues = codeclimate(report())
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("summary-published", "major"),  # an error rule
        ("outcomes-measured", "minor"),  # a warning rule
        ("roles-named", "info"),  # an info rule
        (RULE_ERROR, "critical"),  # not checked: above any finding
        (INVALID_INPUT, "blocker"),  # the file could not be checked at all
        (INVALID_INPUT, "blocker"),
    ]
    assert [i["location"]["path"] for i in issues] == [HOSTILE_FILE] * 4 + ["bad.yaml"] * 2
    assert [i["location"]["lines"]["begin"] for i in issues] == [12, 12, 12, 12, 3, 1]  # 0 -> 1


def test_descriptions_say_what_fails_and_under_which_clause() -> None:
    issues = codeclimate(report(checked(message="It is wrong"), invalid()))
    assert issues[1]["description"] == (
        "Outcomes measured: It is wrong. "
        "Clause: ABPI Code of Practice 2019, 20 (guidance); UNVERIFIED."
    )
    assert issues[3]["description"] == "broken: the rule could not be evaluated: It is wrong"
    assert issues[5]["description"] == "The file could not be checked: project.title is missing"


def test_fingerprints_are_the_sarif_ones() -> None:
    rep = report()
    sarif_fingerprints = [
        r["partialFingerprints"][FINGERPRINT] for r in sarif(rep)["runs"][0]["results"]
    ]
    assert [i["fingerprint"] for i in codeclimate(rep)] == sarif_fingerprints


def test_fingerprints_ignore_lines_and_differ_by_rule_file_and_path() -> None:
    def one(line: int = 12, path: tuple[str | int, ...] = ("a",), file: str = "p.yaml") -> str:
        f = finding("summary-published", Outcome.FAIL, path, file=file, line=line)
        [issue] = codeclimate(report(FileResult(file, [f])))
        return str(issue["fingerprint"])

    assert one() == one(line=99)
    assert len({one(), one(path=("b",)), one(path=("a", 0)), one(file="q.yaml")}) == 4
    other = finding("roles-named", Outcome.FAIL, ("a",))
    [issue] = codeclimate(report(FileResult("p.yaml", [other])))
    assert issue["fingerprint"] != one()


def test_passes_and_rules_that_do_not_apply_are_not_issues() -> None:
    findings = [finding("benefit-test", Outcome.PASS), finding("jw-only", Outcome.NOT_APPLICABLE)]
    assert codeclimate_text(report(FileResult("p.yaml", findings))) == "[]\n"
    assert codeclimate_text(Report([], PACK, date(2026, 11, 22), "0.1.0")) == "[]\n"


def test_hostile_text_reads_back_exactly_with_no_raw_unsafe_character() -> None:
    text = codeclimate_text(report())
    for raw in ("\x1b", "\x7f", "\x9b", "\u202e", "\u2066", "\ud800", "\r"):
        assert raw not in text
    issues = json.loads(text)
    assert issues[0]["description"].startswith(f"Summary published: {HOSTILE}. Clause: ")
    assert issues[0]["location"]["path"] == HOSTILE_FILE
    assert "\\u009b" in text and "\\u202e" in text


def test_output_is_deterministic_indented_json_with_a_final_newline() -> None:
    text = codeclimate_text(report())
    assert text == codeclimate_text(report())
    assert text.startswith('[\n  {\n    "description": ')
    assert text.endswith("\n]\n")


def test_cli_codeclimate_for_an_example_with_a_waiver(cli: Cli, tmp_path: Path) -> None:
    example = (EXAMPLES / "failing-undeclared-interests.yaml").relative_to(ROOT).as_posix()
    out = tmp_path / "gl-code-quality-report.json"
    done = cli("validate", "--as-of", AS_OF, "-f", f"codeclimate={out}", example, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert out.read_bytes().startswith(b"[\n")  # UTF-8, no BOM
    issues = assert_valid(out.read_text(encoding="utf-8"))
    # Five rules fail; the example's own waiver covers one, which stays, marked, as info.
    assert len(issues) == 5
    assert {i["location"]["path"] for i in issues} == {example}  # as named: relative
    waived = [i for i in issues if i["description"].startswith("Waived: ")]
    assert [(i["check_name"], i["severity"]) for i in waived] == [("outcomes-measured", "info")]
    assert "KMPGC minute 2026-11-04" in waived[0]["description"]
    assert all(i["severity"] == "major" for i in issues if i not in waived)


def test_cli_codeclimate_for_a_compliant_example_is_an_empty_array(cli: Cli) -> None:
    example = EXAMPLES / "heart-failure-joint-working.yaml"
    done = cli("validate", "--as-of", AS_OF, "--format", "codeclimate", str(example))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"


def test_cli_codeclimate_for_a_broken_file(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 1\nproject: [\n", encoding="utf-8")
    done = cli("validate", "--as-of", AS_OF, "-f", "codeclimate", "bad.yaml", cwd=tmp_path)
    assert done.returncode == 2
    [issue] = assert_valid(done.stdout)
    assert (issue["check_name"], issue["severity"]) == (INVALID_INPUT, "blocker")
