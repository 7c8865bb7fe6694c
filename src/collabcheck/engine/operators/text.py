"""Operators on the words of a text: mentions."""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Any

from collabcheck.common.yamlpath import YamlPath, format_path
from collabcheck.engine.compile import (
    Checked,
    Compiled,
    Context,
    Item,
    RuleError,
    Verdict,
    all_of,
    compiles,
    decided,
    field_of,
    item_type,
    show,
)
from collabcheck.engine.paths import is_model

# Between the words of a phrase: any run of spaces or hyphens, so "first line" also finds
# "first-line" and a phrase folded across lines.
_GAP = r"[\s\-\x{2010}-\x{2015}]+"

# A proposal's own names make the pattern; a name this long is not a product name.
_MAX_NAME = 200
_MAX_PROGRAM = 200_000


def _phrase(word: str) -> str:
    import re2

    return _GAP.join(re2.escape(part) for part in word.split())


_WORDY = r"\p{L}\p{N}_"

# The ASCII characters that are not part of a word (a letter, digit or underscore).
_ASCII_GAPS = r"\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f"

# The most kinds of character outside ASCII that are not part of a word one list's patterns
# name; texts that hold more are searched with RE2's own Unicode classes.
_MAX_GAP_KINDS = 64

# The pattern that finds a word where one may start, and the one that says whether a word
# followed by a gap or the end starts a text: {0} the gap characters, {1} the words.
_SHAPES = ("(?:^|[{0}])({1})", "^({1})(?:[{0}]|$)")


class _Words:
    """The words as RE2 patterns: `scan(text)` finds each word where a word may start (after a
    character that is not a letter, digit or underscore, or at the start), and `whole(text)`
    says whether a word followed by such a character, or the end, starts a text. `whole` is
    needed only where a word found runs on into a longer one.

    The patterns name the characters that are not part of a word as the ASCII ones and those
    outside ASCII that the texts searched so far hold, rather than with RE2's Unicode letter and
    digit classes: the first pattern that names those classes makes RE2 build their tables,
    which costs a one-proposal run as much as compiling all its other patterns. Most texts are
    ASCII, and the rest hold a few kinds of dash, quote or space; naming a character a text does
    not hold changes nothing. The patterns are compiled again when a text brings a kind not
    named yet; a text that would make the kinds more than _MAX_GAP_KINDS, or that holds a
    character this Python's Unicode tables do not know, gets the classes themselves."""

    __slots__ = ("_body", "_fitted", "_kinds", "_options", "_unicode", "longest")

    def __init__(self, body: str, options: Any, longest: int) -> None:
        self._body = body
        self._options = options
        self.longest = longest
        self._kinds: frozenset[str] = frozenset()  # the gaps outside ASCII the patterns name
        self._fitted: list[Any] = [None, None]  # (scan, whole) naming them, when compiled
        self._unicode: list[Any] = [None, None]  # (scan, whole) with RE2's classes

    def scan(self, text: str) -> Any:
        return self._pattern(text, 0)

    def whole(self, text: str) -> Any:
        return self._pattern(text, 1)

    def _pattern(self, text: str, which: int) -> Any:
        kinds = _gap_kinds(text)
        if kinds is not None and not kinds <= self._kinds:
            if len(kinds | self._kinds) > _MAX_GAP_KINDS:
                kinds = None
            else:
                self._kinds |= kinds
                self._fitted = [None, None]
        patterns = self._unicode if kinds is None else self._fitted
        if patterns[which] is None:
            gap = f"^{_WORDY}" if kinds is None else _ASCII_GAPS + _named(self._kinds)
            patterns[which] = self._compile(_SHAPES[which].format(gap, self._body))
        return patterns[which]

    def _compile(self, pattern: str) -> Any:
        import re2

        try:
            return re2.compile(pattern, self._options)
        except re2.error:
            raise ValueError(_TOO_LARGE) from None


_ASCII_ONLY: frozenset[str] = frozenset()


def _gap_kinds(text: str) -> frozenset[str] | None:
    """The characters of the text outside ASCII that are not part of a word, as RE2's classes
    say under case-insensitive matching; None where this Python cannot tell (a character its
    Unicode tables do not know, which RE2's newer ones may call a letter)."""
    if text.isascii():
        return _ASCII_ONLY
    kinds = [c for c in set(text) if c > "\x7f" and not _wordy(c)]
    for c in kinds:
        if not c.isprintable() and _unknown(c):
            return None
    # Not a lone surrogate, which RE2 cannot name: matching the text refuses it, as before.
    # Not a character whose other cases are a letter (U+0345, whose capital is a Greek iota):
    # under case-insensitive matching RE2 counts it as part of a word.
    return frozenset(c for c in kinds if not _surrogate(c) and not _cased_word(c))


def _unknown(ch: str) -> bool:
    import unicodedata  # only for a text with a character that cannot be printed

    return unicodedata.category(ch) == "Cn"


def _cased_word(ch: str) -> bool:
    return any(map(_wordy, ch.upper() + ch.lower() + ch.casefold()))


def _named(kinds: frozenset[str]) -> str:
    return "".join(f"\\x{{{ord(c):x}}}" for c in sorted(kinds))


def _surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


_TOO_LARGE = "the names to look for make a pattern too large to search"


def _pattern(words: list[str]) -> _Words | None:
    """The words, case-insensitive, longest first so that a phrase wins over a word it starts
    with; None for no words."""
    import re2

    unique = sorted({" ".join(w.replace("-", " ").split()) for w in words if w.strip()})
    if not unique:
        return None
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = 64 << 20
    body = "|".join(_phrase(w) for w in sorted(unique, key=lambda w: (-len(w), w)))
    found = _Words(body, options, 4 * max(len(w) for w in unique) + 8)
    # The pattern for ASCII text, compiled now to refuse words too many to search. The others
    # are the same words with a larger class: the largest, with RE2's Unicode classes, is
    # larger by about 1,500 instructions.
    if found.scan("").programsize > _MAX_PROGRAM:
        raise ValueError(_TOO_LARGE)
    return found


def _mentioned(words: _Words, text: str) -> bool:
    """Whether _found finds any word in the text."""
    for match in words.scan(text).finditer(text):
        start, end = match.start(1), match.end(1)
        if end >= len(text) or not _wordy(text[end]):
            return True
        near = text[start : start + words.longest]
        if words.whole(near).search(near) is not None:
            return True
    return False


def _wordy(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _words_pattern(words: tuple[str, ...]) -> _Words | None:
    return _pattern(list(words))


# Several rules, and each list entry a rule visits, search for the same proposal's names; and
# rules that look for the same words share their pattern.
_names_pattern = functools.lru_cache(maxsize=8)(_words_pattern)
_fixed_pattern = functools.lru_cache(maxsize=64)(_words_pattern)


def _found(words: _Words, text: str) -> list[str]:
    """The words found in the text as whole words, in order, once each. One pass over the
    text; where the longest word at a place runs on into a longer word, the shorter words are
    tried at that place on a short slice."""
    found: list[str] = []
    seen: set[str] = set()
    for match in words.scan(text).finditer(text):
        start, end = match.start(1), match.end(1)
        if end < len(text) and _wordy(text[end]):
            near = text[start : start + words.longest]
            whole = words.whole(near).search(near)
            if whole is None:
                continue
            end = start + len(whole.group(1))
        word = text[start:end]
        if word.casefold() not in seen:
            seen.add(word.casefold())
            found.append(word)
    return found


def _texts(value: Any, at: YamlPath) -> Iterator[tuple[str, YamlPath]]:
    if isinstance(value, str):
        yield value, at
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            if isinstance(entry, str):
                yield entry, (*at, i)


def _names_in(ctx: Context, item: Item, fields: list[str], path: Any) -> list[str]:
    entries, _ = path.find(ctx.data, item)
    names = []
    for entry in entries or []:
        if isinstance(entry, dict):
            for key in fields:
                name = entry.get(key)
                if isinstance(name, str) and 0 < len(name.strip()) <= _MAX_NAME:
                    names.append(name)
    return names


@compiles("mentions")
def _mentions(args: dict[str, Any], scope: Checked, where: YamlPath) -> Compiled:
    path, tp = field_of(scope, args["path"], (*where, "mentions", "path"))
    if (
        scope is not None
        and tp is not str
        and not (typing.get_origin(tp) is list and typing.get_args(tp)[0] is str)
    ):
        raise RuleError(
            f"{args['path']!r} is neither text nor a list of texts", (*where, "mentions", "path")
        )
    words = args.get("words", [])
    if not all(isinstance(w, str) for w in words):
        raise TypeError("the words are not texts")
    fixed = _fixed_pattern(tuple(words)) if words else None
    source = args.get("words_from")
    names_path = None
    fields: list[str] = []
    if source is not None:
        at = (*where, "mentions", "words_from")
        names_path, list_tp = field_of(scope, source["path"], (*at, "path"))
        fields = list(source["fields"])
        if scope is not None:
            _check_fields(item_type(list_tp, names_path, (*at, "path")), source, at)

    # Names from a list at a fixed place are the same for every rule and entry of a proposal.
    memo_key = (
        None
        if names_path is None or names_path.relative
        else ("mentions", names_path.parts, *fields)
    )

    def names_pattern(ctx: Context, item: Item) -> _Words | None:
        if memo_key is not None and memo_key in ctx.memo:
            found: _Words | None = ctx.memo[memo_key]
            return found
        names = _names_pattern(tuple(_names_in(ctx, item, fields, names_path)))
        if memo_key is not None:
            ctx.memo[memo_key] = names
        return names

    def patterns(ctx: Context, item: Item) -> list[_Words]:
        found = [fixed] if fixed is not None else []
        if names_path is not None:
            names = names_pattern(ctx, item)
            if names is not None:
                found.append(names)
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

    def decide(ctx: Context, item: Item) -> tuple[bool, YamlPath]:
        value, at = path.find(ctx.data, item)
        compiled = patterns(ctx, item)
        for text, text_at in _texts(value, at):
            if any(_mentioned(p, text) for p in compiled):
                return True, text_at
        return False, at

    return decided(run, decide)


def _check_fields(entry: Any, source: dict[str, Any], at: YamlPath) -> None:
    """The fields words_from names are text fields of the list's entries."""
    for i, key in enumerate(source["fields"]):
        fields = entry.model_fields if is_model(entry) else {}
        if key not in fields or fields[key].annotation not in (str, str | None):
            raise RuleError(
                f"the entries of {source['path']!r} have no text field {key!r}", (*at, "fields", i)
            )
