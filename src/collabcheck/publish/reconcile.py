"""Whether a proposal's transfers of value for a year add up to its disclosure plan.

For one calendar year, the transfers of value dated in it are added up for each company and
recipient, and compared, to the penny, with the entries for that year and recipient in the
company's disclosure plan (`disclosures[].entries`). Anything that keeps the two from being
compared, or from being disclosed, is a finding at its line and column:

- a transfer recorded as made with no date (it cannot be placed in a year), or dated in the
  year and still `planned` (the year has ended, so it was made or its date is wrong); an
  undated transfer still planned belongs to no year yet, and is left for the year it is made;
- a transfer from an id that is not a party, or from a party that is not a pharmaceutical
  company (Disclosure UK holds what companies give), or to an id that is not a party;
- a plan entry for the year whose company or recipient is not a party, that has no amount, or
  whose recipient has entries of more than one category that year;
- transfers with no plan entry (except to a patient organisation, whose support is disclosed in
  the company's own list of the patient organisations it supports), a plan entry with no
  transfers, and totals that differ.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from collabcheck.common.problems import FileProblem
from collabcheck.common.yamlpath import YamlPath, format_path
from collabcheck.proposal.model import Party
from collabcheck.publish.load import Loaded
from collabcheck.publish.money import pennies, pounds, total

COMPANY = "pharmaceutical_company"
# Support for a patient organisation, usually a contracted service under Clause 27, is disclosed
# in the company's own list of the patient organisations it supports, not as a collaborative
# working entry: transfers to one are exported only where the disclosure plan lists them.
DISCLOSED_ELSEWHERE = "patient_organisation"
Pair = tuple[str, str]  # (company id, recipient id)


@dataclass
class Reconciled:
    """A proposal's totals for the year that agree with its plan, and what does not."""

    amounts: dict[Pair, Decimal] = field(default_factory=dict)
    categories: dict[Pair, str] = field(default_factory=dict)
    findings: list[FileProblem] = field(default_factory=list)


class _Check:
    def __init__(self, loaded: Loaded, year: int) -> None:
        self.loaded = loaded
        self.year = year
        self.parties: dict[str, Party] = {p.id: p for p in loaded.proposal.parties}
        self.findings: list[FileProblem] = []

    def report(self, path: YamlPath, problem: str, fix: str) -> None:
        mark = self.loaded.doc.mark_of(path)
        message = f"{format_path(path)}: {problem}. Fix: {fix}"
        self.findings.append(FileProblem(message, self.loaded.name, mark.line, mark.column))

    def party(self, party_id: str, path: YamlPath, role: str) -> Party | None:
        found = self.parties.get(party_id)
        if found is None:
            self.report(
                path,
                f"{party_id!r} is not the id of a party, so the {role} cannot be named",
                f"use the id of an entry in parties, or add the {role} to parties with its "
                "name, kind, address and nation",
            )
        return found

    def company(self, party_id: str, path: YamlPath) -> bool:
        found = self.party(party_id, path, "company")
        if found is not None and found.kind != COMPANY:
            self.report(
                path,
                f"{party_id!r} is a party of kind {found.kind}, not a pharmaceutical company: "
                "Disclosure UK holds the transfers of value companies make",
                "name the company that gives the value; record what a partner gives under "
                "contributions",
            )
            return False
        return found is not None


def _transfers(check: _Check) -> dict[Pair, list[int]]:
    """The transfers of the year that can be disclosed, by company and recipient."""
    found: dict[Pair, list[int]] = defaultdict(list)
    for i, transfer in enumerate(check.loaded.proposal.transfers_of_value):
        path: YamlPath = ("transfers_of_value", i)
        if transfer.date is None:
            if transfer.status == "planned":
                continue
            check.report(
                path,
                f"the transfer of {pounds(total([transfer.value_gbp]))} is recorded as made but "
                f"has no date, so it cannot be told whether it belongs to {check.year}",
                "give the date it was made (transfers_of_value[].date)",
            )
            continue
        if transfer.date.year != check.year:
            continue
        if transfer.status == "planned":
            check.report(
                (*path, "status"),
                f"the transfer dated {transfer.date} is still planned, but {check.year} has ended",
                "record status: made once it has been made, or move its date if it has not",
            )
        valid_from = check.company(transfer.from_party, (*path, "from_party"))
        valid_to = check.party(transfer.to_party, (*path, "to_party"), "recipient") is not None
        if valid_from and valid_to:
            found[(transfer.from_party, transfer.to_party)].append(i)
    return found


@dataclass
class _Planned:
    entries: list[YamlPath] = field(default_factory=list)
    amounts: list[float] = field(default_factory=list)
    categories: set[str] = field(default_factory=set)
    incomplete: bool = False


def _plan(check: _Check) -> dict[Pair, _Planned]:
    """The plan entries of the year, by company and recipient."""
    found: dict[Pair, _Planned] = defaultdict(_Planned)
    for k, disclosure in enumerate(check.loaded.proposal.disclosures):
        entries = [(j, e) for j, e in enumerate(disclosure.entries) if e.year == check.year]
        if not entries:
            continue
        company = disclosure.disclosing_party
        valid_company = check.company(company, ("disclosures", k, "disclosing_party"))
        for j, entry in entries:
            path: YamlPath = ("disclosures", k, "entries", j)
            recipient = check.party(entry.recipient, (*path, "recipient"), "recipient")
            if not valid_company or recipient is None:
                continue
            planned = found[(company, entry.recipient)]
            planned.entries.append(path)
            planned.categories.add(entry.category)
            if entry.amount_gbp is None:
                planned.incomplete = True
                check.report(
                    path,
                    f"the entry for {entry.recipient!r} in {check.year} has no amount",
                    "give amount_gbp: the total of the transfers of value to it that year",
                )
            else:
                planned.amounts.append(entry.amount_gbp)
    return found


def reconcile(loaded: Loaded, year: int) -> Reconciled:
    check = _Check(loaded, year)
    transfers = _transfers(check)
    plan = _plan(check)
    result = Reconciled()
    values = loaded.proposal.transfers_of_value
    for pair in sorted(set(transfers) | set(plan)):
        company, recipient = pair
        indexes = transfers.get(pair, [])
        given = total(values[i].value_gbp for i in indexes)
        planned = plan.get(pair)
        if planned is None and check.parties[recipient].kind == DISCLOSED_ELSEWHERE:
            continue
        if planned is None:
            check.report(
                ("transfers_of_value", indexes[0]),
                f"the transfers of value from {company!r} to {recipient!r} dated in {year} "
                f"total {pounds(given)}, but the disclosure plan has no entry for them",
                f"add an entry to the disclosures of {company!r}: year: {year}, recipient: "
                f"{recipient}, amount_gbp: {pennies(given)}",
            )
            continue
        if planned.incomplete:
            continue
        if len(planned.categories) > 1:
            check.report(
                planned.entries[0],
                f"the entries for {recipient!r} in {year} have different categories "
                f"({', '.join(sorted(planned.categories))})",
                "give the transfers to one recipient in a year one category",
            )
            continue
        disclosed = total(planned.amounts)
        if not indexes:
            check.report(
                planned.entries[0],
                f"the disclosure plan gives {pounds(disclosed)} to {recipient!r} in {year}, but "
                f"no transfer of value from {company!r} to it is dated in {year}",
                "record the transfers of value (transfers_of_value) or correct the entry",
            )
        elif pennies(given) != pennies(disclosed):
            listed = ", ".join(f"transfers_of_value[{i}]" for i in indexes)
            check.report(
                (*planned.entries[0], "amount_gbp"),
                f"the disclosure plan gives {pounds(disclosed)} to {recipient!r} in {year}, but "
                f"the transfers of value to it dated in {year} total {pounds(given)} ({listed})",
                "make the entry's amount_gbp the total of the transfers, to the penny, or "
                "correct the transfers",
            )
        else:
            result.amounts[pair] = given
            result.categories[pair] = next(iter(planned.categories))
    result.findings = sorted(check.findings, key=lambda f: (f.line, f.column, f.message))
    return result
