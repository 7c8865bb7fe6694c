"""Conditions -> checked, ready-to-run functions, once per run.

Compiling checks each path against the proposal format, each value against the field's allowed
values, and each pattern with RE2, so a mistake in a rule file is reported when the pack loads,
at its line and column, instead of silently never matching.
"""

from __future__ import annotations

import operator
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from pydantic import BaseModel

from collabcheck.common.dates import shift
from collabcheck.common.yamlpath import YamlPath, format_path
from collabcheck.engine import conditions as c
from collabcheck.engine.describe import describe_date_ref
from collabcheck.engine.paths import (
    FieldPath,
    Frame,
    PathError,
    field_type,
    parse_path,
    value_at,
    walk,
)
from collabcheck.proposal.model import Proposal
from collabcheck.proposal.types import is_placeholder
from collabcheck.results import Places

Item = Frame | None


class Verdict:
    """Whether a condition holds, where, and why in words. The words are worked out only when
    something reads them: most verdicts, inside all, for_each and count, never are. For a
    failure, `places` says where it fails when that is more than `path`."""

    __slots__ = ("_detail", "ok", "path", "places")

    def __init__(
        self,
        ok: bool,
        path: YamlPath,
        detail: str | Callable[[], str],
        places: Places | None = None,
    ) -> None:
        self.ok = ok
        self.path = path
        self._detail = detail
        self.places = places

    @property
    def detail(self) -> str:
        detail = self._detail
        if not isinstance(detail, str):
            detail = self._detail = detail()
        return detail

    def detail_later(self) -> str:
        """The words, for another verdict that gives this one's words as its own."""
        return self.detail


def places_of(verdict: Verdict) -> Places:
    return verdict.places or ("at", verdict.path)


def _all_of(places: list[Places]) -> Places:
    return places[0] if len(places) == 1 else ("all", tuple(places))


@dataclass(frozen=True)
class Context:
    data: dict[str, Any]
    as_of: date
    # found_in indexes, built once per proposal: (collection position, key) -> values present
    indexes: dict[tuple[YamlPath, str], frozenset[Any]] = field(default_factory=dict)
    # List entries visited by one rule: [while deciding its outcome, while looking for further
    # failing places, 1 while doing the latter]. The two have budgets of their own, so looking
    # further can never change an outcome.
    visits: list[int] = field(default_factory=lambda: [0, 0, 0])

    def visit(self, count: int) -> None:
        self.visits[0] += count
        if self.visits[0] > MAX_VISITS:
            raise TooMuchWork(
                f"it looks at more than {MAX_VISITS:,} list entries in this proposal "
                "(a list walked inside another list?)"
            )


Check = Callable[[Context, Item], Verdict]
# A check's outcome without its verdict: the verdict's path when it holds, else None. Most rules
# pass on most proposals, and a passing verdict's words are never read.
Fast = Callable[[Context, Item], YamlPath | None]
Test = Callable[[Context, Item], bool]  # a condition as a plain yes or no
# A where filter as a yes or no about one entry's value, given the item around the list
EntryTest = Callable[[Context, Any, Item], bool]


class Compiled(NamedTuple):
    check: Check
    # The same answer and path as `check`, visiting the same entries and raising the same errors,
    # leaving out only the words and what _further does.
    fast: Fast


def _slow(check: Check) -> Compiled:
    """A check that has no quicker form."""

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        verdict = check(ctx, item)
        return verdict.path if verdict.ok else None

    return Compiled(check, fast)


class RuleError(ValueError):
    """A rule that cannot be compiled; `where` is its path inside the rule file."""

    def __init__(self, message: str, where: YamlPath) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


@dataclass(frozen=True)
class Scope:
    """What '@' means where a condition is compiled: the item type of the enclosing list."""

    item: Any = None
    root: type[BaseModel] = Proposal
    bindings: dict[str, Any] = field(default_factory=dict)  # `as:` names -> their item types

    def inner(self, item: Any, name: str | None) -> Scope:
        bindings = {**self.bindings, name: item} if name else self.bindings
        return Scope(item, self.root, bindings)


# Compiled RE2 program size: ordinary patterns are well under 300; the limit keeps matching
# fast on a 1 MiB proposal.
MAX_PATTERN_PROGRAM = 2000
# List entries one rule may visit in one proposal (for_each and count, nested): a rule that
# would walk a list inside a list of a large proposal is an error, not a hang.
MAX_VISITS = 1_000_000


class TooMuchWork(ValueError):
    pass


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "missing"
    return str(value)


def _field(scope: Scope, text: str, where: YamlPath) -> tuple[FieldPath, Any]:
    try:
        path = parse_path(text)
        return path, field_type(scope.item, path, scope.root, scope.bindings)
    except PathError as exc:
        raise RuleError(str(exc), where) from None


def _item_type(tp: Any, path: FieldPath, where: YamlPath) -> Any:
    if typing.get_origin(tp) is not list:
        raise RuleError(f"{path.text!r} is not a list", where)
    return typing.get_args(tp)[0]


def _leaf(tp: Any) -> Any:
    """The Python type a value of this field has once loaded (for Literal, its values' type)."""
    if typing.get_origin(tp) is typing.Literal:
        return type(typing.get_args(tp)[0])
    return tp


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


_KIND: dict[Any, str] = {str: "text", bool: "bool", int: "number", float: "number"}
_KIND_NAMES: dict[Any, str] = {
    str: "text",
    bool: "true/false values",
    int: "numbers",
    float: "numbers",
    date: "dates",
}


def _literal_args(tp: Any) -> tuple[Any, ...]:
    return typing.get_args(tp) if typing.get_origin(tp) is typing.Literal else ()


def _check_values(tp: Any, values: list[Any], where: YamlPath, text: str) -> None:
    """equals and one_of compare single text, number or true/false fields with values of the
    same type; anything else could never match, so it is a mistake in the rule."""
    if typing.get_origin(tp) is list or (isinstance(tp, type) and issubclass(tp, BaseModel)):
        raise RuleError(
            f"{text!r} holds a list or a section, not a single value: compare one of its "
            "fields, or use count or for_each",
            where,
        )
    kind = _KIND.get(_leaf(tp))
    if kind is None:
        raise RuleError(
            f"{text!r} holds {_KIND_NAMES.get(_leaf(tp), 'values')}, which equals and one_of "
            "cannot compare: use the date, compare or length operator",
            where,
        )
    allowed = _literal_args(tp)
    for value in values:
        if allowed and not any(_same(value, a) for a in allowed):
            names = ", ".join(map(str, allowed))
            raise RuleError(
                f"{value!r} is never a value of {text!r}, which is one of: {names}", where
            )
        if _KIND.get(type(value)) != kind:
            raise RuleError(
                f"{text!r} holds {_KIND_NAMES[_leaf(tp)]}, so {value!r} never matches", where
            )


_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "at_least": operator.ge,
    "at_most": operator.le,
    "more_than": operator.gt,
    "less_than": operator.lt,
    "exactly": operator.eq,
}


def _compare(op: str, left: float, right: float) -> bool:
    return _COMPARISONS[op](left, right)


# --- one compiler per operator ------------------------------------------------------------------


def _empty(value: Any) -> bool:
    return value is None or value in ([], {}) or (isinstance(value, str) and not value.strip())


def _present(cond: c.Present, scope: Scope, where: YamlPath) -> Compiled:
    path, _ = _field(scope, cond.present, (*where, "present"))

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        empty = _empty(value)
        state = "is missing" if value is None else "is empty" if empty else "is given"
        return Verdict(not empty, at, lambda: f"{format_path(at)} {state}")

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        value, at = path.find(ctx.data, item)
        return None if _empty(value) else at

    return Compiled(run, fast)


def _gap(value: Any) -> str | None:
    """Why a value itself is not meaningful (missing, empty or a placeholder), if it is not."""
    if value is None:
        return "is missing"
    if _empty(value):
        return "is empty"
    if isinstance(value, str) and is_placeholder(value):
        return "is a placeholder (such as TBC, N/A or lorem ipsum)"
    return None


def _parts(value: Any) -> list[tuple[str | int, Any]]:
    """What must be meaningful in turn: a list's entries, a statement and who made it."""
    if isinstance(value, list):
        return list(enumerate(value))
    if isinstance(value, dict):
        return [(key, value.get(key)) for key in ("statement", "by") if key in value]
    return []


def _gaps(value: Any, at: YamlPath) -> Iterator[tuple[str, YamlPath]]:
    """Why a value is not meaningful and where, for each such place in it."""
    why = _gap(value)
    if why is not None:
        yield why, at
        return
    for key, part in _parts(value):
        yield from _gaps(part, (*at, key))


def _meaningful(cond: c.Meaningful, scope: Scope, where: YamlPath) -> Compiled:
    path, _ = _field(scope, cond.meaningful, (*where, "meaningful"))

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        gaps = list(_gaps(value, at))
        if not gaps:
            return Verdict(True, at, lambda: f"{format_path(at)} is given")
        state, gap_at = gaps[0]
        places = _all_of([("at", p) for _, p in gaps]) if len(gaps) > 1 else None
        return Verdict(False, gap_at, lambda: f"{format_path(gap_at)} {state}", places)

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        value, at = path.find(ctx.data, item)
        return None if next(_gaps(value, at), None) else at

    return Compiled(run, fast)


def _equals(cond: c.Equals, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.equals
    path, tp = _field(scope, args.path, (*where, "equals", "path"))
    if args.value_from is None:
        _check_values(tp, [args.value], (*where, "equals", "value"), args.path)
        expected = args.value

        def run(ctx: Context, item: Item) -> Verdict:
            value, at = path.find(ctx.data, item)
            return Verdict(
                _same(value, expected), at, lambda: f"{format_path(at)} is {_show(value)}"
            )

        def fast(ctx: Context, item: Item) -> YamlPath | None:
            value, at = path.find(ctx.data, item)
            return at if _same(value, expected) else None

        return Compiled(run, fast)
    other, other_tp = _field(scope, args.value_from, (*where, "equals", "value_from"))
    kinds = {_KIND.get(_leaf(t), _KIND_NAMES.get(_leaf(t))) for t in (tp, other_tp)}
    if len(kinds) != 1 or None in kinds or typing.get_origin(tp) is list:
        raise RuleError(
            f"{args.path!r} and {args.value_from!r} hold different kinds of value, so they "
            "never match",
            (*where, "equals", "value_from"),
        )

    def run_fields(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        compared, compared_at = other.find(ctx.data, item)
        ok = value is not None and _same(value, compared)
        relation = "the same as" if ok else "not the same as"
        return Verdict(
            ok,
            at,
            lambda: (
                f"{format_path(at)} is {_show(value)}, {relation} {format_path(compared_at)} "
                f"({_show(compared)})"
            ),
        )

    def fast_fields(ctx: Context, item: Item) -> YamlPath | None:
        value, at = path.find(ctx.data, item)
        compared, _ = other.find(ctx.data, item)
        return at if value is not None and _same(value, compared) else None

    return Compiled(run_fields, fast_fields)


def _one_of(cond: c.OneOf, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.one_of
    path, tp = _field(scope, args.path, (*where, "one_of", "path"))
    _check_values(tp, list(args.values), (*where, "one_of", "values"), args.path)

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        ok = any(_same(value, v) for v in args.values)
        return Verdict(ok, at, lambda: f"{format_path(at)} is {_show(value)}")

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        value, at = path.find(ctx.data, item)
        return at if any(_same(value, v) for v in args.values) else None

    return Compiled(run, fast)


def _compare_op(cond: c.Compare, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.compare
    path, tp = _field(scope, args.path, (*where, "compare", "path"))
    if tp not in (int, float):
        raise RuleError(f"{args.path!r} is not a number field", (*where, "compare", "path"))
    op, bound = args.comparison

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        ok = value is not None and _compare(op, value, bound)
        return Verdict(ok, at, lambda: f"{format_path(at)} is {_show(value)}")

    return _slow(run)


def _length(cond: c.Length, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.length
    path, tp = _field(scope, args.path, (*where, "length", "path"))
    if tp is not str and typing.get_origin(tp) is not list:
        raise RuleError(f"{args.path!r} is neither text nor a list", (*where, "length", "path"))
    op, bound = args.comparison

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        size = len(value) if value is not None else 0
        unit = "characters" if tp is str else "items"
        return Verdict(
            _compare(op, size, bound), at, lambda: f"{format_path(at)} has {size} {unit}"
        )

    return _slow(run)


def _over_list(
    scope: Scope, text: str, name: str | None, select: c.Condition | None, where: YamlPath
) -> tuple[FieldPath, Scope, Test | None, EntryTest | None]:
    """A list field, the scope of its items, and the compiled `where` filter if there is one,
    also as a test of an entry's value when it needs nothing else (see entry_test)."""
    path, tp = _field(scope, text, (*where, "path"))
    inner = scope.inner(_item_type(tp, path, (*where, "path")), name)
    filter_ = compile_test(select, inner, (*where, "where")) if select else None
    return path, inner, filter_, entry_test(select, name) if select else None


def _count(cond: c.Count, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.count
    path, _, where_check, by_value = _over_list(
        scope, args.path, args.as_, args.where, (*where, "count")
    )
    op, bound = args.comparison
    text = _text_sought(args.where, args.as_)
    one_will_do = by_value if text is None and (op, bound) == ("at_least", 1) else None
    holds = _COMPARISONS[op]

    def entries(ctx: Context, item: Item) -> tuple[list[Any], YamlPath]:
        items, at = path.find(ctx.data, item)
        items = items or []
        ctx.visit(len(items))
        return items, at

    def counted(ctx: Context, item: Item) -> tuple[int, YamlPath]:
        items, at = entries(ctx, item)
        if text is not None and type(items) is list:
            return items.count(text), at  # only text equals text, as in _same
        if by_value:
            return sum(1 for v in items if by_value(ctx, v, item)), at
        if where_check:
            found = sum(
                1
                for i, v in enumerate(items)
                if where_check(ctx, Frame(v, (*at, i), args.as_, item))
            )
            return found, at
        return len(items), at

    def run(ctx: Context, item: Item) -> Verdict:
        found, at = counted(ctx, item)
        label = "matching entries" if where_check else "entries"
        return Verdict(holds(found, bound), at, lambda: f"{format_path(at)} has {found} {label}")

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        if one_will_do is None:
            found, at = counted(ctx, item)
            return at if holds(found, bound) else None
        items, at = entries(ctx, item)  # it neither visits nor fails: the first match decides
        return at if any(one_will_do(ctx, v, item) for v in items) else None

    return Compiled(run, fast)


def _text_sought(select: c.Condition | None, name: str | None) -> str | None:
    """The text of a filter `equals: {path: "@", value: <text>}`, the commonest count."""
    if not isinstance(select, c.Equals) or select.equals.value_from is not None:
        return None
    path, value = parse_path(select.equals.path), select.equals.value
    entry = path.relative and not path.parts and path.binding in (None, name)
    return value if entry and isinstance(value, str) else None


def _matches(cond: c.Matches, scope: Scope, where: YamlPath) -> Compiled:
    import re2  # imported only by packs that use patterns

    args = cond.matches
    path, tp = _field(scope, args.path, (*where, "matches", "path"))
    if tp is not str:
        raise RuleError(f"{args.path!r} is not a text field", (*where, "matches", "path"))
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 8 << 20
    try:
        pattern = re2.compile(args.pattern, options)
    except re2.error as exc:
        message = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise RuleError(f"invalid pattern: {message}", (*where, "matches", "pattern")) from None
    if pattern.programsize > MAX_PATTERN_PROGRAM:
        raise RuleError(
            f"the pattern is too complex ({pattern.programsize:,} steps once compiled; the "
            f"limit is {MAX_PATTERN_PROGRAM:,}): simplify it or split it into several rules",
            (*where, "matches", "pattern"),
        )

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        ok = isinstance(value, str) and pattern.search(value) is not None
        return Verdict(ok, at, lambda: f"{format_path(at)} is {_show(value)}")

    return _slow(run)


def add_offset(day: date, offset: c.Offset | None) -> date:
    if offset is None:
        return day
    return shift(day, years=offset.years, months=offset.months, days=offset.days)


_DATE_TESTS: dict[str, Callable[[date, date], bool]] = {
    "before": operator.lt,
    "on_or_before": operator.le,
    "after": operator.gt,
    "on_or_after": operator.ge,
}


def _date(cond: c.DateCompare, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.date
    path = None
    if args.path is not None:
        path, tp = _field(scope, args.path, (*where, "date", "path"))
        if tp is not date:
            raise RuleError(f"{args.path!r} is not a date field", (*where, "date", "path"))
    op, ref = args.comparison
    ref_path = None
    if ref.path is not None:
        ref_path, ref_tp = _field(scope, ref.path, (*where, "date", op, "path"))
        if ref_tp is not date:
            raise RuleError(f"{ref.path!r} is not a date field", (*where, "date", op, "path"))
    test = _DATE_TESTS[op]
    ref_name = describe_date_ref(ref)

    def run(ctx: Context, item: Item) -> Verdict:
        other, ref_at = ref_path.find(ctx.data, item) if ref_path else (ref.day, ())
        if ref_path is None and ref.day is None:
            other = ctx.as_of
        if path is None:  # the --as-of date is compared; the reference field is what matters
            value, at, name = ctx.as_of, ref_at, "the --as-of date"
        else:
            value, at = path.find(ctx.data, item)
            name = ""  # the field's path, written out only if the words are read
        if value is None:
            return Verdict(False, at, lambda: f"{name or format_path(at)} is missing")
        if other is None:
            return Verdict(
                False, at, lambda: f"{ref_name} cannot be worked out: {ref.path} is missing"
            )
        if ref.to_year_end:
            other = date(other.year, 12, 31)
        target = add_offset(other, ref.plus)
        ok = test(value, target)
        relation = op.replace("_", " ") if ok else f"not {op.replace('_', ' ')}"
        return Verdict(
            ok,
            at,
            lambda: f"{name or format_path(at)} is {value}, {relation} {ref_name} ({target})",
        )

    return _slow(run)


def _all(cond: c.AllOf, scope: Scope, where: YamlPath) -> Compiled:
    parts = [compile_pair(x, scope, (*where, "all", i)) for i, x in enumerate(cond.all)]
    checks = [p.check for p in parts]
    fasts = [p.fast for p in parts]

    def run(ctx: Context, item: Item) -> Verdict:
        verdict = Verdict(True, (), "")
        for i, check in enumerate(checks):
            verdict = check(ctx, item)
            if not verdict.ok:
                places = [places_of(verdict), *_further(ctx, item, checks[i + 1 :])]
                return Verdict(False, verdict.path, verdict.detail_later, _all_of(places))
        return verdict

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        at: YamlPath | None = ()
        for part in fasts:
            at = part(ctx, item)
            if at is None:
                return None
        return at

    return Compiled(run, fast)


def _further(ctx: Context, item: Item, checks: list[Check]) -> list[Places]:
    """Where the rest of a failing all: also fails, so that a waiver limited to one place cannot
    cover failures elsewhere. The outcome is already settled: an error or the work budget here
    only makes the answer unknown."""
    visits = ctx.visits
    if visits[2]:  # already looking further, on the same budget
        return [places_of(v) for v in (check(ctx, item) for check in checks) if not v.ok]
    if visits[1] > MAX_VISITS:
        return [("unknown", "too much work to find every failing place")]
    deciding, visits[0], visits[2] = visits[0], visits[1], 1
    try:
        return [places_of(v) for v in (check(ctx, item) for check in checks) if not v.ok]
    except (TypeError, ValueError, OverflowError, ArithmeticError):
        return [("unknown", "the rest of the rule could not be evaluated")]
    finally:
        visits[0], visits[1], visits[2] = deciding, max(visits[0], visits[1]), 0


def _any(cond: c.AnyOf, scope: Scope, where: YamlPath) -> Compiled:
    parts = [compile_pair(x, scope, (*where, "any", i)) for i, x in enumerate(cond.any)]
    checks = [p.check for p in parts]
    fasts = [p.fast for p in parts]

    def run(ctx: Context, item: Item) -> Verdict:
        failed = []
        for check in checks:
            verdict = check(ctx, item)
            if verdict.ok:
                return verdict
            failed.append(verdict)
        places = ("any", tuple(map(places_of, failed))) if len(failed) > 1 else failed[0].places
        return Verdict(False, failed[0].path, lambda: "; ".join(v.detail for v in failed), places)

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        for part in fasts:
            at = part(ctx, item)
            if at is not None:
                return at
        return None

    return Compiled(run, fast)


def _not(cond: c.Not, scope: Scope, where: YamlPath) -> Compiled:
    check = compile_condition(cond.not_, scope, (*where, "not"))
    # Where `not: {all: ...}` or `not: {any: ...}` fails is every part that holds, which the
    # part's own verdict does not say.
    unknown = isinstance(cond.not_, c.AllOf | c.AnyOf | c.Not)
    places = (
        ("unknown", "the rule fails where a combination of conditions holds") if unknown else None
    )

    def run(ctx: Context, item: Item) -> Verdict:
        verdict = check(ctx, item)
        return Verdict(
            not verdict.ok, verdict.path, lambda: verdict.detail, places if verdict.ok else None
        )

    return _slow(run)


def _for_each(cond: c.ForEach, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.for_each
    path, inner, select, by_value = _over_list(
        scope, args.path, args.as_, args.where, (*where, "for_each")
    )
    check, check_fast = compile_pair(args.check, inner, (*where, "for_each", "check"))
    if by_value:
        select = None

    def selected(ctx: Context, item: Item, items: list[Any], at: YamlPath) -> Iterator[Frame]:
        for i, value in enumerate(items):
            if by_value and not by_value(ctx, value, item):
                continue
            entry = Frame(value, (*at, i), args.as_, item)
            if select is None or select(ctx, entry):
                yield entry

    def run(ctx: Context, item: Item) -> Verdict:
        items, at = path.find(ctx.data, item)
        ctx.visit(len(items or []))
        failures = []
        checked = 0
        for entry in selected(ctx, item, items or [], at):
            checked += 1
            verdict = check(ctx, entry)
            if not verdict.ok:
                failures.append(verdict)
        if failures:
            more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
            first = failures[0]
            places = _all_of([places_of(f) for f in failures])
            return Verdict(False, first.path, lambda: first.detail + more, places)
        return Verdict(True, at, lambda: f"all {checked} checked entries of {format_path(at)} pass")

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        items, at = path.find(ctx.data, item)
        ctx.visit(len(items or []))
        # Every entry is checked, as run does, so that the work budget and errors are the same.
        passed = [check_fast(ctx, entry) for entry in selected(ctx, item, items or [], at)]
        return None if None in passed else at

    return Compiled(run, fast)


def _hashable(value: Any) -> Any:
    """A set key that keeps true apart from 1, as equals does."""
    if isinstance(value, str | int | float | bool):
        return (type(value) is bool, value)
    return repr(value)


def _found_in(cond: c.FoundIn, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.found_in
    value_path, _ = _field(scope, args.value, (*where, "found_in", "value"))
    coll_path, coll_tp = _field(scope, args.collection, (*where, "found_in", "collection"))
    entry_tp = _item_type(coll_tp, coll_path, (*where, "found_in", "collection"))
    if not (isinstance(entry_tp, type) and issubclass(entry_tp, BaseModel)) or (
        args.key not in entry_tp.model_fields
    ):
        raise RuleError(
            f"the entries of {args.collection!r} have no field {args.key!r}",
            (*where, "found_in", "key"),
        )

    def keys_in(ctx: Context, item: Item) -> tuple[frozenset[Any], YamlPath]:
        entries, coll_at = coll_path.find(ctx.data, item)
        cache_key = (coll_at, args.key)
        if cache_key not in ctx.indexes:
            ctx.indexes[cache_key] = frozenset(
                _hashable(e.get(args.key)) for e in entries or [] if isinstance(e, dict)
            )
        return ctx.indexes[cache_key], coll_at

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = value_path.find(ctx.data, item)
        keys, coll_at = keys_in(ctx, item)
        ok = value is not None and _hashable(value) in keys
        relation = "matches" if ok else "does not match"
        return Verdict(
            ok,
            at,
            lambda: (
                f"{format_path(at)} is {_show(value)}, which {relation} the {args.key} of any "
                f"entry in {format_path(coll_at)}"
            ),
        )

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        value, at = value_path.find(ctx.data, item)
        keys, _ = keys_in(ctx, item)
        return at if value is not None and _hashable(value) in keys else None

    return Compiled(run, fast)


def _in_year(cond: c.InYear, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.in_year
    day_path, day_tp = _field(scope, args.date, (*where, "in_year", "date"))
    year_path, year_tp = _field(scope, args.year, (*where, "in_year", "year"))
    if day_tp is not date:
        raise RuleError(f"{args.date!r} is not a date field", (*where, "in_year", "date"))
    if year_tp is not int:
        raise RuleError(f"{args.year!r} is not a whole-number field", (*where, "in_year", "year"))

    def run(ctx: Context, item: Item) -> Verdict:
        day, at = day_path.find(ctx.data, item)
        year, year_at = year_path.find(ctx.data, item)
        ok = day is not None and year is not None and day.year == year
        relation = "falls in" if ok else "does not fall in"
        return Verdict(ok, year_at, lambda: f"{format_path(at)} ({_show(day)}) {relation} {year}")

    return _slow(run)


COMPILERS: dict[type[Any], Callable[[Any, Scope, YamlPath], Compiled]] = {
    c.Present: _present,
    c.Meaningful: _meaningful,
    c.Equals: _equals,
    c.OneOf: _one_of,
    c.Compare: _compare_op,
    c.Length: _length,
    c.Count: _count,
    c.Matches: _matches,
    c.DateCompare: _date,
    c.AllOf: _all,
    c.AnyOf: _any,
    c.Not: _not,
    c.ForEach: _for_each,
    c.FoundIn: _found_in,
    c.InYear: _in_year,
}


def compile_condition(cond: c.Condition, scope: Scope, where: YamlPath) -> Check:
    return compile_pair(cond, scope, where).check


def compile_pair(cond: c.Condition, scope: Scope, where: YamlPath) -> Compiled:
    return COMPILERS[type(cond)](cond, scope, where)


def compile_test(cond: c.Condition, scope: Scope, where: YamlPath) -> Test:
    """The condition as a plain yes or no, for `where` filters, whose words nobody reads: the
    same answer as the compiled check's `ok`, in the same order, without making verdicts. The
    check is compiled first, so a mistake in the rule is reported exactly as it is there."""
    fast = compile_pair(cond, scope, where).fast
    if isinstance(cond, c.Equals) and cond.equals.value_from is None:
        get, expected = _getter(parse_path(cond.equals.path)), cond.equals.value
        return lambda ctx, item: _same(get(ctx.data, item), expected)
    if isinstance(cond, c.OneOf):
        get, values = _getter(parse_path(cond.one_of.path)), cond.one_of.values

        def one_of(ctx: Context, item: Item) -> bool:
            value = get(ctx.data, item)
            return any(_same(value, v) for v in values)

        return one_of
    if isinstance(cond, c.AllOf | c.AnyOf):
        key, parts = ("all", cond.all) if isinstance(cond, c.AllOf) else ("any", cond.any)
        tests = [compile_test(x, scope, (*where, key, i)) for i, x in enumerate(parts)]
        return _all_or_any(tests, stop=key == "any")
    if isinstance(cond, c.Not):
        test = compile_test(cond.not_, scope, (*where, "not"))
        return lambda ctx, item: not test(ctx, item)
    return lambda ctx, item: fast(ctx, item) is not None


def _all_or_any(tests: list[Callable[..., bool]], stop: bool) -> Callable[..., bool]:
    """all (stop=False) or any (stop=True) of `tests`, asked in order until one answers `stop`."""

    def combined(*args: Any) -> bool:
        for test in tests:
            if test(*args) is stop:
                return stop
        return not stop

    return combined


def _getter(path: FieldPath) -> Callable[[Any, Item], Any]:
    """value_at for one path, with the commonest case, `@` itself, made direct."""
    if path.relative and path.binding is None and not path.parts:
        return lambda data, item: data if item is None else item.value
    return lambda data, item: value_at(data, item, path)


def entry_test(cond: c.Condition, name: str | None) -> EntryTest | None:
    """A where filter over the entries of a list (named `name`) as a test of each entry's value,
    when it only compares values (equals, one_of, and all, any and not of them): then entries
    need no frame and no position. None for any other filter. The answers are compile_test's."""
    if isinstance(cond, c.Equals):
        get = _entry_getter(parse_path(cond.equals.path), name)
        expected = cond.equals.value
        if cond.equals.value_from is not None:
            other = _entry_getter(parse_path(cond.equals.value_from), name)

            def same_fields(ctx: Context, value: Any, outer: Item) -> bool:
                found = get(ctx, value, outer)
                return found is not None and _same(found, other(ctx, value, outer))

            return same_fields
        if isinstance(expected, str):  # _same, made direct: text equals only text
            return lambda ctx, value, outer: bool(get(ctx, value, outer) == expected)
        return lambda ctx, value, outer: _same(get(ctx, value, outer), expected)
    if isinstance(cond, c.OneOf):
        get, values = _entry_getter(parse_path(cond.one_of.path), name), tuple(cond.one_of.values)
        if all(isinstance(v, str) for v in values):
            return lambda ctx, value, outer: get(ctx, value, outer) in values
        return lambda ctx, value, outer: any(_same(get(ctx, value, outer), v) for v in values)
    if isinstance(cond, c.AllOf | c.AnyOf):
        tests = [entry_test(x, name) for x in (cond.all if isinstance(cond, c.AllOf) else cond.any)]
        if any(t is None for t in tests):
            return None
        known = [t for t in tests if t is not None]
        return _all_or_any(known, stop=not isinstance(cond, c.AllOf))
    if isinstance(cond, c.Not):
        test = entry_test(cond.not_, name)
        return None if test is None else lambda ctx, value, outer: not test(ctx, value, outer)
    return None


def _entry_getter(path: FieldPath, name: str | None) -> Callable[[Context, Any, Item], Any]:
    """value_at for a path in a filter over a list's entries named `name`: from the entry's value
    (`@`, `$name`), the document root, or an item around the list (another `$name`)."""
    if path.binding not in (None, name):
        return lambda ctx, value, outer: value_at(ctx.data, outer, path)
    parts = path.parts
    if not path.relative:
        return lambda ctx, value, outer: walk(ctx.data, parts)
    if not parts:
        return _itself
    return lambda ctx, value, outer: walk(value, parts)


def _itself(ctx: Context, value: Any, outer: Item) -> Any:
    return value
