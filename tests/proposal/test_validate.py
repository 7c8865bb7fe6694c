from __future__ import annotations

import pytest

from collabcheck.loading.schema_errors import SchemaProblem
from collabcheck.loading.yamlload import parse
from collabcheck.proposal.validate import to_proposal
from tests.helpers import MINIMAL


def _problems(text: str) -> list[tuple[int, int, str]]:
    result = to_proposal(parse(text))
    assert isinstance(result, list), "expected schema problems"
    return [(p.mark.line, p.mark.column, p.message) for p in result]


def test_minimal_proposal_is_valid() -> None:
    proposal = to_proposal(parse(MINIMAL))
    assert isinstance(proposal, dict)
    assert proposal["project"]["start_date"].isoformat() == "2026-04-01"
    assert proposal["parties"][0]["kind"] == "nhs_trust"


def test_missing_field_points_at_the_mapping_that_should_hold_it() -> None:
    text = MINIMAL.replace("  title: Heart failure medicines optimisation\n", "")
    assert _problems(text) == [(2, 1, "project: the required field 'title' is missing")]


def test_missing_top_level_field() -> None:
    text = MINIMAL.replace("format_version: 1\n", "")
    assert _problems(text) == [
        (1, 1, "the top level: the required field 'format_version' is missing")
    ]


def test_unknown_key_suggests_the_field_meant() -> None:
    text = MINIMAL + "benefits:\n  patient: [Fewer admissions]\n"
    assert _problems(text) == [
        (16, 3, "benefits.patient: unknown field 'patient'; did you mean 'patients'?")
    ]


def test_unknown_top_level_key_without_a_close_match() -> None:
    problems = _problems(MINIMAL + "zzz: 1\n")
    assert problems == [(15, 1, "zzz: unknown field 'zzz'")]


def test_value_outside_a_closed_list_suggests_the_value_meant() -> None:
    text = MINIMAL.replace("type: joint_working", "type: joint-working")
    [(line, column, message)] = _problems(text)
    assert (line, column) == (4, 9)
    assert "'joint-working' is not one of: joint_working, collaborative_working" in message
    assert message.endswith("did you mean 'joint_working'?")


def test_yaml11_boolean_is_explained() -> None:
    text = MINIMAL + "    abpi_code_bound: yes\n"
    [(line, column, message)] = _problems(text)
    assert (line, column) == (15, 22)
    assert "expected true or false, got 'yes'" in message
    assert "YAML 1.1 would read yes as a boolean" in message


def test_number_where_text_is_expected_asks_for_quotes() -> None:
    text = MINIMAL.replace("title: Heart failure medicines optimisation", "title: 2026")
    assert _problems(text) == [
        (3, 10, "project.title: expected text, got 2026: put the value in quotes")
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-02-30", "2026-02-30 is not a real calendar date"),
        ("1 April 2026", "is not a date: write it as YYYY-MM-DD"),
    ],
)
def test_dates_must_be_real_iso_dates(value: str, words: str) -> None:
    text = MINIMAL.replace("start_date: 2026-04-01", f"start_date: {value}")
    [(line, column, message)] = _problems(text)
    assert (line, column) == (6, 15)
    assert words in message


def test_money_must_be_a_plain_non_negative_number() -> None:
    text = MINIMAL + (
        "contributions:\n  - party: trust\n    kind: people\n    description: Nurse time\n"
        "    value_gbp: 1_000\n  - party: trust\n    kind: funding\n    description: x\n"
        "    value_gbp: -5\n"
    )
    problems = _problems(text)
    assert problems[0][:2] == (19, 16) and "expected a number" in problems[0][2]
    assert problems[1][:2] == (23, 16) and "greater than or equal to 0" in problems[1][2]


def test_unsupported_format_version() -> None:
    [(line, column, message)] = _problems(MINIMAL.replace("format_version: 1", "format_version: 3"))
    assert (line, column) == (1, 17)
    assert "3 is not one of: 1, 2" in message


def test_problems_are_sorted_by_position() -> None:
    text = MINIMAL.replace("stage: proposal", "stage: draft").replace(
        "kind: nhs_trust", "kind: trust"
    )
    result = to_proposal(parse(text))
    assert isinstance(result, list)
    assert all(isinstance(p, SchemaProblem) for p in result)
    assert [p.mark.line for p in result] == sorted(p.mark.line for p in result)


def test_party_ids_must_be_unique() -> None:
    text = MINIMAL.replace("  - id: pharma", "  - id: trust")
    [(line, column, message)] = _problems(text)
    assert (line, column) == (8, 1)
    assert "parties[0] and parties[1] both have the id 'trust'" in message


def test_a_partnership_needs_at_least_two_parties() -> None:
    text = MINIMAL.split("  - id: pharma")[0]
    assert _problems(text) == [(8, 1, "parties: needs at least 2 entries, but has 1")]


@pytest.mark.parametrize("value", ["true", "1.0", "1e0", "'1'"])
def test_format_version_must_be_exactly_a_whole_number(value: str) -> None:
    [(line, column, message)] = _problems(
        MINIMAL.replace("format_version: 1", f"format_version: {value}")
    )
    assert (line, column) == (1, 17)
    assert "format_version must be a whole number" in message


def test_a_project_cannot_end_before_it_starts() -> None:
    text = MINIMAL.replace("end_date: 2027-03-31", "end_date: 2026-03-31")
    [(line, column, message)] = _problems(text)
    assert (line, column) == (2, 1)
    assert "the project ends (2026-03-31) before it starts (2026-04-01)" in message


# --- Format versions 1 and 2 ----------------------------------------------------------------

V2 = MINIMAL.replace("format_version: 1", "format_version: 2")


def test_a_version_2_proposal_may_use_the_new_fields() -> None:
    text = V2 + (
        "products:\n  - company: pharma\n    brand: Cardiofix\n    generic: examplesartan\n"
        "safeguards:\n  prescribing_link:\n    kind: none\n  product_position: false\n"
    )
    proposal = to_proposal(parse(text))
    assert isinstance(proposal, dict)
    assert proposal["products"][0]["brand"] == "Cardiofix"
    assert proposal["safeguards"] is not None
    assert proposal["safeguards"]["prescribing_link"] is not None


@pytest.mark.parametrize(
    ("added", "line", "column", "field"),
    [
        ("products:\n  - company: pharma\n    brand: Cardiofix\n", 15, 1, "products"),
        ("safeguards:\n  product_position: false\n", 16, 21, "product_position"),
        ("safeguards:\n  prescribing_link:\n    kind: none\n", 16, 3, "prescribing_link"),
        ("materials: []\n", 15, 1, "materials"),
    ],
)
def test_a_version_1_proposal_is_told_where_it_uses_a_version_2_field(
    added: str, line: int, column: int, field: str
) -> None:
    [(at_line, at_column, message)] = _problems(MINIMAL + added)
    assert (at_line, at_column) == (line, column)
    assert f"{field} is a field of format version 2" in message
    assert "format_version: 2" in message


def test_version_2_grades_the_prescribing_link_instead_of_a_yes_or_no() -> None:
    [(line, column, message)] = _problems(V2 + "safeguards:\n  linked_to_prescribing: false\n")
    assert (line, column) == (16, 26)
    assert "format version 2 replaces it with safeguards.prescribing_link" in message


def test_an_arrangement_outside_clause_20_says_what_governs_it() -> None:
    other = V2.replace("type: joint_working", "type: other_arrangement")
    [(_, _, message)] = _problems(other)
    assert "must say what governs it instead of Clause 20 (governed_by:" in message
    governed = other.replace(
        "type: other_arrangement", "type: other_arrangement\n  governed_by: contracted_service"
    )
    assert isinstance(to_proposal(parse(governed)), dict)
    [(_, _, message)] = _problems(
        V2.replace("type: joint_working", "type: joint_working\n  governed_by: sponsorship")
    )
    assert "governed_by is only for type other_arrangement" in message


def test_other_arrangement_is_a_version_2_value() -> None:
    text = MINIMAL.replace(
        "type: joint_working", "type: other_arrangement\n  governed_by: contracted_service"
    )
    messages = [m for _, _, m in _problems(text)]
    assert any("type other_arrangement is a value of format version 2" in m for m in messages)
