"""Which failures stop a document: error-level, not waived, at a field the document states, by
any place a fix could take."""

from __future__ import annotations

from datetime import date

from collabcheck.publish.depends import stopping
from collabcheck.publish.summary import FIELDS
from collabcheck.results import (
    Finding,
    Location,
    Outcome,
    Reference,
    RuleInfo,
    Severity,
    Waiver,
    WaiverStatus,
    WaiverUse,
)

RULE = RuleInfo(
    "some-rule",
    "A rule",
    Severity.ERROR,
    Reference("ABPI Code of Practice 2024", "20.3", "main_text", "https://example.org"),
    "why",
    "fix it",
    ("req",),
)


def _failing(*path: str | int, **changes: object) -> Finding:
    found = Finding(RULE, Outcome.FAIL, "wrong", "p.yaml", 3, 5, tuple(path))
    return found._replace(**changes)  # type: ignore[arg-type]


def test_an_error_at_a_field_the_summary_states_stops_it() -> None:
    at_benefits = _failing("benefits", "patients", 0)
    at_party = _failing("parties", 1, "lead_contact", "email")
    elsewhere = _failing("governance", "agreement", "signed_date")
    assert stopping([at_benefits, at_party, elsewhere], FIELDS) == [at_benefits, at_party]


def test_a_place_a_fix_could_take_counts() -> None:
    places = (
        "any",
        (("at", ("governance", "agreement", "signed_date")), ("at", ("project", "start_date"))),
    )
    either = _failing("governance", "agreement", "signed_date", places=places)
    assert stopping([either], FIELDS) == [either]


BENEFIT = ("benefits", "patients", 0)


def test_a_section_holding_a_stated_field_counts_but_the_whole_document_does_not() -> None:
    section = _failing("benefits")
    assert stopping([section, _failing()], FIELDS) == [section]


def test_warnings_passes_and_waived_failures_do_not_stop_it() -> None:
    assert stopping([_failing(*BENEFIT)], FIELDS) != []
    warning = _failing(*BENEFIT, rule=RULE._replace(severity=Severity.WARNING))
    passed = _failing(*BENEFIT, outcome=Outcome.PASS)
    waiver = Waiver(
        "some-rule",
        None,
        "ok",
        "Board",
        date(2026, 1, 1),
        date(2027, 1, 1),
        "M1",
        Location("p.yaml", 1, 1),
    )
    waived = _failing(*BENEFIT, waiver=WaiverUse(waiver, WaiverStatus.ACTIVE, ""))
    assert stopping([warning, passed, waived], FIELDS) == []
    expired = _failing(*BENEFIT, waiver=WaiverUse(waiver, WaiverStatus.EXPIRED, ""))
    assert stopping([expired], FIELDS) == [expired]


def test_a_failing_rule_that_binds_any_activity_stops_it_wherever_it_fails() -> None:
    # A switch programme fails in safeguards, which the summary does not state: it is still no
    # project to publish a summary for.
    at_safeguards = _failing("safeguards", "switching_programme")
    assert stopping([at_safeguards], FIELDS) == []
    assert stopping([at_safeguards], FIELDS, frozenset({"some-rule"})) == [at_safeguards]
    warned = at_safeguards._replace(rule=RULE._replace(severity=Severity.WARNING))
    assert stopping([warned], FIELDS, frozenset({"some-rule"})) == []
