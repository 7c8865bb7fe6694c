"""A published document as plain data: headings, paragraphs, lists and tables of text taken from
the proposal, with no markup in any of it. A renderer (render/) escapes every piece of text for
its format, so no builder can forget to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from collabcheck.publish.stamp import Stamp


@dataclass(frozen=True)
class Strong:
    """Text shown in bold, such as a label."""

    text: str


@dataclass(frozen=True)
class Link:
    """A published web address: a link when it is https, else only its text."""

    label: str
    url: str


Piece = str | Strong | Link
Text = tuple[Piece, ...]


@dataclass(frozen=True)
class Paragraph:
    text: Text


@dataclass(frozen=True)
class Items:
    """A bulleted list, one text an item."""

    items: tuple[Text, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]


Block = Paragraph | Items | Table


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Published:
    """One document: its kind (`Executive summary`), the project's title, its sections, the
    stamp in its footer, and, for a draft, why it is not fit to publish."""

    kind: str
    title: str
    sections: tuple[Section, ...]
    stamp: Stamp
    draft: str | None = None  # None: final; else the reason it is a draft


def paragraph(*pieces: Piece) -> Paragraph:
    return Paragraph(pieces)


def items(texts: list[str]) -> Items:
    return Items(tuple((text,) for text in texts))


def table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> Table:
    """A table whose cells are plain text."""
    return Table(header, tuple(tuple((cell,) for cell in row) for row in rows))
