"""The bundled examples do what their names promise, rule by rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from collabcheck.pipeline import check_file
from collabcheck.results import Outcome, Severity, WaiverStatus
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from tests.conftest import Cli
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
    "failing-uncertified-pid-issued.yaml": {"materials-certified-before-issue"},
    "failing-undeclared-interests.yaml": {
        "open-transparent",
        "nhs-coi-staff-declared",
        "nhs-coi-declared",
        "tov-disclosed",
        "outcomes-measured",
    },
    "failing-switch-programme.yaml": {
        "no-switch",
        "clinical-independence",
        "inducement-wording-to-confirm",
    },
    "failing-first-choice-protocol.yaml": {
        "no-product-position-in-benefits-or-measures",
        "inducement-wording-to-confirm",
    },
    "failing-funded-prescribing-post.yaml": {"funded-post-safeguards"},
    "failing-reps-promotional-calls.yaml": {"reps-not-at-promotional-calls"},
    "failing-audit-service-switching.yaml": {
        "no-switch",
        "not-inducement",
        "route-contracted-service",
    },
}
# The rules each failing example is there to show, failing at error level (exit code 1).
EXPECTED_ERRORS = {
    "failing-switch-programme.yaml": {"no-switch"},
    "failing-first-choice-protocol.yaml": {"no-product-position-in-benefits-or-measures"},
    "failing-funded-prescribing-post.yaml": {"funded-post-safeguards"},
    "failing-reps-promotional-calls.yaml": {"reps-not-at-promotional-calls"},
    "failing-audit-service-switching.yaml": {"no-switch", "not-inducement"},
    "failing-uncertified-pid-issued.yaml": {"materials-certified-before-issue"},
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
    errors = {
        f.rule_id
        for f in result.findings
        if f.outcome is Outcome.FAIL and f.severity is Severity.ERROR and not f.waived
    }
    assert EXPECTED_ERRORS.get(name, set()) <= errors


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_a_failing_example_exits_1(name: str, cli: Cli) -> None:
    done = cli("validate", str(EXAMPLES / name), "--as-of", AS_OF, "--no-config", "-q")
    assert done.returncode == 1, done.stdout


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
    assert anywhere and all("(not-a-donation-or-grant)" not in outcomes[r].reason for r in anywhere)
    others = [f for f in result.findings if f.rule_id not in {*pack.gates, *anywhere}]
    assert others and all(f.outcome is Outcome.NOT_APPLICABLE for f in others)
    assert all("(not-a-donation-or-grant)" in f.reason for f in others)
    # The rules that bind any company activity are still checked.
    for rule_id in UNGATED:
        assert outcomes[rule_id].outcome is not Outcome.NOT_APPLICABLE, rule_id


# An inducement is an inducement whatever the arrangement is called: no gate may silence these.
UNGATED = ("not-inducement", "no-switch", "anti-bribery")


def test_no_gate_silences_inducement_switching_or_bribery(tmp_path: Path) -> None:
    pack = load_pack(builtin_pack_dir())
    by_id = {c.rule.id: c.rule for c in pack.rules}
    for rule_id in UNGATED:
        assert by_id[rule_id].any_activity, rule_id
    text = (EXAMPLES / "failing-switch-programme.yaml").read_text(encoding="utf-8")
    gate_flags = {
        "not-a-donation-or-grant": "is_donation_or_grant",
        "not-sponsorship": "is_event_sponsorship",
        "not-contracted-service": "is_contracted_service",
        "not-clinical-research": "is_clinical_research",
    }
    assert set(gate_flags) <= set(pack.gates)
    for gate, flag in gate_flags.items():
        proposal = tmp_path / f"{gate}.yaml"
        proposal.write_text(text.replace(f"{flag}: false", f"{flag}: true"), encoding="utf-8")
        result = check_file(str(proposal), pack, date.fromisoformat(AS_OF))
        found = {f.rule_id: f for f in result.findings}
        assert found[gate].outcome is Outcome.FAIL, gate
        assert found["no-switch"].outcome is Outcome.FAIL, gate
        for rule_id in ("not-inducement", "anti-bribery"):
            assert found[rule_id].outcome is not Outcome.NOT_APPLICABLE, (gate, rule_id)


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


def test_a_pid_sent_uncertified_fails_at_error_level_at_the_proposal_stage() -> None:
    name = "failing-uncertified-pid-issued.yaml"
    assert "stage: proposal" in (EXAMPLES / name).read_text(encoding="utf-8")
    pack = load_pack(builtin_pack_dir())
    result = check_file(str(EXAMPLES / name), pack, date.fromisoformat(AS_OF))
    finding = {f.rule_id: f for f in result.findings}["materials-certified-before-issue"]
    assert finding.outcome is Outcome.FAIL
    assert finding.severity is Severity.ERROR
    assert finding.path[:2] == ("materials", 0)
    assert "certification is missing" in finding.message


def test_an_arrangement_outside_clause_20_is_checked_against_every_rule_for_any_activity(
    tmp_path: Path,
) -> None:
    text = (EXAMPLES / "heart-failure-joint-working.yaml").read_text(encoding="utf-8")
    proposal = tmp_path / "service.yaml"
    proposal.write_text(
        text.replace(
            "  type: joint_working\n",
            "  type: other_arrangement\n  governed_by: company_funded_service_or_post\n",
        ),
        encoding="utf-8",
    )
    pack = load_pack(builtin_pack_dir())
    result = check_file(str(proposal), pack, date.fromisoformat(AS_OF))
    assert result.problems == []
    anywhere = {c.rule.id for c in pack.rules if c.rule.any_activity}
    by_type = "this project is an arrangement outside Clause 20"
    for f in result.findings:
        if f.rule_id in anywhere:
            assert by_type not in f.reason, f.rule_id
        elif not f.rule_id.startswith("route-"):  # the Clause 20 rules
            assert f.outcome is Outcome.NOT_APPLICABLE, f.rule_id
    route = next(f for f in result.findings if f.rule_id == "route-company-funded-service-or-post")
    assert route.outcome is Outcome.FAIL and route.severity is Severity.INFO
    # The compliant project's answers still pass every rule that binds any company activity.
    assert {f.rule_id for f in result.findings if f.outcome is Outcome.FAIL} == {route.rule_id}
