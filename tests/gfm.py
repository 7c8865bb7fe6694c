"""Where GitHub would make a link of text in markdown: a test helper following the autolink
extension of cmark-gfm (extensions/autolink.c), which markdown-it does not implement without
linkify-it, made stricter where that makes the tests stronger.

cmark-gfm finds two kinds of bare link:

- while it parses the source: `http://`, `https://` and `ftp://` at a `:` that is not escaped,
  and `www.` after the start, white space, `*`, `_`, `~` or `(`. Here every unescaped `www.`
  counts, whatever comes before it.
- afterwards, in text whose adjacent pieces it has joined (escapes and entities included): an
  e-mail address (`a@b.org`, and the `mailto:` and `xmpp:` forms), `@` with an address
  character before it and a domain with a dot after it.

GitHub also makes `@name` a mention; that is counted too. Nothing inside a link, a code span or
an autolink in angle brackets counts (markdown-it finds those).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark").enable("table").disable("text_join")
_SOURCE_LINK = re.compile(r"(?i)(?:https?|ftp)://|www\.")
_EMAIL = re.compile(r"[A-Za-z0-9.+_-]@[A-Za-z0-9._-]*\.[A-Za-z0-9]")
_MENTION = re.compile(r"(?<![A-Za-z0-9_`])@[A-Za-z0-9]")


def _runs(children: list[Token], kinds: tuple[str, ...]) -> list[str]:
    """The texts of adjacent children of the given kinds, outside links."""
    runs, current, in_link = [], "", 0
    for child in children:
        if child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        if child.type in kinds and not in_link:
            current += child.content
            continue
        if current:
            runs.append(current)
        current = ""
    if current:
        runs.append(current)
    return runs


def gfm_autolinks(markdown: str) -> list[str]:
    """Every piece of text GitHub would turn into a link or a mention."""
    found: list[str] = []
    for token in _MD.parse(markdown):
        if token.type != "inline" or not token.children:
            continue
        for run in _runs(token.children, ("text",)):  # as written: no escaped character
            found.extend(m.group() for m in _SOURCE_LINK.finditer(run))
        for run in _runs(token.children, ("text", "text_special")):  # as joined
            found.extend(m.group() for m in _EMAIL.finditer(run))
            found.extend(m.group() for m in _MENTION.finditer(run))
    return found
