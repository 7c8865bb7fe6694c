"""The condition vocabulary of rule format v1: a closed set of typed operators.

A condition is a mapping with exactly one key, the operator. Paths are dotted field names from
the proposal root (`governance.summary.published_date`); inside `for_each`, `where` and `count`
a path starting with `@.` is relative to the current list item. docs/rule-format.md documents
each operator. Evaluation lives in engine/compile.py and engine/operators/, so these models
hold data only.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

Scalar = str | int | float | bool
NAME = r"^[a-z_][a-z0-9_]*$"


def _day(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if len(value) == 10 else value
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date (YYYY-MM-DD)") from None
    return value


Day = Annotated[date, BeforeValidator(_day)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Bound(_Strict):
    """Exactly one of the comparisons, against a number."""

    at_least: float | None = None
    at_most: float | None = None
    more_than: float | None = None
    less_than: float | None = None
    exactly: float | None = None

    @model_validator(mode="after")
    def _one(self) -> Bound:
        given = [k for k in _BOUND_KEYS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of: {', '.join(_BOUND_KEYS)}")
        return self

    @property
    def comparison(self) -> tuple[str, float]:
        key = next(k for k in _BOUND_KEYS if getattr(self, k) is not None)
        value: float = getattr(self, key)
        return key, value


_BOUND_KEYS = ("at_least", "at_most", "more_than", "less_than", "exactly")


class Offset(_Strict):
    days: int = 0
    months: int = 0
    years: int = 0


class DateRef(_Strict):
    """A date field, the run's --as-of date or a fixed day; optionally taken to the end of its
    year (`to_year_end`), then moved by an offset (`plus`)."""

    path: str | None = None
    as_of: Literal[True] | None = None
    day: Day | None = None
    to_year_end: bool = False
    plus: Offset | None = None

    @model_validator(mode="after")
    def _one(self) -> DateRef:
        if sum(x is not None for x in (self.path, self.as_of, self.day)) != 1:
            raise ValueError(
                "give exactly one of 'path' (a date field), 'as_of: true' (the run's date) "
                "or 'day' (a fixed date, YYYY-MM-DD)"
            )
        return self


class EqualsArgs(_Strict):
    """Compare a field with a fixed value, or with another field (`value_from`)."""

    path: str
    value: Scalar | None = None
    value_from: str | None = None

    @model_validator(mode="after")
    def _one(self) -> EqualsArgs:
        if (self.value is None) == (self.value_from is None):
            raise ValueError("give either 'value' (a fixed value) or 'value_from' (another field)")
        return self


class OneOfArgs(_Strict):
    path: str
    values: list[Scalar] = Field(min_length=1)


class CompareArgs(Bound):
    path: str


class CountArgs(Bound):
    path: str
    as_: str | None = Field(None, alias="as", pattern=NAME)
    where: Condition | None = None


class MatchesArgs(_Strict):
    path: str
    pattern: str = Field(max_length=1000)


class WordsFrom(_Strict):
    """Words held in the proposal: the given text fields of every entry of a list."""

    path: str
    fields: list[str] = Field(min_length=1)


class MentionsArgs(_Strict):
    """A text (or each text of a list) mentions one of the words, as a whole word or phrase."""

    path: str
    words: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default=[], max_length=200
    )
    words_from: WordsFrom | None = None

    @model_validator(mode="after")
    def _some(self) -> MentionsArgs:
        if not self.words and self.words_from is None:
            raise ValueError("give 'words' (a list of words), 'words_from' (a list field), or both")
        if any(not w.strip() for w in self.words):
            raise ValueError("a word must have something other than spaces in it")
        return self


class DateArgs(_Strict):
    """A date field (`path`) or the run's --as-of date (`as_of: true`), compared with a
    reference date."""

    path: str | None = None
    as_of: Literal[True] | None = None
    before: DateRef | None = None
    on_or_before: DateRef | None = None
    after: DateRef | None = None
    on_or_after: DateRef | None = None

    @model_validator(mode="after")
    def _one(self) -> DateArgs:
        given = [k for k in DATE_OPS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of: {', '.join(DATE_OPS)}")
        if (self.path is None) == (self.as_of is None):
            raise ValueError("give either 'path' (a date field) or 'as_of: true' (the run's date)")
        return self

    @property
    def comparison(self) -> tuple[str, DateRef]:
        key = next(k for k in DATE_OPS if getattr(self, k) is not None)
        ref: DateRef = getattr(self, key)
        return key, ref


DATE_OPS = ("before", "on_or_before", "after", "on_or_after")


class ForEachArgs(_Strict):
    path: str
    as_: str | None = Field(None, alias="as", pattern=NAME)
    where: Condition | None = None
    check: Condition


class InYearArgs(_Strict):
    date: str
    year: str


class FoundInArgs(_Strict):
    value: str
    collection: str
    key: str


class Present(_Strict):
    present: str


class Meaningful(_Strict):
    meaningful: str


class Equals(_Strict):
    equals: EqualsArgs


class OneOf(_Strict):
    one_of: OneOfArgs


class Compare(_Strict):
    compare: CompareArgs


class Length(_Strict):
    length: CompareArgs


class Count(_Strict):
    count: CountArgs


class Matches(_Strict):
    matches: MatchesArgs


class Mentions(_Strict):
    mentions: MentionsArgs


class DateCompare(_Strict):
    date: DateArgs


class AllOf(_Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Strict):
    any: list[Condition] = Field(min_length=1)


class Not(_Strict):
    not_: Condition = Field(alias="not")


class ForEach(_Strict):
    for_each: ForEachArgs


class FoundIn(_Strict):
    found_in: FoundInArgs


class InYear(_Strict):
    in_year: InYearArgs


OPERATORS: dict[str, type[_Strict]] = {
    "present": Present,
    "meaningful": Meaningful,
    "equals": Equals,
    "one_of": OneOf,
    "compare": Compare,
    "length": Length,
    "count": Count,
    "matches": Matches,
    "mentions": Mentions,
    "date": DateCompare,
    "all": AllOf,
    "any": AnyOf,
    "not": Not,
    "for_each": ForEach,
    "found_in": FoundIn,
    "in_year": InYear,
}


def _operator(value: Any) -> str | None:
    if isinstance(value, dict):
        return next(iter(value)) if len(value) == 1 else None
    for name, model in OPERATORS.items():
        if isinstance(value, model):
            return name
    return None


Condition = Annotated[
    Annotated[Present, Tag("present")]
    | Annotated[Meaningful, Tag("meaningful")]
    | Annotated[Equals, Tag("equals")]
    | Annotated[OneOf, Tag("one_of")]
    | Annotated[Compare, Tag("compare")]
    | Annotated[Length, Tag("length")]
    | Annotated[Count, Tag("count")]
    | Annotated[Matches, Tag("matches")]
    | Annotated[Mentions, Tag("mentions")]
    | Annotated[DateCompare, Tag("date")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[ForEach, Tag("for_each")]
    | Annotated[FoundIn, Tag("found_in")]
    | Annotated[InYear, Tag("in_year")],
    Discriminator(
        _operator,
        custom_error_type="condition_shape",
        custom_error_message="a condition is a mapping with exactly one operator",
    ),
]

for _model in (CountArgs, ForEachArgs, AllOf, AnyOf, Not):
    _model.model_rebuild()
