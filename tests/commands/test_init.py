"""The starter proposal that `collabcheck init` writes: valid in form, failing until filled in."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
from jsonschema import Draft202012Validator

from collabcheck.commands.init import PLACEHOLDER, starter_text
from collabcheck.commands.schema import MODELINE, proposal_schema
from collabcheck.loading.yamlload import parse
from collabcheck.pipeline import check_file
from collabcheck.proposal import model
from collabcheck.proposal.validate import to_proposal
from collabcheck.proposal.vocabulary import CLAUSE_20_TYPES, ProjectType
from collabcheck.results import Outcome
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from tests.helpers import AS_OF

TYPES = list(get_args(ProjectType))
NHS_KINDS = {"nhs_trust", "integrated_care_board", "health_board", "other_nhs_body"}

# What the project team answers for each value with a TBC comment, and for a few TBC texts, by
# the field's path (list entries share their list's path). Other TBC texts get _text_answer.
ANSWERS = {
    "project.governed_by": "company_funded_service_or_post",
    "project.classification.is_donation_or_grant": "false",
    "project.classification.is_event_sponsorship": "false",
    "project.classification.is_contracted_service": "false",
    "project.classification.is_clinical_research": "false",
    "parties.abpi_code_bound": "true",
    "products.brand": "Cardiovex",
    "products.generic": "examplinib",
    "contributions.value_gbp": "12000",
    "transfers_of_value.value_gbp": "12000",
    "disclosures.summary_link_in": "disclosure_template",
    "disclosures.recipients_informed": "true",
    "disclosures.entries.amount_gbp": "12000",
    "governance.agreement.formulary_basis": "false",
    "governance.certification.project_initiation_document.signatory_profession": "pharmacist",
    "governance.certification.project_initiation_document.author": "Jo Writer",
    "governance.certification.summary.signatory_profession": "medical_practitioner",
    "governance.certification.summary.author": "Jo Writer",
    # Written on one line: fill_in changes lines, it does not add them.
    "safeguards.prescribing_link": "{kind: none, statement: No medicine is supplied through it}",
    "safeguards.product_position": "false",
    "safeguards.switching_programme": "false",
    "safeguards.medicines_reviews_open_to_all_options": "true",
    "safeguards.benefits_to_individuals": "false",
    "safeguards.clinical_decisions_by_nhs": "true",
    "safeguards.company_involvement_declared": "true",
    "safeguards.representatives.involved": "true",
    "safeguards.representatives.discuss_project_at_promotional_calls": "false",
    "safeguards.representatives.support_after_product_change": "false",
    "materials.certification.signatory_profession": "pharmacist",
    "data_protection.patient_data_used": "true",
    "data_protection.patient_identifiable_data": "true",
    "data_protection.company_access": "anonymised_aggregated",
}
# Answers the starter asks for only for some kinds of project.
ONLY_FOR = {
    "project.governed_by": {"other_arrangement"},
    **{
        f"project.classification.{question}": set(CLAUSE_20_TYPES)
        for question in (
            "is_donation_or_grant",
            "is_event_sponsorship",
            "is_contracted_service",
            "is_clinical_research",
        )
    },
}

# The dates and events of one project at each stage, on the --as-of date (2026-11-22).
STAGES: dict[str, dict[str, str]] = {
    # Still a proposal, starting after the --as-of date: nothing has been signed, published,
    # certified or declared yet, so those dates stay empty.
    "proposal": {
        "governance.project_initiation_document.prepared": "true",
        "project.start_date": "2027-04-01",
        "project.end_date": "2028-03-31",
        "outcomes.publication.due_date": "2028-09-29",
        "disclosures.entries.year": "2027",
    },
    # Under way: signed, certified, published and declared before it started.
    "in_progress": {
        "governance.project_initiation_document.prepared": "true",
        "project.stage": "in_progress",
        "project.start_date": "2026-04-01",
        "project.end_date": "2027-03-31",
        "outcomes.publication.due_date": "2027-09-30",
        "disclosures.entries.year": "2026",
        "transfers_of_value.date": "2026-05-04",
        "governance.agreement.status": "signed",
        "governance.agreement.signed_date": "2026-02-20",
        "governance.certification.project_initiation_document.date": "2026-03-02",
        "governance.certification.project_initiation_document.final_version": "true",
        "governance.certification.summary.date": "2026-03-02",
        "governance.certification.summary.final_version": "true",
        "governance.summary.published_date": "2026-03-10",
        "materials.certification.date": "2026-03-02",
        "materials.certification.final_version": "true",
        "materials.first_issued_date": "2026-03-10",
        "conflicts_of_interest.declarations.declared_date": "2026-01-15",
        "data_protection.dpia.completed": "true",
        "data_protection.dpia.date": "2026-02-02",
    },
    # Ended more than six months ago: paid, disclosed, measured and published as well.
    "completed": {
        "governance.project_initiation_document.prepared": "true",
        "project.stage": "completed",
        "project.start_date": "2025-01-06",
        "project.end_date": "2025-12-31",
        "outcomes.publication.due_date": "2026-06-30",
        "outcomes.publication.published_url": "https://www.company.example/outcomes/project",
        "outcomes.publication.published_date": "2026-04-30",
        "outcomes.measures.result": "A real result, measured against the baseline",
        "disclosures.entries.year": "2025",
        "disclosures.entries.submitted_date": "2026-03-31",
        "transfers_of_value.date": "2025-02-10",
        "transfers_of_value.status": "made",
        "transfers_of_value.invoice_ref": "INV-2025-0042",
        "governance.agreement.status": "signed",
        "governance.agreement.signed_date": "2024-12-02",
        "governance.certification.project_initiation_document.date": "2024-12-09",
        "governance.certification.project_initiation_document.final_version": "true",
        "governance.certification.summary.date": "2024-12-09",
        "governance.certification.summary.final_version": "true",
        "governance.summary.published_date": "2024-12-16",
        "materials.certification.date": "2024-12-09",
        "materials.certification.final_version": "true",
        "materials.first_issued_date": "2024-12-16",
        "conflicts_of_interest.declarations.declared_date": "2024-11-25",
        "data_protection.dpia.completed": "true",
        "data_protection.dpia.date": "2024-12-02",
    },
}

# Rules that a filled-in starter passes only from a given stage (before it, not applicable).
PASSES_FROM = {
    "in_progress": {
        "written-agreement-before-start",
        "every-party-signs-agreement",
        "agreement-org-level",
        "agreement-core-contents",
        "contingency-dispute-exit",
        "formulary-reference",
        "summary-published-before-start",
        "summary-contents",
        "summary-where",
        "certify-pid-and-summary",
        "joint-governance",
        "change-control",
        "nhs-coi-declared-in-time",
        "data-governance-before-start",
        "lawful-disclosure",
        "outcomes-publication-planned",
        "milestone-payments",
    },
    "completed": {"outcomes-published", "disclosure-timing"},
}

_FIELD = re.compile(
    r"^(?P<lead> *(?:- )?)(?P<key>[a-z_]+):(?: +(?P<value>[^#]*?))? *(?:#\s*(?P<note>.*))?$"
)
_ITEM = re.compile(r"^(?P<lead> *- )(?P<value>[^#:]*?) *$")
_PERSON = (
    "members.name",
    "approvers.name",
    "signatories.name",
    "lead_contact.name",
    ".person",
    ".signatory",
)


def _text_answer(path: str) -> str:
    """What a person writes in place of a TBC, by the kind of field."""
    if path.endswith("_url"):
        return "https://www.company.example/collaborative-working/project"
    if path.endswith(".email"):
        return "lead@organisation.example"
    if path.endswith(_PERSON):
        return "Alex Example"  # the same person in every role, so declarations match
    return "A real answer, written by the project team"


def _fields(lines: list[str]) -> Iterator[tuple[int, str, re.Match[str]]]:
    """Each `key: value` line with its dotted path (list entries share the list's path)."""
    stack: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        match = _FIELD.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        indent = len(match["lead"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match["key"]))
        yield i, ".".join(key for _, key in stack), match


def fill_in(text: str, stage: str = "proposal") -> str:
    """What a person does with the starter: answer every TBC and give every placeholder date;
    for a project past the proposal `stage`, also record what has happened, with its dates."""
    events = STAGES[stage]
    kind = re.search(r"^  type: ([a-z_]+)", text, re.M)
    project_type = kind[1] if kind else ""
    asks = {path for path in ANSWERS if project_type in ONLY_FOR.get(path, {project_type})}
    unused = asks | set(events)
    lines = text.splitlines()
    for i, path, match in _fields(lines):
        value = match["value"] or ""
        asked = value == PLACEHOLDER or (match["note"] or "").startswith(PLACEHOLDER)
        if path in events:
            new = events[path]
        elif asked and path in ANSWERS:
            new = ANSWERS[path]
        elif (asked and value != PLACEHOLDER) or value.startswith("2099"):
            raise AssertionError(f"fill_in has no answer for {path} ({lines[i].strip()})")
        elif value == PLACEHOLDER:
            new = _text_answer(path)
        else:
            continue
        unused.discard(path)
        lines[i] = f"{match['lead']}{match['key']}: {new}"
    for i, line in enumerate(lines):
        item = _ITEM.match(line)
        if item and item["value"] == PLACEHOLDER:
            lines[i] = f"{item['lead']}{_text_answer('')}"
    assert not unused, f"the starter no longer asks for {sorted(unused)}"
    return "\n".join(lines) + "\n"


def check(text: str, tmp_path: Path) -> dict[str, Outcome]:
    path = tmp_path / "proposal.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_file(str(path), load_pack(builtin_pack_dir()), date.fromisoformat(AS_OF))
    assert result.problems == []
    return {f.rule_id: f.outcome for f in result.findings}


def data(project_type: str) -> dict[str, Any]:
    doc: dict[str, Any] = parse(starter_text(project_type)).data
    return doc


@pytest.mark.parametrize("project_type", TYPES)
def test_starter_follows_the_format_and_the_schema(project_type: str) -> None:
    text = starter_text(project_type)
    doc = parse(text)
    proposal = to_proposal(doc)
    assert not isinstance(proposal, list), proposal
    assert proposal["project"]["type"] == project_type
    validator = Draft202012Validator(proposal_schema())
    assert [e.message for e in validator.iter_errors(doc.data)] == []


@pytest.mark.parametrize("project_type", TYPES)
def test_starter_starts_with_the_schema_line_and_says_how_to_use_it(project_type: str) -> None:
    lines = starter_text(project_type, "https://intranet.example/proposal.schema.json").splitlines()
    assert lines[0] == f"{MODELINE}https://intranet.example/proposal.schema.json"
    assert (
        lines[1]
        == f"# A starter {project_type.replace('_', ' ').upper()} proposal, written by `collabcheck init`."
    )
    assert any("Replace every TBC" in line for line in lines)


@pytest.mark.parametrize("project_type", TYPES)
def test_every_field_has_a_comment(project_type: str) -> None:
    lines = starter_text(project_type).splitlines()
    body = lines[lines.index("format_version: 2") + 1 :]
    for i, line in enumerate(body):
        if not line.strip() or line.lstrip().startswith("#") or line.strip().startswith("- "):
            continue
        # Each field has a comment above it, beside it, or on its section or list.
        above = [x for x in body[max(0, i - 12) : i] if x.strip()]
        assert "#" in line or any(x.lstrip().startswith("#") for x in above), line


@pytest.mark.parametrize("project_type", TYPES)
def test_starter_has_every_section_the_rules_look_at(project_type: str) -> None:
    doc = data(project_type)
    sections = set(typing.get_type_hints(model.Proposal))
    assert set(doc) == sections
    governance = doc["governance"]
    assert set(governance) == set(typing.get_type_hints(model.Governance)) - {"nhs_approval"}
    # Every safeguard of format version 2 (linked_to_prescribing is version 1's).
    assert set(doc["safeguards"]) == set(typing.get_type_hints(model.Safeguards)) - {
        "linked_to_prescribing"
    }
    assert set(doc["safeguards"]["representatives"]) == set(
        typing.get_type_hints(model.Representatives)
    )
    assert {m["kind"] for m in doc["materials"]} == {"project_initiation_document", "summary"}
    assert all(m["certification"] for m in doc["materials"])
    # Every topic of the agreement, the PID and the summary is on the list.
    assert governance["agreement"]["covers"] == list(typing.get_args(model.AgreementTopic))
    assert governance["project_initiation_document"]["covers"] == list(
        typing.get_args(model.PidTopic)
    )
    assert governance["summary"]["covers"] == list(typing.get_args(model.SummaryTopic))
    assert set(governance["certification"]) == {"project_initiation_document", "summary"}


@pytest.mark.parametrize("project_type", TYPES)
def test_starter_has_an_entry_for_every_party(project_type: str) -> None:
    doc = data(project_type)
    ids = [p["id"] for p in doc["parties"]]
    governance = doc["governance"]
    for entries in (
        doc["contributions"],
        governance["agreement"]["signatories"],
        governance["steering_group"]["members"],
        governance["approvers"],
    ):
        assert sorted({e["party"] for e in entries}) == sorted(ids)
    assert sorted(doc["outcomes"]["publication"]["by_parties"]) == sorted(ids)
    companies = [p["id"] for p in doc["parties"] if p["kind"] == "pharmaceutical_company"]
    for company in companies:
        kinds = {c["kind"] for c in doc["contributions"] if c["party"] == company}
        assert kinds - {"funding"}, "a company must bring more than money"
    payers = {t["from_party"] for t in doc["transfers_of_value"]}
    assert {d["disclosing_party"] for d in doc["disclosures"]} == payers
    for disclosure in doc["disclosures"]:
        paid = {t["to_party"] for t in doc["transfers_of_value"]}
        assert {e["recipient"] for e in disclosure["entries"]} == paid


@pytest.mark.parametrize("project_type", TYPES)
def test_starter_has_a_declaration_for_every_nhs_person(project_type: str) -> None:
    doc = data(project_type)
    nhs = {p["id"] for p in doc["parties"] if p["kind"] in NHS_KINDS}
    assert nhs
    governance = doc["governance"]
    people = [
        e
        for entries in (
            governance["steering_group"]["members"],
            governance["approvers"],
            governance["agreement"]["signatories"],
        )
        for e in entries
        if e["party"] in nhs
    ]
    declarations = doc["conflicts_of_interest"]["declarations"]
    assert len(declarations) == len(people)
    assert all(d["party"] in nhs for d in declarations)


def clause_20_rules() -> set[str]:
    """The rules for Clause 20 projects only: every rule not marked any_activity."""
    rules = load_pack(builtin_pack_dir()).rules
    return {c.rule.id for c in rules if "other_arrangement" not in c.rule.applies_to.project_types}


@pytest.mark.parametrize("project_type", CLAUSE_20_TYPES)
def test_starter_fails_the_rules_until_filled_in(project_type: str, tmp_path: Path) -> None:
    outcomes = check(starter_text(project_type), tmp_path)
    failed = {rule for rule, outcome in outcomes.items() if outcome is Outcome.FAIL}
    assert {"benefit-test", "significant-contribution", "nhs-coi-declared"} <= failed
    assert {"classification-answered", "code-bound-company-identified", "not-inducement"} <= failed
    if project_type == "collaborative_working":
        assert "patient-care-maintained" in failed


def test_other_arrangement_starter_is_not_checked_as_clause_20(tmp_path: Path) -> None:
    text = starter_text("other_arrangement")
    assert "classification" not in parse(text).data["project"]
    outcomes = check(text, tmp_path)
    assert {r for r in clause_20_rules() if outcomes[r] is not Outcome.NOT_APPLICABLE} == set()
    assert outcomes["proposal-format-current"] is Outcome.PASS


@pytest.mark.parametrize("stage", list(STAGES))
@pytest.mark.parametrize("project_type", TYPES)
def test_filled_in_starter_passes_every_rule(project_type: str, stage: str, tmp_path: Path) -> None:
    text = fill_in(starter_text(project_type), stage)
    values = "\n".join(line.split("#")[0] for line in text.splitlines())
    assert PLACEHOLDER not in values and "2099" not in values
    assert not re.search(rf"#\s*{PLACEHOLDER}\b", text)  # every TBC comment answered
    outcomes = check(text, tmp_path)
    failed = {r for r, outcome in outcomes.items() if outcome is Outcome.FAIL}
    # An other_arrangement is told, as information, which clause governs it instead.
    assert failed == (
        set() if project_type in CLAUSE_20_TYPES else {"route-company-funded-service-or-post"}
    ), outcomes
    assert Outcome.ERROR not in outcomes.values(), outcomes
    if project_type not in CLAUSE_20_TYPES:
        # Only the rules that bind any company activity apply; each of them passes.
        assert {r for r in clause_20_rules() if outcomes[r] is not Outcome.NOT_APPLICABLE} == set()
        assert outcomes["proposal-format-current"] is Outcome.PASS
        return
    assert list(outcomes.values()).count(Outcome.PASS) >= 7
    # The later a stage, the more rules apply; each is passed, not skipped.
    reached = list(STAGES)[: list(STAGES).index(stage) + 1]
    expected = {rule for s in reached for rule in PASSES_FROM.get(s, set())}
    later = {rule for s in STAGES if s not in reached for rule in PASSES_FROM.get(s, set())}
    assert {r for r in expected if outcomes[r] is not Outcome.PASS} == set()
    assert {r for r in later if outcomes[r] is not Outcome.NOT_APPLICABLE} == set()


def test_fill_in_knows_every_value_marked_tbc() -> None:
    marked = starter_text("joint_working").replace(
        "title: TBC", "title:  # TBC: a value fill_in has no answer for"
    )
    with pytest.raises(AssertionError, match=r"no answer for project\.title"):
        fill_in(marked)


def test_joint_working_includes_an_nhs_party_and_patients_first(tmp_path: Path) -> None:
    proposal = to_proposal(parse(starter_text("joint_working")))
    assert not isinstance(proposal, list)
    assert proposal["parties"][0]["kind"] == "nhs_trust"
    assert proposal["benefits"] is not None
    assert proposal["benefits"]["primary_beneficiary"] == "patients"


def test_every_project_type_has_a_starter_partner() -> None:
    from collabcheck.commands.init import _PARTNERS

    assert set(_PARTNERS) == set(TYPES)
