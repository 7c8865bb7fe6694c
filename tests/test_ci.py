"""The GitHub action and the workflows in docs/ci.md: valid against GitHub's JSON Schemas (as
check-jsonschema vendors them, read from the installed package: no network), no input spliced
into a script, and the scripts themselves doing what docs/ci.md says."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from collabcheck.loading.yamlload import parse
from tests.helpers import AS_OF, EXAMPLES, ROOT

ACTION = ROOT / "action.yml"
CI_DOC = ROOT / "docs" / "ci.md"
BASH = shutil.which("bash")


@cache
def vendored(name: str) -> Any:
    """A schema check-jsonschema ships, found without importing the package (its command-line
    code would come with it)."""
    spec = importlib.util.find_spec("check_jsonschema")
    assert spec is not None and spec.submodule_search_locations, "check-jsonschema is missing"
    folder = Path(spec.submodule_search_locations[0]) / "builtin_schemas" / "vendor"
    return json.loads((folder / name).read_text(encoding="utf-8"))


def errors(document: Any, schema_name: str) -> list[str]:
    schema = vendored(schema_name)
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def yaml_of(text: str) -> Any:
    """As GitHub reads it, YAML 1.2: `on:` is a key, not `true` as YAML 1.1 would have it."""
    return parse(text).data


def action() -> Any:
    return yaml_of(ACTION.read_text(encoding="utf-8"))


def workflows() -> list[Any]:
    doc = CI_DOC.read_text(encoding="utf-8")
    github = doc.split("## GitHub Actions", 1)[1].split("\n## ", 1)[0]
    return [yaml_of(block) for block in re.findall(r"```yaml\n(.*?)```", github, re.DOTALL)]


def step(name: str) -> Any:
    return next(s for s in action()["runs"]["steps"] if s.get("name") == name)


def test_the_action_is_valid() -> None:
    assert errors(action(), "github-actions.json") == []


def test_the_schema_is_strict_enough_to_notice() -> None:
    broken = action()
    broken["runs"]["steps"][1].pop("shell")  # a composite run step needs its shell
    assert errors(broken, "github-actions.json") != []


def test_docs_give_two_valid_workflows_one_using_the_action() -> None:
    found = workflows()
    assert len(found) == 2
    for workflow in found:
        assert errors(workflow, "github-workflows.json") == []
        assert workflow["permissions"] == {"contents": "read", "security-events": "write"}
    uses = [s.get("uses", "") for w in found for s in w["jobs"]["collabcheck"]["steps"]]
    assert "collabcheck/collabcheck@main" in uses
    assert "github/codeql-action/upload-sarif@v3" in uses


def test_the_action_has_what_docs_ci_md_lists() -> None:
    inputs = action()["inputs"]
    assert list(inputs) == [
        "paths",
        "fail-on",
        "as-of",
        "board-report",
        "formats",
        "sarif-category",
        "artifact-name",
        "install",
        "python-version",
    ]
    doc = CI_DOC.read_text(encoding="utf-8")
    for name in inputs:
        assert f"| `{name}` |" in doc, name
    assert inputs["paths"]["default"] == "."
    uses = [s.get("uses") for s in action()["runs"]["steps"]]
    for used in (
        "actions/setup-python@v5",
        "actions/upload-artifact@v4",
        "github/codeql-action/upload-sarif@v3",
    ):
        assert used in uses


def test_no_script_splices_an_expression_and_later_steps_always_run() -> None:
    steps = action()["runs"]["steps"]
    for s in steps:
        assert "${{" not in s.get("run", ""), s["name"]
    after = steps[[s.get("id") for s in steps].index("check") + 1 :]
    assert all(str(s["if"]).startswith("always()") for s in after)
    assert step("Fail as collabcheck says")["if"] == "always()"


def run_step(name: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    assert BASH is not None
    environment = {"PATH": os.environ["PATH"], **env}
    return subprocess.run(
        [BASH, "--noprofile", "--norc", "-eo", "pipefail", "-c", step(name)["run"]],
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines())


@pytest.mark.slow
@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_the_check_step_annotates_writes_the_reports_and_keeps_the_exit_code(
    tmp_path: Path,
) -> None:
    temp = tmp_path / "runner-temp"
    (temp / "collabcheck-venv" / "bin").mkdir(parents=True)
    command = temp / "collabcheck-venv" / "bin" / "collabcheck"  # as the install step leaves it
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m collabcheck "$@"\n')
    command.chmod(0o755)
    work = tmp_path / "work"
    (work / "proposals").mkdir(parents=True)
    shutil.copy(EXAMPLES / "failing-undeclared-interests.yaml", work / "proposals" / "a b.yaml")
    env = {
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "PATHS": "proposals\n",
        "FAIL_ON": "",
        "AS_OF": AS_OF,
        "BOARD_REPORT": "true",
        "FORMATS": " junit  codeclimate\n",
    }
    done = run_step("Check the proposals", env, work)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"collabcheck: checking as of {AS_OF}\n::error file=")
    found = outputs(tmp_path / "output")
    assert found == {"exit-code": "1", "reports": f"{temp}/collabcheck-reports", "sarif": "true"}
    reports = Path(found["reports"])
    assert sorted(p.name for p in reports.iterdir()) == [
        "annotations.txt",
        "board.md",
        "collabcheck.codeclimate",
        "collabcheck.junit",
        "collabcheck.sarif",
    ]
    issues = json.loads((reports / "collabcheck.codeclimate").read_text(encoding="utf-8"))
    assert issues and all(i["location"]["path"] == "proposals/a b.yaml" for i in issues)
    log = json.loads((reports / "collabcheck.sarif").read_text(encoding="utf-8"))
    assert log["runs"][0]["artifacts"][0]["location"]["uri"] == "proposals/a%20b.yaml"


@pytest.mark.skipif(BASH is None, reason="needs bash")
@pytest.mark.parametrize("size", [10, 1_000_000, 1_000_001])
def test_the_job_summary_keeps_under_githubs_limit(tmp_path: Path, size: int) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    board = "# Board report\n" + "x" * (size - 15)
    (reports / "board.md").write_text(board, encoding="utf-8")
    summary_line = "collabcheck: 1 passed, 3 failed, 0 not applicable, 0 errors in 1 file"
    (reports / "annotations.txt").write_text(f"::error file=a.yaml::x\n{summary_line}\n")
    summary = tmp_path / "summary.md"
    env = {"REPORTS": str(reports), "ARTIFACT": "our-reports", "GITHUB_STEP_SUMMARY": str(summary)}
    done = run_step("Job summary", env, tmp_path)
    assert done.returncode == 0, done.stderr
    written = summary.read_text(encoding="utf-8")
    if size <= 1_000_000:
        assert written == board
    else:
        assert len(written.encode()) < 3000
        assert f"The board report is {size} bytes" in written
        assert "board.md in the artifact **our-reports**" in written
        assert f"```\n{summary_line}\n```" in written


@pytest.mark.skipif(BASH is None, reason="needs bash")
@pytest.mark.parametrize(("code", "expected"), [("0", 0), ("1", 1), ("2", 2), ("", 2)])
def test_the_last_step_fails_as_collabcheck_said(tmp_path: Path, code: str, expected: int) -> None:
    assert run_step("Fail as collabcheck says", {"CODE": code}, tmp_path).returncode == expected
