"""Making text from a proposal inert before it reaches a terminal."""

from __future__ import annotations

import re

# C0 and C1 controls (newlines and tabs too: a finding is one line), DEL, and the Unicode
# bidirectional controls that can reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """Show control and bidirectional characters as visible escapes such as \\x1b or \\u202e."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
