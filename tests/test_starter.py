"""The starter proposal that `collabcheck init` writes: valid in form, failing until filled in."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from collabcheck.check import check_file
from collabcheck.packs import builtin_pack_dir, load_pack
from collabcheck.proposal.schema import MODELINE, proposal_schema
from collabcheck.proposal.validate import to_proposal
from collabcheck.results import Outcome
from collabcheck.starter import PLACEHOLDER, PROJECT_TYPES, starter_text
from collabcheck.yamlload import parse
from tests.helpers import AS_OF

TYPES = list(PROJECT_TYPES)


def fill_in(text: str) -> str:
    """What a person does with the starter: answer every TBC and give every value."""
    text = re.sub(rf"\b{PLACEHOLDER}\b", "A real answer, written by the project team", text)
    text = re.sub(r"value_gbp:\s*(#.*)?$", "value_gbp: 12000", text, flags=re.MULTILINE)
    return text.replace("value_gbp: 0", "value_gbp: 12000")


def check(text: str, tmp_path: Path) -> dict[str, Outcome]:
    path = tmp_path / "proposal.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_file(str(path), load_pack(builtin_pack_dir()), date.fromisoformat(AS_OF))
    assert result.problems == []
    return {f.rule_id: f.outcome for f in result.findings}


@pytest.mark.parametrize("project_type", TYPES)
def test_starter_follows_the_format_and_the_schema(project_type: str) -> None:
    text = starter_text(project_type)
    doc = parse(text)
    proposal = to_proposal(doc)
    assert not isinstance(proposal, list), proposal
    assert proposal.project.type == project_type
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
    body = lines[lines.index("format_version: 1") + 1 :]
    for i, line in enumerate(body):
        if not line.strip() or line.lstrip().startswith("#") or line.strip().startswith("- "):
            continue
        # Each field has a comment above it, beside it, or on its section or list.
        above = [x for x in body[max(0, i - 12) : i] if x.strip()]
        assert "#" in line or any(x.lstrip().startswith("#") for x in above), line


@pytest.mark.parametrize("project_type", TYPES)
def test_starter_fails_the_rules_until_filled_in(project_type: str, tmp_path: Path) -> None:
    outcomes = check(starter_text(project_type), tmp_path)
    failed = {rule for rule, outcome in outcomes.items() if outcome is Outcome.FAIL}
    assert {"benefit-test", "significant-contribution", "nhs-coi-declared"} <= failed
    if project_type == "collaborative_working":
        assert "patient-care-maintained" in failed


@pytest.mark.parametrize("project_type", TYPES)
def test_filled_in_starter_passes_every_rule(project_type: str, tmp_path: Path) -> None:
    text = fill_in(starter_text(project_type))
    assert PLACEHOLDER not in text
    outcomes = check(text, tmp_path)
    assert Outcome.FAIL not in outcomes.values(), outcomes
    assert Outcome.ERROR not in outcomes.values(), outcomes
    assert list(outcomes.values()).count(Outcome.PASS) >= 7


def test_joint_working_includes_an_nhs_party_and_patients_first(tmp_path: Path) -> None:
    proposal = to_proposal(parse(starter_text("joint_working")))
    assert not isinstance(proposal, list)
    assert proposal.parties[0].kind == "nhs_trust"
    assert proposal.benefits is not None and proposal.benefits.primary_beneficiary == "patients"
