"""where filters answered from an entry's value alone must answer as the general filter does."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter

from collabcheck.engine.compile import Context, Scope
from collabcheck.engine.conditions import Condition
from collabcheck.engine.operators import compile_condition
from collabcheck.engine.operators.filters import compile_test, entry_test
from collabcheck.engine.paths import Frame
from collabcheck.proposal.model import Contribution, Party

_CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)

DATA: dict[str, Any] = {
    "project": {"title": "Heart failure", "type": "joint_working", "stage": "agreed"},
    "parties": [
        {"id": "trust", "kind": "nhs_trust", "abpi_code_bound": None, "name": "trust"},
        {"id": "pharma", "kind": "pharmaceutical_company", "abpi_code_bound": True},
        {"id": "icb", "kind": "integrated_care_board", "abpi_code_bound": 1},
        {"kind": None},
        "not a mapping",
    ],
    "contributions": [{"party": "pharma"}, {"party": "trust"}, {"party": "nobody"}],
    "governance": {"summary": {"covers": ["title", "period", "title", True, 1, None]}},
}

PARTY_FILTERS = [
    {"equals": {"path": "@.kind", "value": "nhs_trust"}},
    {"equals": {"path": "@.abpi_code_bound", "value": True}},
    {"equals": {"path": "$party.id", "value": "icb"}},
    {"equals": {"path": "@.id", "value_from": "@.name"}},
    {"equals": {"path": "@.id", "value_from": "$gift.party"}},
    {"equals": {"path": "project.type", "value": "joint_working"}},
    {"one_of": {"path": "@.kind", "values": ["nhs_trust", "integrated_care_board"]}},
    {"one_of": {"path": "@.abpi_code_bound", "values": [True]}},
    {
        "all": [
            {"equals": {"path": "@.id", "value_from": "$gift.party"}},
            {"not": {"equals": {"path": "@.kind", "value": "pharmaceutical_company"}}},
        ]
    },
    {
        "any": [
            {"equals": {"path": "@.kind", "value": "nhs_trust"}},
            {"one_of": {"path": "$party.kind", "values": ["integrated_care_board"]}},
        ]
    },
]


@pytest.mark.parametrize("condition", PARTY_FILTERS)
def test_a_value_filter_answers_as_the_general_filter(condition: dict[str, Any]) -> None:
    cond = _CONDITION.validate_python(condition)
    gift = Frame(DATA["contributions"][1], ("contributions", 1), "gift", None)
    scope = Scope(Party, bindings={"gift": Contribution, "party": Party})
    general = compile_test(cond, scope, ())
    by_value = entry_test(cond, "party")
    assert by_value is not None
    ctx = Context(DATA, date(2026, 11, 22))
    answers = [
        general(ctx, Frame(value, ("parties", i), "party", gift))
        for i, value in enumerate(DATA["parties"])
    ]
    assert [by_value(ctx, value, gift) for value in DATA["parties"]] == answers
    assert True in answers or condition == PARTY_FILTERS[5]


@pytest.mark.parametrize(
    "condition",
    [
        {"present": "@.name"},
        {"found_in": {"value": "@.id", "collection": "contributions", "key": "party"}},
        {"count": {"path": "contributions", "at_least": 1}},
        {"all": [{"equals": {"path": "@.kind", "value": "nhs_trust"}}, {"present": "@.name"}]},
        {"not": {"meaningful": "@.name"}},
    ],
)
def test_a_filter_that_may_need_positions_is_not_answered_by_value(
    condition: dict[str, Any],
) -> None:
    assert entry_test(_CONDITION.validate_python(condition), "party") is None


def test_a_named_outer_item_is_read_from_the_frames_around_the_list() -> None:
    condition = {
        "for_each": {
            "path": "contributions",
            "as": "gift",
            "check": {
                "count": {
                    "path": "parties",
                    "as": "party",
                    "where": {"equals": {"path": "$party.id", "value_from": "$gift.party"}},
                    "at_least": 1,
                }
            },
        }
    }
    compiled = compile_condition(_CONDITION.validate_python(condition), Scope(), ())
    verdict = compiled(Context(DATA, date(2026, 11, 22)), None)
    assert (verdict.ok, verdict.path) == (False, ("parties",))
    assert verdict.detail == "parties has 0 matching entries"


@pytest.mark.parametrize(
    ("path", "value", "found"),
    [("@", "title", 2), ("$cover", "period", 1), ("@", "contacts", 0)],
)
def test_counting_a_text_counts_only_equal_texts(path: str, value: str, found: int) -> None:
    condition = {
        "count": {
            "path": "governance.summary.covers",
            "as": "cover",
            "where": {"equals": {"path": path, "value": value}},
            "at_least": 1,
        }
    }
    compiled = compile_condition(_CONDITION.validate_python(condition), Scope(), ())
    verdict = compiled(Context(DATA, date(2026, 11, 22)), None)
    assert verdict.ok is (found > 0)
    assert verdict.detail == f"governance.summary.covers has {found} matching entries"
