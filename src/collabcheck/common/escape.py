"""Making text from a proposal inert before it reaches a terminal, log or report."""

from __future__ import annotations

import unicodedata

# Control, format (zero-width, bidirectional overrides, tags), line and paragraph separators,
# surrogates, private-use and unassigned characters: none of them should reach a reader as-is.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def _shown(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def inert(text: str) -> str:
    """Show unsafe characters as visible escapes such as \\x1b, \\u202e or \\U000e0041."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        _shown(ch) if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text
    )
