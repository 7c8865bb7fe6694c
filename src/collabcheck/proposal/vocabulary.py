"""The closed word lists of the proposal format: project types, what governs an arrangement
outside Clause 20, stages, nations, party kinds, and the kinds of contribution, topic, interest,
measure, prescribing link and material."""

from __future__ import annotations

from typing import Literal

ProjectType = Literal["joint_working", "collaborative_working", "other_arrangement"]
# The project types Clause 20 governs; other_arrangement (format version 2) is any company
# arrangement outside it, checked only against the rules that bind any company activity.
CLAUSE_20_TYPES: tuple[ProjectType, ...] = ("joint_working", "collaborative_working")
# Each project type in words, for messages and listings.
PROJECT_TYPE_WORDS: dict[str, str] = {
    "joint_working": "joint working",
    "collaborative_working": "collaborative working",
    "other_arrangement": "an arrangement outside Clause 20",
}

# What governs an other_arrangement instead of Clause 20.
GovernedBy = Literal[
    "donation_or_grant",
    "sponsorship",
    "contracted_service",
    "clinical_research",
    "company_funded_service_or_post",
    "other",
]

Stage = Literal["proposal", "agreed", "in_progress", "completed"]

Nation = Literal["england", "scotland", "wales", "northern_ireland"]

PartyKind = Literal[
    "nhs_trust",
    "integrated_care_board",
    "health_board",
    "hsc_trust",
    "other_nhs_body",
    "pharmaceutical_company",
    "other_healthcare_organisation",
    "patient_organisation",
    "other_organisation",
]

ContributionKind = Literal[
    "people",
    "expertise",
    "equipment",
    "communication_channels",
    "information_technology",
    "data",
    "premises",
    "funding",
    "other",
]

AgreementTopic = Literal[
    "parties_date_and_term",
    "expected_benefits",
    "financial_arrangements",
    "roles_and_responsibilities",
    "success_measures",
    "publication_of_data_and_outcomes",
    "contingency_arrangements",
    "dispute_resolution",
    "exit_criteria",
    "code_breach_clause",
    "formulary_basis",
    "information_governance",
    "disclosure_of_transfers_of_value",
    "competition_law_safeguards",
    "summary_publication",
]

SummaryTopic = Literal[
    "title",
    "rationale",
    "objectives_and_benefits",
    "period",
    "financial_arrangements",
    "publication_plans",
    "contacts",
    "roles_and_responsibilities",
]

PidTopic = Literal[
    "title",
    "background",
    "aims_and_objectives",
    "expected_outcomes",
    "partners_and_leads",
    "start_and_end_dates",
    "exit_strategy",
    "structure_and_stakeholders",
]

InterestKind = Literal[
    "financial",
    "non_financial_professional",
    "non_financial_personal",
    "indirect",
    "none",
]

MeasureKind = Literal[
    "patient_outcome",
    "patient_reported_outcome",
    "patient_experience",
    "service_process",
    "nhs_resource",
    # Uptake of a public-health intervention open to every product, such as vaccination.
    "public_health_uptake",
    # Prescribing, sales or uptake of the company's own medicines: an inducement signal.
    "company_product_uptake",
    "sales_or_uptake",
]

# How the arrangement relates to prescribing, from no link to a position for the company's own
# product (format version 2; replaces safeguards.linked_to_prescribing).
PrescribingLinkKind = Literal[
    "none",
    "class_level_guideline",
    "arms_length_procurement",
    "private_supply_non_nhs",
    "company_product_position",
]

MaterialKind = Literal[
    "project_initiation_document",
    "summary",
    "business_case",
    "pathway",
    "protocol",
    "letter",
    "leaflet",
    "invitation",
    "web_page",
    "presentation",
    "other",
]

Audience = Literal["patients", "health_professionals", "nhs_partner", "public"]

# The documents an amendment can change, whose new version needs certifying again.
AmendedDocument = Literal["project_initiation_document", "summary"]
