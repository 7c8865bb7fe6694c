"""A published document as markdown: every piece of text escaped with the board report's
escaping (reporters/markdown/markup.py), so that text from the proposal cannot make a link, a
heading, HTML, a list or a table of its own."""

from __future__ import annotations

from collabcheck.publish.document import (
    Block,
    Items,
    Link,
    Paragraph,
    Piece,
    Published,
    Strong,
    Text,
)
from collabcheck.reporters.markdown.markup import escape, link_to, table_lines


def _plain(text: str) -> str:
    """Escaped text, keeping a space at either end: pieces are written side by side."""
    escaped = escape(text)
    before = " " if text[:1].isspace() and escaped else ""
    after = " " if text[-1:].isspace() and escaped else ""
    return f"{before}{escaped}{after}"


def _piece(piece: Piece) -> str:
    if isinstance(piece, Strong):
        escaped = escape(piece.text)
        return f"**{escaped}**{' ' if piece.text[-1:].isspace() else ''}" if escaped else ""
    if isinstance(piece, Link):
        return link_to(piece.label, piece.url) or _plain(piece.label)
    return _plain(piece)


def _text(text: Text) -> str:
    return "".join(_piece(p) for p in text).strip()


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [_text(block.text), ""]
    if isinstance(block, Items):
        return [*(f"- {_text(item)}" for item in block.items), ""]
    header = tuple(escape(h) for h in block.header)
    return table_lines(header, [tuple(_text(cell) or " " for cell in row) for row in block.rows])


DRAFT = "DRAFT"


def render(document: Published) -> str:
    lines = [f"# {escape(document.kind)}: {escape(document.title)}", ""]
    if document.draft is not None:
        lines += [f"> **{DRAFT}: not for publication.** {escape(document.draft)}", ""]
    for section in document.sections:
        lines += [f"## {escape(section.heading)}", ""]
        for block in section.blocks:
            lines += _block(block)
    lines += ["---", ""]
    if document.draft is not None:
        lines += [f"**{DRAFT}**", ""]
    lines += [f"- **{escape(label)}:** {escape(value)}" for label, value in document.stamp.lines()]
    return "\n".join(lines) + "\n"
