"""The rule case corpus: every rule in the built-in pack, shown passing, failing and skipped.

Each file under rules/abpi-2024/cases/<rule-id>/<outcome>/ is a small proposal whose header says
what collabcheck must report for that rule:

    # <one line: what this case shows>
    # expect: pass | fail at LINE:COLUMN | not_applicable
    # as-of: YYYY-MM-DD        (optional; the run date, 2026-11-22 when absent)

Each case is run by the same code as `collabcheck rules test`, one test per case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from collabcheck.commands.rules.testing import Status, case_gaps, run_case
from collabcheck.rulepacks.cases import case_files, case_id, display
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import Pack, builtin_pack_dir
from tests.helpers import ROOT

CASES_DIR = ROOT / "rules" / "abpi-2024" / "cases"


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack(builtin_pack_dir())


@pytest.mark.parametrize("path", case_files(CASES_DIR), ids=case_id)
def test_case(path: Path, pack: Pack) -> None:
    result = run_case(path, path.parent.parent.name, pack)
    assert result.status is Status.PASS, (
        f"{display(path)}: expected {result.expected}, got {result.actual or 'no result'}: "
        f"{result.message}"
    )


def test_every_rule_has_cases_and_every_case_has_a_rule(pack: Pack) -> None:
    assert CASES_DIR.is_dir(), f"no case corpus at {CASES_DIR}"
    rule_ids = [compiled.rule.id for compiled in pack.rules]
    gaps = case_gaps(rule_ids, CASES_DIR, case_files(CASES_DIR))
    assert not gaps, "the case corpus does not match the pack:\n" + "\n".join(
        f"{gap.where}: {gap.message}" for gap in gaps
    )
