"""The facts about a project that reports show: identity, parties and the key dates."""

from __future__ import annotations

from datetime import date

from collabcheck.common.dates import shift
from collabcheck.proposal.validate import ProposalData
from collabcheck.results import KeyDate, ProjectFacts

# Disclosure UK: each calendar year's transfers of value are disclosed in the first six months
# of the following year (requirements catalogue, section 4).
DISCLOSURE_MONTH_DAY = (6, 30)


def _dates(p: ProposalData) -> list[KeyDate]:
    found: list[KeyDate] = []

    def add(label: str, day: date | None, source: str) -> None:
        if day is not None:
            found.append(KeyDate(label, day, source))

    project, g = p["project"], p["governance"]
    if g and g["agreement"]:
        add(
            "Written agreement signed",
            g["agreement"]["signed_date"],
            "governance.agreement.signed_date",
        )
    if g and g["certification"]:
        certification = g["certification"]
        pid, summary = certification["project_initiation_document"], certification["summary"]
        add(
            "Project initiation document certified",
            pid["date"] if pid else None,
            "governance.certification.project_initiation_document.date",
        )
        add(
            "Summary certified",
            summary["date"] if summary else None,
            "governance.certification.summary.date",
        )
    if g and g["summary"]:
        add(
            "Summary published", g["summary"]["published_date"], "governance.summary.published_date"
        )
    add("Project starts", project["start_date"], "project.start_date")
    add("Project ends", project["end_date"], "project.end_date")
    publication = p["outcomes"]["publication"] if p["outcomes"] else None
    if publication and publication["due_date"]:
        add("Outcomes publication due", publication["due_date"], "outcomes.publication.due_date")
    else:
        try:
            due = shift(project["end_date"], months=6)
        except (ValueError, OverflowError):  # an end date in late 9999 has no such date
            due = None
        add("Outcomes publication due (end + 6 months)", due, "project.end_date + 6 months")
    if publication:
        add(
            "Outcomes published",
            publication["published_date"],
            "outcomes.publication.published_date",
        )
    years = sorted({t["date"].year for t in p["transfers_of_value"] if t["date"]})
    for year in (y for y in years if y < date.max.year):
        month, day = DISCLOSURE_MONTH_DAY
        add(
            f"Disclosure of {year} transfers of value due",
            date(year + 1, month, day),
            f"transfers_of_value dated {year}",
        )
    return sorted(found, key=lambda k: (k.day, k.label))


def project_facts(p: ProposalData, reference_at: tuple[int, int] = (1, 1)) -> ProjectFacts:
    project = p["project"]
    return ProjectFacts(
        title=project["title"],
        reference=project["reference"] or "",
        project_type=project["type"],
        stage=project["stage"],
        start_date=project["start_date"],
        end_date=project["end_date"],
        parties=tuple((party["name"], party["kind"]) for party in p["parties"]),
        key_dates=tuple(_dates(p)),
        reference_at=reference_at,
    )
