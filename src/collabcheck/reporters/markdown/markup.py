"""Text made inert for the board report: markdown escaping, table cells, links, mermaid labels."""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Sequence

from collabcheck.common.escape import inert

_BLANK = re.compile(r"\s+")


# Characters that CommonMark or GitHub give a meaning anywhere in a line: escapes, code, emphasis,
# links and images, HTML and entities, tables, strikethrough, headings and maths ("@": _AT).
_MARKUP = re.compile(r"[\\`*_\[\]<>&!|~#$]")


# GitHub's autolink extension (cmark-gfm) turns bare web addresses into links while it reads
# the source: escaping the ":" of "://" and the "." of every "www." (after "_" or "*" too, which
# it accepts before "www.") stops that.
_AUTOLINK = re.compile(r"(?i):(?=//)|(?<=www)\.")

# E-mail addresses, and mailto: and xmpp: ones, it finds afterwards in text whose pieces it has
# joined, so neither "\@" nor "&#64;" stops "someone@example.org" becoming a link. An "@" in a
# code span of its own is a separate piece with no address around it: shown as "@", never a
# link, and never an @mention either. A run of them shares one span ("`@@`"): two spans side by
# side would read as one span holding "``".
_AT = re.compile("@+")


# At the start of a line these would begin a list item, a thematic break or a heading underline.
_LINE_START = re.compile(r"^(?:[-+]|\d{1,9}[.)])(?= |$)|^[-=](?=[-= ]*$)")


def escape(text: str) -> str:
    """Untrusted text as inline markdown that renders exactly as written, on one line."""
    # A board report escapes each rule's title, clause and remediation once per proposal; the
    # cache makes that once per run. Long texts are not kept, so it stays small.
    return _escape_short(text) if len(text) <= 2000 else _escape_text(text)


@functools.lru_cache(maxsize=4096)
def _escape_short(text: str) -> str:
    return _escape_text(text)


def _escape_text(text: str) -> str:
    text = _BLANK.sub(" ", text).strip()
    text = _MARKUP.sub(lambda m: "\\" + m.group(), text)
    text = _AT.sub(lambda m: f"`{m.group()}`", text)
    text = _AUTOLINK.sub(lambda m: "\\" + m.group(), text)
    text = _LINE_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text)
    # After the markdown escapes, so its own backslash sequences (\x1b, \u202e) stay literal.
    return inert(text)


def strong(text: str, empty: str = "(not given)") -> str:
    escaped = escape(text)
    return f"**{escaped}**" if escaped else empty


def or_else(text: str, empty: str = "not given") -> str:
    return escape(text) or empty


def _row(*cells: str) -> str:
    """A table row; each cell must already be escaped."""
    return "| " + " | ".join(cells) + " |"


def table_lines(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    return [_row(*header), _row(*("---" for _ in header)), *(_row(*row) for row in rows), ""]


def link_to(label: str, url: str) -> str:
    """A link to a published source: https addresses only, with everything unusual encoded."""
    if not url.startswith("https://"):
        return ""
    target = urllib.parse.quote(url, safe="/:?=&#%-._~+,;@!$'()*")
    return f"[{escape(label)}](<{target}>)"


# Mermaid keywords that would turn a task line into a directive.
_MERMAID_KEYWORDS = frozenset(
    {
        "gantt",
        "title",
        "section",
        "dateformat",
        "axisformat",
        "tickinterval",
        "todaymarker",
        "includes",
        "excludes",
        "inclusiveenddates",
        "topaxis",
        "weekday",
        "weekend",
        "acctitle",
        "accdescr",
        "click",
    }
)


_MERMAID_UNSAFE = re.compile(r"[^\w .,()/'+-]")


def mermaid_label(text: str) -> str:
    """Keep only characters that Mermaid reads as plain text (no `:`, `;`, `#`, `%`, quotes)."""
    label = _BLANK.sub(" ", _MERMAID_UNSAFE.sub(" ", text)).strip()[:80].strip() or "Event"
    if label.split(" ", 1)[0].lower() in _MERMAID_KEYWORDS:
        label = f"({label})"
    return label
