"""A proposal's transfers of value for a year against its disclosure plan, to the penny; what
cannot be disclosed is a finding at its line and column, with how to fix it."""

from __future__ import annotations

from decimal import Decimal

from collabcheck.publish.reconcile import reconcile
from tests.publish.proposals import COMPANY, TRUST, as_yaml, entry, loaded, proposal, transfer

PATIENTS = {"id": "forum", "name": "Lung Forum", "kind": "patient_organisation"}


def findings(document: dict[str, object], year: int = 2026) -> list[str]:
    return [str(f) for f in reconcile(loaded(document), year).findings]


def test_transfers_that_add_up_to_the_plan_reconcile() -> None:
    document = proposal(
        [transfer(46500, "2026-04-20"), transfer(34875.5, "2026-10-19"), transfer(9, "2027-01-05")],
        [entry(2026, 81375.5), entry(2027, 9)],
    )
    result = reconcile(loaded(document), 2026)
    assert result.findings == []
    assert result.amounts == {("pharma", "trust"): Decimal("81375.5")}
    assert result.categories == {("pharma", "trust"): "collaborative_working"}


def test_amounts_are_compared_exactly_to_the_penny() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in binary floating point, 0.3 as written
    assert (
        findings(
            proposal([transfer(0.1, "2026-05-01"), transfer(0.2, "2026-06-01")], [entry(2026, 0.3)])
        )
        == []
    )
    document = proposal([transfer(100, "2026-05-01")], [entry(2026, 100.01)])
    line = as_yaml(document).splitlines()[31 - 1]
    assert line.index("100.01") == 17 - 1  # where the finding points
    assert findings(document) == [
        "p.yaml:31:17: disclosures[0].entries[0].amount_gbp: the disclosure plan gives £100.01 to "
        "'trust' in 2026, but the transfers of value to it dated in 2026 total £100.00 "
        "(transfers_of_value[0]). Fix: make the entry's amount_gbp the total of the transfers, to "
        "the penny, or correct the transfers"
    ]


def test_transfers_with_no_plan_entry_are_reported_at_the_first_transfer() -> None:
    found = findings(proposal([transfer(500, "2026-05-01")], [entry(2027, 500)]))
    assert len(found) == 1
    assert found[0].startswith("p.yaml:")
    assert (
        "transfers_of_value[0]: the transfers of value from 'pharma' to 'trust' dated in 2026 total £500.00, but the disclosure plan has no entry for them"
        in found[0]
    )
    assert (
        "Fix: add an entry to the disclosures of 'pharma': year: 2026, recipient: trust, amount_gbp: 500.00"
        in found[0]
    )


def test_a_plan_entry_with_no_transfers_is_reported_at_the_entry() -> None:
    found = findings(proposal([transfer(500, "2027-05-01")], [entry(2026, 500)]))
    assert len(found) == 1
    assert (
        "disclosures[0].entries[0]: the disclosure plan gives £500.00 to 'trust' in 2026, but no transfer of value from 'pharma' to it is dated in 2026"
        in found[0]
    )


def test_a_recipient_that_is_not_a_party_is_reported_in_transfers_and_entries() -> None:
    found = findings(
        proposal([transfer(500, "2026-05-01", to="ghost")], [entry(2026, 500, recipient="ghost")])
    )
    assert [f.split(": ", 2)[1] for f in found] == [
        "transfers_of_value[0].to_party",
        "disclosures[0].entries[0].recipient",
    ]
    assert all(
        "'ghost' is not the id of a party, so the recipient cannot be named" in f for f in found
    )


def test_a_transfer_from_a_party_that_is_not_a_company_is_reported() -> None:
    found = findings(proposal([transfer(500, "2026-05-01", from_party="trust", to="pharma")], []))
    assert len(found) == 1
    assert (
        "transfers_of_value[0].from_party: 'trust' is a party of kind nhs_trust, not a pharmaceutical company"
        in found[0]
    )


def test_a_planned_transfer_in_a_year_that_has_ended_is_reported() -> None:
    found = findings(proposal([transfer(500, "2026-05-01", status="planned")], [entry(2026, 500)]))
    assert len(found) == 1
    assert (
        "transfers_of_value[0].status: the transfer dated 2026-05-01 is still planned, but 2026 has ended"
        in found[0]
    )


def test_an_undated_transfer_made_cannot_be_placed_in_a_year() -> None:
    undated = transfer(500, "2026-05-01")
    del undated["date"]
    found = findings(proposal([undated], []))
    assert len(found) == 1
    assert (
        "recorded as made but has no date, so it cannot be told whether it belongs to 2026"
        in (found[0])
    )


def test_an_undated_transfer_still_planned_belongs_to_no_year_yet() -> None:
    # A plan for a later year must not stop this year's disclosure.
    undated = transfer(500, "2026-05-01", status="planned")
    del undated["date"]
    assert findings(proposal([undated], [])) == []


def test_an_entry_without_an_amount_is_reported_once() -> None:
    found = findings(proposal([transfer(500, "2026-05-01")], [entry(2026, None)]))
    assert len(found) == 1
    assert "the entry for 'trust' in 2026 has no amount" in found[0]


def test_each_recipient_is_reconciled_with_its_own_category() -> None:
    document = proposal(
        [transfer(500, "2026-05-01"), transfer(70, "2026-05-02", to="forum")],
        [entry(2026, 500), entry(2026, 70, recipient="forum", category="patient_organisation")],
        parties=[TRUST, COMPANY, PATIENTS],
    )
    result = reconcile(loaded(document), 2026)
    assert result.findings == []
    assert result.categories == {
        ("pharma", "forum"): "patient_organisation",
        ("pharma", "trust"): "collaborative_working",
    }


def test_one_recipient_with_two_categories_in_a_year_is_reported() -> None:
    document = proposal(
        [transfer(500, "2026-05-01")],
        [entry(2026, 200), entry(2026, 300, category="other")],
    )
    found = findings(document)
    assert len(found) == 1
    assert "have different categories (collaborative_working, other)" in found[0]


def test_a_proposal_with_no_transfers_in_the_year_has_nothing_to_reconcile() -> None:
    result = reconcile(loaded(proposal([transfer(500, "2025-05-01")], [entry(2025, 500)])), 2026)
    assert (result.amounts, result.findings) == ({}, [])


def test_support_for_a_patient_organisation_is_left_to_the_companys_own_list() -> None:
    # A contracted service from a patient organisation (Clause 27) is disclosed in the
    # company's list of the patient organisations it supports, not as collaborative working.
    charity = {"id": "charity", "name": "Lung Forum", "kind": "patient_organisation"}
    paid = transfer(700, "2026-03-01", to="charity")
    assert findings(proposal([paid], [], parties=[TRUST, COMPANY, charity])) == []
    listed = findings(
        proposal([paid], [entry(2026, 650, recipient="charity")], parties=[TRUST, COMPANY, charity])
    )
    assert len(listed) == 1 and "total £700.00" in listed[0]
