"""The plain yes-or-no forms made direct for common shapes (engine/compile.py equal_to and
one_of, values.py _meant, text.py _mentioned) answer exactly as the general code they stand for."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from collabcheck.engine.compile import Context, equal_to, one_of, same
from collabcheck.engine.operators.text import _found, _mentioned, _pattern
from collabcheck.engine.operators.values import _gaps, _meant

VALUES: list[Any] = [
    True, False, 0, 1, 1.0, 2.5, "1", "yes", "", "nhs_trust", None, [], {}, ["yes"],
    {"a": 1}, date(2026, 1, 1), float("nan"),
]  # fmt: skip


def _ctx(value: Any) -> Context:
    return Context({"field": value}, date(2026, 11, 22))


def _get(data: Any, item: Any) -> Any:
    return data["field"]


@pytest.mark.parametrize("expected", [True, False, 1, 0, 1.0, "1", "yes", "nhs_trust", 2.5])
def test_equal_to_answers_as_same(expected: Any) -> None:
    test = equal_to(_get, expected)
    for value in VALUES:
        assert test(_ctx(value), None) is same(value, expected), (value, expected)


@pytest.mark.parametrize(
    "values", [["yes", "nhs_trust"], ["1"], [True], [1, "yes"], [False, 0], [1.0, 2.5]]
)
def test_one_of_answers_as_same(values: list[Any]) -> None:
    test = one_of(_get, values)
    for value in VALUES:
        expected = any(same(value, v) for v in values)
        assert test(_ctx(value), None) is expected, (value, values)


MEANT: list[Any] = [
    *VALUES,
    "TBC", "  ", "n/a", "A real answer", ["fine", "TBC"], ["fine", ["", "x"]],
    {"statement": "It helps", "by": "Dr A"}, {"statement": "TBC", "by": "Dr A"},
    {"statement": "It helps"}, {"by": None, "statement": "x"}, {"other": ""}, [{}], [[]],
]  # fmt: skip


@pytest.mark.parametrize("value", MEANT, ids=repr)
def test_meant_answers_as_gaps(value: Any) -> None:
    assert _meant(value) is (next(_gaps(value, ()), None) is None)


TEXTS = [
    "", "switch", "Switching to Brandex", "a switchboard", "first-line use", "first  line",
    "first\nline therapy", "preferred", "preferredness", "market share", "Brandex-like",
    "xBrandex", "Brandex_2", "the sales team", "salesforce", "é switch", "switché",
]  # fmt: skip


@pytest.mark.parametrize("text", TEXTS)
def test_mentioned_answers_as_found(text: str) -> None:
    for words in (["switch", "switching", "first line", "sales"], ["Brandex", "preferred"]):
        pattern = _pattern(words)
        assert pattern is not None
        assert _mentioned(pattern, text) is bool(_found(pattern, text)), (text, words)
