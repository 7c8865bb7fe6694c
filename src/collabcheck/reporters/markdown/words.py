"""Plain words for codes, dates, clauses and places in the board report."""

from __future__ import annotations

from datetime import date

from collabcheck.common.yamlpath import format_path
from collabcheck.reporters.markdown.markup import (
    escape,
    link_to,
)
from collabcheck.results import (
    Location,
    Reference,
    Severity,
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


PROJECT_TYPES = {
    "joint_working": "Joint working",
    "collaborative_working": "Collaborative working",
}


STAGES = {
    "proposal": "Proposal (being prepared; nothing is agreed yet)",
    "agreed": "Agreed (the agreement is signed; the project has not started)",
    "in_progress": "In progress",
    "completed": "Completed",
}


PARTY_KINDS = {
    "nhs_trust": "NHS trust",
    "integrated_care_board": "Integrated care board",
    "health_board": "NHS health board",
    "hsc_trust": "Health and Social Care trust (Northern Ireland)",
    "other_nhs_body": "Other NHS body",
    "pharmaceutical_company": "Pharmaceutical company",
    "other_healthcare_organisation": "Other healthcare organisation",
    "patient_organisation": "Patient organisation",
    "other_organisation": "Other organisation",
}


SEVERITY_WORDS = {
    Severity.ERROR: "mandatory",
    Severity.WARNING: "warning",
    Severity.INFO: "advisory",
}


PROBLEM_STAGES = {
    "read": "the file could not be read",
    "yaml": "the file is not valid YAML",
    "schema": "the file is not a valid proposal",
}


def day_text(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def in_words(code: str, names: dict[str, str]) -> str:
    return names.get(code) or escape(code.replace("_", " ").capitalize())


def clause_text(reference: Reference) -> str:
    text = escape(f"{reference.edition}, {reference.clause} ({reference.part.replace('_', ' ')})")
    return text if reference.verified else f"{text} **UNVERIFIED**"


def clause_in_full(reference: Reference) -> str:
    text = clause_text(reference)
    if source := link_to("source", reference.source_url):
        text += f" ({source})"
    return f"{text}. Note: {escape(reference.note)}" if reference.note else text


def sentence(text: str) -> str:
    """The text ending in one full stop, however it ended before."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def place_of(location: Location) -> str:
    text = escape(str(location))
    return f"{text} (field {escape(format_path(location.path))})" if location.path else text
