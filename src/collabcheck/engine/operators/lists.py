"""Operators over a list: count, for_each, found_in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from collabcheck.common.yamlpath import YamlPath, format_path
from collabcheck.engine.compile import (
    COMPARISONS,
    Checked,
    Compiled,
    Context,
    EntryTest,
    Item,
    RuleError,
    Test,
    Verdict,
    all_of,
    comparison,
    compiled,
    compiles,
    field_of,
    inner,
    item_type,
    operator_of,
    places_of,
    show,
)
from collabcheck.engine.operators import compile_pair
from collabcheck.engine.operators.filters import compile_test, entry_test
from collabcheck.engine.paths import (
    FieldPath,
    Frame,
    is_model,
    parse_path,
)


def _over_list(
    scope: Checked, text: str, name: str | None, select: Any, where: YamlPath
) -> tuple[FieldPath, Checked, Test | None, EntryTest | None]:
    """A list field, the scope of its items, and the compiled `where` filter if there is one,
    also as a test of an entry's value when it needs nothing else (see entry_test)."""
    path, tp = field_of(scope, text, (*where, "path"))
    within = inner(scope, lambda: item_type(tp, path, (*where, "path")), name)
    filter_ = compile_test(select, within, (*where, "where")) if select else None
    return path, within, filter_, entry_test(select, name) if select else None


@compiles("count")
def _count(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    name = args.get("as")
    path, _, where_check, by_value = _over_list(
        scope, args["path"], name, args.get("where"), (*where, "count")
    )
    op, bound = comparison(args)
    text = _text_sought(args.get("where"), name)
    one_will_do = by_value if text is None and (op, bound) == ("at_least", 1) else None
    holds = COMPARISONS[op]

    def entries(ctx: Context, item: Item) -> tuple[list[Any], YamlPath]:
        items, at = path.find(ctx.data, item)
        items = items or []
        ctx.visit(len(items))
        return items, at

    def number(ctx: Context, item: Item, items: Any, at: YamlPath) -> int:
        if text is not None and type(items) is list:
            return items.count(text)  # only text equals text, as in same
        if by_value:
            return sum(1 for v in items if by_value(ctx, v, item))
        if where_check:
            return sum(
                1 for i, v in enumerate(items) if where_check(ctx, Frame(v, (*at, i), name, item))
            )
        return len(items)

    def counted(ctx: Context, item: Item) -> tuple[int, YamlPath]:
        items, at = entries(ctx, item)
        return number(ctx, item, items, at), at

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

    # Entries in frames need the list's position; a count of values alone does not.
    get = path.get if where_check is None or by_value is not None else None

    def test(ctx: Context, item: Item) -> bool:
        if get is None:
            return holds(counted(ctx, item)[0], bound)
        items = get(ctx.data, item) or []
        ctx.visit(len(items))
        if one_will_do is not None:
            for value in items:  # noqa: SIM110 (a loop: any() of a generator is slower)
                if one_will_do(ctx, value, item):
                    return True
            return False
        return holds(number(ctx, item, items, ()), bound)

    return compiled(run, fast, test)


def _text_sought(select: Any, name: str | None) -> str | None:
    """The text of a filter `equals: {path: "@", value: <text>}`, the commonest count."""
    if select is None:
        return None
    op, args = operator_of(select)
    if op != "equals" or args.get("value_from") is not None:
        return None
    path, value = parse_path(args["path"]), args.get("value")
    entry = path.relative and not path.parts and path.binding in (None, name)
    return value if entry and isinstance(value, str) else None


@compiles("for_each")
def _for_each(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    name = args.get("as")
    path, within, select, by_value = _over_list(
        scope, args["path"], name, args.get("where"), (*where, "for_each")
    )
    check, _, check_test, check_decide = compile_pair(
        args["check"], within, (*where, "for_each", "check")
    )
    if by_value:
        select = None

    def selected(ctx: Context, item: Item, items: list[Any], at: YamlPath) -> Iterator[Frame]:
        for i, value in enumerate(items):
            if by_value and not by_value(ctx, value, item):
                continue
            entry = Frame(value, (*at, i), name, item)
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
            places = all_of([places_of(f) for f in failures])
            return Verdict(False, first.path, lambda: first.detail + more, places)
        return Verdict(True, at, lambda: f"all {checked} checked entries of {format_path(at)} pass")

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        items, at = path.find(ctx.data, item)
        items = items or []
        ctx.visit(len(items))
        # Every entry is checked, as run does, so that the work budget and errors are the same.
        ok = True
        for i, value in enumerate(items):
            if by_value is not None and not by_value(ctx, value, item):
                continue
            entry = Frame(value, (*at, i), name, item)
            if (select is None or select(ctx, entry)) and not check_test(ctx, entry):
                ok = False
        return at if ok else None

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        items, at = path.find(ctx.data, item)
        ctx.visit(len(items or []))
        failed: YamlPath | None = None
        for entry in selected(ctx, item, items or [], at):
            ok, entry_at = check_decide(ctx, entry)
            if not ok and failed is None:
                failed = entry_at
        return (True, at) if failed is None else (False, failed)

    return compiled(run, fast, lambda ctx, item: fast(ctx, item) is not None, decide)


def _hashable(value: Any) -> Any:
    """A set key that keeps true apart from 1, as equals does."""
    if isinstance(value, str | int | float | bool):
        return (type(value) is bool, value)
    return repr(value)


@compiles("found_in")
def _found_in(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    value_path, _ = field_of(scope, args["value"], (*where, "found_in", "value"))
    collection = args["collection"]
    coll_path, coll_tp = field_of(scope, collection, (*where, "found_in", "collection"))
    key = args["key"]
    if scope is not None:
        _check_key(item_type(coll_tp, coll_path, (*where, "found_in", "collection")), args, where)

    def keys_in(ctx: Context, item: Item) -> tuple[frozenset[Any], YamlPath]:
        entries, coll_at = coll_path.find(ctx.data, item)
        cache_key = (coll_at, key)
        keys = ctx.indexes.get(cache_key)
        if keys is None:
            keys = ctx.indexes[cache_key] = _index(entries, key)
        return keys, coll_at

    # A collection at a fixed place (nearly all): its index is found without its position.
    fixed_key = None if coll_path.relative else (coll_path.parts, key)
    get_entries = coll_path.get

    def keys_only(ctx: Context, item: Item) -> frozenset[Any]:
        if fixed_key is None:
            return keys_in(ctx, item)[0]
        keys = ctx.indexes.get(fixed_key)
        if keys is None:
            keys = ctx.indexes[fixed_key] = _index(get_entries(ctx.data, item), key)
        return keys

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = value_path.find(ctx.data, item)
        keys, coll_at = keys_in(ctx, item)
        ok = value is not None and _hashable(value) in keys
        relation = "matches" if ok else "does not match"
        return Verdict(
            ok,
            at,
            lambda: (
                f"{format_path(at)} is {show(value)}, which {relation} the {key} of any "
                f"entry in {format_path(coll_at)}"
            ),
        )

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        value, at = value_path.find(ctx.data, item)
        keys = keys_only(ctx, item)
        return at if value is not None and _hashable(value) in keys else None

    get = value_path.get

    def test(ctx: Context, item: Item) -> bool:
        value = get(ctx.data, item)
        keys = keys_only(ctx, item)
        return value is not None and _hashable(value) in keys

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        value, at = value_path.find(ctx.data, item)
        keys = keys_only(ctx, item)
        return value is not None and _hashable(value) in keys, at

    return compiled(run, fast, test, decide)


def _index(entries: Any, key: str) -> frozenset[Any]:
    """The values of `key` in the entries of a collection, as found_in looks them up."""
    return frozenset(_hashable(e.get(key)) for e in entries or [] if isinstance(e, dict))


def _check_key(entry_tp: Any, args: dict[str, Any], where: YamlPath) -> None:
    if not (is_model(entry_tp)) or (args["key"] not in entry_tp.model_fields):
        raise RuleError(
            f"the entries of {args['collection']!r} have no field {args['key']!r}",
            (*where, "found_in", "key"),
        )
