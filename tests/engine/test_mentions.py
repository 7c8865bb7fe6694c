"""The mentions condition: words and the proposal's own names found in its texts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from collabcheck.engine.compile import Context, RuleError, Scope, places_of
from collabcheck.engine.conditions import Condition
from collabcheck.engine.operators import compile_condition

_CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)

PRODUCTS = [
    {"company": "pharma", "brand": "Cardiofix", "generic": "examplesartan"},
    {"company": "pharma", "brand": None, "generic": "démoprazole"},
]


def data(**fields: Any) -> dict[str, Any]:
    return {"products": PRODUCTS, "objectives": [], "benefits": {"industry": []}, **fields}


def verdict(condition: dict[str, Any], proposal: dict[str, Any]) -> Any:
    compiled = compile_condition(_CONDITION.validate_python(condition), Scope(), ("check",))
    return compiled(Context(proposal, date(2026, 11, 22)), None)


NAMES = {
    "mentions": {
        "path": "objectives",
        "words_from": {"path": "products", "fields": ["brand", "generic"]},
    }
}
WORDING = {
    "mentions": {
        "path": "benefits.industry",
        "words": ["formulary", "market share", "first line", "switch"],
    }
}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Increase the use of Cardiofix in the practice", True),
        ("increase CARDIOFIX prescribing", True),  # case does not matter
        ("patients on examplesartan (generic)", True),
        ("Démoprazole reviews", True),  # Unicode case folding
        ("Cardiofixes are not our product", False),  # not inside a longer word
        ("NotCardiofix", False),
        ("Cardiofix_2", False),
        ("Review every patient's medicines", False),
    ],
)
def test_names_from_the_proposal_are_found_as_whole_words(text: str, found: bool) -> None:
    assert verdict(NAMES, data(objectives=["Improve care", text])).ok is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Listing on the formulary", True),
        ("Increase in market  share", True),  # any run of spaces
        ("first-line use", True),  # a space in a word finds a hyphen too
        ("First\nline", True),
        ("a switch-over of treatment", True),
        ("a new switchboard", False),
        ("the formularies committee", False),  # whole words only: variants must be listed
    ],
)
def test_fixed_words_are_found_as_whole_words_and_phrases(text: str, found: bool) -> None:
    assert verdict(WORDING, data(benefits={"industry": [text]})).ok is found


def test_the_verdict_quotes_the_words_and_points_at_the_first_text() -> None:
    result = verdict(
        WORDING,
        data(
            benefits={"industry": ["Better data", "First-line formulary listing", "Market share"]}
        ),
    )
    assert result.ok
    assert result.path == ("benefits", "industry", 1)
    assert result.detail == (
        "benefits.industry[1] mentions 'First-line', 'formulary': 'First-line formulary listing'; "
        "1 more entry too"
    )
    assert places_of(result) == (
        "all",
        (("at", ("benefits", "industry", 1)), ("at", ("benefits", "industry", 2))),
    )


def test_under_not_the_rule_fails_at_every_text_that_mentions_a_word() -> None:
    result = verdict({"not": WORDING}, data(benefits={"industry": ["formulary", "x", "switch"]}))
    assert not result.ok
    assert places_of(result) == (
        "all",
        (("at", ("benefits", "industry", 0)), ("at", ("benefits", "industry", 2))),
    )


def test_no_mention_holds_nowhere_and_says_so() -> None:
    result = verdict(NAMES, data(objectives=["Improve care"]))
    assert not result.ok
    assert result.detail == "objectives mentions none of them"


def test_no_products_means_no_names_to_find() -> None:
    assert not verdict(NAMES, data(products=[], objectives=["Cardiofix"])).ok


def test_a_single_text_field_can_be_searched_inside_for_each() -> None:
    condition = {
        "for_each": {
            "path": "outcomes.measures",
            "check": {"not": {"mentions": {**NAMES["mentions"], "path": "@.name"}}},
        }
    }
    measures = [{"name": "Admissions"}, {"name": "Patients initiated on Cardiofix"}]
    result = verdict(condition, data(outcomes={"measures": measures}))
    assert not result.ok
    assert result.path == ("outcomes", "measures", 1, "name")


def test_text_that_looks_like_a_pattern_is_only_text() -> None:
    products = [{"company": "p", "brand": "A.*(b|c)+$", "generic": None}]
    assert not verdict(NAMES, data(products=products, objectives=["Abc"])).ok
    assert verdict(NAMES, data(products=products, objectives=["use A.*(b|c)+$ daily"])).ok


def test_a_longer_word_that_runs_on_does_not_hide_a_shorter_one_at_the_same_place() -> None:
    condition = {"mentions": {"path": "objectives", "words": ["first line", "first"]}}
    result = verdict(condition, data(objectives=["first lines of enquiry"]))
    assert result.ok
    assert "'first'" in result.detail


def test_near_misses_throughout_a_large_text_are_all_rejected() -> None:
    # One pass over the text (RE2), however many near misses it holds.
    text = "switchboard " * 20_000 + "switch"
    result = verdict(WORDING, data(benefits={"industry": [text]}))
    assert result.ok
    assert "mentions 'switch':" in result.detail


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ({"mentions": {"path": "project.start_date", "words": ["x"]}}, "neither text nor a list"),
        ({"mentions": {"path": "parties", "words": ["x"]}}, "neither text nor a list"),
        (
            {
                "mentions": {
                    "path": "objectives",
                    "words_from": {"path": "products", "fields": ["brnad"]},
                }
            },
            "no text field 'brnad'",
        ),
        (
            {
                "mentions": {
                    "path": "objectives",
                    "words_from": {"path": "project.title", "fields": ["x"]},
                }
            },
            "is not a list",
        ),
    ],
)
def test_mistakes_are_caught_when_compiling(condition: dict[str, Any], words: str) -> None:
    with pytest.raises(RuleError) as caught:
        compile_condition(_CONDITION.validate_python(condition), Scope(), ("check",))
    assert words in caught.value.message


@pytest.mark.parametrize(
    "args",
    [
        {"path": "objectives"},
        {"path": "objectives", "words": []},
        {"path": "objectives", "words": ["  "]},
        {"path": "objectives", "words": ["x"], "typo": 1},
    ],
)
def test_shapes_without_words_are_refused(args: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _CONDITION.validate_python({"mentions": args})


def test_the_whole_word_pattern_is_compiled_only_where_a_word_runs_on() -> None:
    from collabcheck.engine.operators.text import _found, _mentioned, _pattern

    words = _pattern(["switch", "first line"])
    assert words is not None
    assert not _mentioned(words, "no change of treatment")
    assert _found(words, "a switch, then first-line use") == ["switch", "first-line"]
    assert words._fitted[1] is None
    assert not _mentioned(words, "switches and switchover")
    assert words._fitted[1] is not None
    assert _found(words, "switches, then a switch") == ["switch"]


def test_ascii_text_is_searched_without_the_unicode_classes() -> None:
    """RE2 builds its Unicode letter tables for the first pattern that names them: as costly
    as all a pack's other patterns. An ASCII text, or one whose characters outside ASCII are a
    few kinds of dash, quote or space, never needs them."""
    from collabcheck.engine.operators.text import _WORDY, _found, _pattern

    words = _pattern(["switch", "first line"])
    assert words is not None
    assert _found(words, "a switch") == ["switch"]
    assert _found(words, "café\u2013switch\u00a0\u201cfirst line\u201d") == ["switch", "first line"]
    assert _found(words, "éswitch, naïve switch") == ["switch"]
    assert words._kinds == {"\u00a0", "\u2013", "\u201c", "\u201d"}
    assert words._unicode == [None, None]
    assert _WORDY not in words._fitted[0].pattern


def test_too_many_kinds_of_gap_or_an_unknown_character_get_the_unicode_classes() -> None:
    from collabcheck.engine.operators.text import _MAX_GAP_KINDS, _WORDY, _found, _pattern

    words = _pattern(["switch"])
    assert words is not None
    gaps = "".join(chr(0x2190 + i) for i in range(_MAX_GAP_KINDS + 1))  # arrows
    assert _found(words, f"{gaps}switch é{gaps}") == ["switch"]
    assert not _found(words, f"{gaps}éswitch")
    assert _WORDY in words._unicode[0].pattern and not words._kinds
    # A letter of a script newer than this Python's Unicode tables (Kawi, Unicode 15), which
    # RE2 knows, before a word: RE2's classes decide, as they always did.
    assert _found(_pattern(["switch"]), "\U00011f04switch") == []  # type: ignore[arg-type]


def test_a_mark_whose_capital_is_a_letter_is_part_of_a_word() -> None:
    """U+0345 is not a letter, but RE2's case-insensitive classes count it with the iota it
    folds to."""
    from collabcheck.engine.operators.text import _found, _pattern

    words = _pattern(["foo"])
    assert words is not None
    assert _found(words, "\u0345foo") == []
    assert _found(words, "\u03b9foo \u0345") == []
    assert _found(words, "\u2013foo") == ["foo"]


def test_the_patterns_of_a_word_list_are_compiled_once_for_each_new_kind_of_gap() -> None:
    import re2

    from collabcheck.engine.operators.text import _MAX_GAP_KINDS, _found, _pattern

    words = _pattern(["switch"])
    assert words is not None
    compiled = []
    real = re2.compile
    try:
        re2.compile = lambda *args: compiled.append(args[0]) or real(*args)  # type: ignore[assignment]
        for _ in range(3):
            for i in range(5 * _MAX_GAP_KINDS):
                assert _found(words, f"{chr(0x2190 + i)}switch") == ["switch"]
    finally:
        re2.compile = real  # type: ignore[assignment]
    assert len(compiled) == _MAX_GAP_KINDS + 1  # one a new kind, then the Unicode classes
    assert len(words._kinds) == _MAX_GAP_KINDS


_PIECES = [
    *["switch", "switches", "first", "line", "market", "share", "foo", "bar", "n", "a", "x"],
    *[" ", "  ", "-", "\u2011", "\u2013", "\u00a0", "\u3000", "\t", "\n", ".", "/", "_", "1"],
    *[
        "é",
        "\u0301",
        "\u200b",
        "\u2019",
        "\u201c",
        "ΣΩ",
        "σω",
        "İ",
        "ǅ",
        "\u212a",
        "Ⅻ",
        "٣",
        "ﬁ",
        "ß",
    ],
    *["。", "\U0001f600", "\U0001d400", "\x00", "\x7f", "\x80", "\ufffe", "\u0345", "\u03b9"],
]


def test_words_are_found_as_with_the_unicode_classes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The patterns made for a text's own kinds of gap find what the patterns with RE2's
    Unicode classes find, on texts of ASCII, letters, digits, marks, dashes, quotes, spaces,
    and characters outside the Basic Multilingual Plane."""
    import random

    from collabcheck.engine.operators import text as mentions

    rng = random.Random(20)
    lists = [["switch", "first line", "market-share", "n/a", "foo bar", "bar", "a", "ΣΩ"]]
    lists += [rng.sample(lists[0], 3) for _ in range(20)]
    texts = ["".join(rng.choices(_PIECES, k=rng.randint(0, 12))) for _ in range(300)]
    for words in lists:
        fitted, classes = mentions._pattern(words), mentions._pattern(words)
        assert fitted is not None and classes is not None
        with monkeypatch.context() as patched:
            patched.setattr(mentions, "_gap_kinds", lambda text: None)
            expected = [
                (mentions._found(classes, t), mentions._mentioned(classes, t)) for t in texts
            ]
        found = [(mentions._found(fitted, t), mentions._mentioned(fitted, t)) for t in texts]
        assert found == expected
        assert fitted._fitted[0] is not None and fitted._kinds  # the fitted patterns ran
