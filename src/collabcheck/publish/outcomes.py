"""The outcomes report a completed project publishes, usually within six months of its end,
under the headings of the outcomes report template, with each measure's baseline, target and
result, and the template's questions for reflection answered from the proposal where it can."""

from __future__ import annotations

from collabcheck.common.yamlpath import YamlPath
from collabcheck.proposal.model import Measure, Proposal
from collabcheck.publish.document import (
    Block,
    Items,
    Section,
    Strong,
    Table,
    Text,
    items,
    paragraph,
    table,
)
from collabcheck.publish.source import Checked
from collabcheck.publish.summary import outcomes_plan
from collabcheck.publish.words import NOT_GIVEN, Parties, joined, period, project_type, stage

KIND = "Outcomes report"

# A Common Understanding 2025, Appendix 6 (outcomes report template): its headings, in order.
NAME = "Project name"
PARTNERS = "Partners"
DURATION = "Duration"
OVERVIEW = "Overview"
OUTCOMES = "Outcomes"
CONCLUSIONS = "Conclusions"
LEARNINGS = "Learnings"
# The template's questions for reflection (Appendix 6), in its order, then what else the proposal
# can answer for the partners.
REFLECTION = "Questions for reflection"
SHARED_VISION = "Was the shared vision sustained?"
CONTRIBUTIONS_MADE = (
    "Have all parties made their contributions according to the original agreement?"
)
EACH_BENEFITED = "Did each party benefit?"
BUSINESS_CASE = "Was a business case for commissioning enabled?"
SCALING = "Were the scaling thresholds met?"
MEASURES_MET = "Did the project meet the targets of its measures of success?"
PUBLISHED = "Have the outcomes been published?"
CARE_CONTINUES = "How does patient care continue now that the project has ended?"

NOT_REPORTED = "Not yet reported."
FOR_THE_PARTNERS = "For the partners to answer: the proposal does not record it."

# Every field the report states (docs/publishing.md): an error-level failure at one of them
# stops the report (depends.py).
FIELDS: tuple[YamlPath, ...] = (
    ("project", "title"),
    ("project", "start_date"),
    ("project", "end_date"),
    ("parties",),
    ("objectives",),
    ("contributions",),
    ("outcomes",),
)


def missing(checked: Checked) -> list[tuple[str, str]]:
    """What a proposal lacks for an outcomes report, each as (where it is written, what is
    missing): the project is not completed, it has no measures, or a measure has no result."""
    proposal = checked.proposal
    found = []
    if proposal.project.stage != "completed":
        found.append(
            (
                checked.where(("project", "stage")),
                f"the project is not completed (its stage is {stage(proposal).lower()})",
            )
        )
    measures = proposal.outcomes.measures if proposal.outcomes else []
    if not measures:
        found.append((checked.where(("outcomes",)), "the proposal lists no measures of success"))
    for i, measure in enumerate(measures):
        if not (measure.result or "").strip():
            where = checked.where(("outcomes", "measures", i))
            found.append((where, f'the measure "{measure.name}" has no result'))
    return found


_MET = {True: "yes", False: "no", None: "not recorded"}


def _measures(measures: list[Measure]) -> Table:
    rows = (
        (
            m.name,
            m.baseline or NOT_GIVEN,
            m.target or NOT_GIVEN,
            m.result or NOT_REPORTED,
            _MET[m.target_met],
            m.data_source or NOT_GIVEN,
        )
        for m in measures
    )
    return table(("Measure", "Baseline", "Target", "Result", "Target met", "Data source"), rows)


def _outcomes(proposal: Proposal, parties: Parties) -> Section:
    blocks: list[Block] = []
    if proposal.objectives:
        blocks += [paragraph("The project's objectives:"), items(proposal.objectives)]
    outcomes = proposal.outcomes
    if outcomes and outcomes.measures:
        blocks += [paragraph("Each measure of success, as the proposal records it:")]
        blocks.append(_measures(outcomes.measures))
    else:
        blocks.append(paragraph("The proposal lists no measures of success."))
    if outcomes and outcomes.publication:
        blocks.append(paragraph(*outcomes_plan(outcomes.publication, parties)))
    return Section(OUTCOMES, tuple(blocks))


def _contributions_made(proposal: Proposal, parties: Parties) -> Text:
    contributions = proposal.contributions
    unrecorded = [c for c in contributions if c.made_as_agreed is None]
    if not contributions or unrecorded:
        return (FOR_THE_PARTNERS,)
    short = [c for c in contributions if c.made_as_agreed is False]
    if not short:
        return ("Yes: every contribution is recorded as made as agreed.",)
    notes = [
        f"{parties.name(c.party)}, {c.description.rstrip('.')}"
        + (f" ({c.delivery_note.rstrip('.')})" if c.delivery_note else "")
        for c in short
    ]
    return (f"No. Not made as agreed: {'; '.join(notes)}.",)


def _measures_met(proposal: Proposal) -> Text:
    measures = proposal.outcomes.measures if proposal.outcomes else []
    if not measures or any(m.target_met is None for m in measures):
        return (FOR_THE_PARTNERS,)
    missed = [m.name for m in measures if not m.target_met]
    met = len(measures) - len(missed)
    if not missed:
        return (f"Yes: all {len(measures)} measures met their targets.",)
    return (f"{met} of {len(measures)} measures met their targets. Not met: {joined(missed)}.",)


def _published(proposal: Proposal) -> Text:
    publication = proposal.outcomes.publication if proposal.outcomes else None
    if publication is None or not publication.published_url:
        return (FOR_THE_PARTNERS,)
    return ("Yes: see the publication under Outcomes above.",)


def _care_continues(proposal: Proposal) -> Text:
    exit_strategy = proposal.exit_strategy
    if exit_strategy and exit_strategy.patient_care_continuity:
        return (exit_strategy.patient_care_continuity,)
    return (FOR_THE_PARTNERS,)


def _reflection(proposal: Proposal, parties: Parties) -> Section:
    answers: list[tuple[str, Text]] = [
        (SHARED_VISION, (FOR_THE_PARTNERS,)),
        (CONTRIBUTIONS_MADE, _contributions_made(proposal, parties)),
        (EACH_BENEFITED, (FOR_THE_PARTNERS,)),
        (BUSINESS_CASE, (FOR_THE_PARTNERS,)),
        (SCALING, (FOR_THE_PARTNERS,)),
        (MEASURES_MET, _measures_met(proposal)),
        (PUBLISHED, _published(proposal)),
        (CARE_CONTINUES, _care_continues(proposal)),
    ]
    blocks: list[Block] = []
    for question, answer in answers:
        blocks += [paragraph(Strong(question)), paragraph(*answer)]
    return Section(REFLECTION, tuple(blocks))


def sections(proposal: Proposal) -> tuple[Section, ...]:
    parties = Parties(proposal)
    project = proposal.project
    outcomes = proposal.outcomes
    name: list[Block] = [paragraph(Strong(project.title))]
    facts: Text = (f"{project_type(proposal)}",)
    if project.reference:
        facts = (*facts, f", reference {project.reference}")
    name.append(paragraph(*facts, "."))
    overview = outcomes.overview if outcomes else None
    conclusions = outcomes.conclusions if outcomes else None
    learnings = outcomes.learnings if outcomes else []
    partners = Items(tuple((p.name, f" ({parties.kind(p.id)})") for p in proposal.parties))
    return (
        Section(NAME, tuple(name)),
        Section(PARTNERS, (partners,)),
        Section(DURATION, (paragraph(period(proposal)), paragraph(f"Stage: {stage(proposal)}."))),
        Section(OVERVIEW, (paragraph(overview or NOT_REPORTED),)),
        _outcomes(proposal, parties),
        Section(CONCLUSIONS, (paragraph(conclusions or NOT_REPORTED),)),
        Section(LEARNINGS, (items(learnings) if learnings else paragraph(NOT_REPORTED),)),
        _reflection(proposal, parties),
    )
