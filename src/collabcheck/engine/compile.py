"""Conditions -> checked, ready-to-run functions, once per run.

Compiling checks each path against the proposal format, each value against the field's allowed
values, and each pattern with RE2, so a mistake in a rule file is reported when the pack loads,
at its line and column, instead of silently never matching. Conditions are compiled from plain
data (engine/specs.py); a pack read back from the cache passed those checks when it was
stored, and is compiled without them (no scope: the proposal format's models are not needed).

This module holds what every operator shares (verdicts, the scope, rule errors, value checks)
and the COMPILERS registry; each operator family in engine/operators/ registers its compilers
there with @compiles, by operator name, and compiling goes through that package (compile_pair),
whose import registers every family first.
"""

import functools
import operator
import typing
from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from collabcheck.common.records import Record
from collabcheck.common.yamlpath import YamlPath
from collabcheck.engine.paths import (
    FieldPath,
    Frame,
    PathError,
    field_type,
    is_model,
    parse_path,
)
from collabcheck.results import Places

Item = Frame | None


class Verdict:
    """Whether a condition holds, where, and why in words. The words are worked out only when
    something reads them: most verdicts, inside all, for_each and count, never are. For a
    failure, `places` says where it fails when that is more than `path`; for a statement that
    holds, `said` quotes it."""

    __slots__ = ("_detail", "ok", "path", "places", "said")

    def __init__(
        self,
        ok: bool,
        path: YamlPath,
        detail: str | Callable[[], str],
        places: Places | None = None,
        said: str | None = None,
    ) -> None:
        self.ok = ok
        self.path = path
        self._detail = detail
        self.places = places
        # For a statement that holds: what the proposal says, quoted for a person to confirm.
        self.said = said

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


def all_of(places: list[Places]) -> Places:
    return places[0] if len(places) == 1 else ("all", tuple(places))


class Context:
    """One proposal as the rules see it, and what evaluating them keeps while it lasts. A plain
    class with slots rather than a dataclass, which is slower to define at import."""

    __slots__ = ("as_of", "data", "indexes", "memo", "visits")

    data: dict[str, Any]
    as_of: date
    # found_in indexes, built once per proposal: (collection position, key) -> values present
    indexes: dict[tuple[YamlPath, str], frozenset[Any]]
    # What several rules work out alike from the whole proposal, by a key of the operator's
    # (such as the pattern of the proposal's own product names).
    memo: dict[Any, Any]
    # List entries visited by one rule: [while deciding its outcome, while looking for further
    # failing places, 1 while doing the latter]. The two have budgets of their own, so looking
    # further can never change an outcome.
    visits: list[int]

    def __init__(self, data: dict[str, Any], as_of: date) -> None:
        fields: tuple[tuple[str, Any], ...] = (("data", data), ("as_of", as_of), ("indexes", {}))
        for name, value in (*fields, ("memo", {}), ("visits", [0, 0, 0])):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

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


# A check's outcome and its verdict's path, without the words: for `not`, whose path is where
# the condition it negates fails.
Decide = Callable[[Context, Item], tuple[bool, YamlPath]]


class Compiled(Record):
    """One condition in four forms, which give the same answer (and path), visit the same
    entries and raise the same errors: they leave out, in turn, the words and what _further
    does (fast), the path where it fails (decide) and every path (test)."""

    check: Check
    fast: Fast
    test: Test
    decide: Decide


def compiled(
    check: Check,
    fast: Fast | None = None,
    test: Test | None = None,
    decide: Decide | None = None,
) -> Compiled:
    """A condition from the forms it has; each form it does not have is made from another."""
    if fast is None:

        def fast(ctx: Context, item: Item) -> YamlPath | None:
            verdict = check(ctx, item)
            return verdict.path if verdict.ok else None

    if test is None:
        quick = fast

        def test(ctx: Context, item: Item) -> bool:
            return quick(ctx, item) is not None

    if decide is None:

        def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
            verdict = check(ctx, item)
            return verdict.ok, verdict.path

    return Compiled(check, fast, test, decide)


def slow(check: Check) -> Compiled:
    """A check that has no quicker form."""
    return compiled(check)


def decided(check: Check, decide: Decide) -> Compiled:
    """A check whose quicker forms are its answer and path without words (`decide`)."""

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        ok, at = decide(ctx, item)
        return at if ok else None

    def test(ctx: Context, item: Item) -> bool:
        return decide(ctx, item)[0]

    return Compiled(check, fast, test, decide)


def equal_to(get: Callable[[Any, Item], Any], expected: Any) -> Test:
    """equals as a plain yes or no, made direct for the commonest values: text equals only text,
    and true or false is only itself (same)."""
    if isinstance(expected, str):
        return lambda ctx, item: bool(get(ctx.data, item) == expected)
    if isinstance(expected, bool):
        return lambda ctx, item: get(ctx.data, item) is expected
    return lambda ctx, item: same(get(ctx.data, item), expected)


def one_of(get: Callable[[Any, Item], Any], values: list[Any]) -> Test:
    """one_of as a plain yes or no; for texts only, a lookup in them (text equals only text)."""
    if all(isinstance(v, str) for v in values):
        texts = tuple(values)
        return lambda ctx, item: get(ctx.data, item) in texts

    def test(ctx: Context, item: Item) -> bool:
        value = get(ctx.data, item)
        return any(same(value, v) for v in values)

    return test


class RuleError(ValueError):
    """A rule that cannot be compiled; `where` is its path inside the rule file."""

    def __init__(self, message: str, where: YamlPath) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


class Scope(Record):
    """What '@' means where a condition is compiled: the item type of the enclosing list. The
    root is the proposal format's model (None: the Proposal model, imported when first used)."""

    item: Any = None
    root: Any = None
    bindings: Mapping[str, Any] = MappingProxyType({})  # `as:` names -> their item types

    def inner(self, item: Any, name: str | None) -> "Scope":
        bindings = {**self.bindings, name: item} if name else self.bindings
        return Scope(item, self.root, bindings)


# Where a condition is compiled without checks (it passed them before): no scope.
Checked = Scope | None


def inner(scope: Checked, tp: Callable[[], Any], name: str | None) -> Checked:
    """The scope inside a list whose item type `tp` gives; none when there are no checks."""
    return None if scope is None else scope.inner(tp(), name)


# Compiled RE2 program size: ordinary patterns are well under 300; the limit keeps matching
# fast on a 1 MiB proposal.
MAX_PATTERN_PROGRAM = 2000


# List entries one rule may visit in one proposal (for_each and count, nested): a rule that
# would walk a list inside a list of a large proposal is an error, not a hang.
MAX_VISITS = 1_000_000


class TooMuchWork(ValueError):
    pass


# What evaluating a rule may raise on a proposal it cannot be evaluated on: the rule's outcome is
# an error, not the run's. Attribute and lookup errors come only from a rule that skipped the
# checks compiling makes (a tampered pack cache entry): a value of a kind the rule never meets.
EVALUATION_ERRORS = (
    TypeError,
    ValueError,
    OverflowError,
    ArithmeticError,
    AttributeError,
    LookupError,
)


def show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "missing"
    return str(value)


@functools.cache
def _proposal_model() -> Any:
    # Only compiling a rule reads the models (its paths are checked against them), not
    # evaluating one.
    from collabcheck.proposal.model import Proposal

    return Proposal


def field_of(scope: Checked, text: str, where: YamlPath) -> tuple[FieldPath, Any]:
    """The path and the type the proposal format declares at it (None without a scope)."""
    if not isinstance(text, str):
        raise TypeError(f"{text!r} is not a path")
    try:
        path = parse_path(text)
        if scope is None:
            return path, None
        root = _proposal_model() if scope.root is None else scope.root
        return path, field_type(scope.item, path, root, scope.bindings)
    except PathError as exc:
        raise RuleError(str(exc), where) from None


def item_type(tp: Any, path: FieldPath, where: YamlPath) -> Any:
    if typing.get_origin(tp) is not list:
        raise RuleError(f"{path.text!r} is not a list", where)
    return typing.get_args(tp)[0]


def leaf(tp: Any) -> Any:
    """The Python type a value of this field has once loaded (for Literal, its values' type)."""
    if typing.get_origin(tp) is typing.Literal:
        return type(typing.get_args(tp)[0])
    return tp


def same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


VALUE_KINDS: dict[Any, str] = {str: "text", bool: "bool", int: "number", float: "number"}


KIND_NAMES: dict[Any, str] = {
    str: "text",
    bool: "true/false values",
    int: "numbers",
    float: "numbers",
    date: "dates",
}


def literal_args(tp: Any) -> tuple[Any, ...]:
    return typing.get_args(tp) if typing.get_origin(tp) is typing.Literal else ()


def check_values(tp: Any, values: list[Any], where: YamlPath, text: str) -> None:
    """equals and one_of compare single text, number or true/false fields with values of the
    same type; anything else could never match, so it is a mistake in the rule."""
    if typing.get_origin(tp) is list or is_model(tp):
        raise RuleError(
            f"{text!r} holds a list or a section, not a single value: compare one of its "
            "fields, or use count or for_each",
            where,
        )
    kind = VALUE_KINDS.get(leaf(tp))
    if kind is None:
        raise RuleError(
            f"{text!r} holds {KIND_NAMES.get(leaf(tp), 'values')}, which equals and one_of "
            "cannot compare: use the date, compare or length operator",
            where,
        )
    allowed = literal_args(tp)
    for value in values:
        if allowed and not any(same(value, a) for a in allowed):
            names = ", ".join(map(str, allowed))
            raise RuleError(
                f"{value!r} is never a value of {text!r}, which is one of: {names}", where
            )
        if VALUE_KINDS.get(type(value)) != kind:
            raise RuleError(
                f"{text!r} holds {KIND_NAMES[leaf(tp)]}, so {value!r} never matches", where
            )


COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "at_least": operator.ge,
    "at_most": operator.le,
    "more_than": operator.gt,
    "less_than": operator.lt,
    "exactly": operator.eq,
}


def comparison(args: dict[str, Any]) -> tuple[str, float]:
    """The one comparison a bound gives (compare, length, count): its name and number."""
    (key,) = (k for k in COMPARISONS if args.get(k) is not None)
    value = args[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{key} is not a number")
    return key, float(value)


def operator_of(cond: Any) -> tuple[str, Any]:
    """A condition's operator and its arguments."""
    ((name, args),) = cond.items()
    return name, args


# Every operator's compiler, by the operator's name. The operator families in
# engine/operators/ add theirs when they are imported; that package imports them all.
COMPILERS: dict[str, Callable[[Any, Checked, YamlPath], Compiled]] = {}

_Compiler = Callable[[Any, "Checked", YamlPath], "Compiled"]


def compiles(name: str) -> Callable[[_Compiler], _Compiler]:
    """Register the decorated function as the compiler of the operator `name`: it is given the
    operator's arguments as plain data."""

    def register(compiler: _Compiler) -> _Compiler:
        COMPILERS[name] = compiler
        return compiler

    return register
