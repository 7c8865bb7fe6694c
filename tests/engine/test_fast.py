"""The quick forms of every condition (Compiled.fast, test and decide) must give the full check's
answer (and path), spending the same work budget and raising the same errors, on every rule of
the built-in pack and every example and case."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from collabcheck.config.settings import PackSelection
from collabcheck.engine.compile import Compiled, Context, Scope
from collabcheck.engine.conditions import Condition
from collabcheck.engine.evaluate import CompiledRule
from collabcheck.engine.operators import compile_pair
from collabcheck.engine.operators import lists as list_operators
from collabcheck.loading.inputs import read_text
from collabcheck.loading.yamlload import parse
from collabcheck.proposal.validate import to_proposal
from collabcheck.rulepacks.cases import parse_header
from collabcheck.rulepacks.pack import rules_root
from collabcheck.rulepacks.selection import load_selection

_CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)
ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (rules_root() / "abpi-2024" / "cases").rglob("*.yaml")
)


@functools.cache
def _builtin_rules() -> list[CompiledRule]:
    return load_selection(PackSelection()).rules


def _answer(part: Compiled, data: dict[str, Any], as_of: date, quick: bool) -> tuple[Any, ...]:
    ctx = Context(data, as_of)
    try:
        if quick:
            at = part.fast(ctx, None)
            return at is not None, at, ctx.visits[0]
        verdict = part.check(ctx, None)
        return verdict.ok, verdict.path if verdict.ok else None, ctx.visits[0]
    except (TypeError, ValueError, OverflowError, ArithmeticError) as exc:
        return type(exc), str(exc)


def _form(part: Compiled, form: str, data: dict[str, Any], as_of: date) -> tuple[Any, ...]:
    """What one form of the condition answers (check: its verdict's answer and path), the
    entries it visits, or the error it raises."""
    ctx = Context(data, as_of)
    try:
        if form == "test":
            return part.test(ctx, None), ctx.visits[0]
        if form == "decide":
            return (*part.decide(ctx, None), ctx.visits[0])
        verdict = part.check(ctx, None)
        return verdict.ok, verdict.path, ctx.visits[0]
    except (TypeError, ValueError, OverflowError, ArithmeticError) as exc:
        return type(exc), str(exc)


def _agree(part: Compiled, data: dict[str, Any], as_of: date) -> None:
    assert _answer(part, data, as_of, True) == _answer(part, data, as_of, False)
    full = _form(part, "check", data, as_of)
    assert _form(part, "decide", data, as_of) == full
    answer = full if isinstance(full[0], type) else (full[0], full[2])
    assert _form(part, "test", data, as_of) == answer


def _proposal_data(file: Path) -> tuple[dict[str, Any], date]:
    """An example or case as the rules see it, and the date it is checked on."""
    text = read_text(str(file))
    as_of = parse_header(text, str(file)).as_of if "cases" in file.parts else date(2026, 11, 22)
    proposal = to_proposal(parse(text))
    assert isinstance(proposal, dict)
    return proposal, as_of


def test_the_cases_are_found() -> None:
    assert len(FILES) > 200


@pytest.mark.parametrize("file", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_quick_and_full_answers_agree_for_every_rule(file: Path) -> None:
    data, as_of = _proposal_data(file)
    for compiled in _builtin_rules():
        for part in (compiled.when, compiled.check):
            if part is not None:
                _agree(part, data, as_of)


@functools.cache
def _rules_with_frame_filters() -> list[tuple[Compiled | None, Compiled]]:
    """The built-in rules compiled again with no filter answered from entry values alone
    (entry_test) and no text counted directly (_text_sought): every filter builds frames."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(list_operators, "entry_test", lambda cond, name: None)
        patch.setattr(list_operators, "_text_sought", lambda select, name: None)
        return [
            (
                compile_pair(c.rule.when, Scope(), ()) if c.rule.when else None,
                compile_pair(c.rule.check, Scope(), ()),
            )
            for c in _builtin_rules()
        ]


def _verdict(part: Compiled, data: dict[str, Any], as_of: date) -> tuple[Any, ...]:
    ctx = Context(data, as_of)
    try:
        verdict = part.check(ctx, None)
        return verdict.ok, verdict.path, verdict.detail, verdict.places, ctx.visits[0]
    except (TypeError, ValueError, OverflowError, ArithmeticError) as exc:
        return type(exc), str(exc)


@pytest.mark.parametrize("file", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_filters_answered_from_values_agree_with_filters_over_frames(file: Path) -> None:
    data, as_of = _proposal_data(file)
    for compiled, (when, check) in zip(_builtin_rules(), _rules_with_frame_filters(), strict=True):
        for part, plain in ((compiled.when, when), (compiled.check, check)):
            if part is not None and plain is not None:
                assert _verdict(part, data, as_of) == _verdict(plain, data, as_of)
                assert _answer(part, data, as_of, True) == _answer(plain, data, as_of, True)


DATA: dict[str, Any] = {
    "parties": [
        {"id": "trust", "kind": "nhs_trust", "name": "TBC"},
        {"id": "pharma", "kind": "pharmaceutical_company", "name": "Pharma"},
    ],
    "contributions": [
        {"party": "pharma", "value_gbp": 5.0},
        {"party": "trust", "value_gbp": "lots"},  # compare fails with a TypeError here
        {"party": "ghost", "value_gbp": 9.0},
    ],
}

FAILING_ENTRY = {
    "for_each": {
        "path": "parties",
        "check": {"found_in": {"value": "@.id", "collection": "contributions", "key": "party"}},
    }
}
ERROR_LATER = {
    "for_each": {
        "path": "contributions",
        "check": {"compare": {"path": "@.value_gbp", "less_than": 1}},
    }
}


@pytest.mark.parametrize(
    "condition",
    [
        {"all": [{"present": "parties"}, {"meaningful": "parties"}]},
        {"any": [{"meaningful": "parties"}, {"present": "contributions"}]},
        {"any": [ERROR_LATER, {"present": "parties"}]},
        {"any": [FAILING_ENTRY, {"present": "parties"}]},
        {"not": FAILING_ENTRY},
        {
            "count": {
                "path": "parties",
                "as": "party",
                "where": {
                    "all": [
                        {"one_of": {"path": "@.kind", "values": ["nhs_trust"]}},
                        {
                            "count": {
                                "path": "contributions",
                                "where": {"equals": {"path": "@.party", "value_from": "$party.id"}},
                                "at_least": 1,
                            }
                        },
                    ]
                },
                "at_least": 1,
            }
        },
        {
            "for_each": {
                "path": "parties",
                "where": {"not": {"equals": {"path": "@.id", "value": "pharma"}}},
                "check": {"meaningful": "@.name"},
            }
        },
        {"count": {"path": "contributions", "where": ERROR_LATER, "at_least": 1}},
    ],
)
def test_quick_answers_visit_as_much_and_fail_alike(condition: dict[str, Any]) -> None:
    part = compile_pair(_CONDITION.validate_python(condition), Scope(), ())
    _agree(part, DATA, date(2026, 11, 22))


def test_a_for_each_in_any_still_meets_the_error_of_a_later_entry() -> None:
    condition = {"any": [{"all": [ERROR_LATER]}, {"present": "parties"}]}
    part = compile_pair(_CONDITION.validate_python(condition), Scope(), ())
    with pytest.raises(TypeError):
        part.fast(Context(DATA, date(2026, 11, 22)), None)


@functools.cache
def _negated_rules() -> list[Compiled]:
    """Every rule's check negated: `not` asks the form `decide` of the condition it negates,
    so this checks that form of every part of every rule against the verdicts."""
    return [compile_pair({"not": c.rule.check}, Scope(), ()) for c in _builtin_rules()]


@pytest.mark.parametrize("file", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_form_agrees_for_every_negated_rule(file: Path) -> None:
    data, as_of = _proposal_data(file)
    for part in _negated_rules():
        _agree(part, data, as_of)
