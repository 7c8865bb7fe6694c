"""The Disclosure UK entries for a calendar year, from the proposals' transfers of value.

One row for each proposal, disclosing company and recipient organisation with transfers of
value dated in the year; the amount is their total, once it agrees with the company's disclosure
plan (publish/reconcile.py). The rows of two proposals are never merged, because each links to
its own project's published summary. docs/disclosure.md says which Disclosure UK template
columns they cover.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields

from collabcheck.common.problems import FileProblem
from collabcheck.proposal.model import Party
from collabcheck.publish.load import Loaded
from collabcheck.publish.money import plain
from collabcheck.publish.reconcile import reconcile

COUNTRIES = {
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern_ireland": "Northern Ireland",
}


@dataclass(frozen=True, order=True)
class DisclosureRow:
    """One row, in the column order of the output. `amount_gbp` is written as `81375.00`."""

    company: str
    recipient: str
    recipient_address: str
    country: str
    year: int
    category: str
    amount_gbp: str
    summary_url: str
    project_reference: str
    project_title: str

    def values(self) -> tuple[str | int, ...]:
        return astuple(self)


COLUMNS = tuple(f.name for f in fields(DisclosureRow))


def _rows(loaded: Loaded, year: int) -> tuple[list[DisclosureRow], list[FileProblem]]:
    reconciled = reconcile(loaded, year)
    proposal = loaded.proposal
    parties: dict[str, Party] = {p.id: p for p in proposal.parties}
    summary = proposal.governance.summary if proposal.governance else None
    url = summary.published_url if summary and summary.published_url else ""
    rows: list[DisclosureRow] = []
    findings = list(reconciled.findings)
    if reconciled.amounts and not url:
        mark = loaded.doc.mark_of(("governance", "summary", "published_url"))
        findings.append(
            FileProblem(
                "governance.summary.published_url: a disclosure links to the project's "
                "published summary, and its address is not recorded. Fix: publish the summary "
                "and give its https:// address",
                loaded.name,
                mark.line,
                mark.column,
            )
        )
    for (company, recipient), amount in reconciled.amounts.items():
        organisation = parties[recipient]
        rows.append(
            DisclosureRow(
                company=parties[company].name,
                recipient=organisation.name,
                recipient_address=organisation.address or "",
                country=COUNTRIES[organisation.nation] if organisation.nation else "",
                year=year,
                category=reconciled.categories[(company, recipient)],
                amount_gbp=plain(amount),
                summary_url=url,
                project_reference=proposal.project.reference or "",
                project_title=proposal.project.title,
            )
        )
    return rows, findings


def _shared_references(proposals: list[Loaded]) -> list[FileProblem]:
    """Two files with one project reference would disclose one project's transfers twice."""
    by_reference: dict[str, list[Loaded]] = {}
    for loaded in proposals:
        reference = loaded.proposal.project.reference
        if reference:
            by_reference.setdefault(reference, []).append(loaded)
    found = []
    for reference, shared in by_reference.items():
        for loaded in shared[1:] if len(shared) > 1 else ():
            mark = loaded.doc.mark_of(("project", "reference"))
            found.append(
                FileProblem(
                    f"project.reference: {reference!r} is also the reference of {shared[0].name}, "
                    "so its transfers of value would be disclosed twice. Fix: give each project "
                    "its own reference, or leave the copy out",
                    loaded.name,
                    mark.line,
                    mark.column,
                )
            )
    return found


def disclosure_rows(
    proposals: list[Loaded], year: int
) -> tuple[list[DisclosureRow], list[FileProblem]]:
    """The rows in order (by company, recipient, project, then the rest), and the findings of
    every proposal, file by file."""
    rows: list[DisclosureRow] = []
    findings = _shared_references(proposals)
    for loaded in proposals:
        found_rows, found = _rows(loaded, year)
        rows.extend(found_rows)
        findings.extend(found)
    order = {loaded.name: i for i, loaded in enumerate(proposals)}
    findings.sort(key=lambda f: (order.get(f.file, 0), f.line, f.column, f.message))
    return sorted(rows), findings
