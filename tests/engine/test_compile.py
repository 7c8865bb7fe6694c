from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter

from collabcheck.engine.compile import Context, RuleError, Scope, places_of
from collabcheck.engine.conditions import Condition, Offset
from collabcheck.engine.operators import compile_condition
from collabcheck.engine.operators.dates import add_offset
from collabcheck.engine.specs import plain
from collabcheck.proposal.checks import is_placeholder

_CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)

DATA: dict[str, Any] = {
    "project": {
        "title": "Heart failure optimisation",
        "type": "joint_working",
        "stage": "in_progress",
        "start_date": date(2026, 4, 1),
        "end_date": date(2027, 8, 31),
        "rationale": "TBC",
    },
    "parties": [
        {"id": "trust", "kind": "nhs_trust", "abpi_code_bound": None},
        {"id": "pharma", "kind": "pharmaceutical_company", "abpi_code_bound": True},
    ],
    "objectives": [],
    "contributions": [
        {"party": "trust", "value_gbp": 0, "significance": {"statement": "n/a", "by": "Dr A"}},
        {
            "party": "pharma",
            "value_gbp": 90000.0,
            "significance": {"statement": "Two analysts", "by": "Dr B"},
        },
        {"party": "ghost", "value_gbp": 5.0, "significance": None},
    ],
    "governance": {
        "summary": {"published_date": date(2026, 3, 10), "published_url": "https://x.example/s"}
    },
}


def check(
    condition: dict[str, Any], as_of: date = date(2026, 11, 22)
) -> tuple[bool, str, tuple[Any, ...]]:
    compiled = compile_condition(_CONDITION.validate_python(condition), Scope(), ("check",))
    verdict = compiled(Context(DATA, as_of), None)
    return verdict.ok, verdict.detail, verdict.path


def compile_error(condition: dict[str, Any]) -> RuleError:
    with pytest.raises(RuleError) as caught:
        compile_condition(_CONDITION.validate_python(condition), Scope(), ("check",))
    return caught.value


@pytest.mark.parametrize(
    ("condition", "ok"),
    [
        ({"present": "project.title"}, True),
        ({"present": "project.reference"}, False),
        ({"present": "objectives"}, False),
        ({"present": "project.rationale"}, True),
        ({"meaningful": "project.rationale"}, False),
        ({"meaningful": "project.title"}, True),
        ({"meaningful": "governance.summary.published_url"}, True),
        ({"equals": {"path": "project.type", "value": "joint_working"}}, True),
        ({"one_of": {"path": "project.stage", "values": ["agreed", "in_progress"]}}, True),
        ({"one_of": {"path": "project.stage", "values": ["agreed", "completed"]}}, False),
        (  # 0 and 90000.0 are one of 0 and 90000; the contribution without one is skipped
            {
                "for_each": {
                    "path": "contributions",
                    "where": {"present": "@.significance"},
                    "check": {"one_of": {"path": "@.value_gbp", "values": [0, 90000]}},
                }
            },
            True,
        ),
        (  # a missing value is not true
            {
                "for_each": {
                    "path": "parties",
                    "check": {"one_of": {"path": "@.abpi_code_bound", "values": [True]}},
                }
            },
            False,
        ),
        ({"length": {"path": "project.title", "at_least": 5}}, True),
        ({"length": {"path": "objectives", "at_least": 1}}, False),
        ({"count": {"path": "parties", "exactly": 2}}, True),
        (
            {
                "count": {
                    "path": "contributions",
                    "where": {"compare": {"path": "@.value_gbp", "more_than": 10}},
                    "exactly": 1,
                }
            },
            True,
        ),
        ({"matches": {"path": "governance.summary.published_url", "pattern": "^https://"}}, True),
        ({"matches": {"path": "project.title", "pattern": "^Kidney"}}, False),
        ({"all": [{"present": "project.title"}, {"present": "project.reference"}]}, False),
        ({"any": [{"present": "project.reference"}, {"present": "project.title"}]}, True),
        ({"not": {"present": "project.reference"}}, True),
        (
            {
                "for_each": {
                    "path": "parties",
                    "check": {
                        "found_in": {"value": "@.id", "collection": "contributions", "key": "party"}
                    },
                }
            },
            True,
        ),
        (
            {
                "for_each": {
                    "path": "contributions",
                    "check": {
                        "found_in": {"value": "@.party", "collection": "parties", "key": "id"}
                    },
                }
            },
            False,
        ),
        (
            {
                "for_each": {
                    "path": "contributions",
                    "where": {"present": "@.significance"},
                    "check": {"meaningful": "@.significance"},
                }
            },
            False,
        ),
        (
            {
                "for_each": {
                    "path": "contributions",
                    "where": {"compare": {"path": "@.value_gbp", "at_least": 1000}},
                    "check": {"meaningful": "@.significance"},
                }
            },
            True,
        ),
    ],
)
def test_operators(condition: dict[str, Any], ok: bool) -> None:
    assert check(condition)[0] is ok


def test_equals_does_not_confuse_true_with_one() -> None:
    compiled = compile_condition(
        _CONDITION.validate_python(
            {
                "for_each": {
                    "path": "parties",
                    "check": {"equals": {"path": "@.abpi_code_bound", "value": True}},
                }
            }
        ),
        Scope(),
        (),
    )
    data = {**DATA, "parties": [{"id": "x", "abpi_code_bound": 1}]}
    assert not compiled(Context(data, date(2026, 1, 1)), None).ok


def test_failing_for_each_reports_the_first_failing_item_and_counts_the_rest() -> None:
    ok, detail, path = check(
        {
            "for_each": {
                "path": "contributions",
                "check": {"compare": {"path": "@.value_gbp", "more_than": 10}},
            }
        }
    )
    assert not ok
    assert path == ("contributions", 0, "value_gbp")
    assert detail == "contributions[0].value_gbp is 0 (and 1 more)"


def test_found_in_explains_the_mismatch() -> None:
    ok, detail, path = check(
        {
            "for_each": {
                "path": "contributions",
                "check": {"found_in": {"value": "@.party", "collection": "parties", "key": "id"}},
            }
        }
    )
    assert not ok
    assert path == ("contributions", 2, "party")
    assert (
        detail
        == "contributions[2].party is 'ghost', which does not match the id of any entry in parties"
    )


@pytest.mark.parametrize(
    ("ref", "op", "ok"),
    [
        ({"path": "project.start_date"}, "on_or_before", True),
        ({"path": "project.start_date"}, "after", False),
        ({"as_of": True}, "before", True),
        ({"as_of": True, "plus": {"months": -9}}, "before", False),
    ],
)
def test_date_comparisons(ref: dict[str, Any], op: str, ok: bool) -> None:
    result = check({"date": {"path": "governance.summary.published_date", op: ref}})
    assert result[0] is ok


def test_date_detail_names_both_dates() -> None:
    ok, detail, _ = check(
        {
            "date": {
                "path": "project.end_date",
                "on_or_before": {"path": "project.start_date", "plus": {"months": 6}},
            }
        }
    )
    assert not ok
    assert detail == (
        "project.end_date is 2027-08-31, not on or before project.start_date + 6 months (2026-10-01)"
    )


def test_date_against_a_missing_field_fails_and_says_so() -> None:
    ok, detail, path = check(
        {
            "date": {
                "path": "governance.agreement.signed_date",
                "before": {"path": "project.start_date"},
            }
        }
    )
    assert not ok and detail == "governance.agreement.signed_date is missing"
    assert path == ("governance", "agreement", "signed_date")


@pytest.mark.parametrize(
    ("day", "offset", "expected"),
    [
        (date(2027, 8, 31), Offset(months=6), date(2028, 2, 29)),
        (date(2027, 3, 31), Offset(months=-1), date(2027, 2, 28)),
        (date(2026, 12, 31), Offset(years=1, days=1), date(2028, 1, 1)),
        (date(2026, 1, 15), Offset(months=12), date(2027, 1, 15)),
    ],
)
def test_offsets_clamp_to_the_end_of_the_month(day: date, offset: Offset, expected: date) -> None:
    assert add_offset(day, plain(offset)) == expected


def test_catastrophic_pattern_runs_in_linear_time() -> None:
    data = {**DATA, "project": {**DATA["project"], "title": "a" * 100_000}}
    compiled = compile_condition(
        _CONDITION.validate_python({"matches": {"path": "project.title", "pattern": "^(a+)+$b"}}),
        Scope(),
        (),
    )
    assert not compiled(Context(data, date(2026, 1, 1)), None).ok


@pytest.mark.parametrize(
    ("condition", "words", "where"),
    [
        (
            {"present": "project.titel"},
            "no field 'titel' here; did you mean 'title'?",
            ("check", "present"),
        ),
        (
            {"present": "parties.kind"},
            "goes through the list 'parties': use for_each or count",
            ("check", "present"),
        ),
        ({"present": "@.kind"}, "only works inside for_each, where or count", ("check", "present")),
        ({"present": "Project Title"}, "is not a field path", ("check", "present")),
        (
            {"equals": {"path": "project.type", "value": "joint-working"}},
            "'joint-working' is never a value of 'project.type'",
            ("check", "equals", "value"),
        ),
        (
            {"equals": {"path": "parties", "value": "x"}},
            "'parties' holds a list or a section",
            ("check", "equals", "value"),
        ),
        (
            {"compare": {"path": "project.title", "at_least": 1}},
            "is not a number field",
            ("check", "compare", "path"),
        ),
        (
            {"date": {"path": "project.title", "before": {"as_of": True}}},
            "is not a date field",
            ("check", "date", "path"),
        ),
        (
            {"date": {"path": "project.end_date", "before": {"path": "project.title"}}},
            "is not a date field",
            ("check", "date", "before", "path"),
        ),
        (
            {"matches": {"path": "project.title", "pattern": "(a)\\1"}},
            "invalid pattern",
            ("check", "matches", "pattern"),
        ),
        (
            {"matches": {"path": "project.start_date", "pattern": "x"}},
            "is not a text field",
            ("check", "matches", "path"),
        ),
        (
            {"for_each": {"path": "project", "check": {"present": "@.title"}}},
            "'project' is not a list",
            ("check", "for_each", "path"),
        ),
        (
            {"found_in": {"value": "project.title", "collection": "parties", "key": "idd"}},
            "have no field 'idd'",
            ("check", "found_in", "key"),
        ),
        (
            {"for_each": {"path": "parties", "check": {"present": "@.nmae"}}},
            "did you mean 'name'?",
            ("check", "for_each", "check", "present"),
        ),
    ],
)
def test_rule_mistakes_are_caught_when_compiling(
    condition: dict[str, Any], words: str, where: tuple[Any, ...]
) -> None:
    error = compile_error(condition)
    assert words in error.message
    assert error.where == where


def test_equals_accepts_a_number_for_a_number_literal() -> None:
    compile_condition(
        _CONDITION.validate_python({"equals": {"path": "format_version", "value": 1}}), Scope(), ()
    )


@pytest.mark.parametrize(
    "text", ["\u2014", "***", "/", "_", "n.a.", "N/A", "  TBC  ", "Lorem ipsum dolor", "?"]
)
def test_placeholders_and_punctuation_are_not_meaningful(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize(
    "text", ["Trust records office, ref 12", "NA-12 register", "None of the staff are paid"]
)
def test_real_text_is_meaningful(text: str) -> None:
    assert not is_placeholder(text)


JOIN_DATA: dict[str, Any] = {
    **DATA,
    "transfers_of_value": [
        {"from_party": "pharma", "to_party": "trust", "date": date(2026, 5, 1), "value_gbp": 10.0},
        {"from_party": "pharma", "to_party": "trust", "date": date(2027, 5, 1), "value_gbp": 20.0},
    ],
    "disclosures": [
        {
            "disclosing_party": "pharma",
            "entries": [{"year": 2026, "recipient": "trust", "category": "collaborative_working"}],
        }
    ],
}

EVERY_PAYMENT_DISCLOSED = {
    "for_each": {
        "path": "transfers_of_value",
        "as": "payment",
        "check": {
            "count": {
                "path": "disclosures",
                "as": "disclosure",
                "where": {
                    "all": [
                        {
                            "equals": {
                                "path": "@.disclosing_party",
                                "value_from": "$payment.from_party",
                            }
                        },
                        {
                            "count": {
                                "path": "$disclosure.entries",
                                "where": {
                                    "all": [
                                        {
                                            "equals": {
                                                "path": "@.recipient",
                                                "value_from": "$payment.to_party",
                                            }
                                        },
                                        {"in_year": {"date": "$payment.date", "year": "@.year"}},
                                    ]
                                },
                                "at_least": 1,
                            }
                        },
                    ]
                },
                "at_least": 1,
            }
        },
    }
}


def run_on(
    data: dict[str, Any], condition: dict[str, Any], as_of: date = date(2026, 11, 22)
) -> Any:
    compiled = compile_condition(_CONDITION.validate_python(condition), Scope(), ("check",))
    return compiled(Context(data, as_of), None)


def test_named_items_join_lists_across_levels() -> None:
    verdict = run_on(JOIN_DATA, EVERY_PAYMENT_DISCLOSED)
    assert not verdict.ok
    assert verdict.path == ("disclosures",)
    assert verdict.detail == "disclosures has 0 matching entries"
    fixed = {
        **JOIN_DATA,
        "disclosures": [
            {
                "disclosing_party": "pharma",
                "entries": [
                    {"year": 2026, "recipient": "trust"},
                    {"year": 2027, "recipient": "trust"},
                ],
            }
        ],
    }
    assert run_on(fixed, EVERY_PAYMENT_DISCLOSED).ok


def test_value_from_compares_two_fields() -> None:
    same = {
        "for_each": {
            "path": "contributions",
            "check": {"not": {"equals": {"path": "@.party", "value_from": "project.title"}}},
        }
    }
    assert run_on(DATA, same).ok
    verdict = run_on(DATA, {"equals": {"path": "project.stage", "value_from": "project.type"}})
    assert not verdict.ok
    assert (
        verdict.detail
        == "project.stage is 'in_progress', not the same as project.type ('joint_working')"
    )


@pytest.mark.parametrize(
    ("ref", "ok"),
    [
        ({"day": "2026-03-31"}, True),
        ({"day": "2026-03-09"}, False),
        (
            {
                "path": "governance.summary.published_date",
                "to_year_end": True,
                "plus": {"months": 6},
            },
            True,
        ),
    ],
)
def test_fixed_days_and_year_ends(ref: dict[str, Any], ok: bool) -> None:
    # published 2026-03-10; "on or before" the reference
    condition = {"date": {"path": "governance.summary.published_date", "on_or_before": ref}}
    assert run_on(DATA, condition).ok is ok


def test_year_end_plus_six_months_is_the_disclosure_deadline() -> None:
    condition = {
        "date": {
            "path": "project.start_date",
            "on_or_after": {
                "path": "governance.summary.published_date",
                "to_year_end": True,
                "plus": {"months": 6},
            },
        }
    }
    verdict = run_on(DATA, condition)
    assert verdict.detail.endswith(
        "the end of the year of governance.summary.published_date + 6 months (2027-06-30)"
    )


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ({"present": "$payment.date"}, "no list item is named 'payment'"),
        (
            {"for_each": {"path": "parties", "as": "party", "check": {"present": "$party.nmae"}}},
            "did you mean 'name'?",
        ),
        (
            {"equals": {"path": "project.title", "value_from": "project.start_date"}},
            "hold different kinds of value",
        ),
        ({"in_year": {"date": "project.title", "year": "format_version"}}, "is not a date field"),
        (
            {"in_year": {"date": "project.start_date", "year": "project.title"}},
            "is not a whole-number field",
        ),
    ],
)
def test_new_operator_mistakes_are_caught_when_compiling(
    condition: dict[str, Any], words: str
) -> None:
    assert words in compile_error(condition).message


# --- Where a failure fails (for waivers limited to one place) --------------------------------


def places(condition: dict[str, Any], data: dict[str, Any] | None = None) -> Any:
    compiled = compile_condition(_CONDITION.validate_python(condition), Scope(), ("check",))
    verdict = compiled(Context(data or DATA, date(2026, 11, 22)), None)
    assert not verdict.ok
    return places_of(verdict)


def test_a_plain_failure_fails_at_its_path() -> None:
    assert places({"present": "project.reference"}) == ("at", ("project", "reference"))


def test_every_gap_of_a_meaningful_list_is_a_place() -> None:
    data = {**DATA, "objectives": ["Real aim", "TBC", "n/a"]}
    assert places({"meaningful": "objectives"}, data) == (
        "all",
        (("at", ("objectives", 1)), ("at", ("objectives", 2))),
    )


def test_all_reports_the_later_failures_too_without_changing_the_outcome() -> None:
    condition = {"all": [{"present": "project.reference"}, {"meaningful": "project.rationale"}]}
    ok, detail, path = check(condition)
    assert (ok, path) == (False, ("project", "reference"))
    assert "rationale" not in detail  # the message is about the first failure, as before
    assert places(condition) == (
        "all",
        (("at", ("project", "reference")), ("at", ("project", "rationale"))),
    )


def test_an_error_in_a_later_part_of_all_leaves_the_outcome_a_failure() -> None:
    condition = {
        "all": [
            {"present": "project.reference"},
            {
                "date": {
                    "path": "project.end_date",
                    "before": {"day": "9999-12-31", "plus": {"days": 1}},
                }
            },
        ]
    }
    ok, _, path = check(condition)
    assert (ok, path) == (False, ("project", "reference"))
    kind, parts = places(condition)
    assert kind == "all" and parts[1][0] == "unknown"


def test_any_fails_wherever_each_alternative_fails() -> None:
    condition = {"any": [{"present": "project.reference"}, {"meaningful": "project.rationale"}]}
    assert places(condition) == (
        "any",
        (("at", ("project", "reference")), ("at", ("project", "rationale"))),
    )


def test_not_over_a_combination_cannot_be_narrowed() -> None:
    condition = {
        "not": {
            "any": [
                {"equals": {"path": "project.stage", "value": "in_progress"}},
                {"equals": {"path": "project.type", "value": "joint_working"}},
            ]
        }
    }
    assert places(condition)[0] == "unknown"
    leaf = {"not": {"equals": {"path": "project.stage", "value": "in_progress"}}}
    assert places(leaf) == ("at", ("project", "stage"))


def test_every_operator_has_exactly_the_one_compiler_its_family_registers() -> None:
    import collabcheck.engine.operators  # noqa: F401  (registers the compilers)
    from collabcheck.engine.compile import COMPILERS
    from collabcheck.engine.conditions import OPERATORS

    assert set(COMPILERS) == set(OPERATORS)
    assert len(COMPILERS) == len(OPERATORS)
