from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from collabcheck.engine.evaluate import compile_rule, evaluate, waits_for
from collabcheck.engine.rule import Rule
from collabcheck.loading.yamlload import parse
from collabcheck.proposal.validate import to_proposal
from collabcheck.results import Finding, Outcome, Severity
from tests.helpers import MINIMAL

RULE: dict[str, Any] = {
    "id": "summary-published",
    "title": "The summary is published",
    "severity": "error",
    "reference": {
        "edition": "ABPI Code of Practice 2024",
        "clause": "20.3",
        "part": "main_text",
        "source_url": "https://pmcpa.example/clause-20",
    },
    "rationale": "Openness.",
    "remediation": "Publish it.",
    "message": "The summary is not published",
    "implements": ["summary-published-before-start"],
    "check": {"present": "governance.summary.published_url"},
}


def run(rule: dict[str, Any], text: str = MINIMAL) -> Any:
    doc = parse(text)
    proposal = to_proposal(doc)
    assert isinstance(proposal, dict)
    compiled = compile_rule(Rule.model_validate(rule), ("rules", 0), "rules.yaml")
    [finding] = evaluate([compiled], proposal, doc, "p.yaml", date(2026, 11, 22))
    return finding


def test_failure_carries_message_detail_location_reference_and_remediation() -> None:
    finding = run(RULE)
    assert finding.outcome is Outcome.FAIL
    assert finding.severity is Severity.ERROR
    assert finding.message == (
        "The summary is not published (governance.summary.published_url is missing)"
    )
    assert (finding.location.file, finding.location.line, finding.location.column) == (
        "p.yaml",
        1,
        1,
    )
    assert finding.location.path == ("governance", "summary", "published_url")
    assert str(finding.reference) == "ABPI Code of Practice 2024, 20.3 (main text)"
    assert finding.remediation == "Publish it."


def test_pass_is_located_at_the_value_checked() -> None:
    text = MINIMAL + "governance:\n  summary:\n    published_url: https://x.example/s\n"
    finding = run(RULE, text)
    assert finding.outcome is Outcome.PASS
    assert (finding.location.line, finding.location.column) == (17, 20)


def test_project_type_decides_applicability() -> None:
    finding = run({**RULE, "applies_to": {"project_types": ["collaborative_working"]}})
    assert finding.outcome is Outcome.NOT_APPLICABLE
    assert finding.reason == "applies to collaborative working only; this project is joint working"


def test_lifecycle_stage_decides_applicability() -> None:
    finding = run({**RULE, "applies_to": {"stages": ["in_progress", "completed"]}})
    assert finding.outcome is Outcome.NOT_APPLICABLE
    assert finding.reason == (
        "applies at these stages only: in progress, completed; this project is at the proposal stage"
    )


def test_when_precondition_is_described_in_the_reason() -> None:
    when = {
        "date": {
            "path": "project.start_date",
            "on_or_before": {"as_of": True, "plus": {"months": -12}},
        }
    }
    finding = run({**RULE, "when": when})
    assert finding.outcome is Outcome.NOT_APPLICABLE
    assert finding.reason == (
        "applies only when project.start_date is on or before the --as-of date - 12 months"
    )


def test_unverified_reference_is_marked_in_text() -> None:
    rule = {**RULE, "severity": "warning", "reference": {**RULE["reference"], "verified": False}}
    assert str(run(rule).reference).endswith("; UNVERIFIED")


def test_rules_are_plain_data_that_round_trip_through_yaml() -> None:
    assert Rule.model_validate(yaml.safe_load(yaml.safe_dump(RULE))).id == "summary-published"


def test_a_rule_that_cannot_be_evaluated_is_an_error_outcome_not_a_crash() -> None:
    when = {
        "date": {"path": "project.start_date", "before": {"as_of": True, "plus": {"years": 9000}}}
    }
    finding = run({**RULE, "when": when})
    assert finding.outcome is Outcome.ERROR
    assert finding.message.startswith("the rule could not be evaluated: ")
    check = {
        "date": {
            "path": "project.end_date",
            "before": {"path": "project.start_date", "plus": {"days": -800000}},
        }
    }
    assert run({**RULE, "check": check}).outcome is Outcome.ERROR


def test_a_failing_gate_makes_the_other_rules_not_applicable() -> None:
    gate = {
        **RULE,
        "id": "really-collaborative-working",
        "title": "The project is collaborative working, not a donation or grant",
        "check": {
            "not": {
                "equals": {"path": "project.classification.is_donation_or_grant", "value": True}
            }
        },
    }
    rules = [
        compile_rule(Rule.model_validate(r), ("rules", i), "r.yaml")
        for i, r in enumerate([RULE, gate])
    ]

    def findings(text: str) -> list[Finding]:
        doc = parse(text)
        proposal = to_proposal(doc)
        assert isinstance(proposal, dict)
        needs = waits_for(rules, frozenset({gate["id"]}))
        return evaluate(rules, proposal, doc, "p.yaml", date(2026, 11, 22), needs)

    summary, verdict = findings(
        MINIMAL.replace(
            "  end_date: 2027-03-31\n",
            "  end_date: 2027-03-31\n  classification:\n    is_donation_or_grant: true\n",
        )
    )
    assert verdict.outcome is Outcome.FAIL
    assert summary.outcome is Outcome.NOT_APPLICABLE
    assert summary.reason == (
        'not checked, because "The project is collaborative working, not a donation or grant" '
        "is not met (really-collaborative-working)"
    )
    assert [f.outcome for f in findings(MINIMAL)] == [Outcome.FAIL, Outcome.PASS]


def test_what_each_rule_waits_for_follows_the_rules_and_gates_given() -> None:
    gate = {
        **RULE,
        "id": "summary-url-absent",
        "check": {"not": {"present": "governance.summary.published_url"}},
    }
    doc = parse(MINIMAL)
    proposal = to_proposal(doc)
    assert isinstance(proposal, dict)
    rules = [
        compile_rule(Rule.model_validate(r), ("rules", i), "r.yaml")
        for i, r in enumerate([RULE, gate])
    ]

    def outcomes(gates: frozenset[str], gated_by: Any = None) -> list[tuple[str, Outcome]]:
        needs = waits_for(rules, gates, gated_by)
        found = evaluate(rules, proposal, doc, "p.yaml", date(2026, 11, 22), needs)
        return [(f.rule_id, f.outcome) for f in found]

    # The gate passes, so the rule is checked (and fails) whatever the gating.
    assert outcomes(frozenset({gate["id"]})) == [
        ("summary-published", Outcome.FAIL),
        ("summary-url-absent", Outcome.PASS),
    ]
    # Now the failing rule is the gate of the other.
    rules.reverse()
    assert outcomes(frozenset({RULE["id"]})) == [
        ("summary-url-absent", Outcome.NOT_APPLICABLE),
        ("summary-published", Outcome.FAIL),
    ]
    assert outcomes(frozenset({RULE["id"]}), {RULE["id"]: (), gate["id"]: ()}) == [
        ("summary-url-absent", Outcome.PASS),
        ("summary-published", Outcome.FAIL),
    ]
    assert outcomes(frozenset()) == [
        ("summary-url-absent", Outcome.PASS),
        ("summary-published", Outcome.FAIL),
    ]


def test_a_judgement_rule_pass_needs_confirmation() -> None:
    text = MINIMAL + "governance:\n  summary:\n    published_url: https://x.example/s\n"
    assert run({**RULE, "judgement": True}, text).needs_confirmation is True
    assert run(RULE, text).needs_confirmation is False
    assert run({**RULE, "judgement": True}).needs_confirmation is False


def test_a_judgement_pass_quotes_the_statement_it_rests_on() -> None:
    text = MINIMAL.replace("format_version: 1", "format_version: 2") + (
        "safeguards:\n  prescribing_link:\n    kind: class_level_guideline\n"
        "    statement: The NICE guideline covers every SGLT2 inhibitor alike\n"
    )
    rule = {
        **RULE,
        "judgement": True,
        "check": {"meaningful": "safeguards.prescribing_link.statement"},
    }
    finding = run(rule, text)
    assert finding.needs_confirmation
    assert finding.message == (
        "The summary is published (safeguards.prescribing_link.statement says 'The NICE "
        "guideline covers every SGLT2 inhibitor alike')"
    )
    attested = MINIMAL + (
        "benefits:\n  assessment:\n    statement: Patients benefit most\n    by: Dr A, Chair\n"
    )
    assert run({**rule, "check": {"meaningful": "benefits.assessment"}}, attested).message == (
        "The summary is published (benefits.assessment says 'Patients benefit most' (by 'Dr A, "
        "Chair'))"
    )
    # A pass that is not a judgement, or not on a statement, is told by its title alone.
    assert run({**rule, "judgement": False}, text).message == "The summary is published"
    counted = {**rule, "check": {"count": {"path": "parties", "at_least": 1}}}
    assert run(counted, text).message == "The summary is published"


def test_no_gate_silences_a_rule_that_binds_any_activity() -> None:
    gate = {
        **RULE,
        "id": "not-a-donation",
        "title": "The project is not a donation or grant",
        "check": {
            "not": {
                "equals": {"path": "project.classification.is_donation_or_grant", "value": True}
            }
        },
    }
    everywhere = {**RULE, "id": "not-an-inducement", "any_activity": True}
    rules = [
        compile_rule(Rule.model_validate(r), ("rules", i), "r.yaml")
        for i, r in enumerate([RULE, everywhere, gate])
    ]
    text = MINIMAL.replace(
        "  end_date: 2027-03-31\n",
        "  end_date: 2027-03-31\n  classification:\n    is_donation_or_grant: true\n",
    )
    doc = parse(text)
    proposal = to_proposal(doc)
    assert isinstance(proposal, dict)
    needs = waits_for(rules, frozenset({gate["id"]}))
    clause_20, any_activity, failed_gate = evaluate(
        rules, proposal, doc, "p.yaml", date(2026, 11, 22), needs
    )
    assert failed_gate.outcome is Outcome.FAIL
    assert clause_20.outcome is Outcome.NOT_APPLICABLE
    assert any_activity.outcome is Outcome.FAIL  # still checked


OTHER_ARRANGEMENT = (
    MINIMAL.replace("format_version: 1", "format_version: 2")
    .replace("type: joint_working", "type: other_arrangement\n  governed_by: contracted_service")
    .replace(
        "type: collaborative_working", "type: other_arrangement\n  governed_by: contracted_service"
    )
)


def test_an_arrangement_outside_clause_20_gets_only_the_rules_for_any_activity() -> None:
    assert "other_arrangement" in OTHER_ARRANGEMENT
    clause_20 = run(RULE, OTHER_ARRANGEMENT)
    assert clause_20.outcome is Outcome.NOT_APPLICABLE
    assert clause_20.reason == (
        "applies to joint working or collaborative working only; this project is an "
        "arrangement outside Clause 20"
    )
    assert run({**RULE, "any_activity": True}, OTHER_ARRANGEMENT).outcome is Outcome.FAIL


def test_a_rule_for_any_activity_applies_to_every_project_type() -> None:
    rule = Rule.model_validate({**RULE, "any_activity": True})
    assert rule.applies_to.project_types == [
        "joint_working",
        "collaborative_working",
        "other_arrangement",
    ]
    assert Rule.model_validate(RULE).applies_to.project_types == [
        "joint_working",
        "collaborative_working",
    ]


def test_a_rule_for_any_activity_cannot_narrow_its_project_types() -> None:
    with pytest.raises(ValidationError, match="applies to every project type"):
        Rule.model_validate(
            {**RULE, "any_activity": True, "applies_to": {"project_types": ["joint_working"]}}
        )
