"""The proposal format (versions 1 and 2): a proposed collaborative or joint working project, or
another company arrangement, as pydantic models.

Only what identifies a project is required here. Everything the ABPI Code asks for is optional in
the format and required by the rule packs, so that a missing item is reported with the clause
that requires it. docs/proposal-format.md documents every field.

Both versions are read by the same models. A field marked `since(2)` exists only in version 2,
and one marked `until(1)` only in version 1; which version a document is comes from its own
format_version, passed in as the validation context (proposal/validate.py).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from collabcheck.proposal.checks import (
    VersionGate,
    exact_version,
    one_waiver_each,
    product_named,
    project_consistent,
    type_of_its_version,
    unique_party_ids,
)
from collabcheck.proposal.types import Attestation, Date, Money, Section
from collabcheck.proposal.vocabulary import (
    AgreementTopic,
    AmendedDocument,
    Audience,
    ContributionKind,
    GovernedBy,
    InterestKind,
    MaterialKind,
    MeasureKind,
    Nation,
    PartyKind,
    PidTopic,
    PrescribingLinkKind,
    ProjectType,
    Stage,
    SummaryTopic,
)
from collabcheck.proposal.waiver import Waiver


def since(version: int, replaces: str = "") -> AfterValidator:
    """A field that format versions before `version` do not have."""
    return AfterValidator(VersionGate("since", version, replaces))


def until(version: int, replaced_by: str) -> AfterValidator:
    """A field that format versions after `version` replace with another."""
    return AfterValidator(VersionGate("until", version, replaced_by))


class Classification(Section):
    is_clinical_research: bool | None = None
    is_event_sponsorship: bool | None = None
    is_contracted_service: bool | None = None
    is_donation_or_grant: bool | None = None


class Project(Section):
    title: str
    reference: str | None = None
    type: Annotated[ProjectType, AfterValidator(type_of_its_version)]
    governed_by: Annotated[GovernedBy | None, since(2)] = None
    stage: Stage
    rationale: str | None = None
    therapy_area: str | None = None
    start_date: Date
    end_date: Date
    classification: Classification | None = None

    _consistent = model_validator(mode="after")(project_consistent)


class Product(Section):
    """A medicine of a company that is a party, by its brand and generic names."""

    company: str
    brand: str | None = None
    generic: str | None = None

    _named = model_validator(mode="after")(product_named)


class Contact(Section):
    name: str
    job_title: str | None = None
    email: str | None = None


class Party(Section):
    id: str
    name: str
    kind: PartyKind
    nation: Nation | None = None
    abpi_code_bound: bool | None = None
    address: str | None = None
    website: str | None = None
    lead_contact: Contact | None = None
    responsibilities: Annotated[list[str], since(2)] = []


class Benefits(Section):
    patients: list[str] = []
    nhs: list[str] = []
    industry: list[str] = []
    primary_beneficiary: Literal["patients", "nhs"] | None = None
    patient_care_impact: Literal["enhanced", "maintained", "reduced"] | None = None
    patient_care_evidence: str | None = None
    return_on_investment: str | None = None
    assessment: Attestation | None = None


class Contribution(Section):
    party: str
    kind: ContributionKind
    description: str
    value_gbp: Money | None = None
    significance: Attestation | None = None
    made_as_agreed: Annotated[bool | None, since(2)] = None
    delivery_note: Annotated[str | None, since(2)] = None


class TransferOfValue(Section):
    from_party: str
    to_party: str
    kind: Literal["funding", "benefit_in_kind"]
    description: str
    value_gbp: Money
    date: Date | None = None
    status: Literal["planned", "made"] = "planned"
    milestone: str | None = None
    invoice_ref: str | None = None


class DisclosureEntry(Section):
    year: int
    recipient: str
    category: Literal["collaborative_working", "patient_organisation", "other"] = (
        "collaborative_working"
    )
    amount_gbp: Money | None = None
    submitted_date: Date | None = None


class Disclosure(Section):
    disclosing_party: str
    summary_link_in: Literal["disclosure_template", "methodological_note"] | None = None
    recipients_informed: bool | None = None
    entries: list[DisclosureEntry] = []


class Signatory(Section):
    name: str
    role: str
    party: str


class Agreement(Section):
    status: Literal["not_started", "draft", "signed"]
    signed_date: Date | None = None
    record_location: str | None = None
    signatories: list[Signatory] = []
    covers: list[AgreementTopic] = []
    formulary_basis: bool | None = None


class ProjectInitiationDocument(Section):
    prepared: bool
    version: str | None = None
    covers: list[PidTopic] = []


class CertificationRecord(Section):
    signatory: str
    signatory_profession: Literal["medical_practitioner", "pharmacist", "dentist", "other"]
    author: str | None = None
    date: Date | None = None
    final_version: bool | None = None


class Certification(Section):
    project_initiation_document: CertificationRecord | None = None
    summary: CertificationRecord | None = None


class Summary(Section):
    published_url: str | None = None
    published_date: Date | None = None
    partner_urls: list[str] = []
    covers: list[SummaryTopic] = []


class Member(Section):
    name: str
    role: str
    party: str
    decision_maker: bool | None = None


class SteeringGroup(Section):
    members: list[Member] = []
    terms_of_reference: str | None = None


class Approver(Section):
    party: str
    name: str
    role: str


class Approval(Section):
    body: str
    date: Date | None = None
    reference: str | None = None


class Amendment(Section):
    date: Date
    description: str
    agreed_by: list[str] = []
    impact: str | None = None
    changes_documents: Annotated[list[AmendedDocument], since(2)] = []
    summary_republished_date: Annotated[Date | None, since(2)] = None


class Governance(Section):
    agreement: Agreement | None = None
    project_initiation_document: ProjectInitiationDocument | None = None
    certification: Certification | None = None
    summary: Summary | None = None
    steering_group: SteeringGroup | None = None
    approvers: list[Approver] = []
    nhs_approval: Approval | None = None
    amendment_process: str | None = None
    amendments: list[Amendment] = []


class Declaration(Section):
    person: str
    role: str
    party: str
    decision_maker: bool
    interest: InterestKind
    description: str | None = None
    arose_date: Date | None = None
    declared_date: Date | None = None
    management: str | None = None


class ConflictsOfInterest(Section):
    register_ref: str | None = None
    declarations: list[Declaration] = []


class Representatives(Section):
    involved: bool
    role: str | None = None
    separation_from_promotion: str | None = None
    discuss_project_at_promotional_calls: Annotated[bool | None, since(2)] = None
    support_after_product_change: Annotated[bool | None, since(2)] = None


class PrescribingLink(Section):
    kind: PrescribingLinkKind
    statement: str | None = None


class Safeguards(Section):
    linked_to_prescribing: Annotated[
        bool | None, until(1, "safeguards.prescribing_link and safeguards.product_position")
    ] = None
    prescribing_link: Annotated[PrescribingLink | None, since(2, "linked_to_prescribing")] = None
    product_position: Annotated[bool | None, since(2)] = None
    switching_programme: bool | None = None
    medicines_reviews_open_to_all_options: bool | None = None
    benefits_to_individuals: bool | None = None
    clinical_decisions_by_nhs: bool | None = None
    company_involvement_declared: bool | None = None
    representatives: Representatives | None = None


class FundedPost(Section):
    """A post in a partner organisation paid for, in whole or part, by a company."""

    role: str
    employer: str  # the party id of the organisation the holder works for
    funded_by: str  # the party id of the company paying
    prescribes: bool | None = None
    recommends_treatment: bool | None = None
    formulary_role: bool | None = None
    no_promotion_statement: Attestation | None = None
    after_funding_ends: str | None = None


class MaterialCertification(Section):
    signatory: str
    signatory_profession: Literal["medical_practitioner", "pharmacist", "dentist", "other"]
    date: Date | None = None
    final_version: bool | None = None


class Material(Section):
    """A document used with patients, health professionals, the public or the NHS partner."""

    title: str
    kind: MaterialKind
    audience: list[Audience] = []
    version: str | None = None
    first_issued_date: Date | None = None
    company_role_statement: str | None = None
    certification: MaterialCertification | None = None


class Treatment(Section):
    name: str
    guideline_ref: str | None = None


class Dpia(Section):
    completed: bool
    date: Date | None = None
    reference: str | None = None


class CompanyDataAccess(Section):
    role: str
    qualification: str | None = None
    promotional_role: bool | None = None


class DataProtection(Section):
    patient_data_used: bool
    patient_identifiable_data: bool | None = None
    controller: str | None = None
    company_access: Literal["none", "anonymised_aggregated", "identifiable"] | None = None
    company_staff_with_access: list[CompanyDataAccess] = []
    lawful_basis: str | None = None
    dpia: Dpia | None = None


class Measure(Section):
    name: str
    kind: MeasureKind
    baseline: str | None = None
    target: str | None = None
    result: str | None = None
    data_source: str | None = None
    anonymised_aggregated: bool | None = None
    target_met: Annotated[bool | None, since(2)] = None


class OutcomePublication(Section):
    due_date: Date | None = None
    by_parties: list[str] = []
    published_url: str | None = None
    published_date: Date | None = None


class Outcomes(Section):
    measures: list[Measure] = []
    evaluation_owner: str | None = None
    publication: OutcomePublication | None = None
    overview: Annotated[str | None, since(2)] = None
    conclusions: Annotated[str | None, since(2)] = None
    learnings: Annotated[list[str], since(2)] = []


class ExitStrategy(Section):
    description: str | None = None
    patient_care_continuity: str | None = None
    early_termination_process: str | None = None


class CompetitionLaw(Section):
    lead_contracting_party: str | None = None
    safeguards: str | None = None


class PatientOrganisationInvolvement(Section):
    party: str
    arrangement: Literal["contracted_service", "partner", "advisory"]
    clause_27_statement: Attestation | None = None


class Proposal(Section):
    format_version: Annotated[Literal[1, 2], BeforeValidator(exact_version)]
    project: Project
    parties: Annotated[list[Party], Field(min_length=2), AfterValidator(unique_party_ids)]
    products: Annotated[list[Product], since(2)] = []
    objectives: list[str] = []
    benefits: Benefits | None = None
    contributions: list[Contribution] = []
    transfers_of_value: list[TransferOfValue] = []
    disclosures: list[Disclosure] = []
    governance: Governance | None = None
    conflicts_of_interest: ConflictsOfInterest | None = None
    safeguards: Safeguards | None = None
    treatments: list[Treatment] = []
    funded_posts: Annotated[list[FundedPost], since(2)] = []
    materials: Annotated[list[Material], since(2)] = []
    data_protection: DataProtection | None = None
    outcomes: Outcomes | None = None
    exit_strategy: ExitStrategy | None = None
    competition_law: CompetitionLaw | None = None
    patient_organisation_involvement: list[PatientOrganisationInvolvement] = []
    waivers: Annotated[list[Waiver], AfterValidator(one_waiver_each)] = []
