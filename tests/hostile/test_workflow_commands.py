"""File names and proposal values that are GitHub Actions workflow commands (`::error::x`,
`##[error]`, `##[stop-commands]tok`, `::stop-commands::tok`, `%0A::error::`, with newlines and
carriage returns): in real runs, in every format, on standard output, standard error and in
report files, the only commands the runner would act on are the github format's own
annotations (tests/workflow_commands.py reads the output as the runner does).

Half the files follow the format and carry the payloads in their title and party names; the
other half do not, and carry them in unknown keys that the format errors quote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from collabcheck.reporters import REPORTERS
from tests.hostile.formats import (
    assert_markdown_is_inert,
    assert_valid_json_report,
    assert_valid_junit,
    assert_valid_sarif,
)
from tests.hostile.harness import (
    AS_OF,
    VALID,
    Result,
    assert_calm,
    collabcheck,
    files_by_path,
    raw_controls,
    run_many,
)
from tests.workflow_commands import assert_no_workflow_commands, assert_only_own_commands

PAYLOADS = (
    "::error::forged value",
    "##[error]Compliance check passed",
    "##[stop-commands]tok",
    "::stop-commands::tok",
    "%0A::error::percent",
    "a\n::error::newline",
    "a\r::warning::carriage return",
    "  ::notice::indented",
    "x ##[group]grouped ##[endgroup]",
    "::add-mask::secret",
)
NAMES = (
    "##[error]Compliance check passed.yaml",
    "::error::forged.yaml",
    "##[stop-commands]tok.yaml",
    "::stop-commands::tok.yaml",
    "%0A::error::percent.yaml",
    "nl\n::error::newline.yaml",
    "cr\r::warning::carriage return.yaml",
    "  ::notice::indented.yaml",
)
MISSING = "##[error]missing.yaml"
EMPTY_FOLDER = "##[warning]no proposals here"
FORMATS = tuple(REPORTERS)


def proposal(i: int) -> str:
    document: dict[str, Any] = yaml.safe_load(VALID)
    if i % 2:  # not a proposal: each payload an unknown key, quoted by the format errors
        document.update({payload: 1 for payload in PAYLOADS})
    else:
        document["project"]["title"] = PAYLOADS[i % len(PAYLOADS)]
        document["parties"][0]["name"] = " ".join(PAYLOADS)
    return yaml.safe_dump(document, allow_unicode=False, sort_keys=False)


@dataclass(frozen=True, repr=False)
class Runs:
    folder: Path
    to_stdout: dict[str, Result]  # each format on standard output
    to_files: Result  # every format to a file
    empty_folder: Result
    upgrade: Result

    def read(self, fmt: str) -> str:
        return (self.folder / f"report.{fmt}").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    folder = tmp_path_factory.mktemp("workflow-commands")
    for i, name in enumerate(NAMES):
        (folder / name).write_text(proposal(i), encoding="utf-8")
    (folder / EMPTY_FOLDER).mkdir()
    validate = ("validate", "--as-of", AS_OF)
    inputs = ("--", *NAMES, MISSING)
    jobs = [
        collabcheck(*validate, "--format", fmt, *inputs, cwd=folder, env={"FORCE_COLOR": "1"})
        for fmt in FORMATS
    ]
    files = [f"--format={fmt}=report.{fmt}" for fmt in FORMATS]
    jobs.append(collabcheck(*validate, *files, *inputs, cwd=folder))
    jobs.append(collabcheck(*validate, "--", EMPTY_FOLDER, cwd=folder))
    jobs.append(collabcheck("upgrade", "--", NAMES[1], cwd=folder))
    *to_stdout, to_files, empty_folder, upgrade = run_many(jobs)
    return Runs(folder, dict(zip(FORMATS, to_stdout, strict=True)), to_files, empty_folder, upgrade)


def expected_annotations(report: dict[str, Any]) -> int:
    """One annotation for each input problem and each failed rule or rule error."""
    return sum(
        len(entry["problems"]) + sum(f["outcome"] in ("fail", "error") for f in entry["findings"])
        for entry in report["files"]
    )


def test_the_runs_are_calm(runs: Runs) -> None:
    for result in runs.to_stdout.values():
        assert_calm(result, exit=2)
        assert result.stderr == ""
    # Every report went to a file: standard error gets the one line that says what the run did.
    assert_calm(runs.to_files, exit=2)
    assert runs.to_files.stderr.count("\n") == 1
    assert " · incomplete: 5 files could not be checked, " in runs.to_files.stderr
    assert "github \u2192 report.github" in runs.to_files.stderr
    assert_no_workflow_commands(runs.to_files.stderr, "standard error")
    assert_calm(runs.empty_folder, exit=2)
    assert_calm(runs.upgrade, exit=2)


def test_the_payloads_reach_every_report(runs: Runs) -> None:
    """The runs are not vacuous: every name and payload is in the reports, as data."""
    report = assert_valid_json_report(runs.read("json"))
    files = files_by_path(report)
    assert sorted(files) == sorted([*NAMES, MISSING])
    messages = json.dumps(report, ensure_ascii=False)
    for payload in PAYLOADS:
        assert json.dumps(payload, ensure_ascii=False)[1:-1] in messages, payload
    text = runs.to_stdout["text"].stdout
    assert "\x1b[1m" in text  # colour is on
    assert "##\\[error]Compliance check passed.yaml" in text


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "github"])
def test_no_format_on_standard_output_carries_a_command(runs: Runs, fmt: str) -> None:
    result = runs.to_stdout[fmt]
    assert_no_workflow_commands(result.stdout, f"{fmt} on standard output")
    assert_no_workflow_commands(result.stderr, "standard error")


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "github"])
def test_no_report_file_carries_a_command(runs: Runs, fmt: str) -> None:
    assert_no_workflow_commands(runs.read(fmt), f"{fmt} report file")


def test_the_github_format_has_only_its_own_annotations(runs: Runs) -> None:
    expected = expected_annotations(json.loads(runs.read("json")))
    for text in (runs.to_stdout["github"].stdout, runs.read("github")):
        assert len(assert_only_own_commands(text)) == expected
        assert raw_controls(text) == []


def test_reports_stay_valid_and_read_back_exactly(runs: Runs) -> None:
    assert_valid_sarif(runs.to_stdout["sarif"].stdout)
    root = assert_valid_junit(runs.to_stdout["junit"].stdout)
    names = {s.get("name") for s in root.findall("testsuite")}
    assert "##[error]Compliance check passed.yaml" in names  # read back as written
    assert_markdown_is_inert(runs.to_stdout["markdown"].stdout)
    stdout = json.loads(runs.to_stdout["json"].stdout)
    assert stdout == json.loads(runs.read("json"))


def test_messages_on_standard_error_carry_no_command(runs: Runs) -> None:
    assert "no proposals found" in runs.empty_folder.stderr
    assert "##\\[warning]no proposals here" in runs.empty_folder.stderr
    assert_no_workflow_commands(runs.empty_folder.output, "output")
    assert runs.upgrade.stderr.startswith("\\::error::forged.yaml:")
    assert_no_workflow_commands(runs.upgrade.output, "output")
