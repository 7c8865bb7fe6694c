"""Plain words for the values of a proposal, for documents a reader outside the project reads:
party names instead of ids, vocabulary values as words, sums of money and dates as people write
them. Nothing here is markup: the renderers escape it."""

from __future__ import annotations

from datetime import date

from collabcheck.proposal.model import Proposal
from collabcheck.publish.money import pounds, total
from collabcheck.reporters.markdown.words import PARTY_KINDS, PROJECT_TYPES, STAGES, day_text

NOT_STATED = "Not stated in the proposal."
NOT_GIVEN = "not given"

CONTRIBUTION_KINDS = {
    "people": "Staff time",
    "expertise": "Expertise",
    "equipment": "Equipment",
    "communication_channels": "Communication channels",
    "information_technology": "Information technology",
    "data": "Data and analysis",
    "premises": "Premises",
    "funding": "Funding",
    "other": "Other",
}

TRANSFER_KINDS = {"funding": "Funding", "benefit_in_kind": "Benefit in kind"}


def word(code: str, names: dict[str, str]) -> str:
    """A vocabulary value in words: its wording, or the value with spaces for underscores."""
    return names.get(code) or code.replace("_", " ").capitalize()


def money(*values: float) -> str:
    """The exact sum of the amounts, as Disclosure UK rows add them (money.py): `£46,500`, or
    `£1,234.50` when there are pence."""
    return pounds(total(values)).removesuffix(".00")


def day(value: date) -> str:
    return day_text(value)


def project_type(proposal: Proposal) -> str:
    return word(proposal.project.type, PROJECT_TYPES)


def stage(proposal: Proposal) -> str:
    return word(proposal.project.stage, STAGES)


def period(proposal: Proposal) -> str:
    project = proposal.project
    return f"From {day(project.start_date)} to {day(project.end_date)}."


class Parties:
    """Each party's name and kind by its id; an id no party has is shown as it is written."""

    def __init__(self, proposal: Proposal) -> None:
        self._by_id = {p.id: p for p in proposal.parties}

    def name(self, party_id: str) -> str:
        party = self._by_id.get(party_id)
        return party.name if party else party_id

    def names(self, party_ids: list[str]) -> str:
        return joined([self.name(i) for i in party_ids])

    def kind(self, party_id: str) -> str:
        party = self._by_id.get(party_id)
        return word(party.kind, PARTY_KINDS) if party else "not a party"


def joined(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
