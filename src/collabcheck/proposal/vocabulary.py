"""The closed word lists of the proposal format: project types, stages, nations, party kinds,
and the kinds of contribution, topic, interest and measure."""

from __future__ import annotations

from typing import Literal, get_args

ProjectType = Literal["joint_working", "collaborative_working"]
# Each project type in words, for messages and listings.
PROJECT_TYPE_WORDS: dict[str, str] = {t: t.replace("_", " ") for t in get_args(ProjectType)}

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
    "patient_experience",
    "service_process",
    "nhs_resource",
    "sales_or_uptake",
]
