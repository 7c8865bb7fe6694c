"""The bundled examples do what their names promise, rule by rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from collabcheck.pipeline import check_file
from collabcheck.results import Outcome, WaiverStatus
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from tests.helpers import AS_OF, EXAMPLES

EXPECTED_FAILURES = {
    "heart-failure-joint-working.yaml": set(),
    "collaborative-working-nhs-benefit.yaml": set(),
    "failing-retrospective-agreement.yaml": {
        "written-agreement-before-start",
        "summary-published-before-start",
        "certify-pid-and-summary",
    },
    "failing-funding-only.yaml": {
        "pooling-all-parties",
        "not-funding-only",
        "contribution-significance-attributed",
        "benefits-three-ways",
        "jw-patient-benefit",
        "outcomes-measured",
    },
    "failing-undeclared-interests.yaml": {
        "open-transparent",
        "nhs-coi-staff-declared",
        "nhs-coi-declared",
        "tov-disclosed",
        "outcomes-measured",
    },
}
# Failures the example's own waivers cover on the AS_OF date; they still fail, and are marked.
EXPECTED_WAIVED = {"failing-undeclared-interests.yaml": {"outcomes-measured"}}


def test_every_example_has_an_expectation() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(EXPECTED_FAILURES)


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_example(name: str) -> None:
    pack = load_pack(builtin_pack_dir())
    result = check_file(str(EXAMPLES / name), pack, date.fromisoformat(AS_OF))
    assert result.problems == []
    failed = {f.rule_id for f in result.findings if f.outcome is Outcome.FAIL}
    assert failed == EXPECTED_FAILURES[name]
    assert {f.rule_id for f in result.findings if f.waived} == EXPECTED_WAIVED.get(name, set())
    assert all(w.status is WaiverStatus.ACTIVE for w in result.waivers)
    assert not any(f.outcome is Outcome.ERROR for f in result.findings)


def test_a_donation_is_told_so_and_not_half_checked_as_collaborative_working(
    tmp_path: Path,
) -> None:
    text = (EXAMPLES / "heart-failure-joint-working.yaml").read_text(encoding="utf-8")
    assert "is_donation_or_grant: false" in text
    proposal = tmp_path / "donation.yaml"
    proposal.write_text(
        text.replace("is_donation_or_grant: false", "is_donation_or_grant: true"), encoding="utf-8"
    )
    pack = load_pack(builtin_pack_dir())
    result = check_file(str(proposal), pack, date.fromisoformat(AS_OF))
    outcomes = {f.rule_id: f for f in result.findings}
    gate = outcomes["not-a-donation-or-grant"]
    assert gate.outcome is Outcome.FAIL and "23" in gate.message + str(gate.reference)
    # Rules that bind any company activity are checked whatever the gates say.
    anywhere = {c.rule.id for c in pack.rules if c.rule.any_activity}
    assert anywhere and all(outcomes[r].outcome is not Outcome.NOT_APPLICABLE for r in anywhere)
    others = [f for f in result.findings if f.rule_id not in {*pack.gates, *anywhere}]
    assert others and all(f.outcome is Outcome.NOT_APPLICABLE for f in others)
    assert all("(not-a-donation-or-grant)" in f.reason for f in others)


def test_without_a_code_bound_company_only_the_nhs_side_duties_are_checked(tmp_path: Path) -> None:
    text = (EXAMPLES / "heart-failure-joint-working.yaml").read_text(encoding="utf-8")
    assert "abpi_code_bound: true" in text
    proposal = tmp_path / "not-bound.yaml"
    proposal.write_text(
        text.replace("abpi_code_bound: true", "abpi_code_bound: false"), encoding="utf-8"
    )
    pack = load_pack(builtin_pack_dir())
    findings = {
        f.rule_id: f for f in check_file(str(proposal), pack, date.fromisoformat(AS_OF)).findings
    }
    assert findings["abpi-code-applies"].outcome is Outcome.FAIL
    for rule_id in ("benefit-test", "written-agreement-before-start", "tov-disclosed"):
        assert findings[rule_id].outcome is Outcome.NOT_APPLICABLE
        assert findings[rule_id].reason.endswith("(abpi-code-applies)")
    for rule_id in ("nhs-coi-declared", "data-protection", "anti-bribery"):
        assert findings[rule_id].outcome is Outcome.PASS, rule_id
