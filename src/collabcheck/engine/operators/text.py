"""Operators on the words of a text: mentions."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from collabcheck.common.yamlpath import YamlPath, format_path
from collabcheck.engine import conditions as c
from collabcheck.engine.compile import (
    Compiled,
    Context,
    Item,
    RuleError,
    Scope,
    Verdict,
    all_of,
    compiles,
    field_of,
    item_type,
    show,
)

# Between the words of a phrase: any run of spaces or hyphens, so "first line" also finds
# "first-line" and a phrase folded across lines.
_GAP = r"[\s\-\x{2010}-\x{2015}]+"

# A proposal's own names make the pattern; a name this long is not a product name.
_MAX_NAME = 200
_MAX_PROGRAM = 200_000


def _phrase(word: str) -> str:
    import re2

    return _GAP.join(re2.escape(part) for part in word.split())


def _pattern(words: list[str]) -> Any:
    """One case-insensitive RE2 pattern for the words, longest first so that a phrase wins over
    a word it starts with; None for no words."""
    import re2

    unique = sorted({" ".join(w.replace("-", " ").split()) for w in words if w.strip()})
    unique = [w for w in unique if w]
    if not unique:
        return None
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = 64 << 20
    body = "|".join(_phrase(w) for w in sorted(unique, key=lambda w: (-len(w), w)))
    try:
        pattern = re2.compile(f"(?:{body})", options)
    except re2.error:
        raise ValueError("the names to look for make a pattern too large to search") from None
    if pattern.programsize > _MAX_PROGRAM:
        raise ValueError("the names to look for make a pattern too large to search")
    return pattern


def _inside_word(text: str, start: int, end: int) -> bool:
    def wordy(ch: str) -> bool:
        return ch.isalnum() or ch == "_"

    return (start > 0 and wordy(text[start - 1])) or (end < len(text) and wordy(text[end]))


def _found(pattern: Any, text: str) -> list[str]:
    """The words of the pattern found in the text on word boundaries, in order, once each."""
    found: list[str] = []
    pos = 0
    while pos <= len(text):
        match = pattern.search(text, pos)
        if match is None:
            break
        start, end = match.start(), match.end()
        if _inside_word(text, start, end):
            pos = start + 1
            continue
        word = text[start:end]
        if word.casefold() not in (w.casefold() for w in found):
            found.append(word)
        pos = end
    return found


def _texts(value: Any, at: YamlPath) -> Iterator[tuple[str, YamlPath]]:
    if isinstance(value, str):
        yield value, at
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            if isinstance(entry, str):
                yield entry, (*at, i)


def _names_in(ctx: Context, item: Item, args: c.WordsFrom, path: Any) -> list[str]:
    entries, _ = path.find(ctx.data, item)
    names = []
    for entry in entries or []:
        if isinstance(entry, dict):
            for key in args.fields:
                name = entry.get(key)
                if isinstance(name, str) and 0 < len(name.strip()) <= _MAX_NAME:
                    names.append(name)
    return names


@compiles(c.Mentions)
def _mentions(cond: c.Mentions, scope: Scope, where: YamlPath) -> Compiled:
    args = cond.mentions
    path, tp = field_of(scope, args.path, (*where, "mentions", "path"))
    if tp is not str and not (typing.get_origin(tp) is list and typing.get_args(tp)[0] is str):
        raise RuleError(
            f"{args.path!r} is neither text nor a list of texts", (*where, "mentions", "path")
        )
    fixed = _pattern(list(args.words)) if args.words else None
    source = args.words_from
    names_path = None
    if source is not None:
        at = (*where, "mentions", "words_from")
        names_path, list_tp = field_of(scope, source.path, (*at, "path"))
        entry = item_type(list_tp, names_path, (*at, "path"))
        for i, key in enumerate(source.fields):
            fields = (
                entry.model_fields
                if isinstance(entry, type) and issubclass(entry, BaseModel)
                else {}
            )
            if key not in fields or fields[key].annotation not in (str, str | None):
                raise RuleError(
                    f"the entries of {source.path!r} have no text field {key!r}", (*at, "fields", i)
                )
    cache: dict[tuple[str, ...], Any] = {}

    def patterns(ctx: Context, item: Item) -> list[Any]:
        found = [fixed] if fixed is not None else []
        if source is not None:
            names = tuple(_names_in(ctx, item, source, names_path))
            if names not in cache:
                cache.clear()  # one proposal's names at a time
                cache[names] = _pattern(list(names))
            if cache[names] is not None:
                found.append(cache[names])
        return found

    def run(ctx: Context, item: Item) -> Verdict:
        value, at = path.find(ctx.data, item)
        compiled = patterns(ctx, item)
        hits = []
        for text, text_at in _texts(value, at):
            words = [w for p in compiled for w in _found(p, text)]
            if words:
                hits.append((text_at, text, words))
        if not hits:
            return Verdict(False, at, lambda: f"{format_path(at)} mentions none of them")
        first_at, first_text, first_words = hits[0]

        def detail() -> str:
            shown = ", ".join(show(w) for w in first_words)
            more = (
                f"; {len(hits) - 1} more {'entry' if len(hits) == 2 else 'entries'} too"
                if len(hits) > 1
                else ""
            )
            return f"{format_path(first_at)} mentions {shown}: {show(first_text)}{more}"

        return Verdict(True, first_at, detail, all_of([("at", h[0]) for h in hits]))

    def fast(ctx: Context, item: Item) -> YamlPath | None:
        verdict = run(ctx, item)
        return verdict.path if verdict.ok else None

    return Compiled(run, fast)
