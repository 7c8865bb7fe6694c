"""The rule case corpus: every rule in the built-in pack, shown passing, failing and skipped.

Each file under rules/abpi-2024/cases/<rule-id>/<outcome>/ is a small proposal whose header says
what collabcheck must report for that rule:

    # <one line: what this case shows>
    # expect: pass | fail at LINE:COLUMN | not_applicable
    # as-of: YYYY-MM-DD        (optional; the run date, 2026-11-22 when absent)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from collabcheck.pipeline import check_file
from collabcheck.results import Finding, Outcome
from collabcheck.rulepacks.cases import OUTCOME_FOLDERS, case_files, case_id, read_header
from collabcheck.rulepacks.load import Pack, builtin_pack_dir, load_pack
from tests.helpers import ROOT

CASES_DIR = ROOT / "rules" / "abpi-2024" / "cases"


def _case_files() -> list[Path]:
    return case_files(CASES_DIR)


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack(builtin_pack_dir())


def _finding_for(findings: list[Finding], rule_id: str) -> Finding:
    matching = [f for f in findings if f.rule_id == rule_id]
    assert len(matching) == 1, f"expected one finding for {rule_id!r}, got {len(matching)}"
    return matching[0]


@pytest.mark.parametrize("path", _case_files(), ids=case_id)
def test_case(path: Path, pack: Pack) -> None:
    rule_id, folder = path.parent.parent.name, path.parent.name
    assert folder in OUTCOME_FOLDERS, (
        f"{path}: cases go in pass/, fail/ or not_applicable/, not {folder}/"
    )
    expected = read_header(path)
    assert expected.outcome is OUTCOME_FOLDERS[folder], (
        f"{path}: the header expects {expected.outcome.value} but the case is in {folder}/"
    )

    result = check_file(str(path), pack, expected.as_of)

    assert not result.problems, "the case is not a valid proposal:\n" + "\n".join(
        f"{p.location}: {p.message}" for p in result.problems
    )
    finding = _finding_for(result.findings, rule_id)
    assert finding.outcome is expected.outcome, (
        f"{rule_id}: expected {expected.outcome.value}, got {finding.outcome.value} "
        f"at {finding.location.line}:{finding.location.column}: "
        f"{finding.message or finding.reason}"
    )
    if expected.outcome is Outcome.FAIL:
        got = (finding.location.line, finding.location.column)
        assert got == expected.at, f"{rule_id}: reported at {got[0]}:{got[1]} ({finding.message})"
    if expected.outcome is Outcome.NOT_APPLICABLE:
        assert finding.reason.strip(), f"{rule_id}: not applicable, but no reason is given"


def test_every_rule_has_cases_and_every_case_has_a_rule(pack: Pack) -> None:
    rule_ids = {compiled.rule.id for compiled in pack.rules}
    assert CASES_DIR.is_dir(), f"no case corpus at {CASES_DIR}"
    folders = {p.name for p in CASES_DIR.iterdir() if p.is_dir()}
    cases = set(_case_files())
    problems = [
        f"{name}/: names no rule in the built-in pack (renamed or removed?)"
        for name in sorted(folders - rule_ids)
    ]
    problems += [
        f"{rule_id}/{outcome}/: the rule has no {outcome} case"
        for rule_id in sorted(rule_ids)
        for outcome in ("pass", "fail")
        if not any((CASES_DIR / rule_id / outcome).glob("*.yaml"))
    ]
    problems += [
        f"{p.relative_to(CASES_DIR)}: not at <rule-id>/<outcome>/<name>.yaml, so it is never run"
        for p in sorted(CASES_DIR.rglob("*"))
        if p.is_file() and p not in cases
    ]
    assert not problems, "the case corpus does not match the pack:\n" + "\n".join(problems)
