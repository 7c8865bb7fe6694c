"""The hostile YAML files in cases/, all checked in ONE collabcheck run.

Each case file starts with a comment saying what it is, then

    # expect: exit N[, line L][, col C][, "fragment of the message"]
    # xfail: BUG: ... (optional: a known bug; the expectation is the correct behaviour)

Line and column count the two (or three) header lines. The run writes the JSON report to a file
and the text report to standard output; each case then asserts, for its own file: the exit code
that file alone gives (README, "Exit codes", from its problems and findings in the JSON report),
the problem's line, column and message, the text report's `INVALID FILE:LINE:COLUMN  message`
line naming it, and that the shared run finished within the time and memory limits with no
traceback. Payloads that would run a command create MARKER-* files in the run's folder: none may
exist afterwards.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.harness import (
    JSON_AND_TEXT,
    VALID,
    VALID_EXIT,
    Job,
    Result,
    assert_calm,
    assert_names,
    assert_problem,
    assert_within_limits,
    file_exit,
    files_by_path,
    load_report,
    run,
    run_many,
)

CASES = Path(__file__).parent / "cases"
TRANSFER = """\
transfers_of_value:
  - from_party: pharma
    to_party: trust
    kind: funding
    description: Nurse time
    value_gbp: 1000
    date: 9999-05-01
"""
_EXPECT = re.compile(
    r'# expect: exit (?P<exit>\d)(?:, line (?P<line>\d+))?(?:, col (?P<col>\d+))?(?:, "(?P<text>.*)")?'
)


@dataclass(frozen=True)
class Expectation:
    exit: int
    line: int | None
    column: int | None
    fragment: str | None
    bug: str | None


def expectation(path: Path) -> Expectation:
    header = path.read_text(encoding="utf-8").splitlines()[:3]
    found = next((m for m in map(_EXPECT.fullmatch, header) if m), None)
    assert found, f"{path.name}: no '# expect:' line in its header"
    bug = next((h.removeprefix("# xfail: ") for h in header if h.startswith("# xfail: ")), None)
    return Expectation(
        int(found["exit"]),
        int(found["line"]) if found["line"] else None,
        int(found["col"]) if found["col"] else None,
        found["text"],
        bug,
    )


NAMES = sorted(p.name for p in CASES.glob("*.yaml"))


def _param(name: str) -> Any:
    bug = expectation(CASES / name).bug
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(name, id=name.removesuffix(".yaml"), marks=marks)


@dataclass(frozen=True, repr=False)
class Batch:
    folder: Path
    result: Result
    files: dict[str, dict[str, Any]]

    def __repr__(self) -> str:
        return f"Batch({len(self.files)} files in {self.folder})"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    folder = tmp_path_factory.mktemp("yaml-cases")
    for name in NAMES:
        shutil.copyfile(CASES / name, folder / name)
    result = run(
        *JSON_AND_TEXT,
        *NAMES,
        cwd=folder,
    )
    assert_within_limits(result)
    return Batch(folder, result, files_by_path(load_report(folder / "report.json", result)))


def test_there_are_cases() -> None:
    assert len(NAMES) >= 60
    for name in NAMES:
        expectation(CASES / name)


def test_the_run_is_calm_and_reports_every_file(batch: Batch) -> None:
    assert_calm(batch.result, exit=max(expectation(CASES / n).exit for n in NAMES))
    assert sorted(batch.files) == NAMES
    assert batch.result.stderr == ""


def test_nothing_was_executed(batch: Batch) -> None:
    """The python/object/apply, new and directive cases would each create a MARKER-* file."""
    assert sorted(p.name for p in batch.folder.iterdir() if p.name.startswith("MARKER")) == []


def test_the_payloads_would_run_under_an_unsafe_loader(tmp_path: Path) -> None:
    """The control for test_nothing_was_executed: PyYAML's unsafe loader does run the payload."""
    shutil.copyfile(CASES / "tag_python_object_apply.yaml", tmp_path / "case.yaml")
    code = "import sys, yaml; yaml.unsafe_load(open(sys.argv[1], encoding='utf-8'))"
    result = run_many([Job((sys.executable, "-c", code, "case.yaml"), cwd=tmp_path)])[0]
    assert_within_limits(result)
    assert (tmp_path / "MARKER-apply").exists(), result


@pytest.mark.parametrize("name", [_param(n) for n in NAMES])
def test_case(batch: Batch, name: str) -> None:
    expected = expectation(CASES / name)
    assert_calm(batch.result, exit=batch.result.returncode)  # the shared run: limits, no traceback
    entry = batch.files[name]
    assert file_exit(entry) == expected.exit, entry
    if expected.exit != 2:
        assert entry["checked"], entry
        return
    assert_problem(entry, expected.fragment or "", expected.line, expected.column)
    assert_names(batch.result, name, expected.line, expected.column)
    lines = [
        line
        for line in batch.result.stdout.splitlines()
        if line.startswith(f"INVALID {name}:") and (expected.fragment or "") in line
    ]
    assert lines, f"no 'INVALID {name}:...' line saying {expected.fragment!r} in the text report"
    if expected.line is not None:
        where = f"INVALID {name}:{expected.line}:"
        assert any(line.startswith(where) for line in lines), lines


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(("end_date: 2027-03-31", "end_date: 9999-12-31"), id="end-date"),
        pytest.param(
            ("kind: pharmaceutical_company\n", "kind: pharmaceutical_company\n" + TRANSFER),
            id="transfer-date",
        ),
    ],
)
def test_dates_at_the_end_of_the_calendar(tmp_path: Path, change: tuple[str, str]) -> None:
    (tmp_path / "late.yaml").write_text(VALID.replace(*change), encoding="utf-8")
    (tmp_path / "normal.yaml").write_text(VALID, encoding="utf-8")
    result = run(
        *JSON_AND_TEXT,
        "late.yaml",
        "normal.yaml",
        cwd=tmp_path,
    )
    # Checked (the rules fail: exit 1) or refused with a message (exit 2): either is correct.
    assert_calm(result, exit=(VALID_EXIT, 2))
    assert_names(result, "late.yaml")
    files = files_by_path(load_report(tmp_path / "report.json", result))
    assert sorted(files) == ["late.yaml", "normal.yaml"]
    assert files["normal.yaml"]["checked"]


@pytest.mark.parametrize("value", ["[true]", "{yes: no}"], ids=["list", "mapping"])
def test_a_collection_where_true_or_false_belongs(tmp_path: Path, value: str) -> None:
    text = VALID.replace(
        "    kind: nhs_trust\n", f"    kind: nhs_trust\n    abpi_code_bound: {value}\n"
    )
    (tmp_path / "odd.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "normal.yaml").write_text(VALID, encoding="utf-8")
    result = run(
        *JSON_AND_TEXT,
        "odd.yaml",
        "normal.yaml",
        cwd=tmp_path,
    )
    assert_calm(result, exit=2)
    assert_names(result, "odd.yaml", 12)
    files = files_by_path(load_report(tmp_path / "report.json", result))
    assert_problem(files["odd.yaml"], "parties[0].abpi_code_bound", 12)
    assert files["normal.yaml"]["checked"]
