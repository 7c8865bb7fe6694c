"""Operators that combine conditions: all, any, not."""

from __future__ import annotations

from typing import Any

from collabcheck.common.yamlpath import YamlPath
from collabcheck.engine.compile import (
    EVALUATION_ERRORS,
    MAX_VISITS,
    Check,
    Checked,
    Compiled,
    Context,
    Item,
    Verdict,
    all_of,
    compiled,
    compiles,
    operator_of,
    places_of,
)
from collabcheck.engine.operators import compile_pair
from collabcheck.results import Places


@compiles("all")
def _all(args: list[Any], scope: Checked, where: YamlPath) -> Compiled:
    parts = [compile_pair(x, scope, (*where, "all", i)) for i, x in enumerate(_parts(args))]
    checks = [p.check for p in parts]
    if len(parts) == 1:  # `all` of one condition is that condition, but for its failing places
        return compiled(run_all(checks), *parts[0][1:])
    # Its path when it holds is the last part's: the parts before it need only say yes or no.
    tests, last = [p.test for p in parts[:-1]], parts[-1].fast
    decides = [p.decide for p in parts]

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        for test in tests:
            if not test(ctx, item):
                return None
        return last(ctx, item)

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        for part in decides:
            ok, at = part(ctx, item)
            if not ok:
                return ok, at
        return ok, at

    every = [*tests, parts[-1].test]

    def test(ctx: Context, item: Item) -> bool:
        for part in every:  # noqa: SIM110 (a loop: all() of a generator is slower)
            if not part(ctx, item):
                return False
        return True

    return compiled(run_all(checks), fast, test, decide)


def run_all(checks: list[Check]) -> Check:
    """The full check of `all`: the first failing part's verdict, with every part that fails."""

    def run(ctx: Context, item: Item) -> Verdict:
        verdict = Verdict(True, (), "")
        for i, check in enumerate(checks):
            verdict = check(ctx, item)
            if not verdict.ok:
                places = [places_of(verdict), *_further(ctx, item, checks[i + 1 :])]
                return Verdict(False, verdict.path, verdict.detail_later, all_of(places))
        return verdict

    return run


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
    except EVALUATION_ERRORS:
        return [("unknown", "the rest of the rule could not be evaluated")]
    finally:
        visits[0], visits[1], visits[2] = deciding, max(visits[0], visits[1]), 0


def _parts(args: list[Any]) -> list[Any]:
    if not (isinstance(args, list) and args):
        raise TypeError("all and any take a list of conditions")
    return args


@compiles("any")
def _any(args: list[Any], scope: Checked, where: YamlPath) -> Compiled:
    parts = [compile_pair(x, scope, (*where, "any", i)) for i, x in enumerate(_parts(args))]
    checks = [p.check for p in parts]
    fasts = [p.fast for p in parts]
    decides = [p.decide for p in parts]

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

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        first: YamlPath | None = None
        for part in decides:
            ok, at = part(ctx, item)
            if ok:
                return ok, at
            if first is None:
                first = at
        assert first is not None  # any has at least one part
        return False, first

    tests = [p.test for p in parts]

    def test(ctx: Context, item: Item) -> bool:
        for part in tests:  # noqa: SIM110 (a loop: any() of a generator is slower)
            if part(ctx, item):
                return True
        return False

    return compiled(run, fast, test, decide)


@compiles("not")
def _not(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    inner = compile_pair(args, scope, (*where, "not"))
    check, test, decide = inner.check, inner.test, inner.decide
    # Where `not: {all: ...}` or `not: {any: ...}` fails is every part that holds, which the
    # part's own verdict does not say.
    unknown = operator_of(args)[0] in ("all", "any", "not")
    places = (
        ("unknown", "the rule fails where a combination of conditions holds") if unknown else None
    )

    def run(ctx: Context, item: Item) -> Verdict:
        verdict = check(ctx, item)
        return Verdict(
            not verdict.ok,
            verdict.path,
            lambda: verdict.detail,
            # Where a condition holds, such as every text that mentions a word, is where its
            # negation fails.
            (places or verdict.places) if verdict.ok else None,
        )

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        ok, at = decide(ctx, item)
        return None if ok else at

    def negated(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        ok, at = decide(ctx, item)
        return not ok, at

    return compiled(run, fast, lambda ctx, item: not test(ctx, item), negated)
