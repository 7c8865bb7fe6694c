"""Conditions in plain English: every operator has wording, and so has every built-in rule."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from collabcheck.engine.conditions import OPERATORS, Condition
from collabcheck.engine.describe import describe
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir

_CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)

NHS_TRUST = {"equals": {"path": "@.kind", "value": "nhs_trust"}}
PARTY_DECLARED = {"found_in": {"value": "@.party", "collection": "parties", "key": "id"}}

# One condition per operator, with its wording and the wording of its negation (`not: ...`).
SAMPLES: dict[str, tuple[dict[str, Any], str, str]] = {
    "present": (
        {"present": "governance.summary.published_date"},
        "governance.summary.published_date is given",
        "governance.summary.published_date is not given",
    ),
    "meaningful": (
        {"meaningful": "project.title"},
        "project.title is given and is not a placeholder",
        "project.title is missing, empty or a placeholder",
    ),
    "equals": (
        {"equals": {"path": "project.stage", "value": "completed"}},
        "project.stage is 'completed'",
        "project.stage is not 'completed'",
    ),
    "one_of": (
        {"one_of": {"path": "project.stage", "values": ["agreed", "in_progress"]}},
        "project.stage is one of 'agreed', 'in_progress'",
        "project.stage is none of 'agreed', 'in_progress'",
    ),
    "compare": (
        {"compare": {"path": "@.value_gbp", "more_than": 0}},
        "its value_gbp is more than 0",
        "it is not the case that its value_gbp is more than 0",
    ),
    "length": (
        {"length": {"path": "objectives", "at_least": 1}},
        "the length of objectives is at least 1",
        "it is not the case that the length of objectives is at least 1",
    ),
    "count": (
        {"count": {"path": "parties", "where": NHS_TRUST, "at_least": 1}},
        "the number of entries in parties where its kind is 'nhs_trust' is at least 1",
        "it is not the case that the number of entries in parties where its kind is 'nhs_trust' "
        "is at least 1",
    ),
    "mentions": (
        {
            "mentions": {
                "path": "objectives",
                "words": ["formulary", "market share"],
                "words_from": {"path": "products", "fields": ["brand", "generic"]},
            }
        },
        "objectives mentions any of the brand or generic of the entries in products, "
        "'formulary', 'market share'",
        "objectives mentions none of the brand or generic of the entries in products, "
        "'formulary', 'market share'",
    ),
    "matches": (
        {"matches": {"path": "governance.summary.published_url", "pattern": "^https://"}},
        "governance.summary.published_url matches the pattern '^https://'",
        "it is not the case that governance.summary.published_url matches the pattern '^https://'",
    ),
    "date": (
        {
            "date": {
                "path": "governance.agreement.signed_date",
                "on_or_before": {"path": "project.start_date", "plus": {"days": -7}},
            }
        },
        "governance.agreement.signed_date is on or before project.start_date - 7 days",
        "it is not the case that governance.agreement.signed_date is on or before "
        "project.start_date - 7 days",
    ),
    "all": (
        {"all": [{"present": "project.rationale"}, {"meaningful": "objectives"}]},
        "project.rationale is given and objectives is given and is not a placeholder",
        "it is not the case that (project.rationale is given and objectives is given and is not "
        "a placeholder)",
    ),
    "any": (
        {
            "any": [
                {"present": "project.rationale"},
                {"equals": {"path": "project.stage", "value": "proposal"}},
            ]
        },
        "project.rationale is given or project.stage is 'proposal'",
        "it is not the case that (project.rationale is given or project.stage is 'proposal')",
    ),
    "not": (
        {"not": {"equals": {"path": "@.abpi_code_bound", "value": False}}},
        "its abpi_code_bound is not false",
        "it is not the case that its abpi_code_bound is not false",
    ),
    "for_each": (
        {"for_each": {"path": "contributions", "check": PARTY_DECLARED}},
        "for each entry in contributions, its party is the id of an entry in parties",
        "it is not the case that for each entry in contributions, its party is the id of an "
        "entry in parties",
    ),
    "found_in": (
        PARTY_DECLARED,
        "its party is the id of an entry in parties",
        "it is not the case that its party is the id of an entry in parties",
    ),
    "in_year": (
        {"in_year": {"date": "$payment.date", "year": "@.year"}},
        "the year of the payment.date is its year",
        "the year of the payment.date is not its year",
    ),
}


def test_there_is_a_sample_for_every_operator() -> None:
    assert sorted(SAMPLES) == sorted(OPERATORS)


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_every_operator_reads_as_plain_english(operator: str) -> None:
    raw, wording, negated = SAMPLES[operator]
    cond = _CONDITION.validate_python(raw)
    assert isinstance(cond, OPERATORS[operator])
    assert describe(cond) == wording
    assert describe(_CONDITION.validate_python({"not": raw})) == negated


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_every_operator_reads_inside_the_others(operator: str) -> None:
    raw = SAMPLES[operator][0]
    wording = describe(_CONDITION.validate_python(raw))
    nested = {"for_each": {"path": "parties", "where": raw, "check": raw}}
    assert describe(_CONDITION.validate_python(nested)) == (
        f"for each entry in parties where {wording}, {wording}"
    )


def test_every_builtin_rule_reads_as_plain_english() -> None:
    pack = load_pack(builtin_pack_dir())
    assert pack.rules
    for compiled in pack.rules:
        for cond in (compiled.rule.when, compiled.rule.check):
            if cond is None:
                continue
            text = describe(cond)
            assert text, compiled.rule.id
            # Relative paths read as "its ...", bound names as "the ...".
            assert "@" not in text and "$" not in text, (compiled.rule.id, text)


def test_values_and_patterns_are_quoted_as_written_only_paths_are_phrased() -> None:
    pattern = TypeAdapter(Condition).validate_python(
        {
            "for_each": {
                "path": "parties",
                "as": "party",
                "check": {"matches": {"path": "@.name", "pattern": "^[A-Z]+ Ltd$"}},
            }
        }
    )
    assert (
        describe(pattern)
        == "for each entry in parties, its name matches the pattern '^[A-Z]+ Ltd$'"
    )
    value = TypeAdapter(Condition).validate_python(
        {"equals": {"path": "project.title", "value": "see @.note or $5"}}
    )
    assert describe(value) == "project.title is 'see @.note or $5'"
