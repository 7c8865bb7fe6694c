"""The executive summary a project publishes before it starts (ABPI Code of Practice 2024,
20.3), under the headings of the executive summary template, from the proposal alone."""

from __future__ import annotations

from collabcheck.common.yamlpath import YamlPath
from collabcheck.proposal.model import OutcomePublication, Proposal
from collabcheck.publish.document import (
    Block,
    Items,
    Link,
    Piece,
    Section,
    Strong,
    Text,
    items,
    paragraph,
    table,
)
from collabcheck.publish.words import (
    CONTRIBUTION_KINDS,
    NOT_GIVEN,
    NOT_STATED,
    TRANSFER_KINDS,
    Parties,
    day,
    money,
    period,
    project_type,
    stage,
    word,
)

KIND = "Executive summary"

# A Common Understanding 2025, Appendix 4 (executive summary template): its headings, in order.
TITLE = "Project title"
RATIONALE = "Project rationale"
OBJECTIVES = "Project objectives"
PERIOD = "Project period"
FINANCES = "Financial arrangements"
PUBLICATION = "Plans for publication"
CONTACTS = "Contact details"
ROLES = "Roles and responsibilities"

# Every field the summary states (docs/publishing.md): an error-level failure at one of them
# stops the summary (depends.py).
FIELDS: tuple[YamlPath, ...] = (
    ("project", "title"),
    ("project", "rationale"),
    ("project", "start_date"),
    ("project", "end_date"),
    ("parties",),
    ("objectives",),
    ("benefits", "patients"),
    ("benefits", "nhs"),
    ("benefits", "industry"),
    ("contributions",),
    ("transfers_of_value",),
    ("outcomes", "publication"),
    ("disclosures",),
    ("governance", "summary", "published_url"),
)


def _or_not_stated(blocks: list[Block]) -> tuple[Block, ...]:
    return tuple(blocks) or (paragraph(NOT_STATED),)


def _title(proposal: Proposal, parties: Parties) -> Section:
    project = proposal.project
    blocks: list[Block] = [paragraph(Strong(project.title))]
    facts: list[Text] = [
        (Strong("Type of project: "), project_type(proposal)),
        (Strong("Stage: "), stage(proposal)),
    ]
    if project.reference:
        facts.insert(0, (Strong("Reference: "), project.reference))
    if project.therapy_area:
        facts.append((Strong("Therapy area: "), project.therapy_area))
    blocks.append(Items(tuple(facts)))
    blocks.append(paragraph("The partners:"))
    blocks.append(Items(tuple((p.name, f" ({parties.kind(p.id)})") for p in proposal.parties)))
    return Section(TITLE, tuple(blocks))


def _objectives(proposal: Proposal) -> Section:
    blocks: list[Block] = [items(proposal.objectives)] if proposal.objectives else []
    benefits = proposal.benefits
    for who, listed in (
        ("patients", benefits.patients if benefits else []),
        ("the NHS", benefits.nhs if benefits else []),
        ("industry", benefits.industry if benefits else []),
    ):
        blocks.append(paragraph(Strong(f"Expected benefits for {who}")))
        blocks.append(items(listed) if listed else paragraph(NOT_STATED))
    return Section(OBJECTIVES, tuple(blocks))


def _finances(proposal: Proposal, parties: Parties) -> Section:
    blocks: list[Block] = []
    if proposal.contributions:
        blocks.append(paragraph("What each partner contributes:"))
        contributed = (
            (
                parties.name(c.party),
                word(c.kind, CONTRIBUTION_KINDS),
                c.description,
                money(c.value_gbp) if c.value_gbp is not None else "not valued",
            )
            for c in proposal.contributions
        )
        header = ("Partner", "Kind", "Contribution", "Estimated value")
        blocks.append(table(header, contributed))
        valued = [c.value_gbp for c in proposal.contributions if c.value_gbp is not None]
        if valued:
            blocks.append(paragraph(f"Estimated value of all contributions: {money(*valued)}."))
    if proposal.transfers_of_value:
        blocks.append(paragraph("Payments and benefits in kind between the partners:"))
        transferred = (
            (
                parties.name(t.from_party),
                parties.name(t.to_party),
                word(t.kind, TRANSFER_KINDS),
                t.description,
                money(t.value_gbp),
                day(t.date) if t.date else "date not given",
            )
            for t in proposal.transfers_of_value
        )
        blocks.append(table(("From", "To", "Kind", "For", "Amount", "Date"), transferred))
        total = money(*(t.value_gbp for t in proposal.transfers_of_value))
        blocks.append(paragraph(f"Total of payments and benefits in kind: {total}."))
    return Section(FINANCES, _or_not_stated(blocks))


def _publication(proposal: Proposal, parties: Parties) -> Section:
    blocks: list[Block] = []
    summary = proposal.governance.summary if proposal.governance else None
    if summary and summary.published_url:
        url = summary.published_url
        blocks.append(paragraph("This summary is published at ", Link(url, url), "."))
    publication = proposal.outcomes.publication if proposal.outcomes else None
    if publication:
        blocks.append(paragraph(*outcomes_plan(publication, parties)))
    disclosing = [d.disclosing_party for d in proposal.disclosures]
    if disclosing:
        blocks.append(
            paragraph(
                f"Transfers of value are disclosed on Disclosure UK by {parties.names(disclosing)}."
            )
        )
    return Section(PUBLICATION, _or_not_stated(blocks))


def outcomes_plan(publication: OutcomePublication, parties: Parties) -> list[Piece]:
    """Who publishes the outcomes and by when, and where they were published once they are."""
    pieces: list[Piece] = ["The outcomes will be published"]
    if publication.by_parties:
        pieces.append(f" by {parties.names(publication.by_parties)}")
    if publication.due_date:
        pieces.append(f", by {day(publication.due_date)}")
    pieces.append(".")
    if publication.published_url:
        when = f" on {day(publication.published_date)}" if publication.published_date else ""
        url = publication.published_url
        pieces += [f" They were published{when} at ", Link(url, url), "."]
    return pieces


def _contacts(proposal: Proposal) -> Section:
    rows = [
        (
            p.name,
            p.lead_contact.name,
            p.lead_contact.job_title or NOT_GIVEN,
            p.lead_contact.email or NOT_GIVEN,
        )
        for p in proposal.parties
        if p.lead_contact
    ]
    header = ("Organisation", "Name", "Job title", "Email")
    return Section(CONTACTS, _or_not_stated([table(header, rows)] if rows else []))


def _roles(proposal: Proposal, parties: Parties) -> Section:
    blocks: list[Block] = []
    for party in proposal.parties:
        blocks.append(paragraph(Strong(party.name), f" ({parties.kind(party.id)})"))
        listed = party.responsibilities
        blocks.append(items(listed) if listed else paragraph(NOT_STATED))
    return Section(ROLES, tuple(blocks))


def sections(proposal: Proposal) -> tuple[Section, ...]:
    parties = Parties(proposal)
    rationale = proposal.project.rationale
    return (
        _title(proposal, parties),
        Section(RATIONALE, (paragraph(rationale or NOT_STATED),)),
        _objectives(proposal),
        Section(PERIOD, (paragraph(period(proposal)),)),
        _finances(proposal, parties),
        _publication(proposal, parties),
        _contacts(proposal),
        _roles(proposal, parties),
    )
